"""The GUI path on real widgets (offscreen): draw through the dialog, score by keyboard."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget

from internkontroll.paths import AppPaths
from internkontroll.store.reviews import list_cases, list_reviews
from internkontroll.ui import messages
from internkontroll.ui.dialogs.new_review import DRAW, NewReviewDialog
from internkontroll.ui.dialogs.sample import SampleDialog
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from tests.core.test_personnummer import pnr
from tests.importers.population_data import population_rows, write_population_csv

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out


@pytest.fixture
def window(qtbot, db_path: Path) -> MainWindow:
    main = MainWindow(AppPaths.resolve(str(db_path)), Tasks(ImmediateExecutor()))
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.open_database(interactive=False)
    return main


def modal(kind: type) -> Any:
    """The dialog a menu action has just opened with ``exec()``."""
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def run_modal(step: Any) -> Callable[[], None]:
    """A timer callback driving a modal dialog; a failed check closes the dialog, so the test
    fails instead of hanging in ``exec()``, and is raised again afterwards."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            step()
        except BaseException as error:  # noqa: BLE001 (re-raised by the caller)
            failures.append(error)
            widget = QApplication.activeModalWidget()
            while isinstance(widget, QDialog):
                widget.reject()
                widget = widget.parentWidget()

    def check() -> None:
        if failures:
            raise failures[0]

    QTimer.singleShot(0, run)
    return check


def draw_through_dialog(window: MainWindow, qtbot, tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch) -> int:
    """Ctrl+N → Nytt kontrolltillfälle → draw from a file → Dra urval, as a user would."""
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(80))
    worklist = tmp_path / "arbetslista.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(worklist), ""))

    def in_sample_dialog() -> None:
        dialog = modal(SampleDialog)
        dialog.set_file(population)
        assert dialog.header_row.value() == 4  # title rows skipped, as detected
        assert dialog.case_column.currentText() == "Ärendenummer"
        assert dialog.spread.currentText() == "Handläggare"  # guessed
        assert dialog.filter_column.currentText() == "Försörjningshinder"
        assert {k: c.currentText() for k, c in dialog.attribute_columns.items()} == {
            "handlaggare": "Handläggare", "kon": "Kön", "barn_i_hushallet": "Barn i hushållet"}
        assert dialog.date_column.currentText() == "Beslutsdatum"  # the period is a condition
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
        dialog.sample_size.setValue(20)
        dialog.reserves.setValue(3)
        dialog.draw()

    def in_new_review() -> None:
        dialog = modal(NewReviewDialog)
        dialog.control.setCurrentIndex(dialog.control.findData("ekonomiskt-bistand"))
        dialog.label.setText("Nov -22")
        dialog.date.setDate(QDate(2022, 11, 17))
        dialog.with_period.setChecked(True)
        dialog.period_start.setDate(QDate(2022, 4, 1))
        dialog.period_end.setDate(QDate(2022, 9, 30))
        assert dialog.sources.checkedId() == DRAW  # the first choice, already picked
        inner.append(run_modal(in_sample_dialog))
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Fortsätt

    inner: list[Callable[[], None]] = []
    outer = run_modal(in_new_review)
    window.new_action.trigger()
    outer()
    for check in inner:
        check()
    assert worklist.exists() and window.scoring is not None  # scoring opens on the new review
    review_id = window.scoring.review_id
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(worklist)).get_sheet_by_name("Arbetslista")
    assert sheet.to_python()[3] == ["Löpnummer", "Roll", "Ärendenummer", "Personnummer"]
    assert len(sheet.to_python()[4:]) == 23
    return int(review_id)


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
    path = window.paths.target
    window.close()
    png = tmp_path / "bedomning.png"
    assert main(["--db", str(path), "--screenshot", str(png), "--view", "scoring",
                 "--review", str(review_id)]) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1366, 768)


def score_all(window: MainWindow, qtbot) -> None:
    view = window.scoring
    while not view.progress.text().startswith("20 av 20"):
        qtbot.keyClick(view, Qt.Key.Key_1)


def test_report_and_export_from_the_menu(window: MainWindow, qtbot, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import zipfile

    from python_calamine import CalamineWorkbook

    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    score_all(window, qtbot)
    # The draw is random: should one sex have fewer than 5 cases, the save asks first.
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: True)
    with window.db.session() as session:
        helt = sum(1 for c in list_cases(session, review_id) if c.role == "case"
                   for v in c.answers.values() if v == "helt")
    for name, action in (("redovisning.pdf", window.report_action),
                         ("redovisning.docx", window.report_action),
                         ("tabeller.xlsx", window.export_action)):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, target=target, **k: (str(target), ""))
        action.trigger()
        assert target.exists(), name
        assert window.statusBar().currentMessage() == f"Sparad: {target}"
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "redovisning.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Nov -22" in text and "Helt 100" in text.replace("\u00a0", " ")
    with zipfile.ZipFile(tmp_path / "redovisning.docx") as docx:
        assert "Nov -22" in docx.read("word/document.xml").decode()
    sheet = CalamineWorkbook.from_path(str(tmp_path / "tabeller.xlsx")).get_sheet_by_name(
        "Resultat").to_python()
    summa = next(row for row in sheet if row and row[0] == "Summa")
    assert helt in summa


def test_column_choices_are_kept_for_the_next_file_of_the_same_layout(
        window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(40))
    text = population.read_text(encoding="cp1252").replace("Barn i hushållet", "Barnfamilj")
    population.write_text(text, encoding="cp1252")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: None)  # no work list wanted
    with window.db.session() as session:
        from internkontroll.store.templates import latest_template

        _, template = latest_template(session, "ekonomiskt-bistand")
    spec = {"template_key": template.key, "label": "Maj -23", "when": "2023-05-10",
            "period": None}
    dialog = SampleDialog(window.db, window.tasks, template, spec)
    qtbot.addWidget(dialog)
    dialog.set_file(population)
    combo = dialog.attribute_columns["barn_i_hushallet"]
    assert combo.currentText() == "– ingen –"  # not a header the app knows
    combo.setCurrentIndex(combo.findText("Barnfamilj"))
    dialog.draw()
    with window.db.session() as session:
        cases = list_cases(session, dialog.review_id or 0)
    assert {c.attributes.get("barn_i_hushallet") for c in cases} == {"ja", "nej"}
    again = SampleDialog(window.db, window.tasks, template, spec | {"label": "Nov -23"})
    qtbot.addWidget(again)
    again.set_file(population)
    assert again.attribute_columns["barn_i_hushallet"].currentText() == "Barnfamilj"


def test_a_worklist_not_saved_is_made_again_from_the_menu(
        window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dokument → Arbetslista igen: the same file gives the stored draw's list; another file
    and a draw among löpnummer are refused in one Swedish line, and nothing is written."""
    from python_calamine import CalamineWorkbook

    from internkontroll.ops.sampling import Choices, NewReview, draw_sample
    from tests.conftest import dump

    population = write_population_csv(tmp_path / "beslut.csv", population_rows(40))
    saved: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(saved[-1]), "") if saved else ("", ""))
    said: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda parent, text: said.append(text))
    with window.db.session() as session:
        from internkontroll.store.templates import latest_template

        _, template = latest_template(session, "ekonomiskt-bistand")
    dialog = SampleDialog(window.db, window.tasks, template,
                          {"template_key": template.key, "label": "Maj -23",
                           "when": "2023-05-10", "period": None})
    qtbot.addWidget(dialog)
    dialog.set_file(population)
    dialog.sample_size.setValue(8)
    dialog.draw()  # the user chooses no file for the arbetslista
    assert len(said) == 1 and "Dokument → Arbetslista igen" in said[0]
    review_id = dialog.review_id or 0
    window.refresh(select=review_id)
    assert window.worklist_action.isEnabled()

    chosen = [population]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen[-1]), ""))
    saved.append(tmp_path / "arbetslista.xlsx")
    window.worklist_action.trigger()
    rows = CalamineWorkbook.from_path(str(saved[-1])).get_sheet_by_index(0).to_python()
    listed = {(int(row[0]), row[1], row[2]) for row in rows if isinstance(row[0], float)}
    with window.db.session() as session:
        stored = {(c.number, "Urval" if c.role == "case" else "Reserv", c.reference)
                  for c in list_cases(session, review_id)}
    assert listed == stored and len(listed) == 8 + dialog.reserves.value()

    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, *a: errors.append(text))
    chosen.append(write_population_csv(tmp_path / "annan.csv", population_rows(41)))
    saved.append(tmp_path / "annan-arbetslista.xlsx")
    window.db.engine.dispose()
    before = dump(window.paths.target)
    window.worklist_action.trigger()
    window.db.engine.dispose()
    assert dump(window.paths.target) == before and not saved[-1].exists()
    numbered = draw_sample(window.db, NewReview("ekonomiskt-bistand", "Nov -23"),
                           Choices(None, 5, from_range=30)).value.review_id
    window.refresh(select=numbered)
    window.worklist_action.trigger()
    assert len(errors) == 2 and all(len(e) <= 300 and "\n" not in e for e in errors), errors
    assert "redan ett urval, draget ur beslut.csv" in errors[0] and "löpnummer" in errors[1]


def test_every_control_has_an_accessible_name(window: MainWindow, qtbot, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
    )

    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    window.open_review(review_id)
    with window.db.session() as session:
        from internkontroll.store.templates import latest_template

        _, template = latest_template(session, "ekonomiskt-bistand")
    dialogs = [NewReviewDialog(window.db, window.tasks, window),
               SampleDialog(window.db, window.tasks, template,
                            {"template_key": template.key, "label": "x", "when": "2023-01-01",
                             "period": None}, window)]
    kinds = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit,
             QPlainTextEdit)
    unnamed = []
    for top in [window, *dialogs]:
        for widget in top.findChildren(QWidget):
            parent = widget.parent()
            if not isinstance(widget, kinds) or not widget.isVisibleTo(top) or \
                    isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractItemView)):
                continue  # parts of a composite control, which carries the name
            name = widget.accessibleName() or (widget.text().replace("&", "")
                                               if isinstance(widget, QAbstractButton) else "")
            if not name.strip():
                unnamed.append(f"{type(widget).__name__} {widget.objectName()} in "
                               f"{type(top).__name__}")
    assert unnamed == [], "\n".join(unnamed)


def test_new_review_like_last_time_carries_the_settings_over(
        window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys) -> None:
    from internkontroll.store.sampling import get_record
    from internkontroll.store.texts import get_texts
    from tests.conftest import Cli

    cli = Cli(window.paths.target, capsys)
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(80))
    window.close()  # the command line takes the writer lock
    first = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Maj -22", "--date",
                   "2022-05-19", "--period-start", "2021-10-01", "--period-end",
                   "2022-03-31").strip()
    cli.ok("sample", first, "--population", population, "--size", "12", "--reserves", "4",
           "--spread", "handläggare", "--where",
           "försörjningshinder=Föräldraledig,Sjukskriven\\, med läkarintyg",
           "--between", "beslutsdatum=2021-10-01..2022-03-31")
    texts = tmp_path / "texter.toml"
    texts.write_text('sammanfattning = "Som förra året."\ndiarienummer = "SN 2022/7"\n'
                     '[kommentar]\nansokan = "Tydligt."\n', encoding="utf-8")
    cli.ok("review", "texts", first, "--from", texts)
    window.open_database(interactive=False)
    window.refresh()
    window.select_review(int(first))
    worklist = tmp_path / "arbetslista.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(worklist), ""))

    def in_sample_dialog() -> None:
        dialog = modal(SampleDialog)
        dialog.set_file(population)
        assert dialog.spread.currentText() == "Handläggare"
        assert dialog.filter_column.currentText() == "Försörjningshinder"
        ticked = sorted(dialog.filter_values.item(n).text()
                        for n in range(dialog.filter_values.count())
                        if dialog.filter_values.item(n).checkState() == Qt.CheckState.Checked)
        assert ticked == ["Föräldraledig", "Sjukskriven, med läkarintyg"]
        assert dialog.date_column.currentText() == "Beslutsdatum"
        assert dialog.date_from.date() == QDate(2022, 4, 1)  # the next period
        assert (dialog.sample_size.value(), dialog.reserves.value()) == (12, 4)
        dialog.draw()

    def in_new_review() -> None:
        dialog = modal(NewReviewDialog)
        assert dialog.control.currentData() == "ekonomiskt-bistand"
        assert dialog.with_period.isChecked()
        assert (dialog.period_start.date(), dialog.period_end.date()) == (
            QDate(2022, 4, 1), QDate(2022, 9, 30))
        assert dialog.sources.checkedId() == DRAW
        dialog.label.setText("Nov -22")
        inner.append(run_modal(in_sample_dialog))
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    inner: list[Callable[[], None]] = []
    outer = run_modal(in_new_review)
    window.again_action.trigger()
    outer()
    for check in inner:
        check()
    new = window.scoring.review_id
    with window.db.session() as session:
        record = get_record(session, new).record
        copied = get_texts(session, new)
    assert record["mode"]["size"] == 12 and record["mode"]["reserves"] == 4
    assert record["filters"][0]["values"] == ["Föräldraledig", "Sjukskriven, med läkarintyg"]
    # Last period's texts are not copied: its "81 procent" would stand above new figures.
    assert copied == {}
