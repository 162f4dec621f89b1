"""Twenty scorers and two who clash, on one server database at once; and the server stopped
midway (issue 17, acceptance: load and faults). Long: run with ``-m long``.

Every answer a scorer reports saved is stored, every clash is either stored or told as a
conflict, and the results equal a recount. Stopping the server with ``pg_ctl stop -m
immediate`` (as a power cut would, for the server) loses nothing that was reported saved.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from bench import server_load as load
from tests.servers import SERVER, query

DATA = "INTERNKONTROLL_TEST_PGDATA"  # the test server's data folder, to stop and start it
pytestmark = [pytest.mark.long,
              pytest.mark.skipif(not os.environ.get(SERVER), reason=f"{SERVER} is not set")]


def run_load(url: str, scorers: int, answers: int, clashes: int,
             during: object = None) -> tuple[int, list[load.Outcome], list[load.Outcome]]:
    review = load.prepare(url, scorers, answers)
    own = [load.start_scorer(url, review, "own", load.first_case(n, answers), answers, n)
           for n in range(scorers)]
    clash = [load.start_scorer(url, review, "clash", 0, clashes, 100 + n) for n in range(2)]
    if callable(during):
        during()
    return review, [load.finish(p) for p in own], [load.finish(p) for p in clash]


def check_nothing_lost(url: str, review: int, own: list[load.Outcome],
                       clash: list[load.Outcome], clashes: int) -> None:
    stored = {(n, k): (o, v) for n, k, o, v in query(
        url, "SELECT c.number, a.item_key, a.option_key, a.version FROM assessment a JOIN "
             "review_case c ON c.id = a.case_id WHERE c.review_id = ?", (review,))}
    saved = [s for outcome in own for s in outcome.saved]
    assert len(saved) == sum(len(o.saved) for o in own) and all(o.conflicts == 0 for o in own)
    for number, key, option, version in saved:
        assert stored[(number, key)] == (option, version)
    # Each clash was stored or told as a conflict; one sent just before the server went away
    # and refused when sent again is not known. No two saves got one version with different
    # answers (one overwriting the other unseen), and the newest save is what is stored.
    clashed = [s for outcome in clash for s in outcome.saved]
    unknown = sum(o.unknown for o in clash)
    assert len(clashed) + sum(o.conflicts for o in clash) + unknown == 2 * clashes
    by_version = {version: {option for *_, option, v in clashed if v == version}
                  for *_, version in clashed}
    assert all(len(options) == 1 for options in by_version.values())
    option, version = stored[(load.CLASH_CASE, load.CLASH_ITEM)]
    newest = max(by_version)
    assert newest <= version <= newest + unknown
    if version == newest:
        assert by_version[newest] == {option}
    assert len(stored) == len(saved) + 1
    # The results are a recount of what is stored.
    from internkontroll.cli import main

    out = load._run(main, ["--db", url, "results", str(review), "--json"])
    counted = Counter((k, o) for (_, k), (o, _) in stored.items())
    for item in json.loads(out)["items"]:
        if item["key"] in load.ITEMS:
            assert item["counts"] == {o: counted[(item["key"], o)] for o in load.OPTIONS}


def test_twenty_scorers_and_two_clashing_lose_nothing(server: str) -> None:
    review, own, clash = run_load(server, 20, 500, 100)
    assert sum(len(o.saved) for o in own) == 20 * 500
    check_nothing_lost(server, review, own, clash, 100)
    assert sum(o.conflicts for o in clash) > 0  # they did meet


def _pg_ctl(*args: str) -> None:
    data = Path(os.environ[DATA])
    folder = Path(subprocess.run(["sh", "-c", "ls -d /usr/lib/postgresql/*/bin | sort -V | "
                                  "tail -1"], capture_output=True, text=True).stdout.strip())
    owner = [] if os.geteuid() != 0 else ["runuser", "-u", data.owner(), "--"]
    subprocess.run([*owner, str(folder / "pg_ctl"), "-D", str(data), "-w", *args], check=True,
                   capture_output=True)


@pytest.mark.skipif(not os.environ.get(DATA), reason=f"{DATA} is not set")
def test_a_server_stopped_midway_loses_no_answer_reported_saved(server: str) -> None:
    log = Path(os.environ[DATA]).parent / "server.log"

    def stop_and_start() -> None:
        deadline = time.monotonic() + 120
        while query(server, "SELECT count(*) FROM assessment")[0][0] < 600:  # under way
            assert time.monotonic() < deadline, "the scorers did not get going"
            time.sleep(0.05)
        _pg_ctl("stop", "-m", "immediate")
        time.sleep(2)
        _pg_ctl("start", "-l", str(log))

    review, own, clash = run_load(server, 6, 500, 100, stop_and_start)
    assert sum(o.retries for o in own + clash) > 0  # the scorers met the stopped server
    assert sum(len(o.saved) for o in own) == 6 * 500  # and came back to finish
    check_nothing_lost(server, review, own, clash, 100)
