"""the regulation read a second time (issue 17)

What the second reading's rules need:
- projects: the procurement method and date (Art 15, CON-PROCURE); the dates of the latest
  等级保护测评 and 密码应用安全性评估 (Art 16, 17, 31, OM-ASSESS); the reason a supervision unit is
  not needed (Art 21 不适用); and 政务云 as yes / no / not recorded (`on_gov_cloud` becomes
  nullable). Existing values are kept as they are: a stored yes or no stays, new projects start
  at "not recorded";
- change_records: the approval of the change, its date and 文号 (Art 22, 23, 34, CON-CHANGE);
- acceptances: the two Art 14 ¶3 review items, system integration and data sharing (ACC-REVIEW);
- rule_settings: office-wide settings the text leaves open (OM-ASSESS's period).

The departments of the technical review (Art 9, APV-REVIEWERS) are document parts of the
evaluation document (part "department"): no column is needed for them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PROCUREMENT = ("open_tender", "invited_tender", "negotiation", "consultation", "single_source",
               "inquiry", "framework", "other")  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.alter_column("on_gov_cloud", existing_type=sa.Boolean(), nullable=True)
        batch_op.add_column(sa.Column("supervision_na_reason", sa.Text(), server_default="", nullable=False))  # fmt: skip
        batch_op.add_column(sa.Column("procurement_method", sa.Enum(*PROCUREMENT, name="procurementmethod", native_enum=False, length=16), nullable=True))  # fmt: skip
        batch_op.add_column(sa.Column("procurement_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("mlps_assessed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("crypto_assessed_on", sa.Date(), nullable=True))
    with op.batch_alter_table("change_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approved_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("approval_number", sa.String(length=100), server_default="", nullable=False))  # fmt: skip
    with op.batch_alter_table("acceptances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewed_integration", sa.Boolean(), server_default=sa.false(), nullable=False))  # fmt: skip
        batch_op.add_column(sa.Column("reviewed_sharing", sa.Boolean(), server_default=sa.false(), nullable=False))  # fmt: skip
    op.create_table(
        "rule_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_settings")),
        sa.UniqueConstraint("key", name=op.f("uq_rule_settings_key")),
    )


def downgrade() -> None:
    op.drop_table("rule_settings")
    with op.batch_alter_table("acceptances", schema=None) as batch_op:
        batch_op.drop_column("reviewed_sharing")
        batch_op.drop_column("reviewed_integration")
    with op.batch_alter_table("change_records", schema=None) as batch_op:
        batch_op.drop_column("approval_number")
        batch_op.drop_column("approved_on")
    # the old schema has no "not recorded": it read as the old default, on the cloud
    op.execute(sa.text("UPDATE projects SET on_gov_cloud = :yes WHERE on_gov_cloud IS NULL").bindparams(yes=True))  # fmt: skip
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("crypto_assessed_on")
        batch_op.drop_column("mlps_assessed_on")
        batch_op.drop_column("procurement_on")
        batch_op.drop_column("procurement_method")
        batch_op.drop_column("supervision_na_reason")
        batch_op.alter_column("on_gov_cloud", existing_type=sa.Boolean(), nullable=False)
