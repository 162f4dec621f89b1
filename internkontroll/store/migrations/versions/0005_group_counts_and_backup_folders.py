"""Counts per breakdown group for counts-only reviews, and every backup folder ever used.

- ``review_count`` gains ``group_attribute`` and ``group_value`` (empty for the counts over the
  whole review, which is what every existing row holds), so a gallrad review keeps the
  breakdown counts its documents show (SPEC § 7: identical results).
- ``review_group`` holds the number of cases per group.
- ``backup_folder`` remembers the folders backups were written to, so gallring cleans all of
  them (SPEC § 7.1). It starts with ``backups/`` beside the file, and every folder the
  ``backup_folder`` setting has named, as the audit log recorded them, and the current one.

The guard triggers are not created here: ``store.guards`` installs the current set after
every upgrade (SPEC § 3.4: recreating ``review_count`` drops its triggers).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import os
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_SETTING = "backup_folder"


def _count_table(name: str, grouped: bool) -> None:
    group = [sa.Column("group_attribute", sa.String(), nullable=False, server_default=""),
             sa.Column("group_value", sa.String(), nullable=False, server_default="")]
    op.create_table(
        name,
        sa.Column("review_id", sa.Integer(), sa.ForeignKey("review.id", ondelete="CASCADE"),
                  nullable=False),
        *(group if grouped else []),
        sa.Column("item_key", sa.String(), nullable=False),
        sa.Column("option_key", sa.String(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("review_id", *(["group_attribute", "group_value"] if grouped
                                               else []), "item_key", "option_key"),
    )


def upgrade() -> None:
    # A primary key cannot be altered in SQLite: copy into a new table (foreign keys are off
    # during upgrades, so dropping the old one cascades nothing).
    _count_table("review_count_0005", grouped=True)
    op.execute("INSERT INTO review_count_0005 (review_id, group_attribute, group_value, "
               "item_key, option_key, count) SELECT review_id, '', '', item_key, option_key, "
               "count FROM review_count")
    op.drop_table("review_count")
    op.rename_table("review_count_0005", "review_count")
    op.create_table(
        "review_group",
        sa.Column("review_id", sa.Integer(), sa.ForeignKey("review.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("attribute", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), primary_key=True),
        sa.Column("cases", sa.Integer(), nullable=True),
    )
    folders = op.create_table(
        "backup_folder",
        sa.Column("path", sa.String(), primary_key=True),
        sa.Column("first_used", sa.String(), nullable=False),
        sa.Column("beside", sa.Boolean(), nullable=False),
    )
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return  # a server database is made at this revision or later: no file, no old folders
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = []
    for _, name, file in connection.exec_driver_sql("PRAGMA database_list"):
        if name == "main" and file:  # backups/ beside the file, wherever it is now
            rows.append({"path": os.path.join(os.path.dirname(file), "backups"),
                         "first_used": now, "beside": True})
    seen: dict[str, str] = {}
    for at, old, new in connection.exec_driver_sql(
            "SELECT at, old_value, new_value FROM audit_log WHERE action = 'setting' AND "
            "target = ? ORDER BY id", (_SETTING,)):
        for value in (old, new):
            if value:
                seen.setdefault(value, at)
    for (value,) in connection.exec_driver_sql("SELECT value FROM setting WHERE key = ?",
                                               (_SETTING,)):
        if value:
            seen.setdefault(value, now)
    rows += [{"path": os.path.abspath(p), "first_used": at, "beside": False}
             for p, at in seen.items()]
    unique = {row["path"]: row for row in reversed(rows)}  # the first of each path
    if unique:
        op.bulk_insert(folders, list(unique.values()))


def downgrade() -> None:
    op.drop_table("backup_folder")
    op.drop_table("review_group")
    _count_table("review_count_0004", grouped=False)
    op.execute("INSERT INTO review_count_0004 (review_id, item_key, option_key, count) "
               "SELECT review_id, item_key, option_key, count FROM review_count "
               "WHERE group_attribute = ''")
    op.drop_table("review_count")
    op.rename_table("review_count_0004", "review_count")
