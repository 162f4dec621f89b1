"""What a first-time unit manager tripped over in the documents, each reproduced."""

from pathlib import Path

import pypdf
from docx import Document

from tests.cli.helpers import EB_ITEMS
from tests.conftest import Cli, write_csv
from tests.reports.test_documents import pdf_text


def half_scored(cli: Cli, tmp_path: Path) -> str:
    """Ekonomiskt bistånd with 19 cases: 2 with children, 17 without the attribute filled in,
    and only the first 5 cases scored on every item."""
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -24").strip()
    cli.ok("sample", review, "--from-range", "19", "--size", "all", "--seed", "1")
    rows = [["lopnummer", "barn_i_hushallet", *EB_ITEMS]]
    for n in range(1, 20):
        children = "ja" if n <= 2 else ""
        answers = ["helt"] * len(EB_ITEMS) if n <= 5 else ["helt"] + [""] * (len(EB_ITEMS) - 1)
        if n > 2:
            answers[EB_ITEMS.index("barnperspektiv")] = ""
        rows.append([str(n), children, *answers])
    cli.ok("review", "import", review, write_csv(tmp_path / "halv.csv", rows))
    cli.ok("settings", "--set", "kommun=Exempelby kommun")
    return review


def test_a_report_of_a_review_that_is_not_klar_says_preliminar_on_every_page(
        cli: Cli, tmp_path: Path) -> None:
    review = half_scored(cli, tmp_path)
    pdf, docx = tmp_path / "r.pdf", tmp_path / "r.docx"
    cli.ok("report", review, "--out", pdf)
    cli.ok("report", review, "--out", docx)
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata.title.startswith("Preliminär: Internkontroll Ekonomiskt bistånd")
    for page in reader.pages:
        assert "Preliminär" in page.extract_text()
    text = pdf_text(pdf)
    assert "Preliminär: Internkontroll Ekonomiskt bistånd" in text
    assert "17 av 19 ärenden är inte färdigbedömda." in text
    document = Document(str(docx))
    assert document.core_properties.title.startswith("Preliminär: ")
    assert document.paragraphs[0].text.startswith("Preliminär: Internkontroll") or any(
        p.text.startswith("Preliminär: Internkontroll") for p in document.paragraphs
        if p.style.name == "Heading 1")
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Preliminär" in header  # Word repeats the header on every page


def test_a_klar_review_is_not_marked(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Klar").strip()
    rows = [["nr", "barn_i_hushallet", *EB_ITEMS]]
    rows += [[str(n), "nej", *(["helt"] * 5 + [""] + ["helt"])] for n in range(1, 4)]
    cli.ok("review", "import", review, write_csv(tmp_path / "a.csv", rows))
    pdf = tmp_path / "klar.pdf"
    cli.ok("report", review, "--out", pdf)
    assert "Preliminär" not in pdf_text(pdf)


def test_composition_counts_only_what_was_filled_in(cli: Cli, tmp_path: Path) -> None:
    review = half_scored(cli, tmp_path)
    pdf = tmp_path / "r.pdf"
    cli.ok("report", review, "--out", pdf)
    text = pdf_text(pdf)
    assert "I 19 ärenden hade den sökande barn i hushållet" not in text
    assert "I 2 ärenden hade den sökande barn i hushållet; uppgift saknas i 17 ärenden." in text


def test_composition_by_attribute_says_how_many_are_unknown(cli: Cli, tmp_path: Path) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Kön").strip()
    rows = [["nr", "kon", "barn_i_hushallet", *EB_ITEMS]]
    rows += [[str(n), "kvinna" if n <= 3 else "", "nej", *(["helt"] * 5 + [""] + ["helt"])]
             for n in range(1, 6)]
    cli.ok("review", "import", review, write_csv(tmp_path / "a.csv", rows))
    pdf = tmp_path / "kon.pdf"
    cli.ok("report", review, "--out", pdf)
    assert "Efter kön: tre kvinnor; uppgift saknas i 2 ärenden." in pdf_text(pdf)


def test_markup_in_a_label_is_printed_not_read(cli: Cli, tmp_path: Path) -> None:
    """The review label reaches the chart caption, the internal documents' headings and the
    facts; typed texts reach their paragraphs. None of it is read as reportlab markup."""
    label = "<b>&"
    counts = write_csv(tmp_path / "antal.csv", [["kontrollmoment", "helt", "delvis", "saknas"],
                                                ["ansokan", "8", "2", "0"]])
    cli.ok("review", "counts", "ekonomiskt-bistand", "--label", "Maj", "--date", "2022-05-01",
           counts)
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", label, "--date",
                    "2022-11-01").strip()
    rows = [["nr", "barn_i_hushallet", *EB_ITEMS]]
    rows += [[str(n), "nej", *(["delvis"] * 5 + [""] + ["helt"])] for n in range(1, 4)]
    cli.ok("review", "import", review, write_csv(tmp_path / "a.csv", rows))
    (tmp_path / "t.toml").write_text(
        'sammanfattning = "Resultat <i>bättre</i> & tydligare"\n'
        'analys = "<font size=40>stor</font>"\n', encoding="utf-8")
    cli.ok("review", "texts", review, "--from", tmp_path / "t.toml")
    pdf = tmp_path / "r.pdf"
    cli.ok("report", review, "--out", pdf)
    text = pdf_text(pdf)
    assert "till och med <b>&." in text
    assert "Resultat <i>bättre</i> & tydligare" in text
    assert "<font size=40>stor</font>" in text
    internal = tmp_path / "avvikelser.pdf"
    cli.ok("report", review, "--internal", "avvikelser", "--out", internal)
    assert "kontrolltillfälle <b>&" in pdf_text(internal)
