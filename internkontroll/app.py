"""GUI start: QApplication → window shown → open and migrate the database → fill the window.

SQLAlchemy, Alembic and reportlab are imported only after the window is visible.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any


def _install_translations(app: object) -> None:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    translator = QTranslator(app)  # type: ignore[arg-type]
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_sv", folder):
        app.installTranslator(translator)  # type: ignore[attr-defined]
    from internkontroll.ui.messages import install_button_texts

    install_button_texts(app)  # type: ignore[arg-type]  # "OK", not qtbase_sv's "Ok"


def run(paths: Any, screenshot: str | None = None, view: str = "start",
        review: int | None = None, chosen: bool = False) -> int:
    """The window on ``paths``; when no database was ``chosen`` (by --db or INTERNKONTROLL_DB)
    the server connected to last time, if any."""
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from internkontroll.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Internkontroll")
    QApplication.setDesktopFileName("internkontroll")  # the Linux desktop entry, for its icon
    QApplication.setWindowIcon(QIcon(str(Path(__file__).parent / "ui" / "resources" /
                                         "internkontroll.svg")))
    _install_translations(app)
    if not chosen:
        from internkontroll.ui.window_actions import saved_server

        server = saved_server()
        if server:
            paths = type(paths)(paths.db, server)
    window = MainWindow(paths)
    window.resize(1366, 768)
    window.show()
    sys.excepthook = lambda kind, error, trace: _unexpected(window, kind, error, trace)
    if screenshot:
        return _screenshot(app, window, Path(screenshot), view, review)
    QTimer.singleShot(0, window.open_database)
    return app.exec()


def _unexpected(window: Any, kind: type[BaseException], error: BaseException,
                trace: Any) -> None:
    """An error nobody foresaw: the details go to a log file, the user gets a dialog."""
    from internkontroll.errorlog import write_log
    from internkontroll.ui import messages

    log = write_log(kind, error, trace)
    # The error's own words are English and may quote a value: only the log has them.
    messages.show_error(window, "Något oväntat gick fel. Allt som redan sparats finns kvar."
                        f"\n\nDetaljer finns i {log}.", "Oväntat fel")


def _screenshot(app: Any, window: Any, path: Path, view: str, review: int | None) -> int:
    """Render the real window offscreen at 1366×768 to a PNG, and exit."""
    from internkontroll.ui.tasks import ImmediateExecutor, Tasks

    window.tasks = Tasks(ImmediateExecutor())
    if window.paths.server or window.paths.db.exists():
        window.open_database(interactive=False)
    else:
        window._show_first_run()
    if view in ("scoring", "results") and window.db is not None:
        from internkontroll.ui.views import RESULTS, SCORING

        chosen = review or _first_review(window, with_cases=view == "scoring")
        if chosen is not None:
            window.open_review(chosen, SCORING if view == "scoring" else RESULTS)
    app.processEvents()
    window.grab().save(str(path))
    window.close()
    return 0


def _first_review(window: Any, with_cases: bool) -> int | None:
    from internkontroll.ops import reviews

    found = reviews.list_all(window.db).value  # the screenshot's tasks run at once anyway
    return next((r.id for r in found if r.cases or not with_cases), None)


def main() -> int:
    """The GUI program (``internkontroll-gui``, the bundle's windowed one): the command line's
    options, and a database file given alone, as when a file is opened with the program. With
    no console (the windowed program on Windows) what it would print goes in a dialog."""
    import io

    from internkontroll.cli import main as command_line

    given = sys.argv[1:]
    if len(given) == 1 and Path(given[0]).suffix.lower() in (".sqlite", ".db"):
        given = ["--db", given[0]]
    if sys.stderr is not None:
        return command_line(given)
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    try:
        code = command_line(given)
    except SystemExit as stop:  # argparse's, on options it does not know
        code = stop.code if isinstance(stop.code, int) else 2
    said = sys.stderr.getvalue().strip()
    if code and said:
        from PySide6.QtWidgets import QApplication

        from internkontroll.ui import messages

        _ = QApplication.instance() or QApplication(sys.argv[:1])
        messages.show_error(None, said.splitlines()[-1].removeprefix("internkontroll: "),
                            "Internkontroll")
    return code
