"""Rotating backups with SQLite's backup API, and restoring one.

Backups go to ``backups/`` beside the database and, when the setting ``backup_folder`` names
one, to a second folder (for example the förvaltning's protected network drive). Each folder
keeps the ten newest backups the app made of this database. A backup is taken on the first
writable open of each day (local date, Europe/Stockholm) and before every migration.

Every folder is remembered in the database (table ``backup_folder``) before the first backup
is written there, so gallring can clean the folders an earlier setting named (SPEC § 7.1).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.store.clock import STOCKHOLM, now_utc
from internkontroll.store.files import create_private, readonly_uri

if TYPE_CHECKING:
    from sqlmodel import Session

KEEP = 10
FOLDER_SETTING = "backup_folder"


def primary_folder(path: Path) -> Path:
    return path.parent / "backups"


def _pattern(path: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(path.stem)}-(\d{{8}})-(\d{{6}})-[a-z-]+?(-\d+)?"
                      rf"{re.escape(path.suffix)}$")


def app_backups(path: Path, folder: Path) -> list[Path]:
    """The backups the app made of ``path`` in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    pattern = _pattern(path)
    found = [(m.group(1, 2), p.stat().st_mtime_ns, p) for p in folder.iterdir()
             if (m := pattern.match(p.name))]
    return [p for *_, p in sorted(found)]


def second_folder(path: Path) -> Path | None:
    """The folder named by the ``backup_folder`` setting, read without opening for writing."""
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = ?",
                               (FOLDER_SETTING,)).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return Path(row[0]) if row and row[0] else None


def _same(folder: Path) -> str:
    return os.path.normcase(os.path.abspath(folder))


def _has_folder_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                        "name = 'backup_folder'").fetchone() is not None


def remembered_folders(path: Path) -> list[tuple[Path, bool]]:
    """The folders the database remembers, each with whether it is a ``backups/`` folder that
    was beside the file (where it was created or upgraded) rather than a chosen one."""
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            rows = conn.execute("SELECT path, beside FROM backup_folder ORDER BY first_used, "
                                "path").fetchall() if _has_folder_table(conn) else []
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return []
    return [(Path(folder), bool(beside)) for folder, beside in rows]


def remember_folder(path: Path, folder: Path, beside: bool = False) -> None:
    """Add ``folder`` to the folders the database remembers; writes only when it is new, and
    nothing before schema 0005."""
    if _same(folder) in {_same(f) for f, _ in remembered_folders(path)}:
        return
    conn = sqlite3.connect(path, timeout=10)
    try:
        if _has_folder_table(conn):
            with conn:
                conn.execute("INSERT OR IGNORE INTO backup_folder (path, first_used, beside) "
                             "VALUES (?, ?, ?)", (os.path.abspath(folder), now_utc(),
                                                  int(beside)))
    finally:
        conn.close()


def remember_chosen_folder(session: Session, folder: Path) -> None:
    """Remember ``folder`` in the session's transaction, when the setting comes to name it."""
    from internkontroll.store.models import BackupFolder

    key = os.path.abspath(folder)
    if session.get(BackupFolder, key) is None:
        session.add(BackupFolder(path=key, first_used=now_utc(), beside=False))


def known_folders(path: Path) -> list[Path]:
    """Every folder gallring cleans, each once: ``backups/`` beside the file, every folder the
    database remembers, and the one the setting names now.

    A remembered ``backups/`` from where the file used to be is left out once it is gone; a
    chosen folder is kept even then, because a network drive may only be unreachable.
    """
    here = primary_folder(path)
    second = second_folder(path)
    found: dict[str, Path] = {_same(here): here}
    for folder, beside in [*remembered_folders(path), *([(second, False)] if second else [])]:
        if not (beside and not folder.is_dir()):
            found.setdefault(_same(folder), folder)
    return list(found.values())


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of ``source`` (committed data, WAL included) as a new 0600 file."""
    create_private(target)
    src = sqlite3.connect(readonly_uri(source), uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    except BaseException:
        dst.close()
        target.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    dst.close()
    return target


def _backup_into(path: Path, folder: Path, reason: str) -> Path:
    if _same(folder) != _same(primary_folder(path)):
        # Before anything is written there. The setting has remembered it already; this
        # covers a folder that came some other way.
        remember_folder(path, folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(STOCKHOLM).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}-{reason}{path.suffix}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{path.stem}-{stamp}-{reason}-{counter}{path.suffix}"
    copy_database(path, target)
    for old in app_backups(path, folder)[:-KEEP]:
        old.unlink(missing_ok=True)
    return target


def take_backups(path: Path, reason: str, made: list[Path] | None = None) -> list[str]:
    """Back up into both folders; returns warnings about the second folder.

    A failure in ``backups/`` raises: before a migration, no backup means no migration. The
    copies made are appended to ``made``, so a migration that fails can take them back.
    """
    made = [] if made is None else made
    made.append(_backup_into(path, primary_folder(path), reason))
    second = second_folder(path)
    if second is None:
        return []
    try:
        made.append(_backup_into(path, second, reason))
    except (OSError, sqlite3.Error) as error:
        return [f"Säkerhetskopian kunde inte sparas i {second}: "
                f"{_reason(error)}. Den finns i "
                f"{primary_folder(path)}."]
    return []


def _reason(error: OSError | sqlite3.Error) -> str:
    """Why a copy failed, in Swedish (the library's own words are English)."""
    from internkontroll.errortext import explain

    known = explain(error)
    return str(known).rstrip(".") if known is not None else "okänt fel"


def daily_backup(path: Path) -> list[str]:
    """Back up on the first writable open of the day; returns warnings to show the user."""
    today = datetime.now(STOCKHOLM).strftime("%Y%m%d")
    if any(p.name[len(path.stem) + 1:].startswith(today)
           for p in app_backups(path, primary_folder(path))):
        return []
    try:
        return take_backups(path, "daglig")
    except (OSError, sqlite3.Error) as error:
        return [f"Dagens säkerhetskopia kunde inte sparas i {primary_folder(path)}: "
                f"{_reason(error)}."]


def backup_to(path: Path, out: Path) -> Path:
    """``internkontroll backup --out FILE``: a copy where the user chooses."""
    if out.exists():
        raise InvalidInput(f"{shown(out.name)} finns redan. Välj ett nytt filnamn för "
                           "säkerhetskopian.")
    if not out.parent.is_dir():
        raise InvalidInput(f"Mappen {shown(out.parent)} finns inte.")
    return copy_database(path, out)


def restore(path: Path, source: Path) -> Path | None:
    """Replace the database at ``path`` by the backup ``source``.

    The current file is backed up first (copied as it is when it is too damaged for the backup
    API), and the writer lock is held throughout. Returns the backup of the current file.
    """
    from internkontroll.store.db import acquire_lock, probe

    if path.exists() and source.resolve() == path.resolve():
        raise InvalidInput("Välj en säkerhetskopia, inte databasen själv.")
    if not source.is_file():
        raise InvalidInput(f"Säkerhetskopian {shown(source)} finns inte.")
    probe(source)  # ours, intact, and not from a newer version
    lock = acquire_lock(path)
    try:
        saved = _save_current(path) if path.exists() else None
        incoming = path.with_name(path.name + ".aterstalls")
        incoming.unlink(missing_ok=True)
        copy_database(source, incoming)
        with incoming.open("rb") as handle:
            os.fsync(handle.fileno())
        # A WAL left beside the new file would be replayed into it.
        for side in ("-wal", "-shm"):
            path.with_name(path.name + side).unlink(missing_ok=True)
        os.replace(incoming, path)
    finally:
        lock.release()
    return saved


def restore_and_log(path: Path, source: Path) -> Path | None:
    """``restore``, then open the restored file (upgrading an older backup) and log it."""
    from internkontroll.store.audit import Change, record
    from internkontroll.store.db import open_database

    # The backup may predate folders used since; they keep holding backups gallring must find.
    folders = remembered_folders(path) if path.exists() else []
    saved = restore(path, source)
    db = open_database(path, write=True)
    try:
        for folder, beside in folders:
            remember_folder(path, folder, beside)
        with db.session() as session:
            record(session, None, Change("restore", source.name,
                                         saved.name if saved else None, source.name))
    finally:
        db.close()
    return saved


def _save_current(path: Path) -> Path:
    try:
        return _backup_into(path, primary_folder(path), "fore-aterstallning")
    except sqlite3.Error:  # too damaged for the backup API: keep the bytes as they are
        folder = primary_folder(path)
        stamp = datetime.now(STOCKHOLM).strftime("%Y%m%d-%H%M%S")
        target = folder / f"{path.stem}-{stamp}-skadad{path.suffix}"
        folder.mkdir(parents=True, exist_ok=True)
        for side in ("", "-wal"):
            original = path.with_name(path.name + side)
            if original.exists():
                copy = target.with_name(target.name + side)
                create_private(copy)
                shutil.copyfile(original, copy)
        return target
