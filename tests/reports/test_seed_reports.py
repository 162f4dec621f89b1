"""The three published redovisningar (§ 156 ekonomiskt bistånd, § 159 värdighetsgarantier,
§ 160 SIP) rebuilt from data and parsed back from the PDF and the Word file: every number the
published text states is there, per group where the nämnd gets it per group."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from internkontroll import demo
from internkontroll.core.formatting import share_text
from internkontroll.reports.data import ReportData, report_data
from internkontroll.store.db import open_database
from tests.conftest import Cli
from tests.reports.test_documents import NBSP, pdf_text

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out


def docx_words(path: Path) -> str:
    """The Word file's paragraphs and table cells in reading order, as one line of words."""
    body = Document(str(path)).element.body
    parts = []
    for block in body.iterchildren():
        if block.tag == qn("w:p"):
            parts.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        elif block.tag == qn("w:tbl"):
            for cell in block.iter(qn("w:tc")):
                parts.append(" ".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                                      for p in cell.iter(qn("w:p"))))
    return " ".join(" ".join(parts).replace(NBSP, " ").split())


def both(cli: Cli, review: str, tmp_path: Path) -> list[str]:
    """The redovisning as PDF and as Word text."""
    cli.ok("report", review, "--out", tmp_path / "r.pdf")
    cli.ok("report", review, "--out", tmp_path / "r.docx")
    return [pdf_text(tmp_path / "r.pdf"), docx_words(tmp_path / "r.docx")]


def shown(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").split())


def built(cli: Cli, tmp_path: Path, build: demo.Run) -> str:
    def run(*args: object) -> str:
        return cli.ok(*map(str, args))

    return build(run, tmp_path)  # type: ignore[no-any-return]


def data_of(cli: Cli, review: str) -> ReportData:
    """What the redovisning of ``review`` says, as the documents are made from it."""
    db = open_database(cli.db, write=False)
    try:
        with db.session() as session:
            return report_data(session, int(review))
    finally:
        db.close()


@pytest.fixture
def sip(cli: Cli, tmp_path: Path) -> str:
    return built(cli, tmp_path, demo.sip)


@pytest.fixture
def vg(cli: Cli, tmp_path: Path) -> str:
    return built(cli, tmp_path, demo.vardighetsgarantier)


def test_sip_per_verksamhetsomrade_as_published(cli: Cli, sip: str, tmp_path: Path) -> None:
    for text in both(cli, sip, tmp_path):
        assert "Kontrollen omfattar samtliga 48 samordningsärenden" in text
        assert "Urvalet omfattar" not in text
        ifo = text[text.index("Individ- och familjeomsorgen omfattar"):
                   text.index("Stöd och service omfattar")]
        assert "23 samordningsärenden: sju flickor, fyra pojkar, sju kvinnor och fem män" in ifo
        assert "Ej erbjudits SIP (10 samordningsärenden): fem flickor, en pojke, två kvinnor " \
               "och två män" in ifo
        for expected in ["Erbjudits SIP 13 av 23 (57 %)", "SIP upprättad 10 av 23 (43 %)",
                         "Tackat ja, ej upprättad 2 av 23 (9 %)", "Tackat nej 1 av 23 (4 %)",
                         "Ej erbjudits SIP 10 av 23 (43 %)"]:
            assert expected in ifo
        service = text[text.index("Stöd och service omfattar"):]
        assert "Erbjudits SIP 15 av 25 (60 %)" in service
        assert "SIP upprättad 12 av 25 (48 %)" in service


def test_sip_compares_each_verksamhetsomrade_over_three_periods(cli: Cli, sip: str,
                                                                tmp_path: Path) -> None:
    """Two periods typed in as counts per verksamhetsområde, one with cases: each section
    compares its own group, with the n of each period."""
    for text in both(cli, sip, tmp_path):
        sections = {"ifo": text[text.index("Individ- och familjeomsorgen omfattar"):
                                text.index("Stöd och service omfattar")],
                    "stod_och_service": text[text.index("Stöd och service omfattar"):]}
        for area, section in sections.items():
            assert "Jämfört med tidigare Apr -23 Nov -23 Apr -24" in section
            for _, _, groups in demo.SIP_EARLIER:
                done, accepted, declined, not_offered = groups[area]
                n = done + accepted + declined + not_offered
                assert share_text(done + accepted + declined, n).replace(NBSP, " ") in section
                assert share_text(done, n).replace(NBSP, " ") in section


def test_sip_json_has_the_nested_groups(cli: Cli, sip: str) -> None:
    document = json.loads(cli.ok("results", sip, "--json", "--by",
                                 "verksamhetsomrade,personkategori"))
    ifo = next(g for g in document["groups"] if g["value"] == "ifo")
    assert ifo["cases"] == 23
    assert {g["value"]: g["cases"] for g in ifo["groups"]} == {
        "flicka": 7, "pojke": 4, "kvinna": 7, "man": 5}
    offered = next(i for i in ifo["indicators"] if i["key"] == "erbjuden")
    assert (offered["count"], offered["of"]) == (13, 23)
    girls = next(g for g in ifo["groups"] if g["value"] == "flicka")
    assert next(i for i in girls["indicators"] if i["key"] == "ej_erbjuden")["count"] == 5


def _vg_cases() -> list[dict[str, str]]:
    """The § 159 cases as the seed writes them, for an oracle independent of the app."""
    found = []
    for n in range(1, 48):
        case = {"verksamhet": "sarskilt_boende" if n <= 24 else "hemtjanst",
                "kon": "kvinna" if n % 2 else "man"}
        case |= {item: demo._vg_answer(n, item) for item in demo.VG}
        found.append(case)
    return found


def _share(cases: list[dict[str, str]], item: str) -> str:
    answered = Counter(c[item] for c in cases if c[item])
    return shown(share_text(answered["ja"], answered["ja"] + answered["nej"]))


def test_vardighetsgarantier_per_verksamhet_as_published(cli: Cli, vg: str,
                                                         tmp_path: Path) -> None:
    cases = _vg_cases()
    for text in both(cli, vg, tmp_path):
        # A share per verksamhet per item, in that verksamhet's own section.
        boende = text[text.index("Särskilt boende omfattar"):text.index("Hemtjänst omfattar")]
        hemtjanst = text[text.index("Hemtjänst omfattar"):text.index("Resultat efter kön")]
        for section, key in ((boende, "sarskilt_boende"), (hemtjanst, "hemtjanst")):
            own = [c for c in cases if c["verksamhet"] == key]
            for item in demo.VG:
                if any(c[item] for c in own):
                    assert _share(own, item) in section, (key, item)
        # The distribution and "av dessa", with their numbers.
        assert "Det är 40 % av vårdtagarna (19 av 47) som har insatser i samband med " \
               "måltider. Av dessa har 84 % (16 av 19) en genomförandeplan" in text
        # Women and men on one question.
        kon = text[text.index("Resultat efter kön"):]
        women = [c for c in cases if c["kon"] == "kvinna"]
        men = [c for c in cases if c["kon"] == "man"]
        row = (f"Vårdtagaren har en aktuell genomförandeplan {_share(women, 'genomforandeplan')} "
               f"{_share(men, 'genomforandeplan')}")
        assert row in kon
        # Nothing pooled that nobody asked for.
        assert "Sammantaget" not in text and "Summa" not in text
        assert "Vårdtagaren har en aktuell genomförandeplan i 42 av 47 fall (89 %)" in text


def test_vardighetsgarantier_compares_each_verksamhet_with_n(cli: Cli, vg: str,
                                                            tmp_path: Path) -> None:
    for text in both(cli, vg, tmp_path):
        boende = text[text.index("Särskilt boende omfattar"):text.index("Hemtjänst omfattar")]
        assert "Jämfört med tidigare Mar -23 Nov -23 Mar -24" in boende
        for _, _, groups in demo.VG_EARLIER:
            ja, nej = groups["sarskilt_boende"]
            assert shown(share_text(ja, ja + nej)) in boende  # the first item, k = 0


def test_vardighetsgarantier_with_small_counts_hidden_gives_each_item_per_group(
        cli: Cli, vg: str, tmp_path: Path) -> None:
    """Nothing pooled: the protected tables give each item's share per group, not a Summa of
    "0 av 0", and there is no chart of a Summa over the periods."""
    cli.ok("settings", "--set", "small_counts=5")
    cases = _vg_cases()
    for text in both(cli, vg, tmp_path):
        table = text[text.index("Resultat efter verksamhet"):text.index("Resultat efter kön")]
        hemtjanst = [c for c in cases if c["verksamhet"] == "hemtjanst"]
        for item in demo.VG:
            if any(c[item] for c in hemtjanst):
                assert _share(hemtjanst, item) in table, item
        assert "0 av 0" not in text and "Andel ja per kontrolltillfälle" not in text


def test_vardighetsgarantier_json_has_the_distribution(cli: Cli, vg: str) -> None:
    document = json.loads(cli.ok("results", vg, "--json", "--by", "verksamhet"))
    assert document["distributions"] == [{
        "attribute": "maltidsinsats", "values": ["ja"], "count": 19, "of": 47, "percent": 40,
        "item": "maltider", "among": {"count": 16, "of": 19, "percent": 84}}]
    boende = next(g for g in document["groups"] if g["value"] == "sarskilt_boende")
    assert boende["distributions"][0]["count"] == len(demo.VG_MEALS & set(range(1, 25)))


def test_ekonomiskt_bistand_as_published(cli: Cli, tmp_path: Path) -> None:
    review = built(cli, tmp_path, demo.ekonomiskt_bistand)
    for text in both(cli, review, tmp_path):
        assert "Sammantaget bedömdes 88 % av de 129 bedömningarna som helt" in text
        assert "15/20 helt 3/20 delvis 2/20 saknas" in text
        assert "Helt 88 %, Delvis 5 %, Saknas 8 %" in text
        assert "n=11 n=11 n=12 n=9" in text
        assert "Aug -21 Nov -21 Maj -22 Nov -22" in text
        # Kön was never recorded: no breakdown of blanks.
        assert "Resultat efter kön" not in text and "Uppgift saknas" not in text
        assert "Efter kön" not in text


@pytest.mark.parametrize("build", [demo.ekonomiskt_bistand, demo.vardighetsgarantier,
                                   demo.sip])
def test_every_period_has_its_documents_and_gallring_keeps_what_they_say(
        cli: Cli, tmp_path: Path, build: demo.Run) -> None:
    """The counts-only periods too (entered per group), and the scored one after gallring."""
    review = built(cli, tmp_path, build)
    listed = [line.split()[0] for line in cli.ok("review", "list").splitlines()]
    assert len(listed) >= 3 and review in listed
    for other in listed:
        assert len(both(cli, other, tmp_path)[0]) > 200
        cli.ok("export", other, "--out", tmp_path / "t.xlsx")
    before = both(cli, review, tmp_path)
    cli.ok("review", "lock", review, "--by", "Anna Berg")
    cli.ok("purge", review, "--ja")
    after = both(cli, review, tmp_path)
    assert [t.replace("gallrad", "klar") for t in after] == before


def test_sip_indicators_that_add_up_hide_together(cli: Cli, sip: str) -> None:
    """Erbjudits is upprättad + tackat ja + tackat nej and ej erbjudits the rest: a row of a
    breakdown table never shows some of them with another hidden, which the shown ones would
    give away."""
    cli.ok("settings", "--set", "small_counts=3")
    breakdowns = data_of(cli, sip).breakdowns
    rows = [row for b in breakdowns if not b.withheld for row in b.rows if not row.hidden]
    assert rows  # the table is there, with rows shown
    for row in rows:
        hidden = [c for c in row.cells[1:] if c.startswith(("<", "x"))]
        assert not hidden, row


def test_small_counts_in_the_distribution_sentences_are_warned_about(cli: Cli,
                                                                      tmp_path: Path) -> None:
    from internkontroll.ui.documents import small_groups

    review = cli.ok("review", "new", "vardighetsgarantier", "--label", "Mar -24").strip()
    rows = [["nr", "verksamhet", "kon", "maltidsinsats", *demo.VG]] + [
        [n, "sarskilt_boende", "kvinna", "ja" if n <= 3 else "nej",
         *("ja" if item != "maltider" or n <= 3 else "" for item in demo.VG)]
        for n in range(1, 11)]
    cli.ok("review", "import", review, demo.write(tmp_path / "vg.csv", rows))
    warning = small_groups(data_of(cli, review))
    assert "måltidsinsats: ja (3)" in warning.lower()
    assert "särskilt boende, måltidsinsats: ja (3)" in warning.lower()  # in its section
    assert "vid måltider: 3 av 3 med måltidsinsats ja" in warning


def test_indicators_on_an_item_asked_among_another_hide_together() -> None:
    """"Delaktig" is asked only where there is a plan, so its "av" is the plan's count."""
    import tomllib

    from internkontroll.core.templates import template_from_dict
    from internkontroll.reports.data import _linked

    path = Path(__file__).parents[2] / "internkontroll" / "templates" / \
        "vardighetsgarantier.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["pooled"] = True
    data["indicators"] = [
        {"key": "plan", "label": "Har plan", "item": "genomforandeplan", "options": ["ja"]},
        {"key": "delaktig", "label": "Delaktig", "item": "delaktig", "options": ["ja"]}]
    data.pop("distributions", None)
    assert _linked(template_from_dict(data)) == {0, 1}
    sip = tomllib.loads((path.parent / "sip.toml").read_text(encoding="utf-8"))
    assert _linked(template_from_dict(sip)) == set(range(len(sip["indicators"])))
    eb = tomllib.loads((path.parent / "ekonomiskt-bistand.toml").read_text(encoding="utf-8"))
    assert _linked(template_from_dict(eb)) == set()  # the Summa alone
