"""The scoring view refreshes from changes made elsewhere (an import from the menu, another
view) and not from its own writes, which it shows already."""

from __future__ import annotations

from pathlib import Path

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
