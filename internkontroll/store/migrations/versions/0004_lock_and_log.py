"""Redovisad i nämnd (stored PDFs), the audit log, gallring marker and kept case count.

The guard triggers are not created here: ``store.guards`` installs the current set after
every upgrade (SPEC § 3.4: batch operations drop triggers).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review") as batch:
        batch.add_column(sa.Column("case_count", sa.Integer(), nullable=True))
    op.create_table(
        "review_lock",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("review_id", sa.Integer(), sa.ForeignKey("review.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("locked_at", sa.String(), nullable=False),
        sa.Column("locked_by", sa.String(), nullable=False),
        sa.Column("reported_by", sa.String(), nullable=False),
        sa.Column("paragraph", sa.String(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("unlocked_at", sa.String(), nullable=True),
        sa.Column("unlocked_by", sa.String(), nullable=True),
        sa.Column("unlock_reason", sa.String(), nullable=True),
    )
    op.create_index("ix_review_lock_review_id", "review_lock", ["review_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("old_value", sa.String(), nullable=True),
        sa.Column("new_value", sa.String(), nullable=True),
        sa.Column("case_level", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_audit_log_review_id", "audit_log", ["review_id"])
    op.create_table(
        "maintenance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reason", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("maintenance")
    op.drop_table("audit_log")
    op.drop_table("review_lock")
    with op.batch_alter_table("review") as batch:
        batch.drop_column("case_count")
