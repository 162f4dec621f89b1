"""Redovisad i nämnd, the audit log, backups, restore and gallring, through the command line."""

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from internkontroll.store import backups
from internkontroll.store.db import open_database
from internkontroll.store.scoring import add_cases, save_answer, save_attribute
from tests.conftest import Cli, dump, write_csv
from tests.importers.population_data import population_rows, write_population_csv

ITEMS = ["ansokan", "sjalvforsorjning", "aktanteckningar", "berakningar", "bedomning",
         "barnperspektiv", "beslut"]
NOTE = "ANTECKNING-QZX-5521"


def answers_file(path: Path, numbers: list[int]) -> Path:
    rows = [["lopnummer", "kon", "barn_i_hushallet", *ITEMS, "anteckning:bedomning"]]
    for n in numbers:
        rows.append([str(n), "kvinna" if n % 2 else "man", "ja" if n % 3 else "nej",
                     "helt", "delvis" if n % 2 else "helt", "helt", "saknas" if n == 2 else
                     "helt", "helt", "helt" if n % 3 else "", "helt", NOTE if n == 1 else ""])
    return write_csv(path, rows)


@pytest.fixture
def locked(cli: Cli, tmp_path: Path) -> str:
    """A sampled review, every drawn case scored, redovisad i nämnd."""
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22", "--date",
                    "2022-11-17").strip()
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(30))
    cli.ok("sample", review, "--population", population, "--size", "6", "--reserves", "2",
           "--seed", "11")
    cli.ok("review", "import", review, answers_file(tmp_path / "svar.csv", [1, 2, 3, 4, 5, 6]))
    out = cli.ok("review", "lock", review, "--by", "Anna Berg", "--paragraph",
                 "SN 2022-11-17 § 156")
    assert "redovisat i nämnd" in out
    return review


def test_lock_needs_a_klar_review(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "sip", "--label", "Apr -23").strip()
    cli.ok("sample", review, "--from-range", "10", "--size", "3", "--seed", "1")
    code, _, err = cli("review", "lock", review, "--by", "Anna Berg")
    assert code == 3 and "pågående" in err and "klart" in err


@pytest.mark.parametrize("write", ["import", "sample", "replace", "texts", "delete"])
def test_locked_review_refuses_every_command_line_write(write: str, cli: Cli, locked: str,
                                                        tmp_path: Path) -> None:
    texts = tmp_path / "texter.toml"
    texts.write_text('sammanfattning = "Ändrad."\n', encoding="utf-8")
    args = {"import": ["review", "import", locked, answers_file(tmp_path / "ny.csv", [1])],
            "sample": ["sample", locked, "--from-range", "30", "--size", "2"],
            "replace": ["review", "replace", locked, "1", "--reason", "akten saknas"],
            "texts": ["review", "texts", locked, "--from", texts],
            "delete": ["review", "delete", locked]}[write]
    before = dump(cli.db)
    code, _, err = cli(*args)
    assert code == 4, err
    assert "redovisat i nämnd (" in err and "Anna Berg" in err and "Traceback" not in err
    assert dump(cli.db) == before


def test_locked_review_refuses_scoring_attributes_and_added_cases(cli: Cli, locked: str) -> None:
    from internkontroll.core.errors import ReviewLocked

    db = open_database(cli.db, write=True)
    try:
        for write in (lambda s: save_answer(s, int(locked), 1, "ansokan", "saknas"),
                      lambda s: save_answer(s, int(locked), 1, "ansokan", None),
                      lambda s: save_attribute(s, int(locked), 1, "kon", "man"),
                      lambda s: add_cases(s, int(locked), 1)):
            with pytest.raises(ReviewLocked), db.session() as session:
                write(session)
    finally:
        db.close()


@pytest.mark.sqlite_only
def test_triggers_refuse_what_bypasses_the_application(cli: Cli, locked: str) -> None:
    """Raw SQL on a redovisad review: answers, cases, texts, review row, template version."""
    conn = sqlite3.connect(cli.db)
    statements = [
        "UPDATE assessment SET option_key = 'saknas'",
        "DELETE FROM review_case",
        f"INSERT INTO review_text (review_id, key, value) VALUES ({locked}, 'analys', 'x')",
        "UPDATE review SET label = 'Ny'",
        "UPDATE template SET title = 'Ny' WHERE id = (SELECT template_id FROM review)",
        "UPDATE sampling_record SET seed = 1",
        "UPDATE review_lock SET pdf = x'00'",
        "DELETE FROM review_lock",
    ]
    for sql in statements:
        with pytest.raises(sqlite3.IntegrityError, match="IK-"):
            conn.execute(sql)
    conn.close()


@pytest.mark.sqlite_only
def test_unlock_and_relock_keeps_both_pdfs(cli: Cli, locked: str, tmp_path: Path) -> None:
    code, _, err = cli("review", "unlock", locked, "--reason", "")
    assert code == 3 and "varför" in err
    cli.ok("review", "unlock", locked, "--reason", "Fel i ärende 2 rättas")
    cli.ok("review", "texts", locked, "--from", _texts(tmp_path, "Rättad efter granskning."))
    cli.ok("review", "lock", locked, "--by", "Bo Ek", "--paragraph", "SN 2022-12-15 § 170")
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    cli.ok("review", "pdf", locked, "--out", first, "--version", "1")
    out = cli.ok("review", "pdf", locked, "--out", second)  # the newest
    assert first.read_bytes() != second.read_bytes()
    assert hashlib.sha256(second.read_bytes()).hexdigest() in out
    conn = sqlite3.connect(cli.db)
    rows = conn.execute("SELECT sha256, locked_at, unlocked_at, unlock_reason, reported_by "
                        "FROM review_lock ORDER BY id").fetchall()
    conn.close()
    assert [r[0] for r in rows] == [hashlib.sha256(p.read_bytes()).hexdigest()
                                    for p in (first, second)]
    assert rows[0][2] is not None and rows[0][3] == "Fel i ärende 2 rättas"
    assert rows[1][2] is None and rows[1][4] == "Bo Ek"
    # A redovisad review's PDF report is what the nämnd received, byte for byte.
    cli.ok("report", locked, "--out", tmp_path / "igen.pdf")
    assert (tmp_path / "igen.pdf").read_bytes() == second.read_bytes()
    log = cli.ok("log", locked)
    assert "Upplåst: Nov -22" in log and "Fel i ärende 2 rättas" in log
    assert log.count("Redovisad i nämnd:") == 2


def _texts(folder: Path, summary: str) -> Path:
    path = folder / "texter.toml"
    path.write_text(f'sammanfattning = "{summary}"\n', encoding="utf-8")
    return path


@pytest.mark.sqlite_only
def test_log_shows_old_and_new_and_cannot_be_changed(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Maj -23").strip()
    cli.ok("review", "import", review, answers_file(tmp_path / "a.csv", [1, 2]))
    db = open_database(cli.db, write=True)
    try:
        with db.session() as session:
            save_answer(session, int(review), 2, "berakningar", "delvis")
    finally:
        db.close()
    log = cli.ok("log", review)
    assert ("Bedömning: ärende 2, Att beräkningar har gjorts på ett korrekt sätt  "
            "Saknas → Delvis") in log
    assert "Import: a.csv" in log
    conn = sqlite3.connect(cli.db)
    for sql in ("UPDATE audit_log SET new_value = 'helt'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="IK-APPEND-ONLY"):
            conn.execute(sql)
    conn.close()


@pytest.mark.sqlite_only
def test_gallring_keeps_results_and_pdfs_and_leaves_no_case_data(cli: Cli, locked: str,
                                                                  tmp_path: Path) -> None:
    second = tmp_path / "andra"
    second.mkdir()
    cli.ok("settings", "--set", f"backup_folder={second}")
    cli.ok("backup", "--out", tmp_path / "egen-kopia.sqlite")  # the user's own: not the app's
    conn = sqlite3.connect(cli.db)
    references = [r[0] for r in conn.execute("SELECT reference FROM review_case "
                                              "WHERE reference LIKE 'EB-2022-%'")]
    conn.close()
    assert len(references) == 8
    assert backups.take_backups(cli.db, "fore-mote") == []  # into both folders
    made_before = backups.app_backups(cli.db, tmp_path / "backups") + \
        backups.app_backups(cli.db, second)
    holding = [p for p in made_before if NOTE.encode() in p.read_bytes()]
    assert {p.parent for p in holding} == {tmp_path / "backups", second}
    before = json.loads(cli.ok("results", locked, "--json"))
    pdf_before = tmp_path / "fore.pdf"
    cli.ok("review", "pdf", locked, "--out", pdf_before)

    unconfirmed = dump(cli.db)
    code, out, err = cli("purge", locked)  # says what will be lost, and changes nothing
    assert code == 3 and "--ja" in err and dump(cli.db) == unconfirmed
    assert "tar bort 8 ärenden med " in out and " och 1 anteckning," in out  # 6 + 2 reserves
    assert "säkerhetskopior som programmet gjort" in out
    cli.ok("purge", locked, "--ja")

    assert json.loads(cli.ok("results", locked, "--json")) == before
    pdf_after = tmp_path / "efter.pdf"
    cli.ok("review", "pdf", locked, "--out", pdf_after)
    assert pdf_after.read_bytes() == pdf_before.read_bytes()
    assert "gallrad" in cli.ok("review", "list")
    assert not any(p.exists() for p in made_before)
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "egen-kopia.sqlite"
             and "sqlite" in p.name]
    assert any("efter-gallring" in p.name for p in files)
    secrets = [NOTE.encode(), *(r.encode() for r in references)]
    for path in files:
        data = path.read_bytes()
        assert not any(s in data for s in secrets), path
    log = cli.ok("log", locked)
    assert "Gallrad: Nov -22" in log and "ärende 1" not in log
    code, _, err = cli("review", "import", locked, answers_file(tmp_path / "b.csv", [1]))
    assert code == 4


def test_purge_needs_a_redovisad_review(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Maj -23").strip()
    before = dump(cli.db)
    code, _, err = cli("purge", review, "--ja")
    assert code == 3 and "inte redovisat i nämnd" in err
    assert dump(cli.db) == before


@pytest.mark.sqlite_only
def test_backups_rotate_and_restore_backs_up_first(cli: Cli, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "backups"
    cli.ok("review", "new", "sip", "--label", "Apr -23")
    daily = backups.app_backups(cli.db, folder)
    assert [p.name.endswith("-daglig.sqlite") for p in daily] == [True]
    cli.ok("review", "new", "sip", "--label", "Nov -23")
    assert backups.app_backups(cli.db, folder) == daily  # once a day
    for n in range(12):
        backups.take_backups(cli.db, f"test-{chr(97 + n)}")
    kept = backups.app_backups(cli.db, folder)
    assert len(kept) == backups.KEEP and daily[0] not in kept
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in kept)

    copy = tmp_path / "kopia.sqlite"
    cli.ok("backup", "--out", copy)
    code, _, err = cli("backup", "--out", copy)
    assert code == 3 and "finns redan" in err
    cli.ok("review", "new", "sip", "--label", "Apr -24")  # made after the copy
    out = cli.ok("restore", copy)
    assert "återställd" in out
    labels = cli.ok("review", "list")
    assert "Nov -23" in labels and "Apr -24" not in labels
    saved = next(p for p in backups.app_backups(cli.db, folder) if "fore-aterstallning" in p.name)
    conn = sqlite3.connect(f"file:{saved}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM review WHERE label = 'Apr -24'").fetchone() == (1,)
    conn.close()
    assert "Återställd från säkerhetskopia: kopia.sqlite" in cli.ok("log")


@pytest.mark.sqlite_only
def test_restore_over_a_damaged_database(cli: Cli, tmp_path: Path) -> None:
    cli.ok("review", "new", "sip", "--label", "Apr -23")
    copy = tmp_path / "kopia.sqlite"
    cli.ok("backup", "--out", copy)
    cli.db.write_bytes(cli.db.read_bytes()[:5000])  # damaged
    code, _, err = cli("review", "list")
    assert code == 3 and "skadad" in err
    cli.ok("restore", copy)
    assert "Apr -23" in cli.ok("review", "list")
    assert any("skadad" in p.name for p in (tmp_path / "backups").iterdir())


@pytest.mark.sqlite_only
def test_restore_refuses_a_file_that_is_not_a_backup(cli: Cli, tmp_path: Path) -> None:
    other = write_csv(tmp_path / "lista.csv", [["a"], ["b"]])
    before = dump(cli.db)
    code, _, err = cli("restore", other)
    assert code == 3 and "ingen Internkontroll-databas" in err
    assert dump(cli.db) == before


@pytest.mark.sqlite_only
def test_second_backup_folder_that_is_gone_is_a_warning(cli: Cli, tmp_path: Path) -> None:
    second = tmp_path / "natverk"
    second.mkdir()
    cli.ok("settings", "--set", f"backup_folder={second}")
    second.rmdir()
    second.write_text("inte en mapp", encoding="utf-8")  # the share is not mounted
    for old in (tmp_path / "backups").iterdir():
        old.unlink()  # so today's backup is due again
    code, _, err = cli("review", "new", "sip", "--label", "Apr -23")
    assert code == 0 and "kunde inte sparas i" in err
    assert backups.app_backups(cli.db, tmp_path / "backups")
