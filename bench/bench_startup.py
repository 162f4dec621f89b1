"""Benchmark: GUI start-up and the cost of one answer.

1. Time until the main window is shown, in a fresh process, against a bare PySide6 QMainWindow
   process measured the same way in the same run (target ≤ 2.5×).
2. Time until the start page is filled from a database with 40 reviews, against the same
   (target ≤ 4×).
3. Keystroke → answer committed, against a raw sqlite3 INSERT + COMMIT with
   synchronous=FULL on the same disk (target ≤ 10×).

    uv run python -m bench.bench_startup [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.table import Row, text_table

BARE = """
import time, sys
start = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.setWindowTitle("x"); w.resize(1366, 768); w.show(); app.processEvents()
print(time.time() - start)
"""
OURS = """
import time, sys
start = float(sys.argv[1])
from pathlib import Path
from PySide6.QtWidgets import QApplication
from internkontroll.app import _install_translations
from internkontroll.paths import AppPaths
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
app = QApplication([])
_install_translations(app)
w = MainWindow(AppPaths(Path(sys.argv[2])), Tasks(ImmediateExecutor()))
w.resize(1366, 768); w.show(); app.processEvents()
shown = time.time() - start
w.open_database(interactive=False); app.processEvents()
filled = time.time() - start
assert w.tree.topLevelItemCount() == 3
print(shown, filled)
w.close()
"""


def run(code: str, *args: str) -> list[float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code, str(time.time()), *args], env=env,
                         capture_output=True, text=True, check=True).stdout
    return [float(v) for v in out.split()]


def make_database(folder: Path) -> Path:
    from internkontroll.cli import main

    db = folder / "fyrtio.sqlite"
    for n in range(40):
        template = ("ekonomiskt-bistand", "vardighetsgarantier", "sip")[n % 3]
        main(["--db", str(db), "review", "new", template, "--label", f"T{n}", "--date",
              f"20{10 + n // 4}-0{1 + n % 9}-15"])
        if n % 2 == 0:
            main(["--db", str(db), "sample", str(n + 1), "--from-range", "100", "--size", "20",
                  "--seed", str(n)])
    return db


def keystroke_latency(db: Path, repeat: int) -> tuple[float, float]:
    """Median seconds: our answer path (session, rules, commit) and a raw INSERT+COMMIT."""
    from internkontroll.store.db import open_database
    from internkontroll.store.reviews import get_review
    from internkontroll.store.scoring import save_answer

    database = open_database(db, write=True)
    ours = []
    try:
        with database.session() as session:
            _, template = get_review(session, 1)  # the scoring view holds its template
        for n in range(repeat * 40):
            start = time.perf_counter()
            with database.session() as session:
                save_answer(session, 1, 1 + n % 20, "ansokan", ("helt", "delvis")[n % 2],
                            None, template)
            ours.append(time.perf_counter() - start)
    finally:
        database.close()
    raw_path = db.parent / "raw.sqlite"
    conn = sqlite3.connect(raw_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, item TEXT, option TEXT)")
    raw = []
    for n in range(repeat * 40):
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO a (item, option) VALUES (?, ?)", ("ansokan", str(n)))
        conn.execute("COMMIT")
        raw.append(time.perf_counter() - start)
    conn.close()
    return statistics.median(ours), statistics.median(raw)


def measure(repeat: int = 7) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        db = make_database(Path(tmp))
        bare = [run(BARE)[0] for _ in range(repeat)]
        ours = [run(OURS, str(db)) for _ in range(repeat)]
        base = statistics.median(bare)
        answer, raw = keystroke_latency(db, repeat)
    return [Row("Huvudfönstret visas", statistics.median(o[0] for o in ours), base, "s", 2.5,
                "tomt QMainWindow"),
            Row("Startsidan fylld, 40 kontrolltillfällen", statistics.median(o[1] for o in ours),
                base, "s", 4, "tomt QMainWindow"),
            Row("Tangent → svaret sparat", answer, raw, "ms", 10,
                "sqlite3 INSERT+COMMIT, synchronous=FULL")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    print(text_table(measure(parser.parse_args().repeat)))


if __name__ == "__main__":
    main()
