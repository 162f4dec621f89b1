"""Writes made while scoring in the GUI: one answer or one attribute, each its own transaction."""

from __future__ import annotations

from sqlmodel import Session, select

from internkontroll.core.errors import AnswerConflict, InvalidInput
from internkontroll.core.limits import one_line, shown
from internkontroll.core.personnummer import contains_personnummer, refuse_personnummer
from internkontroll.core.rules import Answer
from internkontroll.core.templates import Template
from internkontroll.store.assessments import save_case
from internkontroll.store.audit import Change, record, record_many
from internkontroll.store.clock import local_when
from internkontroll.store.locking import require_editable
from internkontroll.store.models import Assessment, Case, Review
from internkontroll.store.reviews import CaseInfo, case_info, get_review, list_cases


def find_case(session: Session, review_id: int, number: int) -> Case:
    """The case with löpnummer ``number`` in a review."""
    case = session.exec(select(Case).where(Case.review_id == review_id,
                                           Case.number == number)).first()
    if case is None:
        raise InvalidInput(f"Ärende {number} finns inte i kontrolltillfälle {review_id}.")
    return case


def _stored(session: Session, case: Case) -> dict[str, Assessment]:
    return {a.item_key: a for a in session.exec(
        select(Assessment).where(Assessment.case_id == case.id))}


def _label(template: Template, item_key: str, option: str) -> str:
    scale = template.scale_of(template.item(item_key))
    return next((o.label for o in scale.options if o.key == option), option)


def yours(template: Template, item_key: str, option: str | None, note_only: bool = False) -> str:
    """What this writer tried, as the end of a conflict message says it."""
    if note_only:
        return "du ändrade anteckningen. Din anteckning sparades inte."
    if option is None:
        return "du tog bort svaret. Din ändring sparades inte."
    return f"du svarade {_label(template, item_key, option)}. Ditt svar sparades inte."


def conflict(template: Template, number: int, item_key: str, stored: Assessment | None,
             attempt: str) -> AnswerConflict:
    """The refusal of a write made on an answer someone else has changed since it was read:
    who stored what and when, and what this writer tried (``yours``)."""
    where = f"Ärende {number}, ”{shown(template.item(item_key).text)}”"
    if stored is None:
        theirs = "någon annan har tagit bort svaret"
    else:
        rule = " (enligt regel)" if stored.by_rule else ""
        theirs = (f"{shown(stored.updated_by)} svarade "
                  f"{_label(template, item_key, stored.option_key)}{rule} "
                  f"{local_when(stored.updated_at)}")
    return AnswerConflict(one_line(f"{where}: {theirs}; {attempt}"))


def require_version(template: Template, number: int, item_key: str,
                    stored: Assessment | None, expected: int | None, attempt: str) -> None:
    """Refuse a write unless the answer is still the one its writer read: ``expected`` is the
    version read, 0 when there was no answer, ``None`` when the caller does not check.

    The UPDATE itself matches only the version read here, so a writer that commits between
    this check and the write still makes the write fail (``store.models.Assessment``).
    """
    if expected is not None and (stored.version if stored else 0) != expected:
        raise conflict(template, number, item_key, stored, attempt)


def raced(session: Session, review_id: int, number: int, item_key: str, attempt: str,
          inserted: bool) -> AnswerConflict | None:
    """After a write the database refused because another writer committed first (a stale
    version, or an answer inserted twice when ``inserted``): the conflict, from what is stored
    now; ``None`` when nothing else was stored, so the refusal had another cause."""
    _, template = get_review(session, review_id)
    stored = _stored(session, find_case(session, review_id, number)).get(item_key)
    if inserted and stored is None:
        return None
    return conflict(template, number, item_key, stored, attempt)


def save_answer(session: Session, review_id: int, number: int, item_key: str,
                option: str | None, note: str | None = None,
                template: Template | None = None, *, expected: int | None = None) -> CaseInfo:
    """Set (or with ``option=None`` clear) one answer; ``note=None`` keeps the stored note.

    ``template`` is the review's template when the caller already holds it (the scoring view
    does), which saves two queries on every key press. ``expected`` is the version of the
    answer the writer saw (0: none; ``None``: write whatever is stored); another one raises
    ``AnswerConflict`` and nothing is written.
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
    require_version(template, number, item_key, stored.get(item_key), expected,
                    yours(template, item_key, option))
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
    rows = save_case(session, template, case, {}, given, stored, log)
    record_many(session, review_id, log)
    session.flush()
    return case_info(case, rows.values())


def save_note(session: Session, review_id: int, number: int, item_key: str,
              note: str, *, expected: int | None = None) -> CaseInfo:
    """Write the note on an answered item; the answer stays as it is. ``expected`` as for
    ``save_answer``."""
    _, template = get_review(session, review_id)
    stored = _stored(session, find_case(session, review_id, number)).get(item_key)
    require_version(template, number, item_key, stored, expected,
                    yours(template, item_key, None, note_only=True))
    if stored is None:
        raise InvalidInput(f"Bedöm kontrollmomentet i ärende {number} innan du skriver en "
                           "anteckning.")
    return save_answer(session, review_id, number, item_key, stored.option_key, note,
                       template)


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
    rows = save_case(session, template, case, {key: value.strip()}, {}, _stored(session, case),
                     log)
    record_many(session, review_id, log)
    session.flush()
    return case_info(case, rows.values())


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
