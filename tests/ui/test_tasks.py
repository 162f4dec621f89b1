"""The task runner on its real worker thread: callbacks of a destroyed owner are dropped, and
the changes of every op are announced whatever became of its owner."""

import threading

from PySide6.QtWidgets import QWidget

from internkontroll.ops import Changes, Done
from internkontroll.ui.tasks import Tasks


def test_a_destroyed_owners_callback_is_dropped_and_its_changes_announced(qtbot) -> None:
    tasks = Tasks()  # the real single-worker thread
    release = threading.Event()
    called: list[object] = []
    announced: list[Changes] = []
    tasks.changed.connect(announced.append)
    try:
        owner = QWidget()
        survivor = QWidget()
        qtbot.addWidget(survivor)

        def op() -> Done[str]:
            release.wait(10)
            return Done("svar", Changes(reviews=frozenset({7})))

        tasks.run(owner, op, called.append, called.append)
        tasks.run(survivor, lambda: Done(3), called.append)
        owner.deleteLater()
        qtbot.waitUntil(lambda: not _alive(owner), timeout=5000)
        release.set()
        qtbot.waitUntil(lambda: called == [3], timeout=5000)
        qtbot.waitUntil(lambda: announced == [Changes(reviews=frozenset({7}))], timeout=5000)
    finally:
        release.set()
        tasks.shutdown()


def test_an_error_reaches_a_living_owner_in_swedish(qtbot) -> None:
    tasks = Tasks()
    errors: list[BaseException] = []
    try:
        owner = QWidget()
        qtbot.addWidget(owner)

        def op() -> None:
            raise PermissionError(13, "Permission denied", "/x/y.pdf")

        tasks.run(owner, op, None, errors.append)
        qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
        assert "Permission denied" not in str(errors[0])
        assert "y.pdf" in str(errors[0])
    finally:
        tasks.shutdown()


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
