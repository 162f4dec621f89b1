"""The scoring view refreshes from changes made elsewhere (an import from the menu, another
view) and not from its own writes, which it shows already."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest

from internkontroll.ops import Changes
from internkontroll.ops import scoring as ops
from internkontroll.store.db import open_database
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from internkontroll.ui.views.scoring import ScoringView
from tests.conftest import Cli, write_csv
from tests.ops.scoring_data import assessment_file, new_review


def test_changes_from_elsewhere_reload_and_the_views_own_do_not(
        qtbot, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    review = new_review(cli)
    cli.ok("review", "import", review, assessment_file(tmp_path / "bedomningar.csv"))
    db = open_database(cli.db, write=True)
    try:
        tasks = Tasks(ImmediateExecutor())
        view = ScoringView(db, tasks, review)
        qtbot.addWidget(view)
        tasks.changed.connect(view.on_changes)  # as the main window hands them on
        reloads: list[int] = []
        reload = view.reload
        monkeypatch.setattr(view, "reload", lambda: (reloads.append(1), reload()))
        view.show_case(4)
        view.answer("aktanteckningar", "helt")
        assert reloads == [] and not view.own  # its own change, matched and dropped
        view.on_changes(Changes(reviews=frozenset({review + 1})))  # another review
        assert reloads == []
        done = ops.import_file(db, review, write_csv(tmp_path / "mer.csv", [
            ["lopnummer", "berakningar"], ["4", "saknas"]]))
        view.on_changes(done.changes)
        assert reloads == [1]
        assert view.current.number == 4
        assert view.current.answers["berakningar"] == "saknas"
        assert view.model.rows[3].answers["aktanteckningar"] == "helt"
    finally:
        db.close()


class HeldExecutor(Executor):
    """Runs each op only when the test lets it, in order, as the one worker would."""

    def __init__(self) -> None:
        self.queue: list[tuple[Callable[[], Any], Future[Any]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.queue.append((lambda: fn(*args, **kwargs), future))
        return future

    def run(self, count: int | None = None) -> None:
        for _ in range(len(self.queue) if count is None else count):
            fn, future = self.queue.pop(0)
            try:
                future.set_result(fn())
            except BaseException as error:  # noqa: BLE001 (delivered to on_error)
                future.set_exception(error)


def test_an_earlier_writes_answer_does_not_put_back_what_was_typed_after_it(
        qtbot, cli: Cli, tmp_path: Path) -> None:
    review = new_review(cli)
    cli.ok("review", "import", review, assessment_file(tmp_path / "bedomningar.csv"))
    db = open_database(cli.db, write=True)
    executor = HeldExecutor()
    try:
        view = ScoringView(db, Tasks(executor), review)
        qtbot.addWidget(view)
        executor.run()
        qtbot.waitUntil(lambda: view.template is not None)
        view.show_case(3)  # barn i hushållet blank
        qtbot.keyClicks(view, "111n")  # three answers, then nej: four writes queued
        assert view.template.items[view.current_item].key == "beslut"
        executor.run(1)  # the first answer's case, from before the three others
        qtbot.wait(50)
        qtbot.keyClicks(view, "1")  # beslut: the case is done, on to the next
        assert view.current.number == 4
        executor.run()
        qtbot.waitUntil(lambda: not view.pending)
        assert len(view.model.rows[2].answers) == 7
        assert view.current.number == 4
    finally:
        db.close()
