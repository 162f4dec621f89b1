"""The template editor's tabs for case attributes, scales, and how results are reported."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from internkontroll.core.templates import EJ_AKTUELLT, LAYOUTS, TABLE, is_caseworker
from internkontroll.ui import messages
from internkontroll.ui.dialogs.fields import checked
from internkontroll.ui.dialogs.template_parts import EditorPart, OptionsTable, unique_key


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class AttributesPart(EditorPart):
    """Uppgifter om ärendet: the case attributes and their values."""

    def _attributes_tab(self) -> QWidget:
        page = QWidget()
        self.attribute_list = QListWidget()
        self.attribute_list.setAccessibleName("Uppgifter om ärendet")
        self.attribute_label = QLineEdit()
        self.attribute_label.setAccessibleName("Uppgiftens namn")
        self.attribute_values = OptionsTable("Uppgiftens värden", False, "Värde")
        self.attribute_current = -1
        self.attribute_list.currentRowChanged.connect(self._show_attribute)
        add = QPushButton("Lägg till uppgift …")
        add.clicked.connect(self._add_attribute)
        left = QVBoxLayout()
        left.addWidget(self.attribute_list)
        left.addWidget(add)
        right = QFormLayout()
        right.addRow("Namn", self.attribute_label)
        right.addRow("", _wrapped("Värdena att välja bland när ärendet bedöms. Utan värden "
                                  "skrivs uppgiften som fritext."))
        right.addRow("Värden", self.attribute_values)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        self._fill_attribute_list()
        return page

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
            key = unique_key(label, [a["key"] for a in self.attributes])
            self.attributes.append({"key": key, "label": label, "values": []})
            self.attribute_list.addItem(label)
            self.attribute_list.setCurrentRow(len(self.attributes) - 1)


class ScalesPart(EditorPart):
    """Skalor: each scale's options and headline option; a scale's key stays as it was made."""

    def _scales_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(_wrapped("Alternativen i varje skala. Ett alternativ med texten "
                               "”Ej aktuellt” räknas inte med i andelarna."), 1)
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
                                 "t.ex. ”Ja, Nej, Ej aktuellt”:", [])
        labels = [t.strip() for t in text.split(",") if t.strip()]
        if len(labels) < 2:
            return
        options = [{"key": unique_key(label, []), "label": label} for label in labels]
        key = unique_key("_".join(o["key"] for o in options), list(self.data["scales"]))
        self.data["scales"][key] = {"options": options, "headline": options[0]["key"]}
        self._scale_box(key)

    def _scale_box(self, key: str) -> None:
        layout, scale = self.scale_layout, self.data["scales"][key]
        table = OptionsTable(f"Skalan {key}", True, "Alternativ")
        table.set_rows(scale["options"])
        headline = QComboBox()
        headline.setAccessibleName(f"Huvudalternativ i skalan {key}")
        for option in scale["options"]:
            if option["key"] != EJ_AKTUELLT:
                headline.addItem(option.get("label", option["key"]), option["key"])
        headline.setCurrentIndex(max(0, headline.findData(scale.get("headline"))))
        title = QLabel(f"<b>{self._scale_name(key)}</b>")
        title.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(title)
        layout.addWidget(table)
        row = QHBoxLayout()
        row.addWidget(QLabel("Huvudalternativ (redovisas som andel):"))
        row.addWidget(headline)
        row.addStretch()
        layout.addLayout(row)
        self.scale_tables[key] = (table, headline)


class ReportPart(EditorPart):
    """Redovisning: the breakdowns, and indicators such as "Erbjudits SIP"."""

    def _report_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Redovisa resultatet uppdelat efter:"))
        self.breakdowns: dict[str, tuple[QCheckBox, QComboBox]] = {}
        chosen = {(b["attribute"] if isinstance(b, dict) else b): b
                  for b in self.data.get("breakdowns", [])}
        for attribute in self.attributes:
            # Results per handläggare never reach the nämnd: no box to choose them.
            caseworker = is_caseworker(attribute["key"]) or is_caseworker(
                attribute.get("label", ""))
            if attribute.get("values") and not caseworker:
                label = attribute.get("label", attribute["key"])
                box = QCheckBox(label)
                box.setChecked(attribute["key"] in chosen)
                shown_as = QComboBox()
                shown_as.setAccessibleName(f"Uppställning för {label.lower()}")
                for key, text in LAYOUTS.items():
                    shown_as.addItem(text.capitalize(), key)
                entry = chosen.get(attribute["key"])
                shown_as.setCurrentIndex(max(0, shown_as.findData(
                    entry.get("layout", TABLE) if isinstance(entry, dict) else TABLE)))
                self.breakdowns[attribute["key"]] = (box, shown_as)
                row = QHBoxLayout()
                row.addWidget(box, 1)
                row.addWidget(shown_as)
                layout.addLayout(row)
        layout.addWidget(_wrapped("<b>Indikatorer</b>: andelen ärenden där ett kontrollmoment "
                                  "har något av de valda alternativen, t.ex. ”Erbjudits SIP”."))
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
        left.addStretch()
        right = QVBoxLayout()
        right.addLayout(form)
        right.addStretch()
        row.addLayout(left, 1)
        row.addLayout(right, 2)
        layout.addSpacing(12)
        layout.addLayout(row)
        self.indicator_current = -1
        for indicator in self.indicators:
            self.indicator_list.addItem(indicator.get("label", indicator["key"]))
        if self.indicators:
            self.indicator_list.setCurrentRow(0)
        layout.addStretch()
        return page

    def _store_indicator(self) -> None:
        n = self.indicator_current
        if not 0 <= n < len(self.indicators):
            return
        indicator = self.indicators[n]
        indicator["label"] = self.indicator_label.text().strip() or indicator["key"]
        indicator["item"] = self.indicator_item.currentData()
        indicator["options"] = checked(self.indicator_options, Qt.ItemDataRole.UserRole)
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
                                  "”Erbjudits SIP”?", [])
        if label:
            self._store_item()
            key = unique_key(label, [i["key"] for i in self.indicators])
            self.indicators.append({"key": key, "label": label, "item": self.items[0]["key"],
                                    "options": []})
            self.indicator_list.addItem(label)
            self.indicator_list.setCurrentRow(len(self.indicators) - 1)
