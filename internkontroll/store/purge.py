"""Gallring (SPEC § 7): a redovisad review becomes counts only, with identical results.

Its cases, answers, notes and sampling references are deleted, with the audit-log entries that
hold case-level values. What the documents show is kept as counts: per item and option, and
per group of each breakdown attribute (never per case). Deleted pages are overwritten
(``secure_delete``), the file is rebuilt and the WAL emptied, so no case-level value is left in
the file. The backups the app made before the gallring hold the same values: they are removed
from every folder the app has ever written backups to, after the user has agreed.

Deleting a review that was never redovisad goes through the same code for its log entries
(``forget_case_level``) and the file (``compact``).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.formatting import count_text as _n
from internkontroll.core.limits import shown
from internkontroll.core.templates import Template, is_caseworker
from internkontroll.store.audit import Change, record
from internkontroll.store.backups import app_backups, known_folders, primary_folder, take_backups
from internkontroll.store.db import backend_of
from internkontroll.store.locking import active_lock
from internkontroll.store.models import (
    WHOLE,
    Assessment,
    AuditLog,
    Case,
    Review,
    ReviewCount,
    ReviewGroup,
    SamplingRecord,
)
from internkontroll.store.results import NO_VALUE, count_tables, stored_as
from internkontroll.store.reviews import get_review

if TYPE_CHECKING:
    from internkontroll.store.db import Database

# What the sampling record keeps: how the draw was made, never which cases it drew.
KEPT_RECORD = ("algorithm", "seed", "mode", "filters", "strata", "source", "frame",
               "unknown_values", "time", "user")


def _kept(key: str, value: Any) -> Any:
    """A private filter on the case column or an identifying column keeps its field, not its
    values (references); the method text names it without them. A handläggare filter keeps its
    values, which the method text counts."""
    if key != "filters" or not isinstance(value, list):
        return value
    return [{k: v for k, v in f.items() if k not in ("values", "from", "to")}
            if isinstance(f, dict) and f.get("private")
            and not is_caseworker(str(f.get("field", ""))) else f for f in value]


@dataclass(frozen=True)
class PurgePlan:
    label: str
    cases: int
    answers: int
    notes: int
    log_entries: int
    backups: list[Path]
    folders: list[Path] = field(default_factory=list)

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
        if self.folders:
            lines.append("Mappar med säkerhetskopior som rensas: "
                         f"{', '.join(str(f) for f in self.folders)}.")
        lines.append("Arbetslistor och andra filer du själv har sparat måste du radera själv.")
        return "\n".join(lines)


@dataclass(frozen=True)
class Cleaned:
    """Which backup folders gallring cleaned, and what it could not."""

    folders: list[tuple[Path, int]]  # folder, backups removed there
    warnings: list[str]

    def text(self) -> str:
        done = ", ".join(f"{folder} ({_n(n, 'säkerhetskopia', 'säkerhetskopior')} raderade)"
                         for folder, n in self.folders)
        return f"Rensade mappar med säkerhetskopior: {done or 'inga'}."


def maintenance(session: Session, reason: str) -> AbstractContextManager[None]:
    """Let this transaction past the guard triggers (locked reviews, the append-only log)."""
    return backend_of(session).maintenance(session, reason)


def forget_case_level(session: Session, review_id: int, reason: str) -> int:
    """Delete the audit-log entries of ``review_id`` that hold case-level values (answers,
    notes, case attributes, replacements); returns how many. In the caller's transaction."""
    return backend_of(session).forget_case_level(session, review_id, reason)


def _review_for_purge(session: Session, review_id: int) -> tuple[Review, Template]:
    review, template = get_review(session, review_id)
    if active_lock(session, review_id) is None:
        raise InvalidInput(f"Kontrolltillfället {shown(review.label)} är inte redovisat i "
                           "nämnd. Bara "
                           "ett redovisat kontrolltillfälle kan gallras.")
    if review.counts_only:
        raise InvalidInput(f"Kontrolltillfället {review.label} har inga ärenden att gallra.")
    return review, template


def plan(session: Session, db_path: Path | None, review_id: int) -> PurgePlan:
    """What gallring would remove; ``db_path`` is the file whose backups go too (None on a
    server)."""
    review, _ = _review_for_purge(session, review_id)
    in_review = select(Case.id).where(Case.review_id == review_id)
    cases = session.exec(select(func.count()).select_from(Case)
                         .where(Case.review_id == review_id)).one()
    answers, notes = session.exec(
        select(func.count(), func.count().filter(col(Assessment.note) != ""))
        .where(col(Assessment.case_id).in_(in_review))).one()
    log_entries = session.exec(select(func.count()).select_from(AuditLog).where(
        AuditLog.review_id == review_id, col(AuditLog.case_level))).one()
    return PurgePlan(review.label, int(cases), int(answers), int(notes), int(log_entries),
                     backups_of(db_path) if db_path else [],
                     known_folders(db_path) if db_path else [])


def backups_of(db_path: Path) -> list[Path]:
    """The backups the app made of the database, in every folder it has written them to."""
    return [p for folder in known_folders(db_path) for p in app_backups(db_path, folder)]


def _keep_counts(session: Session, review: Review, attribute: str | None,
                 where: dict[str, str] | None = None) -> int | None:
    """Store the count tables of ``review`` (one per group with ``attribute``, within the
    group ``where``); returns the number of cases over the whole review."""
    whole = None
    key, prefix = stored_as(attribute, where) if attribute else (WHOLE, "")
    for value, (cases, table) in count_tables(session, review, attribute, where).items():
        if attribute is None:
            whole = cases
        else:
            session.add(ReviewGroup(review_id=review.id or 0, attribute=key,
                                    value=prefix + value, cases=cases))
        for item_key, options in table.items():
            for option, count in options.items():
                session.add(ReviewCount(review_id=review.id or 0, group_attribute=key,
                                        group_value=prefix + value if attribute else NO_VALUE,
                                        item_key=item_key, option_key=option, count=count))
    return whole


def purge_review(session: Session, review_id: int) -> None:
    """Turn the review into counts only, in the caller's transaction."""
    review, template = _review_for_purge(session, review_id)
    with maintenance(session, "gallring"):
        cases = _keep_counts(session, review, None)
        # Only the groups the documents show: never a text attribute such as handläggare
        # that the template does not break down by.
        for attribute in template.counted:
            _keep_counts(session, review, attribute)
        for outer, inner in template.nested:
            for value in count_tables(session, review, outer):
                _keep_counts(session, review, inner, {outer: value})
        review.counts_only, review.case_count = True, cases
        session.add(review)
        session.exec(delete(Case).where(col(Case.review_id) == review_id))  # type: ignore[call-overload]
        stored = session.get(SamplingRecord, review_id)
        if stored is not None:
            stored.record = {k: _kept(k, v) for k, v in stored.record.items()
                             if k in KEPT_RECORD}
            session.add(stored)
        forgotten = forget_case_level(session, review_id, "gallring")
    record(session, review_id, Change("purge", review.label, _n(cases or 0, "ärende", "ärenden"),
                                      f"endast antal; {_n(forgotten, 'loggpost', 'loggposter')}"
                                      " på ärendenivå raderade"))


SERVER_BACKUPS = ("Databasen ligger på en server: de säkerhetskopior som IT har tagit av servern "
                  "före gallringen innehåller ärendena tills de roteras bort.")


def purge(db: Database, review_id: int, found: PurgePlan) -> tuple[Cleaned, list[str]]:
    """Gallra after the user has seen ``found`` and agreed: the review, then for a file the
    backups made before in every folder, and a fresh backup. Returns the folders cleaned and
    warnings (a folder that cannot be reached, the second backup folder). A server's backups
    are IT's, kept and rotated by its own rules."""
    with db.session() as session:
        purge_review(session, review_id)
    db.backend.compact(db.engine)
    if db.path is None:
        return Cleaned([], []), [SERVER_BACKUPS]
    cleaned = delete_backups(db.path)
    return cleaned, cleaned.warnings + take_backups(db.path, "efter-gallring")


def delete_and_compact(db: Database, review_id: int) -> tuple[str, int]:
    """Delete a review that was never redovisad, with its case-level log entries, and leave
    nothing of it where the database keeps its data. Returns its label and the log entries
    removed."""
    from internkontroll.store.reviews import delete_review

    with db.session() as session:
        label, forgotten = delete_review(session, review_id)
    db.backend.compact(db.engine)
    return label, forgotten


def delete_backups(db_path: Path) -> Cleaned:
    """Remove the app's backups of the database from every folder it has written them to."""
    folders: list[tuple[Path, int]] = []
    warnings: list[str] = []
    for folder in known_folders(db_path):
        if not folder.is_dir():
            if folder == primary_folder(db_path):
                continue  # no backup made yet
            warnings.append(f"Mappen {folder} kan inte nås. Säkerhetskopior som programmet "
                            "sparat där före gallringen har inte raderats; radera dem när "
                            "mappen går att nå.")
            continue
        removed = 0
        for path in app_backups(db_path, folder):
            try:
                path.unlink(missing_ok=True)
                removed += 1
            except OSError as error:
                warnings.append(f"Säkerhetskopian {path} kunde inte raderas: "
                                f"{error.strerror or error}.")
        folders.append((folder, removed))
    return Cleaned(folders, warnings)
