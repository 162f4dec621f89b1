"""Scoring on the real worker thread, as the app runs: 30 answers by keyboard and clicks while
the user switches tabs, goes back to the start page and into the review again every three
answers, and closes the window while a write is still waiting. No callback may reach a widget
that is gone (no "Internal C++ object already deleted", no error dialog), and every answer is
stored.

The worker is held at a gate during each round, so that the writes are certainly still queued
when their view is destroyed: without ``Tasks.run`` dropping the callbacks of a destroyed
owner, this test fails."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from internkontroll.core.rules import Applicability
from internkontroll.paths import AppPaths
from internkontroll.store.db import open_database
from internkontroll.store.reviews import list_cases
from internkontroll.ui import messages
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import Tasks
from internkontroll.ui.views import RESULTS, SCORING, TEXTS
from internkontroll.ui.views import scoring_flow as flow
from internkontroll.ui.views.scoring import ScoringView
from tests.conftest import Cli
from tests.importers.population_data import population_rows, write_population_csv

ANSWERS, ROUND = 30, 3


def _loaded(window: MainWindow) -> bool:
    view = window.scoring
    return view is not None and view.template is not None and view.current is not None


def _answer_one(view: ScoringView, qtbot, n: int) -> tuple[int, str, str]:
    """One answer on the current item, by key or by a click on its button."""
    assert view.current is not None and view.template is not None
    asked = view.waiting_for()
    if asked is not None:  # barn i hushållet blank: answered in the flow first
        qtbot.keyClicks(view, "j")
    case, item = view.current, view.template.items[view.current_item]
    assert flow.state_of(item, case) is Applicability.APPLIES
    assert item.key not in case.answers
    options = view.template.scale_of(item).options
    if n % 2:
        qtbot.keyClick(view, Qt.Key.Key_1 + n % 3)
        option = options[n % 3].key
    else:
        view.rows[view.current_item].buttons.button(1).click()
        option = options[0].key
    return case.number, item.key, option


def test_thirty_answers_while_switching_views_and_closing_mid_write(
        qtbot, qtlog, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, text, title="": errors.append(str(text)))
    review = int(cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22", "--date",
                        "2022-11-17").strip())
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(60))
    cli.ok("sample", review, "--population", population, "--size", "20", "--reserves", "3",
           "--seed", "11")
    window = MainWindow(AppPaths.resolve(str(cli.db)), Tasks())  # the real single worker thread
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_database(interactive=False)
    qtbot.waitUntil(lambda: window.db is not None, timeout=10000)
    window.open_review(review, SCORING)
    expected: dict[tuple[int, str], str] = {}
    gate = threading.Event()
    try:
        for round_ in range(ANSWERS // ROUND):
            qtbot.waitUntil(lambda: _loaded(window), timeout=10000)
            gate.clear()
            window.tasks.executor.submit(gate.wait, 10)  # the writes below wait behind it
            view = window.scoring
            for n in range(ROUND):
                number, key, option = _answer_one(view, qtbot, round_ * ROUND + n)
                expected[number, key] = option
            if round_ == ANSWERS // ROUND - 1:
                threading.Timer(0.3, gate.set).start()
                window.close()  # three writes still queued
                break
            if round_ % 3 == 0:
                window.show_review_tab(RESULTS)
                window.show_review_tab(SCORING)
            elif round_ % 3 == 1:
                window.show_review_tab(TEXTS)
                window.show_review_tab(SCORING)
            else:
                window.show_start()  # the view with queued writes is destroyed
                qtbot.wait(50)
                window.open_review(review, SCORING)
            gate.set()
        qtbot.wait(300)  # every callback delivered, or dropped
    finally:
        gate.set()
        window.tasks.shutdown()
    assert len(expected) == ANSWERS
    assert errors == []
    messages_seen = [m.message for m in qtlog.records]
    assert not [m for m in messages_seen if "RuntimeError" in m or "already deleted" in m]
    db = open_database(cli.db, write=False)
    try:
        with db.session() as session:
            cases = {c.number: c for c in list_cases(session, review)}
    finally:
        db.close()
    stored = {(number, key): cases[number].answers.get(key) for number, key in expected}
    assert stored == expected
