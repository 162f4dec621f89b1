"""Every message is one Swedish line of at most 300 characters, with values cut and never a
personnummer, and no English from the OS or SQLite (issue 12 point 6)."""

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from internkontroll.core.errors import DatabaseInUse, InvalidInput
from internkontroll.errortext import explain
from tests.conftest import Cli, write_csv

PNR = "19121212-1212"
LONG = "x" * 5000 + PNR + "y" * 5000


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and len(err) <= 320 and "Traceback" not in err, err
    assert "1212" not in err and "x" * 61 not in err and "y" * 61 not in err, err
    return err


@pytest.mark.parametrize("code", sorted({e for e in errno.errorcode if e}))
def test_every_os_error_is_said_in_swedish(code: int) -> None:
    error = OSError(code, os.strerror(code), "/tmp/" + PNR + ".csv")
    said = explain(error)
    assert isinstance(said, InvalidInput)
    assert os.strerror(code) not in str(said) and PNR not in str(said)
    assert str(said).startswith("Filen (ett personnummer)")


@pytest.mark.parametrize("statement, expected", [
    ("SELECT * FROM nothing", "kan vara skadad"),
    ("SELECT json_extract('{x', '$.a')", "kan vara skadad"),
])
def test_sqlite_errors_are_said_in_swedish(statement: str, expected: str) -> None:
    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.Error) as caught:
        conn.execute(statement)
    said = explain(caught.value, Path("ik.sqlite"))
    assert said is not None and expected in str(said) and "ik.sqlite" in str(said)


def test_a_busy_database_is_in_use() -> None:
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = 5  # type: ignore[attr-defined]
    assert isinstance(explain(error), DatabaseInUse)


def test_a_long_value_with_a_personnummer_is_cut_and_hidden(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "sip", "--label", "A").strip()
    commands = [["review", "new", LONG, "--label", "B"],
                ["review", "new", "sip", "--label", "C", "--date", LONG],
                ["sample", review, "--from-range", "10", "--size", LONG],
                ["settings", "--set", LONG],
                ["settings", "--set", LONG + "=1"],
                ["results", review, "--by", LONG, "--json"]]
    rows = [["nr", "verksamhetsomrade"], ["1", LONG]]
    commands.append(["review", "import", review, write_csv(tmp_path / "a.csv", rows)])
    rows = [["nr", LONG], ["1", "ifo"]]
    commands.append(["review", "import", review, write_csv(tmp_path / "b.csv", rows)])
    damaged = tmp_path / f"{PNR}.csv"  # damaged line endings: the whole file on one line
    damaged.write_text("nr;verksamhetsomrade\r\r" + "".join(f"{n};{PNR} Anna\r\r"
                                                         for n in range(5000)), encoding="utf-8")
    commands.append(["review", "import", review, damaged])
    for args in commands:
        code, _, err = cli(*args)
        assert code in (2, 3), (args[:2], err[:400])
        one_line(err if code == 3 else err.splitlines()[-1] + "\n")


def test_our_errors_keep_their_type_and_fields_when_explained() -> None:
    """An error of ours that takes other arguments than its text (ColumnNotChosen) came out of
    explain() as a TypeError."""
    from internkontroll.errortext import explain
    from internkontroll.ops.sampling import ColumnNotChosen

    error = ColumnNotChosen("arende", "ärendenumret")
    said = explain(error)
    assert isinstance(said, ColumnNotChosen) and said.field == "arende"
    assert str(said) == "Välj vilken kolumn som innehåller ärendenumret." and said.exit_code == 3
