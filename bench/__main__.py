"""Every benchmark, each against a floor measured in the same run, in one table.

    uv run python -m bench [--quick] [--write]

Each figure is the median of several runs. The server benchmark runs when
``INTERNKONTROLL_TEST_PG`` names a PostgreSQL superuser (as for the tests). ``--write`` puts the
table in ``bench/RESULTS.md`` with the date and the machine; ``--quick`` uses fewer runs and
smaller data, to check that every benchmark runs (its figures are not the targets').
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench import bench_import, bench_report, bench_results, bench_sampling, bench_startup
from bench.table import Row, markdown_table, text_table

RESULTS = Path(__file__).with_name("RESULTS.md")


def benchmarks(quick: bool) -> list[tuple[str, Callable[[], list[Row]]]]:
    found: list[tuple[str, Callable[[], list[Row]]]] = [
        ("start", lambda: bench_startup.measure(3 if quick else 7)),
        ("urval", lambda: bench_sampling.measure(1 if quick else 3,
                                                 20_000 if quick else 200_000)),
        ("rapport", lambda: bench_report.measure(1 if quick else 5)),
        ("jämförelse", lambda: bench_results.measure(
            1 if quick else 3, 10 if quick else 40, (100, 200) if quick else (357, 715, 1430))),
        ("import", lambda: bench_import.measure(1 if quick else 3)),
    ]
    server = os.environ.get("INTERNKONTROLL_TEST_PG")
    if server:
        from bench import bench_server

        found.append(("server", lambda: bench_server.measure(
            server, 4 if quick else 20, 50 if quick else 500)))
    return found


def machine() -> str:
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} kärnor, "
            f"Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller data")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name}")
    args = parser.parse_args()
    rows: list[Row] = []
    for name, measure in benchmarks(args.quick):
        print(f"… {name}", file=sys.stderr, flush=True)
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            rows += measure()  # the command lines that build the data say what they did
    print(text_table(rows))
    if args.write:
        RESULTS.write_text(
            f"# Benchmarks\n\nUppmätt {date.today()} med `uv run python -m bench` på "
            f"{machine()}. Varje tal är medianen av flera körningar; kvoten är vårt mot "
            "golvet, uppmätt i samma körning.\n\n" + markdown_table(rows) + "\n",
            encoding="utf-8")


if __name__ == "__main__":
    main()
