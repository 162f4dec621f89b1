"""Benchmark: importing an assessment file of 40 000 new cases in one transaction.

The baseline, measured in the same run, is the floor for the same work: Python's csv module
reading the file and sqlite3 inserting the same cases and answers with executemany in one
transaction (synchronous=FULL, WAL). Ours also checks every value and rule, looks for
personnummer in every note and writes one audit-log row per value.

    uv run python -m bench.bench_import [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.table import Row, text_table
from internkontroll.cli import main
from tests.store.test_kill import CASES, _big_import_file


def ours(folder: Path, source: Path, template_db: Path) -> float:
    db = folder / "ours.sqlite"
    shutil.copy(template_db, db)
    start = time.perf_counter()
    assert main(["--db", str(db), "review", "import", "1", str(source)]) == 0
    return time.perf_counter() - start


def floor(folder: Path, source: Path) -> float:
    db = folder / "floor.sqlite"
    db.unlink(missing_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, number INT, attributes TEXT)")
    conn.execute("CREATE TABLE a (case_id INT, item TEXT, option TEXT, note TEXT)")
    start = time.perf_counter()
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header, body = rows[0], rows[1:]
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO c VALUES (?, ?, ?)",
                     [(n, int(r[0]), f'{{"kon": "{r[1]}"}}') for n, r in enumerate(body, 1)])
    conn.executemany("INSERT INTO a VALUES (?, ?, ?, ?)",
                     [(n, header[c], r[c], "") for n, r in enumerate(body, 1)
                      for c in range(3, len(header) - 1) if r[c]])
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def measure(repeat: int = 3) -> list[Row]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = _big_import_file(folder / "stor.csv")
        template_db = folder / "mall.sqlite"
        assert main(["--db", str(template_db), "review", "new", "ekonomiskt-bistand",
                     "--label", "Bench"]) == 0
        ours_times, floor_times = [], []
        for _ in range(repeat):
            floor_times.append(floor(folder, source))
            ours_times.append(ours(folder, source, template_db))
    return [Row(f"Import av {CASES // 1000} 000 ärenden med bedömningar",
                statistics.median(ours_times), statistics.median(floor_times), "s", None,
                "csv + executemany")]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    print(text_table(measure(parser.parse_args().repeat)))
