"""A real GUI process that scores by keyboard until killed; prints each committed answer.

    python -m tests.ui.scoring_process DB REVIEW
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from internkontroll.paths import AppPaths  # noqa: E402
from internkontroll.ui.main_window import MainWindow  # noqa: E402


def main() -> None:
    app = QApplication([])
    window = MainWindow(AppPaths.resolve(sys.argv[1]))
    window.show()
    timer = QTimer()

    def score(_: int) -> None:  # the review is read in the background, then shown
        view = window.scoring
        view.answer_saved.connect(lambda number, key: key and print(f"sparat {number} {key}",
                                                                    flush=True))

        def press() -> None:  # a blank attribute the flow asks for: N (nej), else 1
            QTest.keyClick(view, Qt.Key.Key_N if view.waiting_for() else Qt.Key.Key_1)

        timer.timeout.connect(press)
        timer.start(10)

    window.review_opened.connect(score)
    window.database_opened.connect(lambda: window.open_review(int(sys.argv[2])))
    QTimer.singleShot(0, window.open_database)
    app.exec()


if __name__ == "__main__":
    main()
