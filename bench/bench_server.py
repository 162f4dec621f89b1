"""Benchmark: the time per answer on a PostgreSQL server, against a bare psycopg INSERT+COMMIT
on the same server, measured in the same run.

Ours is one ``ops.scoring.answer`` (open a session, read the case, check the version and the
lock, write the answer and its log entry, commit), first by one scorer alone, then by each of
20 scorers answering 500 times at once while 2 more clash over one answer. The baseline is
one ``INSERT`` + ``COMMIT`` of a row in a table of its own, over one connection.

    uv run python -m bench.bench_server --server postgresql://postgres@/postgres?host=/tmp/pg
    (or with INTERNKONTROLL_TEST_PG set) [--scorers 20] [--answers 500]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import psycopg
from sqlalchemy import make_url

from bench import server_load as load
from bench.table import Row, text_table
from internkontroll.store.server import init_server

BASELINE_ROWS = 2000


def quantiles(seconds: list[float]) -> tuple[float, float]:
    """Median and 95th percentile."""
    ordered = sorted(seconds)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def baseline(url: str) -> list[float]:
    with psycopg.connect(url) as connection:
        connection.execute("CREATE TABLE bare (id serial PRIMARY KEY, value text)")
        connection.commit()
        seconds = []
        for n in range(BASELINE_ROWS):
            start = time.perf_counter()
            connection.execute("INSERT INTO bare (value) VALUES (%s)", (f"svar {n}",))
            connection.commit()
            seconds.append(time.perf_counter() - start)
    return seconds


def scored(url: str, scorers: int, answers: int, clashes: int) -> list[float]:
    review = load.prepare(url, scorers, answers)
    own = [load.start_scorer(url, review, "own", load.first_case(n, answers), answers, n)
           for n in range(scorers)]
    clash = [load.start_scorer(url, review, "clash", 0, clashes, 100 + n)
             for n in range(2 if clashes else 0)]
    return [s for p in own + clash for s in load.finish(p).seconds]


def measure(admin: str, scorers: int = 20, answers: int = 500) -> list[Row]:
    names = [f"ik_bench_{os.getpid()}_{n}" for n in range(3)]
    urls = [make_url(admin).set(database=n).render_as_string(hide_password=False)
            for n in names]
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        for url in urls[1:]:
            init_server(url)
        bare = quantiles(baseline(urls[0]))
        alone = quantiles(scored(urls[1], 1, answers, 0))
        loaded = quantiles(scored(urls[2], scorers, answers, 100))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    base = "psycopg INSERT+COMMIT"
    return [Row("Server: ett svar, en bedömare, median", alone[0], bare[0], "ms", None, base),
            Row("Server: ett svar, en bedömare, p95", alone[1], bare[1], "ms", None, base),
            Row(f"Server: ett svar, {scorers} + 2 bedömare samtidigt, median", loaded[0],
                bare[0], "ms", None, base),
            Row(f"Server: ett svar, {scorers} + 2 bedömare samtidigt, p95", loaded[1],
                bare[1], "ms", None, base)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default=os.environ.get("INTERNKONTROLL_TEST_PG"),
                        help="a superuser's URL on the server's maintenance database")
    parser.add_argument("--scorers", type=int, default=20)
    parser.add_argument("--answers", type=int, default=500)
    args = parser.parse_args()
    if not args.server:
        parser.error("--server or INTERNKONTROLL_TEST_PG")
    print(text_table(measure(args.server, args.scorers, args.answers)))


if __name__ == "__main__":
    main()
