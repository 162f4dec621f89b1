"""The statistics on the command line: sample-size advice, and what results --json says about
how sure a share is and whether a change or a trend is real (SPEC § 8)."""

import json
from pathlib import Path

import pytest
from scipy import stats as scipy_stats

from internkontroll.cli import main
from internkontroll.core.stats import cochran_armitage
from tests.conftest import Cli, write_csv
from tests.importers.population_data import population_rows, write_population_csv

NBSP = "\u00a0"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# sample-size ----------------------------------------------------------------------------------
def test_sample_size_prints_the_number_and_one_sentence(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    db = tmp_path / "finns-inte.sqlite"
    code, out, err = run(capsys, "--db", str(db), "sample-size", "--population", "412",
                         "--expected", "80", "--margin", "10")
    assert (code, err) == (0, "")
    number, sentence = out.splitlines()
    assert number == "54"
    assert sentence == (f"54{NBSP}ärenden ur 412 räcker för en felmarginal på högst "
                        f"±10{NBSP}procentenheter för en andel kring 80{NBSP}%, med "
                        f"95{NBSP}% säkerhet.")
    assert not db.exists() and list(tmp_path.iterdir()) == []  # no database, no lock, no log
    code, out, _ = run(capsys, "--db", str(db), "sample-size", "--population", "1430",
                       "--expected", "50 %", "--margin", "2,5", "--confidence", "99")
    assert (code, out.splitlines()[0]) == (0, "930")


def test_sample_size_never_opens_the_database(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "inte-en-databas.sqlite"
    broken.write_bytes(b"not a database at all")
    monkeypatch.setenv("INTERNKONTROLL_DB", str(broken))
    code, out, _ = run(capsys, "sample-size", "--population", "412", "--expected", "80",
                       "--margin", "10")
    assert (code, out.splitlines()[0]) == (0, "54")
    assert broken.read_bytes() == b"not a database at all"
    assert sorted(p.name for p in tmp_path.iterdir()) == [broken.name]


@pytest.mark.parametrize(("args", "message"), [
    (["--population", "0", "--expected", "80", "--margin", "10"], "--population"),
    (["--population", "412,5", "--expected", "80", "--margin", "10"], "heltal"),
    (["--population", "412", "--expected", "100", "--margin", "10"], "mindre än 100"),
    (["--population", "412", "--expected", "åttio", "--margin", "10"], "ska vara ett tal"),
    (["--population", "412", "--expected", "nan", "--margin", "10"], "ska vara ett tal"),
    (["--population", "412", "--expected", "80", "--margin", "0"], "--margin"),
    (["--population", "412", "--expected", "80", "--margin", "10", "--confidence", "100"],
     "--confidence"),
])
def test_sample_size_refuses_bad_values_in_one_swedish_line(
        args: list[str], message: str, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    code, out, err = run(capsys, "--db", str(tmp_path / "x.sqlite"), "sample-size", *args)
    assert (code, out) == (3, "")
    assert len(err.splitlines()) == 1 and len(err.strip()) <= 300
    assert message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# results --json ------------------------------------------------------------------------------
def results(cli: Cli, review: str) -> dict:
    return json.loads(cli.ok("results", review, "--json"))


def item(document: dict, key: str) -> dict:
    return next(i for i in document["items"] if i["key"] == key)


def test_counts_only_periods_take_part_in_change_and_trend(cli: Cli, tmp_path: Path) -> None:
    for label, date, helt in (("Nov -21", "2021-11-18", 9), ("Maj -22", "2022-05-19", 14)):
        counts = write_csv(tmp_path / f"{helt}.csv", [["kontrollmoment", "helt", "saknas"],
                                                      ["ansokan", str(helt), str(20 - helt)]])
        cli.ok("review", "counts", "ekonomiskt-bistand", "--label", label, "--date", date,
               counts)
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22", "--date",
                    "2022-11-17").strip()
    rows = [["nr", "ansokan"]] + [[str(n), "helt"] for n in range(1, 21)]
    cli.ok("review", "import", review, write_csv(tmp_path / "a.csv", rows))
    document = results(cli, review)
    ansokan = item(document, "ansokan")
    expected_p = scipy_stats.fisher_exact([[20, 0], [14, 6]]).pvalue
    assert ansokan["change"]["helt"]["pp"] == 30
    assert ansokan["change"]["helt"]["p_value"] == pytest.approx(expected_p, abs=1e-12)
    assert ansokan["change"]["helt"]["p_value"] != round(ansokan["change"]["helt"]["p_value"], 4)
    trend = cochran_armitage([(9, 20), (14, 20), (20, 20)])
    assert trend is not None
    assert ansokan["trend"] == {"helt": {"periods": 3, "z": trend.z, "p_value": trend.p_value,
                                         "verdict": "statistiskt säkerställd förändring"}}
    # Beside the item's headline, the indicators; the earlier periods' own entries have the
    # trend over the periods up to them (two periods: none yet).
    assert [("trend" in item(c, "ansokan")) for c in document["comparison"]] == \
        [False, False, True]
    assert item(document["comparison"][-1], "ansokan") == ansokan
    assert "sampling" not in document  # cases entered by hand: no draw, no frame


def test_a_census_has_no_intervals(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "sip", "--label", "Apr -23").strip()
    cli.ok("sample", review, "--from-range", "8", "--size", "all", "--seed", "1")
    rows = [["nr", "sip_status"]] + [[str(n), "SIP upprättad" if n < 7 else "Ej erbjuden"]
                                      for n in range(1, 9)]
    cli.ok("review", "import", review, write_csv(tmp_path / "sip.csv", rows))
    document = results(cli, review)
    assert document["sampling"] == {"frame": 8, "census": True, "balance": None}
    assert all(v is None for i in document["items"] for v in i["interval"].values())
    assert all(i["interval"] is None for i in document["indicators"])


def test_a_balanced_sample_has_intervals_per_balance_group(cli: Cli, tmp_path: Path) -> None:
    path = write_population_csv(tmp_path / "pop.csv", population_rows(300))
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    cli.ok("sample", review, "--population", path, "--size", "20", "--balance", "kön",
           "--seed", "3")
    cases = json.loads(cli.ok("review", "cases", review, "--json"))
    rows = [["nr", "ansokan"]] + [[str(c["number"]), "helt" if c["number"] % 4 else "saknas"]
                                  for c in cases]
    cli.ok("review", "import", review, write_csv(tmp_path / "a.csv", rows))
    document = results(cli, review)
    frame = document["sampling"]["frame"]
    assert document["sampling"] == {"frame": frame, "census": False, "balance": "kön"}
    groups = document["balance_groups"]
    assert [(g["attribute"], g["value"], g["cases"]) for g in groups] == \
        [("kon", "kvinna", 10), ("kon", "man", 10)]
    assert sum(g["frame"] for g in groups) == frame
    assert len({r[0] for r in population_rows(300) if r[6] == "K"}) == groups[0]["frame"]
    by_gender = {c["number"]: c["attributes"]["kon"] for c in cases}
    for group, gender in zip(groups, ("kvinna", "man"), strict=True):
        helt = sum(1 for n, g in by_gender.items() if g == gender and n % 4)
        ansokan = item(group, "ansokan")
        assert ansokan["counts"]["helt"] == helt and ansokan["applicable"] == 10
        low, high = ansokan["interval"]["helt"]
        assert low <= 100 * helt / 10 <= high
        assert "change" not in ansokan and "trend" not in ansokan
    assert sum(item(g, "ansokan")["counts"]["helt"] for g in groups) == \
        item(document, "ansokan")["counts"]["helt"]


def test_a_balance_on_the_handlaggare_gives_no_groups(cli: Cli, tmp_path: Path) -> None:
    path = write_population_csv(tmp_path / "pop.csv", population_rows(300))
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    cli.ok("sample", review, "--population", path, "--size", "18", "--balance", "handläggare",
           "--seed", "3")
    document = results(cli, review)
    assert document["sampling"]["balance"] == "handläggare"
    assert "balance_groups" not in document  # results per handläggare are never shown
