"""The plan texts in the texts view: what applies shows as placeholder, what is typed goes
into the redovisning."""

from pathlib import Path

from internkontroll.paths import AppPaths
from internkontroll.store.texts import get_texts
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import ImmediateExecutor, Tasks
from internkontroll.ui.views import TEXTS
from tests.conftest import Cli
from tests.core.test_personnummer import pnr
from tests.reports.test_documents import docx_text, pdf_text
from tests.reports.test_plan_texts import EB, GENERATED, drawn_review


def texts_view(qtbot, db_path: Path, review: int):  # noqa: ANN201
    main = MainWindow(AppPaths.resolve(str(db_path)), Tasks(ImmediateExecutor()))
    qtbot.addWidget(main)
    main.resize(1366, 900)
    main.show()
    main.open_database(interactive=False)
    main.open_review(review, TEXTS)
    return main, main.review.texts


def test_defaults_as_placeholders_and_typed_texts_in_the_documents(
        qtbot, db_path: Path, capsys, tmp_path: Path) -> None:
    cli = Cli(db_path, capsys)
    review = int(drawn_review(cli, tmp_path, "--period-start", "2022-04-01", "--period-end",
                              "2022-09-30"))
    main, texts = texts_view(qtbot, db_path, review)
    editors = texts.editors
    assert editors["plan.process"].placeholderText() == EB.plan["process"]
    assert editors["plan.kontrollansvar"].placeholderText() == "Enhetschef."
    assert editors["plan.metod"].placeholderText() == GENERATED  # the generated sentence
    assert editors["plan.matperiod"].placeholderText() == "2022-04-01–2022-09-30"
    assert editors["plan.kontrollmoment"].placeholderText().startswith("Ingen inledning")
    assert all(editors[f"plan.{k}"].toPlainText() == "" for k in ("process", "metod"))
    texts.grab().save(str(tmp_path / "texter.png"))
    assert (tmp_path / "texter.png").stat().st_size > 0
    editors["plan.metod"].setPlainText("Tio akter valdes ut för hand.")
    editors["plan.saknas"].setText("Solgården")
    editors["plan.matperiod"].setText("Våren 2022")
    texts.save_now()
    with main.db.session() as session:
        stored = get_texts(session, review)
    assert (stored["plan.metod"], stored["plan.saknas"], stored["plan.matperiod"]) == (
        "Tio akter valdes ut för hand.", "Solgården", "Våren 2022")
    secret = pnr("811218")
    editors["plan.kontrollansvar"].setText(f"Handläggare {secret}")
    texts.save_now()
    assert "Inte sparat" in texts.status.text() and secret not in texts.status.text()
    with main.db.session() as session:
        assert "plan.kontrollansvar" not in get_texts(session, review)
    main.close()
    for suffix, read in ((".pdf", pdf_text), (".docx", docx_text)):
        out = tmp_path / f"r{suffix}"
        cli.ok("report", str(review), "--out", out)
        text = " ".join(read(out).replace("\u00a0", " ").split())
        assert "Tio akter valdes ut för hand. Vid mätningen saknas resultat från Solgården." \
            in text
        assert "Mätperiod: Våren 2022" in text and "Kontrollansvar: Enhetschef." in text
        assert GENERATED not in text and secret not in text


def test_last_periods_method_is_offered_beside_the_field(qtbot, db_path: Path, capsys,
                                                         tmp_path: Path) -> None:
    cli = Cli(db_path, capsys)
    first = drawn_review(cli, tmp_path)
    (tmp_path / "t.toml").write_text('[plan]\nmetod = "Akterna valdes för hand."\n'
                                     'matperiod = "Hösten 2022"\n', encoding="utf-8")
    cli.ok("review", "texts", first, "--from", tmp_path / "t.toml")
    later = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Maj -23", "--date",
                   "2023-05-17").strip()
    main, texts = texts_view(qtbot, db_path, int(later))
    assert texts.editors["plan.metod"].placeholderText() == EB.plan["metod"]  # nothing drawn
    assert "plan.matperiod" not in texts.use_buttons  # one period's own
    texts.use_buttons["plan.metod"].click()
    assert texts.editors["plan.metod"].toPlainText() == "Akterna valdes för hand."
    texts.save_now()
    with main.db.session() as session:
        assert get_texts(session, int(later))["plan.metod"] == "Akterna valdes för hand."
    main.close()
