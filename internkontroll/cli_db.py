"""Opening the database for a command, with any notice (a backup that failed) on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from internkontroll.paths import AppPaths


def open_db(paths: AppPaths, write: bool, create: bool = False) -> Any:
    from internkontroll.store.db import open_database

    db = open_database(paths.db, write=write, create=create)
    for notice in db.notices:
        print(f"internkontroll: {notice}", file=sys.stderr)
    return db


@contextmanager
def session_of(paths: AppPaths, write: bool, create: bool = False) -> Iterator[Any]:
    """One transaction on the database for a command; the database is closed afterwards."""
    db = open_db(paths, write, create)
    try:
        with db.session() as session:
            yield session
    finally:
        db.close()
