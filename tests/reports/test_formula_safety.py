"""No string from a file or a person becomes a formula, a number or a link in what we write.

Every XLSX file (the work list, the export) is read back with openpyxl: each string cell is a
string (data_type "s"), and no sheet has a hyperlink. The DOCX has no field codes but the page
numbers and no hyperlinks. SPEC § 7.2, issue 12 point 3.
"""

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from internkontroll.reports.sheets import Book, sheet_name
from internkontroll.reports.worklist import write_worklist
from tests.conftest import Cli, write_csv
from tests.importers.population_data import HEADERS, population_rows

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

# What makes a spreadsheet program act on a string instead of showing it.
PREFIXES = ["=", "+", "-", "@", "\t", "\r", "http://", "https://", "mailto:", "ftp://", "{=",
            "external:", "www."]
PAYLOADS = ['HYPERLINK("http://evil.example/x")', "cmd|' /C calc'!A0", "1+1",
            "SUM(A1:A9)", "2", "0.5", "1e5", "example.se/x", "A1}"]
_PLAIN = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=";,\"")
BODY = st.one_of(st.sampled_from(PAYLOADS), st.text(_PLAIN, min_size=1, max_size=20))
HOSTILE = st.builds(lambda prefix, body: prefix + body, st.sampled_from(PREFIXES), BODY)
# Through a CSV file or a command line, where a leading tab or CR is stripped or ends the line.
HOSTILE_LINE = st.builds(lambda prefix, body: prefix + body,
                         st.sampled_from([p for p in PREFIXES if p.strip()]), BODY)
# Anything at all, for the writers called directly: control characters and lone surrogates too.
ANY_TEXT = st.one_of(HOSTILE, st.text(max_size=40))
# Through the command line: few examples, and no shrinking (each one runs several commands).
_SETTINGS = settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.generate],
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


def string_cells(path: Path) -> list[str]:
    """Every string cell of every sheet, after checking that none is a formula or a link."""
    workbook = openpyxl.load_workbook(path)
    found: list[str] = []
    for sheet in workbook.worksheets:
        assert not sheet._hyperlinks, sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    found.append(cell.value)
                else:
                    assert cell.data_type in ("n", "d"), (cell.coordinate, cell.data_type)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        sheets = "".join(archive.read(n).decode() for n in names
                         if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    assert "<f>" not in sheets and "<f " not in sheets and "<hyperlink" not in sheets
    assert not any(n.startswith("xl/worksheets/_rels/") for n in names)
    return found


@given(title=ANY_TEXT, headers=st.lists(ANY_TEXT, min_size=1, max_size=4),
       values=st.lists(ANY_TEXT, min_size=1, max_size=4))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_work_list_writes_every_string_as_a_string(tmp_path: Path, title: str,
                                                   headers: list[str], values: list[str]) -> None:
    path = tmp_path / "arbetslista.xlsx"
    path.unlink(missing_ok=True)
    write_worklist(path, title, headers, [(1, "case", values), (2, "reserve", values[::-1])])
    cells = string_cells(path)
    for text in (title, *headers, *values):
        if text and text.isprintable():
            assert text in cells


@given(texts=st.lists(ANY_TEXT, min_size=1, max_size=6))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_sheet_writes_strings_as_strings(tmp_path: Path, texts: list[str]) -> None:
    path = tmp_path / "blad.xlsx"
    book = Book(path)
    for text in texts:  # the label of a breakdown becomes a sheet name
        sheet = book.sheet(text)
        sheet.row(0, 0, [text, 1, None, 0.5, text])
    book.close()
    cells = string_cells(path)
    assert len(openpyxl.load_workbook(path).sheetnames) == len(texts)
    assert all(t in cells for t in texts if t and t.isprintable())


def test_sheet_names_are_valid_and_unique() -> None:
    used: set[str] = set()
    for wanted in ["Efter kön", "Efter kön", "'x'", "a/b:c*d?[e]", "", "History",
                   "x" * 40, "x" * 40]:
        name = sheet_name(wanted, used)
        assert 0 < len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)
        assert not name.startswith("'") and not name.endswith("'")
        assert name.casefold() not in used and name.casefold() != "history"
        used.add(name.casefold())


@given(headers=st.lists(HOSTILE_LINE, min_size=2, max_size=2, unique=True), name=HOSTILE_LINE)
@_SETTINGS
def test_population_headers_reach_the_work_list_as_text(cli: Cli, tmp_path: Path,
                                                        headers: list[str], name: str) -> None:
    """The personnummer and name columns, found by their content, keep their hostile headers."""
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label",
                    f"U{len(list(tmp_path.iterdir()))}").strip()
    rows = population_rows(12)
    for row in rows:
        row[2] = name
    header = [HEADERS[0], *headers, *HEADERS[3:]]
    population = write_csv(tmp_path / f"lista{review}.csv", [header, *rows])
    worklist = tmp_path / f"arbetslista{review}.xlsx"
    cli.ok("sample", review, "--population", population, "--size", "3", "--seed", "1",
           "--worklist", worklist, "--worklist-columns=" + ",".join(h.strip() for h in headers))
    cells = string_cells(worklist)
    assert all(h.strip() in cells for h in headers)
    assert name.strip() in cells


@given(labels=st.lists(HOSTILE_LINE, min_size=2, max_size=3, unique_by=lambda s: s.strip()))
@_SETTINGS
def test_review_labels_reach_the_export_as_text(cli: Cli, tmp_path: Path,
                                                labels: list[str]) -> None:
    """The Jämförelse sheet has the labels of the periods as its headers."""
    tag = str(len(list(tmp_path.iterdir())))
    year = 1900 + 2 * int(tag)  # later than every earlier example's periods
    counts = write_csv(tmp_path / f"antal{tag}.csv", [["kontrollmoment", "helt", "delvis"],
                                                      ["ansokan", "3", "1"]])
    for label in labels[:-1]:
        cli.ok("review", "counts", "ekonomiskt-bistand", f"--label={tag}{label}", "--date",
               f"{year}-05-01", counts)
    review = cli.ok("review", "counts", "ekonomiskt-bistand", f"--label={labels[-1]}{tag}",
                    "--date", f"{year + 1}-05-01", counts).strip()
    out = tmp_path / f"export{tag}.xlsx"
    cli.ok("export", review, "--out", out)
    cells = string_cells(out)
    expected = [f"{tag}{label}".strip() for label in labels[:-1]] + [f"{labels[-1]}{tag}".strip()]
    assert all(label in cells for label in expected), (expected, cells)


@given(label=HOSTILE_LINE, text=ANY_TEXT)
@_SETTINGS
def test_docx_holds_labels_and_texts_as_plain_text(cli: Cli, tmp_path: Path, label: str,
                                                   text: str) -> None:
    tag = str(len(list(tmp_path.iterdir())))
    counts = write_csv(tmp_path / f"antal{tag}.csv", [["kontrollmoment", "helt", "delvis"],
                                                      ["ansokan", "3", "1"]])
    # A control character cannot be in an XML file: it is dropped, not a crash.
    review = cli.ok("review", "counts", "ekonomiskt-bistand", f"--label={label}\x0b{tag}",
                    "--date", "2022-05-01", counts).strip()
    texts = tmp_path / f"texter{tag}.toml"
    body = "".join(c for c in text if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF)
    texts.write_text(f"sammanfattning = {_toml_string('=HYPERLINK(' + body)}\n"
                     f"analys = {_toml_string('http://evil.example ' + body)}\n",
                     encoding="utf-8")
    code, _, err = cli("review", "texts", review, "--from", texts)
    assert code in (0, 3), err  # a text may be refused (a personnummer); never a crash
    out = tmp_path / f"r{tag}.docx"
    cli.ok("report", review, "--out", out)
    with zipfile.ZipFile(out) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist()
                      if n.endswith((".xml", ".rels")))
    assert "<w:hyperlink" not in xml and "relationships/hyperlink" not in xml
    # the only fields are the footer's page numbers
    instructions = re.findall(r'w:instr="([^"]*)"', xml) + re.findall(
        r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)
    assert {i.strip() for i in instructions} <= {"PAGE", "NUMPAGES"}
    assert xml.count('w:fldCharType="begin"') == len(instructions)
    assert "HYPERLINK(" not in "".join(instructions)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
