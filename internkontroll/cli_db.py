"""Opening the database for a command, with any notice (a backup that failed) on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from internkontroll.paths import AppPaths

if TYPE_CHECKING:
    from internkontroll.store.db import Database


def open_db(paths: AppPaths, write: bool, create: bool = False) -> Database:
    from internkontroll.store.db import open_database

    db = open_database(paths.target, write=write, create=create)
    for notice in db.notices:
        print(f"internkontroll: {notice}", file=sys.stderr)
    return db


@contextmanager
def opened(paths: AppPaths, write: bool, create: bool = False) -> Iterator[Database]:
    """The database for one command's ops call; closed afterwards, also after an error."""
    db = open_db(paths, write, create)
    try:
        yield db
    finally:
        db.close()
