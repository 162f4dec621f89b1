"""Screenshots of the GUI at 1366×768 for docs/ and the README (data invented).

    uv run python docs/make_screenshots.py
    uv run python docs/make_screenshots.py --scale 1.25 --out DIR   # a 1366×768 screen at 125 %
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QFileDialog, QTabWidget  # noqa: E402

from docs.make_examples import ekonomiskt_bistand, run, sip, vardighetsgarantier  # noqa: E402
from internkontroll.app import _install_translations  # noqa: E402
from internkontroll.paths import AppPaths  # noqa: E402
from internkontroll.store.templates import latest_template  # noqa: E402
from internkontroll.ui.dialogs.sample import SampleDialog  # noqa: E402
from internkontroll.ui.dialogs.template_editor import TemplateEditor  # noqa: E402
from internkontroll.ui.main_window import MainWindow  # noqa: E402
from internkontroll.ui.tasks import ImmediateExecutor, Tasks  # noqa: E402
from internkontroll.ui.views import PREVIEW, RESULTS, TEXTS  # noqa: E402
from tests.importers.population_data import population_rows, write_population_csv  # noqa: E402

HERE = Path(__file__).parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    # The screen is 1366×768 pixels; at 125 % the window has 1093×614 logical pixels.
    width, height = round(1366 / args.scale), round(768 / args.scale)
    out: Path = args.out
    from internkontroll.ui import messages

    # No one is there to click a message box: print it and carry on.
    messages.show_error = lambda parent, text, title="": print("FEL:", text)
    messages.show_info = lambda parent, text, title="": print("INFO:", text)
    app = QApplication([])
    _install_translations(app)
    # A fixed folder, so that the status bar shows a path a reader can take in at a glance;
    # one that is there already is someone's, and stops the run.
    work = Path(tempfile.gettempdir()) / "Internkontroll"
    try:
        work.mkdir()
    except FileExistsError:
        sys.exit(f"{work} finns redan: ta bort den och kör igen.")
    try:
        db = work / "exempel.sqlite"
        run(db, "settings", "--set", "kommun=Exempelby kommun")
        eb_review, _, sip_review = (build(db, work) for build in (
            ekonomiskt_bistand, vardighetsgarantier, sip))
        window = MainWindow(AppPaths(db), Tasks(ImmediateExecutor()))
        window.resize(width, height)
        window.show()
        window.open_database(interactive=False)
        app.processEvents()
        window.grab().save(str(out / "skarm-startsida.png"))

        population = write_population_csv(work / "beslut apr-sep.csv", population_rows(150))
        with window.db.session() as session:
            _, template = latest_template(session, "ekonomiskt-bistand")
        dialog = SampleDialog(window.db, window.tasks, template,
                              {"template_key": template.key, "label": "Maj -23",
                               "when": "2023-05-20", "period": ("2022-10-01", "2023-03-31")})
        dialog.resize(width, height)
        dialog.show()
        dialog.set_file(population)
        dialog.load_values()
        dialog.filter_values.item(1).setCheckState(dialog.filter_values.item(1).checkState()
                                                   .__class__.Checked)
        dialog.sample_size.setValue(15)
        dialog.reserves.setValue(3)
        dialog.show_frame()
        app.processEvents()
        dialog.grab().save(str(out / "skarm-urval.png"))
        QFileDialog.getSaveFileName = lambda *a, **k: (str(work / "arbetslista.xlsx"), "")
        dialog.draw()
        window.refresh()
        window.open_review(dialog.review_id)
        view = window.scoring
        for key in "1121111" "11":
            view.keyPressEvent(_key(key))
        note = view.rows[1].note  # answered in the second case: a note for the texts view
        note.setText("Planen för självförsörjning saknar datum")
        note.editingFinished.emit()
        app.processEvents()
        window.grab().save(str(out / "skarm-bedomning.png"))
        drawn = dialog.review_id  # its texts: empty, last period's offered beside each field
        for review_id, tab, name in ((eb_review, RESULTS, "resultat"),
                                     (sip_review, RESULTS, "resultat-sip"),
                                     (drawn, TEXTS, "texter"),
                                     (eb_review, PREVIEW, "forhandsgranska")):
            window.open_review(review_id, tab)
            for _ in range(40):  # QtPdf renders its pages in the background
                app.processEvents()
                time.sleep(0.05)
            window.grab().save(str(out / f"skarm-{name}.png"))
        window.select_review(eb_review)
        editor = TemplateEditor(window.db, window.tasks, "ekonomiskt-bistand", False, window)
        editor.resize(width, height)
        editor.findChild(QTabWidget).setCurrentIndex(2)  # Kontrollmoment
        editor.item_list.setCurrentRow(5)  # barnperspektiv: a rule from drop-downs
        editor.show()
        app.processEvents()
        editor.grab().save(str(out / "skarm-mallredigering.png"))
        editor.reject()
        window.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _key(text: str):  # noqa: ANN202
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QEvent.Type.KeyPress, getattr(Qt.Key, f"Key_{text}"),
                     Qt.KeyboardModifier.NoModifier, text)


if __name__ == "__main__":
    main()
