"""Redovisad i nämnd, the log, settings, restore and gallring from the main window."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from internkontroll.store.locking import stored_pdfs
from internkontroll.store.purge import SERVER_BACKUPS
from internkontroll.store.reviews import list_reviews
from internkontroll.store.texts import get_settings
from internkontroll.ui import messages
from internkontroll.ui.dialogs.safety import LockDialog, LogDialog, SettingsDialog
from internkontroll.ui.main_window import MainWindow
from tests.conftest import dump
from tests.servers import query
from tests.ui.test_scoring import draw_through_dialog, modal, run_modal, score_all, window

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

__all__ = ["window"]  # the fixture, shared with the scoring tests


def _status(window: MainWindow, review_id: int) -> str:
    with window.db.session() as session:
        return next(r.status for r in list_reviews(session) if r.id == review_id)


def _lock(window: MainWindow, qtbot) -> None:
    def fill() -> None:
        dialog = modal(LockDialog)
        dialog.reported_by.setText("Anna Berg")
        dialog.paragraph.setText("SN 2022-11-17 § 156")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    check = run_modal(fill)
    window.lock_action.trigger()
    check()


def test_lock_makes_scoring_read_only_and_unlock_is_logged(
        window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    score_all(window, qtbot)
    _lock(window, qtbot)
    assert _status(window, review_id) == "redovisad i nämnd"
    with window.db.session() as session:
        pdfs = stored_pdfs(session, review_id)
    assert len(pdfs) == 1 and pdfs[0].pdf.startswith(b"%PDF") and pdfs[0].reported_by == \
        "Anna Berg"
    view = window.scoring  # reopened on the locked review
    assert view.banner.isVisible() and "Anna Berg" in view.banner.text()
    assert not view.rows[0].buttons.button(1).isEnabled()
    assert not any(w.isEnabled() for w in view.attribute_widgets.values())
    window.db.engine.dispose()
    before = dump(window.paths.target)
    for key in (Qt.Key.Key_2, Qt.Key.Key_3):
        qtbot.keyClick(view, key)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dump(window.paths.target) == before  # nothing written

    monkeypatch.setattr(messages, "ask_text", lambda *a: "Fel handläggare angiven")
    window.unlock_action.trigger()
    assert _status(window, review_id) == "klar"
    assert not window.scoring.banner.isVisible()
    assert window.scoring.rows[0].buttons.button(1).isEnabled()

    def read_log() -> None:
        dialog = modal(LogDialog)
        model = dialog.table.model()
        rows = [[model.index(r, c).data() for c in range(6)] for r in range(model.rowCount())]
        seen.extend(rows)
        dialog.reject()

    seen: list[list[str]] = []
    check = run_modal(read_log)
    window.log_action.trigger()
    check()
    actions = [row[2] for row in seen]
    assert actions.count("Bedömning") >= 120 and "Redovisad i nämnd" in actions
    assert seen[-1][2:] == ["Upplåst", "Nov -22", seen[-1][4], "Fel handläggare angiven"]


def test_settings_dialog_saves_small_counts_uncertainty_and_backup_folder(
        window: MainWindow, qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "natverk"
    folder.mkdir()

    def fill() -> None:
        dialog = modal(SettingsDialog)
        dialog.fields["kommun"].setText("Exempelby kommun")
        dialog.hide_small.setChecked(True)
        dialog.threshold.setValue(4)
        dialog.uncertainty.setChecked(True)
        dialog.backup_folder.setText(str(folder))
        dialog.accept()

    check = run_modal(fill)
    window.settings_action.trigger()
    check()
    with window.db.session() as session:
        settings = get_settings(session)
    assert settings == {"kommun": "Exempelby kommun", "small_counts": "4", "osakerhet": "ja",
                        "backup_folder": str(folder)}


@pytest.mark.sqlite_only
def test_restore_from_the_menu_brings_back_the_backup(window: MainWindow, qtbot,
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from internkontroll.store.backups import backup_to
    from internkontroll.store.reviews import create_review

    copy = backup_to(window.paths.db, tmp_path / "kopia.sqlite")
    with window.db.session() as session:
        create_review(session, "sip", "Efter kopian")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: True)
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: window.db is not None, timeout=10000)
    with window.db.session() as session:
        labels = [r.label for r in list_reviews(session)]
    assert "Efter kopian" not in labels
    assert any("fore-aterstallning" in p.name for p in (tmp_path / "backups").iterdir())


def test_gallring_from_the_menu_asks_first(window: MainWindow, qtbot, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    score_all(window, qtbot)
    _lock(window, qtbot)
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_yes_no", lambda parent, title, text: asked.append(text)
                        or len(asked) > 1)
    window.purge_action.trigger()  # the first time the user says no
    assert _status(window, review_id) == "redovisad i nämnd"
    assert "tar bort 23 ärenden" in asked[0] and "Det går inte att ångra" in asked[0]
    told: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda parent, text, *a: told.append(text))
    window.select_review(review_id)
    window.purge_action.trigger()
    assert _status(window, review_id) == "redovisad i nämnd, gallrad"
    assert query(window.paths.target, "SELECT count(*) FROM review_case") == [(0,)]
    assert len(told) == 1 and "är gallrat" in told[0]
    if isinstance(window.paths.target, str):
        assert SERVER_BACKUPS in told[0]
    else:
        assert f"Rensade mappar med säkerhetskopior: {tmp_path / 'backups'} (" in told[0]


@pytest.mark.sqlite_only
def test_delete_from_the_menu_leaves_no_note_in_the_file(window: MainWindow, qtbot,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from internkontroll.store.scoring import save_answer

    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    notes = [f"GUI-ANTECKNING-{n}-QWX" for n in range(1, 4)]
    with window.db.session() as session:
        for number, note in enumerate(notes, start=1):
            save_answer(session, review_id, number, "ansokan", "delvis", note)
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: True)
    window.select_review(review_id)
    window.delete_action.trigger()
    assert review_id not in [r.id for r in _reviews(window)]
    files = [p for p in tmp_path.iterdir() if p.name.startswith(window.paths.db.name)]
    assert files
    for path in files:
        data = path.read_bytes()
        assert not any(note.encode() in data for note in notes), path.name


def _reviews(window: MainWindow) -> list:
    with window.db.session() as session:
        return list_reviews(session)
