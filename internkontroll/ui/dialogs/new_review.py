"""Nytt kontrolltillfälle: control, label, date and period, and how the cases come in."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from internkontroll.core.errors import InvalidInput
from internkontroll.core.period_counts import PeriodCounts
from internkontroll.core.templates import Template
from internkontroll.ops import Changes
from internkontroll.ui import messages
from internkontroll.ui.dialogs import ok_cancel
from internkontroll.ui.dialogs.counts import CountsDialog
from internkontroll.ui.dialogs.fields import date_edit
from internkontroll.ui.tasks import Tasks

if TYPE_CHECKING:
    from internkontroll.ops.sampling import NewReview
    from internkontroll.store.carry import CarryOver
    from internkontroll.store.db import Database

SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov",
                "Dec")
DRAW, BY_HAND, IMPORT, COUNTS = range(4)


def default_label(today: date, reporting_months: tuple[int, ...] | list[int]) -> str:
    """The label of the control's next reporting month ("Maj -27" on 2 December 2026 when it
    is reported in May and November); today's month when it has none."""
    months = sorted(reporting_months)
    month, year = today.month, today.year
    if months:
        upcoming = next((m for m in months if m >= month), None)
        month, year = (upcoming, year) if upcoming is not None else (months[0], year + 1)
    return f"{SHORT_MONTHS[month - 1]} -{year % 100:02d}"


class NewReviewDialog(QDialog):
    def __init__(self, db: Database, tasks: Tasks, parent: QWidget | None = None,
                 carry_from: int | None = None) -> None:
        """``carry_from``: the review whose settings "Ny kontroll som förra gången" copies."""
        super().__init__(parent)
        from internkontroll.ops import sampling, templates

        self.db, self.tasks = db, tasks
        self.carry: CarryOver | None = None  # "som förra gången"
        self.review_id: int | None = None
        self.open_scoring = False
        self.templates: list[Template] = []
        self.setWindowTitle("Nytt kontrolltillfälle")
        self.control = QComboBox()
        self.control.setAccessibleName("Kontroll")
        today = QDate.currentDate()
        self.date = date_edit(today)
        self.date.setAccessibleName("Datum")
        self.label = QLineEdit()
        self.label.setAccessibleName("Etikett")
        self.label.setToolTip("Så heter kontrolltillfället i jämförelser, t.ex. 'Nov -22'. "
                              "Förslaget är kontrollens nästa redovisningsmånad.")
        self.label_typed = False  # the user's own label is kept when the control changes
        self.label.textEdited.connect(lambda _: setattr(self, "label_typed", True))
        self.control.currentIndexChanged.connect(lambda _: self._suggest_label())
        self.with_period = QCheckBox("Mätperiod")
        self.period_start = date_edit(today.addMonths(-6))
        self.period_end = date_edit(today)
        for widget in (self.period_start, self.period_end):
            widget.setEnabled(False)
            self.with_period.toggled.connect(widget.setEnabled)
        self.period_start.setAccessibleName("Periodens början")
        self.period_end.setAccessibleName("Periodens slut")
        period = QHBoxLayout()
        for part in (self.with_period, self.period_start, self.period_end):
            period.addWidget(part)
        self.sources = QButtonGroup(self)
        texts = ["Dra ett urval ur en lista från verksamhetssystemet (CSV eller Excel)",
                 "Ange ärenden för hand", "Importera en ifylld bedömningsfil",
                 "Tidigare period – skriv in antal per kontrollmoment"]
        source_box = QVBoxLayout()
        for n, text in enumerate(texts):
            button = QRadioButton(text)
            self.sources.addButton(button, n)
            source_box.addWidget(button)
            if n == BY_HAND:
                self.count = QSpinBox()
                self.count.setRange(1, 500)
                self.count.setValue(20)
                self.count.setPrefix("Antal ärenden: ")
                self.count.setAccessibleName("Antal ärenden")
                source_box.addWidget(self.count)
        self.sources.button(DRAW).setChecked(True)
        form = QFormLayout()
        form.addRow("&Kontroll", self.control)
        form.addRow("&Etikett", self.label)
        form.addRow("&Datum", self.date)
        form.addRow("", period)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(source_box)
        self.buttons = ok_cancel(self, "Fortsätt")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout.addWidget(self.buttons)

        def load() -> tuple[list[Template], CarryOver | None]:
            found = templates.controls(db).value
            carried = sampling.carry_over(db, carry_from).value if carry_from is not None \
                else None
            return found, carried

        self.tasks.run(self, load, self._loaded, lambda e: messages.show_error(self, str(e)))

    def on_changes(self, changes: Changes) -> None:
        """The controls are read when the dialog opens; nothing here follows later changes."""

    def _loaded(self, loaded: tuple[list[Template], CarryOver | None]) -> None:
        self.templates, self.carry = loaded
        self.control.blockSignals(True)
        for template in self.templates:
            self.control.addItem(template.title, template.key)
        self.control.blockSignals(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.templates))
        if self.carry is not None:
            self._fill_from(self.carry)
        self._suggest_label()

    def _suggest_label(self) -> None:
        if self.label_typed or not self.templates:
            return
        today = QDate.currentDate()
        self.label.setText(default_label(date(today.year(), today.month(), today.day()),
                                         self.template().reporting_months))

    def _fill_from(self, carry: CarryOver) -> None:
        self.setWindowTitle(f"Ny kontroll som förra gången ({carry.previous_label})")
        self.control.setCurrentIndex(max(0, self.control.findData(carry.template_key)))
        if carry.period:
            self.with_period.setChecked(True)
            self.period_start.setDate(QDate.fromString(carry.period[0], "yyyy-MM-dd"))
            self.period_end.setDate(QDate.fromString(carry.period[1], "yyyy-MM-dd"))
        if carry.sampled:
            self.sources.button(DRAW).setChecked(True)
        elif carry.cases:
            self.sources.button(BY_HAND).setChecked(True)
            self.count.setValue(carry.cases)

    def template(self) -> Template:
        return self.templates[self.control.currentIndex()]

    def spec(self) -> dict[str, Any]:
        """What a new review needs, as typed by the user."""
        period = None
        if self.with_period.isChecked():
            period = (self.period_start.date().toString("yyyy-MM-dd"),
                      self.period_end.date().toString("yyyy-MM-dd"))
        return {"template_key": self.template().key, "label": self.label.text(),
                "when": self.date.date().toString("yyyy-MM-dd"), "period": period}

    def new_review(self) -> NewReview:
        from internkontroll.ops.sampling import NewReview

        spec = self.spec()
        return NewReview(spec["template_key"], spec["label"], spec["when"], spec["period"])

    def accept(self) -> None:
        if not self.templates:
            return
        source = self.sources.checkedId()
        if source == DRAW:
            from internkontroll.ui.dialogs.sample import SampleDialog

            dialog = SampleDialog(self.db, self.tasks, self.template(), self.spec(), self,
                                  self.carry)
            accepted = dialog.exec()
            dialog.deleteLater()
            if accepted and dialog.review_id is not None:
                self._done(dialog.review_id, True)
            return
        if source == COUNTS:
            counts = CountsDialog(self.template(), self)
            if counts.exec():
                try:
                    entered = counts.values()
                except InvalidInput as error:
                    messages.show_error(self, str(error))
                    return
                self._create(counts=entered)
            return
        if source == IMPORT:
            name, _ = QFileDialog.getOpenFileName(self, "Importera bedömningar", "",
                                                  "CSV eller Excel (*.csv *.xlsx *.txt)")
            if name:
                self._create(import_file=Path(name))
            return
        self._create(cases=self.count.value())

    def _create(self, cases: int = 0, import_file: Path | None = None,
                counts: PeriodCounts | None = None) -> None:
        from internkontroll.ops.reviews import create

        spec, db = self.new_review(), self.db
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)  # one review per click, also while the worker is busy

        def failed(error: BaseException) -> None:
            ok.setEnabled(True)
            messages.show_error(self, str(error))

        self.tasks.run(self, lambda: create(db, spec.template_key, spec.label, spec.when,
                                            spec.period, cases=cases, import_file=import_file,
                                            counts=counts),
                       lambda review_id: self._done(review_id, counts is None), failed)

    def _done(self, review_id: int, open_scoring: bool) -> None:
        # Last period's texts are not copied: the texts view offers them beside each field.
        self.review_id, self.open_scoring = review_id, open_scoring
        super().accept()
