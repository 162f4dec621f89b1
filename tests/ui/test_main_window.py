from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from internkontroll.app import _install_translations
from internkontroll.cli import main
from internkontroll.paths import AppPaths
from internkontroll.ui import messages
from internkontroll.ui.main_window import MainWindow
from tests.conftest import Cli


def test_window_shows_before_the_database_opens(qtbot, db_path: Path, capsys) -> None:
    Cli(db_path, capsys).ok("review", "new", "sip", "--label", "Apr -23", "--date", "2023-04-20")
    window = MainWindow(AppPaths.resolve(str(db_path)))
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "Internkontroll"
    assert window.statusBar().currentMessage() == "Öppnar databasen …"
    assert window.db is None
    with qtbot.waitSignal(window.database_opened):
        window.open_database()
    titles = [window.tree.topLevelItem(i).text(0) for i in range(window.tree.topLevelItemCount())]
    assert titles == sorted(titles) and len(titles) == 3
    sip = next(window.tree.topLevelItem(i) for i in range(3)
               if window.tree.topLevelItem(i).text(0).startswith("Samordnad"))
    assert sip.child(0).text(0) == "Apr -23"  # the date is in the tooltip: a narrow list
    assert sip.child(0).toolTip(0).startswith("Apr -23, 2023-04-20. Inga ärenden ännu")
    assert sip.child(0).text(1) == "inga ärenden ännu"
    assert "nästa gång i" in window.start_page.text()
    window.close()
    assert window.db is None


def test_missing_database_is_created_only_after_asking(qtbot, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ny.sqlite"
    asked: list[str] = []

    def answer(result: bool):
        def ask(parent, title, text) -> bool:
            asked.append(text)
            return result
        return ask

    monkeypatch.setattr(messages, "ask_yes_no", answer(False))
    window = MainWindow(AppPaths.resolve(str(path)))
    qtbot.addWidget(window)
    window.open_database()
    assert asked and str(path) in asked[0] and not path.exists()
    assert "Välkommen" in window.start_page.text()
    monkeypatch.setattr(messages, "ask_yes_no", answer(True))
    window.open_database()
    qtbot.waitUntil(lambda: window.db is not None, timeout=10000)
    assert path.exists() and window.tree.topLevelItemCount() == 3
    window.close()


def test_refused_database_gets_a_dialog_and_no_traceback(qtbot, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "annan.sqlite"
    path.write_bytes(b"inte en databas" * 20)
    shown: list[str] = []
    choices: list[list[str]] = []

    def choose(parent, title, text, options) -> int:
        shown.append(text)
        choices.append(options)
        return 2  # Stäng

    monkeypatch.setattr(messages, "ask_choice", choose)
    window = MainWindow(AppPaths.resolve(str(path)))
    qtbot.addWidget(window)
    window.open_database()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert len(shown) == 1 and shown[0].startswith(
        "annan.sqlite är ingen Internkontroll-databas (filen är inte en SQLite-databas).")
    assert choices == [["Välj en annan fil …", "Återställ en säkerhetskopia …", "Stäng"]]
    assert path.read_bytes() == b"inte en databas" * 20


def test_qt_standard_dialogs_speak_swedish(qapp) -> None:
    _install_translations(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Avbryt"


def test_screenshot_of_first_run_creates_nothing(qapp, tmp_path: Path) -> None:
    db, png = tmp_path / "saknas.sqlite", tmp_path / "start.png"
    assert main(["--db", str(db), "--screenshot", str(png)]) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1366, 768)
    assert not db.exists()


def test_database_libraries_load_after_the_window_is_shown() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from internkontroll.paths import AppPaths\n"
        "from internkontroll.ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "w = MainWindow(AppPaths.resolve('x.sqlite')); w.show(); app.processEvents()\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'reportlab', 'sqlmodel')"
        " if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
