"""One review rendered three ways from one outline: the PDF, the Word document and the GUI's
results and preview views show the same headings, table cells and notes."""

import html
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtWidgets import QLabel, QTableWidget

from docs.make_examples import ekonomiskt_bistand, run, sip, vardighetsgarantier
from internkontroll.ops.documents import report_outline, write_docx, write_redovisning
from internkontroll.reports import outline as o
from internkontroll.store.db import open_database
from internkontroll.ui.raster import svg_to_png
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from internkontroll.ui.views.preview import PreviewView
from internkontroll.ui.views.results import ResultsView, screen_blocks

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

EB, VG, SIP, HALF = 4, 7, 10, 11  # each after its earlier periods; HALF is half scored
NBSP = "\u00a0"


def flat(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").split())


def pdf_text(data: bytes | Path) -> str:
    source = str(data) if isinstance(data, Path) else "-"
    raw = subprocess.run(["pdftotext", "-raw", source, "-"], capture_output=True, check=True,
                         input=None if isinstance(data, Path) else data).stdout
    return flat(raw.decode("utf-8"))


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("exempel")
    db = work / "exempel.sqlite"
    run(db, "settings", "--set", "kommun=Exempelby kommun", "--set", "namnd=Socialnämnden",
        "--set", "forvaltning=Socialförvaltningen")
    built = [build(db, work) for build in (ekonomiskt_bistand, vardighetsgarantier, sip)]
    assert built == [EB, VG, SIP]
    # one more kontrolltillfälle, half scored: the preliminary note and marking
    run(db, "review", "new", "sip", "--label", "Dec -24", "--date", "2024-12-10")
    run(db, "sample", HALF, "--from-range", 6, "--size", "all", "--seed", 3)
    rows = [["nr", "verksamhetsomrade", "personkategori", "sip_status"],
            ["1", "ifo", "flicka", "upprattad"], ["2", "ifo", "", ""]]
    (work / "halv.csv").write_text("\n".join(";".join(r) for r in rows) + "\n", "utf-8")
    run(db, "review", "import", HALF, work / "halv.csv")
    return db


def in_pdf(text: str, pdf: str) -> bool:
    """A block's text in the PDF's text: whole, or for a cell that wraps beside its
    neighbours, every word of it."""
    text = flat(text)
    return text in pdf or (len(text) > 12 and all(w in pdf for w in text.split()))


def screen_texts(view: ResultsView) -> tuple[list[str], list[list[list[str]]]]:
    labels = [flat(html.unescape(re.sub(r"<[^>]+>", "", label.text())))
              for label in view.widget().findChildren(QLabel)]
    tables = [[[flat(table.item(r, c).text()) for c in range(table.columnCount())]
               for r in range(table.rowCount())]
              for table in view.widget().findChildren(QTableWidget)]
    return labels, tables


@pytest.mark.parametrize("review", [EB, VG, SIP, HALF])
def test_pdf_docx_and_screen_show_the_same_blocks(examples: Path, review: int, tmp_path: Path,
                                                  qtbot) -> None:
    db = open_database(examples, write=False)
    try:
        document = report_outline(db, review).value
        pdf_path, docx_path = tmp_path / "r.pdf", tmp_path / "r.docx"
        write_redovisning(db, review, pdf_path)
        write_docx(document, docx_path, svg_to_png)
        tasks = Tasks(ImmediateExecutor())
        view = ResultsView(db, tasks, review)
        qtbot.addWidget(view)
        view.refresh()
        preview = PreviewView(db, tasks, review, "x")
        qtbot.addWidget(preview)
        preview.refresh()
    finally:
        db.close()
    pdf = pdf_text(pdf_path)
    word = Document(str(docx_path))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    paragraphs = [flat(p.text) for p in word.paragraphs]
    word_tables = [[[flat(c.text) for c in row.cells] for row in t.rows] for t in word.tables]
    labels, screen_tables = screen_texts(view)

    # the heading of the document: organisation, title, facts
    organisation = "Exempelby kommun – Socialnämnden – Socialförvaltningen"
    assert organisation in pdf and organisation in paragraphs and organisation in labels
    assert [h.text for h in document.headings()] == headings
    for heading in document.headings():
        assert in_pdf(heading.text, pdf), heading
    shown = [b for b in screen_blocks(document) if isinstance(b, o.Heading)]
    assert {"Resultat", "Diagram"} <= {h.text for h in shown}
    for heading in shown:
        assert flat(heading.text) in labels, heading
    # every table, cell for cell
    tables = document.tables()
    # the screen adds the appendix on uncertainty, which the documents leave out by default
    assert list(view.tables)[len(tables):] == ["osakerhet"]
    assert tables and len(word_tables) == len(tables) == len(screen_tables) - 1
    for table, in_word, on_screen in zip(tables, word_tables, screen_tables[:-1], strict=True):
        rows = [[flat(c) for c in r] for r in table.rows]
        assert in_word == [[flat(c) for c in r] for r in table.header_rows] + rows
        assert on_screen == rows
        for cell in (c for r in (*table.header_rows, *table.rows) for c in r if c):
            assert in_pdf(cell, pdf), cell
    # every note; advice (small groups) is for the screen only
    notes = document.notes()
    if review == EB:  # compared with earlier periods: the n = … note
        assert any(n.kind == o.N_NOTE for n in notes)
    for note in notes:
        assert flat(note.text) in pdf, note
        assert flat(note.text) in paragraphs, note
        assert flat(note.text) in labels, note
    for note in document.notes(screen=True):
        assert flat(note.text) in labels
        assert (flat(note.text) in pdf) == (note.kind != o.ADVICE)
    # the preview shows the same PDF
    assert pdf_text(preview.pdf) == pdf
    if review == HALF:
        assert any(n.kind == o.PRELIMINARY for n in notes)
        assert headings[0].startswith("Preliminär: ")
        assert pdf.count("Preliminär – kontrolltillfället är inte klart") == \
            preview.document.pageCount()


def test_both_views_refresh_from_changes_to_their_review(examples: Path, tmp_path: Path,
                                                         qtbot) -> None:
    from internkontroll.ops import Changes

    db = open_database(examples, write=False)
    try:
        tasks = Tasks(ImmediateExecutor())
        view, preview = ResultsView(db, tasks, EB), PreviewView(db, tasks, EB, "Nov -22")
        qtbot.addWidget(view)
        qtbot.addWidget(preview)
        view.refresh()
        preview.refresh()
        table, pdf = view.tables["resultat"], preview.buffer
        for widget in (view, preview):
            widget.on_changes(Changes(reviews=frozenset({VG}), texts=frozenset({SIP})))
        assert view.tables["resultat"] is table and preview.buffer is pdf
        for widget in (view, preview):
            widget.on_changes(Changes(texts=frozenset({EB})))
        assert view.tables["resultat"] is not table and preview.buffer is not pdf
    finally:
        db.close()
