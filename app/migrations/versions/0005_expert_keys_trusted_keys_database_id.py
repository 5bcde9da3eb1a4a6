"""expert keys, trusted checkpoint keys, database id

- experts gain the registered public key of the expert (key id, public key, when registered);
  an expert whose returns were merged before gets the key id of the last merged return (the key
  pinned then), so that nothing changes for returns already under way;
- trusted_keys: the checkpoint signing keys the office marked as its own (other DRC
  installations), so that their checkpoints are not reported as unknown;
- database_info: name/value rows that belong to this database file, not to its data (never
  exported or imported): `database_id`, a uuid4 made once, under which every installation
  remembers the audit head it saw last.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:30:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=64), server_default="", nullable=False))  # fmt: skip
        batch_op.add_column(sa.Column("public_key", sa.Text(), server_default="", nullable=False))  # fmt: skip
        batch_op.add_column(sa.Column("key_registered_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_experts_key_id"), ["key_id"], unique=False)
    op.execute(
        "UPDATE experts SET key_id = (SELECT m.issuer_key FROM merged_packages m "
        "WHERE m.expert_id = experts.id AND m.direction = 'back' AND m.issuer_key <> '' "
        "ORDER BY m.id DESC LIMIT 1) "
        "WHERE EXISTS (SELECT 1 FROM merged_packages m WHERE m.expert_id = experts.id "
        "AND m.direction = 'back' AND m.issuer_key <> '')"
    )
    op.create_table(
        "trusted_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("trusted_at", sa.DateTime(), nullable=False),
        sa.Column("trusted_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_keys")),
        sa.UniqueConstraint("key_id", name=op.f("uq_trusted_keys_key_id")),
    )
    info = op.create_table(
        "database_info",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_database_info")),
    )
    op.bulk_insert(info, [{"name": "database_id", "value": str(uuid.uuid4())}])


def downgrade() -> None:
    op.drop_table("database_info")
    op.drop_table("trusted_keys")
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experts_key_id"))
        batch_op.drop_column("key_registered_at")
        batch_op.drop_column("public_key")
        batch_op.drop_column("key_id")
