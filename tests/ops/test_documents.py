"""Every document through one operation: the command line and the GUI's save_document make the
same files, and the blank assessment file, filled in, is read back by review import."""

import json
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from python_calamine import CalamineWorkbook

from internkontroll.ops import documents
from internkontroll.store.db import open_database
from internkontroll.store.reviews import list_cases
from internkontroll.ui import messages
from internkontroll.ui.documents import KINDS, save_document
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from tests.cli.helpers import EB_ITEMS
from tests.conftest import Cli
from tests.reports.test_findings import half_scored


def pdf_lines(path: Path) -> list[str]:
    """The text of a PDF without its lines that carry the time it was made."""
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [line for line in text.splitlines() if "Dragen" not in line]


def sheet_cells(path: Path) -> dict[str, list[list[object]]]:
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


def gui_save(qtbot, db_path: Path, review: int, out: Path, kind: str,
             answers: list[bool] | None = None) -> list[str]:
    """Save through the GUI's save_document on a real widget; returns the questions asked."""
    asked: list[str] = []
    replies = list(answers or [])

    def ask(parent: object, title: str, text: str) -> bool:
        asked.append(text)
        return replies.pop(0)

    owner = QWidget()
    qtbot.addWidget(owner)
    db = open_database(db_path, write=True)
    saved: list[Path] = []
    errors: list[BaseException] = []
    mp = pytest.MonkeyPatch()
    mp.setattr(messages, "ask_yes_no", ask)
    try:
        save_document(owner, db, Tasks(ImmediateExecutor()), review, out, kind, saved.append,
                      errors.append)
    finally:
        mp.undo()
        db.close()
    assert errors == []
    assert saved == ([out] if out.exists() else [])
    return asked


@pytest.fixture
def review(cli: Cli, tmp_path: Path) -> str:
    review = half_scored(cli, tmp_path)
    return review


def test_cli_and_gui_make_the_same_documents(cli: Cli, review: str, db_path: Path,
                                             tmp_path: Path, qtbot) -> None:
    made = {"redovisning": ("report", ".pdf", []), "tabeller": ("export", ".xlsx", []),
            "urvalsprotokoll": ("report", ".pdf", ["--internal", "urvalsprotokoll"]),
            "avvikelselista": ("report", ".pdf", ["--internal", "avvikelser"]),
            "bedomningsfil": ("review", ".xlsx", [])}
    assert set(made) == set(KINDS)
    for kind, (command, suffix, extra) in made.items():
        by_cli, by_gui = tmp_path / f"cli-{kind}{suffix}", tmp_path / f"gui-{kind}{suffix}"
        args = ["blank", review] if command == "review" else [review]
        cli.ok(command, *args, "--out", by_cli, *extra)
        asked = gui_save(qtbot, db_path, int(review), by_gui, kind,
                         [True, True] if kind in ("redovisning", "tabeller") else [])
        if suffix == ".pdf":
            assert pdf_lines(by_gui) == pdf_lines(by_cli), kind
        else:
            assert sheet_cells(by_gui) == sheet_cells(by_cli), kind
        # the nämnd's documents ask first: the review is half scored
        assert bool(asked) == (kind in ("redovisning", "tabeller")), kind
    docx_cli, docx_gui = tmp_path / "cli.docx", tmp_path / "gui.docx"
    cli.ok("report", review, "--out", docx_cli)
    gui_save(qtbot, db_path, int(review), docx_gui, "redovisning", [True, True])
    from docx import Document

    assert [p.text for p in Document(str(docx_gui)).paragraphs] == \
        [p.text for p in Document(str(docx_cli)).paragraphs]


def test_the_gui_says_what_is_missing_and_saves_nothing_when_told_no(
        review: str, db_path: Path, tmp_path: Path, qtbot, cli: Cli) -> None:
    cli.ok("settings", "--set", "kommun=")
    out = tmp_path / "r.pdf"
    asked = gui_save(qtbot, db_path, int(review), out, "redovisning", [False])
    assert not out.exists()
    assert len(asked) == 1
    question = asked[0]
    assert "17 av 19 ärenden är inte färdigbedömda." in question
    assert "Uppgift om barn i hushållet saknas i 17 ärenden." in question
    assert "Kommunens namn saknas i inställningarna" in question
    assert "Preliminär" in question and "Vill du ändå spara" in question


def test_results_json_is_one_operation(cli: Cli, review: str, db_path: Path) -> None:
    by_cli = json.loads(cli.ok("results", review, "--json"))
    db = open_database(db_path, write=False)
    try:
        assert documents.results_json(db, int(review)).value == by_cli
    finally:
        db.close()


def test_a_filled_in_blank_file_is_imported(cli: Cli, review: str, db_path: Path,
                                            tmp_path: Path) -> None:
    from openpyxl import load_workbook

    blank = tmp_path / "tom.xlsx"
    out = cli.ok("review", "blank", review, "--out", blank)
    assert "tom.xlsx är sparad" in out and "review import" in out
    book = load_workbook(blank)
    sheet = book["Bedömningar"]
    headers = [c.value for c in sheet[1]]
    assert headers[0] == "lopnummer" and headers[-len(EB_ITEMS):] == EB_ITEMS
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == list(range(1, 20))
    for row in sheet.iter_rows(min_row=2):
        for cell, header in zip(row, headers, strict=True):
            if header == "barn_i_hushallet" and row[0].value > 2:
                cell.value = "Nej"
            elif header in EB_ITEMS and header != "barnperspektiv":
                cell.value = "Delvis"
            elif header == "kon":
                cell.value = "Kvinna"
    book.save(blank)
    cli.ok("review", "import", review, blank)
    db = open_database(db_path, write=False)
    try:
        with db.session() as session:
            cases = [c for c in list_cases(session, int(review)) if c.role == "case"]
    finally:
        db.close()
    assert [c.attributes["barn_i_hushallet"] for c in cases] == ["ja"] * 2 + ["nej"] * 17
    assert all(c.attributes["kon"] == "kvinna" for c in cases)
    assert all(c.answers["beslut"] == "delvis" for c in cases)
    listed = cli.ok("review", "list")
    assert "klar" in listed and "19 av 19 ärenden klara" in listed
