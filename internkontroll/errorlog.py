"""Errors nobody foresaw: the details go to a log file, never a traceback to the user."""

from __future__ import annotations

import traceback
from pathlib import Path
from types import TracebackType


def write_log(kind: type[BaseException], error: BaseException,
              trace: TracebackType | None) -> Path:
    """Append the traceback to the user's log file and return its path."""
    from platformdirs import user_log_path

    log = user_log_path("Internkontroll", appauthor=False) / "fel.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        handle.write("".join(traceback.format_exception(kind, error, trace)) + "\n")
    return log
