"""Who and when: the acting OS user and UTC timestamps (shown as Europe/Stockholm)."""

from __future__ import annotations

import getpass
import socket
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def now_utc() -> str:
    """The current time as ISO 8601 in UTC."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def local_text(stamp: str) -> str:
    """A stored UTC stamp as Swedish local time, 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(stamp).astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def local_when(stamp: str, today: date | None = None) -> str:
    """A stored UTC stamp as 'HH:MM' when it is today in Stockholm, else 'YYYY-MM-DD HH:MM'."""
    text = local_text(stamp)
    day = (today or datetime.now(STOCKHOLM).date()).isoformat()
    return text.removeprefix(f"{day} ")


@cache
def current_user() -> str:
    """The OS login name; it does not change while the program runs."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "okänd"


def machine_name() -> str:
    return socket.gethostname() or "okänd dator"
