"""Benchmark: read + filter + draw + store the record for a 200 000-row export.

Ratios are against floors measured in the same run on the same file: a bare ``csv.reader`` pass
for CSV and a bare python-calamine read for XLSX. Targets: CSV ≤ 3×, XLSX ≤ 1.3×.

    uv run python -m bench.bench_sampling [--rows 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from python_calamine import CalamineWorkbook

from internkontroll.core.sampling import draw
from internkontroll.importers.population import Request, parse_between, parse_where, read_population
from internkontroll.store.db import open_database
from internkontroll.store.reviews import create_review
from internkontroll.store.sampling import Settings, members, store_draw
from internkontroll.store.templates import latest_template
from tests.importers.population_data import (
    population_rows,
    write_population_csv,
    write_population_xlsx,
)

WHERE = "försörjningshinder=Arbetslös\\, otillräcklig ersättning,Arbetslös\\, ingen ersättning"
BETWEEN = "beslutsdatum=2022-04-01..2022-09-30"


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_csv(path: Path) -> None:
    with path.open(encoding="cp1252", newline="") as handle:
        for _ in csv.reader(handle, delimiter=";"):
            pass


def bare_xlsx(path: Path) -> None:
    CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Beslut").to_python()


def pipeline(path: Path, folder: Path, counter: list[int]) -> None:
    """Against a fresh copy of an existing database, as the user has one."""
    counter[0] += 1
    target = folder / f"bench-{counter[0]}.sqlite"
    shutil.copy(folder / "empty.sqlite", target)
    db = open_database(target, write=True)
    try:
        with db.session() as session:
            _, template = latest_template(session, "ekonomiskt-bistand")
            review = create_review(session, "ekonomiskt-bistand", "Bench")
            request = Request(path, where=[parse_where(WHERE)],
                              between=[parse_between(BETWEEN)], spread="handläggare")
            population = read_population(request, template)
            result = draw(members(population, "handläggare", None), 20, 1, spread=True,
                          reserves=5)
            store_draw(session, review, template, result, population,
                       Settings(20, 1, "handläggare", None, 5))
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = population_rows(args.rows // 3)
        rows = (rows * (args.rows // len(rows) + 1))[:args.rows] if len(rows) < args.rows \
            else rows[:args.rows]
        csv_path = write_population_csv(folder / "population.csv", rows)
        xlsx_path = write_population_xlsx(folder / "population.xlsx", rows)
        open_database(folder / "empty.sqlite", write=True, create=True).close()
        counter = [0]
        for name, path, floor in (("CSV", csv_path, bare_csv), ("XLSX", xlsx_path, bare_xlsx)):
            base = best(lambda p=path, f=floor: f(p), args.repeat)
            ours = best(lambda p=path: pipeline(p, folder, counter), args.repeat)
            print(f"{name:<5} {len(rows)} rows: floor {base:.3f} s, "
                  f"open + read + filter + draw + store {ours:.3f} s, "
                  f"ratio {ours / base:.2f}×")


if __name__ == "__main__":
    main()
