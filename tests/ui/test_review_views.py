"""Results, texts and preview of a kontrolltillfälle, on real widgets against real data."""

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from docs.make_examples import ekonomiskt_bistand, run, sip, vardighetsgarantier
from internkontroll.core.formatting import format_percent
from internkontroll.paths import AppPaths
from internkontroll.store.results import full_result, result_document
from internkontroll.store.scoring import save_answer
from internkontroll.store.texts import get_texts
from internkontroll.ui import messages
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from internkontroll.ui.views import PREVIEW, RESULTS, TEXTS
from tests.core.test_personnummer import pnr

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

# The example database's reviews of the three shipped templates, each after its earlier periods
EB, VG, SIP = 4, 7, 10


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("exempel")
    db = work / "exempel.sqlite"
    run(db, "settings", "--set", "kommun=Exempelby kommun")
    built = [build(db, work) for build in (ekonomiskt_bistand, vardighetsgarantier, sip)]
    assert built == [EB, VG, SIP]
    return db


@pytest.fixture
def window(qtbot, examples: Path, tmp_path: Path) -> MainWindow:
    path = tmp_path / "exempel.sqlite"
    shutil.copy(examples, path)
    main = MainWindow(AppPaths.resolve(str(path)), Tasks(ImmediateExecutor()))
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.open_database(interactive=False)
    return main


def cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def headers(table) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


@pytest.mark.parametrize("review_id", [EB, VG, SIP])
def test_results_view_shows_the_numbers_of_results_json(window: MainWindow,
                                                        review_id: int) -> None:
    """The screen's tables are the outline's, and their numbers those of results --json."""
    from internkontroll.ops.documents import report_outline

    window.open_review(review_id, RESULTS)
    view = window.review.results
    document = report_outline(window.db, review_id).value
    for table in document.tables():
        shown = view.tables[table.key]
        assert headers(shown) == list(table.header_rows[-1])
        assert [[c.strip() for c in cells(shown, r)] for r in range(shown.rowCount())] == \
            [list(r) for r in table.rows]
    with window.db.session() as session:
        full = full_result(session, review_id)
        results = result_document(full)
        template = full.template
        by = {b: result_document(full_result(session, review_id, by=b))["groups"]
              for b in template.breakdowns}
    table = view.tables["resultat"]
    for row, item in enumerate(results["items"]):
        assert cells(table, row)[0] == item["text"]
        if item["applicable"]:
            assert f"/{item['applicable']} " in cells(table, row)[2] + " "
    comparison = results["comparison"]
    if len(comparison) > 1:
        table = view.tables["jamforelse"]
        assert headers(table)[1:] == [p["review"]["label"] for p in comparison[-8:]]
        n_rows = [cells(table, r) for r in range(table.rowCount())
                  if cells(table, r)[1].startswith("n=") or cells(table, r)[1] == "–"]
        for row, item in zip(n_rows, template.items, strict=False):
            assert row[1:] == [f"n={p['items'][template.items.index(item)]['applicable']}"
                               if p["items"][template.items.index(item)]["applicable"] else "–"
                               for p in comparison[-8:]]
    for indicator_row, indicator in enumerate(results["indicators"]):
        shown = cells(view.tables["indikatorer"], indicator_row)[1]
        assert shown.startswith(f"{indicator['count']} av {indicator['of']}")
        assert format_percent(indicator["percent"]) in shown
    for attribute, groups in by.items():
        layout = template.shown_as(attribute).layout
        if not any(g["value"] for g in groups):  # blank for every case: left out
            assert not [k for k in view.tables if k.endswith(attribute)]
        elif layout == "table":
            table = view.tables[f"efter_{attribute}"]
            assert [cells(table, r)[1] for r in range(table.rowCount())] == \
                [str(g["cases"]) for g in groups]
        elif layout == "sections":  # each group's own items, by the same numbers
            for n, group in enumerate(groups, start=1):
                table = view.tables[f"resultat_{attribute}_{n}"]
                for row, item in enumerate(group["items"]):
                    if item["applicable"]:
                        assert f"/{item['applicable']} " in cells(table, row)[1] + " "
        else:  # the groups as columns
            table = view.tables[f"kolumner_{attribute}"]
            assert headers(table)[1:] == [template.attribute(attribute).label_of(g["value"])
                                          for g in groups if g["value"]]
    assert len(view.charts) >= 1 + len(template.breakdowns) - 1
    assert all(chart.renderer().isValid() for chart in view.charts)


def test_small_groups_are_flagged_before_they_reach_the_namnd(window: MainWindow) -> None:
    window.open_review(SIP, RESULTS)  # IFO has four pojkar; one of them was not offered SIP
    table = window.review.results.tables["efter_personkategori"]  # 10, 10, 15 and 13
    assert not [r for r in range(table.rowCount())
                if table.item(r, 0).background().color().name().upper() == "#FCE8C8"]
    warnings = [w.text() for w in window.review.results.warnings]
    assert len(warnings) == 1
    assert "Individ- och familjeomsorgen: pojke (4)" in warnings[0]
    assert "Individ- och familjeomsorgen, ej erbjudits SIP: pojke (1)" in warnings[0]
    window.open_review(VG, RESULTS)  # no small groups: no warning
    assert window.review.results.warnings == []


def test_results_view_shows_what_the_documents_show_under_small_counts(
        window: MainWindow) -> None:
    """One suppression decision: the GUI's tables are the report data's, hidden cells and all."""
    from internkontroll.reports.data import report_data
    from internkontroll.store.texts import set_setting

    with window.db.session() as session:
        set_setting(session, "small_counts", "5")
        session.commit()
    for review_id in (EB, VG, SIP):
        window.open_review(review_id, RESULTS)
        view = window.review.results
        with window.db.session() as session:
            data = report_data(session, review_id)
        assert data.small_counts == 5
        for b in data.breakdowns:
            if b.withheld:
                assert f"efter_{b.attribute}" not in view.tables
                continue
            table = view.tables[f"efter_{b.attribute}"]
            assert [cells(table, r)[1:] for r in range(table.rowCount())] == \
                [r.cells for r in b.rows]
        shown = [cells(view.tables["resultat"], r) for r in
                 range(view.tables["resultat"].rowCount())]
        for row in data.results:
            if row.counts == "dolt":
                assert next(r for r in shown if r[0] == row.text)[2] == "dolt"
        charts = [c.accessibleDescription() for c in view.charts]
        for b in data.breakdowns:
            for row in b.rows if not b.withheld else ():
                if row.hidden:
                    assert any(f"{row.value} dolt" in alt for alt in charts)


@pytest.mark.parametrize("review_id", [EB, VG, SIP])
def test_preview_has_the_pages_of_the_saved_pdf(window: MainWindow, review_id: int,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_review(review_id, PREVIEW)
    preview = window.review.preview
    pages = preview.document.pageCount()
    assert pages >= 2 and "sidor" in preview.status.text()
    saved = tmp_path / "sparad.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_yes_no", lambda parent, title, text: asked.append(text)
                        or len(asked) > 1)
    preview.save(".pdf")
    if review_id == SIP:  # four pojkar in IFO: the user is asked first, and said no
        assert "Individ- och familjeomsorgen: pojke (4)" in asked[0] and not saved.exists()
        preview.save(".pdf")
    else:
        assert asked == []
    assert len(PdfReader(saved).pages) == pages
    for suffix in (".docx", ".xlsx"):
        other = tmp_path / f"sparad{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, o=other, **k: (str(o), ""))
        preview.save(suffix)
        assert other.stat().st_size > 1000


def test_texts_are_saved_as_typed_and_notes_stay_beside(window: MainWindow) -> None:
    with window.db.session() as session:
        save_answer(session, EB, 2, "bedomning", "delvis", "Motivering saknas i akten")
    window.open_review(EB, TEXTS)
    texts = window.review.texts
    notes = texts.notes["bedomning"]
    assert "Ärende 2: Motivering saknas i akten" in [notes.item(n).text()
                                                      for n in range(notes.count())]
    texts.editors["kommentar.bedomning"].setPlainText("Bedömningen motiveras oftare nu.")
    texts.editors["diarienummer"].setText("SN 2022/123")
    texts.save_now()
    with window.db.session() as session:
        stored = get_texts(session, EB)
    assert stored["kommentar.bedomning"] == "Bedömningen motiveras oftare nu."
    assert stored["diarienummer"] == "SN 2022/123"
    assert "Motivering saknas" not in " ".join(stored.values())  # notes are never copied
    secret = pnr("811218")
    texts.editors["analys"].setPlainText(f"Se {secret}")
    texts.save_now()
    assert "Inte sparat" in texts.status.text() and secret not in texts.status.text()
    with window.db.session() as session:
        assert get_texts(session, EB)["analys"] == stored["analys"]  # unchanged
    texts.editors["analys"].setPlainText("Rutinen har följts.")  # fixed: saved
    texts.save_now()
    with window.db.session() as session:
        assert get_texts(session, EB)["analys"] == "Rutinen har följts."
    window.show_review_tab(PREVIEW)  # the saved texts are in the redovisning
    assert window.review.preview.document.pageCount() >= 2


def test_screenshot_of_the_results_view(qapp, examples: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from internkontroll.cli import main

    db = tmp_path / "kopia.sqlite"
    shutil.copy(examples, db)
    png = tmp_path / "resultat.png"
    assert main(["--db", str(db), "--screenshot", str(png), "--view", "results",
                 "--review", str(SIP)]) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1366, 768)
    # Not a blank page: the view draws many colours (tables, the chart's blues).
    colours = {image.pixel(x, y) for x in range(300, 1300, 7) for y in range(80, 760, 7)}
    assert len(colours) > 20


def test_results_view_shows_how_sure_each_share_is(window: MainWindow) -> None:
    """On screen always: each share with its interval and verdicts, and whiskers in the item
    chart, by the numbers of results --json; the documents leave it out by default."""
    from internkontroll.ops.documents import report_outline
    from internkontroll.reports.uncertainty import interval_text

    window.open_review(EB, RESULTS)
    view = window.review.results
    table = view.tables["osakerhet"]
    with window.db.session() as session:
        results = result_document(full_result(session, EB))
    for row, item in enumerate(results["items"]):
        shown = cells(table, row)
        assert shown[0] == item["text"]
        assert shown[2] == interval_text(tuple(item["interval"]["helt"]))
        assert item["change"]["helt"]["verdict"] in shown[3]
    assert view.charts[0].renderer().isValid()
    from internkontroll.ops.documents import results_screen
    from internkontroll.reports.charts import draw
    from internkontroll.reports.outline import Figure

    screen = results_screen(window.db, EB).value.outline
    document = report_outline(window.db, EB).value
    on_screen, in_document = (next(b for b in d.blocks if isinstance(b, Figure))
                              for d in (screen, document))
    assert on_screen.chart.error_bars and not in_document.chart.error_bars
    assert "osäkerhetsintervall (95 %)" in on_screen.alt_text
    assert "osäkerhetsintervall" not in in_document.alt_text
    whiskers = len(draw(on_screen.chart).contents) - len(draw(in_document.chart).contents)
    assert whiskers == 3 * sum(1 for i in results["items"] if i["interval"]["helt"]) + 4
    assert not [t for t in document.tables() if t.key == "osakerhet"]


def test_each_review_chooses_whether_its_documents_explain_the_uncertainty(
        window: MainWindow) -> None:
    from internkontroll.ops.documents import report_outline
    from internkontroll.store.texts import set_setting

    def in_document() -> bool:
        return any(t.key == "osakerhet" for t in report_outline(window.db, EB).value.tables())

    window.open_review(EB, TEXTS)
    choice = window.review.texts.editors["osakerhet"]
    assert choice.currentText() == "Enligt inställningen (visas inte)" and not in_document()
    choice.setCurrentIndex(choice.findData("ja"))
    window.review.texts.save_now()
    with window.db.session() as session:
        assert get_texts(session, EB)["osakerhet"] == "ja"
    assert in_document()
    with window.db.session() as session:
        set_setting(session, "osakerhet", "ja")
    choice.setCurrentIndex(choice.findData("nej"))  # this review's own choice wins
    window.review.texts.save_now()
    assert not in_document()
    choice.setCurrentIndex(choice.findData(""))
    window.review.texts.save_now()
    with window.db.session() as session:
        assert "osakerhet" not in get_texts(session, EB)
    assert in_document()
    window.open_review(VG, TEXTS)
    assert window.review.texts.editors["osakerhet"].currentText() == \
        "Enligt inställningen (visas)"
