"""Reviews and data safety: each action through the command line and through the real main
window, compared by what ends up stored; the list's status, and which review a menu acts on."""

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from internkontroll.paths import AppPaths
from internkontroll.ui import messages
from internkontroll.ui.dialogs.new_review import BY_HAND, COUNTS, CountsDialog, NewReviewDialog
from internkontroll.ui.dialogs.safety import LockDialog, SettingsDialog
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from tests.conftest import Cli
from tests.ops.scoring_data import twin
from tests.servers import query
from tests.ui.conftest import no_unexpected_message_boxes
from tests.ui.test_review_views import EB, SIP, VG, examples
from tests.ui.test_scoring import draw_through_dialog, modal, run_modal

__all__ = ["examples", "no_unexpected_message_boxes"]  # fixtures
EB_COUNTS, MAJ_22 = 1, 3  # counts-only reviews of the example database


@pytest.fixture
def pair(examples: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the examples, in folders of their own (each with its backups)."""
    made = []
    for name in ("cli", "gui"):
        (tmp_path / name).mkdir()
        made.append(shutil.copy(examples, tmp_path / name / "exempel.sqlite"))
    return Path(made[0]), Path(made[1])


def open_window(qtbot, path: Path) -> MainWindow:
    window = MainWindow(AppPaths.resolve(str(path)), Tasks(ImmediateExecutor()))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_database(interactive=False)
    assert window.db is not None
    return window


def stored(path: Path | str) -> dict[str, list]:
    """What the database holds, without times, users' hashes and ids that differ by run."""

    def rows(sql: str) -> list:
        return [tuple(re.sub(r"[0-9a-f]{64}", "<sha>", v) if isinstance(v, str) else v
                      for v in row) for row in query(path, sql)]

    return {
        "reviews": rows("SELECT id, template_key, label, date, period_start, period_end, "
                        "counts_only FROM review ORDER BY id"),
        "cases": rows("SELECT review_id, count(*) FROM review_case GROUP BY review_id"),
        "counts": rows("SELECT review_id, item_key, option_key, count FROM review_count "
                       "ORDER BY 1, 2, 3"),
        "locks": rows("SELECT review_id, reported_by, paragraph, unlock_reason, "
                      "length(pdf) > 1000 FROM review_lock ORDER BY id"),
        "settings": rows("SELECT key, value FROM setting ORDER BY key"),
        "log": rows("SELECT review_id, action, target, old_value, new_value FROM "
                    "audit_log ORDER BY id"),
    }


def same_except_paths(cli: dict, gui: dict, cli_folder: Path, gui_folder: Path) -> None:
    assert repr(cli).replace(str(cli_folder), "<mapp>") == \
        repr(gui).replace(str(gui_folder), "<mapp>")


def _lock_in_gui(window: MainWindow, by: str, paragraph: str) -> list[str]:
    seen: list[str] = []

    def fill() -> None:
        dialog = modal(LockDialog)
        seen.append(dialog.findChildren(QLabel)[0].text())
        dialog.reported_by.setText(by)
        dialog.paragraph.setText(paragraph)
        dialog.accept()

    check = run_modal(fill)
    window.lock_action.trigger()
    check()
    return seen


def test_create_review_cli_and_gui_store_the_same(qtbot, db_path: Path, capsys,
                                                  tmp_path: Path) -> None:
    gui_db = twin(db_path, "gui.sqlite")
    Cli(db_path, capsys).ok("review", "new", "sip", "--label", "Apr -25", "--date",
                            "2025-04-10", "--period-start", "2024-10-01", "--period-end",
                            "2025-03-31")
    window = open_window(qtbot, gui_db)

    def fill() -> None:
        dialog = modal(NewReviewDialog)
        dialog.control.setCurrentIndex(dialog.control.findData("sip"))
        dialog.label.setText("Apr -25")
        dialog.date.setDate(dialog.date.date().fromString("2025-04-10", "yyyy-MM-dd"))
        dialog.with_period.setChecked(True)
        dialog.period_start.setDate(dialog.date.date().fromString("2024-10-01", "yyyy-MM-dd"))
        dialog.period_end.setDate(dialog.date.date().fromString("2025-03-31", "yyyy-MM-dd"))
        dialog.sources.button(BY_HAND).setChecked(True)
        dialog.count.setValue(1)
        dialog.accept()

    check = run_modal(fill)
    window.new_action.trigger()
    check()
    window.close()
    cli, gui = stored(db_path), stored(gui_db)
    assert cli["reviews"] == gui["reviews"] == [
        (1, "sip", "Apr -25", "2025-04-10", "2024-10-01", "2025-03-31", 0)]
    assert [r for r in cli["log"] if r[1] == "review.new"] == \
        [r for r in gui["log"] if r[1] == "review.new"]
    assert gui["cases"] == [(1, 1)]  # the GUI asks for the cases at once


def test_counts_review_cli_and_gui_store_the_same(qtbot, db_path: Path, capsys,
                                                  tmp_path: Path, monkeypatch) -> None:
    gui_db = twin(db_path, "gui.sqlite")
    counts = tmp_path / "antal.csv"
    counts.write_text("kontrollmoment;helt;delvis;saknas\nansokan;17;2;1\n", encoding="utf-8")
    Cli(db_path, capsys).ok("review", "counts", "ekonomiskt-bistand", "--label", "Nov -21",
                            "--date", "2021-11-18", counts)
    window = open_window(qtbot, gui_db)

    def typed(self) -> int:
        for column, value in enumerate(["17", "2", "1", "0"]):
            self.table.item(0, column).setText(value)
        return 1

    monkeypatch.setattr(CountsDialog, "exec", typed)

    def fill() -> None:
        dialog = modal(NewReviewDialog)
        dialog.control.setCurrentIndex(dialog.control.findData("ekonomiskt-bistand"))
        dialog.label.setText("Nov -21")
        dialog.date.setDate(dialog.date.date().fromString("2021-11-18", "yyyy-MM-dd"))
        dialog.sources.button(COUNTS).setChecked(True)
        dialog.accept()

    check = run_modal(fill)
    window.new_action.trigger()
    check()
    node = window.tree.topLevelItem(0)
    assert (node.child(0).text(0), node.child(0).text(1)) == ("Nov -21", "endast antal")
    window.close()
    assert stored(db_path) == stored(gui_db)


def test_delete_cli_and_gui_store_the_same(qtbot, pair, cli_for) -> None:
    cli_db, gui_db = pair
    assert "är borttaget" in cli_for(cli_db).ok("review", "delete", str(MAJ_22))
    window = open_window(qtbot, gui_db)
    window.select_review(MAJ_22)
    asked: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(messages, "ask_yes_no", lambda parent, title, text: asked.append(text)
                      or True)
        window.delete_action.trigger()
    assert "Ta bort Maj -22" in asked[0]
    assert MAJ_22 not in window.tree.summaries  # the list refreshed itself
    window.close()
    assert stored(cli_db) == stored(gui_db)


def test_lock_and_unlock_cli_and_gui_store_the_same(qtbot, pair, cli_for,
                                                    monkeypatch) -> None:
    cli_db, gui_db = pair
    cli = cli_for(cli_db)
    cli.ok("review", "lock", str(SIP), "--by", "Anna Berg", "--paragraph", "SN 2024-04-18 § 7")
    window = open_window(qtbot, gui_db)
    window.select_review(SIP)
    _lock_in_gui(window, "Anna Berg", "SN 2024-04-18 § 7")
    assert window.tree._item(SIP).text(1) == "redovisad"
    assert stored(cli_db) == stored(gui_db)
    cli.ok("review", "unlock", str(SIP), "--reason", "Fel paragraf")
    monkeypatch.setattr(messages, "ask_text", lambda *a: "Fel paragraf")
    window.unlock_action.trigger()
    assert window.tree._item(SIP).text(1) == "klar (48/48)"
    window.close()
    assert stored(cli_db) == stored(gui_db)


def test_menu_acts_on_the_review_selected_in_the_list(qtbot, pair) -> None:
    """Lås upp asked about the open review while another was selected."""
    _, gui_db = pair
    window = open_window(qtbot, gui_db)
    window.open_review(VG)
    assert window.review is not None and window.review.review_id == VG
    window.select_review(SIP)  # the user clicks another review in the list
    told = _lock_in_gui(window, "Anna Berg", "")
    assert "Apr -24" in told[0] and "Mar -24" not in told[0]
    assert window.tree._item(SIP).text(1) == "redovisad"
    assert window.tree._item(VG).text(1) == "klar (47/47)"
    # a control selected, not a review: the open review is meant
    window.tree.setCurrentItem(window.tree.topLevelItem(0))
    assert window.target_review() == VG
    window.close()


def test_purge_cli_and_gui_store_the_same(qtbot, pair, cli_for, monkeypatch) -> None:
    cli_db, gui_db = pair
    cli = cli_for(cli_db)
    cli.ok("review", "lock", str(SIP), "--by", "Anna Berg")
    assert "är gallrat" in cli.ok("purge", str(SIP), "--ja")
    window = open_window(qtbot, gui_db)
    window.select_review(SIP)
    _lock_in_gui(window, "Anna Berg", "")
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: True)
    told: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda parent, text, *a: told.append(text))
    window.select_review(SIP)
    window.purge_action.trigger()
    assert told and "Apr -24 är gallrat" in told[0]
    assert window.tree._item(SIP).text(1) == "gallrad"
    window.close()
    same_except_paths(stored(cli_db), stored(gui_db), cli_db.parent, gui_db.parent)


def test_backup_and_restore_cli_and_gui_store_the_same(qtbot, pair, cli_for, tmp_path: Path,
                                                       monkeypatch) -> None:
    cli_db, gui_db = pair
    cli = cli_for(cli_db)
    cli.ok("backup", "--out", tmp_path / "cli-kopia.sqlite")
    window = open_window(qtbot, gui_db)
    copy = tmp_path / "gui-kopia.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window.backup_action.trigger()
    assert stored(tmp_path / "cli-kopia.sqlite") == stored(copy)
    # something after the backup, which the restore takes away again
    cli.ok("review", "delete", str(MAJ_22))
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: True)
    window.select_review(MAJ_22)
    window.delete_action.trigger()
    cli.ok("restore", tmp_path / "cli-kopia.sqlite")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    window.restore_action.trigger()
    assert window.db is not None and MAJ_22 in window.tree.summaries  # back, and shown
    window.close()
    cli_now, gui_now = stored(cli_db), stored(gui_db)
    assert cli_now["reviews"] == gui_now["reviews"] == stored(copy)["reviews"]
    restored = [r for r in gui_now["log"] if r[1] == "restore"]
    assert restored == [(None, "restore", "gui-kopia.sqlite", restored[0][3],
                         "gui-kopia.sqlite")]


def test_settings_with_logo_cli_and_gui_store_the_same(qtbot, pair, cli_for,
                                                       tmp_path: Path, monkeypatch) -> None:
    cli_db, gui_db = pair
    logo = tmp_path / "logga.png"
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f4e79"))
    assert image.save(str(logo))
    out = cli_for(cli_db).ok("settings", "--set", "namnd=Socialnämnden", "--set",
                             f"logo={logo}", "--set", "small_counts=4")
    assert f"logo         {logo}" in out
    window = open_window(qtbot, gui_db)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(logo), ""))

    def fill() -> None:
        dialog = modal(SettingsDialog)
        assert dialog.fields["kommun"].text() == "Exempelby kommun"  # read through ops
        dialog.fields["namnd"].setText("Socialnämnden")
        choose = next(b for b in dialog.findChildren(QPushButton)
                      if b.accessibleName() == "Välj logotyp")
        qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
        assert dialog.logo.text() == str(logo)
        dialog.hide_small.setChecked(True)
        dialog.threshold.setValue(4)
        dialog.accept()

    check = run_modal(fill)
    window.settings_action.trigger()
    check()
    window.close()
    assert stored(cli_db)["settings"] == stored(gui_db)["settings"]
    assert ("logo", str(logo)) in stored(gui_db)["settings"]
    assert sorted(stored(cli_db)["log"], key=repr) == sorted(stored(gui_db)["log"], key=repr)


def test_document_menu_has_the_internal_documents(qtbot, db_path: Path, tmp_path: Path,
                                                  monkeypatch) -> None:
    window = open_window(qtbot, db_path)
    review_id = draw_through_dialog(window, qtbot, tmp_path, monkeypatch)
    menus = {m.title().replace("&", ""): [a.text().replace("&", "") for a in m.actions()]
             for m in (a.menu() for a in window.menuBar().actions())}
    assert {"Urvalsprotokoll …", "Avvikelselista …", "Arbetslista igen …",
            "Tom bedömningsfil …"} <= set(menus["Dokument"])
    window.select_review(review_id)
    assert all(a.isEnabled() for a in window.sample_actions)
    saved: list[Path] = []
    documents = [window.protocol_action, window.deviations_action, window.blank_action]
    for action, name in zip(documents, ["urval", "avvikelser", "tom"], strict=True):
        out = tmp_path / name  # the dialog's file type gives the suffix
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, out=out, **k: (str(out), ""))
        action.trigger()
        saved.append(next(tmp_path.glob(f"{name}.*")))
    window.close()
    import subprocess

    from python_calamine import CalamineWorkbook

    assert [p.suffix for p in saved] == [".pdf", ".pdf", ".xlsx"]
    protocol = subprocess.run(["pdftotext", str(saved[0]), "-"], capture_output=True,
                              text=True, check=True).stdout
    assert "Urvalsprotokoll" in protocol and "Frö" in protocol
    header = CalamineWorkbook.from_path(str(saved[2])).get_sheet_by_index(0).to_python()[0]
    assert header[0] == "lopnummer" and "ansokan" in header


def test_internal_documents_off_for_counts_only(qtbot, pair) -> None:
    _, gui_db = pair
    window = open_window(qtbot, gui_db)
    window.select_review(EB_COUNTS)
    assert not any(a.isEnabled() for a in window.sample_actions)
    window.select_review(EB)
    assert all(a.isEnabled() for a in window.sample_actions)
    window.close()


@pytest.fixture
def cli_for(capsys):
    return lambda path: Cli(path, capsys)
