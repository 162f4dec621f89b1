"""SQLite triggers that guard the data whatever path writes to it.

- A review that is redovisad i nämnd (an open row in ``review_lock``) refuses every change to
  its cases, answers, texts, counts and sampling record, to the review row itself, and to the
  template version it uses.
- The audit log is append-only, and a stored PDF is never changed or removed.

Only gallring may pass, by holding a row in ``maintenance`` inside its own transaction. The
application checks the same things first, with a clear message (``store.locking``); the
triggers are the backstop for a path that forgot to.

Batch migrations copy tables and drop their triggers, so ``install`` runs after every upgrade
and whenever a writable open finds the set incomplete (SPEC § 3.4).
"""

from __future__ import annotations

from typing import Any

LOCKED_MARK = "IK-LOCKED"  # recognised in ``Database.session`` and turned into ReviewLocked
LOG_MARK = "IK-APPEND-ONLY"
ASSIGNED_MARK = "IK-ASSIGNED"  # a server's only: a granskare in a review not its own

_OPEN = "SELECT 1 FROM review_lock WHERE review_id = {rid} AND unlocked_at IS NULL"
_FREE = "NOT EXISTS (SELECT 1 FROM maintenance)"
_CASE_REVIEW = "(SELECT review_id FROM review_case WHERE id = {row}.case_id)"

# table → how a row names its review
_REVIEW_OF = {
    "review_case": "{row}.review_id",
    "review_text": "{row}.review_id",
    "review_count": "{row}.review_id",
    "review_group": "{row}.review_id",
    "sampling_record": "{row}.review_id",
    "assessment": _CASE_REVIEW,
    "review": "{row}.id",
}


def _trigger(name: str, when: str, table: str, condition: str, mark: str) -> str:
    return (f"CREATE TRIGGER {name} BEFORE {when} ON {table} FOR EACH ROW "
            f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{mark}'); END")


def _definitions() -> dict[str, str]:
    made: dict[str, str] = {}
    for table, review_of in _REVIEW_OF.items():
        for when in ("INSERT", "UPDATE", "DELETE"):
            if table == "review" and when == "INSERT":
                continue
            rows = {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}[when]
            locked = " OR ".join(f"EXISTS ({_OPEN.format(rid=review_of.format(row=row))})"
                                 for row in rows)
            name = f"guard_{table}_{when.lower()}"
            made[name] = _trigger(name, when, table, f"({locked}) AND {_FREE}", LOCKED_MARK)
    used_by_locked = ("EXISTS (SELECT 1 FROM review r JOIN review_lock l ON l.review_id = r.id "
                      "AND l.unlocked_at IS NULL WHERE r.template_id = OLD.id)")
    for when in ("UPDATE", "DELETE"):
        made[f"guard_template_{when.lower()}"] = _trigger(
            f"guard_template_{when.lower()}", when, "template", used_by_locked, LOCKED_MARK)
    for when in ("UPDATE", "DELETE"):
        made[f"guard_audit_log_{when.lower()}"] = _trigger(
            f"guard_audit_log_{when.lower()}", when, "audit_log", _FREE, LOG_MARK)
    # A stored PDF stays as the nämnd got it; unlocking may only fill in the unlock columns.
    made["guard_review_lock_delete"] = _trigger(
        "guard_review_lock_delete", "DELETE", "review_lock", "1", LOG_MARK)
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in (
        "review_id", "locked_at", "locked_by", "reported_by", "paragraph", "pdf", "sha256"))
    made["guard_review_lock_update"] = _trigger(
        "guard_review_lock_update", "UPDATE", "review_lock",
        f"OLD.unlocked_at IS NOT NULL OR {changed}", LOG_MARK)
    return made


TRIGGERS = _definitions()


def installed(connection: Any) -> set[str]:
    """The guard triggers present; ``connection`` is sqlite3 or a SQLAlchemy connection."""
    query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'guard_%'"
    run = getattr(connection, "exec_driver_sql", None) or connection.execute
    return {row[0] for row in run(query).fetchall()}


def install(connection: Any) -> None:
    """Drop and create every guard trigger, inside the caller's transaction."""
    run = getattr(connection, "exec_driver_sql", None) or connection.execute
    for name in installed(connection) | set(TRIGGERS):
        run(f"DROP TRIGGER IF EXISTS {name}")
    for sql in TRIGGERS.values():
        run(sql)
