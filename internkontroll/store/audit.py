"""The audit log: who (OS user), when (UTC), what, old value → new value.

Entries are written in the same transaction as the change they describe, so a change and its
log entry commit or vanish together. Triggers keep the table append-only (``store.guards``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from internkontroll.store.clock import current_user, now_utc
from internkontroll.store.models import AuditLog

# What each action is called in the log as shown to the user.
ACTIONS = {
    "review.new": "Nytt kontrolltillfälle",
    "review.counts": "Antal inlagda",
    "review.delete": "Kontrolltillfälle borttaget",
    "case.new": "Ärenden tillagda",
    "answer": "Bedömning",
    "note": "Anteckning",
    "attribute": "Uppgift om ärendet",
    "import": "Import",
    "sample": "Urval draget",
    "replace": "Ersatt med reserv",
    "text": "Text till nämnden",
    "setting": "Inställning",
    "template": "Mall",
    "lock": "Redovisad i nämnd",
    "unlock": "Upplåst",
    "purge": "Gallrad",
    "restore": "Återställd från säkerhetskopia",
}


@dataclass(frozen=True)
class Change:
    """One logged change, before the common who/when/review columns are added."""

    action: str
    target: str = ""
    old: str | None = None
    new: str | None = None
    case_level: bool = False


COLUMNS = ("at", "user", "review_id", "action", "target", "old_value", "new_value",
           "case_level")


def record(session: Session, review_id: int | None, change: Change) -> None:
    record_many(session, review_id, [change])


def record_many(session: Session, review_id: int | None, changes: Iterable[Change]) -> None:
    """Write the entries in one statement (an import may log many thousand answers)."""
    from internkontroll.store.db import insert_rows

    at, user = now_utc(), current_user()
    insert_rows(session, "audit_log", COLUMNS,
                [(at, user, review_id, c.action, c.target, c.old, c.new, int(c.case_level))
                 for c in changes])


def entries(session: Session, review_id: int | None = None) -> list[AuditLog]:
    query = select(AuditLog).order_by(col(AuditLog.id))
    if review_id is not None:
        query = query.where(AuditLog.review_id == review_id)
    return list(session.exec(query))
