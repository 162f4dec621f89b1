"""Test databases on a PostgreSQL server: one migrated template, a copy of it per test."""

from __future__ import annotations

import itertools
import os
from typing import Any

import psycopg
from sqlalchemy import make_url

from internkontroll.store.db import Database, FileBackend, make_engine, open_database
from internkontroll.store.server import init_server

SERVER = "INTERNKONTROLL_TEST_PG"  # the superuser's URL on the server's maintenance database


def _url_of(admin: str, database: str) -> str:
    return make_url(admin).set(database=database).render_as_string(hide_password=False)


class ServerDatabases:
    """Databases named after this process, so parallel runs on one server keep apart."""

    active: ServerDatabases | None = None  # the test session's, for ``server_twin``

    def __init__(self, admin: str) -> None:
        self.admin = admin
        self.prefix = f"ik_test_{os.getpid()}"
        self.numbers = itertools.count(1)
        self.made: list[str] = []

    def _run(self, sql: str) -> None:
        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(sql)

    def new(self, name: str | None = None, template: str | None = None) -> str:
        """An empty database (or a copy of ``template``); its URL."""
        name = name or f"{self.prefix}_{next(self.numbers)}"
        # FILE_COPY copies the template's files, twice as fast as through the WAL.
        self._run(f'CREATE DATABASE "{name}"'
                  + (f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""))
        self.made.append(name)
        return _url_of(self.admin, name)

    def template(self) -> str:
        """The migrated database with the shipped templates that each test copies."""
        url = self.new(f"{self.prefix}_mall")
        init_server(url)
        return url

    def copy_of_template(self) -> str:
        return self.new(template=f"{self.prefix}_mall")

    def drop(self, url: str) -> None:
        name = str(make_url(url).database)
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.remove(name)

    def drop_all(self) -> None:
        for name in reversed(self.made):
            self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.clear()


def server_twin(url: str) -> str:
    """A copy of the server database ``url`` (no one may be connected to it), dropped with the
    test session's databases."""
    assert ServerDatabases.active is not None
    return ServerDatabases.active.new(template=str(make_url(url).database))


def server_dump(url: str) -> bytes:
    """Every row of every table, in order, for 'nothing written' checks."""
    with psycopg.connect(url) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        lines = []
        for table in tables:
            rows = connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            lines += [f"{table}: {row!r}" for row in rows]
    return "\n".join(lines).encode()


def query(target: object, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple]:
    """Rows of ``sql`` (with ``?`` placeholders) from a database file or server URL."""
    if isinstance(target, str):
        with psycopg.connect(target) as connection:
            return connection.execute(sql.replace("?", "%s"), parameters).fetchall()
    import sqlite3

    connection = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def as_login(target: object, name: str) -> object:
    """``target`` as the login ``name`` would reach it: on a server a login of its own holding
    the granskare role (made when missing), assigned to every review there is; a file is the
    same file."""
    if not isinstance(target, str):
        return target
    assert ServerDatabases.active is not None
    ServerDatabases.active._run(
        f"DO $$ BEGIN CREATE ROLE {name} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; "
        "END $$")
    with psycopg.connect(target) as connection:
        connection.execute("SELECT internkontroll_grant(%s, 'internkontroll_granskare')",
                           (name,))
        connection.execute("INSERT INTO review_assignee (review_id, login) SELECT id, %s "
                           "FROM review ON CONFLICT DO NOTHING", (name,))
    return make_url(target).set(username=name).render_as_string(hide_password=False)


def second_writer(target: Any, name: str) -> Database:
    """Another person's handle on the same database: on a file past its writer lock (the
    program's check, which two handles in one test would trip); on a server, their own login."""
    if isinstance(target, str):
        return open_database(as_login(target, name), write=True)
    return Database(FileBackend(target), make_engine(target))
