"""Benchmark: the results of a review with a 40-period comparison over 400 400 assessments
(1 430 cases per period, 7 items), against one GROUP BY over the same table.

The baseline, measured in the same run on the same open database, is
``SELECT item_key, option_key, count(*) FROM assessment GROUP BY item_key, option_key``.
Ours is ``full_result`` + ``result_document``: the SQL counting per period, the percentages,
the Wilson intervals, Fisher's exact test per period and the Cochran–Armitage trends.
Target: ≤ 3×, at 100 000, 200 000 and 400 000 assessments: the comparison's cost grows with
periods × items, the GROUP BY's with assessments. ``--exact`` also times the comparison with the
old exact-integer Fisher test.

    uv run python -m bench.bench_results [--periods 40] [--cases 1430] [--repeat 3] [--exact]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import text

from bench.table import Row, median_time, text_table
from internkontroll.core import stats
from internkontroll.store.db import Database, open_database
from internkontroll.store.results import full_result, result_document
from internkontroll.store.reviews import create_review

ITEMS = ["ansokan", "sjalvforsorjning", "aktanteckningar", "berakningar", "bedomning",
         "barnperspektiv", "beslut"]
GROUP_BY = "SELECT item_key, option_key, count(*) FROM assessment GROUP BY item_key, option_key"


def build_database(path: Path, periods: int, cases: int) -> int:
    """``periods`` reviews of ekonomiskt-bistand with ``cases`` assessed cases each; the id of
    the last. The cases go in with plain SQL: the benchmark is about reading them."""
    db = open_database(path, write=True, create=True)
    try:
        with db.session() as session:
            ids = [create_review(session, "ekonomiskt-bistand", f"P{n:02d}",
                                 f"{2000 + n // 2}-{5 if n % 2 == 0 else 11:02d}-15").id
                   for n in range(periods)]
    finally:
        db.close()
    rng = random.Random(1)
    conn = sqlite3.connect(path)
    with conn:
        case_id = 0
        for period, review_id in enumerate(ids):
            helt = 0.55 + 0.35 * period / max(1, periods - 1)  # slowly getting better
            case_rows, answers = [], []
            for number in range(1, cases + 1):
                case_id += 1
                children = rng.random() < 0.4
                attributes = {"kon": rng.choice(["kvinna", "man"]),
                              "barn_i_hushallet": "ja" if children else "nej"}
                case_rows.append((case_id, review_id, number, "case", json.dumps(attributes)))
                for item in ITEMS:
                    if item == "barnperspektiv" and not children:
                        option, by_rule = "ej_aktuellt", 1
                    else:
                        draw = rng.random()
                        option = "helt" if draw < helt else "delvis" if draw < helt + (
                            1 - helt) / 2 else "saknas"
                        by_rule = 0
                    answers.append((case_id, item, option, by_rule))
            conn.executemany("INSERT INTO review_case (id, review_id, number, role, attributes,"
                             " fields) VALUES (?, ?, ?, ?, ?, '{}')", case_rows)
            conn.executemany("INSERT INTO assessment (case_id, item_key, option_key, note, "
                             "by_rule, updated_at, updated_by) VALUES (?, ?, ?, '', ?, "
                             "'2024-01-01T00:00:00+00:00', 'bench')", answers)
    conn.execute("ANALYZE")
    conn.close()
    return ids[-1]


def group_by(db: Database) -> None:
    with db.session() as session:
        session.execute(text(GROUP_BY)).all()


def comparison(db: Database, review: int) -> dict[str, object]:
    with db.session() as session:
        full = full_result(session, review)
        assert len(full.comparison) > 1 and full.result.items[0].change
        return result_document(full)


def measure(repeat: int = 3, periods: int = 40, sizes: tuple[int, ...] = (357, 715, 1430)
            ) -> list[Row]:
    """At each number of cases per period: 100 000, 200 000 and 400 000 assessments by
    default. The comparison's cost should follow periods × items, not assessments."""
    return [_at(periods, cases, repeat) for cases in sizes]


def _at(periods: int, cases: int, repeat: int) -> Row:
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "bench.sqlite"
        review = build_database(path, periods, cases)
        db = open_database(path, write=False)
        try:
            with db.session() as session:
                assessments = session.execute(text("SELECT count(*) FROM assessment")).one()[0]
            group_by(db)  # the file in the page cache for both
            base = median_time(lambda: group_by(db), repeat)
            ours = median_time(lambda: comparison(db, review), repeat)
        finally:
            db.close()
    finally:
        shutil.rmtree(folder)
    return Row(f"Jämförelse {periods} perioder, {assessments // 1000} 000 bedömningar", ours,
               base, "s", 3, "en GROUP BY")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--periods", type=int, default=40)
    parser.add_argument("--cases", type=int, default=1430)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--exact", action="store_true",
                        help="also time the old exact-integer Fisher test (slow)")
    args = parser.parse_args()
    print(text_table(measure(args.repeat, args.periods, (args.cases,))))
    if args.exact:
        exact(args.periods, args.cases)


def exact(periods: int, cases: int) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "bench.sqlite"
        review = build_database(path, periods, cases)
        db = open_database(path, write=False)
        limit = stats.EXACT_UP_TO
        stats.EXACT_UP_TO = 10**9
        try:
            old = median_time(lambda: comparison(db, review), 1)
        finally:
            stats.EXACT_UP_TO = limit
            db.close()
        print(f"with exact integers in every Fisher test: {old:.3f} s")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
