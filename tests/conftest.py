import os

# Without it Qt aborts on a machine with no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

from internkontroll.cli import main
from internkontroll.store.db import open_database

# The error log of a test run (fel.log) goes to a folder of its own, never the user's.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="internkontroll-state-")


@pytest.fixture(scope="session")
def _migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated database with the shipped templates, made once per test session."""
    path = tmp_path_factory.mktemp("template-db") / "mall.sqlite"
    open_database(path, write=True, create=True).close()
    return path


@pytest.fixture
def db_path(_migrated_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the migrated database for one test."""
    path = tmp_path / "internkontroll.sqlite"
    shutil.copy(_migrated_db, path)
    return path


class Cli:
    """Runs the command line in-process against one database."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
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
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


def dump(path: Path) -> bytes:
    """The database's content as SQL text plus the raw file bytes, for 'nothing written' checks."""
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        text = "\n".join(conn.iterdump()).encode()
    finally:
        conn.close()
    return text + path.read_bytes()


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding=encoding)
    return path
