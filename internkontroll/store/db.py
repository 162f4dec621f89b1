"""Opening the database: a file here, or a server (``store.server``) behind the same seam.

``open_database`` takes a path or a ``postgresql://`` URL and gives a ``Database``; what differs
between the two (probe and identity, engine, migrations, guard triggers, backups, the acting
user, locking) is each ``Backend``'s own. The rest of the program sees only the engine.

A file is probed read-only before anything writes to it. A file that is not ours, is corrupt, or
comes from a newer version of the program is refused and left untouched.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from filelock import FileLock, Timeout
from sqlalchemy import JSON, Engine, create_engine, delete, event, func, insert
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, col, select

from internkontroll.core.errors import DatabaseInUse, InvalidInput, ReviewLocked
from internkontroll.core.limits import shown
from internkontroll.store import guards, migrate
from internkontroll.store.clock import current_user, local_text, machine_name, now_utc
from internkontroll.store.files import create_private, is_network_path, readonly_uri
from internkontroll.store.models import AuditLog, Maintenance

APPLICATION_ID = 0x494B4E54  # "IKNT"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


class Backend(Protocol):
    """What a database file and a database server each do their own way."""

    @property
    def label(self) -> str:
        """How messages name the database: the file's name, or the server and database."""

    @property
    def path(self) -> Path | None:
        """The database file; None on a server, whose backups are IT's."""

    def refusal(self, error: DBAPIError) -> str | None:
        """``guards.LOCKED_MARK`` or ``guards.LOG_MARK`` when ``error`` is a guard trigger's
        refusal, else None."""

    def compact(self, engine: Engine) -> None:
        """Leave nothing of deleted rows where the database keeps its data."""

    def release(self) -> None:
        """Give up what ``open`` took to write (the file's writer lock)."""

    def maintenance(self, session: Session, reason: str) -> AbstractContextManager[None]:
        """Let the session's transaction past the guard triggers (gallring)."""

    def forget_case_level(self, session: Session, review_id: int, reason: str) -> int:
        """Delete the review's case-level log entries, past the append-only guard; how many."""


def backend_of(session: Session) -> Backend:
    """The backend of the database ``session`` came from (a file's for a bare session)."""
    found = session.info.get("backend")
    return found if found is not None else FileBackend(Path())


@dataclass
class Database:
    """An open database: how it is kept (``backend``), its engine, and notices from opening."""

    backend: Backend
    engine: Engine
    notices: list[str] = field(default_factory=list)  # e.g. a backup that could not be made

    @property
    def path(self) -> Path | None:
        return self.backend.path

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on any error.

        A guard trigger's refusal (a path that missed the application's own check) becomes
        ``ReviewLocked``.
        """
        try:
            with Session(self.engine, expire_on_commit=False,
                         info={"backend": self.backend}) as session, session.begin():
                yield session
        except DBAPIError as error:
            refused = self.backend.refusal(error)
            if refused == guards.LOCKED_MARK:
                raise ReviewLocked("Kontrolltillfället är redovisat i nämnd och kan inte "
                                   "ändras.") from None
            if refused == guards.ASSIGNED_MARK:
                raise InvalidInput("Du är inte tilldelad det här kontrolltillfället och kan "
                                   "inte ändra det. Be kontrollansvarig att tilldela dig "
                                   "det.") from None
            raise

    def close(self) -> None:
        self.engine.dispose()
        self.backend.release()


@dataclass
class FileBackend:
    """A database in one SQLite file, with a writer lock beside it and backups in folders."""

    path: Path
    lock: FileLock | None = None

    @property
    def label(self) -> str:
        return self.path.name

    def refusal(self, error: DBAPIError) -> str | None:
        # SQLite reports a trigger's RAISE only by its message, which is the mark alone.
        text = str(error.orig)
        return text if text in (guards.LOCKED_MARK, guards.LOG_MARK) else None

    def compact(self, engine: Engine) -> None:
        """Rebuild the file and empty the WAL, so freed pages and old frames hold nothing."""
        raw = engine.raw_connection()
        try:
            connection: Any = raw.driver_connection
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    def release(self) -> None:
        if self.lock is not None:
            release_lock(self.path, self.lock)
            self.lock = None

    @contextmanager
    def maintenance(self, session: Session, reason: str) -> Iterator[None]:
        """A row in ``maintenance`` for the rest of the transaction lets it past the triggers.
        No other connection writes to the file meanwhile, so none passes with it."""
        if session.get(Maintenance, 1) is not None:  # already inside one
            yield
            return
        session.add(Maintenance(id=1, reason=reason))
        session.flush()
        yield
        session.flush()
        session.delete(session.get(Maintenance, 1))
        session.flush()

    def forget_case_level(self, session: Session, review_id: int, reason: str) -> int:
        condition = (col(AuditLog.review_id) == review_id) & col(AuditLog.case_level)
        found = int(session.exec(select(func.count()).select_from(AuditLog)
                                 .where(condition)).one())
        if found:
            with self.maintenance(session, reason):
                session.exec(delete(AuditLog).where(condition))  # type: ignore[call-overload]
        return found


def insert_rows(session: Session, table: str, columns: tuple[str, ...],
                rows: Sequence[tuple[Any, ...]]) -> None:
    """Many rows of ``table`` in one driver-level executemany, in the session's transaction.

    For imports of hundreds of thousands of rows, where a Core executemany (a dict per row, each
    value converted by its column's type) would double the time of an import. The INSERT is
    compiled for the connection's dialect, so it has that driver's parameter style and quoting.
    ``rows`` hold values in the order of ``columns`` that every driver takes as they are (str,
    int, bool and None), except in JSON columns: those take Python data, which the column's
    type serialises for the dialect.
    """
    if not rows:
        return
    connection = session.connection()
    found = SQLModel.metadata.tables[table]
    compiled = insert(found).compile(dialect=connection.dialect, column_keys=list(columns),
                                     for_executemany=True)
    names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.params)
    if set(names) != set(columns):
        raise ValueError(f"{table} takes the columns {', '.join(sorted(names))}")
    dialect = connection.dialect
    processors = {n: found.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                  for n, name in enumerate(columns) if isinstance(found.c[name].type, JSON)}
    if processors:
        values = list(zip(*rows, strict=True))
        for n, processor in processors.items():
            if processor is not None:
                values[n] = tuple(map(processor, values[n]))
        rows = list(zip(*values, strict=True))
    if not compiled.positional:
        parameters: Sequence[Any] = [dict(zip(columns, row, strict=True)) for row in rows]
    elif names != columns:
        order = [columns.index(name) for name in names]
        parameters = [tuple(row[n] for n in order) for row in rows]
    else:
        parameters = rows
    connection.exec_driver_sql(compiled.string, parameters)


def _info_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock.info")


def _unreadable(path: Path) -> InvalidInput:
    return InvalidInput(f"Databasen {shown(path.name)} innehåller ett värde som inte går att "
                        "läsa och kan vara skadad. Återställ en säkerhetskopia.")


def make_engine(path: Path, *, readonly: bool = False, foreign_keys: bool = True) -> Engine:
    """An engine whose transactions begin explicitly, so DDL and DML commit or roll back whole.

    ``readonly`` refuses every write (``query_only``). The connection itself is read-write on
    purpose: SQLite's read-only mode leaves -wal and -shm files beside a WAL database, and cannot
    roll back a journal left by an interrupted write, so every read would fail. A read-write
    connection cleans up both when it closes. Text that is not UTF-8 and JSON that does not parse
    (a damaged file that passes quick_check) become ``InvalidInput`` when read, never the
    library's words, which quote the value.
    """

    def text(raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _unreadable(path) from None

    def stored_json(raw: str) -> Any:
        try:
            return json.loads(raw)
        except ValueError:
            raise _unreadable(path) from None

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        conn.text_factory = text
        conn.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA secure_delete=ON")  # deleted case data is overwritten, not left
        if readonly:
            conn.execute("PRAGMA query_only=ON")
        return conn

    engine = create_engine("sqlite://", creator=connect, json_deserializer=stored_json)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


_NUMERIC_TYPES = ("INT", "REAL", "FLOA", "DOUB", "NUM", "BOOL")


def _wrong_types(conn: sqlite3.Connection) -> bool:
    """True when a number column holds text or bytes: SQLite allows it, quick_check does not
    look, and the program would fail on it far from here. One pass per table, like quick_check."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        numeric = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')
                   if any(t in (r[2] or "").upper() for t in _NUMERIC_TYPES)]
        if not numeric:
            continue
        wrong = " OR ".join(f"typeof(\"{c}\") NOT IN ('integer', 'real', 'null')"
                            for c in numeric)
        if conn.execute(f'SELECT 1 FROM "{table}" WHERE {wrong} LIMIT 1').fetchone():
            return True
    return False


def probe(path: Path) -> str | None:
    """Check that ``path`` is an Internkontroll database without modifying it.

    Returns its schema revision (``None`` for a database that has none yet). An OS error (no
    permission, a damaged disk) is raised as it is, for the caller to say in Swedish.
    """
    name = shown(path.name)
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise InvalidInput(
            f"{name} är ingen Internkontroll-databas (filen är inte en SQLite-databas).")
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise InvalidInput(f"{name} är en SQLite-databas men inte en Internkontroll-databas.")
    try:
        conn = _probe_connection(path)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok" or _wrong_types(conn):
                raise sqlite3.DatabaseError("quick_check")
            has_version = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name='alembic_version'").fetchone()
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone() \
                if has_version else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
            raise  # another program holds a lock: in use, not damaged
        raise InvalidInput(
            f"Databasen {name} är skadad och kan inte öppnas. Återställ en säkerhetskopia."
        ) from None
    revision = row[0] if row else None
    if revision is not None and not migrate.is_known(revision):
        raise InvalidInput(
            f"Databasen {name} är skapad av en nyare version av Internkontroll. "
            "Uppdatera programmet för att öppna den.")
    return revision


def _probe_connection(path: Path) -> sqlite3.Connection:
    """A connection that reads ``path`` as it was last committed, leaving no files behind.

    Without a WAL file there is nothing uncommitted to read, and immutable=1 keeps SQLite from
    creating -wal and -shm files beside a file that may not be ours. A journal left by an
    interrupted write must be rolled back before the file can be read, which a read-only
    connection cannot do; the header has already shown that the file is ours, so a read-write
    connection that refuses writes does that (as any later write would), then cleans up.
    """
    if _side(path, "-journal").exists():
        conn = sqlite3.connect(path, timeout=10)
        conn.execute("PRAGMA query_only=ON")
        return conn
    immutable = "" if _side(path, "-wal").exists() else "&immutable=1"
    return sqlite3.connect(readonly_uri(path, immutable), uri=True)


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def regular_file(path: Path) -> bool:
    """True when ``path`` is a regular file, False when nothing is there.

    Anything else is refused before it is opened: a FIFO would block the program forever, a
    directory or a device is no database, and a link to nowhere would be created through.
    Other OS errors (a loop of links, a name too long, no permission) are raised as they are.
    """
    name = shown(path.name)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise InvalidInput(f"Databasen {name} är en länk till en fil som inte finns. Ange "
                               "databasfilen själv.") from None
        return False
    if stat.S_ISREG(mode):
        return True
    kind = ("en mapp" if stat.S_ISDIR(mode) else
            "en namngiven pipe (FIFO)" if stat.S_ISFIFO(mode) else
            "en enhet" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "ingen vanlig fil")
    raise InvalidInput(f"Databasen {name} är {kind}, inte en databasfil.")


def acquire_lock(path: Path) -> FileLock:
    # Not thread-local: the GUI opens the database on a worker thread and closes it on its own.
    lock = FileLock(path.with_name(path.name + ".lock"), timeout=0, mode=0o600,
                    thread_local=False, fallback_to_soft=False)
    try:
        lock.acquire()
    except Timeout:
        raise DatabaseInUse(_holder_text(path)) from None
    info = _info_path(path)
    info.unlink(missing_ok=True)
    create_private(info)
    info.write_text(json.dumps({"user": current_user(), "host": machine_name(),
                                "since": now_utc()}), encoding="utf-8")
    return lock


def release_lock(path: Path, lock: FileLock) -> None:
    lock.release()
    _info_path(path).unlink(missing_ok=True)


def _holder_text(path: Path) -> str:
    try:
        holder = json.loads(_info_path(path).read_text(encoding="utf-8"))
        who = (f"{holder['user']} på {holder['host']} sedan {local_text(holder['since'])}")
    except (OSError, ValueError, KeyError):
        who = "ett annat Internkontroll-fönster"
    return f"Databasen {path.name} används redan av {who}. Stäng programmet där och försök igen."


def _set_journal_mode(path: Path) -> None:
    mode = "DELETE" if is_network_path(path) else "WAL"
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"PRAGMA journal_mode={mode}")
    finally:
        conn.close()


def open_database(target: Path | str, *, write: bool, create: bool = False) -> Database:
    """Open the file ``target``, or the server database a ``postgresql://`` URL names.

    ``write`` takes the writer lock of a file; ``create`` allows a missing file (a server's
    database is made by IT with ``server init``). Raises ``InvalidInput`` for a missing (when not
    ``create``), foreign, corrupt or newer database and ``DatabaseInUse`` when another instance
    holds a file's writer lock.
    """
    from internkontroll.store.server import is_server, open_server

    if isinstance(target, str) and is_server(target):
        return open_server(target, write=write)
    return _open_file(Path(target), write=write, create=create)


def _open_file(path: Path, *, write: bool, create: bool) -> Database:
    exists = regular_file(path)
    if not exists and not create:
        raise InvalidInput(
            f"Databasen {shown(path.name)} finns inte. Kontrollera sökvägen, eller skapa den "
            "genom att lägga upp ett kontrolltillfälle.")
    revision = probe(path) if exists else None
    pending = not exists or migrate.is_pending(revision)
    if not (write or pending):
        return Database(FileBackend(path), make_engine(path, readonly=True))
    lock = acquire_lock(path)
    try:
        if not path.exists():
            create_private(path)
            conn = sqlite3.connect(path)
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.close()
        _set_journal_mode(path)
        if pending:
            migrate.upgrade(path, backup=exists)
        engine = make_engine(path)
        from internkontroll.store.backups import daily_backup
        from internkontroll.store.templates import sync_shipped_templates

        with engine.begin() as connection:
            if guards.installed(connection) != set(guards.TRIGGERS):
                guards.install(connection)  # dropped by hand or by an older tool
        with Session(engine) as session, session.begin():
            sync_shipped_templates(session)
        notices = daily_backup(path) if exists else []
    except BaseException:
        release_lock(path, lock)
        raise
    if not write:
        release_lock(path, lock)
        return Database(FileBackend(path), make_engine(path, readonly=True), notices=notices)
    return Database(FileBackend(path, lock), engine, notices)
