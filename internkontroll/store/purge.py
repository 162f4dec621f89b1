"""Gallring (SPEC § 7): a redovisad review becomes counts only, with identical results.

Its cases, answers, notes and sampling references are deleted, with the audit-log entries that
hold case-level values. Deleted pages are overwritten (``secure_delete``), the file is rebuilt
and the WAL emptied, so no case-level value is left in the file. The backups the app made before
the gallring hold the same values; the caller asks before ``delete_backups`` removes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.store.audit import Change, record
from internkontroll.store.backups import (
    app_backups,
    primary_folder,
    second_folder,
    take_backups,
)
from internkontroll.store.locking import active_lock
from internkontroll.store.models import (
    Assessment,
    AuditLog,
    Case,
    Maintenance,
    Review,
    ReviewCount,
    SamplingRecord,
)
from internkontroll.store.results import NO_VALUE, count_tables
from internkontroll.store.reviews import get_review

# What the sampling record keeps: how the draw was made, never which cases it drew.
KEPT_RECORD = ("algorithm", "seed", "mode", "filters", "strata", "source", "frame",
               "unknown_values", "time", "user")


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class PurgePlan:
    label: str
    cases: int
    answers: int
    notes: int
    log_entries: int
    backups: list[Path]

    def text(self) -> str:
        """What will be lost, for the question asked before anything is deleted."""
        lines = [f"Gallringen av {self.label} tar bort {_n(self.cases, 'ärende', 'ärenden')} "
                 f"med {_n(self.answers, 'bedömning', 'bedömningar')} och "
                 f"{_n(self.notes, 'anteckning', 'anteckningar')}, urvalets ärendenummer och "
                 f"{_n(self.log_entries, 'loggpost', 'loggposter')} på ärendenivå.",
                 "Resultaten, jämförelserna och de redovisade PDF-filerna finns kvar."]
        if self.backups:
            lines.append(f"{_n(len(self.backups), 'säkerhetskopia', 'säkerhetskopior')} som "
                         "programmet gjort före gallringen innehåller samma uppgifter och "
                         "raderas också. En ny "
                         "säkerhetskopia tas direkt efter gallringen.")
        lines.append("Arbetslistor och andra filer du själv har sparat måste du radera själv.")
        return "\n".join(lines)


def _review_for_purge(session: Session, review_id: int) -> Review:
    review, _ = get_review(session, review_id)
    if active_lock(session, review_id) is None:
        raise InvalidInput(f"Kontrolltillfället {shown(review.label)} är inte redovisat i "
                           "nämnd. Bara "
                           "ett redovisat kontrolltillfälle kan gallras.")
    if review.counts_only:
        raise InvalidInput(f"Kontrolltillfället {shown(review.label)} har inga ärenden att gallra.")
    return review


def plan(session: Session, db_path: Path, review_id: int) -> PurgePlan:
    review = _review_for_purge(session, review_id)
    in_review = select(Case.id).where(Case.review_id == review_id)
    cases = session.exec(select(func.count()).select_from(Case)
                         .where(Case.review_id == review_id)).one()
    answers, notes = session.exec(
        select(func.count(), func.count().filter(col(Assessment.note) != ""))
        .where(col(Assessment.case_id).in_(in_review))).one()
    log_entries = session.exec(select(func.count()).select_from(AuditLog).where(
        AuditLog.review_id == review_id, col(AuditLog.case_level))).one()
    return PurgePlan(review.label, int(cases), int(answers), int(notes), int(log_entries),
                     backups_of(db_path))


def backups_of(db_path: Path) -> list[Path]:
    folders = [primary_folder(db_path), second_folder(db_path)]
    return [p for folder in folders if folder is not None for p in app_backups(db_path, folder)]


def purge_review(session: Session, review_id: int) -> None:
    """Turn the review into counts only, in the caller's transaction."""
    review = _review_for_purge(session, review_id)
    session.add(Maintenance(id=1, reason="gallring"))
    session.flush()
    cases, table = count_tables(session, review)[NO_VALUE]
    for item_key, options in table.items():
        for option, count in options.items():
            session.add(ReviewCount(review_id=review_id, item_key=item_key, option_key=option,
                                    count=count))
    review.counts_only, review.case_count = True, cases
    session.add(review)
    session.exec(delete(Case).where(col(Case.review_id) == review_id))  # type: ignore[call-overload]
    stored = session.get(SamplingRecord, review_id)
    if stored is not None:
        stored.record = {k: v for k, v in stored.record.items() if k in KEPT_RECORD}
        session.add(stored)
    session.exec(delete(AuditLog).where(  # type: ignore[call-overload]
        col(AuditLog.review_id) == review_id, col(AuditLog.case_level)))
    session.flush()
    session.delete(session.get(Maintenance, 1))
    record(session, review_id, Change("purge", review.label, f"{cases} ärenden",
                                      "endast antal"))


def purge(db: Any, review_id: int, found: PurgePlan) -> list[str]:
    """Gallra after the user has seen ``found`` and agreed: the review, the file, the backups
    made before; then a fresh backup. Returns warnings about the second backup folder."""
    with db.session() as session:
        purge_review(session, review_id)
    compact(db.engine)
    delete_backups(found.backups)
    return take_backups(db.path, "efter-gallring")


def compact(engine: Any) -> None:
    """Rebuild the file and empty the WAL, so freed pages and old frames hold nothing."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("VACUUM")
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def delete_backups(backups: list[Path]) -> None:
    for path in backups:
        path.unlink(missing_ok=True)
