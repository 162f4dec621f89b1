"""The server itself refuses what a role may not do, whatever program connects (issue 17).

Each test connects as a login holding one of the app's roles: through the command line as a
user would, and with plain SQL as a program that skips the app's own checks would.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from internkontroll.store.server import init_server
from tests.cli.test_safety_cli import answers_file
from tests.conftest import Cli
from tests.importers.population_data import population_rows, write_population_csv
from tests.servers import SERVER, ServerDatabases, query

pytestmark = pytest.mark.skipif(not os.environ.get(SERVER), reason=f"{SERVER} is not set")


class Logins:
    """Login roles on the server, one per app role, dropped afterwards."""

    def __init__(self, servers: ServerDatabases, url: str) -> None:
        self.servers, self.url = servers, url
        suffix = os.getpid()
        self.names = {role: f"ik_{role[:5]}_{suffix}" for role in
                      ("granskare", "kontrollansvarig", "administratör")}
        for name in self.names.values():
            servers._run(f"DROP ROLE IF EXISTS {name}")
            servers._run(f"CREATE ROLE {name} LOGIN")

    def url_of(self, role: str) -> str:
        from sqlalchemy import make_url

        return make_url(self.url).set(username=self.names[role]).render_as_string(
            hide_password=False)

    def drop(self) -> None:
        for name in self.names.values():
            self.servers._run(f"DROP ROLE IF EXISTS {name}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Logins]]:
    servers = ServerDatabases(os.environ[SERVER])
    url = servers.new()
    init_server(url)
    logins = Logins(servers, url)
    try:
        yield url, logins
    finally:
        servers.drop_all()
        logins.drop()


def as_role(role: str, logins: Logins, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(logins.url_of(role), capsys)


def scored_review(cli: Cli, tmp_path: Path, label: str = "Nov -22") -> str:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", label, "--date",
                    "2022-11-17").strip()
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(30))
    cli.ok("sample", review, "--population", population, "--size", "6", "--seed", "11")
    cli.ok("review", "import", review, answers_file(tmp_path / "svar.csv", [1, 2, 3, 4, 5, 6]))
    return review


def sql_as(url: str, statement: str) -> None:
    with psycopg.connect(url) as connection:
        connection.execute(statement)


def test_each_role_may_do_its_part_and_the_server_refuses_the_rest(
        server: tuple[str, Logins], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url, logins = server
    owner = Cli(url, capsys)
    for role in ("granskare", "kontrollansvarig", "administratör"):
        out = owner.ok("server", "grant", logins.names[role], role)
        assert f"rollen {role}" in out
    granskare = as_role("granskare", logins, capsys)
    review = scored_review(granskare, tmp_path)

    code, _, err = granskare("review", "lock", review, "--by", "Anna Berg")
    assert code == 3 and "behörighet" in err
    for statement in ("INSERT INTO review_lock (review_id, locked_at, locked_by, reported_by, "
                      f"paragraph, pdf, sha256) VALUES ({review}, 'x', 'x', 'x', '', '', 'x')",
                      "DELETE FROM audit_log", "UPDATE audit_log SET new_value = 'x'",
                      "INSERT INTO maintenance (id, reason) VALUES (1, 'x')",
                      "SELECT internkontroll_maintenance('gallring', NULL)",
                      "UPDATE template SET title = 'x'", "DELETE FROM review",
                      "UPDATE setting SET value = 'x'",
                      # a table of one's own, found before ours by the guards, would fool them
                      "CREATE TEMP TABLE maintenance (id integer)",
                      "CREATE TABLE public.review_lock_copy (id integer)"):
        with pytest.raises(errors.InsufficientPrivilege):
            sql_as(logins.url_of("granskare"), statement)

    kontrollansvarig = as_role("kontrollansvarig", logins, capsys)
    with pytest.raises(errors.InsufficientPrivilege):  # gallring forgets only a gallrad review
        sql_as(logins.url_of("kontrollansvarig"),
               f"SELECT internkontroll_maintenance('gallring', {review})")
    with pytest.raises(psycopg.Error) as left_open:  # never past its own transaction
        sql_as(logins.url_of("kontrollansvarig"), "SELECT internkontroll_maintenance('x', NULL)")
    assert left_open.value.sqlstate == "IKA01"
    assert query(url, "SELECT count(*) FROM maintenance") == [(0,)]
    kontrollansvarig.ok("review", "lock", review, "--by", "Anna Berg")
    with pytest.raises(errors.InsufficientPrivilege):
        sql_as(logins.url_of("kontrollansvarig"), "DELETE FROM audit_log")
    with pytest.raises(psycopg.Error) as refused:  # the lock's PDF stays as the nämnd got it
        sql_as(logins.url_of("kontrollansvarig"), "UPDATE review_lock SET sha256 = 'x'")
    assert refused.value.sqlstate == "IKA01"
    with pytest.raises(errors.InsufficientPrivilege):
        sql_as(logins.url_of("kontrollansvarig"), "UPDATE setting SET value = 'x'")
    code, _, err = granskare("review", "unlock", review, "--reason", "rättelse")
    assert code == 3 and "behörighet" in err

    code, _, err = granskare("purge", review, "--ja")
    assert code == 3 and "behörighet" in err
    kontrollansvarig.ok("purge", review, "--ja")
    assert query(url, "SELECT count(*) FROM review_case") == [(0,)]
    assert query(url, "SELECT count(*) FROM maintenance") == [(0,)]

    code, _, err = kontrollansvarig("settings", "--set", "kommun=Exempelby")
    assert code == 3 and "behörighet" in err
    administrator = as_role("administratör", logins, capsys)
    assert "Exempelby" in administrator.ok("settings", "--set", "kommun=Exempelby")
    administrator.ok("server", "grant", logins.names["kontrollansvarig"], "granskare")
    code, _, err = kontrollansvarig("review", "unlock", review, "--reason", "rättelse")
    assert code == 3 and "behörighet" in err


def test_the_log_names_the_database_login_whatever_the_program_says(
        server: tuple[str, Logins], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url, logins = server
    Cli(url, capsys).ok("server", "grant", logins.names["granskare"], "granskare")
    granskare = as_role("granskare", logins, capsys)
    review = scored_review(granskare, tmp_path)
    sql_as(logins.url_of("granskare"), "INSERT INTO audit_log (at, \"user\", action, target, "
           "case_level) VALUES ('2026-01-01', 'någon annan', 'note', '', false)")
    users = {row[0] for row in query(url, 'SELECT DISTINCT "user" FROM audit_log '
                                          "WHERE review_id IS NOT NULL OR action = 'note'")}
    assert users == {logins.names["granskare"]}
    [(created_by,)] = query(url, "SELECT created_by FROM review WHERE id = ?", (int(review),))
    assert created_by == logins.names["granskare"]
    assert {row[0] for row in query(url, "SELECT DISTINCT updated_by FROM assessment")} == \
        {logins.names["granskare"]}


def test_a_locked_review_is_refused_by_the_server_with_its_own_error(
        server: tuple[str, Logins], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = server
    owner = Cli(url, capsys)
    review = scored_review(owner, tmp_path)
    owner.ok("review", "lock", review, "--by", "Anna Berg")
    for statement in (f"UPDATE review SET label = 'x' WHERE id = {review}",
                      "UPDATE assessment SET option_key = 'saknas'",
                      f"DELETE FROM review_case WHERE review_id = {review}",
                      f"INSERT INTO review_text (review_id, key, value) VALUES ({review}, "
                      "'sammanfattning', 'x')",
                      "DELETE FROM review_lock", "DELETE FROM audit_log"):
        with pytest.raises(psycopg.Error) as refused:  # even the owner, a superuser here
            sql_as(url, statement)
        assert refused.value.sqlstate in ("IKL01", "IKA01"), statement
    code, _, err = owner("review", "import", review, answers_file(tmp_path / "ny.csv", [1]))
    assert code == 4 and "redovisat i nämnd" in err
    assert json.loads(owner.ok("results", review, "--json"))  # reading goes on


def test_a_wrong_role_and_an_unknown_login_are_one_swedish_line(
        server: tuple[str, Logins], capsys: pytest.CaptureFixture[str]) -> None:
    url, logins = server
    owner = Cli(url, capsys)
    code, _, err = owner("server", "grant", logins.names["granskare"], "chef")
    assert code == 3 and "Rollen chef finns inte" in err
    code, _, err = owner("server", "grant", "ingen_sadan_inloggning", "granskare")
    assert code == 3 and "finns inte på servern" in err
    code, _, err = Cli(logins.url_of("granskare").replace(logins.names["granskare"], "okand"),
                       capsys)("review", "list")
    assert code == 3 and err.count("\n") == 1 and "inloggningen" in err


def test_an_answer_sent_while_the_review_is_being_locked_waits_and_is_refused(
        server: tuple[str, Logins], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import threading

    from internkontroll.core.errors import ReviewLocked
    from internkontroll.ops import scoring
    from internkontroll.store.db import open_database
    from internkontroll.store.locking import lock_review
    from internkontroll.store.reviews import get_review

    url, _ = server
    review = int(scored_review(Cli(url, capsys), tmp_path))
    locking, scorer = open_database(url, write=True), open_database(url, write=True)
    outcome: list[object] = []

    def answer() -> None:
        try:
            outcome.append(scoring.answer(scorer, review, 1, "ansokan", "saknas"))
        except Exception as error:  # noqa: BLE001 (handed to the test)
            outcome.append(error)

    try:
        with locking.session() as session:
            lock_review(session, get_review(session, review)[0], "Anna Berg", "", b"%PDF-1.7")
            session.flush()
            worker = threading.Thread(target=answer, daemon=True)
            worker.start()
            worker.join(1.5)
            assert worker.is_alive()  # it waits for the lock to be committed or not
        worker.join(10)
        assert len(outcome) == 1 and isinstance(outcome[0], ReviewLocked)
    finally:
        locking.close()
        scorer.close()
    assert query(url, "SELECT option_key FROM assessment a JOIN review_case c ON c.id = "
                      "a.case_id WHERE c.number = 1 AND a.item_key = 'ansokan'") == [("helt",)]
