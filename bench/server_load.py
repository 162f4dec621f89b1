"""Many scorers at once on one server database: the processes, and what they must leave behind.

Each scorer is a process of its own that opens the database as a user would and answers its
own cases in one shared review, one ``ops.scoring.answer`` per answer (a transaction each). Two
clashing scorers answer the same case × item over and over, each with the version it last saw,
so one of them keeps meeting the other's answer. A scorer whose server stops answering tries
again until it does; an answer it reports saved had its commit return.

Used by ``bench.bench_server`` (time per answer) and ``tests/server/test_load.py`` (nothing
lost, a server stopped and started again midway).

    python -m bench.server_load URL REVIEW MODE FIRST COUNT SEED   (one scorer; prints JSON)
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from internkontroll.store.server import unreachable

# Barnperspektiv is left out: it asks for barn i hushållet first, which these cases lack.
ITEMS = ["ansokan", "sjalvforsorjning", "aktanteckningar", "berakningar", "bedomning", "beslut"]
OPTIONS = ["helt", "delvis", "saknas"]
CLASH_CASE, CLASH_ITEM = 1, "beslut"
T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
RETRY_FOR = 120.0  # seconds a scorer waits for a server that went away


@dataclass
class Outcome:
    """What one scorer reports: the answers it saw saved, the conflicts it was told of, the
    seconds each answer took, and how often the server did not answer."""

    saved: list[tuple[int, str, str, int]] = field(default_factory=list)  # … and its version
    conflicts: int = 0
    seconds: list[float] = field(default_factory=list)
    retries: int = 0
    unknown: int = 0  # sent before the server went away, and refused when sent again


def _retrying(outcome: Outcome, call: Callable[[], T]) -> tuple[T, bool]:
    """``call()``, tried again while the server is away; whether it had to be."""
    deadline = time.monotonic() + RETRY_FOR
    retried = False
    while True:
        try:
            return call(), retried
        except Exception as error:  # noqa: BLE001 (only a server away is tried again)
            if not unreachable(error) or time.monotonic() > deadline:
                raise
            outcome.retries += 1
            retried = True
            time.sleep(0.2)


def _answer(db: Any, review: int, number: int, key: str, option: str, template: Any,
            expected: int | None, outcome: Outcome) -> int | None:
    """One answer, tried again while the server is away. The version now stored when it was
    saved, None when it was not: a conflict with another writer's answer, or, when an earlier
    try's reply was lost with the server, not known (that commit may have landed).
    """
    from internkontroll.core.errors import AnswerConflict
    from internkontroll.ops import scoring

    tries = 0

    def send() -> Any:
        nonlocal tries
        tries += 1
        return scoring.answer(db, review, number, key, option, template,
                              expected=expected).value

    start = time.perf_counter()
    try:
        case, _ = _retrying(outcome, send)
    except AnswerConflict:
        if tries > 1:
            outcome.unknown += 1
        else:
            outcome.conflicts += 1
        return None
    outcome.seconds.append(time.perf_counter() - start)
    return int(case.versions[key])


def _stored(db: Any, review: int, number: int, key: str) -> tuple[str, int] | None:
    from internkontroll.ops import scoring

    case = next(c for c in scoring.load(db, review).value.cases if c.number == number)
    return (case.answers[key], case.versions[key]) if key in case.answers else None


def run_scorer(url: str, review: int, mode: str, first: int, count: int, seed: int) -> Outcome:
    """``mode`` "own": ``count`` answers to the cases from ``first`` on, item by item.
    "clash": ``count`` answers to case 1's beslut, each with the version last seen."""
    from internkontroll.ops import scoring
    from internkontroll.store.db import open_database

    rng = random.Random(seed)
    outcome = Outcome()
    db = open_database(url, write=True)
    try:
        template, _ = _retrying(outcome, lambda: scoring.load(db, review).value.template)
        version = 0
        for n in range(count):
            option = rng.choice(OPTIONS)
            if mode == "clash":
                stored, _ = _retrying(outcome, lambda: _stored(db, review, CLASH_CASE,
                                                               CLASH_ITEM))
                version = stored[1] if stored else 0
                number, key = CLASH_CASE, CLASH_ITEM
            else:
                number, key, version = first + n // len(ITEMS), ITEMS[n % len(ITEMS)], 0
            made = _answer(db, review, number, key, option, template, version, outcome)
            if made is not None:
                outcome.saved.append((number, key, option, made))
    finally:
        db.close()
    return outcome


def start_scorer(url: str, review: int, mode: str, first: int, count: int,
                 seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bench.server_load", url, str(review), mode,
                             str(first), str(count), str(seed)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)


def finish(process: subprocess.Popen[str]) -> Outcome:
    out, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"a scorer stopped with exit code {process.returncode}")
    data = json.loads(out)
    return Outcome([tuple(s) for s in data["saved"]], data["conflicts"],  # type: ignore[misc]
                   data["seconds"], data["retries"], data["unknown"])


def prepare(url: str, scorers: int, answers: int) -> int:
    """A review of ekonomiskt bistånd with enough cases for every scorer's own ``answers``,
    after case 1 (the clashing one); its id."""
    from internkontroll.cli import main

    cases = 1 + scorers * -(-answers // len(ITEMS))
    out = _run(main, ["--db", url, "review", "new", "ekonomiskt-bistand", "--label", "Last",
                      "--date", "2026-11-30"])
    review = int(out.strip())
    _run(main, ["--db", url, "sample", str(review), "--from-range", str(cases), "--size",
                str(cases), "--seed", "1"])
    return review


def _run(main: Any, args: list[str]) -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        if main(args) != 0:
            raise RuntimeError(f"internkontroll {' '.join(args[2:4])} failed")
    return out.getvalue()


def first_case(scorer: int, answers: int) -> int:
    return 2 + scorer * -(-answers // len(ITEMS))


if __name__ == "__main__":
    url, review, mode, first, count, seed = sys.argv[1:7]
    made = run_scorer(url, int(review), mode, int(first), int(count), int(seed))
    print(json.dumps({"saved": made.saved, "conflicts": made.conflicts,
                      "seconds": made.seconds, "retries": made.retries,
                      "unknown": made.unknown}))
