"""kept findings

Tables that keep the engine's findings between runs (a cache: `app.models.kept`), and the
`fact_changes` table that SQL triggers fill on every change of a table the engine reads. The
triggers themselves are installed by `app.services.kept` (and replaced when the tracked tables
change), which rebuilds every kept finding when it installs them; the downgrade drops them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fact_changes",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_fact_changes")),
    )
    op.create_index(op.f("ix_fact_changes_seq"), "fact_changes", ["seq"], unique=False)
    op.create_table(
        "kept_meta",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_kept_meta")),
    )
    op.create_table(
        "kept_owners",
        sa.Column("owner", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("valid_first", sa.Integer(), nullable=False),
        sa.Column("valid_end", sa.Integer(), nullable=False),
        sa.Column("blockers", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("infos", sa.Integer(), nullable=False),
        sa.Column("bar", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("owner", name=op.f("pk_kept_owners")),
    )
    op.create_index("ix_kept_owners_valid_first", "kept_owners", ["valid_first"], unique=False)
    op.create_index("ix_kept_owners_valid_end", "kept_owners", ["valid_end"], unique=False)
    op.create_table(
        "kept_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("article", sa.String(length=32), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("text_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=64), nullable=True),
        sa.Column("open", sa.Integer(), nullable=False),
        sa.Column("dismissed_reason", sa.Text(), nullable=True),
        sa.Column("dismissal_key", sa.String(length=64), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_findings")),
    )
    op.create_index(op.f("ix_kept_findings_owner"), "kept_findings", ["owner"], unique=False)
    op.create_index(op.f("ix_kept_findings_code"), "kept_findings", ["code"], unique=False)
    op.create_index(op.f("ix_kept_findings_text_id"), "kept_findings", ["text_id"], unique=False)
    op.create_table(
        "kept_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.Integer(), nullable=False),
        sa.Column("zh", sa.Text(), nullable=False),
        sa.Column("en", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_texts")),
        sa.UniqueConstraint("digest", name=op.f("uq_kept_texts_digest")),
    )
    op.create_table(
        "kept_deps",
        sa.Column("dep", sa.String(length=32), nullable=False),
        sa.Column("owner", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("dep", "owner", name=op.f("pk_kept_deps")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_kept_deps_owner"), "kept_deps", ["owner"], unique=False)
    op.create_table(
        "dup_subjects",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "id", name=op.f("pk_dup_subjects")),
    )
    op.create_table(
        "dup_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_dup_terms")),
    )
    op.create_table(
        "dup_postings",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("term", "kind", "id", name=op.f("pk_dup_postings")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "dup_matches",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("found", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "id", name=op.f("pk_dup_matches")),
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        names = bind.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'kept\\_%' ESCAPE '\\'"
        ).scalars().all()  # fmt: skip
        for name in names:
            op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    for table in ("dup_matches", "dup_postings", "dup_terms", "dup_subjects", "kept_deps",
                  "kept_texts", "kept_findings", "kept_owners", "kept_meta", "fact_changes"):  # fmt: skip
        op.drop_table(table)
