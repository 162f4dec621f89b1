"""The one way the GUI runs work in the background (HOUSE_STYLE § 2).

``Tasks.run(owner, op, on_done, on_error)`` runs ``op`` (an ``ops/`` call) on a single worker
thread, so database writes keep their order, and calls ``on_done`` or ``on_error`` on the GUI
thread, unless the owner widget was destroyed meanwhile: then the callbacks are dropped. An op
that returns ``ops.Done`` with changes has them announced through ``Tasks.changed`` whether or
not its owner lives, so the main window can hand them to the views that show them. ``op``
opens its own session and never touches widgets. Tests replace the executor with one that runs
immediately; at least one test keeps the real thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from internkontroll.ops import Done


class Cancelled(Exception):
    """Raised inside an op when the user cancelled it."""


class Progress:
    """Handed to cancellable ops; ``check()`` raises ``Cancelled`` once cancel() was called.

    Ops report their progress through a signal of their own, which Qt delivers on the GUI
    thread."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise Cancelled()


def _said(error: BaseException) -> BaseException:
    """An OS, SQLite or unexpected error as one of ours with a Swedish text, so that every
    ``on_error`` can show ``str(error)``; ours and ``Cancelled`` pass as they are."""
    from internkontroll.core.errors import InternkontrollError

    if isinstance(error, InternkontrollError | Cancelled):
        return error
    from internkontroll.errortext import explain

    known = explain(error)
    if known is None:
        from internkontroll.ui.messages import error_text

        known = InternkontrollError(error_text(error))  # a bug: the details are in the log
    known.__cause__ = error
    return known


class ImmediateExecutor(Executor):
    """Runs each op at once on the calling thread (for tests)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # delivered to on_error like a real worker would
            future.set_exception(error)
        return future


class _Bridge(QObject):
    delivered = Signal(object)
    changed = Signal(object)  # ops.Changes, after every op that changed something

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._call, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _call(self, callback: Callable[[], None]) -> None:
        callback()


class Tasks:
    """The application's task runner, passed to the windows that need it."""

    def __init__(self, executor: Executor | None = None) -> None:
        self.executor = executor or ThreadPoolExecutor(max_workers=1,
                                                       thread_name_prefix="internkontroll")
        self._bridge = _Bridge()
        self.changed = self._bridge.changed
        self.immediate = isinstance(self.executor, ImmediateExecutor)

    def run(self, owner: QObject, op: Callable[[], Any],
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> Future[Any]:
        """Run ``op`` in the background; its callbacks run on the GUI thread while ``owner``
        lives. ``on_done`` gets the op's value (``Done.value`` for an ``ops.Done``)."""
        def deliver(future: Future[Any]) -> None:
            error = future.exception()
            if error is not None:
                error = _said(error)
                callback = (lambda: on_error(error)) if on_error else (lambda: None)
                changes = None
            else:
                result = future.result()
                changes = result.changes if isinstance(result, Done) else None
                value = result.value if isinstance(result, Done) else result
                callback = (lambda: on_done(value)) if on_done else (lambda: None)

            def on_gui_thread() -> None:
                if shiboken6.isValid(owner):
                    callback()
                if changes:
                    self.changed.emit(changes)

            if self.immediate:
                on_gui_thread()
            else:
                self._bridge.delivered.emit(on_gui_thread)

        future = self.executor.submit(op)
        future.add_done_callback(deliver)
        return future

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)
