"""The GUI's Villkor and template editor go through the same guard as the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from internkontroll.core.errors import InvalidInput
from internkontroll.core.templates import shipped_templates
from internkontroll.importers.population import Request
from internkontroll.store.sampling import get_record
from internkontroll.store.templates import latest_template, save_template, template_by_id
from internkontroll.ui import messages
from internkontroll.ui.dialogs.sample import SampleDialog
from internkontroll.ui.dialogs.template_editor import TemplateEditor
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import Progress
from tests.conftest import dump, write_csv
from tests.servers import query
from tests.ui.test_scoring import window

__all__ = ["window"]

WORKERS = ["Anna Berg", "Bo Ek", "Cecilia Lind"]


def _population(tmp_path: Path) -> Path:
    rows = [["Ärendenr", "Kön", "Handläggare"]]
    rows += [[f"EB-2022-{n:03d}", "K" if n % 2 else "M", WORKERS[n % 3]] for n in range(30)]
    return write_csv(tmp_path / "beslut.csv", rows)


def _dialog(window: MainWindow, qtbot: Any, label: str) -> SampleDialog:
    with window.db.session() as session:
        _, template = latest_template(session, "ekonomiskt-bistand")
    dialog = SampleDialog(window.db, window.tasks, template,
                          {"template_key": "ekonomiskt-bistand", "label": label})
    qtbot.addWidget(dialog)
    return dialog


def test_villkor_on_the_caseworker_are_private_as_on_the_command_line(
        window: MainWindow, qtbot: Any, tmp_path: Path) -> None:
    dialog = _dialog(window, qtbot, "Villkor")
    request = Request(_population(tmp_path), None, 1, {"arende": "Ärendenr"},
                      [("Handläggare", ["Anna Berg"]), ("Kön", ["K"])], [])
    review_id = dialog._draw_op(Progress(), request, 3, 0).review_id
    with window.db.session() as session:
        record = get_record(session, review_id)
        assert record is not None
        filters = record.record["filters"]
    assert [(f["field"], f["private"]) for f in filters] == [("Handläggare", True),
                                                             ("Kön", False)]


@pytest.mark.parametrize("value", ["811218-9876", "19811218\u20139876", "811218\u00a09876",
                                   "8112189876.0"])
def test_a_villkor_value_with_a_personnummer_is_refused(window: MainWindow, qtbot: Any,
                                                        tmp_path: Path, value: str) -> None:
    dialog = _dialog(window, qtbot, f"Pnr {value}"[:14])
    request = Request(_population(tmp_path), None, 1, {"arende": "Ärendenr"},
                      [("Handläggare", ["Anna Berg", value])], [])
    before = dump(window.paths.target)
    with pytest.raises(InvalidInput, match="personnummer") as error:
        dialog._draw_op(Progress(), request, 3, 0)
    assert "9876" not in str(error.value)
    assert query(window.paths.target, "SELECT count(*) FROM sampling_record") == [(0,)]
    assert b"9876" not in before


def _caseworker_template(window: MainWindow) -> str:
    raw = json.loads(json.dumps(next(t for t in shipped_templates()
                                     if t["key"] == "ekonomiskt-bistand")))
    raw["title"] = "Egen kontroll"
    worker = next(a for a in raw["attributes"] if a["key"] == "handlaggare")
    worker["values"] = [{"key": "a", "label": "Anna Berg"}, {"key": "b", "label": "Bo Ek"}]
    with window.db.session() as session:
        template_id, _ = save_template(session, raw, None)
        return template_by_id(session, template_id).key


def test_the_editor_offers_no_caseworker_breakdown(window: MainWindow, qtbot: Any) -> None:
    editor = TemplateEditor(window.db, window.tasks, _caseworker_template(window))
    qtbot.addWidget(editor)
    assert "kon" in editor.breakdowns and "handlaggare" not in editor.breakdowns


@pytest.mark.parametrize("where", ["title", "option", "attribute", "value", "note"])
def test_the_editor_refuses_a_personnummer_in_any_field_unquoted(
        window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    editor = TemplateEditor(window.db, window.tasks, _caseworker_template(window))
    qtbot.addWidget(editor)
    number = "811218\u20119876"  # a non-breaking hyphen
    if where == "title":
        editor.title.setText(f"Kontroll {number}")
    else:
        data = editor.template_data()
        target = {"option": lambda: next(iter(data["scales"].values()))["options"][0],
                  "attribute": lambda: data["attributes"][0],
                  "value": lambda: data["attributes"][0]["values"][0],
                  "note": lambda: data["items"][0]}[where]()
        target["label" if where != "note" else "applicable_note"] = f"x {number}"
        monkeypatch.setattr(editor, "template_data", lambda: data)
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, text, *a: shown.append(text))
    editor.accept()
    assert len(shown) == 1 and "personnummer" in shown[0], shown
    assert "9876" not in shown[0] and "811218" not in shown[0]
