"""Earlier periods entered as counts per group (a 'grupp' column in the counts file)."""

import json
from pathlib import Path

import pytest

from internkontroll.store.db import Database, open_database
from internkontroll.store.results import breakdown_groups, full_result, group_comparison
from internkontroll.store.reviews import get_review
from tests.conftest import Cli, dump, write_csv

PNR = "19121212-1212"
HEADER = ["grupp", "kontrollmoment", "ja", "nej", "ej aktuellt"]
# Two verksamheter with their cases, and kön for the same period without them.
BY_GROUP = [HEADER,
            ["verksamhet=Hemtjänst", "antal ärenden", "12"],
            ["verksamhet=Hemtjänst", "genomforandeplan", "10", "2"],
            ["verksamhet=Hemtjänst", "delaktig", "8", "1", "1"],
            ["Verksamhet=särskilt boende", "Ärenden", "", "13"],
            ["verksamhet=sarskilt_boende", "genomforandeplan", "11", "2"],
            ["verksamhet=sarskilt_boende", "delaktig", "9", "2"],
            ["kön=Kvinna", "genomforandeplan", "12", "2"],
            ["kon=kvinna", "delaktig", "9", "2"],
            ["KON=M", "genomforandeplan", "9", "2"],
            ["kon=man", "delaktig", "8", "1", "1"]]


def counts(cli: Cli, tmp_path: Path, rows: list[list[str]], label: str = "Nov -21",
           date: str = "2021-11-18") -> str:
    return cli.ok("review", "counts", "vardighetsgarantier", "--label", label, "--date", date,
                  write_csv(tmp_path / f"{label}.csv", rows)).strip()


def results(cli: Cli, review: str, *by: str) -> dict:
    return json.loads(cli.ok("results", review, "--json", *by))


def test_counts_per_group_round_trip(cli: Cli, tmp_path: Path) -> None:
    review = counts(cli, tmp_path, BY_GROUP)
    whole = results(cli, review)
    # No rows for the whole: it is the sum of the groups, and its cases those of verksamhet.
    assert whole["cases"] == 25
    items = {i["key"]: i for i in whole["items"]}
    assert items["genomforandeplan"]["counts"] == {"ja": 21, "nej": 4}
    assert (items["delaktig"]["counts"], items["delaktig"]["ej_aktuellt"]) == (
        {"ja": 17, "nej": 3}, 1)
    by_verksamhet = results(cli, review, "--by", "verksamhet")
    groups = {g["value"]: g for g in by_verksamhet["groups"]}
    assert [g["value"] for g in by_verksamhet["groups"]] == ["sarskilt_boende", "hemtjanst"]
    assert (groups["hemtjanst"]["cases"], groups["sarskilt_boende"]["cases"]) == (12, 13)
    assert groups["hemtjanst"]["items"][0]["counts"] == {"ja": 10, "nej": 2}
    assert groups["hemtjanst"]["items"][0]["percent"] == {"ja": 83, "nej": 17}
    assert groups["sarskilt_boende"]["items"][1]["counts"] == {"ja": 9, "nej": 2}
    by_kon = {g["value"]: g for g in results(cli, review, "--by", "kon")["groups"]}
    assert set(by_kon) == {"kvinna", "man"}
    assert by_kon["man"]["cases"] is None  # not given in the file: unknown, not zero
    assert by_kon["man"]["items"][1]["counts"] == {"ja": 8, "nej": 1}
    listed = json.loads(cli.ok("review", "list", "--json"))
    assert [r["status"] for r in listed] == ["endast antal"]


def test_whole_given_with_groups_and_a_blank_group_cell(cli: Cli, tmp_path: Path) -> None:
    review = counts(cli, tmp_path, [
        HEADER, ["", "antal ärenden", "30"], ["", "genomforandeplan", "24", "6"],
        ["verksamhet=hemtjanst", "genomforandeplan", "10", "2"]])
    whole = results(cli, review)
    assert (whole["cases"], whole["items"][0]["counts"]) == (30, {"ja": 24, "nej": 6})
    assert whole["items"][0]["unassessed"] == 0
    groups = results(cli, review, "--by", "verksamhet")["groups"]
    assert [(g["value"], g["cases"], g["items"][0]["counts"]) for g in groups] == [
        ("hemtjanst", None, {"ja": 10, "nej": 2})]
    code, _, err = cli("results", review, "--json", "--by", "kon")
    assert code == 3 and "utan uppdelning efter kön" in err


def test_a_file_without_groups_still_reads_as_before(cli: Cli, tmp_path: Path) -> None:
    review = counts(cli, tmp_path, [["kontrollmoment", "Ja", "Nej"], ["genomforandeplan", "7",
                                                                      "3"]])
    whole = results(cli, review)
    assert (whole["cases"], whole["items"][0]["counts"]) == (None, {"ja": 7, "nej": 3})


@pytest.mark.parametrize(("rows", "message"), [
    ([["grupp", "kontrollmoment", "ja"], ["skostorlek=40", "genomforandeplan", "3"]],
     "okänt attribut 'skostorlek'"),
    ([["grupp", "kontrollmoment", "ja"], ["verksamhet=Skola", "genomforandeplan", "3"]],
     "okänt värde 'Skola' för verksamhet"),
    ([["grupp", "kontrollmoment", "ja"], ["maltidsinsats=ja", "genomforandeplan", "3"]],
     "antal per måltidsinsats kan inte anges"),
    ([["grupp", "kontrollmoment", "ja"], ["enhet=Solgården", "genomforandeplan", "3"]],
     "antal per enhet kan inte anges"),
    ([["grupp", "kontrollmoment", "ja"], ["verksamhet", "genomforandeplan", "3"]],
     "ska skrivas attribut=värde"),
    ([["grupp", "kontrollmoment", "ja"], ["verksamhet=hemtjanst", "genomforandeplan", "3"],
      ["Verksamhet=Hemtjänst", "genomforandeplan", "4"]],
     "genomforandeplan förekommer två gånger i gruppen verksamhet=Hemtjänst (se rad 2)"),
    ([["grupp", "kontrollmoment", "ja"], ["verksamhet=hemtjanst", "antal ärenden", "3"],
      ["verksamhet=hemtjanst", "ärenden", "4"]], "förekommer två gånger"),
    ([["grupp", "kontrollmoment", "ja"], ["verksamhet=hemtjanst", "genomforandeplan", "-1"]],
     "'-1' är inte ett antal"),
    ([["grupp", "kontrollmoment", "ja"], ["verksamhet=hemtjanst", "genomforandeplan", "2,5"]],
     "'2,5' är inte ett antal"),
    ([["grupp", "kontrollmoment", "ja"], ["verksamhet=hemtjanst", "antal ärenden", "-3"]],
     "'-3' är inte ett antal"),
    ([["grupp", "kontrollmoment", "ja", "nej"], ["verksamhet=hemtjanst", "ärenden", "3", "4"]],
     "ett enda tal"),
    ([["grupp", "kontrollmoment", "ja", "nej"], ["verksamhet=hemtjanst", "antal ärenden", "5"],
      ["verksamhet=hemtjanst", "genomforandeplan", "4", "2"]],
     "har 6 bedömningar men bara 5 ärenden"),
    ([["grupp", "kontrollmoment", "ja", "nej"], ["verksamhet=hemtjanst", "delaktig", "4", "2"],
      ["kon=kvinna", "delaktig", "4", "1"]],
     "Grupperna efter verksamhet och efter kön ger olika summor för ”Vårdtagaren har varit "
     "delaktig i upprättandet av planen” (delaktig)"),
    ([["grupp", "kontrollmoment", "ja"], ["", "genomforandeplan", "5"],
      ["verksamhet=hemtjanst", "genomforandeplan", "6"]], "fler bedömningar än hela"),
    ([["grupp", "kontrollmoment", "ja"], ["", "ärenden", "5"],
      ["kon=man", "ärenden", "3"], ["kon=kvinna", "ärenden", "3"]], "fler ärenden (6)"),
    ([["grupp", "kontrollmoment", "ja", "ja"], ["", "genomforandeplan", "5", "1"]],
     "kolumnen 'ja' finns två gånger"),
    ([["grupp", "ja"], ["", "5"]], "kolumnen 'kontrollmoment' saknas"),
    # The personnummer guard reads every cell, whatever the column, and never repeats it.
    ([["grupp", "kontrollmoment", "ja"], [f"verksamhet={PNR}", "genomforandeplan", "5"]],
     "kolumn 'grupp' innehåller ett personnummer"),
    ([["grupp", "kontrollmoment", "ja", "nej"], ["", "genomforandeplan", "5", f"1 {PNR}"]],
     "kolumn 'nej' innehåller ett personnummer"),
    ([["grupp", "kontrollmoment", "ja", ""], ["", "genomforandeplan", "5", PNR]],
     "innehåller ett personnummer"),
    ([["grupp", "kontrollmoment", f"ja {PNR}"], ["", "genomforandeplan", "5"]],
     "rubriken i kolumn 3 innehåller ett personnummer"),
])
def test_bad_group_counts_file(rows: list[list[str]], message: str, cli: Cli,
                               tmp_path: Path) -> None:
    before = dump(cli.db)
    code, _, err = cli("review", "counts", "vardighetsgarantier", "--label", "Nov -21",
                       "--date", "2021-11-18", write_csv(tmp_path / "antal.csv", rows))
    assert code == 3 and message in err, err
    assert "Traceback" not in err and "1212" not in err
    assert len(err.strip().splitlines()) == 1 and len(err.strip()) <= 300 + 20
    assert dump(cli.db) == before


def test_groups_over_three_periods(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    """Two earlier periods as counts per group and one with cases: every period has its
    results per group, in the documents' breakdowns and in the comparison per group."""
    first = counts(cli, tmp_path, BY_GROUP, "Nov -21", "2021-11-18")
    second = counts(cli, tmp_path, [
        HEADER, ["verksamhet=hemtjanst", "genomforandeplan", "6", "4"],
        ["verksamhet=sarskilt_boende", "genomforandeplan", "9", "1"],
        ["verksamhet=sarskilt_boende", "ärenden", "10"],
        ["kon=kvinna", "genomforandeplan", "8", "2"], ["kon=man", "genomforandeplan", "7", "3"]],
        "Mar -22", "2022-03-20")
    third = cli.ok("review", "new", "vardighetsgarantier", "--label", "Nov -22", "--date",
                   "2022-11-17").strip()
    cli.ok("review", "import", third, write_csv(tmp_path / "vg.csv", [
        ["nr", "verksamhet", "kon", "maltidsinsats", "genomforandeplan"],
        ["1", "Hemtjänst", "K", "nej", "ja"], ["2", "Hemtjänst", "M", "nej", "nej"],
        ["3", "Särskilt boende", "K", "ja", "ja"]]))
    db = open_database(db_path, write=False)
    try:
        _check_three_periods(db, first, second, third)
    finally:
        db.close()


def _check_three_periods(db: Database, first: str, second: str, third: str) -> None:
    with db.session() as session:
        for review_id, hemtjanst_cases, hemtjanst in (
                (first, 12, {"ja": 10, "nej": 2}), (second, None, {"ja": 6, "nej": 4}),
                (third, 2, {"ja": 1, "nej": 1})):
            found = breakdown_groups(session, int(review_id))
            assert set(found) == {"verksamhet", "kon"}
            groups = {g.value: g.result for g in found["verksamhet"]}
            assert groups["hemtjanst"].cases == hemtjanst_cases
            assert groups["hemtjanst"].item("genomforandeplan").counts == hemtjanst
            by = full_result(session, int(review_id), "kon").groups
            assert [g.value for g in by] == ["kvinna", "man"]
        review, template = get_review(session, int(third))
        periods, per_group = group_comparison(session, review, template, "verksamhet")
        assert [p.label for p in periods] == ["Nov -21", "Mar -22", "Nov -22"]
        assert list(per_group) == ["sarskilt_boende", "hemtjanst"]
        shares = [[r.item("genomforandeplan").percent["ja"] if r else None for r in results]
                  for results in per_group.values()]
        assert shares == [[85, 90, 100], [83, 60, 50]]
        whole = full_result(session, int(third)).comparison
        assert [r.cases for r in whole] == [25, None, 3]
        assert [r.item("genomforandeplan").counts["ja"] for r in whole] == [21, 15, 2]
