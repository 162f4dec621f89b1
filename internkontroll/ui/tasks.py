"""The one way the GUI runs work in the background (HOUSE_STYLE § 2).

``Tasks.run(op, on_done, on_error)`` runs ``op`` on a single worker thread, so database
writes keep their order, and calls ``on_done`` or ``on_error`` on the GUI thread. ``op`` opens
its own session and never touches widgets. Tests replace the executor with one that runs
immediately.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot


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
        self.immediate = isinstance(self.executor, ImmediateExecutor)

    def run(self, op: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> Future[Any]:
        def deliver(future: Future[Any]) -> None:
            error = future.exception()
            if error is not None:
                error = _said(error)
                callback = (lambda: on_error(error)) if on_error else (lambda: None)
            else:
                result = future.result()
                callback = (lambda: on_done(result)) if on_done else (lambda: None)
            if self.immediate:
                callback()
            else:
                self._bridge.delivered.emit(callback)

        future = self.executor.submit(op)
        future.add_done_callback(deliver)
        return future

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)
