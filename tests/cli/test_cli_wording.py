"""The command line speaks Swedish: argparse's help, usage line and errors included."""

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from internkontroll.cli import build_parser, main
from internkontroll.cli_parser import swedish
from internkontroll.store.db import open_database
from internkontroll.store.models import AuditLog
from tests.cli.helpers import worked_example_rows
from tests.conftest import Cli, write_csv

ENGLISH = ["usage:", "positional arguments", "options:", "optional arguments",
           "show this help message", "error:", "the following arguments", "invalid choice",
           "choose from", "expected one argument", "unrecognized arguments"]


def parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield from parsers(child)


def test_every_help_text_is_swedish() -> None:
    found = list(parsers(build_parser()))
    assert len(found) > 15  # the program, its commands and the review actions
    for parser in found:
        text = parser.format_help()
        assert text.startswith("användning: ") and "visa den här hjälpen och avsluta" in text
        assert not [word for word in ENGLISH if word in text], (parser.prog, text)


def test_help_is_printed_in_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--help"], ["review", "--help"], ["sample", "-h"]):
        with pytest.raises(SystemExit) as stopped:
            main(args)
        assert stopped.value.code == 0
        out = capsys.readouterr().out
        assert "användning:" in out and "flaggor:" in out and "usage" not in out


@pytest.mark.parametrize(("args", "said"), [
    (["review", "new"], "följande argument saknas: NYCKEL, --label"),
    (["review", "bogus"], "argumentet action: ogiltigt val: 'bogus' (välj bland 'new'"),
    (["review", "list", "--nej"], "okända argument: --nej"),
    (["results", "x"], "argumentet ID: inte ett heltal: 'x'"),
    (["review", "new", "x", "--label"], "argumentet --label: ett värde behövs"),
])
def test_usage_errors_are_swedish(args: list[str], said: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "användning: " in err, err
    assert not [word for word in ENGLISH if word in err], err


def test_an_unknown_argparse_message_is_kept_rather_than_lost() -> None:
    assert swedish("something new") == "something new"
    assert swedish("argument --x: expected 2 arguments") == "argumentet --x: 2 värden behövs"


def test_the_log_shows_labels_not_keys(cli: Cli, tmp_path: Path) -> None:
    """Before: 'ärende 5, barnperspektiv  – → ej_aktuellt (enligt regel)'."""
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    cli.ok("review", "import", review, write_csv(tmp_path / "b.csv", worked_example_rows()))
    cli.ok("review", "counts", "ekonomiskt-bistand", "--label", "Nov -21", "--date",
           "2021-11-18", write_csv(tmp_path / "antal.csv", [["kontrollmoment", "helt", "delvis"],
                                                            ["ansokan", "3", "1"]]))
    log = cli.ok("log")
    child = "Att det framgår att barnperspektivet är beaktat i barnfamiljer"
    assert f"Bedömning: ärende 5, {child}  – → Ej aktuellt (enligt regel)" in log
    assert "Uppgift om ärendet: ärende 1, Barn i hushållet  – → Ja" in log
    assert "Uppgift om ärendet: ärende 2, Kön  – → Kvinna" in log
    assert "Antal inlagda: Att det framgår vad ansökan avser, Helt" in log
    for key in ("barn_i_hushallet", "barnperspektiv,", "ej_aktuellt", "ansokan,", " helt"):
        assert key not in log, key
    db = open_database(cli.db, write=False)
    try:
        with db.session() as session:  # the stored entries keep the keys
            stored = session.exec(select(AuditLog).where(AuditLog.action == "attribute")).first()
    finally:
        db.close()
    assert stored is not None and stored.target == "ärende 1, kon"


def test_one_is_said_in_singular_in_the_log_and_the_messages(cli: Cli, tmp_path: Path) -> None:
    """Before: '1 ärenden och 1 reserver', 'ramen (1 ärenden)'."""
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    code, _, err = cli("sample", review, "--from-range", "1", "--size", "1", "--reserves", "1")
    assert code == 3 and "Urvalet (1 ärende och 1 reserv) är större än ramen (1 ärende)" in err
    cli.ok("sample", review, "--from-range", "3", "--size", "1", "--reserves", "1")
    other = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Maj -23").strip()
    one = [worked_example_rows()[0], worked_example_rows()[1]]
    cli.ok("review", "import", other, write_csv(tmp_path / "en.csv", one))
    cli.ok("review", "delete", other)
    log = cli.ok("log")
    assert "Urval draget: löpnummer 1–3  – → 1 ärende och 1 reserv, slumpfrö" in log
    assert "Import: en.csv  – → 1 ärende, " in log
    assert "Kontrolltillfälle borttaget: ekonomiskt-bistand Maj -23  1 ärende → " in log
    assert "1 ärenden" not in log and "1 reserver" not in log
