"""How sure the results are, in the documents: off by default, on by the setting or by the
kontrolltillfälle's own choice; a census says it has no sampling uncertainty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from internkontroll import demo
from internkontroll.core.formatting import format_percent
from internkontroll.core.stats import SIGNIFICANT
from internkontroll.reports.uncertainty import interval_text
from tests.conftest import Cli
from tests.importers.population_data import (
    CASEWORKERS,
    HEADERS,
    population_rows,
    write_population_csv,
)
from tests.reports.test_seed_reports import both, built, data_of, shown

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

APPENDIX = "Om osäkerheten i resultaten"


def _choose(cli: Cli, review: str, tmp_path: Path, value: str) -> None:
    (tmp_path / "val.toml").write_text(f'osakerhet = "{value}"\n', encoding="utf-8")
    cli.ok("review", "texts", review, "--from", tmp_path / "val.toml")


def test_off_by_default_on_by_the_setting_and_the_review_decides(cli: Cli,
                                                                 tmp_path: Path) -> None:
    review = built(cli, tmp_path, demo.ekonomiskt_bistand)
    for text in both(cli, review, tmp_path):
        assert APPENDIX not in text and "statistiskt säkerställd" not in text
    cli.ok("settings", "--set", "osakerhet=ja")
    for text in both(cli, review, tmp_path):
        assert APPENDIX in text
    _choose(cli, review, tmp_path, "nej")  # this kontrolltillfälle says no
    for text in both(cli, review, tmp_path):
        assert APPENDIX not in text
    cli.ok("settings", "--set", "osakerhet=")
    _choose(cli, review, tmp_path, "ja")  # and yes, with the setting off
    for text in both(cli, review, tmp_path):
        assert APPENDIX in text


def test_the_appendix_has_each_interval_and_a_sentence_per_real_change(cli: Cli,
                                                                       tmp_path: Path) -> None:
    review = built(cli, tmp_path, demo.ekonomiskt_bistand)
    cli.ok("settings", "--set", "osakerhet=ja")
    document = json.loads(cli.ok("results", review, "--json"))
    pdf, docx = both(cli, review, tmp_path)
    appendix = pdf[pdf.index(APPENDIX):]
    assert "15 av 20 (75 %) 53,1–88,8 %" in appendix  # the worked example: 15/20
    for text in (pdf, docx):
        for item in document["items"]:
            low, high = item["interval"]["helt"]
            assert interval_text((low, high)).replace("\u00a0", " ") in text
            trend = item.get("trend", {}).get("helt")
            told = (f"Andelen helt för ”{item['text'][0].lower()}{item['text'][1:]}” har "
                    f"{'stigit' if trend and trend['z'] > 0 else 'sjunkit'} över de")
            assert (told in text) == bool(trend and trend["verdict"] == SIGNIFICANT), item
            change = item.get("change", {}).get("helt")
            said = f"”{item['text'][0].lower()}{item['text'][1:]}” har " \
                   f"{'ökat' if change and change['pp'] > 0 else 'minskat'} med"
            assert (said in text) == bool(change and change["verdict"] == SIGNIFICANT), item
    assert any(i.get("trend", {}).get("helt", {}).get("verdict") == SIGNIFICANT
               for i in document["items"])  # the data has at least one real trend


def test_a_census_has_no_sampling_uncertainty(cli: Cli, tmp_path: Path) -> None:
    review = built(cli, tmp_path, demo.sip)
    cli.ok("settings", "--set", "osakerhet=ja")
    document = json.loads(cli.ok("results", review, "--json"))
    assert all(i["interval"] is None for i in document["indicators"])
    for text in both(cli, review, tmp_path):
        appendix = text[text.index(APPENDIX):]
        assert "Kontrollen omfattar samtliga 48 ärenden under perioden, inte ett urval" in \
            appendix
        assert "Osäkerhetsintervall" not in appendix
        assert "Erbjudits SIP 28 av 48 (58 %)" in appendix


@pytest.mark.parametrize("balance", ["kön", "kon"])
def test_a_balanced_sample_gives_each_group_its_own_estimates(cli: Cli, tmp_path: Path,
                                                              balance: str) -> None:
    """The overall share is a share of the sample, without an interval; each kön's share, with
    its own frame, is an estimate for all of that kön's cases, under the attribute's label.
    With small counts hidden, the groups are left out."""
    path = write_population_csv(tmp_path / "pop.csv", population_rows(300))
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    cli.ok("sample", review, "--population", path, "--size", "20", "--balance", balance,
           "--seed", "3")
    cases = json.loads(cli.ok("review", "cases", review, "--json"))
    items = [i for i in demo.EB if i != "barnperspektiv"]  # asked only with children
    rows = [["nr", *items]] + [[str(c["number"]), *(
        ["helt" if c["number"] % 4 else "saknas"] * len(items))] for c in cases]
    cli.ok("review", "import", review, demo.write(tmp_path / "a.csv", rows))
    cli.ok("settings", "--set", "osakerhet=ja")
    document = json.loads(cli.ok("results", review, "--json"))
    groups = document["balance_groups"]
    assert [(g["attribute"], g["value"]) for g in groups] == [("kon", "kvinna"), ("kon", "man")]
    overall = next(i for i in document["items"] if i["key"] == "ansokan")
    for text in both(cli, review, tmp_path):
        appendix = shown(text[text.index(APPENDIX):])
        assert "lika många i varje grupp efter kön, så andelarna i den första tabellen är " \
               "andelar av urvalet och inte en uppskattning för alla ärenden" in appendix
        assert shown(interval_text(tuple(overall["interval"]["helt"]))) not in appendix
        for group, label in zip(groups, ("Kvinna", "Man"), strict=True):
            ansokan = next(i for i in group["items"] if i["key"] == "ansokan")
            helt = ansokan["counts"]["helt"]
            assert f"{label}: 10 utvalda ärenden av {group['frame']}" in appendix
            assert shown(f"{helt} av 10 ({format_percent(10 * helt)}) "
                         f"{interval_text(tuple(ansokan['interval']['helt']))}") in appendix
    cli.ok("settings", "--set", "small_counts=3")
    for text in both(cli, review, tmp_path):
        assert "utvalda ärenden av" not in text


def test_no_balance_groups_from_a_field_that_is_no_fixed_attribute(cli: Cli,
                                                                   tmp_path: Path) -> None:
    """Balanced on the handläggare under another name, or on the case reference: no group
    reaches the documents, so no name, reference or per-handläggare result does."""
    headers = ["Ansvarig" if h == "Handläggare" else h for h in HEADERS]
    path = demo.write(tmp_path / "pop.csv", [headers, *population_rows(300)])
    for n, balance in enumerate(("Ansvarig", "Ärendenummer"), start=1):
        review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", f"Nov -2{n}").strip()
        cli.ok("sample", review, "--population", path, "--size", "20", "--map",
               "handlaggare=Ansvarig", "--balance", balance, "--seed", "3")
        cases = json.loads(cli.ok("review", "cases", review, "--json"))
        imported = [["nr", "ansokan"]] + [[str(c["number"]), "helt"] for c in cases]
        cli.ok("review", "import", review, demo.write(tmp_path / "a.csv", imported))
        cli.ok("settings", "--set", "osakerhet=ja")
        assert "balance_groups" not in json.loads(cli.ok("results", review, "--json"))
        for text in both(cli, review, tmp_path):
            assert "utvalda ärenden av" not in text
            assert not [name for name in CASEWORKERS if name in text]
            assert "EB-20" not in text


def test_a_census_control_that_was_sampled_has_the_uncertainty_of_its_draw(
        cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "sip", "--label", "Apr -23").strip()
    cli.ok("sample", review, "--from-range", "100", "--size", "10", "--seed", "1")
    rows = [["nr", "sip_status"]] + [[str(n), "SIP upprättad" if n < 7 else "Ej erbjuden"]
                                      for n in range(1, 11)]
    cli.ok("review", "import", review, demo.write(tmp_path / "sip.csv", rows))
    cli.ok("settings", "--set", "osakerhet=ja")
    upprattad = next(i for i in json.loads(cli.ok("results", review, "--json"))["indicators"]
                     if i["key"] == "upprattad")
    for text in both(cli, review, tmp_path):
        assert "samtliga" not in text and "ingen osäkerhet från urvalet" not in text
        assert "10 ärenden som valts ut slumpvis bland 100" in text
        assert shown(interval_text(tuple(upprattad["interval"]))) in shown(text)


def test_no_change_or_trend_tells_what_a_hidden_period_held(cli: Cli, tmp_path: Path) -> None:
    """With small counts hidden, an earlier barnperspektiv of 0 helt in 3 is not published,
    and so neither is the change from it ("+100 procentenheter")."""
    counts = [["kontrollmoment", "helt", "delvis", "saknas", "ej_aktuellt"],
              *([item, 15, 3, 2, 0] for item in demo.EB if item != "barnperspektiv"),
              ["barnperspektiv", 0, 1, 2, 17]]
    cli.ok("review", "counts", "ekonomiskt-bistand", "--label", "Maj -22", "--date",
           "2022-05-19", demo.write(tmp_path / "antal.csv", counts))
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22", "--date",
                    "2022-11-17").strip()
    rows = [["lopnummer", "barn_i_hushallet", *demo.EB]] + [
        [n, "ja" if n < 10 else "nej", *("" if i == "barnperspektiv" and n >= 10 else "helt"
                                        for i in demo.EB)] for n in range(1, 21)]
    cli.ok("review", "import", review, demo.write(tmp_path / "eb.csv", rows))
    cli.ok("settings", "--set", "osakerhet=ja", "--set", "small_counts=5")
    for text in both(cli, review, tmp_path):
        appendix = shown(text[text.index(APPENDIX):])
        assert "barnfamiljer 9 av 9 (100 %) 70,1–100,0 % – –" in appendix
        assert "+100 procentenheter" not in text
        assert "barnfamiljer” har ökat" not in text


def test_a_counts_period_hides_an_item_whose_rest_is_small(cli: Cli, tmp_path: Path) -> None:
    """17 of 20 with children, counted as 3 ej aktuellt: the 3 without are a small group."""
    counts = [["kontrollmoment", "helt", "delvis", "saknas", "ej_aktuellt"],
              *([item, 15, 3, 2, 0] for item in demo.EB if item != "barnperspektiv"),
              ["barnperspektiv", 15, 1, 1, 3]]
    review = cli.ok("review", "counts", "ekonomiskt-bistand", "--label", "Maj -22", "--date",
                    "2022-05-19", demo.write(tmp_path / "antal.csv", counts)).strip()
    assert all("15/17 helt" in text for text in both(cli, review, tmp_path))
    cli.ok("settings", "--set", "small_counts=5")
    for text in both(cli, review, tmp_path):
        assert "15/17" not in text and "n=17" not in text


def test_a_small_conditional_count_is_warned_about(cli: Cli, tmp_path: Path) -> None:
    from internkontroll.ui.documents import small_groups

    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    rows = [["lopnummer", "barn_i_hushallet", *demo.EB]] + [
        [n, "ja" if n <= 3 else "nej", *("" if i == "barnperspektiv" and n > 3 else "helt"
                                        for i in demo.EB)] for n in range(1, 21)]
    cli.ok("review", "import", review, demo.write(tmp_path / "eb.csv", rows))
    warning = small_groups(data_of(cli, review))
    assert "barnperspektivet är beaktat i barnfamiljer (3 av 20)" in warning
