"""The template editor: create, copy or edit a control (kontroll).

Everything is built from fields, lists and drop-downs; rules are never typed as syntax. Keys are
made from the text when something is created and never change afterwards. Saving a template
that kontrolltillfällen use adds a new version (``store.templates.save_template``).
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from internkontroll.core.templates import EJ_AKTUELLT, MONTHS, is_caseworker, make_key
from internkontroll.ui import messages
from internkontroll.ui.dialogs import ok_cancel

PLAN = (("process", "Process/rutin"), ("frekvens", "Frekvens"),
        ("kontrollansvar", "Kontrollansvar"), ("metod", "Metod"),
        ("arbetssatt", "Så gör vi"))
ALWAYS = "Gäller alltid"


def blank_template() -> dict[str, Any]:
    """A new control: helt/delvis/saknas with ej aktuellt, no items yet."""
    return {"title": "", "reporting_months": [], "plan": {}, "main_scale": "hds",
            "scales": {"hds": {"headline": "helt", "options": [
                {"key": "helt", "label": "Helt"}, {"key": "delvis", "label": "Delvis"},
                {"key": "saknas", "label": "Saknas"},
                {"key": EJ_AKTUELLT, "label": "Ej aktuellt"}]}},
            "attributes": [], "items": [], "indicators": [], "breakdowns": []}


def _scrolled(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area


def _unique(text: str, taken: list[str]) -> str:
    base = make_key(text)
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


class OptionsTable(QWidget):
    """Rows of labels (and definitions) whose keys, once made, stay with their row."""

    def __init__(self, name: str, with_definition: bool) -> None:
        super().__init__()
        self.with_definition = with_definition
        self.table = QTableWidget(0, 2 if with_definition else 1)
        self.table.setHorizontalHeaderLabels(["Text", "Förklaring"][:self.table.columnCount()])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(name)
        add, remove = QPushButton("Lägg till rad"), QPushButton("Ta bort rad")
        add.clicked.connect(lambda: self.add_row({"label": ""}))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.table.setRowCount(0)
        for row in rows:
            self.add_row(row)

    def add_row(self, row: dict[str, Any]) -> None:
        n = self.table.rowCount()
        self.table.insertRow(n)
        label = QTableWidgetItem(str(row.get("label", "")))
        label.setData(Qt.ItemDataRole.UserRole, dict(row))
        self.table.setItem(n, 0, label)
        if self.with_definition:
            self.table.setItem(n, 1, QTableWidgetItem(str(row.get("definition", ""))))

    def rows(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for n in range(self.table.rowCount()):
            cell = self.table.item(n, 0)
            text = cell.text().strip() if cell is not None else ""
            if not text:
                continue
            row = dict(cell.data(Qt.ItemDataRole.UserRole) or {})
            row["key"] = row.get("key") or _unique(text, [r["key"] for r in found])
            row["label"] = text
            if self.with_definition:
                definition = self.table.item(n, 1)
                row["definition"] = definition.text().strip() if definition else ""
            found.append(row)
        return found


class TemplateEditor(QDialog):
    def __init__(self, db: Any, tasks: Any, key: str | None, copy_of: bool = False,
                 parent: QWidget | None = None) -> None:
        """``key``: the control to edit or copy (its latest version); ``None``: a new one."""
        super().__init__(parent)
        from internkontroll.store.templates import is_used, latest_template, template_by_id

        self.db, self.tasks = db, tasks
        self.saved: tuple[int, int] | None = None
        uses = False
        template_id = None
        if key is None:
            self.data = blank_template()
        else:
            with db.session() as session:
                template_id, _ = latest_template(session, key)
                self.data = copy.deepcopy(dict(template_by_id(session, template_id).raw))
                uses = not copy_of and is_used(session, template_id)
            if copy_of:
                self.data["title"] = f"{self.data['title']} (kopia)"
        self.base_id = None if copy_of else template_id
        self.items: list[dict[str, Any]] = [dict(i) for i in self.data.get("items", [])]
        self.attributes: list[dict[str, Any]] = [dict(a) for a in self.data.get("attributes",
                                                                                 [])]
        self.indicators: list[dict[str, Any]] = [dict(i) for i in self.data.get("indicators",
                                                                                 [])]
        self.current = -1
        self.setWindowTitle("Ny kontroll" if template_id is None or copy_of else
                            f"Redigera kontroll – {self.data['title']}")
        tabs = QTabWidget()
        tabs.addTab(self._general(), "&Allmänt")
        tabs.addTab(self._attributes_tab(), "&Uppgifter om ärendet")
        tabs.addTab(self._items_tab(), "&Kontrollmoment")
        tabs.addTab(_scrolled(self._scales_tab()), "&Skalor")
        tabs.addTab(_scrolled(self._report_tab()), "&Redovisning")
        note = QLabel("Kontrollen används av kontrolltillfällen. När du sparar blir det en ny "
                      "version; de tidigare kontrolltillfällena behåller sin." if uses else
                      "Ändringarna sparas i kontrollen.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(note)
        layout.addWidget(ok_cancel(self, "Spara"))
        screen = self.screen().availableGeometry()
        self.resize(min(1000, screen.width()), min(700, screen.height()))

    # tabs ----------------------------------------------------------------------------------
    def _general(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
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

    def _attributes_tab(self) -> QWidget:
        page = QWidget()
        self.attribute_list = QListWidget()
        self.attribute_list.setAccessibleName("Uppgifter om ärendet")
        self.attribute_label = QLineEdit()
        self.attribute_label.setAccessibleName("Uppgiftens namn")
        self.attribute_values = OptionsTable("Uppgiftens värden", False)
        self.attribute_current = -1
        self.attribute_list.currentRowChanged.connect(self._show_attribute)
        add = QPushButton("Lägg till uppgift …")
        add.clicked.connect(self._add_attribute)
        left = QVBoxLayout()
        left.addWidget(self.attribute_list)
        left.addWidget(add)
        right = QFormLayout()
        right.addRow("Namn", self.attribute_label)
        right.addRow("Värden (tomt = fritext)", self.attribute_values)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        self._fill_attribute_list()
        return page

    def _items_tab(self) -> QWidget:
        page = QWidget()
        self.item_list = QListWidget()
        self.item_list.setAccessibleName("Kontrollmoment")
        self.item_list.currentRowChanged.connect(self._show_item)
        add, up, down, remove = (QPushButton(t) for t in ("Lägg till …", "Upp", "Ner",
                                                         "Ta bort"))
        add.clicked.connect(self._add_item)
        up.clicked.connect(lambda: self._move_item(-1))
        down.clicked.connect(lambda: self._move_item(1))
        remove.clicked.connect(self._remove_item)
        row = QHBoxLayout()
        for button in (add, up, down, remove):
            row.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(self.item_list)
        left.addLayout(row)
        self.item_text = QLineEdit()
        self.item_text.setAccessibleName("Kontrollmomentets text")
        self.item_guidance = QPlainTextEdit()
        self.item_guidance.setAccessibleName("Bedömningsstöd")
        self.item_guidance.setMaximumHeight(140)
        self.item_scale = QComboBox()
        self.item_scale.setAccessibleName("Skala")
        self.rule_on = QComboBox()
        self.rule_on.setAccessibleName("Villkor")
        self.rule_values = QListWidget()
        self.rule_values.setAccessibleName("Villkorets värden")
        self.rule_values.setMaximumHeight(110)
        self.rule_on.activated.connect(lambda _: self._rule_values())
        form = QFormLayout()
        form.addRow("&Text", self.item_text)
        form.addRow("&Bedömningsstöd", self.item_guidance)
        form.addRow("S&kala", self.item_scale)
        form.addRow("&Aktuellt", self.rule_on)
        form.addRow("… när värdet är", self.rule_values)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 2)
        layout.addLayout(form, 3)
        self._fill_item_list()
        return page

    def _scales_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(QLabel("Alternativen i varje skala. Ett alternativ med texten "
                             "\"Ej aktuellt\" räknas inte med i andelarna."), 1)
        add = QPushButton("Lägg till skala …")
        add.clicked.connect(self._add_scale)
        top.addWidget(add)
        layout.addLayout(top)
        self.scale_layout = layout
        self.scale_tables: dict[str, tuple[OptionsTable, QComboBox]] = {}
        for key in self.data["scales"]:
            self._scale_box(key)
        return page

    def _add_scale(self) -> None:
        text = messages.ask_text(self, "Ny skala", "Alternativen, åtskilda med kommatecken, "
                                 "t.ex. \"Ja, Nej, Ej aktuellt\":", [])
        labels = [t.strip() for t in text.split(",") if t.strip()]
        if len(labels) < 2:
            return
        options = [{"key": _unique(label, []), "label": label} for label in labels]
        key = _unique("_".join(o["key"] for o in options), list(self.data["scales"]))
        self.data["scales"][key] = {"options": options, "headline": options[0]["key"]}
        self._scale_box(key)

    def _scale_box(self, key: str) -> None:
        """One scale's options and headline; a scale's key stays as it was made."""
        layout, scale = self.scale_layout, self.data["scales"][key]
        table = OptionsTable(f"Skalan {key}", True)
        table.set_rows(scale["options"])
        headline = QComboBox()
        headline.setAccessibleName(f"Huvudalternativ i skalan {key}")
        for option in scale["options"]:
            if option["key"] != EJ_AKTUELLT:
                headline.addItem(option.get("label", option["key"]), option["key"])
        headline.setCurrentIndex(max(0, headline.findData(scale.get("headline"))))
        layout.addWidget(QLabel(f"<b>{self._scale_name(key)}</b>"))
        layout.addWidget(table)
        row = QHBoxLayout()
        row.addWidget(QLabel("Huvudalternativ (redovisas som andel):"))
        row.addWidget(headline)
        row.addStretch()
        layout.addLayout(row)
        self.scale_tables[key] = (table, headline)

    def _report_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Redovisa resultatet uppdelat efter:"))
        self.breakdowns: dict[str, QCheckBox] = {}
        for attribute in self.attributes:
            # Results per handläggare never reach the nämnd: no box to choose them.
            caseworker = is_caseworker(attribute["key"]) or is_caseworker(
                attribute.get("label", ""))
            if attribute.get("values") and not caseworker:
                box = QCheckBox(attribute.get("label", attribute["key"]))
                box.setChecked(attribute["key"] in self.data.get("breakdowns", []))
                self.breakdowns[attribute["key"]] = box
                layout.addWidget(box)
        layout.addWidget(QLabel("<b>Indikatorer</b>: andelen ärenden där ett kontrollmoment "
                                "har något av de valda alternativen, t.ex. \"Erbjudits SIP\"."))
        self.indicator_list = QListWidget()
        self.indicator_list.setAccessibleName("Indikatorer")
        self.indicator_list.setMaximumHeight(110)
        self.indicator_list.currentRowChanged.connect(self._show_indicator)
        add = QPushButton("Lägg till indikator …")
        add.clicked.connect(self._add_indicator)
        self.indicator_label = QLineEdit()
        self.indicator_label.setAccessibleName("Indikatorns namn")
        self.indicator_item = QComboBox()
        self.indicator_item.setAccessibleName("Indikatorns kontrollmoment")
        self.indicator_item.activated.connect(lambda _: self._indicator_options(set()))
        self.indicator_options = QListWidget()
        self.indicator_options.setAccessibleName("Indikatorns alternativ")
        self.indicator_options.setMaximumHeight(110)
        self.indicator_headline = QCheckBox("Visas i sammanfattningen")
        form = QFormLayout()
        form.addRow("Namn", self.indicator_label)
        form.addRow("Kontrollmoment", self.indicator_item)
        form.addRow("Räknas när svaret är", self.indicator_options)
        form.addRow("", self.indicator_headline)
        row = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.indicator_list)
        left.addWidget(add)
        row.addLayout(left, 1)
        row.addLayout(form, 2)
        layout.addLayout(row)
        self.indicator_current = -1
        for indicator in self.indicators:
            self.indicator_list.addItem(indicator.get("label", indicator["key"]))
        if self.indicators:
            self.indicator_list.setCurrentRow(0)
        layout.addStretch()
        return page

    # indicators ----------------------------------------------------------------------------
    def _store_indicator(self) -> None:
        n = self.indicator_current
        if not 0 <= n < len(self.indicators):
            return
        indicator = self.indicators[n]
        indicator["label"] = self.indicator_label.text().strip() or indicator["key"]
        indicator["item"] = self.indicator_item.currentData()
        indicator["options"] = [self.indicator_options.item(r).data(Qt.ItemDataRole.UserRole)
                                for r in range(self.indicator_options.count())
                                if self.indicator_options.item(r).checkState()
                                == Qt.CheckState.Checked]
        indicator["headline"] = self.indicator_headline.isChecked()
        self.indicator_list.item(n).setText(indicator["label"])

    def _show_indicator(self, n: int) -> None:
        self._store_indicator()
        self.indicator_current = n
        if not 0 <= n < len(self.indicators):
            return
        indicator = self.indicators[n]
        self.indicator_label.setText(indicator.get("label", ""))
        self.indicator_item.clear()
        for item in self.items:
            self.indicator_item.addItem(item["text"], item["key"])
        self.indicator_item.setCurrentIndex(max(0, self.indicator_item.findData(
            indicator.get("item"))))
        self.indicator_headline.setChecked(bool(indicator.get("headline")))
        self._indicator_options(set(indicator.get("options", [])))

    def _indicator_options(self, chosen: set[str]) -> None:
        self.indicator_options.clear()
        item = next((i for i in self.items if i["key"] == self.indicator_item.currentData()),
                    None)
        if item is None:
            return
        for option in self.data["scales"][item["scale"]]["options"]:
            if option["key"] == EJ_AKTUELLT:
                continue
            entry = QListWidgetItem(option.get("label", option["key"]))
            entry.setData(Qt.ItemDataRole.UserRole, option["key"])
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if option["key"] in chosen
                                else Qt.CheckState.Unchecked)
            self.indicator_options.addItem(entry)

    def _add_indicator(self) -> None:
        if not self.items:
            messages.show_info(self, "Lägg först till ett kontrollmoment.")
            return
        label = messages.ask_text(self, "Ny indikator", "Vad heter indikatorn, t.ex. "
                                  "\"Erbjudits SIP\"?", [])
        if label:
            self._store_item()
            key = _unique(label, [i["key"] for i in self.indicators])
            self.indicators.append({"key": key, "label": label, "item": self.items[0]["key"],
                                    "options": []})
            self.indicator_list.addItem(label)
            self.indicator_list.setCurrentRow(len(self.indicators) - 1)

    # attributes ----------------------------------------------------------------------------
    def _fill_attribute_list(self) -> None:
        self.attribute_list.clear()
        for attribute in self.attributes:
            self.attribute_list.addItem(attribute.get("label", attribute["key"]))
        if self.attributes:
            self.attribute_list.setCurrentRow(0)

    def _store_attribute(self) -> None:
        n = self.attribute_current
        if 0 <= n < len(self.attributes):
            self.attributes[n]["label"] = self.attribute_label.text().strip() or \
                self.attributes[n]["key"]
            values = self.attribute_values.rows()
            if values:
                self.attributes[n]["values"] = values
            else:
                self.attributes[n].pop("values", None)
            self.attribute_list.item(n).setText(self.attributes[n]["label"])

    def _show_attribute(self, n: int) -> None:
        self._store_attribute()
        self.attribute_current = n
        if 0 <= n < len(self.attributes):
            self.attribute_label.setText(self.attributes[n].get("label", ""))
            self.attribute_values.set_rows(self.attributes[n].get("values", []))

    def _add_attribute(self) -> None:
        label = messages.ask_text(self, "Ny uppgift", "Vad heter uppgiften om ärendet, t.ex. "
                                  "Kön?", [])
        if label:
            key = _unique(label, [a["key"] for a in self.attributes])
            self.attributes.append({"key": key, "label": label, "values": []})
            self.attribute_list.addItem(label)
            self.attribute_list.setCurrentRow(len(self.attributes) - 1)

    # items ---------------------------------------------------------------------------------
    def _scale_name(self, key: str) -> str:
        options = self.data["scales"][key]["options"]
        return " / ".join(o.get("label", o["key"]) for o in options)

    def _fill_item_list(self, select: int = 0) -> None:
        self.current = -1
        self.item_list.clear()
        for n, item in enumerate(self.items, start=1):
            self.item_list.addItem(f"{n}. {item['text']}")
        if self.items:
            self.item_list.setCurrentRow(min(select, len(self.items) - 1))

    def _store_item(self) -> None:
        n = self.current
        if not 0 <= n < len(self.items):
            return
        item = self.items[n]
        item["text"] = self.item_text.text().strip() or item["text"]
        item["guidance"] = self.item_guidance.toPlainText().strip()
        item["scale"] = self.item_scale.currentData()
        target = self.rule_on.currentData()
        rest = list(item.get("applicable_when", []))[1:]  # further conditions are kept as is
        if target is None:
            item["applicable_when"] = rest
        else:
            kind, key = target.split(":", 1)
            chosen = [self.rule_values.item(r).data(Qt.ItemDataRole.UserRole)
                      for r in range(self.rule_values.count())
                      if self.rule_values.item(r).checkState() == Qt.CheckState.Checked]
            item["applicable_when"] = [{kind: key, "in": chosen}, *rest]
        self.item_list.item(n).setText(f"{n + 1}. {item['text']}")

    def _show_item(self, n: int) -> None:
        self._store_item()
        self.current = n
        if not 0 <= n < len(self.items):
            return
        item = self.items[n]
        self.item_text.setText(item["text"])
        self.item_guidance.setPlainText(item.get("guidance", ""))
        self.item_scale.clear()
        for key in self.data["scales"]:
            self.item_scale.addItem(self._scale_name(key), key)
        self.item_scale.setCurrentIndex(max(0, self.item_scale.findData(item["scale"])))
        self.rule_on.clear()
        self.rule_on.addItem(ALWAYS, None)
        for attribute in self.attributes:
            if attribute.get("values"):
                self.rule_on.addItem(f"När {attribute['label'].lower()} är …",
                                     f"attribute:{attribute['key']}")
        for number, earlier in enumerate(self.items[:n], start=1):
            self.rule_on.addItem(f"När moment {number} är …", f"item:{earlier['key']}")
        conditions = item.get("applicable_when", [])
        first = conditions[0] if conditions else None
        if first is not None:
            kind = "attribute" if "attribute" in first else "item"
            self.rule_on.setCurrentIndex(max(0, self.rule_on.findData(f"{kind}:{first[kind]}")))
        self._rule_values(set(first["in"]) if first else set())

    def _rule_values(self, chosen: set[str] | None = None) -> None:
        self.rule_values.clear()
        target = self.rule_on.currentData()
        if target is None:
            return
        kind, key = target.split(":", 1)
        if kind == "attribute":
            values = next(a for a in self.attributes if a["key"] == key).get("values", [])
        else:
            scale = next(i for i in self.items if i["key"] == key)["scale"]
            values = self.data["scales"][scale]["options"]
        for value in values:
            entry = QListWidgetItem(value.get("label", value["key"]))
            entry.setData(Qt.ItemDataRole.UserRole, value["key"])
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if value["key"] in (chosen or set())
                                else Qt.CheckState.Unchecked)
            self.rule_values.addItem(entry)

    def _add_item(self) -> None:
        text = messages.ask_text(self, "Nytt kontrollmoment", "Vad ska kontrolleras, t.ex. "
                                 "\"Att det framgår vad ansökan avser\"?", [])
        if not text:
            return
        self._store_item()
        key = _unique(text, [i["key"] for i in self.items])
        self.items.append({"key": key, "text": text, "scale": self.data["main_scale"],
                           "guidance": ""})
        self._fill_item_list(len(self.items) - 1)

    def _move_item(self, step: int) -> None:
        n = self.current
        if 0 <= n + step < len(self.items) and n >= 0:
            self._store_item()
            self.items[n], self.items[n + step] = self.items[n + step], self.items[n]
            self._fill_item_list(n + step)

    def _remove_item(self) -> None:
        n = self.current
        if 0 <= n < len(self.items):
            del self.items[n]
            self._fill_item_list(n)

    # saving --------------------------------------------------------------------------------
    def template_data(self) -> dict[str, Any]:
        """The template as edited, as data (what ``template_from_dict`` reads)."""
        self._store_item()
        self._store_attribute()
        data = copy.deepcopy(self.data)
        data["title"] = self.title.text().strip()
        data["reporting_months"] = [box.text() for box in self.months if box.isChecked()]
        data["plan"] = {**data.get("plan", {}), **{k: e.toPlainText().strip()
                                                   for k, e in self.plan.items()}}
        data["attributes"] = copy.deepcopy(self.attributes)
        data["items"] = copy.deepcopy(self.items)
        for key, (table, headline) in self.scale_tables.items():
            data["scales"][key] = {"options": table.rows(), "headline": headline.currentData()}
        data["breakdowns"] = [k for k, box in self.breakdowns.items() if box.isChecked()]
        self._store_indicator()
        data["indicators"] = copy.deepcopy(self.indicators)
        return data

    def accept(self) -> None:
        from internkontroll.core.errors import InternkontrollError
        from internkontroll.store.templates import save_template

        data = self.template_data()
        if not data["title"]:
            messages.show_error(self, "Ge kontrollen ett namn.")
            return
        try:
            with self.db.session() as session:
                self.saved = save_template(session, data, self.base_id)
        except InternkontrollError as error:
            messages.show_error(self, str(error), "Kontrollen kan inte sparas")
            return
        super().accept()
