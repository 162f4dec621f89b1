"""Dokument → Läs in ifylld bedömningsfil: the blank file the GUI saves, filled in elsewhere,
comes back through the GUI, after a question; a bad file changes nothing."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from internkontroll.store.reviews import list_cases
from internkontroll.ui import messages
from internkontroll.ui.main_window import MainWindow
from tests.conftest import dump
from tests.ui.test_scoring import draw_through_dialog, window

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

__all__ = ["window"]  # the fixture, shared with the scoring tests


def _fill(blank: Path, rating: str) -> None:
    from openpyxl import load_workbook

    book = load_workbook(blank)
    sheet = book["Bedömningar"]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for cell, header in zip(row, headers, strict=True):
            if header in ("ansokan", "beslut"):
                cell.value = rating
    book.save(blank)


def test_a_filled_in_blank_file_is_read_back_from_the_menu(
        window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    blank = tmp_path / "bedomningsfil.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blank), ""))
    window.blank_action.trigger()
    assert blank.exists()
    _fill(blank, "Delvis")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(blank), ""))

    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_yes_no",
                        lambda parent, title, text: asked.append(text) or False)
    window.db.engine.dispose()
    before = dump(window.paths.target)
    window.read_back_action.trigger()  # the user says no: nothing is read
    assert "ersätter de sparade svaren" in asked[0] and "bedomningsfil.xlsx" in asked[0]
    window.db.engine.dispose()
    assert dump(window.paths.target) == before

    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: True)
    window.read_back_action.trigger()
    with window.db.session() as session:
        cases = [c for c in list_cases(session, review_id) if c.role == "case"]
    assert len(cases) == 20
    assert all(c.answers["ansokan"] == c.answers["beslut"] == "delvis" for c in cases)
    assert window.statusBar().currentMessage() == \
        "Svaren inlästa för 20 ärenden från bedomningsfil.xlsx."
    view = window.scoring  # the open case shows the answers read in
    assert view.rows[0].buttons.checkedId() == 2

    _fill(blank, "Kanske")  # not a rating of the template: one Swedish line, nothing written
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, *a: errors.append(text))
    window.db.engine.dispose()
    before = dump(window.paths.target)
    window.read_back_action.trigger()
    assert len(errors) == 1 and "Kanske" in errors[0] and len(errors[0]) <= 300
    assert "Traceback" not in errors[0]
    window.db.engine.dispose()
    assert dump(window.paths.target) == before
