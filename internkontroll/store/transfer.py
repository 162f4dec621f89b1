"""Moving a whole database from one backend to another (a SQLite file, a PostgreSQL server),
and proving afterwards that the two hold the same.

The copy works on SQLAlchemy engines of two databases that their openers have already
migrated to the same schema. Every table is copied in foreign-key order with its ids, in
batches (a database may hold hundreds of thousands of assessments), inside one transaction on
the target: a copy that fails anywhere leaves the target as it was. The target's guard
triggers (locked reviews, the append-only log and PDFs) let it through because it holds a row
in ``maintenance``, as gallring does.

A target must be unused: no review, no template of the user's own, and no log entry other than
those of the shipped templates its opener added. Those shipped templates are replaced by the
source's, whose ids the source's reviews name. The folders backups were written to are kept and
the source's added, so gallring in the target still cleans every one of them. Asked to merge,
a target in use takes the source's reviews with new ids instead (``store.transfer_merge``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Select, Table, delete, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, col

from internkontroll.core.errors import InvalidInput
from internkontroll.core.formatting import count_text
from internkontroll.store.models import AuditLog, BackupFolder, Maintenance, Review, StoredTemplate
from internkontroll.store.purge import maintenance
from internkontroll.store.templates import SHIPPED_NOTE

BATCH = 5_000
KEPT = BackupFolder.__tablename__  # the target's rows stay; the source's are added

# What each table holds, as the messages name it.
CONTENT = {
    "template": "mallar", "review": "kontrolltillfällen", "review_case": "ärenden",
    "assessment": "bedömningar", "review_count": "antal", "review_group": "grupper",
    "sampling_record": "urvalsprotokoll", "review_text": "texter till nämnden",
    "review_lock": "redovisningar i nämnd", "audit_log": "loggposter", "setting": "inställningar",
    "column_mapping": "sparade kolumnval", "backup_folder": "mappar för säkerhetskopior",
    "review_assignee": "tilldelade bedömare",
}


def copied_tables() -> list[Table]:
    """Every table of the schema in foreign-key order, but ``maintenance`` (never data)."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name != Maintenance.__tablename__]


@dataclass(frozen=True)
class Copied:
    """How many rows of each table the copy wrote."""

    rows: dict[str, int]

    def text(self) -> str:
        reviews = count_text(self.rows["review"], "kontrolltillfälle", "kontrolltillfällen")
        return (f"Flyttade {reviews}, {count_text(self.rows['review_case'], 'ärende', 'ärenden')}"
                f" och {count_text(self.rows['assessment'], 'bedömning', 'bedömningar')}.")


def copy_database(source: Engine, target: Engine, *, merge: bool = False,
                  batch: int = BATCH) -> Copied:
    """Copy every row of ``source`` into the unused database ``target``, ids kept, in one
    transaction on the target. With ``merge``, a target in use takes the source's reviews with
    new ids instead (``store.transfer_merge``). Raises ``InvalidInput`` (nothing written) for a
    target in use without ``merge``, databases of different schema versions, or a row the
    target refuses.
    """
    from internkontroll.store.transfer_merge import merge_into

    _same_revision(source, target)
    with _reading(source) as reading, Session(target) as session, session.begin():
        with maintenance(session, "flytt"):
            if _in_use(session, merge):
                rows = merge_into(reading, session, batch)
            else:
                _clear(session)
                rows = {t.name: copy_rows(reading, session, t, batch, skip_present=t.name == KEPT)
                        for t in copied_tables()}
        _advance_sequences(session)
    return Copied(rows)


def replace_database(source: Engine, target: Engine, *, batch: int = BATCH) -> Copied:
    """Replace every row of the server database ``target`` by those of ``source`` (a restore),
    in one transaction: the server's ``internkontroll_replace_all`` empties it and lets the
    copy past the guards, and refuses a login that is not an administratör."""
    _same_revision(source, target)
    with _reading(source) as reading, Session(target) as session, session.begin():
        session.execute(text("SELECT internkontroll_replace_all(true)"))
        rows = {t.name: copy_rows(reading, session, t, batch, skip_present=t.name == KEPT)
                for t in copied_tables()}
        session.execute(text("SELECT internkontroll_replace_all(false)"))
    return Copied(rows)


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    """One read transaction, so every table is read as of the same moment."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _same_revision(source: Engine, target: Engine) -> None:
    if _revision(source) != _revision(target):
        raise InvalidInput("Databaserna har olika schemaversioner. Öppna båda med samma version "
                           "av Internkontroll innan flytten.")


def _use_of(session: Session) -> list[str]:
    """What makes the target in use: its reviews, own templates and log entries (the entries
    of the shipped templates added when it was created do not count)."""
    def counted(table: Any, *where: Any) -> int:
        return int(session.execute(select(func.count()).select_from(table).where(*where))
                   .scalar_one())

    shipped_entry = ((col(AuditLog.action) == "template") & col(AuditLog.review_id).is_(None)
                     & col(AuditLog.new_value).like(f"%{SHIPPED_NOTE}"))
    found = [(counted(Review), "kontrolltillfälle", "kontrolltillfällen"),
             (counted(StoredTemplate, StoredTemplate.source != "shipped"), "egen mall",
              "egna mallar"),
             (counted(AuditLog, ~shipped_entry), "loggpost", "loggposter")]
    return [count_text(n, one, many) for n, one, many in found if n]


def _in_use(session: Session, merge: bool) -> bool:
    """Whether the target is in use; without ``merge`` that is refused."""
    used = _use_of(session)
    if used and not merge:
        raise InvalidInput(f"Måldatabasen används redan ({', '.join(used)}). Flytta bara till "
                           "en ny, tom databas, eller slå ihop dem; inget har ändrats.")
    return bool(used)


def _clear(session: Session) -> None:
    """Empty an unused target (its shipped templates), but for the folders of its backups."""
    for table in reversed(copied_tables()):
        if table.name != KEPT:
            session.execute(delete(table))


def batches(reading: Connection, query: Select[Any], batch: int = BATCH
            ) -> Iterator[list[dict[str, Any]]]:
    """The rows of ``query`` as column → value, ``batch`` at a time (never all in memory)."""
    for part in reading.execute(query.execution_options(yield_per=batch)).partitions():
        yield [row._asdict() for row in part]


def put(session: Session, table: Table, rows: list[dict[str, Any]]) -> int:
    """Insert ``rows`` in the session's transaction; a row the target refuses is one Swedish
    line. A Core executemany rather than ``db.insert_rows``: the copy is one-off, and each value
    goes through its column's type for the target's dialect (JSON, bytes, booleans)."""
    if rows:
        try:
            session.execute(insert(table), rows)
        except DBAPIError:
            raise InvalidInput(f"Flytten avbröts: måldatabasen tog inte emot alla "
                               f"{CONTENT[table.name]}. Inget har ändrats i måldatabasen.") \
                from None
    return len(rows)


def copy_rows(reading: Connection, session: Session, table: Table, batch: int = BATCH, *,
              skip_present: bool = False) -> int:
    """Stream ``table`` from ``reading`` into the session's transaction, ids kept; returns the
    rows written. ``skip_present`` keeps the target's row where its key (one column) is taken."""
    key = list(table.primary_key.columns)
    present = set(session.execute(select(*key)).scalars()) if skip_present else set()
    query = select(table).order_by(*key)
    return sum(put(session, table, [r for r in rows if r[key[0].name] not in present])
               for rows in batches(reading, query, batch))


def _advance_sequences(session: Session) -> None:
    """On PostgreSQL, rows inserted with their ids leave each SERIAL sequence behind: move it
    past the largest id, so the next row the server numbers does not collide."""
    if session.connection().dialect.name != "postgresql":
        return  # SQLite numbers a new row after the largest id there is
    for table in copied_tables():
        column = table.autoincrement_column
        if column is not None:
            session.execute(select(func.setval(
                func.pg_get_serial_sequence(table.name, column.name),
                func.coalesce(func.max(column), 0) + 1, False)))


def verify_copy(source: Engine, target: Engine) -> list[str]:
    """What differs between the two databases, as Swedish lines; empty when they are identical.

    Compares each table's rows (count and content), every stored PDF against its SHA-256 and
    across the two, and every review's results as ``results --json`` gives them, also per
    breakdown of its template.
    """
    with _reading(source) as left, _reading(target) as right:
        found = [line for table in copied_tables() for line in _table_diff(left, right, table)]
        found += _pdf_diff(left, right)
    return found + _results_diff(source, target)


def _canonical(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _content(reading: Connection, table: Table) -> tuple[int, int]:
    """(rows, digest): the digest adds the rows' hashes, so it does not depend on the order
    the server returns them in (text keys sort by collation on PostgreSQL)."""
    rows = digest = 0
    for part in reading.execute(select(table).execution_options(yield_per=BATCH)).partitions():
        for row in part:
            hashed = hashlib.sha256(repr(tuple(map(_canonical, row))).encode()).digest()
            digest = (digest + int.from_bytes(hashed, "big")) % (1 << 256)
            rows += 1
    return rows, digest


def _table_diff(left: Connection, right: Connection, table: Table) -> list[str]:
    what = CONTENT[table.name]
    if table.name == KEPT:
        paths = [set(c.execute(select(table.c.path)).scalars()) for c in (left, right)]
        missing = len(paths[0] - paths[1])
        return [f"Målet saknar {missing} av källans {what}."] if missing else []
    (rows, digest), (their_rows, their_digest) = _content(left, table), _content(right, table)
    if rows != their_rows:
        return [f"Källan har {rows} {what}, målet {their_rows}."]
    if digest != their_digest:
        return [f"Källans och målets {what} skiljer sig åt."]
    return []


def _pdf_hashes(reading: Connection) -> dict[int, tuple[str, str]]:
    """Per stored PDF: the SHA-256 stored with it and the one of its bytes."""
    table = SQLModel.metadata.tables["review_lock"]
    query = select(table.c.id, table.c.sha256, table.c.pdf).execution_options(yield_per=16)
    return {row.id: (row.sha256, hashlib.sha256(bytes(row.pdf)).hexdigest())
            for row in reading.execute(query)}


def _pdf_diff(left: Connection, right: Connection) -> list[str]:
    sides = {"källan": _pdf_hashes(left), "målet": _pdf_hashes(right)}
    found = [f"Den redovisade PDF-filen nr {n} i {side} stämmer inte med sin kontrollsumma."
             for side, hashes in sides.items() for n, (stored, actual) in hashes.items()
             if stored != actual]
    theirs = sides["målet"]
    found += [f"Den redovisade PDF-filen nr {n} skiljer sig mellan källan och målet."
              for n, hashes in sides["källan"].items() if n in theirs and theirs[n] != hashes]
    return found


def _results_diff(source: Engine, target: Engine) -> list[str]:
    with Session(source) as left, left.begin(), Session(target) as right, right.begin():
        ids = [set(s.execute(select(col(Review.id))).scalars()) for s in (left, right)]
        found = [f"Kontrolltillfälle {n} finns bara i {side}."
                 for side, only in (("källan", ids[0] - ids[1]), ("målet", ids[1] - ids[0]))
                 for n in sorted(only)]
        for review_id in sorted(ids[0] & ids[1]):
            if _results(left, review_id) != _results(right, review_id):
                found.append(f"Resultaten för kontrolltillfälle {review_id} skiljer sig "
                             "mellan källan och målet.")
    return found


def _results(session: Session, review_id: int) -> list[Any]:
    """The ``results --json`` documents of a review, whole and per breakdown (a refusal, such
    as a counts-only period without counts per group, counts as its message)."""
    from internkontroll.store.results import full_result, result_document
    from internkontroll.store.reviews import get_review

    try:
        _, template = get_review(session, review_id)
    except InvalidInput as error:
        return [str(error)]
    found: list[Any] = []
    for by in (None, *template.breakdowns):
        within = template.shown_as(by).within if by else ""
        try:
            found.append(result_document(full_result(
                session, review_id, f"{by},{within}" if within else by)))
        except InvalidInput as error:
            found.append(str(error))
    return found
