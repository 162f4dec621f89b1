"""Nytt kontrolltillfälle: control, label, date and period, and how the cases come in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from internkontroll.core.templates import Template
from internkontroll.ui import messages
from internkontroll.ui.dialogs import ok_cancel
from internkontroll.ui.tasks import Tasks

SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov",
                "Dec")
DRAW, BY_HAND, IMPORT, COUNTS = range(4)


def date_edit(value: QDate) -> QDateEdit:
    edit = QDateEdit(value)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


class NewReviewDialog(QDialog):
    def __init__(self, db: Any, tasks: Tasks, parent: QWidget | None = None,
                 carry_from: int | None = None) -> None:
        """``carry_from``: the review whose settings "Ny kontroll som förra gången" copies."""
        super().__init__(parent)
        from internkontroll.store.carry import carry_over
        from internkontroll.store.templates import latest_templates

        self.db, self.tasks = db, tasks
        self.carry = None  # "som förra gången": a store.carry.CarryOver
        if carry_from is not None:
            with db.session() as session:
                self.carry = carry_over(session, carry_from)
        self.review_id: int | None = None
        self.open_scoring = False
        self.setWindowTitle("Nytt kontrolltillfälle")
        with db.session() as session:
            self.templates = [t for _, t in latest_templates(session)]
        self.control = QComboBox()
        for template in self.templates:
            self.control.addItem(template.title, template.key)
        self.control.setAccessibleName("Kontroll")
        today = QDate.currentDate()
        self.date = date_edit(today)
        self.date.setAccessibleName("Datum")
        self.label = QLineEdit(f"{SHORT_MONTHS[today.month() - 1]} -{today.year() % 100:02d}")
        self.label.setAccessibleName("Etikett")
        self.label.setToolTip("Så heter kontrolltillfället i jämförelser, t.ex. 'Nov -22'.")
        self.with_period = QCheckBox("Mätperiod")
        self.period_start = date_edit(today.addMonths(-6))
        self.period_end = date_edit(today)
        for widget in (self.period_start, self.period_end):
            widget.setEnabled(False)
            self.with_period.toggled.connect(widget.setEnabled)
        self.period_start.setAccessibleName("Periodens början")
        self.period_end.setAccessibleName("Periodens slut")
        period = QHBoxLayout()
        for widget in (self.with_period, self.period_start, self.period_end):
            period.addWidget(widget)
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
        layout.addWidget(ok_cancel(self, "Fortsätt"))
        if self.carry is not None:
            self._fill_from(self.carry)

    def _fill_from(self, carry: Any) -> None:
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
        """What ``create_review`` needs, as typed by the user."""
        period = None
        if self.with_period.isChecked():
            period = (self.period_start.date().toString("yyyy-MM-dd"),
                      self.period_end.date().toString("yyyy-MM-dd"))
        return {"template_key": self.template().key, "label": self.label.text(),
                "when": self.date.date().toString("yyyy-MM-dd"), "period": period}

    def accept(self) -> None:
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
                self._create(counts_only=True, counts=counts.values())
            return
        if source == IMPORT:
            name, _ = QFileDialog.getOpenFileName(self, "Importera bedömningar", "",
                                                  "CSV eller Excel (*.csv *.xlsx *.txt)")
            if name:
                self._create(import_file=Path(name))
            return
        self._create(cases=self.count.value())

    def _create(self, cases: int = 0, import_file: Path | None = None,
                counts_only: bool = False, counts: dict[str, dict[str, int]] | None = None
                ) -> None:
        from internkontroll.importers.assessments import read_assessment_file
        from internkontroll.store.assessments import import_rows
        from internkontroll.store.reviews import create_review, store_counts
        from internkontroll.store.scoring import add_cases

        spec, template = self.spec(), self.template()

        def op() -> int:
            rows = read_assessment_file(import_file, template) if import_file else None
            with self.db.session() as session:
                review = create_review(session, counts_only=counts_only, **spec)
                if counts is not None:
                    store_counts(session, review, template, counts)
                elif rows is not None:
                    import_rows(session, review.id or 0, rows,
                                import_file.name if import_file else "fil")
                elif cases:
                    add_cases(session, review.id or 0, cases)
                return review.id or 0

        self.tasks.run(self, op, lambda review_id: self._done(review_id, not counts_only),
                       lambda error: messages.show_error(self, str(error)))

    def _done(self, review_id: int, open_scoring: bool) -> None:
        self.review_id, self.open_scoring = review_id, open_scoring
        if self.carry is not None and self.carry.texts:
            from internkontroll.store.reviews import get_review
            from internkontroll.store.texts import set_texts

            with self.db.session() as session:  # last time's texts, for the user to adjust
                review, template = get_review(session, review_id)
                set_texts(session, review, template, self.carry.texts)
        super().accept()


class CountsDialog(QDialog):
    """An earlier period: a table of items × options to type counts into."""

    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.setWindowTitle("Tidigare period – antal")
        options = [o for o in template.main.options]
        self.table = QTableWidget(len(template.items), len(options))
        self.table.setHorizontalHeaderLabels([o.label for o in options])
        self.table.setVerticalHeaderLabels([i.text for i in template.items])
        self.table.setAccessibleName("Antal per kontrollmoment och bedömning")
        for r in range(len(template.items)):
            for c in range(len(options)):
                self.table.setItem(r, c, QTableWidgetItem("0"))
        self.table.resizeColumnsToContents()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(ok_cancel(self, "Spara", self._check))
        self.resize(900, 420)

    def values(self) -> dict[str, dict[str, int]]:
        found: dict[str, dict[str, int]] = {}
        for r, item in enumerate(self.template.items):
            scale = self.template.scale_of(item)
            for c, option in enumerate(self.template.main.options):
                cell = self.table.item(r, c)
                text = cell.text().strip() if cell is not None else ""
                if option.key in [o.key for o in scale.options] and text.isdigit() and int(text):
                    found.setdefault(item.key, {})[option.key] = int(text)
        return found

    def _check(self) -> None:
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                cell = self.table.item(r, c)
                text = cell.text().strip() if cell is not None else ""
                if text and not text.isdigit():
                    messages.show_error(self, f"'{text}' är inte ett antal (rad {r + 1}).")
                    return
        self.accept()
