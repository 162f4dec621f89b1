"""The GUI path on real widgets (offscreen): draw through the dialog, score by keyboard."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from internkontroll.paths import AppPaths
from internkontroll.store.reviews import list_cases, list_reviews
from internkontroll.store.templates import latest_template
from internkontroll.ui import messages
from internkontroll.ui.dialogs.sample import SampleDialog
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from tests.core.test_personnummer import pnr
from tests.importers.population_data import population_rows, write_population_csv


@pytest.fixture
def window(qtbot, db_path: Path) -> MainWindow:
    main = MainWindow(AppPaths(db_path), Tasks(ImmediateExecutor()))
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.open_database(interactive=False)
    return main


def draw_through_dialog(window: MainWindow, qtbot, tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch) -> int:
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(80))
    worklist = tmp_path / "arbetslista.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(worklist), ""))
    with window.db.session() as session:
        _, template = latest_template(session, "ekonomiskt-bistand")
    spec = {"template_key": template.key, "label": "Nov -22", "when": "2022-11-17",
            "period": ("2022-04-01", "2022-09-30")}
    dialog = SampleDialog(window.db, window.tasks, template, spec)
    qtbot.addWidget(dialog)
    dialog.set_file(population)
    assert dialog.header_row.value() == 4  # title rows skipped, as detected
    assert dialog.case_column.currentText() == "Ärendenummer"
    assert dialog.spread.currentText() == "Handläggare"  # guessed
    assert dialog.filter_column.currentText() == "Försörjningshinder"
    dialog.date_column.setCurrentIndex(0)  # no date condition
    dialog.load_values()
    assert dialog.filter_values.count() == 4
    dialog.show_frame()
    assert "Urvalsramen: 80 hushåll" in dialog.frame_text.text()
    assert "Fördelning:" in dialog.frame_text.text()
    ticked = [dialog.worklist_columns.item(n).text()
              for n in range(dialog.worklist_columns.count())]
    assert ticked == ["Ärendenummer", "Personnummer", "Namn"]
    dialog.worklist_columns.item(2).setCheckState(Qt.CheckState.Unchecked)  # no names
    dialog.size.setValue(20)
    dialog.reserves.setValue(3)
    dialog.draw()
    assert dialog.review_id is not None and worklist.exists()
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(worklist)).get_sheet_by_name("Arbetslista")
    assert sheet.to_python()[3] == ["Löpnummer", "Roll", "Ärendenummer", "Personnummer"]
    assert len(sheet.to_python()[4:]) == 23
    return dialog.review_id


def test_draw_then_score_every_case_by_keyboard(window: MainWindow, qtbot, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    window.refresh()
    window.open_review(review_id)
    view = window.scoring
    assert view.progress.text() == "0 av 20 ärenden klara"
    with window.db.session() as session:
        cases = [c for c in list_cases(session, review_id) if c.role == "case"]
    children = sum(1 for c in cases if c.attributes.get("barn_i_hushallet") == "ja")
    answers_needed = 20 * 6 + children
    keys = 0
    while view.progress.text() != "20 av 20 ärenden klara":
        qtbot.keyClick(view, Qt.Key.Key_1 if keys % 3 else Qt.Key.Key_2)
        keys += 1
        assert keys <= answers_needed * 2, "scoring does not advance"
    assert keys / answers_needed <= 1.1
    assert keys == answers_needed  # one key per answer, no navigation needed
    with window.db.session() as session:
        summary = next(r for r in list_reviews(session) if r.id == review_id)
        stored = [c for c in list_cases(session, review_id) if c.role == "case"]
    assert summary.status == "klar" and summary.complete_cases == 20
    assert sum(1 for c in stored for v in c.answers.values() if v == "delvis") == \
        len(range(0, keys, 3))
    assert view.saved.text().startswith("Sparat")


def test_rules_update_live_and_undo(window: MainWindow, qtbot, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    window.open_review(review_id)
    view = window.scoring
    combo = view.attribute_widgets["barn_i_hushallet"]
    combo.setCurrentIndex(combo.findData("ja"))
    combo.activated.emit(combo.currentIndex())
    child_row = view.rows[5]
    assert child_row.buttons.button(1).isEnabled()
    combo.setCurrentIndex(combo.findData("nej"))
    combo.activated.emit(combo.currentIndex())
    assert not child_row.buttons.button(1).isEnabled()
    assert child_row.buttons.button(4).isChecked()  # ej aktuellt, stored by rule
    number = view.current.number
    qtbot.keyClick(view, Qt.Key.Key_3)
    with window.db.session() as session:
        case = next(c for c in list_cases(session, review_id) if c.number == number)
    assert case.answers["ansokan"] == "saknas"
    assert case.answers["barnperspektiv"] == "ej_aktuellt"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with window.db.session() as session:
        case = next(c for c in list_cases(session, review_id) if c.number == number)
    assert "ansokan" not in case.answers
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert view.current.number == view.model.rows[1].number


def test_note_with_personnummer_is_refused_without_echo(window: MainWindow, qtbot,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    window.open_review(review_id)
    view = window.scoring
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title="": shown.append(text))
    qtbot.keyClick(view, Qt.Key.Key_2)
    number = view.current.number
    row = view.rows[0]
    secret = pnr("811218")
    row.note.setText(f"Ring {secret}")
    row.note.editingFinished.emit()
    assert shown and "personnummer" in shown[0] and secret not in shown[0]
    row.note.setText("Ansökan saknar period")
    row.note.editingFinished.emit()
    with window.db.session() as session:
        case = next(c for c in list_cases(session, review_id) if c.number == number)
    assert case.notes == {"ansokan": "Ansökan saknar period"}


def test_screenshot_of_the_scoring_view(qapp, tmp_path: Path, window: MainWindow, qtbot,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QImage

    from internkontroll.cli import main

    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    path = window.paths.db
    window.close()
    png = tmp_path / "bedomning.png"
    assert main(["--db", str(path), "--screenshot", str(png), "--view", "scoring",
                 "--review", str(review_id)]) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1366, 768)
