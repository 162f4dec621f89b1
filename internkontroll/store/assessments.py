"""Writing cases and answers, with applicability re-evaluated in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, SQLModel, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.formatting import count_text
from internkontroll.core.limits import MAX_NOTE, shown
from internkontroll.core.personnummer import mask_personnummer, refuse_personnummer
from internkontroll.core.rules import Answer, resolve_answers
from internkontroll.core.templates import Template
from internkontroll.importers.assessments import CaseRow
from internkontroll.store.audit import Change, record_many
from internkontroll.store.clock import current_user, now_utc
from internkontroll.store.db import insert_rows
from internkontroll.store.locking import require_editable
from internkontroll.store.models import Assessment, Case, Review, SamplingRecord
from internkontroll.store.reviews import get_review


def _shown(answer: Answer | None) -> str | None:
    if answer is None:
        return None
    return f"{answer.option} (enligt regel)" if answer.by_rule else answer.option


def plan_case(template: Template, number: int, attributes: Mapping[str, str],
              new_attributes: Mapping[str, str], stored: Mapping[str, Answer],
              given: Mapping[str, Answer], log: list[Change]) -> tuple[dict[str, str],
                                                                       dict[str, Answer]]:
    """The case's attributes and answers after a change, with the rules applied.

    Checks the notes for personnummer and appends each change to ``log``. Writes nothing.
    """
    where = f"ärende {number}"
    merged = dict(attributes) | dict(new_attributes)
    log.extend(Change("attribute", f"{where}, {key}", attributes.get(key) or None,
                      value or None, True)
               for key, value in merged.items() if attributes.get(key) != value)
    final = resolve_answers(template, merged, stored, given, where)
    for key in stored.keys() - final.keys():
        log.append(Change("answer", f"{where}, {key}", _shown(stored[key]), None, True))
    for key, answer in final.items():
        if len(answer.note) > MAX_NOTE:
            raise InvalidInput(f"Anteckningen för {key} i ärende {number} har "
                               f"{len(answer.note)} tecken; gränsen är {MAX_NOTE} tecken.")
        refuse_personnummer(answer.note or "", f"Anteckningen för {key} i ärende {number}",
                            free_text=True)
        before = stored.get(key)
        if before is None or (before.option, before.by_rule) != (answer.option,
                                                                   answer.by_rule):
            log.append(Change("answer", f"{where}, {key}", _shown(before), _shown(answer),
                              True))
        if answer.note != (before.note if before else ""):
            log.append(Change("note", f"{where}, {key}", before.note if before else None,
                              answer.note or None, True))
    return merged, final


def save_case(session: Session, template: Template, case: Case,
              attributes: Mapping[str, str], given: Mapping[str, Answer],
              stored_rows: dict[str, Assessment] | None = None,
              log: list[Change] | None = None) -> dict[str, Assessment]:
    """Merge attributes and answers into ``case``, then apply the template's rules.

    Empty values are never passed here: an empty cell means "no change" (SPEC § 3.2).
    Each change is appended to ``log`` for the audit log. Returns the case's answer rows as
    they will be stored; each row written gets its next version when the session flushes,
    and a row another writer changed since ``stored_rows`` was read makes that flush fail.
    """
    if stored_rows is None:
        stored_rows = {a.item_key: a for a in session.exec(
            select(Assessment).where(Assessment.case_id == case.id))}
    stored = {k: Answer(a.option_key, a.note, a.by_rule) for k, a in stored_rows.items()}
    merged, final = plan_case(template, case.number, case.attributes, attributes, stored,
                              given, [] if log is None else log)
    if merged != case.attributes:
        case.attributes = merged
        session.add(case)
    stamp, user = now_utc(), current_user()
    for key in stored_rows.keys() - final.keys():
        session.delete(stored_rows[key])
    rows: dict[str, Assessment] = {}
    for key, answer in final.items():
        row = rows[key] = stored_rows.get(key) or Assessment(
            case_id=case.id or 0, item_key=key, option_key=answer.option, note=answer.note,
            by_rule=answer.by_rule, updated_at=stamp, updated_by=user)
        if (row.option_key, row.note, row.by_rule) != (answer.option, answer.note,
                                                        answer.by_rule):
            row.option_key, row.note, row.by_rule = answer.option, answer.note, answer.by_rule
            row.updated_at, row.updated_by = stamp, user
        session.add(row)  # a stored row that did not change is not written
    return rows


@dataclass
class _NewCase:
    """A case the import adds; written with the others in one statement at the end, when the
    database gives it its id."""

    number: int
    reference: str | None


def _find(review: Review, row: CaseRow, by_number: dict[int, Case | _NewCase],
          by_reference: dict[str, Case | _NewCase], sampled: bool) -> Case | _NewCase | None:
    """The stored case a row is about; ``None`` when it is a new case."""
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
        raise InvalidInput(f"Rad {row.line}: {shown(row.name)} finns inte bland de dragna ärendena "
                           f"och reserverna i kontrolltillfälle {review.id}.")
    return None


def _given(row: CaseRow, existing: dict[str, Assessment]) -> dict[str, Answer]:
    """The row's answers, with its notes on them; a stored note stays unless the row has one."""
    given = dict(row.answers)
    for key, note in row.notes.items():
        base = given.get(key) or (Answer(existing[key].option_key) if key in existing
                                  else None)
        if base is None:
            raise InvalidInput(f"Rad {row.line}: anteckning för {shown(key)} utan bedömning i "
                               f"{shown(row.name)}.")
        given[key] = Answer(base.option, note)
    for key, answer in list(given.items()):
        if key not in row.notes and key in existing:
            given[key] = Answer(answer.option, existing[key].note)
    return given


def _insert_cases(session: Session, review_id: int,
                  rows: list[tuple[Any, ...]]) -> dict[int, int]:
    """Insert new cases into a review; returns löpnummer → the id the database gave the case.

    One executemany, then the ids read back by löpnummer, which is unique within the review.
    """
    insert_rows(session, "review_case", ("review_id", "number", "reference", "role",
                                         "attributes", "fields"), rows)
    numbers = {row[1] for row in rows}
    table = SQLModel.metadata.tables["review_case"]
    return {number: case_id for number, case_id in session.connection().execute(
        select(table.c.number, table.c.id).where(table.c.review_id == review_id))
        if number in numbers}


def import_rows(session: Session, review_id: int, rows: Iterable[CaseRow],
                source: str = "fil") -> int:
    """Merge the rows of an assessment file into a review; returns the number of cases touched.

    Stored cases are updated one by one; new cases and their answers are inserted with one
    statement each, which keeps a 40 000-case import to seconds.
    """
    review, template = get_review(session, review_id)
    require_editable(session, review)
    if review.counts_only:
        raise InvalidInput(f"Kontrolltillfälle {review_id} är en jämförelseperiod med endast "
                           "antal och tar inte emot ärenden.")
    cases = session.exec(select(Case).where(Case.review_id == review_id)).all()
    by_number: dict[int, Case | _NewCase] = {c.number: c for c in cases}
    by_reference: dict[str, Case | _NewCase] = {c.reference: c for c in cases
                                                if c.reference is not None}
    stored: dict[int, dict[str, Assessment]] = {}
    for a in session.exec(select(Assessment).join(Case).where(Case.review_id == review_id)):
        stored.setdefault(a.case_id, {})[a.item_key] = a
    sampled = session.get(SamplingRecord, review_id) is not None
    next_number = max(by_number, default=0) + 1
    new_cases: list[tuple[Any, ...]] = []
    new_answers: list[tuple[int, dict[str, Answer]]] = []  # (löpnummer, the case's answers)
    stamp, user = now_utc(), current_user()
    log: list[Change] = []
    touched = 0
    for row in rows:
        found = _find(review, row, by_number, by_reference, sampled)
        if isinstance(found, Case):
            existing = stored.get(found.id or 0, {})
            save_case(session, template, found, row.attributes, _given(row, existing),
                      existing, log)
        elif found is not None:
            raise InvalidInput(f"Rad {row.line}: {shown(row.name)} förekommer två gånger i filen.")
        else:
            number = row.number or next_number
            next_number = max(next_number, number + 1)
            new = _NewCase(number, row.reference)
            by_number[number] = new
            if row.reference is not None:
                by_reference[row.reference] = new
            attributes, final = plan_case(template, number, {}, row.attributes, {},
                                          _given(row, {}), log)
            new_cases.append((review_id, number, row.reference, "case", attributes, {}))
            new_answers.append((number, final))
        touched += 1
    if new_cases:
        session.flush()  # changes to stored cases first
        ids = _insert_cases(session, review_id, new_cases)
        insert_rows(session, "assessment", ("case_id", "item_key", "option_key", "note",
                                            "by_rule", "updated_at", "updated_by"),
                    [(case_id, key, a.option, a.note, a.by_rule, stamp, user)
                     for number, final in new_answers for case_id in (ids[number],)
                     for key, a in final.items()])
    source = mask_personnummer(source)  # a file name, kept in the log beyond gallring
    summary = (f"{count_text(touched, 'ärende', 'ärenden')}, "
               f"{count_text(len(log), 'ändring', 'ändringar')}")
    record_many(session, review_id, [Change("import", source, None, summary), *log])
    return touched
