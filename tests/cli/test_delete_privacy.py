"""Deleting a review leaves nothing of its cases in the database file or its WAL (SPEC § 7.1).

Every channel a case-level value reaches the file through is planted with its own marker:
notes from an imported file, notes and answers typed one at a time (the GUI's path), case
attributes typed one at a time, the reason for a replacement, and the case references the draw
stored. After ``review delete`` the main file, its WAL and shared-memory file are scanned for
every marker, in UTF-8 and as JSON escapes (attributes are stored as JSON). Another review's
markers must survive, so the scan can see what it looks for.
"""

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from internkontroll.store.db import open_database
from internkontroll.store.scoring import add_cases, save_answer, save_attribute
from tests.conftest import Cli, write_csv
from tests.importers.population_data import population_rows, write_population_csv

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

ITEMS = ["ansokan", "sjalvforsorjning", "aktanteckningar", "berakningar", "bedomning",
         "barnperspektiv", "beslut"]
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZåäöÅÄÖéü"
markers = st.text(alphabet=LETTERS, min_size=6, max_size=14)


def forms(value: str) -> list[bytes]:
    """How a stored string can appear in the file's bytes."""
    return [value.encode("utf-8"), json.dumps(value)[1:-1].encode("ascii")]


def file_bytes(db: Path) -> dict[str, bytes]:
    return {side: p.read_bytes() for side in ("", "-wal", "-shm", "-journal")
            if (p := db.with_name(db.name + side)).exists()}


def found(db: Path, values: list[str]) -> list[tuple[str, str]]:
    files = file_bytes(db)
    return [(value, side or "databasen") for value in values for side, data in files.items()
            if any(form in data for form in forms(value))]


def answers(numbers: list[int], notes: dict[int, str]) -> list[list[str]]:
    rows = [["lopnummer", "kon", "barn_i_hushallet", *ITEMS, "anteckning:bedomning"]]
    for n in numbers:
        rows.append([str(n), "kvinna" if n % 2 else "man", "ja", *["helt"] * 4, "delvis",
                     "helt", "helt", notes.get(n, "")])
    return rows


@st.composite
def plantings(draw: st.DrawFn) -> dict[str, object]:
    size = draw(st.integers(2, 6))
    numbers = list(range(1, size + 1))
    tagged = st.dictionaries(st.sampled_from(numbers), markers, max_size=size)
    return {"size": size, "imported": draw(tagged), "typed": draw(tagged),
            "attribute": draw(tagged), "reason": draw(st.one_of(st.none(), markers)),
            "kept": draw(markers), "seed": draw(st.integers(0, 10**6))}


def _session(db: Path):  # noqa: ANN202
    return open_database(db, write=True)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plantings())
@pytest.mark.sqlite_only
def test_delete_leaves_no_case_value_in_the_file_or_wal(
        plan: dict[str, object], _migrated_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        db = folder / "internkontroll.sqlite"
        shutil.copy(_migrated_db, db)
        cli = Cli(db, capsys)
        size = int(plan["size"])  # type: ignore[call-overload]
        imported: dict[int, str] = plan["imported"]  # type: ignore[assignment]
        typed: dict[int, str] = plan["typed"]  # type: ignore[assignment]
        attribute: dict[int, str] = plan["attribute"]  # type: ignore[assignment]
        reason = plan["reason"]
        kept = f"BEHALL-{plan['kept']}"
        planted = [f"IMP-{v}" for v in imported.values()] + [f"SKR-{v}" for v in typed.values()]
        planted += [f"ATTR-{v}" for v in attribute.values()]

        # Another review whose note stays.
        other = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Kvar").strip()
        database = _session(db)
        with database.session() as session:
            add_cases(session, int(other), 1)
            save_answer(session, int(other), 1, "ansokan", "delvis", kept)
        database.close()

        review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Tas bort").strip()
        population = write_population_csv(folder / "beslut.csv", population_rows(20))
        cli.ok("sample", review, "--population", population, "--size", str(size),
               "--reserves", "1", "--seed", str(plan["seed"]))
        cli.ok("review", "import", review, write_csv(
            folder / "svar.csv",
            answers(list(range(1, size + 1)), {n: f"IMP-{v}" for n, v in imported.items()})))
        database = _session(db)
        with database.session() as session:
            for number, value in typed.items():
                save_answer(session, int(review), number, "ansokan", "saknas", f"SKR-{value}")
            for number, value in attribute.items():
                save_attribute(session, int(review), number, "handlaggare", f"ATTR-{value}")
        database.close()
        if reason is not None:
            cli.ok("review", "replace", review, "1", "--reason", f"SKAL-{reason}")
            planted.append(f"SKAL-{reason}")
        conn = sqlite3.connect(db)
        references = [r[0] for r in conn.execute(
            "SELECT reference FROM review_case WHERE review_id = ?", (int(review),))]
        conn.close()
        assert len(references) == size + 1 and all(references)
        planted += references
        assert {value for value, _ in found(db, planted)} == set(planted)  # the scan sees them

        out = cli.ok("review", "delete", review)
        assert "är borttaget" in out and "loggposter på ärendenivå" in out

        assert found(db, planted) == []
        assert found(db, [kept]) != []  # the other review's note is still there
        log = cli.ok("log")
        assert "Kontrolltillfälle borttaget: ekonomiskt-bistand Tas bort" in log
        assert "loggposter på ärendenivå raderade" in log or "loggpost på ärendenivå" in log
        assert not any(value in log for value in planted)
        conn = sqlite3.connect(db)
        assert conn.execute("SELECT count(*) FROM audit_log WHERE review_id = ? AND "
                            "case_level", (int(review),)).fetchone() == (0,)
        conn.close()
    finally:
        shutil.rmtree(folder)


@pytest.mark.sqlite_only
def test_delete_is_logged_with_who_what_and_when(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "sip", "--label", "Apr -23").strip()
    cli.ok("sample", review, "--from-range", "10", "--size", "3", "--seed", "1")
    cli.ok("review", "import", review, write_csv(
        tmp_path / "svar.csv", [["lopnummer", "sip_status", "anteckning:sip_status"],
                                ["1", "upprattad", "Not om ärende ett"],
                                ["2", "tackat_nej", ""]]))
    cli.ok("review", "delete", review)
    conn = sqlite3.connect(cli.db)
    rows = conn.execute("SELECT at, user, action, target, old_value, new_value, case_level "
                        "FROM audit_log WHERE review_id = ? ORDER BY id", (int(review),)
                        ).fetchall()
    conn.close()
    at, user, action, target, old, new, case_level = rows[-1]
    assert (action, target, old, case_level) == ("review.delete", "sip Apr -23",
                                                 "3 ärenden", 0)
    assert at and user and new == "3 loggposter på ärendenivå raderade"  # 2 answers, 1 note
    assert all(not r[6] for r in rows)  # what is left holds no case-level value
