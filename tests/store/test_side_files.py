"""Locks, side files and odd paths around the database file (issue 12 points 4 and 8).

Another program's SQLite lock is exit 5; a stray journal does not stop reading; read commands
leave no file behind; a database refused during its upgrade gets no backup; only a regular
file is a database; a damaged value is a Swedish refusal when it is read.
"""

import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from tests.conftest import Cli, dump
from tests.snapshots import SNAPSHOTS

pytestmark = pytest.mark.sqlite_only  # about the database file itself

FIXTURES = Path(__file__).parent.parent / "fixtures"
READS = [["review", "list"], ["review", "cases", "2"], ["results", "2", "--json"]]


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def one_swedish_line(err: str) -> None:
    assert err.count("\n") == 1 and len(err) <= 320 and "Traceback" not in err
    for english in ("database", "locked", "readonly", "Errno", "directory", "symbolic",
                    "decode", "JSON", "Expecting"):
        assert english not in err, err


@pytest.fixture
def snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The newest schema snapshot (reviews 1–4, with cases) in a folder of its own."""
    folder = tmp_path / "db"
    folder.mkdir()
    shutil.copy(SNAPSHOTS[-1], folder / "ik.sqlite")
    return Cli(folder / "ik.sqlite", capsys)


def test_an_sqlite_lock_held_by_another_program_is_exit_5(cli: Cli) -> None:
    cli.ok("review", "list")
    other = sqlite3.connect(cli.db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = cli("review", "new", "sip", "--label", "Låst")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 5, err
    assert "används av ett annat program" in err
    one_swedish_line(err)
    assert "Låst" not in cli.ok("review", "list")


def test_a_stray_journal_does_not_stop_reading(snapshot: Cli) -> None:
    before = dump(snapshot.db)
    journal = snapshot.db.with_name(snapshot.db.name + "-journal")
    journal.write_bytes(b"left behind by something else")
    for args in READS:
        code, _, err = snapshot(*args)
        assert code == 0, (args, err)
    assert dump(snapshot.db) == before


def test_read_commands_leave_no_files_behind(snapshot: Cli) -> None:
    folder = snapshot.db.parent
    before = listing(folder)
    for args in READS:
        snapshot.ok(*args)
        assert listing(folder) == before, args
    code, _, _ = snapshot("review", "cases", "99")  # a read command that fails
    assert code == 3 and listing(folder) == before


def test_a_failed_read_leaves_no_files_and_no_backup(snapshot: Cli) -> None:
    conn = sqlite3.connect(snapshot.db)
    conn.execute("UPDATE review SET label = CAST(X'FF41' AS TEXT) WHERE id = 1")
    conn.commit()
    conn.close()
    folder = snapshot.db.parent
    before, data = listing(folder), snapshot.db.read_bytes()
    code, _, err = snapshot("review", "list")
    assert code == 3 and "kan vara skadad" in err
    one_swedish_line(err)
    assert listing(folder) == before and snapshot.db.read_bytes() == data


def test_a_database_refused_during_its_upgrade_gets_no_backup(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture
                                                              [str]) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    path = folder / "gammal.sqlite"
    shutil.copy(FIXTURES / "schema-0003.sqlite", path)
    conn = sqlite3.connect(path)  # a link to a review that is not there: passes quick_check
    conn.execute("INSERT INTO review_case (review_id, number, role, attributes) "
                 "VALUES (999, 1, 'case', '{}')")
    conn.commit()
    conn.close()
    before, data = listing(folder), path.read_bytes()
    code, _, err = Cli(path, capsys)("review", "list")
    assert code == 3 and "kunde inte uppgraderas" in err, err
    assert path.read_bytes() == data
    assert [p for p in listing(folder) if not p.endswith(".lock")] == before


@pytest.mark.parametrize("column", ["label", "json"])
def test_a_damaged_value_is_refused_when_read(snapshot: Cli, column: str) -> None:
    conn = sqlite3.connect(snapshot.db)
    if column == "label":
        conn.execute("UPDATE review SET label = CAST(X'FF41' || '19121212-1212' AS TEXT) "
                     "WHERE id = 2")
    else:
        conn.execute("UPDATE review_case SET attributes = '{\"kon\": \"K' WHERE review_id = 2")
    conn.commit()
    conn.close()
    assert sqlite3.connect(snapshot.db).execute("PRAGMA quick_check").fetchone()[0] == "ok"
    before = snapshot.db.read_bytes()
    refused = 0
    for args in [*READS, ["report", "2", "--out", snapshot.db.parent / "r.pdf"]]:
        code, _, err = snapshot(*args)
        assert code in (0, 3), (args, err)
        if code == 3:
            refused += 1
            assert "kan vara skadad" in err and "1212" not in err
            one_swedish_line(err)
    assert refused >= 2
    assert snapshot.db.read_bytes() == before


def test_a_link_to_nowhere_is_not_created_through(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "ik.sqlite"
    link.symlink_to(tmp_path / "saknas" / "ik.sqlite")
    code, _, err = Cli(link, capsys)("review", "new", "sip", "--label", "A")
    assert code == 3 and "länk till en fil som inte finns" in err, err
    one_swedish_line(err)
    assert listing(tmp_path) == ["ik.sqlite"]


def test_a_loop_of_links_is_said_in_swedish(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.sqlite").symlink_to(tmp_path / "b.sqlite")
    (tmp_path / "b.sqlite").symlink_to(tmp_path / "a.sqlite")
    for args in (["review", "list"], ["review", "new", "sip", "--label", "A"]):
        code, _, err = Cli(tmp_path / "a.sqlite", capsys)(*args)
        assert code == 3 and "symboliska länkar" in err, err
        one_swedish_line(err)
    assert listing(tmp_path) == ["a.sqlite", "b.sqlite"]


@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_only_a_regular_file_is_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           kind: str) -> None:
    path = tmp_path / "ik.sqlite"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    results: list[tuple[int, str, str]] = []
    for args in (["review", "list"], ["review", "new", "sip", "--label", "A"]):
        worker = threading.Thread(target=lambda a=args: results.append(Cli(path, capsys)(*a)),
                                  daemon=True)
        worker.start()
        worker.join(20)
        if worker.is_alive():  # blocked on the FIFO; unblock it so the test run can go on
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            pytest.fail(f"{args} hangs on a {kind}")
    for code, _, err in results:
        assert code == 3 and "inte en databasfil" in err, err
        one_swedish_line(err)
    assert listing(tmp_path) == ["ik.sqlite"]
