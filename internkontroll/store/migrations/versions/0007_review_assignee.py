"""Who is assigned to score a review: on a server, a granskare writes only in the reviews it
created or is assigned, and the server refuses the rest (``store.server_schema``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_assignee",
        sa.Column("review_id", sa.Integer(), sa.ForeignKey("review.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("login", sa.String(), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("review_assignee")
