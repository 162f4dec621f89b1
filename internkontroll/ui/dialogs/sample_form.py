"""The sampling dialog's form: its widgets, filling the column choices from the file's header
row, and reading the choices back as a plain request. The actions are in ``sample.py``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
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
    QVBoxLayout,
    QWidget,
)

from internkontroll.core.templates import Template
from internkontroll.ui.dialogs.fields import checked, date_edit
from internkontroll.ui.dialogs.precision import PrecisionBox

if TYPE_CHECKING:
    from internkontroll.importers.population import Request
    from internkontroll.store.carry import CarryOver

NONE = "– ingen –"
Fill = Callable[[QComboBox, bool, int | None], None]


def button(text: str, action: Callable[[], None]) -> QPushButton:
    """A push button that Enter never presses: Enter in the file field reads the file, and
    must not draw the sample."""
    made = QPushButton(text)
    made.setAutoDefault(False)
    made.setDefault(False)
    made.clicked.connect(action)
    return made


class SampleForm(QDialog):
    """The widgets; ``SampleDialog`` adds what they do."""

    def __init__(self, template: Template, spec: dict[str, Any], parent: QWidget | None,
                 carry: CarryOver | None) -> None:
        super().__init__(parent)
        self.template, self.spec = template, spec
        self.carry = carry  # "som förra gången": the previous draw's choices
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.saved: dict[str, dict[str, str]] = {}  # column choices made before, by layout

    # actions, given by SampleDialog ------------------------------------------------------
    def choose_file(self) -> None:
        raise NotImplementedError

    def read_typed_path(self) -> None:
        raise NotImplementedError

    def load_preview(self) -> bool:
        raise NotImplementedError

    def load_values(self) -> None:
        raise NotImplementedError

    def show_frame(self) -> None:
        raise NotImplementedError

    def draw(self) -> None:
        raise NotImplementedError

    def cancel_reading(self) -> None:
        raise NotImplementedError

    # building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.path = QLineEdit()
        self.path.setAccessibleName("Fil")
        self.path.setPlaceholderText("Lista från verksamhetssystemet (CSV eller Excel); "
                                     "skriv sökvägen och tryck Enter, eller välj fil")
        self.path.returnPressed.connect(self.read_typed_path)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Blad")
        self.sheet.activated.connect(lambda _: self.load_preview())
        file_row = QHBoxLayout()
        for widget in (self.path, button("&Välj fil …", self.choose_file), QLabel("Blad"),
                       self.sheet):
            file_row.addWidget(widget)
        self.preview = QTableWidget()
        self.preview.setAccessibleName("Förhandsvisning av filen")
        self.preview.setMaximumHeight(190)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.preview)
        boxes = QHBoxLayout()
        boxes.addWidget(self._column_box(), 3)
        right = QVBoxLayout()
        right.addWidget(self._mode_box())
        right.addWidget(self._precision_box())
        right.addWidget(self._attribute_box())
        right.addStretch()
        boxes.addLayout(right, 2)
        layout.addLayout(boxes)
        self.frame_text = QLabel("Välj fil och villkor, och visa sedan urvalsramen.")
        self.frame_text.setWordWrap(True)
        self.frame_text.setAccessibleName("Urvalsram och fördelning")
        layout.addWidget(self.frame_text)
        layout.addLayout(self._actions())

    def _column_box(self) -> QGroupBox:
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 30)
        self.header_row.setAccessibleName("Rubrikrad")
        self.header_row.valueChanged.connect(lambda _: self._columns_from_preview())
        self.case_column, self.filter_column, self.date_column = (QComboBox(), QComboBox(),
                                                                  QComboBox())
        self.filter_values = QListWidget()
        self.filter_values.setMaximumHeight(110)
        self.filter_values.setAccessibleName("Värden att ta med")
        self.date_from = date_edit(QDate.currentDate().addMonths(-6))
        self.date_to = date_edit(QDate.currentDate())
        self.date_from.setAccessibleName("Datum från")
        self.date_to.setAccessibleName("Datum till")
        if self.spec.get("period"):
            start, end = self.spec["period"]
            self.date_from.setDate(QDate.fromString(start, "yyyy-MM-dd"))
            self.date_to.setDate(QDate.fromString(end, "yyyy-MM-dd"))
        for name, combo in (("Ärendekolumn", self.case_column),
                            ("Villkor på kolumn", self.filter_column),
                            ("Datumkolumn", self.date_column)):
            combo.setAccessibleName(name)
        columns = QFormLayout()
        columns.addRow("&Rubrikrad", self.header_row)
        columns.addRow("Ä&rendekolumn", self.case_column)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_column)
        filters.addWidget(button("Hämta &värden", self.load_values))
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
        box = QGroupBox("Kolumner och villkor")
        box.setLayout(columns)
        return box

    def _mode_box(self) -> QGroupBox:
        self.spread, self.balance = QComboBox(), QComboBox()
        self.spread.setAccessibleName("Sprid över")
        self.balance.setAccessibleName("Jämn fördelning efter")
        mode = QFormLayout()
        mode.addRow("&Sprid över", self.spread)
        mode.addRow("&Jämn fördelning efter", self.balance)
        self.sample_size = QSpinBox()
        self.sample_size.setRange(1, 100000)
        self.sample_size.setValue(20)
        self.sample_size.setAccessibleName("Antal ärenden")
        self.census = QCheckBox("Samtliga (totalundersökning)")
        self.census.toggled.connect(lambda on: self.sample_size.setEnabled(not on))
        size_row = QHBoxLayout()
        size_row.addWidget(self.sample_size)
        size_row.addWidget(self.census)
        mode.addRow("Antal", size_row)
        self.reserves = QSpinBox()
        self.reserves.setRange(0, 1000)
        self.reserves.setValue(5)
        self.reserves.setAccessibleName("Reserver")
        mode.addRow("Rese&rver", self.reserves)
        self.seed = QLineEdit()
        self.seed.setAccessibleName("Slumptal (seed)")
        self.seed.setPlaceholderText("tomt = ett nytt slumptal")
        self.seed.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,18}")))
        self.seed.setToolTip("Lämna tomt för ett nytt slumptal. Med samma fil, samma villkor "
                             "och samma slumptal blir urvalet detsamma; slumptalet står i "
                             "urvalsprotokollet.")
        mode.addRow("Slum&ptal (seed)", self.seed)
        box = QGroupBox("Urval")
        box.setLayout(mode)
        return box

    def _precision_box(self) -> PrecisionBox:
        self.precision = PrecisionBox()
        self.precision.follow(self.sample_size, self.census)
        return self.precision

    def _attribute_box(self) -> QGroupBox:
        self.attribute_columns: dict[str, QComboBox] = {}
        attributes = QFormLayout()
        for attribute in self.template.attributes:
            combo = QComboBox()
            combo.setAccessibleName(f"Kolumn för {attribute.label.lower()}")
            attributes.addRow(attribute.label, combo)
            self.attribute_columns[attribute.key] = combo
        box = QGroupBox("Uppgifter om ärendena från filen")
        box.setToolTip("Uppgifterna sparas på ärendena och styr vilka kontrollmoment som är "
                       "aktuella. Valen sparas till nästa fil med samma kolumner.")
        box.setLayout(attributes)
        return box

    def _actions(self) -> QHBoxLayout:
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel()
        self.cancel_button = button("Avbryt läsningen", self.cancel_reading)
        self.cancel_button.hide()
        self.frame_button = button("Visa &urvalsram", self.show_frame)
        self.draw_button = button("&Dra urvalet", self.draw)
        actions = QHBoxLayout()
        for widget in (self.progress, self.status, self.cancel_button):
            actions.addWidget(widget)
        actions.addStretch()
        for widget in (self.frame_button, self.draw_button, button("Stäng", self.reject)):
            actions.addWidget(widget)
        return actions

    # the columns of the header row -------------------------------------------------------
    def _columns_from_preview(self) -> None:
        from internkontroll.importers.columns import map_columns, signature

        row = self.header_row.value() - 1
        if not self.rows or row >= len(self.rows):
            return
        self.preview.selectRow(row)
        self.headers = list(self.rows[row])
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

    def _apply_carry(self, fill: Fill) -> None:
        """Last time's spread, balance, condition, size and reserves, by header."""
        from internkontroll.core.templates import make_key

        def column(name: str | None) -> int | None:
            wanted = make_key(name or "")
            return next((i for i, h in enumerate(self.headers) if h and make_key(h) == wanted),
                        None) if name else -1

        carry = self.carry
        assert carry is not None
        fill(self.spread, True, column(carry.spread))
        fill(self.balance, True, column(carry.balance))
        if carry.where:
            fill(self.filter_column, True, column(carry.where[0][0]))
        if carry.date_field and self.spec.get("period"):
            fill(self.date_column, True, column(carry.date_field))
        self.census.setChecked(carry.size is None)
        if carry.size is not None:
            self.sample_size.setValue(carry.size)
        self.reserves.setValue(carry.reserves)

    def _show_values(self, values: list[str]) -> None:
        self.filter_values.clear()
        for value in values:
            item = QListWidgetItem(value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = self.carry is not None and any(
                value in values for _, values in self.carry.where[:1])
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.filter_values.addItem(item)

    # reading the form --------------------------------------------------------------------
    def chosen_seed(self) -> int | None:
        text = self.seed.text().strip()
        return int(text) if text else None

    def request(self) -> Request:
        """The file and the choices as the operations take them (on the GUI thread)."""
        from internkontroll.importers.population import Request

        def header(combo: QComboBox) -> str | None:
            index = combo.currentData()
            return self.headers[index] if index is not None and index >= 0 else None

        where = []
        chosen = checked(self.filter_values)
        if header(self.filter_column) and chosen:
            where.append((header(self.filter_column) or "", chosen))
        between = []
        if header(self.date_column):
            between.append((header(self.date_column) or "",
                            self.date_from.date().toString("yyyy-MM-dd"),
                            self.date_to.date().toString("yyyy-MM-dd")))
        overrides = {"arende": header(self.case_column) or ""}
        for key, combo in self.attribute_columns.items():
            if header(combo):
                overrides[key] = header(combo) or ""
        return Request(Path(self.path.text().strip()), self.sheet.currentText() or None,
                       self.header_row.value(), overrides,
                       where, between, header(self.spread), header(self.balance),
                       worklist_columns=checked(self.worklist_columns)
                       or [header(self.case_column) or ""])
