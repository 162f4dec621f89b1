"""The PDF/A and tagging layer on its own: a small story through ``layout.build``, the mends
checked byte by byte, and reportlab left as it was for anyone else in the process."""

from __future__ import annotations

import io
import re

import page
import pikepdf
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Paragraph

from internkontroll.reports import tagging
from internkontroll.reports.layout import Meta, build, para, styles, table

FORMAT = pdfdoc.PDFStream.format
CATALOG_KEYS = list(pdfdoc.PDFCatalog.__NoDefault__)
PAGE_KEYS = list(pdfdoc.PDFPage.__NoDefault__)


def _story() -> list[object]:
    style = styles()
    rows = [["Löpnummer", "Ärende", "Anteckning"]] + [
        [str(n), f"EB-{n:05d}", "Beslutet motiverar barnets situation utförligt och väl."]
        for n in range(1, 90)]
    return [Paragraph("Rubrik", style["h1"]),
            para("Ett stycke som är långt nog att brytas över flera rader, så att mellanrummen "
                 "vid radbrytningarna syns när texten läses upp. " * 3, style["body"]),
            para("Underrubrik", style["h3"]),  # after H1: read as H2
            para("Punkt ett", style["bullet"], bullet="• "),
            para("Punkt två", style["bullet"], bullet="• "),
            table(rows, [70, 110, 290], style)]


def _pdf() -> bytes:
    buffer = io.BytesIO()
    build(buffer, _story(), Meta("Titel åäö", "Exempelby kommun", "Ämne", "Sidfot", "Intern"))
    return buffer.getvalue()


def test_a_small_story_is_pdf_a_2b_and_pdf_ua_1() -> None:
    data = _pdf()
    for profile in ("2b", "ua1"):
        report = page.validate_pdf_bytes(data, profile=profile)
        assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]


def test_streams_end_with_an_end_of_line_outside_their_length() -> None:
    data = _pdf()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        lengths = [int(o.Length) for o in pdf.objects
                   if isinstance(o, pikepdf.Stream)]
    found = [m.end() for m in re.finditer(rb"\nstream\n", data)]
    assert len(found) == len(lengths)
    for start in found:
        end = data.index(b"endstream", start)
        assert data[end - 1:end] == b"\n"
    assert sorted(data.index(b"endstream", s) - 1 - s for s in found) == sorted(lengths)


def test_to_unicode_maps_hold_no_u_0000() -> None:
    with pikepdf.open(io.BytesIO(_pdf())) as pdf:
        maps = [f.ToUnicode.read_bytes() for p in pdf.pages for f in p.Resources.Font.values()]
    assert maps and not any(re.search(rb"<[0-9A-F]{2}> <0000>", m) for m in maps)


def test_structure_levels_lists_and_one_table_over_pages() -> None:
    with pikepdf.open(io.BytesIO(_pdf())) as pdf:
        document = pdf.Root.StructTreeRoot.K[0]
        kinds = [str(k.S) for k in document.K]
        assert kinds == ["/H1", "/P", "/H2", "/L", "/Table"]
        assert [str(li.S) for li in document.K[3].K] == ["/LI", "/LI"]
        rows = document.K[4].K
        assert len(rows) == 90 and len(pdf.pages) > 1
        assert [str(c.S) for c in rows[0].K] == ["/TH"] * 3
        assert all(str(c.S) == "/TD" for r in rows[1:] for c in r.K)
        assert len({mcr.Pg.objgen for r in rows for c in r.K for mcr in c.K}) == len(pdf.pages)
        assert pdf.open_outline().root[0].title == "Rubrik"


def test_reportlab_itself_is_left_as_it_was() -> None:
    _pdf()
    assert pdfdoc.PDFStream.format is FORMAT
    assert pdfdoc.PDFCatalog.__NoDefault__ == CATALOG_KEYS
    assert pdfdoc.PDFPage.__NoDefault__ == PAGE_KEYS


def test_a_flowable_drawn_without_a_structure_is_drawn_as_it_is() -> None:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO())
    tagged = tagging.tag_story([para("Text", styles()["body"])])[0]
    tagged.wrapOn(canvas, 200, 200)
    tagged.drawOn(canvas, 10, 10)
    assert not any("BDC" in str(c) for c in canvas._code)
