"""The command line and the GUI make the same writes for scoring: the import of an assessment
file, the texts to the nämnd and the answers, notes and attributes given while scoring."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from internkontroll.ops import Changes
from internkontroll.ops import scoring as ops
from internkontroll.ops import texts as text_ops
from internkontroll.store.db import open_database
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from internkontroll.ui.views.scoring import ScoringView
from internkontroll.ui.views.texts import TextsView
from tests.conftest import Cli
from tests.ops.scoring_data import assessment_file, new_review, stored, twin


def test_an_import_stores_the_same_from_the_command_line_and_the_guis_operation(
        cli: Cli, db_path: Path, tmp_path: Path) -> None:
    review = new_review(cli)
    gui = twin(db_path, "gui.sqlite")
    source = assessment_file(tmp_path / "bedomningar.csv")
    assert cli.ok("review", "import", review, source) == \
        f"6 ärenden importerade till kontrolltillfälle {review}.\n"
    db = open_database(gui, write=True)
    try:
        done = ops.import_file(db, review, source)
    finally:
        db.close()
    assert done.value == 6
    assert done.changes.reviews == {review} and len(done.changes.cases) == 6
    assert stored(db_path, review) == stored(gui, review)
    rows = stored(gui, review)
    assert rows["cases"][2][:3] == (3, "case", "EB-2022-0403")
    assert (1, "sjalvforsorjning", "saknas", "Plan saknas", False) in rows["answers"]


def test_texts_from_a_toml_file_and_from_the_texts_views_autosave_are_the_same(
        cli: Cli, db_path: Path, tmp_path: Path, qtbot) -> None:
    review = new_review(cli)
    gui = twin(db_path, "gui.sqlite")
    texts = {"diarienummer": "SN 2022/118", "sammanfattning": "God kvalitet överlag.",
             "analys": "Barnperspektivet är svagast.", "kommentar.ansokan": "Tydligt."}
    toml = tmp_path / "texter.toml"
    toml.write_text('diarienummer = "SN 2022/118"\nsammanfattning = "God kvalitet överlag."\n'
                    'analys = "Barnperspektivet är svagast."\n[kommentar]\nansokan = "Tydligt."\n',
                    encoding="utf-8")
    assert cli.ok("review", "texts", review, "--from", toml) == \
        f"4 texter sparade för kontrolltillfälle {review}.\n"
    db = open_database(gui, write=True)
    try:
        view = TextsView(db, Tasks(ImmediateExecutor()), review, False)
        qtbot.addWidget(view)
        view.editors["diarienummer"].setText(texts["diarienummer"])
        for key in ("sammanfattning", "analys", "kommentar.ansokan"):
            editor = view.editors[key]
            qtbot.keyClicks(editor, "x")  # typed, then the rest as an input method would
            qtbot.keyClick(editor, Qt.Key.Key_Backspace)
            editor.insertPlainText(texts[key])  # QTest types ASCII only
        assert view.status.text() == "Sparar …"
        view.save_now()
        assert view.status.text().startswith("Sparat")
    finally:
        db.close()
    assert stored(gui, review)["texts"] == stored(db_path, review)["texts"] == texts


def test_answers_notes_and_attributes_from_the_scoring_view_and_the_ops_are_the_same(
        cli: Cli, db_path: Path, tmp_path: Path, qtbot) -> None:
    review = new_review(cli)
    cli.ok("review", "import", review, assessment_file(tmp_path / "bedomningar.csv"))
    other = twin(db_path, "ops.sqlite")
    db = open_database(db_path, write=True)
    changes: list[Changes] = []
    try:
        tasks = Tasks(ImmediateExecutor())
        tasks.changed.connect(changes.append)
        view = ScoringView(db, tasks, review)
        qtbot.addWidget(view)
        view.show_case(3)
        view.select_item("aktanteckningar")
        qtbot.keyClick(view, Qt.Key.Key_2)  # delvis
        view.rows[6].buttons.button(1).click()  # beslut: helt
        note = view.rows[2].note
        note.setText("Aktanteckning saknas från maj")
        note.editingFinished.emit()
        view.select_item("barnperspektiv")
        qtbot.keyClicks(view, "j1")  # barn i hushållet: ja, then helt
        view.show_case(6)
        view.select_item("barnperspektiv")
        qtbot.keyClicks(view, "n")  # nej: ej aktuellt by rule
        kon = view.attribute_widgets["kon"]
        kon.setCurrentIndex(kon.findData("annat"))
        kon.activated.emit(kon.currentIndex())
        view.show_case(3)
        qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the helt
        assert view.saved.text().startswith("Sparat")
    finally:
        db.close()
    db = open_database(other, write=True)
    try:
        ops.answer(db, review, 3, "aktanteckningar", "delvis")
        ops.answer(db, review, 3, "beslut", "helt")
        done = ops.note(db, review, 3, "aktanteckningar", "Aktanteckning saknas från maj")
        ops.set_attribute(db, review, 3, "barn_i_hushallet", "ja")
        ops.answer(db, review, 3, "barnperspektiv", "helt")
        ops.set_attribute(db, review, 6, "barn_i_hushallet", "nej")
        ops.set_attribute(db, review, 6, "kon", "annat")
        ops.restore(db, review, 3, "barnperspektiv", None, "")
    finally:
        db.close()
    assert done.changes.reviews == {review} and len(done.changes.cases) == 1
    assert len(changes) == 8 and all(c.reviews == {review} for c in changes)
    assert stored(db_path, review) == stored(other, review)
    rows = stored(other, review)
    assert (3, "aktanteckningar", "delvis", "Aktanteckning saknas från maj", False) in \
        rows["answers"]
    assert (6, "barnperspektiv", "ej_aktuellt", "", True) in rows["answers"]
    assert not any(a[:2] == (3, "barnperspektiv") for a in rows["answers"])


def test_the_texts_read_offers_last_periods_text_of_the_same_control(cli: Cli,
                                                                     tmp_path: Path) -> None:
    first, second = new_review(cli, "Nov -21", "2021-11-18"), new_review(cli, "Maj -22",
                                                                          "2022-05-19")
    current = new_review(cli, "Nov -22", "2022-11-17")
    for review, text in ((first, 'sammanfattning = "A"\n[kommentar]\nansokan = "X"\n'),
                         (second, 'sammanfattning = "B"\ndiarienummer = "SN 2022/7"\n')):
        (tmp_path / "t.toml").write_text(text, encoding="utf-8")
        cli.ok("review", "texts", review, "--from", tmp_path / "t.toml")
    db = open_database(cli.db, write=False)
    try:
        data = text_ops.read(db, current).value
        earliest = text_ops.read(db, first).value
    finally:
        db.close()
    assert data.texts == {}
    assert {k: (e.label, e.text) for k, e in data.earlier.items()} == {
        "sammanfattning": ("Från Maj -22", "B"), "kommentar.ansokan": ("Från Nov -21", "X")}
    assert earliest.earlier == {}
