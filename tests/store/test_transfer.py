"""Moving a whole database to another and proving the two identical (issue 17, point 5).

The source holds the three published redovisningar (tests/seeds.py): counts-only periods,
reviews with cases, one redovisad i nämnd with its PDF, one redovisad and gallrad, a setting
and the log of all of it. PostgreSQL is tried only when INTERNKONTROLL_TEST_PG names a server.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from internkontroll.cli import main
from internkontroll.core.errors import InvalidInput
from internkontroll.core.templates import shipped_templates
from internkontroll.store.db import Database, open_database
from internkontroll.store.templates import save_template
from internkontroll.store.transfer import copied_tables, copy_database, verify_copy
from tests.conftest import run_in as run

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

REVIEWS = range(1, 11)


@pytest.fixture
def source_path(_seeded: Path, tmp_path: Path) -> Path:
    path = tmp_path / "kalla.sqlite"
    shutil.copy(_seeded, path)
    return path


@contextlib.contextmanager
def opened(path: Path, *, write: bool) -> Iterator[Database]:
    db = open_database(path, write=write, create=write)
    try:
        yield db
    finally:
        db.close()


def copy_file(source: Path, target: Path, **options: object) -> None:
    with opened(source, write=False) as left, opened(target, write=True) as right:
        copy_database(left.engine, right.engine, **options)  # type: ignore[arg-type]


def differences(source: Path, target: Path) -> list[str]:
    with opened(source, write=False) as left, opened(target, write=False) as right:
        return verify_copy(left.engine, right.engine)


def sql_dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        with conn:  # commits a change
            return conn.execute(sql).fetchall()
    finally:
        conn.close()


def pdfs(path: Path) -> list[tuple[object, ...]]:
    return [(n, stored, hashlib.sha256(pdf).hexdigest())
            for n, stored, pdf in query(path, "SELECT id, sha256, pdf FROM review_lock")]


def results(path: Path) -> list[object]:
    return [json.loads(run(path, "results", n, "--json")) for n in REVIEWS]


def one_swedish_line(error: InvalidInput) -> str:
    message = str(error)
    assert "\n" not in message and len(message) <= 300 and "Traceback" not in message
    return message


def test_copy_is_identical_in_rows_results_and_pdfs(source_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "mal.sqlite"
    copy_file(source_path, target)
    assert differences(source_path, target) == []
    assert results(target) == results(source_path)
    assert len(pdfs(source_path)) == 2
    assert pdfs(target) == pdfs(source_path)
    assert all(stored == actual for _, stored, actual in pdfs(target))
    for table in copied_tables():
        if table.name != "backup_folder":  # the target keeps its own folders too
            sql = f"SELECT * FROM {table.name} ORDER BY 1"
            assert query(target, sql) == query(source_path, sql), table.name


def test_copied_database_opens_and_numbers_new_rows_after_the_copied(source_path: Path,
                                                                     tmp_path: Path) -> None:
    target = tmp_path / "mal.sqlite"
    copy_file(source_path, target)
    templates = "SELECT id, key, version FROM template ORDER BY id"
    assert run(target, "review", "new", "sip", "--label", "Nov -24").strip() == "11"
    assert query(target, templates) == query(source_path, templates)  # no shipped duplicate
    assert main(["--db", str(target), "review", "delete", "4"]) == 4  # still redovisad


def test_tampered_answer_is_reported(source_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "mal.sqlite"
    copy_file(source_path, target)
    query(target, "UPDATE assessment SET option_key = 'ej_erbjuden' WHERE id = "
                  "(SELECT min(a.id) FROM assessment a JOIN review_case c ON c.id = a.case_id "
                  "WHERE c.review_id = 7 AND a.option_key = 'upprattad')")
    found = differences(source_path, target)
    assert found == ["Källans och målets bedömningar skiljer sig åt.",
                     "Resultaten för kontrolltillfälle 7 skiljer sig mellan källan och målet."]


def test_tampered_pdf_is_reported(source_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "mal.sqlite"
    copy_file(source_path, target)
    query(target, "DROP TRIGGER guard_review_lock_update")
    query(target, "UPDATE review_lock SET pdf = CAST(pdf || ' ' AS BLOB) WHERE review_id = 4")
    found = differences(source_path, target)
    assert "Den redovisade PDF-filen nr 1 i målet stämmer inte med sin kontrollsumma." in found
    assert "Den redovisade PDF-filen nr 1 skiljer sig mellan källan och målet." in found


def test_missing_review_is_reported(source_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "mal.sqlite"
    copy_file(source_path, target)
    run(target, "review", "delete", "7")
    found = differences(source_path, target)
    assert "Kontrolltillfälle 7 finns bara i källan." in found
    assert "Källan har 10 kontrolltillfällen, målet 9." in found


def _review(target: Path) -> None:
    run(target, "review", "new", "sip", "--label", "Apr -25")


def _setting(target: Path) -> None:
    run(target, "settings", "--set", "namnd=Socialnämnden")


def _own_template(target: Path) -> None:
    data = dict(shipped_templates()[0], title="Egen kontroll av dokumentation")
    with opened(target, write=True) as db, db.session() as session:
        save_template(session, data, None)


@pytest.mark.parametrize(("use", "named"), [(_review, "1 kontrolltillfälle"),
                                            (_setting, "1 loggpost"),
                                            (_own_template, "1 egen mall")])
def test_target_in_use_is_refused_and_left_alone(source_path: Path, tmp_path: Path,
                                                 use: object, named: str) -> None:
    target = tmp_path / "mal.sqlite"
    open_database(target, write=True, create=True).close()
    use(target)  # type: ignore[operator]
    before = sql_dump(target)
    with pytest.raises(InvalidInput) as refused:
        copy_file(source_path, target)
    assert named in one_swedish_line(refused.value) and "används redan" in str(refused.value)
    assert sql_dump(target) == before


def without_ids(value: object) -> object:
    """A results document with its review ids left out (a merge gives new ones)."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def by_label(path: Path) -> dict[tuple[object, ...], int]:
    return {(key, label): n for n, key, label in query(path, "SELECT id, template_key, label "
                                                             "FROM review")}


def test_merge_adds_the_sources_reviews_with_new_ids(source_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "mal.sqlite"
    open_database(target, write=True, create=True).close()
    _review(target)
    _setting(target)
    copy_file(source_path, target, merge=True)
    theirs, ours = by_label(source_path), by_label(target)
    assert ours[("sip", "Apr -25")] == 1 and len(ours) == 11
    for pair, n in theirs.items():
        mine = json.loads(run(target, "results", ours[pair], "--json"))
        assert without_ids(mine) == without_ids(json.loads(run(source_path, "results", n,
                                                                "--json"))), pair
    assert {h for _, _, h in pdfs(target)} == {h for _, _, h in pdfs(source_path)}
    assert query(target, "SELECT count(*) FROM template") == [(3,)]  # the shipped ones matched
    assert dict(query(target, "SELECT key, value FROM setting")) == {
        "namnd": "Socialnämnden", "kommun": "Exempelby"}  # the target's stay, others added
    assert query(target, "SELECT count(*) FROM audit_log WHERE action = 'merge'") == [(1,)]
    assert main(["--db", str(target), "review", "delete", str(ours[("ekonomiskt-bistand",
                                                                    "Nov -22")])]) == 4


def test_merge_adds_a_template_changed_in_the_target_as_a_new_version(
        source_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "mal.sqlite"
    open_database(target, write=True, create=True).close()
    with opened(target, write=True) as db, db.session() as session:
        base = query(target, "SELECT id FROM template WHERE key = 'ekonomiskt-bistand'")[0][0]
        data = next(t for t in shipped_templates() if t["key"] == "ekonomiskt-bistand")
        save_template(session, dict(data, title="Ekonomiskt bistånd, vår version"), base)
    copy_file(source_path, target, merge=True)
    versions = query(target, "SELECT version, title FROM template WHERE key = "
                             "'ekonomiskt-bistand' ORDER BY version")
    assert [v for v, _ in versions] == [1, 2] and versions[0][1].endswith("vår version")
    used = query(target, "SELECT DISTINCT t.version FROM review r JOIN template t ON "
                         "t.id = r.template_id WHERE r.template_key = 'ekonomiskt-bistand'")
    assert used == [(2,)]
    nov = by_label(target)[("ekonomiskt-bistand", "Nov -22")]
    assert without_ids(json.loads(run(target, "results", nov, "--json"))) == without_ids(
        json.loads(run(source_path, "results", 4, "--json")))


def test_merge_refuses_a_label_the_target_has(source_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "mal.sqlite"
    open_database(target, write=True, create=True).close()
    run(target, "review", "new", "sip", "--label", "Apr -24")
    before = sql_dump(target)
    with pytest.raises(InvalidInput) as refused:
        copy_file(source_path, target, merge=True)
    assert "Apr -24" in one_swedish_line(refused.value)
    assert sql_dump(target) == before


def test_failed_copy_leaves_target_unchanged(source_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "mal.sqlite"
    open_database(target, write=True, create=True).close()
    last = query(source_path, "SELECT max(id) FROM assessment")[0][0]
    query(target, f"CREATE TRIGGER refuse BEFORE INSERT ON assessment WHEN NEW.id = {last} "
                  "BEGIN SELECT RAISE(ABORT, 'vägrad'); END")
    before = sql_dump(target)
    with (opened(source_path, write=False) as left, opened(target, write=True) as right,
          pytest.raises(InvalidInput) as refused):
        copy_database(left.engine, right.engine, batch=7)  # fails in the last batch
    message = one_swedish_line(refused.value)
    assert "bedömningar" in message and "Inget har ändrats" in message
    assert sql_dump(target) == before
    query(target, "DROP TRIGGER refuse")
    copy_file(source_path, target)  # the failed copy left the target unused
    assert differences(source_path, target) == []


def test_different_schema_versions_are_refused(source_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "mal.sqlite"
    open_database(target, write=True, create=True).close()
    left, right = (create_engine(f"sqlite:///{p}") for p in (source_path, target))
    try:
        with right.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        with pytest.raises(InvalidInput) as refused:
            copy_database(left, right)
        assert "schemaversioner" in one_swedish_line(refused.value)
    finally:
        left.dispose()
        right.dispose()


@pytest.fixture
def server() -> Iterator[Engine]:
    """A fresh database on the PostgreSQL server named by INTERNKONTROLL_TEST_PG, migrated."""
    url = os.environ.get("INTERNKONTROLL_TEST_PG")
    if not url:
        pytest.skip("INTERNKONTROLL_TEST_PG names no PostgreSQL server")
    from alembic import command

    from internkontroll.store import migrate

    name = f"transfer_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine = create_engine(admin.url.set(database=name))
    try:
        config = migrate._config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name}"))
        admin.dispose()


def test_sqlite_to_postgresql_and_back_is_identical(source_path: Path, tmp_path: Path,
                                                    server: Engine) -> None:
    with opened(source_path, write=False) as left:
        copy_database(left.engine, server, batch=50)
        assert verify_copy(left.engine, server) == []
        with pytest.raises(InvalidInput) as refused:
            copy_database(left.engine, server, merge=True)  # every label is taken
        assert "finns redan i måldatabasen (och 9 till)" in one_swedish_line(refused.value)
    with server.connect() as connection:
        for table in ("template", "review", "review_case", "assessment", "review_lock",
                      "audit_log"):
            following = connection.execute(text(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) - max(id) "
                f"FROM {table}")).scalar()
            assert following == 1, table
    back = tmp_path / "tillbaka.sqlite"
    with opened(back, write=True) as right:
        copy_database(server, right.engine)
        assert verify_copy(server, right.engine) == []
    assert differences(source_path, back) == []
    assert results(back) == results(source_path)
    assert pdfs(back) == pdfs(source_path)
