"""Crash safety with real processes, killed while the WAL grows, so mid-transaction.

Each time: PRAGMA integrity_check is ok, an import is all or nothing, and every answer a
scoring run reported as committed is stored.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.cli.helpers import EB_ITEMS
from tests.conftest import Cli

# About five minutes, and about the database file itself.
pytestmark = [pytest.mark.long, pytest.mark.sqlite_only]

KILLS = 20
CASES = 40_000


def _wal(db: Path) -> tuple[int, int]:
    try:
        found = os.stat(db.with_name(db.name + "-wal"))
    except OSError:
        return 0, 0
    return found.st_size, found.st_mtime_ns


def _kill_while_wal_written(process: subprocess.Popen, db: Path, *, growth: int = 0,
                            writes: int = 0, timeout: float = 120) -> bool:
    """SIGKILL once the WAL has grown by ``growth`` bytes, or been written ``writes`` times
    (a reused WAL is overwritten without growing). False if the process ended first."""
    start = last = _wal(db)
    seen = 0
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        now = _wal(db)
        seen += now != last
        last = now
        if (growth and now[0] - start[0] >= growth) or (writes and seen >= writes):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.0002)
    process.wait(timeout=10)
    return False


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _count(db: Path, sql: str, *args: object) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql, args).fetchone()[0])
    finally:
        conn.close()


def _big_import_file(path: Path) -> Path:
    rng = random.Random(3)
    lines = [";".join(["lopnummer", "kon", "barn_i_hushallet", *EB_ITEMS,
                       "anteckning:bedomning"])]
    for n in range(1, CASES + 1):
        children = rng.choice(["ja", "nej"])
        answers = [rng.choice(["helt", "delvis", "saknas"]) for _ in EB_ITEMS]
        if children == "nej":
            answers[EB_ITEMS.index("barnperspektiv")] = ""
        lines.append(";".join([str(n), rng.choice(["kvinna", "man"]), children, *answers,
                               "saknar underskrift" if n % 9 == 0 else ""]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_of_40000_cases_killed_20_times_is_all_or_nothing(cli: Cli,
                                                                  tmp_path: Path) -> None:
    source = _big_import_file(tmp_path / "stor.csv")
    rng = random.Random(20)
    killed = 0
    outcomes = []
    while killed < KILLS:
        review = cli.ok("review", "new", "ekonomiskt-bistand", "--label",
                        f"Import {len(outcomes) + 1}").strip()
        process = subprocess.Popen(
            [sys.executable, "-m", "internkontroll", "--db", str(cli.db), "review", "import",
             review, str(source)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        killed += _kill_while_wal_written(process, cli.db,
                                          growth=rng.randrange(16_384, 60_000_000))
        assert _integrity(cli.db) == "ok"
        cases = _count(cli.db, "SELECT count(*) FROM review_case WHERE review_id = ?", review)
        logged = _count(cli.db, "SELECT count(*) FROM audit_log WHERE review_id = ? "
                        "AND action = 'import'", review)
        answers = _count(cli.db, "SELECT count(*) FROM assessment JOIN review_case c ON "
                         "c.id = case_id WHERE c.review_id = ?", review)
        assert (cases, logged) in ((0, 0), (CASES, 1))
        assert answers == (0 if cases == 0 else CASES * 7)
        outcomes.append(cases)
    assert outcomes.count(0) >= KILLS // 2, outcomes  # most kills landed mid-transaction


def test_scoring_killed_20_times_keeps_every_committed_answer(cli: Cli) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    cli.ok("sample", review, "--from-range", "200", "--size", "60", "--seed", "4")
    rng = random.Random(21)
    for round_ in range(KILLS):
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.store.scoring_worker", str(cli.db), review,
             str(round_)], stdout=subprocess.PIPE, text=True)
        committed: list[list[str]] = []
        # A kill can cut the last line short; only whole lines were printed after a commit.
        reader = threading.Thread(target=lambda p=process, into=committed: into.extend(
            line.split() for line in p.stdout if line.endswith("\n")))
        reader.start()
        deadline = time.monotonic() + 60
        while not committed and time.monotonic() < deadline:  # let it get going
            time.sleep(0.001)
        assert _kill_while_wal_written(process, cli.db, writes=rng.randrange(1, 200))
        reader.join()
        assert committed, "the scoring run did not get going"
        assert _integrity(cli.db) == "ok"
        conn = sqlite3.connect(cli.db)
        stored = dict(((str(n), k), o) for n, k, o in conn.execute(
            "SELECT c.number, a.item_key, a.option_key FROM assessment a JOIN review_case c "
            "ON c.id = a.case_id WHERE c.review_id = ?", (review,)))
        conn.close()
        for number, key, option in committed:
            assert stored.get((number, key)) == option, (round_, number, key)
