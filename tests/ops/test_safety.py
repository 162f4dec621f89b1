"""Backups from the GUI's file dialog: never over the open database, and an old copy is only
replaced once the new one is whole."""

import sqlite3
from pathlib import Path

import pytest

from internkontroll.core.errors import InvalidInput
from internkontroll.ops import safety
from internkontroll.store.db import open_database


@pytest.mark.sqlite_only
def test_a_backup_never_replaces_the_open_database(db_path: Path) -> None:
    db = open_database(db_path, write=True)
    try:
        before = db_path.stat().st_size
        with pytest.raises(InvalidInput, match="databasen själv"):
            safety.backup(db, db_path, replace=True)
        assert db_path.stat().st_size == before
        with db.session():  # still there and usable
            pass
    finally:
        db.close()


@pytest.mark.sqlite_only
def test_replacing_a_backup_leaves_a_whole_copy_and_nothing_beside_it(db_path: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "kopia.sqlite"
    out.write_bytes(b"an older copy")
    db = open_database(db_path, write=True)
    try:
        assert safety.backup(db, out, replace=True).value == out
    finally:
        db.close()
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM template").fetchone()[0] >= 3
    finally:
        conn.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".kopia")) == []
