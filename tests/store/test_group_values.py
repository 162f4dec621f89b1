"""Grouping by an attribute reads the value through SQLAlchemy's JSON type; imported cases get
their ids from the database.

Values with quotes, dots and other characters that mean something in a JSON path or in SQL
must group exactly as they are stored, as SQLite's json_extract reads them.
"""

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from internkontroll.core.rules import Answer
from internkontroll.importers.assessments import CaseRow
from internkontroll.store.assessments import import_rows
from internkontroll.store.db import Database, open_database
from internkontroll.store.models import Assessment, Case, Review
from internkontroll.store.results import NO_VALUE, count_tables
from tests.store.test_results_oracle import stored_review, template_data

AWKWARD = ['a"b', "a.b", "a'b", "$.x", "a\\b", "[0]", "Åsa ö", "a b", "*"]
OTHER = ["x", "y.z"]


@pytest.fixture
def db(tmp_path: Path) -> Database:
    found = open_database(tmp_path / "g.sqlite", write=True, create=True)
    yield found
    found.close()


def _review(db: Database, key: str) -> int:
    data = template_data(key, {"s": ["helt", "delvis"]}, {"typ": AWKWARD, "sort": OTHER},
                         [{"key": "i0", "text": "Moment", "scale": "s",
                           "applicable_when": []}])
    with db.session() as session:
        return stored_review(session, key, data).id or 0


def _rows(count: int) -> list[CaseRow]:
    rows = []
    for n in range(1, count + 1):
        attributes = {"sort": OTHER[n % 2]}
        if n % 7:
            attributes["typ"] = AWKWARD[n % len(AWKWARD)]
        rows.append(CaseRow(n, n, f"ref-{n}", attributes,
                            {"i0": Answer("helt" if n % 3 else "delvis")}))
    return rows


def test_groups_with_awkward_values_count_as_json_extract_reads_them(db: Database) -> None:
    review_id = _review(db, "grupper")
    rows = _rows(60)
    with db.session() as session:
        import_rows(session, review_id, rows)
    expected = Counter(row.attributes.get("typ", NO_VALUE) for row in rows)
    with db.session() as session:
        review = session.get(Review, review_id)
        assert review is not None
        tables = count_tables(session, review, "typ")
        assert {value: cases for value, (cases, _) in tables.items()} == expected
        for value in AWKWARD:
            answers = Counter("helt" if row.number and row.number % 3 else "delvis"
                              for row in rows if row.attributes.get("typ") == value)
            assert tables[value][1] == {"i0": dict(answers)}, value
        # the value as SQLite's own JSON function reads it, as the results engine once asked
        raw = func.coalesce(func.json_extract(Case.attributes, '$."typ"'), NO_VALUE)
        assert dict(session.execute(select(raw, func.count()).where(
            Case.review_id == review_id).group_by(raw)).all()) == expected
        for value in [*AWKWARD, NO_VALUE]:
            nested = count_tables(session, review, "sort", {"typ": value})
            assert {v: cases for v, (cases, _) in nested.items()} == Counter(
                row.attributes["sort"] for row in rows
                if row.attributes.get("typ", NO_VALUE) == value), value


def test_imported_cases_take_ids_the_database_gives(db: Database) -> None:
    first, second = _review(db, "forsta"), _review(db, "andra")
    with db.session() as session:
        import_rows(session, first, _rows(5))
    with db.session() as session:
        session.execute(Case.__table__.delete().where(Case.number == 5))
    with db.session() as session:
        import_rows(session, second, _rows(30))
        import_rows(session, first, [*_rows(5)[4:], *_rows(8)[5:]])
    with db.session() as session:
        cases = session.execute(select(Case.id, Case.review_id, Case.number,
                                       Case.reference)).all()
        assert len({c.id for c in cases}) == len(cases) == 5 - 1 + 30 + 4
        assert {c.number for c in cases if c.review_id == first} == set(range(1, 9))
        answers = session.execute(select(Case.review_id, Case.number, Case.reference,
                                         Assessment.option_key)
                                  .join(Case, Assessment.case_id == Case.id)).all()
        assert len(answers) == len(cases)
        for review_id, number, reference, option in answers:
            assert reference == f"ref-{number}", review_id
            assert option == ("helt" if number % 3 else "delvis")
