"""Writing cases and answers, with applicability re-evaluated in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import func
from sqlmodel import Session, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.personnummer import contains_personnummer
from internkontroll.core.rules import Answer, resolve_answers
from internkontroll.core.templates import Template
from internkontroll.importers.assessments import CaseRow
from internkontroll.store.audit import Change, record_many
from internkontroll.store.clock import current_user, now_utc
from internkontroll.store.locking import require_editable
from internkontroll.store.models import Assessment, Case, Review, SamplingRecord
from internkontroll.store.reviews import get_review


def _shown(answer: Answer | None) -> str | None:
    if answer is None:
        return None
    return f"{answer.option} (enligt regel)" if answer.by_rule else answer.option


def save_case(session: Session, template: Template, case: Case,
              attributes: Mapping[str, str], given: Mapping[str, Answer],
              stored_rows: dict[str, Assessment] | None = None,
              log: list[Change] | None = None) -> dict[str, Answer]:
    """Merge attributes and answers into ``case``, then apply the template's rules.

    Empty values are never passed here: an empty cell means "no change" (SPEC § 3.2).
    Each change is appended to ``log`` for the audit log. Returns the case's answers as stored.
    """
    log = [] if log is None else log
    where = f"ärende {case.number}"
    if stored_rows is None:
        stored_rows = {a.item_key: a for a in session.exec(
            select(Assessment).where(Assessment.case_id == case.id))}
    merged = dict(case.attributes) | dict(attributes)
    if merged != case.attributes:
        log.extend(Change("attribute", f"{where}, {key}", case.attributes.get(key) or None,
                          value or None, True)
                   for key, value in merged.items() if case.attributes.get(key) != value)
        case.attributes = merged
        session.add(case)
    stored = {k: Answer(a.option_key, a.note, a.by_rule) for k, a in stored_rows.items()}
    final = resolve_answers(template, merged, stored, given, where)
    stamp, user = now_utc(), current_user()
    for key in stored_rows.keys() - final.keys():
        log.append(Change("answer", f"{where}, {key}", _shown(stored[key]), None, True))
        session.delete(stored_rows[key])
    for key, answer in final.items():
        if contains_personnummer(answer.note):
            raise InvalidInput(f"Anteckningen för {key} i ärende {case.number} innehåller ett "
                               "personnummer. Skriv anteckningen utan personnummer.")
        before = stored.get(key)
        if before is None or (before.option, before.by_rule) != (answer.option,
                                                                   answer.by_rule):
            log.append(Change("answer", f"{where}, {key}", _shown(before), _shown(answer),
                              True))
        if answer.note != (before.note if before else ""):
            log.append(Change("note", f"{where}, {key}", before.note if before else None,
                              answer.note or None, True))
        row = stored_rows.get(key)
        if row is None:
            row = Assessment(case_id=case.id or 0, item_key=key, option_key=answer.option,
                             note=answer.note, by_rule=answer.by_rule, updated_at=stamp,
                             updated_by=user)
        elif (row.option_key, row.note, row.by_rule) == (answer.option, answer.note,
                                                          answer.by_rule):
            continue
        else:
            row.option_key, row.note, row.by_rule = answer.option, answer.note, answer.by_rule
            row.updated_at, row.updated_by = stamp, user
        session.add(row)
    return final


def _next_number(session: Session, review_id: int) -> int:
    highest = session.exec(select(func.max(Case.number)).where(Case.review_id == review_id)).one()
    return (highest or 0) + 1


def _find_or_create(session: Session, review: Review, row: CaseRow,
                    by_number: dict[int, Case], by_reference: dict[str, Case],
                    sampled: bool) -> Case:
    found = by_number.get(row.number) if row.number is not None else None
    if row.reference is not None:
        by_ref = by_reference.get(row.reference)
        if found is not None and by_ref is not None and by_ref is not found:
            raise InvalidInput(f"Rad {row.line}: löpnummer {row.number} och ärendenummer "
                               f"{row.reference} avser olika ärenden.")
        found = found or by_ref
    if found is not None:
        if row.reference is not None and found.reference not in (None, row.reference):
            raise InvalidInput(f"Rad {row.line}: ärende {found.number} har ett annat "
                               "ärendenummer.")
        if row.reference is not None and found.reference is None:
            found.reference = row.reference
        return found
    if sampled:
        raise InvalidInput(f"Rad {row.line}: {row.name} finns inte bland de dragna ärendena "
                           f"och reserverna i kontrolltillfälle {review.id}.")
    case = Case(review_id=review.id or 0,
                number=row.number or _next_number(session, review.id or 0),
                reference=row.reference)
    session.add(case)
    session.flush()
    by_number[case.number] = case
    if case.reference is not None:
        by_reference[case.reference] = case
    return case


def import_rows(session: Session, review_id: int, rows: Iterable[CaseRow],
                source: str = "fil") -> int:
    """Merge the rows of an assessment file into a review; returns the number of cases touched."""
    review, template = get_review(session, review_id)
    require_editable(session, review)
    if review.counts_only:
        raise InvalidInput(f"Kontrolltillfälle {review_id} är en jämförelseperiod med endast "
                           "antal och tar inte emot ärenden.")
    cases = session.exec(select(Case).where(Case.review_id == review_id)).all()
    by_number = {c.number: c for c in cases}
    by_reference = {c.reference: c for c in cases if c.reference is not None}
    stored: dict[int, dict[str, Assessment]] = {}
    for a in session.exec(select(Assessment).join(Case).where(Case.review_id == review_id)):
        stored.setdefault(a.case_id, {})[a.item_key] = a
    sampled = session.get(SamplingRecord, review_id) is not None
    touched = 0
    log: list[Change] = []
    for row in rows:
        case = _find_or_create(session, review, row, by_number, by_reference, sampled)
        given = dict(row.answers)
        existing = stored.get(case.id or 0, {})
        for key, note in row.notes.items():
            base = given.get(key) or (Answer(existing[key].option_key) if key in existing
                                      else None)
            if base is None:
                raise InvalidInput(f"Rad {row.line}: anteckning för {key} utan bedömning i "
                                   f"{row.name}.")
            given[key] = Answer(base.option, note)
        for key, answer in list(given.items()):
            if key not in row.notes and key in existing:
                given[key] = Answer(answer.option, existing[key].note)
        save_case(session, template, case, row.attributes, given, existing, log)
        touched += 1
    record_many(session, review_id, [Change("import", source, None,
                                            f"{touched} ärenden, {len(log)} ändringar"), *log])
    return touched
