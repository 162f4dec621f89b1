"""Gallring cleans every folder the app has ever written backups to (SPEC § 7.1), and says
which: the folder beside the database, each folder the backup setting has named (also after
the setting was changed or cleared), and folders remembered across a restore."""

import sqlite3
from pathlib import Path

import pytest

from internkontroll.store import backups
from tests.cli.test_safety_cli import NOTE, locked
from tests.conftest import Cli

pytestmark = pytest.mark.sqlite_only  # about the database file itself

__all__ = ["locked"]  # the fixture


def references(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT reference FROM review_case")]
    finally:
        conn.close()


def holding(folder: Path, secrets: list[bytes]) -> list[Path]:
    """The files under ``folder`` that hold any of ``secrets``."""
    return [p for p in folder.rglob("*") if p.is_file()
            and any(s in p.read_bytes() for s in secrets)]


def backup_into(cli: Cli, folder: Path | None, reason: str) -> None:
    """Point the setting at ``folder`` (None: clear it) and take a backup."""
    cli.ok("settings", "--set", f"backup_folder={folder or ''}")
    assert backups.take_backups(cli.db, reason) == []


@pytest.mark.parametrize("last", ["third", "cleared", "first-again"])
def test_gallring_cleans_every_folder_backups_were_written_to(cli: Cli, locked: str,
                                                               tmp_path: Path,
                                                               last: str) -> None:
    first, second, third = (tmp_path / name for name in ("forsta", "andra", "tredje"))
    for folder in (first, second, third):
        folder.mkdir()
    secrets = [NOTE.encode(), *(r.encode() for r in references(cli.db))]
    backup_into(cli, first, "a")
    backup_into(cli, second, "b")
    backup_into(cli, {"third": third, "cleared": None, "first-again": first}[last], "c")
    folders = [tmp_path / "backups", first, second] + ([third] if last == "third" else [])
    for folder in folders:
        assert holding(folder, secrets), folder  # each holds the cases before gallring

    plan_out = cli("purge", locked)[1]
    for folder in folders:
        assert str(folder) in plan_out  # the question names every folder
    out = cli.ok("purge", locked, "--ja")

    cleaned = next(line for line in out.splitlines() if line.startswith("Rensade mappar"))
    for folder in folders:
        assert str(folder) in cleaned
        assert holding(folder, secrets) == [], folder
    assert str(third) not in cleaned or last == "third"
    # The fresh backup after gallring went where backups go now; it holds no case data.
    assert any("efter-gallring" in p.name for p in (tmp_path / "backups").iterdir())


def test_a_restored_older_backup_still_remembers_later_folders(cli: Cli, locked: str,
                                                               tmp_path: Path) -> None:
    first, second = tmp_path / "forsta", tmp_path / "andra"
    first.mkdir()
    second.mkdir()
    backup_into(cli, first, "a")
    old = backups.app_backups(cli.db, first)[-1]
    backup_into(cli, second, "b")
    secrets = [NOTE.encode()]
    assert holding(second, secrets)
    cli.ok("restore", old)  # knows only the first folder by itself
    cli.ok("purge", locked, "--ja")
    assert holding(second, secrets) == []
    assert holding(first, secrets) == []


def test_a_folder_that_cannot_be_reached_is_named_in_a_warning(cli: Cli, locked: str,
                                                               tmp_path: Path) -> None:
    gone = tmp_path / "natverk"
    gone.mkdir()
    backup_into(cli, gone, "a")
    backup_into(cli, None, "b")
    for path in gone.iterdir():
        path.unlink()
    gone.rmdir()  # the network drive is not connected
    code, out, err = cli("purge", locked, "--ja")
    assert code == 0
    assert str(gone) in err and "kan inte nås" in err
    assert str(gone) not in next(line for line in out.splitlines()
                                 if line.startswith("Rensade mappar"))


def test_upgrade_remembers_the_folders_the_setting_named_before(tmp_path: Path) -> None:
    """Schema 0005 starts the list from the audit log's setting changes and the setting."""
    from internkontroll.store.db import open_database

    snapshot = Path(__file__).parent.parent / "fixtures" / "schema-0004.sqlite"
    db = tmp_path / "gammal.sqlite"
    db.write_bytes(snapshot.read_bytes())
    earlier, later = tmp_path / "forr", tmp_path / "nu"
    conn = sqlite3.connect(db)
    with conn:
        for old, new in ((None, str(earlier)), (str(earlier), None), (None, str(later))):
            conn.execute("INSERT INTO audit_log (at, user, action, target, old_value, "
                         "new_value, case_level) VALUES ('2024-01-01T00:00:00+00:00', 'a', "
                         "'setting', 'backup_folder', ?, ?, 0)", (old, new))
        conn.execute("INSERT INTO setting (key, value) VALUES ('backup_folder', ?)",
                     (str(later),))
    conn.close()
    open_database(db, write=True).close()
    remembered = backups.remembered_folders(db)
    assert (earlier, False) in remembered and (later, False) in remembered
    assert (tmp_path / "backups", True) in remembered
    assert backups.known_folders(db)[:1] == [tmp_path / "backups"]
    assert set(backups.known_folders(db)) == {tmp_path / "backups", earlier, later}
