"""Scoring a kontrolltillfälle: its cases, one answer, note or attribute at a time, and the
import of an assessment file (the scoring view and ``review import`` alike)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from internkontroll.ops import Changes, Done
from internkontroll.store.reviews import CaseInfo
from internkontroll.store.sampling import REASONS

if TYPE_CHECKING:
    from sqlmodel import Session

    from internkontroll.core.templates import Template
    from internkontroll.store.db import Database

__all__ = ["REASONS", "CaseInfo", "ScoringData", "answer", "import_file", "load", "note",
           "set_attribute"]

@dataclass(frozen=True)
class ScoringData:
    """What the scoring view shows of a review. ``template`` is the core's plain template."""

    review_id: int
    label: str
    template: Template
    counts_only: bool
    locked: str  # "" when editable, else how it was reported ("av Anna Berg, SN … § 156; …")
    cases: list[CaseInfo]


def load(db: Database, review_id: int) -> Done[ScoringData]:
    """The review's cases as plain rows (number, role, reference when stored, attributes,
    answers, notes), with its template and lock."""
    from internkontroll.store.locking import active_lock, describe
    from internkontroll.store.reviews import get_review, list_cases

    with db.session() as session:
        review, template = get_review(session, review_id)
        cases = [] if review.counts_only else list_cases(session, review_id)
        lock = active_lock(session, review_id)
        return Done(ScoringData(review_id, review.label, template, review.counts_only,
                                describe(lock) if lock is not None else "", cases))


def _changed(session: Session, review_id: int, number: int) -> Changes:
    from internkontroll.store.scoring import find_case

    case = find_case(session, review_id, number)
    return Changes(reviews=frozenset({review_id}), cases=frozenset({case.id or 0}))


def answer(db: Database, review_id: int, number: int, item_key: str, option: str | None,
           template: Template | None = None) -> Done[CaseInfo]:
    """Set (``option=None``: clear) one item's answer for a case; its note stays.

    ``template`` is the review's template when the caller holds it already (two queries fewer
    on every key press)."""
    from internkontroll.store.scoring import save_answer

    with db.session() as session:
        case = save_answer(session, review_id, number, item_key, option, None, template)
        return Done(case, _changed(session, review_id, number))


def restore(db: Database, review_id: int, number: int, item_key: str, option: str | None,
            note: str) -> Done[CaseInfo]:
    """Put back an answer and its note as they were (undo)."""
    from internkontroll.store.scoring import save_answer

    with db.session() as session:
        case = save_answer(session, review_id, number, item_key, option, note)
        return Done(case, _changed(session, review_id, number))


def note(db: Database, review_id: int, number: int, item_key: str, text: str) -> Done[CaseInfo]:
    """Write the note on an answered item (empty: no note)."""
    from internkontroll.store.scoring import save_note

    with db.session() as session:
        case = save_note(session, review_id, number, item_key, text)
        return Done(case, _changed(session, review_id, number))


def set_attribute(db: Database, review_id: int, number: int, key: str,
                  value: str) -> Done[CaseInfo]:
    """Set one case attribute (empty: blank); the template's rules are applied again."""
    from internkontroll.store.scoring import save_attribute

    with db.session() as session:
        case = save_attribute(session, review_id, number, key, value)
        return Done(case, _changed(session, review_id, number))


def _case_ids(session: Session, review_id: int) -> frozenset[int]:
    from sqlmodel import select

    from internkontroll.store.models import Case

    ids = session.exec(select(Case.id).where(Case.review_id == review_id)).all()
    return frozenset(i for i in ids if i is not None)


def import_file(db: Database, review_id: int, path: Path) -> Done[int]:
    """Merge an assessment file (CSV/XLSX) into a review; the value is how many cases it
    touched. The file is read outside any transaction."""
    from internkontroll.importers.assessments import read_assessment_file
    from internkontroll.store.assessments import import_rows
    from internkontroll.store.reviews import get_review

    with db.session() as session:
        _, template = get_review(session, review_id)
    rows = read_assessment_file(path, template)
    with db.session() as session:
        touched = import_rows(session, review_id, rows, path.name)
        ids = _case_ids(session, review_id)
    return Done(touched, Changes(reviews=frozenset({review_id}), cases=ids))


