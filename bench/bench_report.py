"""Benchmark: a 10-period redovisning with all charts, against a plain reportlab document.

The baseline, measured in the same run, is reportlab building a 3-page document with one 20-row
table and one bar chart. Target: ≤ 10×.

    uv run python -m bench.bench_report [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

import internkontroll.reports  # noqa: F401  (the embedded font as base font)
from internkontroll.cli import main
from internkontroll.reports.data import report_data
from internkontroll.reports.outline import build
from internkontroll.reports.pdf import write_pdf
from internkontroll.store.db import open_database

ITEMS = ["ansokan", "sjalvforsorjning", "aktanteckningar", "berakningar", "bedomning",
         "barnperspektiv", "beslut"]


def build_database(folder: Path) -> tuple[Path, int]:
    db = folder / "bench.sqlite"
    rng = random.Random(1)
    for period in range(9):
        rows = ["kontrollmoment;helt;delvis;saknas"]
        rows += [f"{item};{rng.randint(10, 18)};{rng.randint(0, 4)};{rng.randint(0, 3)}"
                 for item in ITEMS]
        (folder / "c.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        main(["--db", str(db), "review", "counts", "ekonomiskt-bistand", "--label",
              f"P{period}", "--date", f"20{14 + period}-05-15", str(folder / "c.csv")])
    main(["--db", str(db), "review", "new", "ekonomiskt-bistand", "--label", "Nu", "--date",
          "2024-11-15"])
    rows = ["nr;kon;barn_i_hushallet;" + ";".join(ITEMS)]
    for n in range(1, 21):
        kids = n % 3 == 0
        rows.append(f"{n};{'K' if n % 2 else 'M'};{'ja' if kids else 'nej'};" + ";".join(
            ("" if not kids else "delvis") if i == "barnperspektiv" else
            rng.choice(["helt", "helt", "delvis", "saknas"]) for i in ITEMS))
    (folder / "a.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    main(["--db", str(db), "review", "import", "10", str(folder / "a.csv")])
    return db, 10


def redovisning(db: Path, review: int, out: Path) -> None:
    database = open_database(db, write=False)
    try:
        with database.session() as session:
            data = report_data(session, review)
    finally:
        database.close()
    write_pdf(out, build(data))


def baseline(out: Path) -> None:
    styles = getSampleStyleSheet()
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, 380, 150
    chart.data = [[random.Random(n).randint(0, 100) for n in range(10)]]
    drawing = Drawing(460, 200)
    drawing.add(chart)
    table = Table([[f"Rad {r}", str(r * 3), str(r * 7), f"{r} %"] for r in range(20)])
    story = [Paragraph("Rubrik", styles["Title"]), Paragraph("Text " * 200, styles["Normal"]),
             PageBreak(), table, PageBreak(), drawing]
    SimpleDocTemplate(str(out), pagesize=A4).build(story)


def best(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def run_benchmark() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    try:
        db, review = build_database(folder)
        base = best(lambda: baseline(folder / "base.pdf"), args.repeat)
        ours = best(lambda: redovisning(db, review, folder / "r.pdf"), args.repeat)
        print(f"plain reportlab 3 pages: {base:.3f} s; redovisning with 10 periods and all "
              f"charts: {ours:.3f} s; ratio {ours / base:.2f}×")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    run_benchmark()
