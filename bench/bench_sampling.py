"""Benchmark: read + filter + draw + store the record for a 200 000-row export.

Ratios are against floors measured in the same run on the same file: a bare ``csv.reader`` pass
for CSV and a bare python-calamine read for XLSX. Targets: CSV ≤ 3×, XLSX ≤ 1.3×. Also the
most memory Python holds at once during the CSV draw, against the file's size (target ≤ 3×).

    uv run python -m bench.bench_sampling [--rows 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from bench.table import Row, median_time, text_table
from internkontroll.importers.population import Request, parse_between, parse_where
from internkontroll.ops.sampling import Choices, NewReview, draw_sample
from internkontroll.store.db import open_database
from tests.importers.population_data import (
    population_rows,
    write_population_csv,
    write_population_xlsx,
)

WHERE = "försörjningshinder=Arbetslös\\, otillräcklig ersättning,Arbetslös\\, ingen ersättning"
BETWEEN = "beslutsdatum=2022-04-01..2022-09-30"


def bare_csv(path: Path) -> None:
    with path.open(encoding="cp1252", newline="") as handle:
        for _ in csv.reader(handle, delimiter=";"):
            pass


def bare_xlsx(path: Path) -> None:
    CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Beslut").to_python()


def pipeline(path: Path, folder: Path, counter: list[int]) -> None:
    """The draw as `internkontroll sample` and the GUI make it, into a new review, against a
    fresh copy of an existing database, as the user has one."""
    counter[0] += 1
    target = folder / f"bench-{counter[0]}.sqlite"
    shutil.copy(folder / "empty.sqlite", target)
    db = open_database(target, write=True)
    try:
        request = Request(path, where=[parse_where(WHERE)], between=[parse_between(BETWEEN)],
                          spread="handläggare")
        draw_sample(db, NewReview("ekonomiskt-bistand", "Bench"),
                    Choices(request, 20, reserves=5, seed=1))
    finally:
        db.close()


def peak_memory(path: Path, folder: Path, counter: list[int]) -> float:
    """The most memory Python held at once during the pipeline, in MB."""
    import tracemalloc

    tracemalloc.start()
    try:
        pipeline(path, folder, counter)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def measure(repeat: int = 3, count: int = 200_000) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = population_rows(count // 3)
        rows = (rows * (count // len(rows) + 1))[:count] if len(rows) < count \
            else rows[:count]
        csv_path = write_population_csv(folder / "population.csv", rows)
        xlsx_path = write_population_xlsx(folder / "population.xlsx", rows)
        open_database(folder / "empty.sqlite", write=True, create=True).close()
        counter = [0]
        found = []
        for name, path, floor, target in (("CSV", csv_path, bare_csv, 3.0),
                                          ("XLSX", xlsx_path, bare_xlsx, 1.3)):
            base = median_time(lambda p=path, f=floor: f(p), repeat)
            ours = median_time(lambda p=path: pipeline(p, folder, counter), repeat)
            found.append(Row(f"{count // 1000} 000 rader {name}: läs, filtrera, dra, spara",
                             ours, base, "s", target,
                             "csv.reader" if name == "CSV" else "python-calamine"))
        found.append(Row(f"Största minnet, urval ur {count // 1000} 000 rader CSV",
                         peak_memory(csv_path, folder, counter), csv_path.stat().st_size / 1e6,
                         "MB", 3.0, "filens storlek"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(text_table(measure(args.repeat, args.rows)))


if __name__ == "__main__":
    main()
