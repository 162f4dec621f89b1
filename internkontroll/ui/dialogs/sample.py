"""Dra ett urval ur en fil: preview, columns, filters, mode and size, frame, draw, work list.

Reading the file runs in the background with progress and cancel, so the window never freezes.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from internkontroll.core.templates import Template
from internkontroll.reports.worklist import worklist_rows
from internkontroll.ui import messages
from internkontroll.ui.dialogs.new_review import date_edit
from internkontroll.ui.tasks import Cancelled, Progress, Tasks

NONE = "– ingen –"


class SampleDialog(QDialog):
    rows_read = Signal(int)

    def __init__(self, db: Any, tasks: Tasks, template: Template, spec: dict[str, Any],
                 parent: QWidget | None = None, carry: Any = None) -> None:
        super().__init__(parent)
        self.db, self.tasks, self.template, self.spec = db, tasks, template, spec
        self.carry = carry  # "som förra gången": the previous draw's choices
        self.review_id: int | None = None
        self.headers: list[str] = []
        self.running: Progress | None = None
        from internkontroll.store.sampling import saved_mappings

        with db.session() as session:
            self.saved = saved_mappings(session)  # column choices made before, by file layout
        self.setWindowTitle(f"Dra urval – {template.title}")
        self.rows_read.connect(lambda n: self.status.setText(f"{n:,} rader lästa …"
                                                              .replace(",", "\u00a0")))
        self._build()
        screen = self.screen().availableGeometry()
        self.resize(min(1100, screen.width()), min(720, screen.height()))

    def _build(self) -> None:
        self.path = QLineEdit()
        self.path.setAccessibleName("Fil")
        self.path.setPlaceholderText("Lista från verksamhetssystemet (CSV eller Excel)")
        browse = QPushButton("&Välj fil …")
        browse.clicked.connect(self.choose_file)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Blad")
        self.sheet.activated.connect(lambda _: self.load_preview())
        file_row = QHBoxLayout()
        for widget in (self.path, browse, QLabel("Blad"), self.sheet):
            file_row.addWidget(widget)
        self.preview = QTableWidget()
        self.preview.setAccessibleName("Förhandsvisning av filen")
        self.preview.setMaximumHeight(190)
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 30)
        self.header_row.setAccessibleName("Rubrikrad")
        self.header_row.valueChanged.connect(lambda _: self._columns_from_preview())

        self.case_column = QComboBox()
        self.spread = QComboBox()
        self.balance = QComboBox()
        self.filter_column = QComboBox()
        self.filter_values = QListWidget()
        self.filter_values.setMaximumHeight(110)
        self.filter_values.setAccessibleName("Värden att ta med")
        load_values = QPushButton("Hämta &värden")
        load_values.clicked.connect(self.load_values)
        self.date_column = QComboBox()
        self.date_from = date_edit(QDate.currentDate().addMonths(-6))
        self.date_to = date_edit(QDate.currentDate())
        self.date_from.setAccessibleName("Datum från")
        self.date_to.setAccessibleName("Datum till")
        if self.spec.get("period"):
            start, end = self.spec["period"]
            self.date_from.setDate(QDate.fromString(start, "yyyy-MM-dd"))
            self.date_to.setDate(QDate.fromString(end, "yyyy-MM-dd"))
        for name, combo in (("Ärendekolumn", self.case_column), ("Sprid över", self.spread),
                            ("Jämn fördelning efter", self.balance),
                            ("Villkor på kolumn", self.filter_column),
                            ("Datumkolumn", self.date_column)):
            combo.setAccessibleName(name)
        columns = QFormLayout()
        columns.addRow("&Rubrikrad", self.header_row)
        columns.addRow("Ä&rendekolumn", self.case_column)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_column)
        filters.addWidget(load_values)
        columns.addRow("Villkor", filters)
        columns.addRow("", self.filter_values)
        dates = QHBoxLayout()
        for widget in (self.date_column, QLabel("från"), self.date_from, QLabel("till"),
                       self.date_to):
            dates.addWidget(widget)
        columns.addRow("Datum", dates)
        self.worklist_columns = QListWidget()
        self.worklist_columns.setMaximumHeight(70)
        self.worklist_columns.setAccessibleName("Kolumner i arbetslistan")
        self.worklist_columns.setToolTip("Arbetslistan sparas bara i filen du väljer, aldrig i "
                                         "databasen.")
        columns.addRow("Arbetslistan", self.worklist_columns)
        mode = QFormLayout()
        mode.addRow("&Sprid över", self.spread)
        mode.addRow("&Jämn fördelning efter", self.balance)
        self.size = QSpinBox()
        self.size.setRange(1, 100000)
        self.size.setValue(20)
        self.size.setAccessibleName("Antal ärenden")
        self.census = QCheckBox("Samtliga (totalundersökning)")
        self.census.toggled.connect(lambda on: self.size.setEnabled(not on))
        size_row = QHBoxLayout()
        size_row.addWidget(self.size)
        size_row.addWidget(self.census)
        mode.addRow("Antal", size_row)
        self.reserves = QSpinBox()
        self.reserves.setRange(0, 1000)
        self.reserves.setValue(5)
        self.reserves.setAccessibleName("Reserver")
        mode.addRow("Rese&rver", self.reserves)
        self.attribute_columns: dict[str, QComboBox] = {}
        attributes = QFormLayout()
        for attribute in self.template.attributes:
            combo = QComboBox()
            combo.setAccessibleName(f"Kolumn för {attribute.label.lower()}")
            attributes.addRow(attribute.label, combo)
            self.attribute_columns[attribute.key] = combo
        column_box, mode_box = QGroupBox("Kolumner och villkor"), QGroupBox("Urval")
        attribute_box = QGroupBox("Uppgifter om ärendena från filen")
        attribute_box.setToolTip("Uppgifterna sparas på ärendena och styr vilka kontrollmoment "
                                 "som är aktuella. Valen sparas till nästa fil med samma "
                                 "kolumner.")
        column_box.setLayout(columns)
        mode_box.setLayout(mode)
        attribute_box.setLayout(attributes)
        right = QVBoxLayout()
        right.addWidget(mode_box)
        right.addWidget(attribute_box)
        right.addStretch()
        boxes = QHBoxLayout()
        boxes.addWidget(column_box, 3)
        boxes.addLayout(right, 2)
        self.frame_text = QLabel("Välj fil och villkor, och visa sedan urvalsramen.")
        self.frame_text.setWordWrap(True)
        self.frame_text.setAccessibleName("Urvalsram och fördelning")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel()
        self.cancel_button = QPushButton("Avbryt läsningen")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_reading)
        self.frame_button = QPushButton("Visa &urvalsram")
        self.frame_button.clicked.connect(self.show_frame)
        self.draw_button = QPushButton("&Dra urvalet")
        self.draw_button.setDefault(True)
        self.draw_button.clicked.connect(self.draw)
        close = QPushButton("Stäng")
        close.clicked.connect(self.reject)
        actions = QHBoxLayout()
        for widget in (self.progress, self.status, self.cancel_button):
            actions.addWidget(widget)
        actions.addStretch()
        for widget in (self.frame_button, self.draw_button, close):
            actions.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.preview)
        layout.addLayout(boxes)
        layout.addWidget(self.frame_text)
        layout.addLayout(actions)

    # file and columns --------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Välj lista", "",
                                              "CSV eller Excel (*.csv *.txt *.xlsx)")
        if name:
            self.set_file(Path(name))

    def set_file(self, path: Path) -> None:
        from internkontroll.importers.tabular import sheet_names

        self.path.setText(str(path))
        self.sheet.clear()
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            try:
                self.sheet.addItems(sheet_names(path))
            except Exception as error:  # noqa: BLE001 (shown to the user, never raised)
                messages.show_error(self, str(error))
                return
        self.sheet.setEnabled(self.sheet.count() > 0)
        self.load_preview()
        if self.carry is not None and self.carry.where:
            self.load_values()  # to tick the values chosen last time

    def load_preview(self) -> None:
        from internkontroll.core.errors import InternkontrollError
        from internkontroll.importers.population import preview

        try:
            _, rows, header = preview(Path(self.path.text()), self.sheet.currentText() or None,
                                      template=self.template)
        except InternkontrollError as error:
            messages.show_error(self, str(error), "Filen kan inte läsas")
            return
        self.rows = rows
        width = max((len(r) for r in rows), default=0)
        self.preview.setRowCount(len(rows))
        self.preview.setColumnCount(width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(value))
        self.header_row.setValue(max(header, 1))
        self._columns_from_preview()

    def _columns_from_preview(self) -> None:
        from internkontroll.importers.columns import map_columns, signature

        row = self.header_row.value() - 1
        if not getattr(self, "rows", None) or row >= len(self.rows):
            return
        self.preview.selectRow(row)
        self.headers = [h for h in self.rows[row]]
        guess: dict[str, int] = {}
        identifying: set[int] = set()
        for overrides in (self.saved.get(signature(self.headers), {}), {}):
            try:
                columns = map_columns(self.headers, self.template, overrides,
                                      self.rows[row + 1:], "filen")
            except Exception:  # noqa: BLE001 (no case column yet: the user picks one)
                continue
            guess, identifying = columns.fields, set(columns.identifying.values())
            break

        def fill(combo: QComboBox, with_none: bool, chosen: int | None) -> None:
            combo.clear()
            if with_none:
                combo.addItem(NONE, -1)
            for index, header in enumerate(self.headers):
                if header:
                    combo.addItem(header, index)
            if chosen is not None:
                combo.setCurrentIndex(max(0, combo.findData(chosen)))

        fill(self.case_column, False, guess.get("arende"))
        fill(self.spread, True, guess.get("handlaggare") if "handlaggare" in guess
             else guess.get("enhet"))
        fill(self.balance, True, guess.get("kon") if self.template.key ==
             "vardighetsgarantier" else None)
        fill(self.filter_column, True, guess.get("orsakskod"))
        # A date condition is suggested only when the review has a mätperiod to apply.
        fill(self.date_column, True, guess.get("beslutsdatum") if self.spec.get("period")
             else None)
        for key, combo in self.attribute_columns.items():
            fill(combo, True, guess.get(key, -1))
        if self.carry is not None:
            self._apply_carry(fill)
        self.filter_values.clear()
        self.worklist_columns.clear()
        for index, header in enumerate(self.headers):
            if header and (index in identifying or index == guess.get("arende")):
                item = QListWidgetItem(header)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.worklist_columns.addItem(item)

    def _apply_carry(self, fill: Any) -> None:
        """Last time's spread, balance, condition, size and reserves, by header."""
        from internkontroll.core.templates import make_key

        def column(name: str | None) -> int | None:
            wanted = make_key(name or "")
            return next((i for i, h in enumerate(self.headers) if h and make_key(h) == wanted),
                        None) if name else -1

        carry = self.carry
        fill(self.spread, True, column(carry.spread))
        fill(self.balance, True, column(carry.balance))
        if carry.where:
            fill(self.filter_column, True, column(carry.where[0][0]))
        if carry.date_field and self.spec.get("period"):
            fill(self.date_column, True, column(carry.date_field))
        self.census.setChecked(carry.size is None)
        if carry.size is not None:
            self.size.setValue(carry.size)
        self.reserves.setValue(carry.reserves)

    def load_values(self) -> None:
        from internkontroll.importers.population import column_values

        column = self.filter_column.currentData()
        if column is None or column < 0:
            return
        path, sheet, header = (Path(self.path.text()), self.sheet.currentText() or None,
                               self.header_row.value())
        self._start(lambda progress: column_values(path, sheet, header, column,
                                                   progress=self._reporter(progress)),
                    self._show_values)

    def _show_values(self, values: list[str]) -> None:
        self.filter_values.clear()
        for value in values:
            item = QListWidgetItem(value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = self.carry is not None and any(
                value in values for _, values in self.carry.where[:1])
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.filter_values.addItem(item)

    # reading -----------------------------------------------------------------------------
    def request(self) -> Any:
        from internkontroll.importers.population import Request

        def header(combo: QComboBox) -> str | None:
            index = combo.currentData()
            return self.headers[index] if index is not None and index >= 0 else None

        where = []
        chosen = [self.filter_values.item(n).text() for n in range(self.filter_values.count())
                  if self.filter_values.item(n).checkState() == Qt.CheckState.Checked]
        if header(self.filter_column) and chosen:
            where.append((header(self.filter_column) or "", chosen))
        between = []
        if header(self.date_column):
            between.append((header(self.date_column) or "",
                            self.date_from.date().toString("yyyy-MM-dd"),
                            self.date_to.date().toString("yyyy-MM-dd")))
        ticked = [self.worklist_columns.item(n).text()
                  for n in range(self.worklist_columns.count())
                  if self.worklist_columns.item(n).checkState() == Qt.CheckState.Checked]
        overrides = {"arende": header(self.case_column) or ""}
        for key, combo in self.attribute_columns.items():
            if header(combo):
                overrides[key] = header(combo) or ""
        return Request(Path(self.path.text()), self.sheet.currentText() or None,
                       self.header_row.value(), overrides,
                       where, between, header(self.spread), header(self.balance),
                       worklist_columns=ticked or [header(self.case_column) or ""])

    def _reporter(self, progress: Progress) -> Any:
        def report(rows: int) -> None:
            progress.check()
            self.rows_read.emit(rows)
        return report

    def _start(self, work: Any, done: Any) -> None:
        progress = Progress()
        self.running = progress
        self.progress.show()
        self.cancel_button.show()
        self.status.setText("Läser filen …")
        for button in (self.frame_button, self.draw_button):
            button.setEnabled(False)

        def finish() -> None:
            self.running = None
            self.progress.hide()
            self.cancel_button.hide()
            for button in (self.frame_button, self.draw_button):
                button.setEnabled(True)

        def ok(result: Any) -> None:
            finish()
            self.status.setText("")
            done(result)

        def failed(error: BaseException) -> None:
            finish()
            if isinstance(error, Cancelled):
                self.status.setText("Läsningen avbröts.")
                return
            self.status.setText("")
            messages.show_error(self, str(error), "Urvalet kunde inte göras")

        self.tasks.run(self, lambda: work(progress), ok, failed)

    def cancel_reading(self) -> None:
        if self.running is not None:
            self.running.cancel()

    def show_frame(self) -> None:
        request = self.request()  # widgets are read here, on the GUI thread
        size = None if self.census.isChecked() else self.size.value()
        self._start(lambda progress: self._frame_op(progress, request, size),
                    self.frame_text.setText)

    def _frame_op(self, progress: Progress, request: Any, size: int | None) -> str:
        from internkontroll.core.sampling import draw
        from internkontroll.importers.population import no_cyclic_gc, read_population
        from internkontroll.store.sampling import members

        with no_cyclic_gc():
            request.progress = self._reporter(progress)
            population = read_population(request, self.template)
            text = self._frame_text(population, request, size, draw, members)
            del population  # freed now, so the collector has little to walk when it resumes
        return text

    def _frame_text(self, population: Any, request: Any, size: int | None, draw: Any,
                    members: Any) -> str:
        nouns = self.template.words
        text = (f"Urvalsramen: {len(population.frame)} {nouns.get('cases', 'ärenden')} "
                f"({population.frame_rows} {nouns.get('rows', 'rader')}) av "
                f"{population.rows_read} lästa rader.")
        if population.frame and (size is None or size <= len(population.frame)):
            result = draw(members(population, request.spread, request.balance), size, 1,
                          spread=bool(request.spread), balance=bool(request.balance))
            if len(result.strata) > 1:
                parts = [f"{' / '.join(v for v in (s['spread'], s['balance']) if v) or '–'}: "
                         f"{s['drawn']} av {s['frame']}" for s in result.strata]
                text += " Fördelning: " + "; ".join(parts) + "."
        return text

    # drawing -----------------------------------------------------------------------------
    def draw(self) -> None:
        if not self.path.text():
            messages.show_error(self, "Välj först filen att dra urvalet ur.")
            return
        request = self.request()  # widgets are read here, on the GUI thread
        size = None if self.census.isChecked() else self.size.value()
        reserves = self.reserves.value()
        self._start(lambda progress: self._draw_op(progress, request, size, reserves),
                    self._drawn)

    def _draw_op(self, progress: Progress, request: Any, size: int | None,
                 reserves: int) -> tuple[int, list[str], list[Any]]:
        from internkontroll.core.sampling import draw
        from internkontroll.importers.population import no_cyclic_gc, read_population
        from internkontroll.store.reviews import create_review
        from internkontroll.store.sampling import (
            Settings,
            filter_record,
            members,
            save_mapping,
            store_draw,
        )

        seed = secrets.randbelow(10**9)
        with no_cyclic_gc():
            request.progress = self._reporter(progress)
            population = read_population(request, self.template)
            # The same path as the command line: fields as the file names them, values guarded,
            # and filters on private columns kept out of the nämnd's method text.
            filters = filter_record(request.where, request.between, population)
            result = draw(members(population, request.spread, request.balance), size, seed,
                          spread=bool(request.spread), balance=bool(request.balance),
                          reserves=reserves)
            with self.db.session() as session:
                review = create_review(session, **self.spec)
                store_draw(session, review, self.template, result, population,
                           Settings(size, seed, request.spread, request.balance, reserves,
                                    filters))
                save_mapping(session, population)
            headers, rows = worklist_rows(population, result)
            del population, result  # freed before the collector resumes
        return review.id or 0, headers, rows

    def _drawn(self, outcome: tuple[int, list[str], list[Any]]) -> None:
        review_id, headers, rows = outcome
        self.review_id = review_id
        self.save_worklist(headers, rows)
        self.accept()

    def save_worklist(self, headers: list[str], rows: list[Any]) -> None:
        from internkontroll.reports.worklist import write_worklist

        name, _ = QFileDialog.getSaveFileName(
            self, "Spara arbetslistan (innehåller sekretessuppgifter)",
            str(Path.home() / f"arbetslista {self.spec['label']}.xlsx"), "Excel (*.xlsx)")
        if not name:
            messages.show_info(self, "Urvalet är sparat. Arbetslistan kan skapas senare genom "
                               "att dra samma urval igen ur samma fil.")
            return
        write_worklist(Path(name).with_suffix(".xlsx"),
                       f"Arbetslista – {self.template.title}, {self.spec['label']}", headers,
                       rows)
