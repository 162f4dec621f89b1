import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from internkontroll.core.errors import DatabaseInUse, InvalidInput
from internkontroll.store import migrate
from internkontroll.store.db import APPLICATION_ID, open_database
from internkontroll.store.files import is_network_path
from tests.conftest import Cli

pytestmark = pytest.mark.sqlite_only  # about the database file itself


def test_new_database_is_stamped_private_and_in_wal(tmp_path: Path) -> None:
    path = tmp_path / "ny" / "ik.sqlite"
    open_database(path, write=True, create=True).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head()
    assert conn.execute("SELECT count(*) FROM template").fetchone()[0] == 3
    conn.close()
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
        assert (path.parent / "ik.sqlite.lock").stat().st_mode & 0o777 == 0o600


def test_connections_use_full_sync_and_foreign_keys(db_path: Path) -> None:
    db = open_database(db_path, write=True)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        db.close()


def test_missing_file_is_not_created_by_a_reading_command(tmp_path: Path) -> None:
    path = tmp_path / "stavfel.sqlite"
    with pytest.raises(InvalidInput, match="finns inte"):
        open_database(path, write=False)
    with pytest.raises(InvalidInput, match="finns inte"):
        open_database(path, write=True)
    assert not path.exists()


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE kunder (id INTEGER)")
    conn.commit()
    conn.close()


def _random(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _newer(path: Path, source: Path) -> None:
    path.write_bytes(source.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num='9999_framtida'")
    conn.commit()
    conn.close()


def _truncated(path: Path, source: Path) -> None:
    path.write_bytes(source.read_bytes()[:6000])


@pytest.mark.parametrize(("kind", "message"), [
    ("foreign", "inte en Internkontroll-databas"),
    ("random", "ingen Internkontroll-databas"),
    ("newer", "nyare version"),
    ("truncated", "skadad"),
    ("empty", "ingen Internkontroll-databas"),
])
def test_files_that_are_not_ours_are_refused_untouched(
        kind: str, message: str, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"{kind}.sqlite"
    if kind == "foreign":
        _foreign(path)
    elif kind == "random":
        _random(path)
    elif kind == "newer":
        _newer(path, db_path)
    elif kind == "truncated":
        _truncated(path, db_path)
    else:
        path.write_bytes(b"")
    before = path.read_bytes()
    for args in (["review", "list"], ["templates"], ["review", "new", "sip", "--label", "x"]):
        code, _, err = Cli(path, capsys)(*args)
        assert code == 3, err
        assert message in err
        assert "Traceback" not in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(kind)) == [path.name]


@pytest.mark.slow  # seconds: CI runs it, uv run pytest leaves it out
def test_second_writer_is_refused_with_exit_5_and_holder(db_path: Path) -> None:
    db = open_database(db_path, write=True)
    try:
        with pytest.raises(DatabaseInUse, match="används redan av"):
            open_database(db_path, write=True)
        process = subprocess.run(
            [sys.executable, "-m", "internkontroll", "--db", str(db_path), "review", "new", "sip",
             "--label", "Apr -23"], capture_output=True, text=True, encoding="utf-8",
            timeout=120)
        assert process.returncode == 5, process.stderr
        assert "används redan av" in process.stderr
        import getpass
        assert getpass.getuser() in process.stderr
        # Readers are not kept out.
        reader = subprocess.run(
            [sys.executable, "-m", "internkontroll", "--db", str(db_path), "review", "list"],
            capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert reader.returncode == 0, reader.stderr
    finally:
        db.close()
    open_database(db_path, write=True).close()  # released


def test_lock_of_a_killed_process_is_released_by_the_os(db_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; "
         "from internkontroll.store.db import open_database; "
         f"db = open_database(Path({str(db_path)!r}), write=True); print('ok', flush=True); "
         "time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(DatabaseInUse):
            open_database(db_path, write=True)
    finally:
        holder.kill()
        holder.wait()
    open_database(db_path, write=True).close()


NFS_MOUNTS = """proc /proc proc rw 0 0
/dev/vda / ext4 rw 0 0
fileserver:/social /mnt/social nfs4 rw 0 0
//srv/share /mnt/smb cifs rw 0 0
"""


@pytest.mark.parametrize(("path", "network"), [
    ("/mnt/social/ik/internkontroll.sqlite", True),
    ("/mnt/smb/internkontroll.sqlite", True),
    ("/home/anna/internkontroll.sqlite", False),
    ("/mnt/socialt/internkontroll.sqlite", False),  # a prefix of a mount is not inside it
])
def test_network_paths_are_recognised(path: str, network: bool) -> None:
    assert is_network_path(Path(path), NFS_MOUNTS) is network
