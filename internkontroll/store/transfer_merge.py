"""Merging a database into one in use: the target takes the source's reviews with new ids.

Runs inside ``transfer.copy_database``'s transaction on the target, past the guard triggers.

- A template version is matched by key and version with an equal definition; a version that is
  taken by another definition is added as the key's next version, and one that is free keeps
  its number. Reviews name the matched or added version.
- Reviews, cases, assessments and stored PDFs get ids from the target; counts, groups, sampling
  records, texts and assignees follow their review. A review whose label its template already
  has in the target is refused, for the whole merge.
- The log entries follow, their review ids changed along (an entry of a review the source has
  deleted names none). Settings, column mappings and backup folders the target has stay; the
  source's others are added. The merge itself is logged.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, Table, insert, select
from sqlmodel import Session, SQLModel

from internkontroll.core.errors import InvalidInput
from internkontroll.core.formatting import count_text
from internkontroll.core.limits import shown
from internkontroll.store.audit import Change, record
from internkontroll.store.transfer import batches, copy_rows, put

_TABLES = SQLModel.metadata.tables
# The tables that follow a review by its id (review_case and assessment are remapped apart).
_OF_REVIEW = ("review_count", "review_group", "sampling_record", "review_text", "review_lock",
              "review_assignee")
_TARGET_WINS = ("setting", "column_mapping", "backup_folder")


def merge_into(reading: Connection, session: Session, batch: int) -> dict[str, int]:
    """Add every review of ``reading`` to the session's database; returns the rows written."""
    _refuse_taken_labels(reading, session)
    written: Counter[str] = Counter()
    templates = _merge_templates(reading, session, written)
    review = _TABLES["review"]
    reviews = {row["id"]: _merge_review(reading, session, row, templates, written, batch)
               for row in reading.execute(select(review).order_by(review.c.id)).mappings().all()}
    _append_log(reading, session, reviews, written, batch)
    for name in _TARGET_WINS:
        written[name] = copy_rows(reading, session, _TABLES[name], batch, skip_present=True)
    record(session, None, Change("merge", "", None,
                                 count_text(len(reviews), "kontrolltillfälle",
                                            "kontrolltillfällen")))
    return {name: written[name] for name in _TABLES if name != "maintenance"}


def _without_id(row: dict[str, Any], **changed: Any) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "id"} | changed


def _added(session: Session, table: Table, row: dict[str, Any]) -> int:
    """Insert ``row`` without its id; the id the target gave it."""
    return int(session.execute(insert(table).returning(table.c.id), _without_id(row))
               .scalar_one())


def _refuse_taken_labels(reading: Connection, session: Session) -> None:
    review = _TABLES["review"]
    labels = select(review.c.template_key, review.c.label)
    taken = sorted(set(reading.execute(labels).all()) & set(session.execute(labels).all()))
    if taken:
        key, label = taken[0]
        more = f" (och {len(taken) - 1} till)" if len(taken) > 1 else ""
        raise InvalidInput(f"Kontrolltillfället {shown(label)} av kontrollen {shown(key)} finns "
                           f"redan i måldatabasen{more}. Inget har ändrats.")


def _merge_templates(reading: Connection, session: Session, written: Counter[str]
                     ) -> dict[int, int]:
    """The source's template ids → the target's, adding the versions the target lacks."""
    table = _TABLES["template"]
    theirs = {(r.key, r.version): (r.id, r.definition) for r in session.execute(select(table))}
    newest = Counter[str]()
    for key, version in theirs:
        newest[key] = max(newest[key], version)
    found: dict[int, int] = {}
    for row in map(dict, reading.execute(select(table).order_by(table.c.id)).mappings()):
        match = theirs.get((row["key"], row["version"]))
        if match is not None and match[1] == row["definition"]:
            found[row["id"]] = match[0]
            continue
        if match is not None:  # the number is taken by another definition
            row["version"] = newest[row["key"]] + 1
            row["definition"] = dict(row["definition"], version=row["version"])
        newest[row["key"]] = max(newest[row["key"]], row["version"])
        found[row["id"]] = _added(session, table, row)
        theirs[(row["key"], row["version"])] = (found[row["id"]], row["definition"])
        written["template"] += 1
    return found


def _merge_review(reading: Connection, session: Session, row: Any, templates: dict[int, int],
                  written: Counter[str], batch: int) -> int:
    """Add one review with all that is its own; its id in the target."""
    review_id = _added(session, _TABLES["review"],
                       dict(row, template_id=templates[row["template_id"]]))
    written["review"] += 1
    for name in ("review_case", *_OF_REVIEW):
        table = _TABLES[name]
        query = select(table).where(table.c.review_id == row["id"])
        for rows in batches(reading, query, batch):
            written[name] += put(session, table,
                                 [_without_id(r, review_id=review_id) for r in rows])
    written["assessment"] += _merge_assessments(reading, session, row["id"], review_id, batch)
    return review_id


def _merge_assessments(reading: Connection, session: Session, source_review: int,
                       review_id: int, batch: int) -> int:
    """The review's assessments, each naming its case's new id (found by löpnummer)."""
    case, assessment = _TABLES["review_case"], _TABLES["assessment"]
    numbers = dict(reading.execute(select(case.c.id, case.c.number)
                                   .where(case.c.review_id == source_review)).all())
    ids = dict(session.execute(select(case.c.number, case.c.id)
                               .where(case.c.review_id == review_id)).all())
    query = select(assessment).where(assessment.c.case_id.in_(
        select(case.c.id).where(case.c.review_id == source_review))).order_by(assessment.c.id)
    return sum(put(session, assessment,
                   [_without_id(r, case_id=ids[numbers[r["case_id"]]]) for r in rows])
               for rows in batches(reading, query, batch))


def _append_log(reading: Connection, session: Session, reviews: dict[int, int],
                written: Counter[str], batch: int) -> None:
    table = _TABLES["audit_log"]
    for rows in batches(reading, select(table).order_by(table.c.id), batch):
        written["audit_log"] += put(session, table, [
            _without_id(r, review_id=reviews.get(r["review_id"])) for r in rows])
