import json
import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tests.conftest import Cli, dump
from tests.importers.population_data import (
    CASEWORKERS,
    population_rows,
    write_population_csv,
    write_population_xlsx,
)
from tests.servers import query

FIXTURES = Path(__file__).parent.parent / "fixtures"
FILTER = ["--where", "försörjningshinder=Arbetslös\\, otillräcklig ersättning",
          "--between", "beslutsdatum=2022-04-01..2022-09-30"]


def new_review(cli: Cli, label: str = "Nov -22") -> str:
    return cli.ok("review", "new", "ekonomiskt-bistand", "--label", label).strip()


def cases(cli: Cli, review: str) -> list[dict]:
    return json.loads(cli.ok("review", "cases", review, "--json"))


def record(cli: Cli, review: str) -> dict:
    [(stored,)] = query(cli.db, "SELECT record FROM sampling_record WHERE review_id=?",
                        (int(review),))
    return stored if isinstance(stored, dict) else json.loads(stored)


def test_golden_file(cli: Cli) -> None:
    golden = json.loads((FIXTURES / "golden" / "ik-sample-1.json").read_text(encoding="utf-8"))
    review = cli.ok("review", "new", golden["template"], "--label", "Golden").strip()
    cli.ok("sample", review, "--population", FIXTURES / "golden" / golden["population"],
           *golden["arguments"])
    assert [[c["number"], c["reference"], c["role"]] for c in cases(cli, review)] == \
        golden["expected"]


def test_csv_xlsx_and_shuffled_rows_give_the_same_draw(cli: Cli, tmp_path: Path) -> None:
    rows = population_rows(150)
    shuffled = rows[:]
    random.Random(1).shuffle(shuffled)
    files = [write_population_csv(tmp_path / "pop.csv", rows),
             write_population_xlsx(tmp_path / "pop.xlsx", rows),
             write_population_csv(tmp_path / "blandad.csv", shuffled, encoding="utf-8-sig",
                                  delimiter=",")]
    drawn = []
    for n, path in enumerate(files):
        review = new_review(cli, f"R{n}")
        cli.ok("sample", review, "--population", path, "--size", "20", "--spread",
               "handläggare", "--reserves", "3", "--seed", "7", *FILTER)
        drawn.append([(c["number"], c["reference"], c["role"], c["attributes"])
                      for c in cases(cli, review)])
    assert drawn[0] == drawn[1] == drawn[2]
    assert len(drawn[0]) == 23


def test_frame_filters_spread_and_record(cli: Cli, tmp_path: Path) -> None:
    rows = population_rows(150)
    path = write_population_csv(tmp_path / "pop.csv", rows)
    review = new_review(cli)
    out = cli.ok("sample", review, "--population", path, "--size", "20", "--spread",
                 "handläggare", "--seed", "11", *FILTER)
    passing = [r for r in rows if r[5] == "Arbetslös, otillräcklig ersättning"
               and "2022-04-01" <= r[4] <= "2022-09-30"]
    households = {r[0] for r in passing}
    rec = record(cli, review)
    assert rec["frame"] == {"cases": len(households), "rows": len(passing)}
    assert f"{len(households)} ärenden ({len(passing)} rader)" in out
    assert rec["source"]["header_line"] == 4
    assert rec["source"]["rows_read"] == len(rows) + 1
    assert rec["source"]["skipped"]["summa- eller rubrikrad"] == 1
    drawn = cases(cli, review)
    in_frame = {r[3] for r in passing}
    assert len(in_frame) >= 8
    assert {c["attributes"]["handlaggare"] for c in drawn} == in_frame
    for case in drawn:
        fields = {r[0]: r for r in passing}
        assert case["reference"] in households
        # The stored fields are those of the household's passing row that sorts last.
        last = max((r for r in passing if r[0] == case["reference"]), key=lambda r: (
            r[4], "\x1f".join(r)))
        assert case["fields"]["beslutsdatum"] == last[4]
        assert case["fields"]["orsakskod"] == fields[case["reference"]][5]
        assert set(case["fields"]) == {"beslutsdatum", "orsakskod"}


def test_balance_and_spread_with_balance(cli: Cli, tmp_path: Path) -> None:
    path = write_population_csv(tmp_path / "pop.csv", population_rows(300))
    review = new_review(cli)
    cli.ok("sample", review, "--population", path, "--size", "20", "--balance", "kön",
           "--seed", "3")
    genders = [c["attributes"]["kon"] for c in cases(cli, review)]
    assert (genders.count("kvinna"), genders.count("man")) == (10, 10)
    review = new_review(cli, "Båda")
    cli.ok("sample", review, "--population", path, "--size", "36", "--spread", "handläggare",
           "--balance", "kön", "--seed", "3")
    by_worker: dict[str, list[str]] = {}
    for c in cases(cli, review):
        by_worker.setdefault(c["attributes"]["handlaggare"], []).append(c["attributes"]["kon"])
    assert set(by_worker) == set(CASEWORKERS)
    for genders in by_worker.values():
        assert abs(genders.count("kvinna") - genders.count("man")) <= 1


def test_reserves_replacement_and_urvalsprotokoll(cli: Cli, tmp_path: Path) -> None:
    path = write_population_csv(tmp_path / "pop.csv", population_rows(150))
    review = new_review(cli)
    cli.ok("sample", review, "--population", path, "--size", "10", "--spread", "handläggare",
           "--reserves", "9", "--seed", "5")
    listed = cases(cli, review)
    assert [c["role"] for c in listed] == ["case"] * 10 + ["reserve"] * 9
    first = listed[0]
    out = cli.ok("review", "replace", review, "1", "--reason", "skyddade personuppgifter")
    reserve = next(c for c in listed[10:] if c["attributes"]["handlaggare"] ==
                   first["attributes"]["handlaggare"])
    assert f"löpnummer {reserve['number']}" in out
    after = {c["number"]: c["role"] for c in cases(cli, review)}
    assert after[1] == "replaced" and after[reserve["number"]] == "case"
    rec = record(cli, review)
    assert rec["replacements"][0]["reason"] == "skyddade personuppgifter"
    assert rec["replacements"][0]["by"] == reserve["number"]
    code, _, err = cli("review", "replace", review, "1", "--reason", "igen")
    assert code == 3 and "inte ett draget ärende" in err
    pdf = tmp_path / "urval.pdf"
    cli.ok("report", review, "--internal", "urvalsprotokoll", "--out", pdf)
    import pypdf
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Urvalsprotokoll" in text and "Intern – innehåller uppgifter" in text
    assert rec["source"]["sha256"] in text.replace("\n", "")
    assert "skyddade personuppgifter" in text and str(rec["seed"]) in text


@pytest.mark.sqlite_only
def test_work_list_has_identifying_columns_and_the_database_has_none(
        cli: Cli, tmp_path: Path) -> None:
    rows = population_rows(120)
    path = write_population_csv(tmp_path / "pop.csv", rows)
    review = new_review(cli)
    keep_wal = sqlite3.connect(cli.db)  # holds the WAL open so its content can be scanned
    keep_wal.execute("SELECT count(*) FROM review").fetchone()
    worklist = tmp_path / "arbetslista.xlsx"
    cli.ok("sample", review, "--population", path, "--size", "15", "--reserves", "2",
           "--seed", "9", "--worklist", worklist)
    sheet = CalamineWorkbook.from_path(str(worklist)).get_sheet_by_name("Arbetslista")
    table = sheet.to_python()
    assert "OSL 26 kap. 1 §" in table[1][0]
    assert table[3] == ["Löpnummer", "Roll", "Ärendenummer", "Personnummer", "Namn"]
    listed = {c["number"]: c for c in cases(cli, review)}
    by_reference = {r[0]: r for r in rows}
    for line in table[4:]:
        number, role, reference, pnr, name = line
        assert listed[int(number)]["reference"] == reference
        assert (pnr, name) == (by_reference[reference][1], by_reference[reference][2])
    assert len(table[4:]) == 17
    wal = cli.db.with_name(cli.db.name + "-wal")
    assert wal.stat().st_size > 0  # the draw's pages are still in the WAL
    stored = cli.db.read_bytes() + wal.read_bytes()
    assert b"EB-2022-" in stored  # references are stored, so the scan sees real content
    keep_wal.close()
    for r in rows:
        assert r[1].encode() not in stored and r[1].replace("-", "")[2:].encode() not in stored
        assert r[2].encode("utf-8") not in stored
    # Running the same command again recreates the work list and changes nothing.
    before = dump(cli.db)
    worklist.unlink()
    out = cli.ok("sample", review, "--population", path, "--size", "15", "--reserves", "2",
                 "--seed", "9", "--worklist", worklist)
    assert "samma urval" in out and worklist.exists()
    assert CalamineWorkbook.from_path(str(worklist)).get_sheet_by_name(
        "Arbetslista").to_python()[4:] == table[4:]
    assert dump(cli.db) == before


def test_number_draw_without_a_file(cli: Cli) -> None:
    review = new_review(cli)
    cli.ok("sample", review, "--from-range", "250", "--size", "20", "--seed", "1")
    listed = cases(cli, review)
    assert len(listed) == 20 and all(c["reference"].startswith("rad ") for c in listed)
    assert record(cli, review)["source"] == {"from_range": 250}


def test_census(cli: Cli, tmp_path: Path) -> None:
    path = write_population_csv(tmp_path / "pop.csv", population_rows(30))
    review = new_review(cli)
    cli.ok("sample", review, "--population", path, "--size", "all", "--seed", "1")
    assert len(cases(cli, review)) == 30


def _pnr_column_rows() -> list[list[str]]:
    """A column that is mostly plain text, with a personnummer far down in a few rows."""
    rows = population_rows(40)
    return [[*r[:8], r[1] if n > 60 and n % 10 == 0 else "ok"] for n, r in enumerate(rows)]


BAD = {
    "empty file": (lambda p: p.write_bytes(b"") or p, [], "tom"),
    "no header": (lambda p: p.write_text("a;b\n1;2\n", encoding="utf-8") or p, [],
                  "ingen rubrikrad"),
    "unknown filter field": (None, ["--where", "stadsdel=Norr"], "kolumnen 'stadsdel'"),
    "unknown spread field": (None, ["--spread", "team"], "kolumnen 'team'"),
    "unreadable date": (None, ["--between", "beslutsdatum=2022-04-01..sista sept"],
                        "varken ett datum"),
    "missing sheet": ("xlsx", ["--sheet", "Blad9"], "inget blad 'Blad9'"),
    "unreadable text": (lambda p: p.write_bytes(b"\x00\x01\x02 binary \x81\x8d" * 40) or p, [],
                        "kan inte läsas"),
    "size 0": (None, ["--size", "0"], "--size '0'"),
    "personnummer in a stored field": ("pnr", ["--spread", "belopp", "--size", "all"],
                                       "innehåller ett personnummer"),
    "spread on personnummer": (None, ["--spread", "personnummer"], "personuppgifter"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_sampling_input(kind: str, cli: Cli, tmp_path: Path) -> None:
    make, extra, message = BAD[kind]
    review = new_review(cli)
    path = tmp_path / "pop.csv"
    if make is None:
        write_population_csv(path, population_rows(40))
    elif make == "xlsx":
        path = write_population_xlsx(tmp_path / "pop.xlsx", population_rows(40))
    elif make == "pnr":
        write_population_csv(path, _pnr_column_rows())
    else:
        make(path)
    args = ["sample", review, "--population", path, "--seed", "1"]
    if "--size" not in extra:
        args += ["--size", "5"]
    before = dump(cli.db)
    code, _, err = cli(*args, *extra)
    assert code == 3, err
    assert message in err and "Traceback" not in err
    assert dump(cli.db) == before


def test_dates_in_swedish_text_forms_are_read(cli: Cli, tmp_path: Path) -> None:
    rows = population_rows(60)
    for r in rows:
        when = date.fromisoformat(r[4])
        r[4] = f"{when.day}/{when.month} {when.year}"
    path = write_population_csv(tmp_path / "pop.csv", rows)
    review = new_review(cli)
    cli.ok("sample", review, "--population", path, "--size", "5", "--seed", "2", "--between",
           "beslutsdatum=2022-04-01..2022-06-30")
    for case in cases(cli, review):
        day, rest = case["fields"]["beslutsdatum"].split("/")
        month = int(rest.split()[0])
        assert 4 <= month <= 6


def test_column_mapping_is_remembered_for_the_same_layout(cli: Cli, tmp_path: Path) -> None:
    path = write_population_csv(tmp_path / "pop.csv", population_rows(40))
    text = path.read_text(encoding="cp1252").replace("Ärendenummer", "Hushållsnyckel")
    path.write_text(text, encoding="cp1252")
    by_person = new_review(cli, "P")
    out = cli.ok("sample", by_person, "--population", path, "--size", "5", "--seed", "1")
    assert "Ärendekolumn: Personnummer (personnummer, lagras inte)" in out
    assert [c["reference"] for c in cases(cli, by_person)] == [None] * 5
    first = new_review(cli, "A")
    out = cli.ok("sample", first, "--population", path, "--size", "5", "--seed", "1",
                 "--map", "arende=Hushållsnyckel")
    assert "Ärendekolumn: Hushållsnyckel." in out
    second = new_review(cli, "B")
    out = cli.ok("sample", second, "--population", path, "--size", "5", "--seed", "1")
    assert "Ärendekolumn: Hushållsnyckel." in out
    references = [c["reference"] for c in cases(cli, second)]
    assert references == [c["reference"] for c in cases(cli, first)]
    assert all(r.startswith("EB-2022-") for r in references)


def test_header_row_can_be_given(cli: Cli, tmp_path: Path) -> None:
    path = write_population_csv(tmp_path / "pop.csv", population_rows(40))
    review = new_review(cli)
    code, _, err = cli("sample", review, "--population", path, "--size", "5",
                       "--header-row", "2")
    assert code == 3 and "ärendekolumn" in err
    cli.ok("sample", review, "--population", path, "--size", "5", "--header-row", "4")
    assert record(cli, review)["source"]["header_line"] == 4


def test_a_census_has_no_sampling_uncertainty(cli: Cli, tmp_path: Path) -> None:
    from tests.conftest import write_csv

    review = new_review(cli)
    cli.ok("sample", review, "--from-range", "12", "--size", "all", "--seed", "1")
    rows = [["nr", "barn_i_hushallet", "ansokan"]] + [
        [str(n), "nej", "helt" if n % 3 else "delvis"] for n in range(1, 13)]
    cli.ok("review", "import", review, write_csv(tmp_path / "b.csv", rows))
    document = json.loads(cli.ok("results", review, "--json"))
    item = document["items"][0]
    assert item["counts"] == {"helt": 8, "delvis": 4, "saknas": 0}
    assert item["interval"]["helt"] is None  # no interval rather than one of width zero
    assert document["sampling"] == {"frame": 12, "census": True, "balance": None}


def test_import_into_a_sampled_review_takes_only_drawn_cases(cli: Cli, tmp_path: Path) -> None:
    from tests.conftest import write_csv

    review = new_review(cli)
    cli.ok("sample", review, "--from-range", "100", "--size", "5", "--reserves", "1",
           "--seed", "1")
    cli.ok("review", "import", review, write_csv(tmp_path / "ok.csv", [
        ["nr", "ansokan"], ["1", "helt"], ["6", "delvis"]]))
    before = dump(cli.db)
    code, _, err = cli("review", "import", review, write_csv(tmp_path / "x.csv", [
        ["nr", "ansokan"], ["2", "helt"], ["7", "helt"]]))
    assert code == 3 and "ärende 7 finns inte bland de dragna" in err
    assert dump(cli.db) == before
