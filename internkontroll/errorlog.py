"""Errors nobody foresaw: the details go to a log file, never a traceback to the user."""

from __future__ import annotations

import traceback
from pathlib import Path
from types import TracebackType


def write_log(kind: type[BaseException], error: BaseException,
              trace: TracebackType | None) -> Path:
    """Append the traceback to the user's log file and return its path."""
    from platformdirs import user_log_path

    from internkontroll.store.files import append_private

    log = user_log_path("Internkontroll", appauthor=False) / "fel.log"
    # A traceback can quote the values being handled: readable only by the user.
    append_private(log, "".join(traceback.format_exception(kind, error, trace)) + "\n")
    return log
