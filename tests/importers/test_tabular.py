"""One tabular reader: population and assessment files share one encoding rule and one parser.

Before, the population reader fell back to Windows-1252 for a file that mixed UTF-8 and
Windows-1252 and wrote "Ã…sa Ã–berg" into the work list, while the assessment reader refused it.
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from internkontroll.core.errors import InvalidInput
from internkontroll.core.templates import Template, shipped_templates, template_from_dict
from internkontroll.importers.assessments import read_assessment_file
from internkontroll.importers.encoding import mixed_message, sniff_delimiter
from internkontroll.importers.population import Request, preview, read_population
from internkontroll.importers.tabular import read_table
from tests.cli.helpers import write_xlsx
from tests.conftest import Cli

NAME = "Åsa Öberg"
MOJIBAKE = NAME.encode("utf-8").decode("cp1252")  # what a Windows-1252 reading makes of it
POPULATION = [["Arendenummer", "Namn", "Handlaggare", "Beslutsdatum"],  # as Procapita writes it
              ["EB-1", NAME, "Märta Ås", "2022-05-02"],
              ["EB-2", "Örjan Ek", "Bo Ek", "2022-05-03"]]
ASSESSMENT = [["lopnummer", "ansokan", "anteckning:ansokan"],
              ["1", "helt", "Ansökan från Åsa, signerad"],
              ["2", "delvis", "Bilaga saknas för Örjan"]]
FIXTURES_OK = [HealthCheck.function_scoped_fixture]  # tmp_path is only overwritten
CLEAN = ["utf-8", "utf-8-sig", "cp1252", "utf-16"]


@pytest.fixture(scope="module")
def template() -> Template:
    data = next(t for t in shipped_templates() if t["key"] == "ekonomiskt-bistand")
    return template_from_dict(data)


def write(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ";") -> Path:
    path.write_bytes("".join(delimiter.join(r) + "\r\n" for r in rows).encode(encoding))
    return path


def mixed(path: Path, rows: list[list[str]]) -> Path:
    """The first rows in UTF-8, the rest in Windows-1252, as when two exports are pasted."""
    text = ["".join(";".join(r) + "\n" for r in rows[:2]), ";".join(rows[2]) + "\n"]
    path.write_bytes(text[0].encode("utf-8") + text[1].encode("cp1252"))
    return path


def population(path: Path, template: Template) -> list[str]:
    """The names the work list would show."""
    read = read_population(Request(path, worklist_columns=[]), template)
    return [case.identifying["Namn"] for case in read.frame]


def refusal(read: object) -> str:
    with pytest.raises(InvalidInput) as caught:
        read()  # type: ignore[operator]
    return str(caught.value)


# --- the mixed file ---------------------------------------------------------------------------


def test_a_mixed_file_is_refused_by_both_readers_with_the_same_message(
        tmp_path: Path, template: Template) -> None:
    pop = mixed(tmp_path / "lista.csv", POPULATION)
    assessed = mixed(tmp_path / "bed.csv", ASSESSMENT)
    said = {refusal(lambda: population(pop, template)),
            refusal(lambda: preview(pop)),
            refusal(lambda: read_assessment_file(assessed, template)).replace("bed.csv",
                                                                                "lista.csv")}
    assert said == {mixed_message("lista.csv")}
    assert "blandar två teckenkodningar" in mixed_message("lista.csv")


def test_the_command_line_refuses_a_mixed_file_the_same_way_for_both(cli: Cli,
                                                                     tmp_path: Path) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    pop = mixed(tmp_path / "a.csv", POPULATION)
    code, _, sampled = cli("sample", review, "--population", pop, "--size", "1",
                           "--worklist", tmp_path / "arbetslista.xlsx")
    assert code == 3 and not (tmp_path / "arbetslista.xlsx").exists()
    assessed = mixed(tmp_path / "b.csv", ASSESSMENT)
    code2, _, imported = cli("review", "import", review, assessed)
    assert code2 == 3
    assert sampled.replace("a.csv", "F") == imported.replace("b.csv", "F")
    assert sampled.count("\n") == 1 and "blandar två teckenkodningar" in sampled


def test_windows_1252_after_the_first_megabyte_of_utf8_is_refused_too(
        tmp_path: Path, template: Template) -> None:
    """The encoding is decided on the first megabyte with a non-ASCII byte; the rest is checked
    as the rows are decoded, with the same message."""
    pop = tmp_path / "stor.csv"
    filler = [f"EB-{n};Åsa Öberg;Bo Ek;2022-05-02" for n in range(3, 40_000)]
    pop.write_bytes(("Arendenummer;Namn;Handlaggare;Beslutsdatum\n" + "\n".join(filler)
                     + "\n").encode("utf-8") + "EB-2;Örjan Ek;Bo Ek;2022-05-03\n".encode("cp1252"))
    assert pop.stat().st_size > 1 << 20
    assert refusal(lambda: population(pop, template)) == mixed_message("stor.csv")
    assert refusal(lambda: read_table(pop)) == mixed_message("stor.csv")


def test_the_mojibake_is_never_read_into_a_frame(tmp_path: Path, template: Template) -> None:
    assert MOJIBAKE == "Ã…sa Ã–berg"
    clean = population(write(tmp_path / "u.csv", POPULATION, "utf-8"), template)
    assert clean == [NAME, "Örjan Ek"]
    # Saved once more as UTF-8 after a wrong reading: the letters are already lost.
    twice = [[MOJIBAKE if c == NAME else c for c in r] for r in POPULATION]
    path = write(tmp_path / "twice.csv", twice, "utf-8")
    for read in (lambda: population(path, template), lambda: read_table(path)):
        assert "blivit fel vid en tidigare konvertering" in refusal(read)
    # Both kinds of bytes for the same name, in one cell of one file.
    both = tmp_path / "both.csv"
    both.write_bytes(b"\xc3\x85sa;" + "Öberg".encode("cp1252") + b"\n")
    assert refusal(lambda: read_table(both)) == mixed_message("both.csv")


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES_OK)
@given(st.lists(st.text("abcÅÄÖåäöé ", min_size=1, max_size=12), min_size=2, max_size=6),
       st.integers(0, 5))
def test_any_mix_of_utf8_and_windows_1252_letters_is_refused(tmp_path: Path,
                                                             words: list[str],
                                                             split: int) -> None:
    cells = [f"{w}ö" for w in words]  # every cell has a letter that differs between the two
    split = 1 + split % (len(cells) - 1)
    path = tmp_path / "blandad.csv"
    path.write_bytes(";".join(cells[:split]).encode("utf-8") + b";"
                     + ";".join(cells[split:]).encode("cp1252") + b"\n")
    assert refusal(lambda: read_table(path)) == mixed_message("blandad.csv")


# --- clean encodings, CSV and XLSX ------------------------------------------------------------


@pytest.mark.parametrize("encoding", CLEAN)
def test_clean_encodings_read_the_same_through_both_readers(tmp_path: Path, template: Template,
                                                            encoding: str) -> None:
    pop = write(tmp_path / "lista.csv", POPULATION, encoding)
    assert population(pop, template) == [NAME, "Örjan Ek"]
    assert preview(pop)[1] == POPULATION
    assessed = write(tmp_path / "bed.csv", ASSESSMENT, encoding)
    assert read_table(assessed).rows == ASSESSMENT
    cases = read_assessment_file(assessed, template)
    assert [c.notes["ansokan"] for c in cases] == [r[2] for r in ASSESSMENT[1:]]


def test_xlsx_gives_the_same_rows_as_csv(tmp_path: Path, template: Template) -> None:
    pop = write_xlsx(tmp_path / "lista.xlsx", POPULATION)
    assert population(pop, template) == [NAME, "Örjan Ek"]
    assert preview(pop)[1] == POPULATION
    assessed = write_xlsx(tmp_path / "bed.xlsx", ASSESSMENT)
    assert read_table(assessed).rows == read_table(write(tmp_path / "b.csv", ASSESSMENT,
                                                         "cp1252")).rows


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURES_OK)
@given(st.lists(st.lists(st.text("abcxyzÅÄÖåäöéü-/. 019", min_size=1, max_size=10),
                         min_size=3, max_size=3), min_size=1, max_size=8),
       st.sampled_from(CLEAN), st.sampled_from([";", "\t", ","]))
def test_any_clean_file_reads_back_its_cells(tmp_path: Path, body: list[list[str]],
                                             encoding: str, delimiter: str) -> None:
    rows = [["lopnummer", "ansokan", "anteckning:ansokan"],
            *[[c.strip() or "x" for c in r] for r in body]]
    path = write(tmp_path / "fil.csv", rows, encoding, delimiter)
    assert read_table(path).rows == rows
    assert preview(path)[1] == rows


# --- one delimiter rule -----------------------------------------------------------------------


def test_a_title_line_or_commas_in_notes_do_not_outvote_the_delimiter() -> None:
    titled = "Utsökning, beslut 2022\nSkapad av Procapita\n\nÄrende;Namn;Datum\nA;B, C;D\n"
    assert sniff_delimiter(titled) == ";"
    notes = "nr;anteckning:ansokan\n" + "".join(f"{n};se bilaga, sid {n}, rad 2\n"
                                               for n in range(20))
    assert sniff_delimiter(notes) == ";"
    assert sniff_delimiter("nr,ansokan\n1,helt\n") == ","
    assert sniff_delimiter("nr\tansokan\n1\thelt\n") == "\t"
    assert sniff_delimiter("nr\n1\n") == ";"
    short = "Utsökning; beslut\nSkapad av Procapita\nÄrende,Namn,Datum\nA,B,D\n"
    assert sniff_delimiter(short) == ","


def test_both_readers_split_a_semicolon_file_with_commas_in_its_notes(tmp_path: Path,
                                                                      template: Template) -> None:
    rows = [["lopnummer", "anteckning:ansokan"],
            *[[str(n), f"se bilaga, sid {n}, rad 2"] for n in range(1, 6)]]
    path = write(tmp_path / "bed.csv", rows, "utf-8")
    assert read_table(path).rows == rows
    assert preview(path)[1] == rows


@pytest.mark.parametrize("data", [
    "\ufefflopnummer;ansokan\n1;helt\n".encode("utf-32-le"),  # looks like UTF-16 at first
    b"\xff\xfe" + "lopnummer;ansokan\n".encode("utf-16-le") + b"\x00",  # an odd byte
])
def test_broken_utf16_is_refused_as_unreadable_by_both(tmp_path: Path, template: Template,
                                                       data: bytes) -> None:
    path = tmp_path / "trasig.csv"
    path.write_bytes(data)
    for read in (lambda: read_table(path), lambda: population(path, template)):
        assert "kan inte läsas som text" in refusal(read)
