import json
from pathlib import Path

from tests.cli.helpers import worked_example_rows, write_xlsx
from tests.conftest import Cli, write_csv


def results(cli: Cli, review: str, *extra: str) -> dict:
    return json.loads(cli.ok("results", review, "--json", *extra))


def test_worked_example_through_import_and_results(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22",
                    "--date", "2022-11-17").strip()
    assert review == "1"
    csv = write_csv(tmp_path / "bedomningar.csv", worked_example_rows(), encoding="cp1252")
    cli.ok("review", "import", review, csv)
    doc = results(cli, review)
    assert doc["cases"] == 10
    assert doc["total"] == {"applicable": 64, "counts": {"helt": 51, "delvis": 10, "saknas": 3},
                            "percent": {"helt": 80, "delvis": 16, "saknas": 5}}
    child = next(i for i in doc["items"] if i["key"] == "barnperspektiv")
    assert (child["applicable"], child["ej_aktuellt"], child["unassessed"]) == (4, 6, 0)
    assert child["counts"] == {"helt": 1, "delvis": 1, "saknas": 2}
    assert child["percent"] == {"helt": 25, "delvis": 25, "saknas": 50}
    listed = json.loads(cli.ok("review", "list", "--json"))
    assert listed[0]["status"] == "klar" and listed[0]["complete_cases"] == 10


def test_xlsx_and_csv_give_the_same_results(cli: Cli, tmp_path: Path) -> None:
    rows = worked_example_rows()
    first = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "A", "--date",
                   "2022-05-01").strip()
    second = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "B", "--date",
                    "2022-05-02").strip()
    cli.ok("review", "import", first, write_csv(tmp_path / "a.csv", rows))
    cli.ok("review", "import", second, write_xlsx(tmp_path / "b.xlsx", rows))
    one, two = results(cli, first), results(cli, second)
    assert "change" in two["items"][0]  # the second is compared with the first
    assert [i | {"change": None} for i in one["items"]] == [
        i | {"change": None} for i in two["items"]]
    assert one["total"] == two["total"]
    cases = json.loads(cli.ok("review", "cases", second, "--json"))
    assert [c["number"] for c in cases] == list(range(1, 11))


def test_one_in_eight_rounds_to_13(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "sip", "--label", "Apr -23").strip()
    rows = [["nr", "sip_status"]] + [[str(n), "SIP upprättad" if n == 1 else "Ej erbjuden"]
                                      for n in range(1, 9)]
    cli.ok("review", "import", review, write_csv(tmp_path / "sip.csv", rows))
    doc = results(cli, review)
    assert doc["items"][0]["percent"]["upprattad"] == 13
    assert doc["indicators"][1] | {"interval": None} == {
        "key": "upprattad", "label": "SIP upprättad", "count": 1, "of": 8, "percent": 13,
        "interval": None}


def test_import_again_merges_and_empty_cells_change_nothing(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    cli.ok("review", "import", review, write_csv(tmp_path / "a.csv", [
        ["lopnummer", "barn_i_hushallet", "ansokan", "anteckning:ansokan"],
        ["1", "nej", "delvis", "Ansökan otydlig"], ["2", "ja", "helt", ""]]))
    cli.ok("review", "import", review, write_csv(tmp_path / "b.csv", [
        ["lopnummer", "ansokan", "beslut", "barnperspektiv"], ["1", "", "helt", ""],
        ["2", "saknas", "", "helt"]]))
    cases = {c["number"]: c for c in json.loads(cli.ok("review", "cases", review, "--json"))}
    assert cases[1]["answers"] == {"ansokan": "delvis", "barnperspektiv": "ej_aktuellt",
                                   "beslut": "helt"}
    assert cases[1]["notes"] == {"ansokan": "Ansökan otydlig"}
    assert cases[2]["answers"] == {"ansokan": "saknas", "barnperspektiv": "helt"}


def test_counts_only_periods_join_the_comparison_in_date_order(cli: Cli, tmp_path: Path) -> None:
    counts = tmp_path / "antal.csv"
    write_csv(counts, [["kontrollmoment", "Helt", "Delvis", "Saknas", "Ej aktuellt"],
                       ["ansokan", "18", "2", "0", "0"], ["barnperspektiv", "5", "3", "3", "9"]])
    cli.ok("review", "counts", "ekonomiskt-bistand", "--label", "Nov -21", "--date",
           "2021-11-18", counts)
    write_csv(counts, [["kontrollmoment", "helt", "delvis", "saknas"], ["ansokan", "12", "8", "0"]])
    cli.ok("review", "counts", "ekonomiskt-bistand", "--label", "Aug -21", "--date",
           "2021-08-31", counts)
    current = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22", "--date",
                     "2022-11-17").strip()
    cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Tom", "--date", "2022-06-01")
    cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Senare", "--date", "2023-05-01")
    cli.ok("review", "import", current, write_csv(tmp_path / "b.csv", worked_example_rows()))
    doc = results(cli, current)
    assert [c["review"]["label"] for c in doc["comparison"]] == ["Aug -21", "Nov -21", "Nov -22"]
    aug, nov21, nov22 = doc["comparison"]
    assert aug["cases"] is None and aug["total"]["applicable"] == 20
    assert aug["total"]["percent"] == {"helt": 60, "delvis": 40, "saknas": 0}
    assert nov21["total"]["counts"] == {"helt": 23, "delvis": 5, "saknas": 3}
    child = [next(i for i in c["items"] if i["key"] == "barnperspektiv")
             for c in doc["comparison"]]
    assert [c["applicable"] for c in child] == [0, 11, 4]
    assert child[0]["percent"]["helt"] is None
    assert nov22["total"] == doc["total"]
    ansokan = nov21["items"][0]
    assert ansokan["change"]["helt"]["pp"] == 30          # 60 % → 90 %
    assert ansokan["change"]["helt"]["verdict"] in ("kan bero på slumpen",
                                                    "statistiskt säkerställd förändring")
    code, _, err = cli("results", "1", "--by", "kon", "--json")
    assert code == 3 and "endast antal" in err


def test_sip_indicators_and_breakdowns(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "sip", "--label", "Nov -23").strip()
    plan = [("ifo", "flicka", "upprattad"), ("ifo", "pojke", "tackat_nej"),
            ("ifo", "kvinna", "ej_erbjuden"), ("ifo", "man", "accepterad_ej_upprattad"),
            ("stod_och_service", "man", "upprattad"), ("stod_och_service", "kvinna", "upprattad"),
            ("stod_och_service", "kvinna", "ej_erbjuden"), ("stod_och_service", "annan", "")]
    rows = [["nr", "verksamhetsomrade", "personkategori", "sip_status"]]
    rows += [[str(n), *row] for n, row in enumerate(plan, start=1)]
    cli.ok("review", "import", review, write_csv(tmp_path / "sip.csv", rows))
    doc = results(cli, review, "--by", "verksamhetsomrade")
    erbjuden, upprattad = doc["indicators"][:2]
    assert (erbjuden["count"], erbjuden["of"], erbjuden["percent"]) == (5, 7, 71)
    assert (upprattad["count"], upprattad["of"], upprattad["percent"]) == (3, 7, 43)
    assert doc["items"][0]["unassessed"] == 1
    groups = {g["value"]: g for g in doc["groups"]}
    assert groups["ifo"]["cases"] == 4 and groups["stod_och_service"]["cases"] == 4
    assert [(i["count"], i["of"]) for i in groups["ifo"]["indicators"]] == [
        (3, 4), (1, 4), (1, 4), (1, 4), (1, 4)]
    assert [(i["count"], i["of"]) for i in groups["stod_och_service"]["indicators"]] == [
        (2, 3), (2, 3), (0, 3), (0, 3), (1, 3)]
    by_person = results(cli, review, "--by", "personkategori")
    assert [g["value"] for g in by_person["groups"]] == ["flicka", "pojke", "kvinna", "man",
                                                         "annan"]
    assert {g["value"]: g["cases"] for g in by_person["groups"]}["kvinna"] == 3


def test_vardighetsgarantier_rules_hold_in_every_denominator(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "vardighetsgarantier", "--label", "Mar -24").strip()
    rows = [["nr", "verksamhet", "maltidsinsats", "kon", "genomforandeplan", "delaktig",
             "maltider", "gruppaktiviteter", "utevistelse"],
            ["1", "Särskilt boende", "ja", "K", "ja", "ja", "nej", "ja", "ja"],
            ["2", "Hemtjänst", "nej", "M", "ja", "nej", "", "", "nej"],
            ["3", "Hemtjänst", "ja", "K", "nej", "", "", "", ""],
            ["4", "", "", "M", "ja", "ja", "", "", "ja"]]   # blank attributes
    cli.ok("review", "import", review, write_csv(tmp_path / "vg.csv", rows))
    doc = results(cli, review)
    items = {i["key"]: i for i in doc["items"]}
    assert (items["genomforandeplan"]["applicable"], items["genomforandeplan"]["counts"]) == (
        4, {"ja": 3, "nej": 1})
    # maltider: case 1 applies, 2 (no meals) and 3 (no plan) are ej aktuellt, 4 is unknown.
    assert (items["maltider"]["applicable"], items["maltider"]["ej_aktuellt"],
            items["maltider"]["unassessed"]) == (1, 2, 1)
    # gruppaktiviteter: only särskilt boende with a plan; case 4 lacks verksamhet.
    assert (items["gruppaktiviteter"]["applicable"], items["gruppaktiviteter"]["ej_aktuellt"],
            items["gruppaktiviteter"]["unassessed"]) == (1, 2, 1)
    assert (items["delaktig"]["applicable"], items["delaktig"]["ej_aktuellt"]) == (3, 1)
    assert json.loads(cli.ok("review", "list", "--json"))[0]["status"] == "pågående"
    # The answer on a blank attribute is refused, naming the attribute and the case.
    code, _, err = cli("review", "import", review, write_csv(tmp_path / "x.csv", [
        ["nr", "maltider"], ["4", "ja"]]))
    assert code == 3 and "Uppgift om måltidsinsats saknas för ärende 4" in err
    # Filling in the attributes makes the case assessable.
    cli.ok("review", "import", review, write_csv(tmp_path / "y.csv", [
        ["nr", "verksamhet", "maltidsinsats", "maltider", "gruppaktiviteter"],
        ["4", "sarskilt_boende", "ja", "ja", "nej"]]))
    items = {i["key"]: i for i in results(cli, review)["items"]}
    assert items["maltider"]["counts"] == {"ja": 1, "nej": 1}
    assert items["gruppaktiviteter"]["counts"] == {"ja": 1, "nej": 1}
