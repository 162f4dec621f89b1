"""The redovisning parsed back: numbers, comparison, breakdowns, privacy, fonts, structure."""

import json
import re
import subprocess
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from docx import Document
from python_calamine import CalamineWorkbook

from tests.cli.helpers import EB_ITEMS, worked_example_rows
from tests.conftest import Cli, write_csv

NBSP = "\u00a0"
SECRET_REFERENCES = [f"QX-{n:04d}-ZULU" for n in range(1, 11)]
SECRET_WORKERS = ["Zlatana Qvistberg", "Xerxes Ymerdal"]
SECRET_NOTE = "HEMLIG-ANTECKNING-7731"


def pdf_text(path: Path) -> str:
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(raw.replace(NBSP, " ").split())


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                      if n.endswith(".xml"))
    return re.sub(r"<[^>]+>", " ", xml)


def xlsx_text(path: Path) -> str:
    workbook = CalamineWorkbook.from_path(str(path))
    return " ".join(str(cell) for name in workbook.sheet_names
                    for row in workbook.get_sheet_by_name(name).to_python() for cell in row)


@pytest.fixture
def eb(cli: Cli, tmp_path: Path) -> str:
    """Four periods of ekonomiskt bistånd; the last is SPEC § 5's worked example, seeded with
    distinctive references, handläggare and notes that must never reach the nämnd."""
    counts = tmp_path / "antal.csv"
    periods = [("Nov -21", "2021-11-18", "17;3;0", "11"), ("Aug -21", "2021-08-31", "15;4;1", "9"),
               ("Maj -22", "2022-05-19", "19;1;0", "12")]
    for label, when, ansokan, child_n in periods:
        write_csv(counts, [["kontrollmoment", "helt", "delvis", "saknas"],
                           ["ansokan", *ansokan.split(";")],
                           ["barnperspektiv", child_n, "0", "0"]])
        cli.ok("review", "counts", "ekonomiskt-bistand", "--label", label, "--date", when, counts)
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22", "--date",
                    "2022-11-17").strip()
    rows = worked_example_rows()
    rows[0] += ["arende", "handlaggare", "anteckning:ansokan"]
    for n, row in enumerate(rows[1:]):
        row += [SECRET_REFERENCES[n], SECRET_WORKERS[n % 2],
                SECRET_NOTE if row[EB_ITEMS.index("ansokan") + 3] == "delvis" else ""]
    cli.ok("review", "import", review, write_csv(tmp_path / "b.csv", rows))
    (tmp_path / "texter.toml").write_text(
        'diarienummer = "SN 2022/77"\nsammanfattning = "Överlag god dokumentation."\n'
        '[kommentar]\nbarnperspektiv = "Behöver bli tydligare."\n', encoding="utf-8")
    cli.ok("review", "texts", review, "--from", tmp_path / "texter.toml")
    cli.ok("settings", "--set", "kommun=Exempelby kommun", "--set", "namnd=Socialnämnden")
    return review


def test_pdf_has_the_worked_example_and_the_comparison(cli: Cli, eb: str,
                                                       tmp_path: Path) -> None:
    pdf = tmp_path / "redovisning.pdf"
    cli.ok("report", eb, "--out", pdf)
    text = pdf_text(pdf)
    assert "Internkontroll Ekonomiskt bistånd – dokumentation i individärenden" in text
    assert "Exempelby kommun – Socialnämnden" in text and "SN 2022/77" in text
    for expected in ["9/10 helt 1/10 delvis", "6/10 helt 3/10 delvis 1/10 saknas",
                     "1/4 helt 1/4 delvis 2/4 saknas", "10/10 helt",
                     "Helt 80 %, Delvis 16 %, Saknas 5 %",
                     "Summan kan avvika från 100 procent på grund av avrundning",
                     "Behöver bli tydligare.", "Överlag god dokumentation.",
                     "Sammantaget bedömdes 80 % av de 64 bedömningarna som helt",
                     "I 4 ärenden hade den sökande barn i hushållet.",
                     "att socialnämnden tar del av och godkänner redovisningen"]:
        assert expected in text, expected
    # Periods oldest first by date, with n per period for each item.
    assert "Kontrollmoment Aug -21 Nov -21 Maj -22 Nov -22" in text
    assert "Att det framgår vad ansökan avser n=20 n=20 n=20 n=10" in text
    assert "barnfamiljer n=9 n=11 n=12 n=4" in text
    helt = [Decimal(15 + 9) / 29, Decimal(17 + 11) / 31, Decimal(19 + 12) / 32,
            Decimal(51) / 64]
    shares = [f"{(h * 100).quantize(Decimal(1), ROUND_HALF_UP)} %" for h in helt]
    assert f"Summa helt {' '.join(shares)}" in text
    assert "Sida 1 av" in text
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert f"80{NBSP}%" in raw or "80 %" in raw
    import pypdf

    reader = pypdf.PdfReader(pdf)
    info = reader.metadata
    assert info.title == "Internkontroll Ekonomiskt bistånd – dokumentation i individärenden " \
        "Nov -22"
    assert info.author == "Exempelby kommun" and info.subject == "Redovisning av internkontroll"
    assert info.producer.startswith("Internkontroll ")
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts


def test_rounding_note_appears_only_when_parts_do_not_add_up(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Jämn").strip()
    rows = [["nr", "barn_i_hushallet", *EB_ITEMS]]
    rows += [[str(n), "nej", *(["helt"] * 5 + [""] + ["delvis" if n == 1 else "helt"])]
             for n in range(1, 5)]
    cli.ok("review", "import", review, write_csv(tmp_path / "a.csv", rows))
    pdf = tmp_path / "jamn.pdf"
    cli.ok("report", review, "--out", pdf)
    text = pdf_text(pdf)
    assert "Helt 96 %, Delvis 4 %, Saknas 0 %" in text
    assert "Summan kan avvika" not in text


def test_nothing_identifying_reaches_the_namnd(cli: Cli, eb: str, tmp_path: Path) -> None:
    pdf, docx, xlsx = tmp_path / "r.pdf", tmp_path / "r.docx", tmp_path / "r.xlsx"
    cli.ok("report", eb, "--out", pdf)
    cli.ok("report", eb, "--out", docx)
    cli.ok("export", eb, "--out", xlsx)
    for text in (pdf_text(pdf), docx_text(docx), xlsx_text(xlsx)):
        assert len(text) > 500
        for secret in [*SECRET_REFERENCES, *SECRET_WORKERS, SECRET_NOTE, "Löpnummer",
                       "löpnummer", "Handläggare:"]:
            assert secret not in text, secret
    internal = tmp_path / "avvikelser.pdf"
    cli.ok("report", eb, "--internal", "avvikelser", "--out", internal)
    text = pdf_text(internal)
    assert SECRET_NOTE in text
    assert text.count("Intern – innehåller uppgifter som omfattas av sekretess") == \
        text.count("Sida ")


def test_docx_has_headings_tables_and_charts_with_alt_text(cli: Cli, eb: str,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    cli.ok("report", eb, "--out", path)
    document = Document(str(path))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Internkontroll Ekonomiskt bistånd – dokumentation i "
                                        "individärenden")
    assert ("Heading 2", "Jämförelse av resultat") in headings
    assert ("Heading 2", "Förslag till beslut") in headings
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
    results = document.tables[0]
    assert [c.text for c in results.rows[1].cells] == [
        "Att det framgår vad ansökan avser", "", f"9/10{NBSP}helt 1/10{NBSP}delvis"]
    pictures = document.inline_shapes
    assert len(pictures) == 3
    alt = [p._inline.docPr.get("descr") for p in pictures]
    assert alt[1].replace(NBSP, " ").endswith("Nov -22 80 % av 64 bedömningar.")
    assert alt[0].startswith("Liggande staplar per kontrollmoment")
    assert "Att det framgår vad ansökan avser: helt 90 %" in alt[0].replace(NBSP, " ")
    body = document.element.body
    for picture in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
                             "drawing"):
        paragraph = picture.getparent().getparent()
        following = paragraph.getnext()
        assert following.tag.endswith("}tbl")  # each chart is followed by its data table


def test_xlsx_holds_numbers_with_percentage_formats(cli: Cli, eb: str, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    cli.ok("export", eb, "--out", path)
    workbook = CalamineWorkbook.from_path(str(path))
    assert workbook.sheet_names == ["Resultat", "Jämförelse", "Efter kön"]
    rows = workbook.get_sheet_by_name("Resultat").to_python()
    assert rows[3][:5] == ["Kontrollmoment", "n", "Helt", "Delvis", "Saknas"]
    assert rows[4][:5] == ["Att det framgår vad ansökan avser", 10, 9, 1, 0]
    assert rows[4][5] == pytest.approx(0.9)
    summa = rows[-1]
    assert summa[:5] == ["Summa", 64, 51, 10, 3]
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert 'formatCode="0%"' in styles


def test_sip_and_vardighetsgarantier_breakdowns(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "sip", "--label", "Nov -23").strip()
    plan = [("ifo", "flicka", "upprattad")] * 3 + [("ifo", "pojke", "tackat_nej")] * 2 + [
        ("stod_och_service", "kvinna", "ej_erbjuden")] * 2 + [
        ("stod_och_service", "man", "accepterad_ej_upprattad")]
    rows = [["nr", "verksamhetsomrade", "personkategori", "sip_status"]]
    rows += [[str(n), *row] for n, row in enumerate(plan, start=1)]
    cli.ok("review", "import", review, write_csv(tmp_path / "sip.csv", rows))
    pdf = tmp_path / "sip.pdf"
    cli.ok("report", review, "--out", pdf)
    text = pdf_text(pdf)
    assert "Erbjudits SIP 6 av 8 (75 %)" in text
    assert "SIP upprättad 3 av 8 (38 %)" in text
    assert "Resultat efter verksamhetsområde" in text  # a section per verksamhetsområde
    ifo = text[text.index("Individ- och familjeomsorgen omfattar"):]
    assert ifo.startswith("Individ- och familjeomsorgen omfattar 5 samordningsärenden: tre "
                          "flickor och två pojkar.")
    assert "Erbjudits SIP 5 av 5 (100 %) SIP upprättad 3 av 5 (60 %)" in ifo
    service = text[text.index("Stöd och service omfattar"):]
    assert "Erbjudits SIP 1 av 3 (33 %) SIP upprättad 0 av 3 (0 %)" in service
    assert "Ej erbjudits SIP (2 samordningsärenden): två kvinnor." in service
    assert "Efter personkategori: tre flickor, två pojkar, två kvinnor och en man." in text

    vg = cli.ok("review", "new", "vardighetsgarantier", "--label", "Mar -24").strip()
    rows = [["nr", "verksamhet", "maltidsinsats", "kon", "genomforandeplan"]]
    rows += [[str(n), "Särskilt boende" if n <= 3 else "Hemtjänst", "ja", "K" if n % 2 else "M",
              "ja" if n != 2 else "nej"] for n in range(1, 6)]
    cli.ok("review", "import", vg, write_csv(tmp_path / "vg.csv", rows))
    pdf = tmp_path / "vg.pdf"
    cli.ok("report", vg, "--out", pdf)
    text = pdf_text(pdf)
    assert "Resultat efter verksamhet" in text and "Resultat efter kön" in text
    assert "Efter verksamhet: tre i särskilt boende och två i hemtjänst." in text
    assert "Efter kön: tre kvinnor och två män." in text
    assert json.loads(cli.ok("results", vg, "--json"))["cases"] == 5


def test_small_counts_are_hidden_with_a_complement_when_the_setting_is_on(
        cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "sip", "--label", "Nov -23").strip()
    plan = [("ifo", "flicka", "upprattad")] * 6 + [("ifo", "pojke", "tackat_nej")] * 3 + [
        ("stod_och_service", "kvinna", "ej_erbjuden")] * 2 + [
        ("stod_och_service", "man", "accepterad_ej_upprattad")]
    rows = [["nr", "verksamhetsomrade", "personkategori", "sip_status"]]
    rows += [[str(n), *row] for n, row in enumerate(plan, start=1)]
    cli.ok("review", "import", review, write_csv(tmp_path / "sip.csv", rows))
    shown = tmp_path / "visas.pdf"
    cli.ok("report", review, "--out", shown)
    text = pdf_text(shown)  # off by default: a section per verksamhetsområde, all numbers
    assert "Erbjudits SIP 1 av 3 (33 %)" in text[text.index("Stöd och service omfattar"):]

    cli.ok("settings", "--set", "small_counts=5")
    pdf, docx, xlsx = (tmp_path / f"dolt.{kind}" for kind in ("pdf", "docx", "xlsx"))
    cli.ok("report", review, "--out", pdf)
    cli.ok("report", review, "--out", docx)
    cli.ok("export", review, "--out", xlsx)
    text = pdf_text(pdf)
    # Stöd och service has 3 cases and the only other group 9 of the 12: hiding both leaves
    # nothing to show, so the table is withheld. Personkategori: Flicka 6 av 6 SIP upprättad
    # of 6 in all would tell that no one in the hidden groups had one, so it is withheld too.
    assert text.count("Redovisas inte, eftersom små antal annars skulle kunna räknas") == 2
    assert "Efter verksamhetsområde: redovisas inte, eftersom små antal då skulle kunna " \
        "räknas fram." in text
    assert "Stöd och service" not in text and "Flicka" not in text
    assert "tre flickor" not in text and "en man" not in text
    with zipfile.ZipFile(docx) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    alt = " ".join(re.findall(r'descr="([^"]*)"', xml))
    assert "Stöd och service" not in alt and "Pojke" not in alt
    assert "(n=3)" not in xml and "33 %" not in xml.replace(NBSP, " ")
    cells = xlsx_text(xlsx)
    assert "Redovisas inte" in cells and "1 av 3" not in cells and "Flicka" not in cells
