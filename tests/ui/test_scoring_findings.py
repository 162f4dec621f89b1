"""What a first-time unit manager tripped over while scoring and writing the texts: a blank
attribute skipped an item, the case reference was not shown, last period's texts came in
unasked, and the notes beside the kommentarer did not follow a note just written."""

from __future__ import annotations

from pathlib import Path

import pytest

from internkontroll.paths import AppPaths
from internkontroll.store.db import open_database
from internkontroll.ui import messages
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from internkontroll.ui.views import SCORING, TEXTS
from internkontroll.ui.views.scoring import ScoringView
from internkontroll.ui.views.texts import TextsView
from tests.conftest import Cli
from tests.ops.scoring_data import imported_review, new_review, stored


@pytest.fixture
def scored(cli: Cli, tmp_path: Path) -> int:
    return imported_review(cli, tmp_path)


@pytest.fixture
def view(qtbot, cli: Cli, scored: int) -> ScoringView:
    db = open_database(cli.db, write=True)
    scoring = ScoringView(db, Tasks(ImmediateExecutor()), scored)
    qtbot.addWidget(scoring)
    scoring.resize(1280, 720)
    scoring.show()
    yield scoring
    db.close()


def answers(path: Path, review: int, number: int) -> dict[str, tuple[str, bool]]:
    return {a[1]: (a[2], a[4]) for a in stored(path, review)["answers"] if a[0] == number}


def test_a_blank_attribute_is_asked_for_in_the_flow_instead_of_skipping_the_item(
        view: ScoringView, qtbot, cli: Cli, scored: int) -> None:
    view.show_case(3)  # barn i hushållet is blank in case 3
    assert view.current_item == 2  # the first unanswered item
    qtbot.keyClicks(view, "111")
    assert view.template.items[view.current_item].key == "barnperspektiv"
    assert "J/N: barn i hushållet" in view.hint.text()  # the key hint names the shortcut
    assert "Tryck J för ja eller N för nej" in view.rows[5].state.text()
    qtbot.keyClicks(view, "j11")  # ja → the item applies and is answered, then beslut
    case = answers(cli.db, scored, 3)
    assert case["barnperspektiv"] == ("helt", False) and case["beslut"] == ("helt", False)
    assert len(case) == 7
    assert dict(stored(cli.db, scored)["cases"][2][3])["barn_i_hushallet"] == "ja"
    assert len(answers(cli.db, scored, 4)) == 2  # nothing landed on the next case
    assert view.current.number == 4
    assert "J/N" not in view.hint.text()

    view.show_case(6)
    qtbot.keyClicks(view, "111n")  # nej: ej aktuellt by rule, the flow goes on to beslut
    assert view.template.items[view.current_item].key == "beslut"
    qtbot.keyClicks(view, "1")
    case = answers(cli.db, scored, 6)
    assert case["barnperspektiv"] == ("ej_aktuellt", True) and len(case) == 7


def test_the_case_reference_is_shown_beside_the_lopnummer(view: ScoringView) -> None:
    view.show_case(3)
    assert "Ärende 3 · EB-2022-0403" in view.heading.text()
    reference = view.model.index(2, view.model.COL_REFERENCE).data()
    assert reference == "EB-2022-0403"
    assert not view.table.isColumnHidden(view.model.COL_REFERENCE)


def test_last_periods_texts_are_offered_beside_each_field_and_copied_only_on_use(
        qtbot, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = new_review(cli, "Maj -22", "2022-05-19")
    (tmp_path / "t.toml").write_text(
        'sammanfattning = "God kvalitet."\nanalys = "Barnperspektivet är svagast."\n'
        'atgardsforslag = "Mall för barnets situation."\n'
        'forslag_till_beslut = "att nämnden godkänner redovisningen"\n'
        '[kommentar]\nansokan = "Tydligt."\nbeslut = "Alltid med."\n', encoding="utf-8")
    cli.ok("review", "texts", earlier, "--from", tmp_path / "t.toml")
    current = new_review(cli)
    db = open_database(cli.db, write=True)
    try:
        view = TextsView(db, Tasks(ImmediateExecutor()), current, False)
        qtbot.addWidget(view)
        view.resize(1280, 720)
        view.show()
        offered = {"sammanfattning", "analys", "atgardsforslag", "forslag_till_beslut",
                   "kommentar.ansokan", "kommentar.beslut"}
        assert set(view.use_buttons) == offered
        assert all(view.use_buttons[k].isVisible() for k in offered)
        labels = [w.text() for w in view.findChildren(type(view.status))]
        assert any(t.startswith("<i>Från Maj -22:</i> God kvalitet.") for t in labels)
        assert view.text("sammanfattning") == "" and view.text("kommentar.ansokan") == ""
        view.save_now()
        assert stored(cli.db, current)["texts"] == {}  # nothing came in unasked
        view.use_buttons["sammanfattning"].click()
        assert view.text("sammanfattning") == "God kvalitet."
        assert not view.use_buttons["sammanfattning"].isEnabled()  # it is there already
        view.editors["kommentar.ansokan"].setPlainText("Egen kommentar.")
        monkeypatch.setattr(messages, "ask_yes_no", lambda *a: False)
        view.use_buttons["kommentar.ansokan"].click()
        assert view.text("kommentar.ansokan") == "Egen kommentar."  # kept: the user said no
        view.save_now()
    finally:
        db.close()
    assert stored(cli.db, current)["texts"] == {"sammanfattning": "God kvalitet.",
                                                "kommentar.ansokan": "Egen kommentar."}


def test_the_notes_beside_the_kommentarer_follow_a_note_written_while_scoring(
        qtbot, cli: Cli, scored: int) -> None:
    window = MainWindow(AppPaths.resolve(str(cli.db)), Tasks(ImmediateExecutor()))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_database(interactive=False)
    window.open_review(scored, SCORING)
    texts, scoring = window.review.texts, window.scoring
    window.tasks.changed.connect(texts.on_changes)  # the window hands on every op's changes
    window.tasks.changed.connect(scoring.on_changes)
    notes = texts.notes["ansokan"]
    assert [notes.item(n).text() for n in range(notes.count())] == ["Inga anteckningar."]
    scoring.show_case(2)
    row = scoring.rows[0]
    row.note.setText("Ansökan saknar period")
    row.note.editingFinished.emit()
    window.show_review_tab(TEXTS)
    assert [notes.item(n).text() for n in range(notes.count())] == [
        "Ärende 2: Ansökan saknar period"]
    assert scoring.current.notes == {"ansokan": "Ansökan saknar period"}
