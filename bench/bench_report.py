"""Benchmark: a 10-period redovisning with all charts, against a plain reportlab document.

The baseline, measured in the same run, is plain reportlab building a document of the same page
count, each page with text, a 20-row table and a bar chart. Target: ≤ 10×.

    uv run python -m bench.bench_report [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

import internkontroll.reports  # noqa: F401  (the embedded font as base font)
from bench.table import Row, median_time, text_table
from internkontroll.cli import main as command_line
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
        command_line(["--db", str(db), "review", "counts", "ekonomiskt-bistand", "--label",
              f"P{period}", "--date", f"20{14 + period}-05-15", str(folder / "c.csv")])
    command_line(["--db", str(db), "review", "new", "ekonomiskt-bistand", "--label", "Nu", "--date",
          "2024-11-15"])
    rows = ["nr;kon;barn_i_hushallet;" + ";".join(ITEMS)]
    for n in range(1, 21):
        kids = n % 3 == 0
        rows.append(f"{n};{'K' if n % 2 else 'M'};{'ja' if kids else 'nej'};" + ";".join(
            ("" if not kids else "delvis") if i == "barnperspektiv" else
            rng.choice(["helt", "helt", "delvis", "saknas"]) for i in ITEMS))
    (folder / "a.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    command_line(["--db", str(db), "review", "import", "10", str(folder / "a.csv")])
    return db, 10


def redovisning(db: Path, review: int, out: Path) -> None:
    database = open_database(db, write=False)
    try:
        with database.session() as session:
            data = report_data(session, review)
    finally:
        database.close()
    write_pdf(out, build(data))


def baseline(out: Path, pages: int) -> None:
    """Plain reportlab: ``pages`` pages, each a heading, text, a 20-row table and a bar
    chart."""
    styles = getSampleStyleSheet()
    story: list[object] = []
    for page in range(pages):
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 40, 30, 380, 150
        chart.data = [[random.Random(page * 10 + n).randint(0, 100) for n in range(10)]]
        drawing = Drawing(460, 200)
        drawing.add(chart)
        table = Table([[f"Rad {r}", str(r * 3), str(r * 7), f"{r} %"] for r in range(20)])
        story += [Paragraph(f"Rubrik {page}", styles["Title"]),
                  Paragraph("Text " * 60, styles["Normal"]), table, drawing, PageBreak()]
    SimpleDocTemplate(str(out), pagesize=A4).build(story[:-1])


def measure(repeat: int = 5) -> list[Row]:
    import pypdf

    folder = Path(tempfile.mkdtemp())
    try:
        db, review = build_database(folder)
        redovisning(db, review, folder / "r.pdf")
        pages = len(pypdf.PdfReader(folder / "r.pdf").pages)
        base = median_time(lambda: baseline(folder / "base.pdf", pages), repeat)
        ours = median_time(lambda: redovisning(db, review, folder / "r.pdf"), repeat)
        assert len(pypdf.PdfReader(folder / "base.pdf").pages) == pages
    finally:
        shutil.rmtree(folder)
    return [Row(f"Redovisning, 10 perioder med diagram ({pages} sidor)", ours, base, "s", 10,
                f"reportlab, {pages} sidor")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    print(text_table(measure(parser.parse_args().repeat)))


if __name__ == "__main__":
    main()
