"""package sequences and keys

merged_packages gains the manifest's sequence and the issuer's and recipient's key ids, so that
a rollback (older sequence) and a return signed by another key than the expert's are refused.
Existing rows (unsigned version-1 packages) get 0 and empty keys.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 05:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("merged_packages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("issuer_key", sa.String(length=64), server_default="", nullable=False))  # fmt: skip
        batch_op.add_column(sa.Column("recipient_key", sa.String(length=64), server_default="", nullable=False))  # fmt: skip
        batch_op.create_index(batch_op.f("ix_merged_packages_issuer_key"), ["issuer_key"], unique=False)  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("merged_packages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merged_packages_issuer_key"))
        batch_op.drop_column("recipient_key")
        batch_op.drop_column("issuer_key")
        batch_op.drop_column("sequence")
