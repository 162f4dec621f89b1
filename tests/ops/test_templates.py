"""Controls: the template editor and the direct ops call store the same rows; `templates`
lists without creating or upgrading a database."""

from __future__ import annotations

import copy
import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from internkontroll.core.templates import shipped_templates
from internkontroll.ops import Changes
from internkontroll.ops import templates as ops
from internkontroll.store.db import Database, open_database
from internkontroll.ui import messages
from internkontroll.ui.dialogs.template_editor import TemplateEditor
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from tests.conftest import Cli, dump
from tests.ops.scoring_data import twin
from tests.servers import query

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _shipped(key: str) -> int:
    """The version of a shipped template, as the package holds it."""
    return int(next(d for d in shipped_templates() if d["key"] == key)["version"])


def _rows(path: Path) -> list[tuple[Any, ...]]:
    """Every stored template version, as the database holds it (less the time it was made)."""
    rows = query(path, "SELECT key, version, title, source, definition FROM template "
                       "ORDER BY id")
    return [(*row[:4], row[4] if isinstance(row[4], dict) else json.loads(row[4]))
            for row in rows]


@pytest.fixture
def two(db_path: Path, tmp_path: Path) -> tuple[Path, Path | str]:
    """Two copies of one database: one edited through the dialog, one through the ops call."""
    return db_path, twin(db_path, "direkt.sqlite")


@contextmanager
def opened(paths: tuple[Path, Path]) -> Iterator[tuple[Database, Database]]:
    gui, direct = open_database(paths[0], write=True), open_database(paths[1], write=True)
    try:
        yield gui, direct
    finally:
        gui.close()
        direct.close()


def _editor(qtbot: Any, db: Database, key: str | None, copy_of: bool = False,
            tasks: Tasks | None = None) -> TemplateEditor:
    editor = TemplateEditor(db, tasks or Tasks(ImmediateExecutor()), key, copy_of)
    qtbot.addWidget(editor)
    return editor


def test_editing_sip_in_the_dialog_stores_what_the_ops_call_stores(
        two: tuple[Path, Path], qtbot: Any, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with opened(two) as (gui, direct):
        editor = _edit_sip_in_dialog(qtbot, gui, monkeypatch)
        draft = ops.load_template(direct, "sip").value
        assert (draft.used, draft.copy) == (False, False)
        data = copy.deepcopy(draft.data)
        data["title"] = "Samordnad individuell plan (SIP), reviderad"
        data["reporting_months"] = ["april", "september", "november"]
        data["plan"]["kontrollansvar"] = "Enhetschef"
        data["indicators"].append({"key": "tackat_nej_till_sip", "label": "Tackat nej till SIP",
                                   "item": "sip_status", "options": ["tackat_nej"],
                                   "headline": False})
        data["breakdowns"] = data["breakdowns"][:1]  # personkategori unchecked
        done = ops.save_template(direct, data, draft.base_id)
    assert done.changes == Changes(templates=True)
    assert (done.value.id, done.value.version) == editor.saved  # edited in place: unused

    assert _rows(two[0]) == _rows(two[1])
    (sip,) = [row for row in _rows(two[0]) if row[0] == "sip"]
    assert sip[:4] == ("sip", _shipped("sip"), "Samordnad individuell plan (SIP), reviderad",
                       "user")
    listed = [json.loads(Cli(path, capsys).ok("templates", "--json")) for path in two]
    assert listed[0] == listed[1]
    assert next(t for t in listed[0] if t["key"] == "sip")["title"].endswith("reviderad")


def _edit_sip_in_dialog(qtbot: Any, db: Database,
                        monkeypatch: pytest.MonkeyPatch) -> TemplateEditor:
    monkeypatch.setattr(messages, "ask_text", lambda *a: "Tackat nej till SIP")
    editor = _editor(qtbot, db, "sip")
    editor.show()
    qtbot.waitExposed(editor)
    editor.title.setText("Samordnad individuell plan (SIP), reviderad")
    editor.months[8].setChecked(True)  # september
    editor.plan["kontrollansvar"].setPlainText("Enhetschef")
    editor._add_indicator()
    for r in range(editor.indicator_options.count()):
        if editor.indicator_options.item(r).text() == "Tackat nej":
            editor.indicator_options.item(r).setCheckState(Qt.CheckState.Checked)
    editor.breakdowns["personkategori"][0].setChecked(False)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Spara
    assert editor.result() == TemplateEditor.DialogCode.Accepted and editor.saved is not None
    return editor


def test_a_copy_and_a_new_control_get_their_keys_from_the_title_in_both_ways(
        two: tuple[Path, Path], qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with opened(two) as (gui, direct):
        monkeypatch.setattr(messages, "ask_text", lambda *a: "Att planen är signerad")
        copied = _editor(qtbot, gui, "ekonomiskt-bistand", copy_of=True)
        assert copied.title.text() == "Ekonomiskt bistånd – dokumentation i individärenden (kopia)"
        copied.accept()
        new = _editor(qtbot, gui, None)
        new.title.setText("Genomförandeplaner i LSS")
        new.months[3].setChecked(True)
        new._add_item()
        new.accept()

        draft = ops.load_template(direct, "ekonomiskt-bistand", copy_of=True).value
        assert draft.base_id is None and draft.copy
        ops.save_template(direct, draft.data, None)
        blank = ops.load_template(direct, None).value.data
        blank["title"] = "Genomförandeplaner i LSS"
        blank["reporting_months"] = ["april"]
        blank["items"] = [{"key": "att_planen_ar_signerad", "text": "Att planen är signerad",
                           "scale": "hds"}]
        saved = ops.save_template(direct, blank, None).value
        assert (saved.key, saved.version) == ("genomforandeplaner_i_lss", 1)
    assert _rows(two[0]) == _rows(two[1])
    keys = [row[0] for row in _rows(two[0])]
    assert keys[-2:] == ["ekonomiskt_bistand_dokumentation_i_individarenden_kopia",
                         "genomforandeplaner_i_lss"]


def test_a_used_control_gets_a_new_version_through_the_dialog_and_the_call(
        two: tuple[Path, Path], qtbot: Any, capsys: pytest.CaptureFixture[str]) -> None:
    version = _shipped("sip")
    for path in two:
        Cli(path, capsys).ok("review", "new", "sip", "--label", "Apr -23")
    with opened(two) as (gui, direct):
        editor = _editor(qtbot, gui, "sip")
        notes = " ".join(label.text() for label in editor.findChildren(QLabel))
        assert "ny version" in notes
        editor.item_list.setCurrentRow(0)
        editor.item_guidance.setPlainText("Se journalen.")
        editor.accept()
        draft = ops.load_template(direct, "sip").value
        assert draft.used
        data = copy.deepcopy(draft.data)
        data["items"][0]["guidance"] = "Se journalen."
        assert ops.save_template(direct, data, draft.base_id).value.version == version + 1
    assert editor.saved is not None and editor.saved[1] == version + 1
    assert _rows(two[0]) == _rows(two[1])
    assert [row[:2] for row in _rows(two[0]) if row[0] == "sip"] == [("sip", version),
                                                                      ("sip", version + 1)]


def test_the_editor_reads_and_saves_on_the_worker_thread(db_path: Path, qtbot: Any) -> None:
    tasks = Tasks()
    db = open_database(db_path, write=True)
    try:
        editor = _editor(qtbot, db, "vardighetsgarantier", tasks=tasks)
        qtbot.waitUntil(editor.save_button.isEnabled, timeout=10000)
        assert editor.item_list.count() == 8
        editor.title.setText("Värdighetsgarantier")
        with qtbot.waitSignal(tasks.changed, timeout=10000) as changed:
            editor.accept()
        assert changed.args == [Changes(templates=True)]
        qtbot.waitUntil(lambda: editor.saved is not None, timeout=10000)
        hold = threading.Event()
        tasks.run(editor, lambda: hold.wait(10))  # the worker is busy: sip is read later
        gone = TemplateEditor(db, tasks, "sip")
        gone.deleteLater()  # closed before its control was read: the reply is dropped
        qtbot.waitUntil(lambda: not shiboken6.isValid(gone), timeout=5000)
        hold.set()
        loaded = tasks.run(editor, lambda: None)  # runs after the read of sip
        qtbot.waitUntil(loaded.done, timeout=10000)
        qtbot.wait(100)  # the dropped reply's turn on the GUI thread
    finally:
        tasks.shutdown()
        db.close()
    assert ("vardighetsgarantier", _shipped("vardighetsgarantier"), "Värdighetsgarantier",
            "user") in [
        row[:4] for row in _rows(db_path)]


def test_templates_on_a_missing_database_lists_the_shipped_controls_and_creates_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Point 6: `templates` used to create (and migrate) the database it was pointed at."""
    missing = tmp_path / "stavfel.sqlite"
    cli = Cli(missing, capsys)
    code, out, err = cli("templates")
    assert code == 0, err
    assert not missing.exists() and list(tmp_path.iterdir()) == []
    shipped = {t["key"]: t for t in shipped_templates()}
    assert sorted(line.split()[0] for line in out.splitlines()) == sorted(shipped)
    assert "ekonomiskt-bistand     v1  Ekonomiskt bistånd – dokumentation i individärenden " \
           "(7 kontrollmoment)" in out.splitlines()
    assert "finns inte ännu" in err and len(err.strip().splitlines()) == 1
    listed = json.loads(cli.ok("templates", "--json"))
    assert {t["key"]: t["id"] for t in listed} == dict.fromkeys(shipped)
    assert {t["key"]: {k: v for k, v in t.items() if k != "id"} for t in listed} == shipped
    assert not missing.exists()


def test_templates_lists_an_old_database_without_upgrading_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "schema-0001.sqlite", old)
    before = old.read_bytes()
    code, out, err = Cli(old, capsys)("templates")
    assert (code, err) == (0, "")
    assert "ekonomiskt-bistand" in out
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gammal.sqlite"]


def test_templates_lists_what_the_database_holds(
        db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(db_path, write=True)
    try:
        raw = copy.deepcopy(next(t for t in shipped_templates() if t["key"] == "sip"))
        raw["title"] = "Egen SIP"
        ops.save_template(db, raw, None)
        listed = ops.list_templates(db).value
    finally:
        db.close()
    before = dump(db_path)
    out = Cli(db_path, capsys).ok("templates")
    assert [line.split()[0] for line in out.splitlines()] == [c.key for c in listed]
    assert "egen_sip               v1  Egen SIP (1 kontrollmoment)" in out.splitlines()
    assert dump(db_path) == before
