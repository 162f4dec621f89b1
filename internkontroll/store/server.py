"""A database on a PostgreSQL server: the same schema, rules and results as a file.

IT creates the schema once with ``server init`` (as the database's owner); the app then opens it
with the login of whoever uses it, over TLS when the URL names a host. No password is stored:
libpq takes it from the URL, a password file or Kerberos. The guard triggers of the file are
PL/pgSQL here (``store.server_schema``), and the server itself sets who made a change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import URL, Engine, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from internkontroll.core.errors import InvalidInput, PasswordNeeded
from internkontroll.core.limits import shown
from internkontroll.paths import SERVER_SCHEMES as SCHEMES
from internkontroll.store import guards, migrate
from internkontroll.store.db import Database

_CONNECT_TIMEOUT = 10  # seconds before "Servern svarar inte"

_MAINTENANCE = text("SELECT internkontroll_maintenance(:reason, :forget)")

# SQLSTATEs the guard functions raise (class IK: ours), by the mark the file's triggers use.
SQLSTATES = {"IKL01": guards.LOCKED_MARK, "IKA01": guards.LOG_MARK,
             "IKR01": guards.ASSIGNED_MARK}


def is_server(target: str) -> bool:
    return target.startswith(SCHEMES)


def engine_url(url: str) -> URL:
    """``url`` for SQLAlchemy with psycopg 3, TLS verified when it names a host (not a socket)."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 (SQLAlchemy raises ArgumentError or ValueError)
        raise InvalidInput(f"Serveradressen {shown(without_password(url))} går inte att "
                           "tolka. Skriv den som postgresql://användare@server/databas.") \
            from None
    query: dict[str, Any] = dict(parsed.query)
    host = parsed.host or str(query.get("host", ""))
    if host and not host.startswith("/") and "sslmode" not in query:
        query["sslmode"] = "verify-full"
    query.setdefault("application_name", "Internkontroll")
    query.setdefault("connect_timeout", str(_CONNECT_TIMEOUT))
    return parsed.set(drivername="postgresql+psycopg", query=query)


def without_password(url: str) -> str:
    """``url`` as it may be shown or saved: any password left out."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001
        return url.split("@")[-1]
    query = {k: v for k, v in parsed.query.items() if k != "password"}
    if parsed.password is None and query == dict(parsed.query):
        return url
    # URL.set(password=None) keeps the password: None there means "unchanged".
    return URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port,
                      parsed.database, query).render_as_string(hide_password=False)


def with_password(url: str, password: str) -> str:
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def label(url: str) -> str:
    """'server.kommun.se/internkontroll', or the database alone on this machine's socket."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001
        return "på servern"
    host = parsed.host if parsed.host and not parsed.host.startswith("/") else ""
    return f"{host}/{parsed.database}" if host else str(parsed.database or "")


@dataclass
class ServerBackend:
    """A database on a PostgreSQL server. Writers never block each other beyond the row they
    change, so there is no writer lock; gallring leaves no file to compact."""

    url: str
    path: None = None

    @property
    def label(self) -> str:
        return label(self.url)

    def refusal(self, error: DBAPIError) -> str | None:
        return SQLSTATES.get(getattr(error.orig, "sqlstate", None) or "")

    def compact(self, engine: Engine) -> None:
        """Deleted rows are left to autovacuum, which reclaims them; nothing reads them."""

    def release(self) -> None:
        """Nothing is held between transactions."""

    @contextmanager
    def maintenance(self, session: Session, reason: str) -> Iterator[None]:
        """Through the SECURITY DEFINER function, which refuses a login without the
        kontrollansvarig role; other transactions never see the uncommitted row."""
        if session.info.get("maintenance"):  # already inside one
            yield
            return
        session.flush()
        session.execute(_MAINTENANCE, {"reason": reason, "forget": None})
        session.info["maintenance"] = True
        try:
            yield
            session.flush()
        finally:
            session.info["maintenance"] = False
        session.execute(_MAINTENANCE, {"reason": None, "forget": None})

    def forget_case_level(self, session: Session, review_id: int, reason: str) -> int:
        with self.maintenance(session, reason):
            found = session.execute(_MAINTENANCE, {"reason": reason, "forget": review_id})
            return int(found.scalar_one())


def make_server_engine(url: str, *, readonly: bool = False) -> Engine:
    options = "-c default_transaction_read_only=on" if readonly else ""
    return create_engine(engine_url(url), pool_pre_ping=True,
                         connect_args={"options": options} if options else {})


def revision_of(engine: Engine) -> str | None:
    """The schema revision of the server database, None when it has no Internkontroll tables.

    A database with other tables and none of ours is refused: it is someone else's.
    """
    with engine.connect() as connection:
        ours = connection.exec_driver_sql(
            "SELECT to_regclass('alembic_version') IS NOT NULL").scalar()
        if ours:
            return connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version").scalar()
        others = connection.exec_driver_sql(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").scalar()
    if others:
        raise InvalidInput(f"Databasen {shown(label(str(engine.url)))} på servern är ingen "
                           "Internkontroll-databas.")
    return None


def _first_contact(engine: Engine, name: str) -> str | None:
    """The revision; ``PasswordNeeded`` when the server wants a password not given, and a
    clear refusal for a login without a role here."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        return revision_of(engine)
    except OperationalError as error:
        if "no password supplied" in str(error.orig):
            raise PasswordNeeded(f"Servern vill ha ett lösenord för databasen {name}. Ange det, "
                                 "eller be IT om inloggning med Kerberos.") from None
        raise
    except ProgrammingError as error:
        if getattr(error.orig, "sqlstate", None) != "42501":
            raise
        user = shown(str(engine.url.username or ""))
        raise InvalidInput(f"Inloggningen {user} har ingen roll i databasen {name}. IT ger den "
                           f"en med: internkontroll server grant {user} granskare") from None


def open_server(url: str, *, write: bool) -> Database:
    """Open the server database ``url``; raises ``InvalidInput`` when it has no schema yet, an
    older one, or a newer one than this program knows."""
    from internkontroll.store import server_schema

    name = shown(label(url))
    engine = make_server_engine(url)
    try:
        revision = _first_contact(engine, name)
        if revision is None:
            raise InvalidInput(f"Databasen {name} på servern är tom. IT skapar tabellerna med "
                               f"kommandot: internkontroll server init {without_password(url)}")
        if not migrate.is_known(revision):
            raise InvalidInput(f"Databasen {name} är skapad av en nyare version av "
                               "Internkontroll. Uppdatera programmet för att öppna den.")
        if migrate.is_pending(revision):
            raise InvalidInput(f"Databasen {name} på servern har en äldre version. IT "
                               "uppgraderar den med kommandot: internkontroll server init "
                               f"{without_password(url)}")
        if not server_schema.guards_complete(engine):
            raise InvalidInput(f"Databasen {name} på servern saknar sitt skydd av redovisade "
                               "kontrolltillfällen. IT lägger tillbaka det med kommandot: "
                               f"internkontroll server init {without_password(url)}")
        if write:
            _sync_templates(engine)
    except BaseException:
        engine.dispose()
        raise
    if not write:
        engine.dispose()
        engine = make_server_engine(url, readonly=True)
    return Database(ServerBackend(url), engine)


def _sync_templates(engine: Engine) -> None:
    """Add the shipped templates this version brings, when the login may (a kontrollansvarig or
    the owner); the next one to open does it otherwise."""
    from internkontroll.store.templates import sync_shipped_templates

    with Session(engine) as session, session.begin():
        if session.connection().exec_driver_sql(
                "SELECT has_table_privilege('template', 'INSERT')").scalar():
            sync_shipped_templates(session)


def init_server(url: str) -> str:
    """Create or upgrade the schema, the guards, the roles and the shipped templates, as the
    database's owner, in one transaction; returns the schema revision now in place."""
    from internkontroll.store import server_schema
    from internkontroll.store.templates import sync_shipped_templates

    engine = make_server_engine(url)
    try:
        revision = revision_of(engine)
        if revision is not None and not migrate.is_known(revision):
            raise InvalidInput(f"Databasen {shown(label(url))} är skapad av en nyare version av "
                               "Internkontroll. Uppdatera programmet först.")
        with Session(engine) as session, session.begin():
            connection = session.connection()
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(1229672020)")  # "IKNT"
            migrate.to_head(connection)
            server_schema.install(connection)
            server_schema.create_roles(connection)
            sync_shipped_templates(session)
    finally:
        engine.dispose()
    return migrate.head()


def may_restore(engine: Engine) -> bool:
    """Whether the login may replace the database's rows by a backup's (an administratör, or
    the owner); the server's function checks it again."""
    with engine.connect() as connection:
        return bool(connection.exec_driver_sql(
            "SELECT has_function_privilege('internkontroll_replace_all(boolean)', "
            "'EXECUTE')").scalar())


def unreachable(error: BaseException) -> bool:
    """True when the server does not answer: the connection dropped, was refused, or the
    server is shutting down or starting. Such a write may be sent again."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    if not isinstance(error, DBAPIError):
        return False
    state = getattr(error.orig, "sqlstate", None) or ""
    return bool(error.connection_invalidated) or state[:2] in ("08", "57") or (
        not state and isinstance(error, OperationalError))
