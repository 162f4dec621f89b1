"""Data safety: gallring, backups, restore, the settings and the change log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from internkontroll.ops import Changes, Done

if TYPE_CHECKING:
    from internkontroll.paths import AppPaths
    from internkontroll.store.db import Database
    from internkontroll.store.purge import Cleaned, PurgePlan


@dataclass(frozen=True)
class Purged:
    label: str
    cleaned: Cleaned
    notices: list[str]  # a folder that could not be reached, a backup that failed

    @property
    def removed(self) -> int:
        """Backups removed, in every folder."""
        return sum(n for _, n in self.cleaned.folders)


@dataclass(frozen=True)
class LogRow:
    """One entry of the change log, as shown to the user (Swedish time, action by name)."""

    at: str
    user: str
    review_id: int | None
    action: str
    target: str
    old: str | None
    new: str | None


def purge_plan(db: Database, review_id: int) -> Done[PurgePlan]:
    """What gallring the review would remove (refuses a review that is not redovisad)."""
    from internkontroll.store.purge import plan

    with db.session() as session:
        return Done(plan(session, db.path, review_id))


def purge(db: Database, review_id: int, found: PurgePlan) -> Done[Purged]:
    """Gallra after the user has seen ``found`` and agreed."""
    from internkontroll.store.purge import purge as purge_review

    cleaned, notices = purge_review(db, review_id, found)
    return Done(Purged(found.label, cleaned, notices),
                Changes(reviews=frozenset({review_id}), texts=frozenset({review_id}),
                        review_list=True))


def backup(db: Database, out: Path, replace: bool = False) -> Done[Path]:
    """A copy of the open database where the user chooses, as an Internkontroll file;
    ``replace`` when a file dialog has already asked about overwriting ``out``."""
    from internkontroll.core.errors import InvalidInput
    from internkontroll.store.backups import backup_to

    if db.path is None:
        return Done(_server_copy(db, out, replace))
    if out.resolve() == db.path.resolve():
        raise InvalidInput("Välj en annan fil för säkerhetskopian än databasen själv.")
    if not (replace and out.is_file()):
        return Done(backup_to(db.path, out))
    fresh = out.with_name(f".{out.name}.ny")  # the old copy stays until the new one is whole
    fresh.unlink(missing_ok=True)
    backup_to(db.path, fresh)
    fresh.replace(out)
    return Done(out)


def _server_copy(db: Database, out: Path, replace: bool) -> Path:
    """The server database as a normal Internkontroll file at ``out``, checked identical; the
    file appears whole or not at all."""
    from internkontroll.core.errors import InvalidInput
    from internkontroll.core.limits import shown
    from internkontroll.store.db import open_database
    from internkontroll.store.transfer import copy_database, verify_copy

    if out.exists() and not replace:
        raise InvalidInput(f"Filen {shown(out.name)} finns redan. Välj ett annat namn.")
    fresh = out.with_name(f".{out.name}.ny")
    fresh.unlink(missing_ok=True)
    copy = open_database(fresh, write=True, create=True)
    try:
        copy_database(db.engine, copy.engine)
        differences = verify_copy(db.engine, copy.engine)
    finally:
        copy.close()
    if differences:
        fresh.unlink(missing_ok=True)
        raise InvalidInput(f"Kopian blev inte lik databasen på servern och är inte sparad: "
                           f"{differences[0]}")
    fresh.replace(out)
    return out


@dataclass(frozen=True)
class Moved:
    text: str  # 'Flyttade 10 kontrolltillfällen, 68 ärenden och 188 bedömningar.'
    differences: list[str]  # empty when the check afterwards found the two identical


def move_to_server(source: Path, server: str, merge: bool = False) -> Done[Moved]:
    """Copy the database file ``source`` (upgraded first, when older) into the server's
    database; refuses one in use unless ``merge``. A plain copy is checked afterwards: every
    table, PDF hash and review's results alike."""
    from internkontroll.store.db import open_database
    from internkontroll.store.server import open_server
    from internkontroll.store.transfer import copy_database, verify_copy

    local = open_database(source, write=True)
    try:
        target = open_server(server, write=True)
        try:
            moved = copy_database(local.engine, target.engine, merge=merge)
            differences = [] if merge else verify_copy(local.engine, target.engine)
        finally:
            target.close()
    finally:
        local.close()
    return Done(Moved(moved.text(), differences), Changes(database=True))


def restore(paths: AppPaths, source: Path) -> Done[Path | None]:
    """Replace the (closed) database by the backup ``source``, saving the current one first;
    the name of that saved copy. A server database keeps its place and gets the backup's rows
    (administratör only)."""
    from internkontroll.store.backups import restore_and_log

    if paths.server is not None:
        return Done(_restore_server(paths, paths.server, source), Changes(database=True))
    return Done(restore_and_log(paths.db, source), Changes(database=True))


def _restore_server(paths: AppPaths, url: str, source: Path) -> Path:
    """Replace every row of the server database by the backup ``source`` (an administratör's
    task), after saving the server's rows as a file in the backups folder; that file. The
    restored rows are checked against the backup, as a move is."""
    import tempfile
    from datetime import datetime

    from internkontroll.core.errors import InvalidInput
    from internkontroll.core.limits import shown
    from internkontroll.store.audit import Change, record
    from internkontroll.store.backups import copy_database as copy_file
    from internkontroll.store.backups import primary_folder
    from internkontroll.store.clock import STOCKHOLM
    from internkontroll.store.db import open_database, probe
    from internkontroll.store.server import may_restore, open_server
    from internkontroll.store.transfer import replace_database, verify_copy

    if not source.is_file():
        raise InvalidInput(f"Säkerhetskopian {shown(source)} finns inte.")
    probe(source)  # ours, intact, and not from a newer version
    server = open_server(url, write=True)
    try:
        if not may_restore(server.engine):
            raise InvalidInput("Bara en administratör kan återställa databasen på servern. "
                               "Inget har ändrats.")
        stamp = datetime.now(STOCKHOLM).strftime("%Y%m%d-%H%M%S")
        name = paths.label.replace("/", "-")
        saved = primary_folder(paths.db) / f"{name}-{stamp}-fore-aterstallning.sqlite"
        saved.parent.mkdir(parents=True, exist_ok=True)
        _server_copy(server, saved, replace=False)
        with tempfile.TemporaryDirectory() as folder:
            incoming = copy_file(source, Path(folder) / "aterstalls.sqlite")
            backup = open_database(incoming, write=True)  # an older backup is upgraded
            try:
                replace_database(backup.engine, server.engine)
                differences = verify_copy(backup.engine, server.engine)
            finally:
                backup.close()
        if differences:
            raise InvalidInput(f"Databasen på servern blev inte lik säkerhetskopian: "
                               f"{differences[0]} Den tidigare är sparad som {saved}.")
        with server.session() as session:
            record(session, None, Change("restore", source.name, saved.name, source.name))
    finally:
        server.close()
    return saved


def settings(db: Database, changes: Iterable[tuple[str, str]] = ()) -> Done[dict[str, str]]:
    """The organisation's settings (kommun, nämnd, förvaltning, logo, small counts, second
    backup folder), after setting each ``(key, value)`` of ``changes`` in order."""
    from internkontroll.store.texts import get_settings, set_setting

    changed = False
    with db.session() as session:
        for key, value in changes:
            set_setting(session, key, value)
            changed = True
        return Done(get_settings(session), Changes(settings=True) if changed else Changes())


def log(db: Database, review_id: int | None = None) -> Done[list[LogRow]]:
    """The change log of one review, or of the whole database, oldest first."""
    from internkontroll.store.audit import ACTIONS, entries
    from internkontroll.store.clock import local_text
    from internkontroll.store.reviews import get_review

    with db.session() as session:
        if review_id is not None:
            get_review(session, review_id)  # an unknown review is an input error
        return Done([LogRow(local_text(e.at), e.user, e.review_id,
                            ACTIONS.get(e.action, e.action), e.target, e.old_value,
                            e.new_value)
                     for e in entries(session, review_id)])
