"""Sampling: population fields on cases, the sampling record, saved column mappings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_case") as batch:
        batch.add_column(sa.Column("fields", sa.JSON(), nullable=False, server_default="{}"))
    op.create_table(
        "sampling_record",
        sa.Column("review_id", sa.Integer(), sa.ForeignKey("review.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("algorithm", sa.String(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
    )
    op.create_table(
        "column_mapping",
        sa.Column("signature", sa.String(), primary_key=True),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("column_mapping")
    op.drop_table("sampling_record")
    with op.batch_alter_table("review_case") as batch:
        batch.drop_column("fields")
