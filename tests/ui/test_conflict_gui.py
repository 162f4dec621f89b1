"""The scoring view when someone else answered first: a dialog with both answers, then the
stored answer on screen to choose again (issue 17, point 3). The other writer is a second
engine on the same file, as a second client of a server would be."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from internkontroll.ops import scoring as ops
from internkontroll.store import assessments
from internkontroll.store.clock import local_when
from internkontroll.store.db import Database, open_database
from internkontroll.store.scoring import _stored, find_case
from internkontroll.ui import messages
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from internkontroll.ui.views.scoring import ScoringView
from tests.conftest import Cli
from tests.ops.scoring_data import imported_review, stored
from tests.servers import second_writer

HELT, DELVIS, SAKNAS = 1, 2, 3  # the option buttons of the scale


@pytest.fixture
def review(cli: Cli, tmp_path: Path) -> int:
    return imported_review(cli, tmp_path)


@pytest.fixture
def mine(db_path: Path, review: int) -> Iterator[Database]:
    db = open_database(db_path, write=True)
    yield db
    db.close()


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, text, title="": shown.append((title, str(text))))
    return shown


def anna_answers(db_path: Path, monkeypatch: pytest.MonkeyPatch, review: int, key: str,
                 option: str, expected: int) -> str:
    """Anna, at another computer, answers case 1; returns when, as a conflict shows it."""
    other = second_writer(db_path, "anna")
    try:
        with monkeypatch.context() as patch:
            patch.setattr(assessments, "current_user", lambda: "anna")
            ops.answer(other, review, 1, key, option, expected=expected)
        with other.session() as session:
            return local_when(_stored(session, find_case(session, review, 1))[key].updated_at)
    finally:
        other.close()


def checked(view: ScoringView, key: str) -> list[int]:
    assert view.template is not None
    row = view.rows[[i.key for i in view.template.items].index(key)]
    return [n for n in range(1, 5) if row.buttons.button(n).isChecked()]


def test_a_conflict_shows_both_answers_then_the_stored_one_to_choose_again(
        qtbot, mine: Database, review: int, db_path: Path, errors: list[tuple[str, str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    view = ScoringView(mine, Tasks(ImmediateExecutor()), review)
    qtbot.addWidget(view)
    view.show_case(1)
    view.select_item("ansokan")
    assert checked(view, "ansokan") == [HELT]
    when = anna_answers(db_path, monkeypatch, review, "ansokan", "saknas", expected=1)
    qtbot.keyClick(view, Qt.Key.Key_2)  # delvis, on the Helt this view showed
    assert errors == [("Någon annan har ändrat svaret",
                       "Ärende 1, ”Att det framgår vad ansökan avser”: anna svarade Saknas "
                       f"{when}; du svarade Delvis. Ditt svar sparades inte.")]
    assert view.current is not None and view.current.number == 1
    assert view.current.answers["ansokan"] == "saknas" and checked(view, "ansokan") == [SAKNAS]
    assert view.saved.text() == "Inte sparat"
    # Undo has nothing to put back over Anna's answer; choosing again is saved.
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    view.select_item("ansokan")
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert len(errors) == 1 and view.saved.text().startswith("Sparat")
    assert (1, "ansokan", "delvis", "", False) in stored(db_path, review)["answers"]


def test_the_views_own_writes_in_line_on_the_worker_never_conflict_with_each_other(
        qtbot, mine: Database, review: int, db_path: Path,
        errors: list[tuple[str, str]]) -> None:
    tasks = Tasks()  # the real worker thread, held at a gate so the writes queue up
    try:
        view = ScoringView(mine, tasks, review)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: view.current is not None)
        view.show_case(1)
        gate = threading.Event()
        tasks.executor.submit(gate.wait)
        view.select_item("beslut")
        qtbot.keyClick(view, Qt.Key.Key_1)  # helt: the answer was none (version 0)
        view.select_item("beslut")
        view.write_note("beslut", "Beslutet saknar datum")  # names version 1, not yet written
        qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the helt
        qtbot.keyClick(view, Qt.Key.Key_3)  # saknas
        assert view.pending == 4
        gate.set()
        qtbot.waitUntil(lambda: view.pending == 0)
    finally:
        tasks.shutdown()
    assert errors == []
    assert (1, "beslut", "saknas", "", False) in stored(db_path, review)["answers"]
