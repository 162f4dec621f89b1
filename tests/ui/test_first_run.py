"""First run (issue 18): a new database opens on the three steps of a kontroll and the offer of
example data; the example database is made by the app, marked EXEMPEL, and every document of
it works for all three templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from internkontroll import demo
from internkontroll.cli_report import INTERNAL_KINDS
from internkontroll.ops import reviews
from internkontroll.paths import AppPaths
from internkontroll.store.db import open_database
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import Tasks

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only]  # the example database: a file


def test_a_new_database_offers_the_example_data_which_opens_marked(qtbot, tmp_path: Path
                                                                   ) -> None:
    window = MainWindow(AppPaths.resolve(str(tmp_path / "ny.sqlite")), Tasks())
    qtbot.addWidget(window)
    window.show()
    window.open_database(interactive=False)  # missing: the welcome page, nothing made
    assert "Skapa en ny, tom databas" in window.start_page.text()
    with qtbot.waitSignal(window.database_opened, timeout=20000):
        window.start_page.linkActivated.emit("ny")
    text = window.start_page.text()
    assert (tmp_path / "ny.sqlite").exists() and "Skapa en ny" not in text
    assert "Så går en kontroll till" in text and text.count("<li>") == 3
    assert window.windowTitle() == "Internkontroll"

    with qtbot.waitSignal(window.database_opened, timeout=60000):
        window.start_page.linkActivated.emit("exempeldata")
    assert window.paths.db == demo.demo_file()
    assert window.windowTitle() == "Internkontroll – EXEMPEL (påhittade uppgifter)"
    assert len(window.tree.summaries) == 11 and "nästa gång i" in window.start_page.text()
    window.open_other(tmp_path / "ny.sqlite")
    assert window.windowTitle() == "Internkontroll"
    window.close()


def test_every_document_of_the_example_data_works(tmp_path: Path) -> None:
    import pypdf

    path = demo.build(tmp_path / "exempel.sqlite")
    run = demo.command_line(path)
    db = open_database(path, write=False)
    try:
        found = reviews.list_all(db).value
    finally:
        db.close()
    statuses = {r.label: r.status for r in found if r.template == "ekonomiskt-bistand"}
    assert statuses["Nov -22"] == "redovisad i nämnd" and statuses["Maj -23"] == "pågående"
    assert sum(r.status == "endast antal" for r in found) == 7
    assert {r.template for r in found} == {"ekonomiskt-bistand", "vardighetsgarantier", "sip"}
    for review in found:
        pdf = tmp_path / f"{review.id}.pdf"
        run("report", review.id, "--out", pdf)
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
        assert review.label in text and review.title.split(" – ")[0] in text
        run("report", review.id, "--out", tmp_path / f"{review.id}.docx")
        run("export", review.id, "--out", tmp_path / f"{review.id}.xlsx")
        assert run("results", review.id, "--json").startswith("{")
        drawn = review.label == "Maj -23"  # the others' cases were typed in, not drawn
        for kind in INTERNAL_KINDS if drawn else ("avvikelser",) if review.cases else ():
            run("report", review.id, "--internal", kind, "--out",
                tmp_path / f"{kind}-{review.id}.pdf")
    assert len(list(tmp_path.glob("*.docx"))) == len(list(tmp_path.glob("*.xlsx"))) == 11
    assert len(list(tmp_path.glob("avvikelser-*.pdf"))) == 4
    # Made anew, whole: the same reviews again, and no half-made file left.
    assert demo.build(path) == path and not list(tmp_path.glob(".*.ny"))
