import os

# Without it Qt aborts on a machine with no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from internkontroll import demo
from internkontroll.cli import main
from internkontroll.store.db import open_database
from tests.servers import SERVER, ServerDatabases, server_dump

# The error log of a test run (fel.log) goes to a folder of its own, never the user's.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="internkontroll-state-")
# Nor does the default database: a test that opens it by mistake finds an empty folder.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="internkontroll-data-")
# Nor the saved settings (Qt's, such as the server connected to last).
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="internkontroll-config-")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend", choices=("sqlite", "postgresql"),
        default=os.environ.get("INTERNKONTROLL_TEST_BACKEND", "sqlite"),
        help="the database the tests use: a file, or a PostgreSQL server whose URL "
             "INTERNKONTROLL_TEST_PG gives (its superuser's login on its maintenance database)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: about the database file itself (its "
                            "bytes, side files, locks, backups), not run against a server")
    if config.getoption("--backend") == "postgresql" and not os.environ.get(SERVER):
        raise pytest.UsageError(f"--backend postgresql needs {SERVER}, e.g. "
                                "postgresql://postgres@/postgres?host=/tmp/pg")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--backend") != "postgresql":
        return
    skip = pytest.mark.skip(reason="about the database file, not a server")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def no_real_file_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file dialog nobody answers would hang the test run (a menu action a test triggers
    without expecting its dialog); it fails the test instead. Tests that expect one patch
    the function again themselves."""
    from PySide6.QtWidgets import QFileDialog

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"unexpected file dialog: {args[1:]}")

    for name in ("getOpenFileName", "getOpenFileNames", "getSaveFileName",
                 "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, refuse)


@pytest.fixture(scope="session")
def backend(pytestconfig: pytest.Config) -> str:
    return str(pytestconfig.getoption("--backend"))


@pytest.fixture(scope="session")
def servers(backend: str) -> Iterator[ServerDatabases | None]:
    """Makes and drops the server's test databases; None when the tests use files."""
    if backend != "postgresql":
        yield None
        return
    made = ServerDatabases.active = ServerDatabases(os.environ[SERVER])
    yield made
    made.drop_all()
    ServerDatabases.active = None


@pytest.fixture(scope="session")
def _migrated_db(tmp_path_factory: pytest.TempPathFactory,
                 servers: ServerDatabases | None) -> Path | str:
    """One migrated database with the shipped templates, made once per test session."""
    if servers is not None:
        return servers.template()
    path = tmp_path_factory.mktemp("template-db") / "mall.sqlite"
    open_database(path, write=True, create=True).close()
    return path


@pytest.fixture
def db_path(_migrated_db: Path | str, tmp_path: Path,
            servers: ServerDatabases | None) -> Iterator[Path | str]:
    """The database of one test: a fresh copy of the migrated one. A file, or with
    ``--backend postgresql`` the URL of a database on the server, dropped afterwards."""
    if servers is not None:
        url = servers.copy_of_template()
        yield url
        servers.drop(url)
        return
    path = tmp_path / "internkontroll.sqlite"
    shutil.copy(_migrated_db, path)
    yield path


class Cli:
    """Runs the command line in-process against one database."""

    def __init__(self, db: Path | str, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys

    def __call__(self, *args: str | Path) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--db", str(self.db), *map(str, args)])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str | Path) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out


@pytest.fixture
def cli(db_path: Path | str, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


def dump(target: Path | str) -> bytes:
    """The database's content as SQL text, plus a file's raw bytes, for 'nothing written'
    checks."""
    if isinstance(target, str):
        return server_dump(target)
    conn = sqlite3.connect(f"file:{target.as_posix()}?mode=ro", uri=True)
    try:
        text = "\n".join(conn.iterdump()).encode()
    finally:
        conn.close()
    return text + target.read_bytes()


def run_in(db: Path | str, *args: object) -> str:
    """The command line on ``db``, outside a test's own capture; its output."""
    return demo.command_line(db)(*args)


@pytest.fixture(scope="session")
def _seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file with the three published redovisningar (tests/demo.py), one review locked and one
    locked and gallrad, and a setting: everything a move must keep."""
    work = tmp_path_factory.mktemp("seeded")
    db = work / "kalla.sqlite"

    def here(*args: object) -> str:
        return run_in(db, *args)

    eb = demo.ekonomiskt_bistand(here, work)
    demo.sip(here, work)
    vg = demo.vardighetsgarantier(here, work)
    here("review", "lock", eb, "--by", "Anna Berg", "--paragraph", "SN 2022-11-17 § 156")
    here("review", "lock", vg, "--by", "Anna Berg")
    here("purge", vg, "--ja")
    here("settings", "--set", "kommun=Exempelby")
    assert [int(r) for r in (eb, vg)] == [4, 10]
    return db


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding=encoding)
    return path
