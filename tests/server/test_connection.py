"""Reaching the server: the address, TLS, passwords asked for and never kept, a server that does
not answer, and the GUI's Arkiv → Anslut till server (issue 17, point 1)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import make_url

from internkontroll.core.errors import InvalidInput, PasswordNeeded
from internkontroll.paths import AppPaths
from internkontroll.store.db import open_database
from internkontroll.store.server import engine_url, init_server, label, without_password
from internkontroll.ui import messages
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.window_actions import SERVER_SETTING, saved_server
from tests.conftest import Cli
from tests.servers import SERVER, ServerDatabases

needs_server = pytest.mark.skipif(not os.environ.get(SERVER), reason=f"{SERVER} is not set")


def test_a_named_host_gets_verified_tls_and_a_socket_does_not() -> None:
    remote = engine_url("postgresql://anna@server.kommun.se/internkontroll")
    assert remote.query["sslmode"] == "verify-full"
    assert remote.drivername == "postgresql+psycopg"
    own = engine_url("postgresql://anna@server.kommun.se/ik?sslmode=require")
    assert own.query["sslmode"] == "require"  # IT's choice stands
    assert "sslmode" not in engine_url("postgresql://anna@/ik?host=/run/postgresql").query
    assert without_password("postgresql://anna:hemligt@server/ik") == "postgresql://anna@server/ik"
    assert without_password("postgresql://anna@server/ik?password=hemligt&sslmode=require") == \
        "postgresql://anna@server/ik?sslmode=require"
    assert label("postgresql://anna:hemligt@server.kommun.se/ik") == "server.kommun.se/ik"


def test_a_server_that_does_not_answer_is_one_swedish_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli("postgresql://anna@/ik?host=/nonexistent-socket-folder", capsys)
    code, out, err = cli("review", "list")
    assert code == 3 and out == ""
    assert err == "internkontroll: Databasen ik kan inte nås: servern svarar inte. Försök igen " \
                  "om en stund.\n"


@pytest.fixture
def password_login() -> Iterator[tuple[str, str]]:
    """A server database and a login that must give the password 'hemligt-9'."""
    servers = ServerDatabases(os.environ[SERVER])
    url = servers.new()
    init_server(url)
    name = f"ik_pw_{os.getpid()}"
    for statement in ("DO $$ BEGIN CREATE ROLE ik_password NOLOGIN; EXCEPTION WHEN "
                      "duplicate_object THEN NULL; END $$",
                      f"DROP ROLE IF EXISTS {name}",
                      f"CREATE ROLE {name} LOGIN PASSWORD 'hemligt-9' IN ROLE ik_password"):
        servers._run(statement)
    with pytest.raises(InvalidInput, match=f"Inloggningen {name} har ingen roll"):
        open_database(make_url(url).set(username=name).render_as_string(hide_password=False)
                      + "&password=hemligt-9", write=False)
    for statement in (f"GRANT internkontroll_granskare TO {name}",):
        servers._run(statement)
    yield make_url(url).set(username=name).render_as_string(hide_password=False), name
    servers.drop_all()
    servers._run(f"DROP ROLE IF EXISTS {name}")


@needs_server
def test_a_password_is_asked_for_used_and_never_saved(
        password_login: tuple[str, str], qtbot: Any, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Any) -> None:
    url, _ = password_login
    with pytest.raises(PasswordNeeded, match="vill ha ett lösenord"):
        open_database(url, write=False)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    asked: list[str] = []

    def answer(parent: Any, text: str) -> str:
        asked.append(text)
        return "hemligt-9"

    monkeypatch.setattr(messages, "ask_password", answer)
    monkeypatch.setattr(messages, "ask_text", lambda *args: url)
    refused: list[str] = []
    monkeypatch.setattr(messages, "ask_choice", lambda _p, _t, text, _c: refused.append(text))
    window = MainWindow(AppPaths.resolve(None))
    qtbot.addWidget(window)
    window.commands.connect_server()
    qtbot.waitUntil(lambda: window.db is not None or bool(refused), timeout=15000)
    assert refused == [] and len(asked) == 1 and "lösenord" in asked[0]
    assert window.tree.topLevelItemCount() == 3  # the three shipped controls
    assert saved_server() == url and "hemligt" not in str(QSettings().value(SERVER_SETTING))
    assert "hemligt" not in window.statusBar().currentMessage()
    window.close()


@needs_server
def test_an_answer_waits_for_a_server_that_went_away_and_is_saved_when_it_is_back(
        qtbot: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The real worker thread; the server refuses every connection for a while (as while it
    restarts), then answers again."""
    from PySide6.QtCore import Qt

    from internkontroll.ui.tasks import Tasks
    from internkontroll.ui.views.scoring import ScoringView
    from tests.ops.scoring_data import assessment_file, new_review, stored

    servers = ServerDatabases(os.environ[SERVER])
    url = servers.new()
    init_server(url)
    name = str(make_url(url).database)
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title="": errors.append(
        str(text)))
    db = tasks = None
    try:
        cli = Cli(url, capsys)
        review = int(new_review(cli))
        cli.ok("review", "import", str(review), assessment_file(tmp_path / "svar.csv"))
        db, tasks = open_database(url, write=True), Tasks()
        view = ScoringView(db, tasks, review)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: view.current is not None, timeout=15000)
        view.show_case(1)
        view.select_item("ansokan")
        servers._run(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        servers._run(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                     f"'{name}' AND pid <> pg_backend_pid()")
        qtbot.keyClick(view, Qt.Key.Key_3)  # saknas
        qtbot.waitUntil(lambda: "servern svarar inte" in view.saved.text(), timeout=15000)
        assert view.saved.text() == "Inte sparat: servern svarar inte – försöker igen …"
        assert view.current is not None and view.current.answers["ansokan"] == "saknas"
        servers._run(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        qtbot.waitUntil(lambda: view.saved.text().startswith("Sparat"), timeout=20000)
        assert errors == []
        assert any(a[:3] == (1, "ansokan", "saknas") for a in stored(url, review)["answers"])
    finally:
        servers._run(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        if tasks is not None:
            tasks.shutdown()
        if db is not None:
            db.close()
        servers.drop_all()
