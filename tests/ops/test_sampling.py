"""Drawing and replacing through the command line and through the sampling dialog give the same
stored cases and sampling record, and the point-6 findings of the sampling slice."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog
from python_calamine import CalamineWorkbook

from internkontroll.ops.sampling import carry_over
from internkontroll.ops.templates import controls
from internkontroll.paths import AppPaths
from internkontroll.ui import messages
from internkontroll.ui.dialogs import new_review as new_review_module
from internkontroll.ui.dialogs.new_review import BY_HAND, NewReviewDialog, default_label
from internkontroll.ui.dialogs.sample import SampleDialog
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from tests.conftest import Cli, write_csv
from tests.importers.population_data import population_rows, write_population_csv
from tests.ops.scoring_data import twin
from tests.servers import query

TWELVE = [f"Handläggare {chr(65 + n)}" for n in range(12)]


@pytest.fixture(autouse=True)
def no_unexpected_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box a test did not ask for fails it; errors are collected instead."""
    errors: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"unexpected message box: {args[1:]}")

    for name in ("ask_yes_no", "show_info", "ask_text", "ask_choice"):
        monkeypatch.setattr(messages, name, refuse)
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, text, *a, **k: errors.append(str(text)))
    return errors


def _window(qtbot: Any, path: Path) -> MainWindow:
    window = MainWindow(AppPaths.resolve(str(path)), Tasks(ImmediateExecutor()))
    qtbot.addWidget(window)
    window.open_database(interactive=False)
    return window


def _dialog(window: MainWindow, qtbot: Any, label: str, key: str = "ekonomiskt-bistand",
            period: tuple[str, str] | None = None) -> SampleDialog:
    template = next(t for t in controls(window.db).value if t.key == key)
    dialog = SampleDialog(window.db, window.tasks, template,
                          {"template_key": key, "label": label, "when": "2022-11-17",
                           "period": period}, window)
    qtbot.addWidget(dialog)
    return dialog


def _stored(path: Path, review: int) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    """The review's cases and its sampling record, without who drew it when."""
    cases = query(path, "SELECT number, reference, role, attributes, fields FROM review_case "
                        "WHERE review_id=? ORDER BY number", (review,))
    [(stored,)] = query(path, "SELECT record FROM sampling_record WHERE review_id=?", (review,))
    record = stored if isinstance(stored, dict) else json.loads(stored)
    for key in ("time", "user", "review"):
        record.pop(key)
    for replacement in record["replacements"]:
        replacement.pop("time")
        replacement.pop("user")
    return cases, record


def _twin(db_path: Path | str) -> Path | str:
    """A second fresh database: the GUI's, beside the command line's."""
    return twin(db_path, "gui.sqlite")


def test_draw_and_replace_through_the_cli_and_the_dialog_store_the_same(
        qtbot: Any, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(80))
    gui_db = _twin(db_path)
    cli = Cli(db_path, capsys)
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22", "--date",
                    "2022-11-17").strip()
    out = cli.ok("sample", review, "--population", population, "--size", "12", "--reserves",
                 "4", "--spread", "Handläggare", "--seed", "424242", "--worklist",
                 tmp_path / "cli.xlsx")
    assert "Frö: 424242." in out
    replaced = cli.ok("review", "replace", review, "2", "--reason", "akten saknas")

    window = _window(qtbot, gui_db)
    dialog = _dialog(window, qtbot, "Nov -22")
    dialog.set_file(population)
    assert dialog.spread.currentText() == "Handläggare"
    dialog.sample_size.setValue(12)
    dialog.reserves.setValue(4)
    dialog.seed.setText("424242")  # the same draw again, as the command line's --seed
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "gui.xlsx"), ""))
    dialog.draw()
    assert dialog.review_id is not None and "Slumptal (seed): 424242" in \
        dialog.frame_text.text()
    window.open_review(dialog.review_id)
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "akten saknas")
    window.scoring.show_case(2)
    window.scoring.replace_current()

    cli_cases, cli_record = _stored(db_path, int(review))
    gui_cases, gui_record = _stored(gui_db, dialog.review_id)
    assert gui_cases == cli_cases
    assert gui_record == cli_record
    assert cli_record["seed"] == 424242 and len(cli_record["replacements"]) == 1
    by = cli_record["replacements"][0]["by"]
    assert f"Ärende 2 är ersatt av reserven med löpnummer {by}." in replaced
    lists = [CalamineWorkbook.from_path(str(tmp_path / f"{n}.xlsx"))
             .get_sheet_by_name("Arbetslista").to_python()[3:] for n in ("cli", "gui")]
    assert lists[0] == lists[1] and len(lists[0]) == 17


def _twelve_caseworkers(tmp_path: Path) -> Path:
    rows = [["Ärendenummer", "Handläggare"]]
    rows += [[f"EB-2022-{n:03d}", TWELVE[n % 12]] for n in range(60)]
    return write_csv(tmp_path / "tolv.csv", rows)


def _without_reserve(record: dict[str, Any]) -> int:
    """A drawn case whose group got no reserve."""
    with_reserve = {tuple(o["stratum"]) for o in record["order"] if o["role"] == "reserve"}
    return next(o["lopnummer"] for o in record["order"]
                if o["role"] == "case" and tuple(o["stratum"]) not in with_reserve)


def test_a_group_without_reserves_takes_the_next_reserve_of_another_and_says_so(
        qtbot: Any, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """12 handläggare, 12 cases and 3 reserves: 9 groups have no reserve of their own.
    Before, replacing one of their cases failed ("ingen oanvänd reserv i samma grupp")."""
    population = _twelve_caseworkers(tmp_path)
    gui_db = _twin(db_path)
    cli = Cli(db_path, capsys)
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    cli.ok("sample", review, "--population", population, "--size", "12", "--reserves", "3",
           "--spread", "Handläggare", "--seed", "5")
    _, record = _stored(db_path, int(review))
    number = _without_reserve(record)
    first_reserve = min(o["lopnummer"] for o in record["order"] if o["role"] == "reserve")
    group = next(" / ".join(o["stratum"]).strip(" /") for o in record["order"]
                 if o["lopnummer"] == number)
    reserve_group = next(" / ".join(o["stratum"]).strip(" /") for o in record["order"]
                         if o["lopnummer"] == first_reserve)
    out = cli.ok("review", "replace", review, str(number), "--reason", "akten saknas")
    assert out.strip() == (f"Ärende {number} är ersatt av reserven med löpnummer "
                           f"{first_reserve}. Gruppen {group} hade ingen reserv kvar, så "
                           f"reserven kommer från gruppen {reserve_group}.")
    _, record = _stored(db_path, int(review))
    assert record["replacements"][0]["other_group"] == {"from": group, "to": reserve_group}
    pdf = tmp_path / "urval.pdf"
    cli.ok("report", review, "--internal", "urvalsprotokoll", "--out", pdf)
    import pypdf

    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
                    .split())
    assert f"gruppen {group} hade ingen reserv kvar" in text

    window = _window(qtbot, gui_db)  # the same replacement from the scoring view
    dialog = _dialog(window, qtbot, "Nov -22")
    dialog.set_file(population)
    dialog.sample_size.setValue(12)
    dialog.reserves.setValue(3)
    dialog.seed.setText("5")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: None)
    dialog.draw()
    window.open_review(dialog.review_id)
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "akten saknas")
    window.scoring.show_case(number)
    window.scoring.replace_current()
    assert _stored(gui_db, dialog.review_id) == _stored(db_path, int(review))


def test_a_typed_path_is_read_by_enter_and_by_urvalsram_and_enter_never_draws(
        qtbot: Any, db_path: Path, tmp_path: Path,
        no_unexpected_message_boxes: list[str]) -> None:
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(80))
    window = _window(qtbot, db_path)
    dialog = _dialog(window, qtbot, "Nov -22")
    dialog.show()
    dialog.path.setFocus()
    qtbot.keyClicks(dialog.path, str(population))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.case_column.currentText() == "Ärendenummer"  # the typed file was read
    assert not any(b.isDefault() for b in (dialog.draw_button, dialog.frame_button))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.review_id is None and dialog.isVisible()  # Enter did not draw
    assert no_unexpected_message_boxes == []

    again = _dialog(window, qtbot, "Maj -23")
    again.path.setText(str(population))  # typed, no Enter: Visa urvalsram reads it first
    again.show_frame()
    assert no_unexpected_message_boxes == []
    assert "Urvalsramen: 80 hushåll" in again.frame_text.text()
    assert query(db_path, "SELECT count(*) FROM review") == [(0,)]


def test_an_unchosen_case_column_is_said_in_the_words_of_the_dialog(
        qtbot: Any, db_path: Path, tmp_path: Path,
        no_unexpected_message_boxes: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(20))
    window = _window(qtbot, db_path)
    dialog = _dialog(window, qtbot, "Nov -22")
    dialog.set_file(population)
    dialog.header_row.setValue(3)  # an empty row: no column to choose
    assert dialog.case_column.count() == 0
    dialog.show_frame()
    dialog.draw()
    assert no_unexpected_message_boxes == [
        "Välj vilken kolumn som innehåller ärendenumret."] * 2
    window.close()
    cli = Cli(db_path, capsys)  # the command line keeps its own words for its options
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    code, _, err = cli("sample", review, "--population", population, "--size", "2",
                       "--map", "arende=")
    assert code == 3 and "--map 'arende=' ska skrivas FÄLT=RUBRIK." in err


def test_date_fields_take_a_typed_date_and_keep_the_calendar(qtbot: Any, db_path: Path,
                                                            tmp_path: Path) -> None:
    window = _window(qtbot, db_path)
    new = NewReviewDialog(window.db, window.tasks, window)
    sample = _dialog(window, qtbot, "Nov -22")
    qtbot.addWidget(new)
    for field in (new.date, new.period_start, sample.date_from, sample.date_to):
        field.setEnabled(True)
        field.lineEdit().selectAll()
        qtbot.keyClicks(field, "2022-11-15")
        assert field.date() == QDate(2022, 11, 15), field.accessibleName()
        assert field.calendarPopup()
    sample.date_to.lineEdit().selectAll()
    qtbot.keyClicks(sample.date_to, "1/4 2023")
    qtbot.keyClick(sample.date_to, Qt.Key.Key_Return)
    assert sample.date_to.date() == QDate(2023, 4, 1)


def test_the_default_label_is_the_controls_next_reporting_month(
        qtbot: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_label(date(2026, 12, 2), [5, 11]) == "Maj -27"
    assert default_label(date(2026, 11, 30), [5, 11]) == "Nov -26"
    assert default_label(date(2026, 6, 1), []) == "Jun -26"

    class Today(QDate):
        @staticmethod
        def currentDate() -> QDate:  # noqa: N802 (Qt's name)
            return QDate(2026, 12, 2)

    monkeypatch.setattr(new_review_module, "QDate", Today)
    window = _window(qtbot, db_path)
    dialog = NewReviewDialog(window.db, window.tasks, window)
    qtbot.addWidget(dialog)
    labels = {}
    for key in ("ekonomiskt-bistand", "sip", "vardighetsgarantier"):
        dialog.control.setCurrentIndex(dialog.control.findData(key))
        labels[key] = dialog.label.text()
    assert labels == {"ekonomiskt-bistand": "Maj -27", "sip": "Apr -27",
                      "vardighetsgarantier": "Mar -27"}
    dialog.label.selectAll()
    qtbot.keyClicks(dialog.label, "Extra -26")
    dialog.control.setCurrentIndex(dialog.control.findData("sip"))
    assert dialog.label.text() == "Extra -26"  # the user's own label stays


def test_like_last_time_carries_the_draw_over_but_not_the_texts(
        qtbot: Any, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(db_path, capsys)
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(80))
    drawn = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Maj -22",
                   "--period-start", "2021-10-01", "--period-end", "2022-03-31").strip()
    cli.ok("sample", drawn, "--population", population, "--size", "all", "--spread",
           "handläggare", "--where", "försörjningshinder=Föräldraledig")
    numbered = cli.ok("review", "new", "sip", "--label", "Apr -22").strip()
    cli.ok("sample", numbered, "--from-range", "30", "--size", "6")
    texts = tmp_path / "texter.toml"
    texts.write_text('sammanfattning = "81 procent var bra."\nanalys = "Bra."\n',
                     encoding="utf-8")
    cli.ok("review", "texts", numbered, "--from", texts)
    window = _window(qtbot, db_path)
    carry = carry_over(window.db, int(drawn)).value
    assert (carry.period, carry.size, carry.spread, carry.where, carry.sampled) == (
        ("2022-04-01", "2022-09-30"), None, "handläggare", [("Försörjningshinder",
                                                             ["Föräldraledig"])], True)
    assert not hasattr(carry, "texts")
    dialog = NewReviewDialog(window.db, window.tasks, window, int(numbered))
    qtbot.addWidget(dialog)
    assert dialog.sources.checkedId() == BY_HAND and dialog.count.value() == 6
    dialog.label.setText("Nov -22")
    dialog.accept()
    assert dialog.review_id is not None
    [(stored,)] = query(db_path, "SELECT count(*) FROM review_text WHERE review_id=?",
                        (dialog.review_id,))
    assert stored == 0  # before, "81 procent var bra." was copied into the new review
