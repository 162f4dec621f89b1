"""No personnummer is stored, whatever form it comes in and whichever field carries it
(SPEC § 7.1): identifying columns, numeric cells, headers, file and sheet names, filter values,
strata, lock fields and imports. Each test plants numbers and scans the SQLite file, its WAL and
its text dump for them."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from itertools import count
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.cli.helpers import EB_ITEMS
from tests.conftest import Cli, dump, write_csv
from tests.core.pnr_forms import Pnr, numeric_forms, pnrs, written, wrong_check

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]  # about the database file itself

LAST_YEAR = date(2025, 12, 31)
# Born up to last year: the command line judges centuries by today's date.
PEOPLE = st.lists(pnrs(latest=LAST_YEAR), min_size=6,
                  max_size=14, unique_by=lambda p: p.ten)
# Each example runs the command line on a real file; shrinking is left out to keep it quick.
SLOW = settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
_labels = count(1)


def stored_bytes(db: Path) -> bytes:
    """The database as its text dump, its raw bytes and any WAL beside it."""
    wal = db.with_name(db.name + "-wal")
    return dump(db) + (wal.read_bytes() if wal.exists() else b"")


def hits(db: Path, people: list[Pnr]) -> list[str]:
    """The planted numbers found in the database, in any form (separated, numeric)."""
    data = stored_bytes(db)
    found = [p.ten for p in people if p.pattern().search(data)]
    found += [p.ten for p in people if str(int(p.ten)).encode() in data]
    return found


def new_review(cli: Cli, label: str) -> str:
    return cli.ok("review", "new", "ekonomiskt-bistand", "--label", label).strip()


def write_xlsx(path: Path, headers: list[str], rows: list[list[object]],
               sheet: str = "Beslut") -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet(sheet)
    worksheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int | float):
                worksheet.write_number(r, c, value)
            else:
                worksheet.write_string(r, c, str(value))
    workbook.close()
    return path


def references(cli: Cli, review: str) -> list[str | None]:
    return [c["reference"] for c in json.loads(cli.ok("review", "cases", review, "--json"))]


WORKERS = ["Anna Berg", "Bo Ek", "Cecilia Lind"]


@SLOW
@given(people=PEOPLE, header=st.sampled_from(["Ärendenr", "Personnummer", "Id", "Klient"]),
       as_float=st.booleans())
def test_numeric_personnummer_in_any_case_column_are_never_stored(
        cli: Cli, tmp_path: Path, people: list[Pnr], header: str, as_float: bool) -> None:
    """Excel stores a personnummer as a number and drops the leading zero (908215940); the case
    column holding them is identifying, so no reference is stored, and no other field is."""
    rows: list[list[object]] = [
        [float(int(p.ten)) if as_float else int(p.ten), "K" if n % 2 else "M",
         WORKERS[n % 3], 1000 + n] for n, p in enumerate(people)]
    label = next(_labels)
    path = write_xlsx(tmp_path / f"{label}.xlsx", [header, "Kön", "Handläggare", "Belopp"],
                      rows)
    review = new_review(cli, str(label))
    extra = [] if header in ("Ärendenr", "Personnummer") else ["--map", f"arende={header}"]
    cli.ok("sample", review, "--population", path, "--size", "all", "--spread",
           "handläggare", *extra, "--between", "belopp=0..99999")
    assert references(cli, review) == [None] * len(people)
    assert hits(cli.db, people) == []


@SLOW
@given(data=st.data(), people=PEOPLE)
def test_written_personnummer_in_a_reference_column_are_never_stored(
        cli: Cli, tmp_path: Path, data: st.DataObject, people: list[Pnr]) -> None:
    """Any separator, invisible characters, fullwidth digits, and some with a wrong check
    digit: the column is mostly personnummer, so none of it is stored."""
    forms = [data.draw(written(p)) if n % 4 else wrong_check(p)[:6] + "-" + wrong_check(p)[6:]
             for n, p in enumerate(people)]
    rows = [["Ärendenr", "Kön", "Handläggare"]]
    rows += [[form, "K", WORKERS[n % 3]] for n, form in enumerate(forms)]
    label = next(_labels)
    path = write_csv(tmp_path / f"{label}.csv", rows)
    review = new_review(cli, str(label))
    cli.ok("sample", review, "--population", path, "--size", "all")
    assert references(cli, review) == [None] * len(people)
    assert hits(cli.db, people) == []


@SLOW
@given(data=st.data(), pnr=pnrs(latest=LAST_YEAR),
       place=st.sampled_from(["file", "sheet"]))
def test_file_and_sheet_names_are_stored_masked(cli: Cli, tmp_path: Path, data: st.DataObject,
                                                pnr: Pnr, place: str) -> None:
    form = data.draw(written(pnr)).replace("\t", " ")
    name = f"lista {form}" if place == "file" else "lista"
    sheet = f"Blad {form}"[:31] if place == "sheet" else "Beslut"
    if "/" in name or any(c in sheet for c in "[]:*?/\\"):
        return
    rows: list[list[object]] = [[f"EB-{n}", "K", WORKERS[n % 3]] for n in range(8)]
    path = write_xlsx(tmp_path / f"{name}.xlsx", ["Ärendenr", "Kön", "Handläggare"], rows,
                      sheet)
    review = new_review(cli, f"R {next(_labels)}")
    out = cli.ok("sample", review, "--population", path, "--size", "3",
                 *(["--sheet", sheet] if place == "sheet" else []))
    assert hits(cli.db, [pnr]) == []
    assert pnr.ten[6:] not in out or "ÅÅMMDD-XXXX" in out
    record = sqlite3.connect(cli.db).execute(
        "SELECT record FROM sampling_record WHERE review_id=?", (review,)).fetchone()[0]
    assert "MMDD-XXXX" in record  # JSON escapes the Å


def _population(tmp_path: Path) -> Path:
    rows = [["Utsökning"], [], ["Ärendenr", "Kön", "Handläggare", "Beslutsdatum"]]
    rows += [[f"EB-2022-{n:03d}", "K" if n % 2 else "M", WORKERS[n % 3],
              f"2022-0{1 + n % 9}-1{n % 10}"] for n in range(30)]
    return write_csv(tmp_path / "beslut.csv", rows)


@SLOW
@given(data=st.data(), pnr=pnrs(latest=LAST_YEAR),
       option=st.sampled_from(["--where", "--between", "--map", "--spread", "--header-row"]))
def test_personnummer_in_command_line_fields_are_refused_unquoted(
        cli: Cli, tmp_path: Path, data: st.DataObject, pnr: Pnr, option: str) -> None:
    form = data.draw(st.sampled_from([data.draw(written(pnr)), *numeric_forms(pnr)]))
    population = _population(tmp_path)
    if option == "--header-row":  # a header row that is data: a personnummer in it
        rows = [["Ärendenr", "Kön", "Handläggare"], [form, "K", "Anna Berg"],
                *[[f"EB-{n}", "K", "Bo Ek"] for n in range(5)]]
        population = write_csv(tmp_path / "rubrik.csv", rows)
    value = {"--where": ["--where", f"ärendenr=EB-2022-001,{form.replace(',', '.')}"],
             "--between": ["--between", f"ärendenr={form}..EB-2022-020"],
             "--map": ["--map", f"{form}=Kön"],
             "--spread": ["--spread", form],
             "--header-row": ["--header-row", "2"]}[option]
    review = new_review(cli, f"R {next(_labels)}")
    before = stored_bytes(cli.db)
    code, out, err = cli("sample", review, "--population", population, "--size", "3", *value)
    assert code == 3, err
    assert "Traceback" not in err and len(err.strip()) <= 300
    assert pnr.ten[:6] not in err and pnr.ten[6:] not in err, err
    assert stored_bytes(cli.db) == before
    assert hits(cli.db, [pnr]) == []


def test_header_row_detection_skips_a_data_row(cli: Cli, tmp_path: Path) -> None:
    """A data row with two known words and a personnummer is not taken for the header."""
    rows = [["Kön", "Handläggare", "811218-9876"], ["Ärendenr", "Kön", "Handläggare"],
            *[[f"EB-{n}", "K", "Bo Ek"] for n in range(5)]]
    review = new_review(cli, "Rubrik")
    out = cli.ok("sample", review, "--population", write_csv(tmp_path / "p.csv", rows),
                 "--size", "2")
    assert "Rubrikrad: 2" in out


def test_strata_with_a_personnummer_are_refused(cli: Cli, tmp_path: Path) -> None:
    """Kön is an attribute: an unknown value is not stored on the case, but it is a stratum."""
    rows = [["Ärendenr", "Kön", "Handläggare"],
            *[[f"EB-{n}", "811218\u20139876" if n == 0 else "K", "Bo Ek"] for n in range(6)]]
    review = new_review(cli, "Strata")
    code, _, err = cli("sample", review, "--population", write_csv(tmp_path / "p.csv", rows),
                       "--size", "2", "--spread", "kön")
    assert code == 3 and "personnummer" in err and "9876" not in err


def _method_texts(cli: Cli, review: str, tmp_path: Path) -> str:
    import docx
    import pdfplumber

    cli.ok("report", review, "--out", tmp_path / "r.docx")
    cli.ok("report", review, "--out", tmp_path / "r.pdf")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    with pdfplumber.open(tmp_path / "r.pdf") as pdf:
        text += "\n".join(page.extract_text() or "" for page in pdf.pages)
    return " ".join(text.split())


def test_filters_on_the_caseworker_and_the_case_column_never_reach_the_namnd(
        cli: Cli, tmp_path: Path) -> None:
    population = _population(tmp_path)
    review = new_review(cli, "Filter")
    cli.ok("sample", review, "--population", population, "--size", "4", "--where",
           "handläggare=Anna Berg,Bo Ek", "--where", "ärendenr=" + ",".join(
               f"EB-2022-{n:03d}" for n in range(20)), "--where", "kön=K,M")
    texts = _method_texts(cli, review, tmp_path)
    assert "hos två handläggare" in texts and "villkor på ärendenr" in texts
    assert "med villkor på ärendenr och kön K, M" in texts  # ordinary filters are told
    for private in (*WORKERS, "EB-2022"):
        assert private not in texts, private
    record = json.loads(sqlite3.connect(cli.db).execute(
        "SELECT record FROM sampling_record WHERE review_id=?", (review,)).fetchone()[0])
    assert [f["private"] for f in record["filters"]] == [True, True, False]
    assert record["filters"][0]["values"] == ["Anna Berg", "Bo Ek"]  # internal record keeps


def _klar_review(cli: Cli, tmp_path: Path, label: str) -> str:
    review = new_review(cli, label)
    cli.ok("sample", review, "--population", _population(tmp_path), "--size", "2")
    rows = [["lopnummer", "kon", "barn_i_hushallet", *EB_ITEMS]]
    rows += [[str(n), "kvinna", "nej", *(["helt"] * 5), "", "helt"] for n in (1, 2)]
    cli.ok("review", "import", review, write_csv(tmp_path / f"{label}.csv", rows))
    return review


@SLOW
@given(data=st.data(), pnr=pnrs(latest=LAST_YEAR),
       field=st.sampled_from(["--by", "--paragraph", "--reason"]), wrong=st.booleans())
def test_lock_fields_are_guarded(cli: Cli, tmp_path: Path, data: st.DataObject, pnr: Pnr,
                                 field: str, wrong: bool) -> None:
    form = wrong_check(pnr)[:6] + "-" + wrong_check(pnr)[6:] if wrong else \
        data.draw(written(pnr))
    review = _klar_review(cli, tmp_path, f"Lås {next(_labels)}")
    if field == "--reason":
        cli.ok("review", "lock", review, "--by", "Anna Berg")
        args = ["review", "unlock", review, "--reason", f"Rättelse {form}"]
    else:
        args = ["review", "lock", review, "--by", "Anna Berg", "--paragraph", "§ 1"]
        args[args.index(field) + 1] = f"x {form}"
    before = stored_bytes(cli.db)
    code, _, err = cli(*args)
    assert code == 3 and ("ser ut som ett personnummer" if wrong else
                          "innehåller ett personnummer") in err, err
    assert pnr.ten[6:] not in err
    assert stored_bytes(cli.db) == before


@SLOW
@given(people=PEOPLE, with_numbers=st.booleans())
def test_review_import_never_stores_a_personnummer_case_column(
        cli: Cli, tmp_path: Path, people: list[Pnr], with_numbers: bool) -> None:
    review = new_review(cli, f"Import {next(_labels)}")
    headers = [*(["lopnummer"] if with_numbers else []), "arende", "kon", "ansokan"]
    rows: list[list[object]] = [[*([n + 1] if with_numbers else []), int(p.ten), "kvinna",
                                 "helt"] for n, p in enumerate(people)]
    path = write_xlsx(tmp_path / f"svar {next(_labels)}.xlsx", headers, rows)
    code, _, err = cli("review", "import", review, path)
    if with_numbers:
        assert code == 0, err
        assert references(cli, review) == [None] * len(people)
    else:
        assert code == 3 and "kolumn 'ärende': innehåller ett personnummer" in err
    assert hits(cli.db, people) == []


def test_review_import_refuses_one_numeric_personnummer_and_a_mistyped_one_in_a_note(
        cli: Cli, tmp_path: Path) -> None:
    review = new_review(cli, "Import")
    rows: list[list[object]] = [["arende", "ansokan", "anteckning:ansokan"],
                                ["EB-1", "helt", ""], ["EB-2", "helt", ""],
                                [908215940, "helt", ""]]
    code, _, err = cli("review", "import", review, write_xlsx(tmp_path / "a.xlsx", rows[0],
                                                               rows[1:]))
    assert code == 3 and "rad 4, kolumn 'ärende': innehåller ett personnummer" in err
    rows[3] = ["EB-3", "helt", "Ringde om 811218-9870 igår"]  # wrong check digit
    code, _, err = cli("review", "import", review, write_xlsx(tmp_path / "b.xlsx", rows[0],
                                                               rows[1:]))
    assert code == 3 and "ser ut som ett personnummer" in err and "9870" not in err


@pytest.mark.parametrize("value", ["811218-9876", "8112189876", "811218\u20139876",
                                   "811218-9870"])
def test_replacement_reason(cli: Cli, tmp_path: Path, value: str) -> None:
    review = new_review(cli, f"Skäl {next(_labels)}")
    cli.ok("sample", review, "--population", _population(tmp_path), "--size", "2",
           "--reserves", "1")
    code, _, err = cli("review", "replace", review, "1", "--reason", f"fel {value}")
    assert code == 3 and "personnummer" in err and value[-4:] not in err, err


@SLOW
@given(data=st.data(), pnr=pnrs(latest=LAST_YEAR))
def test_an_import_file_name_is_logged_masked(cli: Cli, tmp_path: Path, data: st.DataObject,
                                              pnr: Pnr) -> None:
    form = data.draw(written(pnr)).replace("\t", " ")
    review = new_review(cli, f"Fil {next(_labels)}")
    path = write_csv(tmp_path / f"svar {form}.csv", [["arende", "ansokan"], ["EB-1", "helt"]])
    code, out, err = cli("review", "import", review, path)
    assert code == 0, err
    assert hits(cli.db, [pnr]) == []
    assert b"MMDD-XXXX" in stored_bytes(cli.db)


@SLOW
@given(data=st.data(), pnr=pnrs(latest=LAST_YEAR), wrong=st.booleans())
def test_a_note_written_in_the_gui_is_guarded(cli: Cli, tmp_path: Path, data: st.DataObject,
                                              pnr: Pnr, wrong: bool) -> None:
    """The scoring screen saves notes through store/scoring; a mistyped number is refused too."""
    from internkontroll.core.errors import InvalidInput
    from internkontroll.store.db import open_database
    from internkontroll.store.scoring import save_answer

    review = new_review(cli, f"Not {next(_labels)}")
    cli.ok("review", "import", review, write_csv(tmp_path / "a.csv", [["arende", "ansokan"],
                                                                       ["EB-1", "helt"]]))
    form = wrong_check(pnr)[:6] + "-" + wrong_check(pnr)[6:] if wrong else \
        data.draw(written(pnr))
    db = open_database(cli.db, write=True)
    try:
        with pytest.raises(InvalidInput) as error, db.session() as session:
            save_answer(session, int(review), 1, "ansokan", "helt", f"Ringde {form} i dag")
    finally:
        db.close()
    assert ("ser ut som" if wrong else "innehåller ett personnummer") in str(error.value)
    assert hits(cli.db, [pnr]) == []
