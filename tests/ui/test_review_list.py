"""The review list beside the open review: its status follows every answer, and its labels
and statuses fit, also at 125 %."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from internkontroll.paths import AppPaths
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import Tasks
from tests.ops.test_reviews import EB, examples, open_window, pair
from tests.ui.test_scoring import draw_through_dialog

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

__all__ = ["examples", "pair"]  # the fixtures


def test_list_status_follows_every_answer(qtbot, db_path: Path, tmp_path: Path,
                                          monkeypatch) -> None:
    """The list said "pågående (0/20)" at 18 of 20: it was not refreshed after answers."""
    window = open_window(qtbot, db_path)
    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    view = window.scoring
    assert view is not None
    item = window.tree._item(review_id)
    assert item.text(1) == "pågående (0/20)"
    keys = 0
    while view.progress.text() != "2 av 20 ärenden klara":
        qtbot.keyClick(view, Qt.Key.Key_1)
        keys += 1
        assert keys < 30
    assert window.tree._item(review_id).text(1) == "pågående (2/20)"
    assert "2 av 20 ärenden färdigbedömda" in window.tree._item(review_id).toolTip(1)
    assert window.selected_review() == review_id  # the selection stays
    window.close()


@pytest.mark.parametrize("size", [(1366, 768), (1093, 614)])  # 100 % and 125 % of 1366×768
def test_list_shows_whole_labels_and_statuses_beside_the_scoring_view(qtbot, pair,
                                                                      size) -> None:
    """The labels were cut off in the list ("Maj -23  (2023-0…") beside the scoring view."""
    from PySide6.QtGui import QFontMetrics

    _, gui_db = pair
    window = open_window(qtbot, gui_db)
    window.resize(*size)
    window.open_review(EB)
    qtbot.waitUntil(lambda: window.tree.width() < 320)
    tree = window.tree
    metrics = QFontMetrics(tree.font())
    for review_id, summary in tree.summaries.items():
        item = tree._item(review_id)
        for column in (0, 1):
            room = tree.visualRect(tree.indexFromItem(item, column)).width()
            assert metrics.horizontalAdvance(item.text(column)) + 6 <= room, \
                (item.text(column), room)
        assert summary.label in item.toolTip(0) and summary.date in item.toolTip(0)
    node = tree.topLevelItem(0)
    assert node.toolTip(0) == node.text(0)  # a control's title may be cut: it is in the tip
    window.close()


def test_list_status_follows_answers_with_the_real_worker(qtbot, cli) -> None:
    """The same, with ops on the worker thread: the list catches up by itself."""
    review_id = int(cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22"))
    cli.ok("sample", str(review_id), "--from-range", "60", "--size", "20", "--seed", "4")
    window = MainWindow(AppPaths.resolve(str(cli.db)), Tasks())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    with qtbot.waitSignal(window.database_opened, timeout=20000):
        window.open_database(interactive=False)
    with qtbot.waitSignal(window.review_opened, timeout=20000):
        window.open_review(review_id)
    view = window.scoring
    assert view is not None
    qtbot.waitUntil(lambda: view.template is not None, timeout=20000)  # loaded in the background
    for _ in range(40):  # a blank ja/nej attribute is asked first: N answers it
        if view.progress.text() == "1 av 20 ärenden klara":
            break
        qtbot.keyClick(view, Qt.Key.Key_N if view.waiting_for() else Qt.Key.Key_1)
        qtbot.wait(20)
    assert view.progress.text() == "1 av 20 ärenden klara"
    qtbot.waitUntil(lambda: window.tree._item(review_id).text(1) == "pågående (1/20)",
                    timeout=10000)
    window.close()
