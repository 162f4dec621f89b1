"""The nämnd documents attacked by subtraction (SPEC § 7.1): real reviews with small groups,
small_counts=5, PDF/DOCX/XLSX parsed back, and a brute-force solver over everything they publish
must not pin any hidden number; a small person-attribute item appears in no number at all."""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from python_calamine import CalamineWorkbook

from tests.cli.helpers import EB_ITEMS
from tests.conftest import Cli, write_csv
from tests.reports import tagged
from tests.suppression_solver import Published, PublishedColumn, feasible

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

THRESHOLD = 5
NBSP = "\u00a0"
Table = list[list[str]]


def _clean(text: object) -> str:
    value = str(int(text)) if isinstance(text, float) and text.is_integer() else str(text)
    return " ".join(value.replace(NBSP, " ").split())


def _tables_pdf(path: Path) -> list[Table]:
    """The tables as the structure tree holds them (what a screen reader reads)."""
    return [[[_clean(c) for c in row] for row in table] for table in tagged.tables(path)]


def _tables_docx(path: Path) -> list[Table]:
    return [[[_clean(c.text) for c in row.cells] for row in table.rows]
            for table in Document(str(path)).tables]


def _breakdowns(tables: list[Table], labels: set[str]) -> tuple[dict[str, Table], dict[str, Table]]:
    """(breakdown tables, chart data tables) by attribute label; both head 'Antal ärenden'."""
    found: dict[str, Table] = {}
    charts: dict[str, Table] = {}
    for table in tables:
        head = table[0]
        if head[0] not in labels or len(head) < 3 or head[1] != "Antal ärenden":
            continue
        target = found if any(" av " in c for row in table[1:] for c in row[2:]) else charts
        if head[0] in target:  # a table broken across pages repeats its header
            target[head[0]].extend(table[1:])
        else:
            target[head[0]] = table
    return found, charts


def _sheet(path: Path, name: str) -> Table:
    workbook = CalamineWorkbook.from_path(str(path))
    return [[_clean(c) for c in row if c != ""] for row in
            workbook.get_sheet_by_name(name).to_python()]


def _cell(text: str) -> tuple[int | str | None, int | None]:
    if text == "–":
        return None, None
    found = re.fullmatch(r"(<\d+|x|\d+) av (\d+)(?: \(.*\))?", text)
    assert found, text
    count = found.group(1)
    return (int(count) if count.isdigit() else count), int(found.group(2))


def _published(table: Table, total: int, column_totals: list[tuple[int, int]],
               per_case: int) -> Published:
    rows: list[int | str] = [int(r[1]) if r[1].isdigit() else r[1] for r in table[1:]]
    columns = []
    for c, (count, of) in enumerate(column_totals):
        columns.append(PublishedColumn(count, of, per_case,
                                       [_cell(r[2 + c]) for r in table[1:]]))
    return Published(THRESHOLD, total, rows, columns)


def _scenario(seed: int) -> tuple[list[str], list[bool], list[list[str]]]:
    """(kön per case, barn i hushållet per case, answers per case) for one review."""
    if seed == 0:  # SPEC's attack: Kvinna 1, Man 18, Annat 1 of 20; one family with children
        kon = ["Kvinna"] + ["Man"] * 18 + ["Annat"]
        children = [True] + [False] * 19
    elif seed == 1:
        kon = ["Kvinna"] * 3 + ["Man"] * 9 + ["Annat"] * 8
        children = [n < 2 for n in range(20)]
    elif seed in (2, 3):  # 4 + 4 of 20 (each must be 4); 2 + 3 none of them "helt"
        kon = (["Kvinna"] * 4 + ["Man"] * 12 + ["Annat"] * 4 if seed == 2 else
               ["Kvinna"] * 2 + ["Man"] * 15 + ["Annat"] * 3)
        children = [n % 2 == 0 for n in range(20)]
    else:
        rng = random.Random(seed)
        kon = [rng.choice(["Kvinna", "Man", "Man", "Annat", ""]) for _ in range(rng.randint(8, 30))]
        children = [rng.random() < rng.choice([0.1, 0.5, 0.9]) for _ in kon]
    rng = random.Random(seed)
    answers = []
    for n, child in enumerate(children):
        row = [rng.choice(["helt", "helt", "delvis", "saknas", "ej_aktuellt"]) for _ in EB_ITEMS]
        row[EB_ITEMS.index("barnperspektiv")] = (rng.choice(["helt", "saknas"]) if child
                                                 else "")
        if seed == 3:
            row = [("helt" if kon[n] == "Man" else "delvis") if key != "barnperspektiv" or child
                   else "" for key in EB_ITEMS]
        if seed == 0:
            row = ["helt"] * len(EB_ITEMS)
            row[EB_ITEMS.index("barnperspektiv")] = "saknas" if n == 0 else ""
        answers.append(row)
    return kon, children, answers


@pytest.mark.parametrize("seed", range(10))
def test_no_published_number_gives_a_hidden_one_away(cli: Cli, tmp_path: Path, seed: int) -> None:
    kon, children, answers = _scenario(seed)
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -24").strip()
    rows = [["lopnummer", "kon", "barn_i_hushallet", *EB_ITEMS]]
    rows += [[str(n + 1), k, "ja" if c else "nej", *a]
             for n, (k, c, a) in enumerate(zip(kon, children, answers, strict=True))]
    cli.ok("review", "import", review, write_csv(tmp_path / "b.csv", rows))
    cli.ok("settings", "--set", f"small_counts={THRESHOLD}")
    pdf, docx, xlsx = (tmp_path / f"r.{kind}" for kind in ("pdf", "docx", "xlsx"))
    cli.ok("report", review, "--out", pdf)
    cli.ok("report", review, "--out", docx)
    cli.ok("export", review, "--out", xlsx)
    with pdfplumber.open(pdf) as document:
        text = _clean(" ".join(page.extract_text() or "" for page in document.pages))
    with zipfile.ZipFile(docx) as archive:
        alt = " ".join(re.findall(r'descr="([^"]*)"', archive.read("word/document.xml")
                                  .decode("utf-8")))
    total = int(re.search(r"Urvalet omfattar (\d+) ärenden", text).group(1))  # type: ignore[union-attr]
    assert total == len(kon)

    # The person-attribute item: a small group with children (or without) shows nowhere.
    with_children = sum(children)
    hidden_item = 0 < with_children < THRESHOLD or 0 < total - with_children < THRESHOLD
    result_sheet = _sheet(xlsx, "Resultat")
    items = [r for r in result_sheet[4:] if r and r[0] != "Summa"]
    child_row = next(r for r in items if "barnperspektivet" in r[0])
    summa = next(r for r in result_sheet if r and r[0] == "Summa")
    if hidden_item:
        assert set(child_row[1:]) == {"dolt"}
        assert not re.search(r"I \d+ ärenden hade den sökande barn", text)
        assert not re.search(r"\d+/\d+ \w+", next(r for r in _tables_pdf(pdf)
                                                  for r in r if "barnperspektivet" in r[0])[2])
    shown_items = [r for r in items if r[1] != "dolt"]
    # Summa is the sum of the shown items only: nothing of a hidden item can be subtracted out.
    assert int(summa[1]) == sum(int(r[1]) for r in shown_items)
    assert int(summa[2]) == sum(int(r[2]) for r in shown_items)

    # The breakdown by kön: the same table in every document, and the solver over all of them.
    labels = {"Kön"}
    tables, charts = _breakdowns(_tables_pdf(pdf), labels)
    docx_tables, docx_charts = _breakdowns(_tables_docx(docx), labels)
    assert docx_tables == tables and docx_charts == charts
    sheet = [r for r in _sheet(xlsx, "Efter kön")[3:] if r]
    if "Kön" not in tables:
        assert "Resultat efter kön Redovisas inte, eftersom små antal" in text
        assert sheet[1][0].startswith("Redovisas inte") and "Kön" not in charts
        assert not {"Kvinna", "Annat", "Uppgift saknas"} & {c for r in sheet for c in r}
        assert "efter kön:" not in alt.lower()
        return
    table = tables["Kön"]
    assert [r[: len(table[0])] for r in sheet[: len(table)]] == table
    published = _published(table, total, [(int(summa[2]), int(summa[1]))], len(shown_items))
    assert not any(isinstance(r, int) and 0 < r < THRESHOLD for r in published.rows)
    values = feasible(published)
    sizes = {label: sum(1 for k in kon if (k or "Uppgift saknas") == label)
             for label in {r[0] for r in table[1:]}}
    inherent = {"h": summa[2] == "0", "n": summa[2] == summa[1], "o": summa[1] == "0"}
    for g, row in enumerate(table[1:]):
        if row[1].isdigit():
            continue
        assert sizes[row[0]] in values["s", str(g)]  # the solver is sound
        assert len(values["s", str(g)]) >= 2, (row, values["s", str(g)])
        for key in ("h", "o", "n"):
            if not inherent[key]:
                assert len(values[key, str(g), "0"]) >= 2, (row, key, values[key, str(g), "0"])
        assert f"{row[0]} dolt" in alt  # the chart's alt text hides it too
    for key, found in values.items():
        if key[0] == "h" and table[1 + int(key[1])][1].isdigit() and not inherent["n"]:
            assert len(found) >= 2, (key, found)  # a hidden cell in a shown row
    # The chart's data table: the same n, and a percentage only where the count is shown.
    for chart_row, row in zip(charts["Kön"][1:], table[1:], strict=True):
        assert chart_row[:2] == row[:2]
        assert chart_row[2] in ("dolt", "–") if not re.match(r"\d+ av", row[2]) else \
            chart_row[2].endswith("%")


def test_an_earlier_period_is_published_under_the_same_rule(cli: Cli, tmp_path: Path) -> None:
    """The comparison repeats earlier periods: their small person-attribute items are hidden
    there too, and left out of their Summa."""
    counts = tmp_path / "antal.csv"
    write_csv(counts, [["kontrollmoment", "helt", "delvis", "saknas"],
                       ["ansokan", "15", "5", "0"], ["barnperspektiv", "1", "0", "1"]])
    cli.ok("review", "counts", "ekonomiskt-bistand", "--label", "Maj -24", "--date",
           "2024-05-20", counts)
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -24", "--date",
                    "2024-11-20").strip()
    rows = [["lopnummer", "kon", "barn_i_hushallet", *EB_ITEMS]]
    rows += [[str(n), "Kvinna" if n % 2 else "Man", "ja" if n < 12 else "nej",
              *[("" if key == "barnperspektiv" and n >= 12 else "helt") for key in EB_ITEMS]]
             for n in range(1, 21)]
    cli.ok("review", "import", review, write_csv(tmp_path / "b.csv", rows))
    before = tmp_path / "fore.xlsx"
    cli.ok("export", review, "--out", before)
    child = [r for r in _sheet(before, "Jämförelse") if r and "barnperspektivet" in r[0]]
    assert child[0][2:] == ["2", "11"]  # shown while the setting is off
    cli.ok("settings", "--set", f"small_counts={THRESHOLD}")
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    cli.ok("report", review, "--out", pdf)
    cli.ok("export", review, "--out", xlsx)
    rows_pdf = [r for t in _tables_pdf(pdf) if t[0][0] == "Kontrollmoment" and len(t[0]) == 3
                and t[0][1:] == ["Maj -24", "Nov -24"] for r in t]
    at = next(n for n, r in enumerate(rows_pdf) if "barnperspektivet" in r[0])
    assert rows_pdf[at][1:] == ["dolt", "n=11"]
    assert [r[1] for r in rows_pdf[at + 1: at + 4]] == ["dolt"] * 3
    summa = next(r for r in rows_pdf if r[0] == "Summa helt")
    assert summa[1:] == ["75 %", "100 %"]  # May: 15 of ansokan's 20; the child item left out
    child = [r for r in _sheet(xlsx, "Jämförelse") if r and "barnperspektivet" in r[0]]
    assert all(r[2] == "dolt" for r in child) and child[0][3] == "11"
