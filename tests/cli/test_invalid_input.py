"""Every kind of bad input gives exit 3, one Swedish line, and an unchanged database."""

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.helpers import worked_example_rows, write_xlsx
from tests.conftest import Cli, dump, write_csv
from tests.core.test_personnummer import pnr

PNR = f"{pnr('811218')[:6]}-{pnr('811218')[6:]}"
Maker = Callable[[Path], Path]


def csv_of(*rows: list[str]) -> Maker:
    return lambda folder: write_csv(folder / "fil.csv", [list(r) for r in rows])


def raw(name: str, data: bytes) -> Maker:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name
    return make


def renamed_xlsx(folder: Path) -> Path:
    path = write_xlsx(folder / "riktig.xlsx", worked_example_rows())
    return path.rename(folder / "bedomningar.csv")


BAD_FILES: dict[str, tuple[Maker, str]] = {
    "unknown option": (csv_of(["nr", "ansokan"], ["1", "bra"]), "okänd bedömning 'bra'"),
    "unknown column": (csv_of(["nr", "ansökan_typo"], ["1", "helt"]), "okänd kolumn"),
    "unknown attribute value": (csv_of(["nr", "kon"], ["1", "X"]), "okänt värde 'X'"),
    "rule does not hold": (csv_of(["nr", "barn_i_hushallet", "barnperspektiv"],
                                  ["1", "nej", "helt"]), "inte aktuellt för ärende 1"),
    "blank attribute": (csv_of(["nr", "barnperspektiv"], ["2", "helt"]),
                        "Uppgift om barn i hushållet saknas för ärende 2"),
    "duplicate case": (csv_of(["nr", "ansokan"], ["1", "helt"], ["2", "helt"], ["1", "delvis"]),
                       "förekommer två gånger (rad 2 och 4)"),
    "empty file": (raw("tom.csv", b""), "är tom"),
    "header only": (csv_of(["nr", "ansokan"]), "inga ärenden"),
    "no case column": (csv_of(["ansokan", "beslut"], ["helt", "helt"]), "ärendekolumn saknas"),
    "duplicate column": (csv_of(["nr", "ansokan", "Ansokan"], ["1", "helt", "helt"]),
                         "finns två gånger"),
    "personnummer in note": (csv_of(["nr", "ansokan", "anteckning:ansokan"],
                                    ["1", "helt", f"Sökande {PNR} ringde"]), "personnummer"),
    "personnummer as case": (csv_of(["arende", "ansokan"], [PNR, "helt"]), "personnummer"),
    "personnummer in attribute": (csv_of(["nr", "handlaggare"], ["1", PNR]), "personnummer"),
    "error on a later row": (csv_of(["nr", "ansokan"], ["1", "helt"], ["2", "helt"],
                                    ["3", "kanske"]), "rad 4"),
    "not csv or xlsx": (raw("rapport.pdf", b"%PDF-1.7\n"), "stöds inte"),
    "random bytes": (raw("slump.csv", bytes(range(256)) * 8), "kan inte läsas som text"),
    "utf-16 without bom": (raw("u16.csv", "nr;ansokan\n1;helt\n".encode("utf-16-le")),
                           "UTF-16 utan byte-ordningsmärke"),
    "xlsx renamed csv": (renamed_xlsx, "är en Excel-fil"),
    "csv renamed xlsx": (raw("fel.xlsx", b"nr;ansokan\n1;helt\n"), "ingen Excel-fil"),
    "password xlsx": (raw("skyddad.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
                      "lösenordsskyddad"),
}


@pytest.fixture
def review(cli: Cli, tmp_path: Path) -> str:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    cli.ok("review", "import", review, write_csv(tmp_path / "start.csv", [
        ["nr", "barn_i_hushallet", "ansokan"], ["1", "ja", "delvis"]]))
    return review


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_import_file(kind: str, cli: Cli, review: str, tmp_path: Path) -> None:
    make, message = BAD_FILES[kind]
    folder = tmp_path / "in"
    folder.mkdir()
    path = make(folder)
    before = dump(cli.db)
    code, out, err = cli("review", "import", review, path)
    assert code == 3, (out, err)
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert PNR not in err and pnr("811218") not in err
    assert dump(cli.db) == before


@pytest.mark.parametrize(("args", "message"), [
    (["review", "import", "99", "fil.csv"], "Kontrolltillfälle 99 finns inte"),
    (["review", "new", "okand-mall", "--label", "X"], "ingen kontroll med nyckeln"),
    (["review", "new", "sip", "--label", "Nov -22", "--date", "2022-13-01"], "inte ett datum"),
    (["review", "new", "ekonomiskt-bistand", "--label", "Nov -22"], "finns redan"),
    (["review", "new", "sip", "--label", f"Ärende {PNR}"], "personnummer"),
    (["review", "new", "sip", "--label", "X", "--period-start", "2022-05-01",
      "--period-end", "2022-04-01"], "efter"),
    (["review", "list", "--template", "okand"], "ingen kontroll"),
    (["review", "cases", "42"], "finns inte"),
    (["results", "42", "--json"], "finns inte"),
    (["results", "1", "--by", "skostorlek", "--json"], "Okänt attribut"),
    (["review", "counts", "sip", "--label", "Gammal", "--date", "2020-01-01", "fil.csv"],
     "kontrollmoment"),
])
def test_bad_command(args: list[str], message: str, cli: Cli, review: str, tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "fil.csv", [["nr", "ansokan"], ["1", "helt"]])
    before = dump(cli.db)
    code, _, err = cli(*args)
    assert code == 3, err
    assert message in err and "Traceback" not in err
    assert dump(cli.db) == before


@pytest.mark.parametrize(("rows", "message"), [
    ([["kontrollmoment", "helt"], ["okant", "3"]], "okänt kontrollmoment"),
    ([["kontrollmoment", "helt"], ["ansokan", "tre"]], "inte ett antal"),
    ([["kontrollmoment", "helt"], ["ansokan", "-1"]], "inte ett antal"),
    ([["kontrollmoment", "ja"], ["ansokan", "3"]], "inget alternativ"),
    ([["kontrollmoment", "helt"], ["ansokan", "3"], ["ansokan", "4"]], "två gånger"),
])
def test_bad_counts_file(rows: list[list[str]], message: str, cli: Cli, tmp_path: Path) -> None:
    before = dump(cli.db)
    code, _, err = cli("review", "counts", "ekonomiskt-bistand", "--label", "Nov -21", "--date",
                       "2021-11-18", write_csv(tmp_path / "antal.csv", rows))
    assert code == 3 and message in err, err
    assert dump(cli.db) == before


def test_usage_error_is_exit_2(cli: Cli) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli("review", "bogus")
    assert stopped.value.code == 2


def test_unexpected_error_is_one_line_and_logged(cli: Cli, monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    from internkontroll.store import reviews

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # where the log goes on Linux

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("trasig")

    monkeypatch.setattr(reviews, "list_reviews", broken)
    code, _, err = cli("review", "list")
    assert code == 1 and "oväntat fel" in err and "Traceback" not in err
    assert "trasig" not in err  # an exception's own words (English, maybe a value) stay in the log
    logs = list((tmp_path / "state").rglob("fel.log"))
    assert logs and "RuntimeError: trasig" in logs[0].read_text(encoding="utf-8")
