"""Dra ett urval ur en fil: preview, columns, filters, mode and size, frame, draw, work list.

Reading the file runs in the background through ``ops.sampling``, with progress and cancel,
so the window never freezes. The form itself is ``sample_form.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QTableWidgetItem, QWidget

from internkontroll.core.formatting import count_text
from internkontroll.core.templates import Template
from internkontroll.ops import Changes
from internkontroll.ui import messages
from internkontroll.ui.dialogs.sample_form import NONE, SampleForm
from internkontroll.ui.tasks import Cancelled, Progress, Tasks

if TYPE_CHECKING:
    from internkontroll.importers.population import Request
    from internkontroll.ops.sampling import Drawn, Frame
    from internkontroll.store.carry import CarryOver
    from internkontroll.store.db import Database

__all__ = ["NONE", "SampleDialog"]


class SampleDialog(SampleForm):
    rows_read = Signal(int)

    def __init__(self, db: Database, tasks: Tasks, template: Template, spec: dict[str, Any],
                 parent: QWidget | None = None, carry: CarryOver | None = None) -> None:
        super().__init__(template, spec, parent, carry)
        from internkontroll.ops import sampling

        self.db, self.tasks = db, tasks
        self.review_id: int | None = None
        self.running: Progress | None = None
        self.loaded: str | None = None  # the path whose preview is shown
        self.setWindowTitle(f"Dra urval – {template.title}")
        self.rows_read.connect(lambda n: self.status.setText(f"{n:,} rader lästa …"
                                                              .replace(",", "\u00a0")))
        self._build()
        screen = self.screen().availableGeometry()
        self.resize(min(1100, screen.width()), min(720, screen.height()))
        self.tasks.run(self, lambda: sampling.saved_mappings(db), self._saved_arrived)

    def on_changes(self, changes: Changes) -> None:
        """Nothing another window changes is shown here; the draw is this dialog's own."""

    def _saved_arrived(self, saved: dict[str, dict[str, str]]) -> None:
        self.saved = saved
        if self.headers:  # a file was chosen before the choices arrived
            self._columns_from_preview()

    # file and columns --------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Välj lista", "",
                                              "CSV eller Excel (*.csv *.txt *.xlsx)")
        if name:
            self.set_file(Path(name))

    def read_typed_path(self) -> None:
        """Enter in the file field reads the file typed there (and never draws)."""
        text = self.path.text().strip()
        if text:
            self.set_file(Path(text))

    def set_file(self, path: Path) -> bool:
        """Show the file's first rows and guess the columns; False when it cannot be read."""
        from internkontroll.importers.tabular import sheet_names

        self.path.setText(str(path))
        self.loaded = None
        self.sheet.clear()
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            try:
                self.sheet.addItems(sheet_names(path))
            except Exception as error:  # noqa: BLE001 (shown to the user, never raised)
                messages.show_error(self, messages.error_text(error), "Filen kan inte läsas")
                return False
        self.sheet.setEnabled(self.sheet.count() > 0)
        if not self.load_preview():
            return False
        if self.carry is not None and self.carry.where:
            self.load_values()  # to tick the values chosen last time
        return True

    def load_preview(self) -> bool:
        from internkontroll.core.errors import InternkontrollError
        from internkontroll.importers.population import preview

        path = Path(self.path.text().strip())
        try:
            _, rows, header = preview(path, self.sheet.currentText() or None,
                                      template=self.template)
        except (InternkontrollError, OSError) as error:
            messages.show_error(self, messages.error_text(error), "Filen kan inte läsas")
            return False
        self.rows, self.loaded = rows, str(path)
        width = max((len(r) for r in rows), default=0)
        self.preview.setRowCount(len(rows))
        self.preview.setColumnCount(width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(value))
        self.header_row.setValue(max(header, 1))
        self._columns_from_preview()
        return True

    def _file_ready(self) -> bool:
        """The file in the field is the one shown; a path typed since is read first."""
        text = self.path.text().strip()
        if not text:
            messages.show_error(self, "Välj först filen att dra urvalet ur.")
            return False
        return self.loaded == str(Path(text)) or self.set_file(Path(text))

    def load_values(self) -> None:
        from internkontroll.ops import sampling

        column = self.filter_column.currentData()
        if column is None or column < 0:
            return
        path, sheet, header = (Path(self.path.text().strip()),
                               self.sheet.currentText() or None, self.header_row.value())
        self._start(lambda report: sampling.filter_values(path, sheet, header, column, report),
                    self._show_values)

    # reading in the background -----------------------------------------------------------
    def _reporter(self, progress: Progress) -> Callable[[int], None]:
        def report(rows: int) -> None:
            progress.check()  # raises Cancelled once the user cancelled
            self.rows_read.emit(rows)
        return report

    def _start(self, work: Callable[[Callable[[int], None]], Any],
               done: Callable[[Any], None]) -> None:
        progress = Progress()
        self.running = progress
        self.progress.show()
        self.cancel_button.show()
        self.status.setText("Läser filen …")
        for widget in (self.frame_button, self.draw_button):
            widget.setEnabled(False)

        def finish() -> None:
            self.running = None
            self.progress.hide()
            self.cancel_button.hide()
            for widget in (self.frame_button, self.draw_button):
                widget.setEnabled(True)

        def ok(result: Any) -> None:
            finish()
            self.status.setText("")
            done(result)

        def failed(error: BaseException) -> None:
            from internkontroll.ops.sampling import ColumnNotChosen

            finish()
            if isinstance(error, Cancelled):
                self.status.setText("Läsningen avbröts.")
                return
            self.status.setText("")
            messages.show_error(self, str(error), "Urvalet kunde inte göras")
            if isinstance(error, ColumnNotChosen):
                combo = self.attribute_columns.get(error.field, self.case_column)
                combo.setFocus()

        reporter = self._reporter(progress)
        self.tasks.run(self, lambda: work(reporter), ok, failed)

    def cancel_reading(self) -> None:
        if self.running is not None:
            self.running.cancel()

    def show_frame(self) -> None:
        if not self._file_ready():
            return
        request = self.request()  # widgets are read here, on the GUI thread
        size = None if self.census.isChecked() else self.sample_size.value()
        self._start(lambda report: self._frame(request, size, report), self._frame_shown)

    def _frame_shown(self, frame: Frame) -> None:
        self.frame_text.setText(self.frame_words(frame))
        self.precision.set_frame(frame.cases)

    def _frame(self, request: Request, size: int | None,
               report: Callable[[int], None]) -> Frame:
        from internkontroll.ops.sampling import frame_preview

        return frame_preview(self.db, self.template.key, request, size, report,
                             remembered=False).value

    def _frame_op(self, progress: Progress, request: Request, size: int | None) -> str:
        """The frame op as the background runs it, and its text (for measuring it on the GUI
        thread)."""
        return self.frame_words(self._frame(request, size, self._reporter(progress)))

    def frame_words(self, frame: Frame) -> str:
        nouns = self.template.words
        text = (f"Urvalsramen: {frame.cases} {nouns.get('cases', 'ärenden')} "
                f"({frame.rows} {nouns.get('rows', 'rader')}) av {frame.rows_read} lästa "
                "rader.")
        if frame.groups:
            text += " Fördelning: " + "; ".join(f"{g.name}: {g.drawn} av {g.frame}"
                                                for g in frame.groups) + "."
        return text

    # drawing -----------------------------------------------------------------------------
    def draw(self) -> None:
        if not self._file_ready():
            return
        request = self.request()  # widgets are read here, on the GUI thread
        size = None if self.census.isChecked() else self.sample_size.value()
        reserves, seed = self.reserves.value(), self.chosen_seed()
        self._start(lambda report: self._draw(request, size, reserves, seed, report),
                    self._drawn)

    def _draw(self, request: Request, size: int | None, reserves: int, seed: int | None,
              report: Callable[[int], None] | None = None) -> Drawn:
        from internkontroll.ops.sampling import Choices, NewReview, draw_sample

        spec = NewReview(self.spec["template_key"], self.spec["label"],
                         self.spec.get("when"), self.spec.get("period"))
        return draw_sample(self.db, spec, Choices(request, size, reserves, seed, worklist=True,
                                                  remembered=False), report).value

    def _draw_op(self, progress: Progress, request: Request, size: int | None,
                 reserves: int, seed: int | None = None) -> Drawn:
        """The draw as the background runs it (for tests of its guards)."""
        return self._draw(request, size, reserves, seed, self._reporter(progress))

    def _drawn(self, drawn: Drawn) -> None:
        self.review_id = drawn.review_id
        cases = count_text(drawn.drawn, "ärende", "ärenden")
        reserves = count_text(drawn.reserves, "reserv", "reserver")
        self.frame_text.setText(f"Urvalet är draget: {cases} och {reserves}. "
                                f"Slumptal (seed): {drawn.seed}.")
        self.save_worklist(drawn)
        self.accept()

    def save_worklist(self, drawn: Drawn) -> None:
        if not save_worklist(self, drawn, self.spec["label"]):
            messages.show_info(self, "Urvalet är sparat, men inte arbetslistan. Den kan "
                               "skapas senare med Dokument → Arbetslista igen …, ur samma "
                               "fil som urvalet drogs ur.")


def save_worklist(parent: QWidget, drawn: Drawn, label: str) -> bool:
    """Ask where to save the arbetslista of ``drawn`` and write it there; False when the user
    chose no file. An error is shown: the draw is saved, and the list can be made again."""
    from internkontroll.reports.worklist import write_worklist

    name, _ = QFileDialog.getSaveFileName(
        parent, "Spara arbetslistan (innehåller sekretessuppgifter)",
        str(Path.home() / f"arbetslista {label}.xlsx"), "Excel (*.xlsx)")
    if not name:
        return False
    try:
        write_worklist(Path(name).with_suffix(".xlsx"), drawn.worklist_title,
                       drawn.worklist_headers, drawn.worklist_rows)
    except Exception as error:  # noqa: BLE001 (the draw is saved; the list can be redone)
        messages.show_error(parent, messages.error_text(error), "Arbetslistan kunde inte sparas")
    return True
