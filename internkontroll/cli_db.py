"""Opening the database for a command, with any notice (a backup that failed) on stderr."""

from __future__ import annotations

import sys
from typing import Any

from internkontroll.paths import AppPaths


def open_db(paths: AppPaths, write: bool, create: bool = False) -> Any:
    from internkontroll.store.db import open_database

    db = open_database(paths.db, write=write, create=create)
    for notice in db.notices:
        print(f"internkontroll: {notice}", file=sys.stderr)
    return db
