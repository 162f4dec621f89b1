"""A version on every answer, so that a writer who read an older one is refused, not obeyed.

``assessment.version`` starts at 1 for every stored answer and grows by one with each write of
the row (``store.models.Assessment`` makes every UPDATE and DELETE of an answer conditional on
the version it read). The guard triggers are not created here: ``store.guards`` installs the
current set after every upgrade (SPEC § 3.4: the batch copy of ``assessment`` drops them).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("version")
