"""Scoring a kontrolltillfälle: its cases, one answer, note or attribute at a time, and the
import of an assessment file (the scoring view and ``review import`` alike)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from internkontroll.core.errors import AnswerConflict
from internkontroll.ops import Changes, Done
from internkontroll.store.reviews import CaseInfo
from internkontroll.store.sampling import REASONS

T = TypeVar("T")

if TYPE_CHECKING:
    from sqlmodel import Session

    from internkontroll.core.templates import Template
    from internkontroll.store.db import Database

__all__ = ["REASONS", "CaseInfo", "ScoringData", "answer", "import_file", "load", "note",
           "sent", "set_attribute"]

@dataclass(frozen=True)
class ScoringData:
    """What the scoring view shows of a review. ``template`` is the core's plain template."""

    review_id: int
    label: str
    template: Template
    counts_only: bool
    locked: str  # "" when editable, else how it was reported ("av Anna Berg, SN … § 156; …")
    cases: list[CaseInfo]
    assigned: bool = True  # False: on a server, a granskare neither its creator nor assigned


def load(db: Database, review_id: int) -> Done[ScoringData]:
    """The review's cases as plain rows (number, role, reference when stored, attributes,
    answers, notes), with its template and lock, and whether this login may write in it."""
    from internkontroll.store.assignees import may_score
    from internkontroll.store.locking import active_lock, describe
    from internkontroll.store.reviews import get_review, list_cases

    with db.session() as session:
        review, template = get_review(session, review_id)
        cases = [] if review.counts_only else list_cases(session, review_id)
        lock = active_lock(session, review_id)
        return Done(ScoringData(review_id, review.label, template, review.counts_only,
                                describe(lock) if lock is not None else "", cases,
                                may_score(session, review_id)))


def _changed(session: Session, review_id: int, number: int) -> Changes:
    from internkontroll.store.scoring import find_case

    case = find_case(session, review_id, number)
    return Changes(reviews=frozenset({review_id}), cases=frozenset({case.id or 0}))


def _checked(db: Database, review_id: int, number: int,
             write: Callable[[Session], CaseInfo],
             refusal: Callable[[Session, bool], AnswerConflict | None]) -> Done[CaseInfo]:
    """Run ``write`` in its own transaction. When the database refuses it because another
    writer committed first (two users on a server, between this write's read and its UPDATE
    or INSERT), ``refusal`` says so from what is stored now; it gets whether the refusal was
    an INSERT's (it returns ``None`` when that had another cause)."""
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm.exc import StaleDataError

    try:
        with db.session() as session:
            case = write(session)
            return Done(case, _changed(session, review_id, number))
    except (StaleDataError, IntegrityError) as error:
        with db.session() as session:
            found = refusal(session, isinstance(error, IntegrityError))
        if found is None:
            raise
        raise found from None


def _answer(db: Database, review_id: int, number: int, item_key: str, option: str | None,
            note: str | None, template: Template | None, expected: int | None,
            note_only: bool = False) -> Done[CaseInfo]:
    from internkontroll.store.reviews import get_review
    from internkontroll.store.scoring import raced, save_answer, save_note, yours

    def write(session: Session) -> CaseInfo:
        if note_only:
            return save_note(session, review_id, number, item_key, note or "",
                             expected=expected)
        return save_answer(session, review_id, number, item_key, option, note, template,
                           expected=expected)

    def refusal(session: Session, inserted: bool) -> AnswerConflict | None:
        attempt = yours(get_review(session, review_id)[1], item_key, option, note_only)
        return raced(session, review_id, number, item_key, attempt, inserted)

    return _checked(db, review_id, number, write, refusal)


def answer(db: Database, review_id: int, number: int, item_key: str, option: str | None,
           template: Template | None = None, *, expected: int | None = None) -> Done[CaseInfo]:
    """Set (``option=None``: clear) one item's answer for a case; its note stays.

    ``template`` is the review's template when the caller holds it already (two queries fewer
    on every key press). ``expected`` is the version of the answer the caller showed (0: no
    answer); when someone else has written it since, ``AnswerConflict`` says what they
    stored and nothing is written. ``None`` writes over whatever is stored."""
    return _answer(db, review_id, number, item_key, option, None, template, expected)


def restore(db: Database, review_id: int, number: int, item_key: str, option: str | None,
            note: str, *, expected: int | None = None) -> Done[CaseInfo]:
    """Put back an answer and its note as they were (undo); ``expected`` as for ``answer``."""
    return _answer(db, review_id, number, item_key, option, note, None, expected)


def note(db: Database, review_id: int, number: int, item_key: str, text: str, *,
         expected: int | None = None) -> Done[CaseInfo]:
    """Write the note on an answered item (empty: no note); ``expected`` as for ``answer``."""
    return _answer(db, review_id, number, item_key, None, text, None, expected,
                   note_only=True)


def set_attribute(db: Database, review_id: int, number: int, key: str,
                  value: str) -> Done[CaseInfo]:
    """Set one case attribute (empty: blank); the template's rules are applied again.

    The attribute is written over whatever is stored; the answers the rules rewrite are
    refused, as a whole, when someone else wrote one of them meanwhile."""
    from internkontroll.store.scoring import save_attribute

    def refusal(session: Session, inserted: bool) -> AnswerConflict:
        return AnswerConflict(f"Någon annan ändrade ärende {number} samtidigt. Det du "
                              "ändrade sparades inte; försök igen.")

    return _checked(db, review_id, number,
                    lambda session: save_attribute(session, review_id, number, key, value),
                    refusal)


def _case_ids(session: Session, review_id: int) -> frozenset[int]:
    from sqlmodel import select

    from internkontroll.store.models import Case

    ids = session.exec(select(Case.id).where(Case.review_id == review_id)).all()
    return frozenset(i for i in ids if i is not None)


def import_file(db: Database, review_id: int, path: Path) -> Done[int]:
    """Merge an assessment file (CSV/XLSX) into a review; the value is how many cases it
    touched. The file is read outside any transaction.

    The file's answers are written over the stored ones without a version check: it is one
    person's bulk entry, each answer it replaces is in the audit log, and an empty cell
    leaves a stored answer as it is. Only a writer that commits while the import runs makes
    it fail, as a whole, rather than be overwritten unseen."""
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm.exc import StaleDataError

    from internkontroll.importers.assessments import read_assessment_file
    from internkontroll.store.assessments import import_rows
    from internkontroll.store.reviews import get_review

    with db.session() as session:
        _, template = get_review(session, review_id)
    rows = read_assessment_file(path, template)
    try:
        with db.session() as session:
            touched = import_rows(session, review_id, rows, path.name)
            ids = _case_ids(session, review_id)
    except (StaleDataError, IntegrityError):
        raise AnswerConflict(f"Någon annan ändrade kontrolltillfälle {review_id} medan filen "
                             "lästes in. Inget från filen sparades; läs in den igen.") from None
    return Done(touched, Changes(reviews=frozenset({review_id}), cases=ids))




def sent(call: Callable[[], Done[T]], waiting: Callable[[], None],
         patience: float = 120.0) -> Done[T]:
    """``call()``, sent again while the server does not answer, ``waiting()`` told each time;
    after ``patience`` seconds ``ServerAway``. A write that was refused or failed otherwise is
    not sent again. (A file never stops answering: its errors are raised at once.)"""
    import time

    from internkontroll.core.errors import ServerAway
    from internkontroll.store.server import unreachable

    deadline, pause = time.monotonic() + patience, 0.5
    while True:
        try:
            return call()
        except Exception as error:  # noqa: BLE001 (only a server away is sent again)
            if not unreachable(error):
                raise
            if time.monotonic() > deadline:
                raise ServerAway("Servern svarar inte. Det du senast skrev står kvar på "
                                 "skärmen men är inte sparat; gör om det när servern svarar "
                                 "igen.") from None
            waiting()
            time.sleep(pause)
            pause = min(pause * 2, 5.0)
