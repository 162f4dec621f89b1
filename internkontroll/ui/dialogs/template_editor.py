"""The template editor: create, copy or edit a control (kontroll).

Everything is built from fields, lists and drop-downs; rules are never typed as syntax. Keys are
made from the text when something is created and never change afterwards. Saving a template
that kontrolltillfällen use adds a new version (``ops.templates.save_template``). The tabs live
in ``template_items`` and ``template_lists``; this module loads, assembles and saves.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from internkontroll.core.templates import MONTHS, TABLE
from internkontroll.ops import templates as ops
from internkontroll.ui import messages
from internkontroll.ui.dialogs import ok_cancel
from internkontroll.ui.dialogs.template_items import ItemsPart
from internkontroll.ui.dialogs.template_lists import AttributesPart, ReportPart, ScalesPart
from internkontroll.ui.dialogs.template_parts import put, scrolled

if TYPE_CHECKING:
    from internkontroll.store.db import Database
    from internkontroll.ui.tasks import Tasks

PLAN = (("process", "Process/rutin"), ("kontrollmoment", "Kontrollmoment (inledning)"),
        ("frekvens", "Frekvens"), ("kontrollansvar", "Kontrollansvar"), ("metod", "Metod"),
        ("matperiod", "Mätperiod"), ("arbetssatt", "Så gör vi"))


class TemplateEditor(ItemsPart, AttributesPart, ScalesPart, ReportPart, QDialog):
    def __init__(self, db: Database, tasks: Tasks, key: str | None, copy_of: bool = False,
                 parent: QWidget | None = None) -> None:
        """``key``: the control to edit or copy (its latest version); ``None``: a new one.

        The control is read in the background; the tabs appear when it has been read."""
        super().__init__(parent)
        self.db, self.tasks = db, tasks
        self.saved: tuple[int, int] | None = None  # (id, version) once saved
        self.base_id: int | None = None
        self.current = -1
        self.setWindowTitle("Ny kontroll" if key is None or copy_of else "Redigera kontroll")
        self.body = QVBoxLayout(self)
        self.waiting = QLabel("Öppnar kontrollen …")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.waiting, 1)
        self.buttons = ok_cancel(self, "Spara")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setEnabled(False)
        self.body.addWidget(self.buttons)
        screen = self.screen().availableGeometry()
        # The window frame is not part of the size: leave room for it.
        self.resize(min(1000, screen.width() - 20), min(700, screen.height() - 40))
        if key is None:
            self._loaded(ops.load_template(db, None).value)  # nothing to read
        else:
            tasks.run(self, lambda: ops.load_template(db, key, copy_of), self._loaded,
                      self._not_loaded)

    def _not_loaded(self, error: BaseException) -> None:
        messages.show_error(self, str(error), "Kontrollen kan inte öppnas")
        # Closed once its exec() runs: the error may arrive before the dialog is shown.
        QTimer.singleShot(0, self, self.reject)

    def _loaded(self, draft: ops.Draft) -> None:
        self.data = copy.deepcopy(draft.data)
        self.base_id = draft.base_id
        self.items = [dict(i) for i in self.data.get("items", [])]
        self.attributes = [dict(a) for a in self.data.get("attributes", [])]
        self.indicators = [dict(i) for i in self.data.get("indicators", [])]
        if draft.base_id is not None:
            self.setWindowTitle(f"Redigera kontroll – {self.data['title']}")
        tabs = QTabWidget()
        tabs.addTab(scrolled(self._general()), "&Allmänt")
        tabs.addTab(self._attributes_tab(), "&Uppgifter om ärendet")
        tabs.addTab(self._items_tab(), "&Kontrollmoment")
        tabs.addTab(scrolled(self._scales_tab()), "&Skalor")
        tabs.addTab(scrolled(self._report_tab()), "&Redovisning")
        note = QLabel("Kontrollen används av kontrolltillfällen. När du sparar blir det en ny "
                      "version; de tidigare kontrolltillfällena behåller den de gjordes med."
                      if draft.used else "Ändringarna sparas i kontrollen.")
        note.setWordWrap(True)
        self.body.removeWidget(self.waiting)
        self.waiting.deleteLater()
        self.body.insertWidget(0, tabs, 1)
        self.body.insertWidget(1, note)
        self.save_button.setEnabled(True)
        self.title.setFocus()

    def _general(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        outer = QVBoxLayout(page)
        outer.addLayout(form)
        outer.addStretch()
        self.title = QLineEdit(self.data.get("title", ""))
        self.title.setAccessibleName("Kontrollens namn")
        form.addRow("&Namn", self.title)
        months = QGridLayout()
        chosen = {MONTHS[m - 1] if isinstance(m, int) else m
                  for m in self.data.get("reporting_months", [])}
        self.months: list[QCheckBox] = []
        for n, name in enumerate(MONTHS):
            box = QCheckBox(name)
            box.setChecked(name in chosen)
            months.addWidget(box, n // 6, n % 6)
            self.months.append(box)
        form.addRow("Redovisas i", months)
        self.plan: dict[str, QPlainTextEdit] = {}
        for key, label in PLAN:
            edit = QPlainTextEdit(self.data.get("plan", {}).get(key, ""))
            edit.setAccessibleName(label)
            edit.setMaximumHeight(60)
            edit.setTabChangesFocus(True)
            self.plan[key] = edit
            form.addRow(label, edit)
        return page

    # saving --------------------------------------------------------------------------------
    def template_data(self) -> dict[str, Any]:
        """The template as edited, as data (what ``template_from_dict`` reads)."""
        self._store_item()
        self._store_attribute()
        data = copy.deepcopy(self.data)
        data["title"] = self.title.text().strip()
        data["reporting_months"] = [box.text() for box in self.months if box.isChecked()]
        plan = dict(data.get("plan", {}))
        for key, edit in self.plan.items():
            put(plan, key, edit.toPlainText().strip())
        data["plan"] = plan
        data["attributes"] = copy.deepcopy(self.attributes)
        data["items"] = copy.deepcopy(self.items)
        for key, (table, headline) in self.scale_tables.items():
            data["scales"][key] = {**data["scales"][key], "options": table.rows(),
                                   "headline": headline.currentData()}
        before = {(b["attribute"] if isinstance(b, dict) else b): b
                  for b in data.get("breakdowns", [])}
        breakdowns: list[Any] = []
        for key, (box, shown_as) in self.breakdowns.items():
            if box.isChecked():
                within = before[key].get("within", "") if isinstance(before.get(key),
                                                                     dict) else ""
                layout = shown_as.currentData()
                breakdowns.append({"attribute": key, "layout": layout, "within": within}
                                  if layout != TABLE or within else key)
        if breakdowns or "breakdowns" in data:
            data["breakdowns"] = breakdowns
        self._store_indicator()
        if self.indicators or "indicators" in data:
            data["indicators"] = copy.deepcopy(self.indicators)
        return data

    def accept(self) -> None:
        if not self.save_button.isEnabled():  # still reading, or already saving
            return
        data = self.template_data()
        if not data["title"]:
            messages.show_error(self, "Ge kontrollen ett namn.")
            return
        db, base_id = self.db, self.base_id
        self.save_button.setEnabled(False)
        self.tasks.run(self, lambda: ops.save_template(db, data, base_id), self._saved,
                       self._not_saved)

    def _saved(self, saved: ops.Saved) -> None:
        self.saved = (saved.id, saved.version)
        super().accept()

    def _not_saved(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        messages.show_error(self, str(error), "Kontrollen kan inte sparas")
