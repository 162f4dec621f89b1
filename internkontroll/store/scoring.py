"""Writes made while scoring in the GUI: one answer or one attribute, each its own transaction."""

from __future__ import annotations

from sqlmodel import Session, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.personnummer import contains_personnummer, refuse_personnummer
from internkontroll.core.rules import Answer
from internkontroll.core.templates import Template
from internkontroll.store.assessments import save_case
from internkontroll.store.audit import Change, record, record_many
from internkontroll.store.locking import require_editable
from internkontroll.store.models import Assessment, Case, Review
from internkontroll.store.reviews import CaseInfo, get_review, list_cases


def find_case(session: Session, review_id: int, number: int) -> Case:
    """The case with löpnummer ``number`` in a review."""
    case = session.exec(select(Case).where(Case.review_id == review_id,
                                           Case.number == number)).first()
    if case is None:
        raise InvalidInput(f"Ärende {number} finns inte i kontrolltillfälle {review_id}.")
    return case


def _info(case: Case, answers: dict[str, Answer]) -> CaseInfo:
    """The case as the GUI shows it, built from what was just written."""
    return CaseInfo(case.number, case.reference, case.role, dict(case.attributes),
                    {k: a.option for k, a in answers.items()},
                    {k: a.note for k, a in answers.items() if a.note}, dict(case.fields))


def _stored(session: Session, case: Case) -> dict[str, Assessment]:
    return {a.item_key: a for a in session.exec(
        select(Assessment).where(Assessment.case_id == case.id))}


def save_answer(session: Session, review_id: int, number: int, item_key: str,
                option: str | None, note: str | None = None,
                template: Template | None = None) -> CaseInfo:
    """Set (or with ``option=None`` clear) one answer; ``note=None`` keeps the stored note.

    ``template`` is the review's template when the caller already holds it (the scoring view
    does), which saves two queries on every key press.
    """
    if template is None:
        review, template = get_review(session, review_id)
    else:  # one query fewer on every key press
        found = session.get(Review, review_id)
        if found is None:
            raise InvalidInput(f"Kontrolltillfälle {review_id} finns inte.")
        review = found
    require_editable(session, review)
    case = find_case(session, review_id, number)
    refuse_personnummer(note or "", "Anteckningen", free_text=True)
    stored = _stored(session, case)
    given: dict[str, Answer] = {}
    if option is None:
        if item_key in stored:
            cleared = stored.pop(item_key)
            record_many(session, review_id, [Change(
                "answer", f"ärende {number}, {item_key}", cleared.option_key, None, True)])
            session.delete(cleared)
            session.flush()
    else:
        kept = stored[item_key].note if item_key in stored else ""
        given[item_key] = Answer(option, kept if note is None else note)
    log: list[Change] = []
    final = save_case(session, template, case, {}, given, stored, log)
    record_many(session, review_id, log)
    session.flush()
    return _info(case, final)


def save_note(session: Session, review_id: int, number: int, item_key: str,
              note: str) -> CaseInfo:
    """Write the note on an answered item; the answer stays as it is."""
    stored = _stored(session, find_case(session, review_id, number)).get(item_key)
    if stored is None:
        raise InvalidInput(f"Bedöm kontrollmomentet i ärende {number} innan du skriver en "
                           "anteckning.")
    return save_answer(session, review_id, number, item_key, stored.option_key, note)


def save_attribute(session: Session, review_id: int, number: int, key: str,
                   value: str) -> CaseInfo:
    """Set one case attribute (empty: blank) and apply the rules again."""
    review, template = get_review(session, review_id)
    require_editable(session, review)
    template.attribute(key)
    if contains_personnummer(value):
        raise InvalidInput("Värdet innehåller ett personnummer och kan inte sparas.")
    case = find_case(session, review_id, number)
    log: list[Change] = []
    final = save_case(session, template, case, {key: value.strip()}, {}, _stored(session, case),
                      log)
    record_many(session, review_id, log)
    session.flush()
    return _info(case, final)


def add_cases(session: Session, review_id: int, count: int) -> list[CaseInfo]:
    """Add ``count`` cases entered by hand, numbered after the existing ones."""
    review, template = get_review(session, review_id)
    require_editable(session, review)
    existing = list_cases(session, review_id)
    start = max((c.number for c in existing), default=0)
    record(session, review_id, Change("case.new", "", None,
                                      f"ärende {start + 1}–{start + count}"))
    for number in range(start + 1, start + count + 1):
        case = Case(review_id=review.id or 0, number=number, attributes={})
        session.add(case)
        session.flush()
        save_case(session, template, case, {}, {}, {})
    return list_cases(session, review_id)
