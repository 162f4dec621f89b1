"""The schema snapshots upgraded on a server (issue 17): each snapshot's rows go into a server
database at the snapshot's own revision, ``server init`` upgrades it to the newest schema, and
the data are as an upgraded file has them; the server's guards then hold on them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic import command
from sqlalchemy import Connection, MetaData, create_engine, insert, select

from internkontroll.store import migrate
from internkontroll.store.db import open_database
from internkontroll.store.reviews import create_review, list_reviews
from internkontroll.store.server import init_server, make_server_engine
from tests.servers import SERVER, ServerDatabases, query
from tests.snapshots import SNAPSHOTS, assert_data_intact, revision

pytestmark = pytest.mark.skipif(not os.environ.get(SERVER), reason=f"{SERVER} is not set")


@pytest.fixture
def empty_server() -> Iterator[str]:
    servers = ServerDatabases(os.environ[SERVER])
    yield servers.new()
    servers.drop_all()


def _migrate_to(connection: Connection, target: str) -> None:
    config = migrate._config()
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def _copy_rows(snapshot: Path, connection: Connection) -> None:
    """Every row of the snapshot file into the server schema of the same revision, ids kept, and
    each id sequence moved past them."""
    source = create_engine(f"sqlite:///{snapshot}")
    rows, there = MetaData(), MetaData()
    rows.reflect(source)
    there.reflect(connection)
    with source.connect() as reading:
        for table in there.sorted_tables:
            if table.name != "alembic_version" and table.name in rows.tables:
                found = [dict(r._mapping) for r in reading.execute(select(rows.tables[table.name]))]
                if found:
                    connection.execute(insert(table), found)
            if "id" in table.c:
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {table.name}")
    source.dispose()


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.stem)
def test_a_server_snapshot_upgrades_with_its_data_intact(snapshot: Path, empty_server: str,
                                                         tmp_path: Path) -> None:
    copy = tmp_path / snapshot.name  # the fixture stays as it is
    shutil.copy(snapshot, copy)
    engine = make_server_engine(empty_server)
    with engine.begin() as connection:
        _migrate_to(connection, revision(snapshot))
        _copy_rows(copy, connection)
    engine.dispose()

    assert init_server(empty_server) == migrate.head()
    assert query(empty_server, "SELECT version_num FROM alembic_version") == [(migrate.head(),)]
    db = open_database(empty_server, write=True)
    try:
        with db.session() as session:
            assert_data_intact(session, snapshot)
            # The ids the database hands out go on after the copied ones.
            last = max(review.id or 0 for review in list_reviews(session))
            made = create_review(session, "ekonomiskt-bistand", "Ny", "2024-05-01")
            assert made.id == last + 1
    finally:
        db.close()
    # The guards hold on the upgraded rows: review 4 is redovisad from 0004 on.
    refused_writes = [("DELETE FROM audit_log", "IKA01")]
    if revision(snapshot) >= "0004":
        refused_writes.append(("UPDATE assessment SET option_key = 'saknas' WHERE case_id IN "
                               "(SELECT id FROM review_case WHERE review_id = 4)", "IKL01"))
    with psycopg.connect(empty_server) as connection:
        for statement, state in refused_writes:
            with pytest.raises(psycopg.Error) as refused:
                connection.execute(statement)
            assert refused.value.sqlstate == state
            connection.rollback()
