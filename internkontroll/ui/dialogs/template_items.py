"""The template editor's Kontrollmoment tab: the items, their guidance, scale and rule."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from internkontroll.ui import messages
from internkontroll.ui.dialogs.fields import checked
from internkontroll.ui.dialogs.template_parts import ALWAYS, EditorPart, put, unique_key


class ItemsPart(EditorPart):
    current: int  # the item shown in the form, -1 for none

    def _items_tab(self) -> QWidget:
        page = QWidget()
        self.item_list = QListWidget()
        self.item_list.setAccessibleName("Kontrollmoment")
        self.item_list.setWordWrap(True)  # a long item is read whole, not cut off
        self.item_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        self.item_guidance.setTabChangesFocus(True)
        self.item_scale = QComboBox()
        self.item_scale.setAccessibleName("Skala")
        self.rule_on = QComboBox()
        self.rule_on.setAccessibleName("Villkor")
        self.rule_values = QListWidget()
        self.rule_values.setAccessibleName("Villkorets värden")
        self.rule_values.setMaximumHeight(110)
        self.rule_on.activated.connect(lambda _: self._rule_values())
        self.rule_hint = QLabel("I övriga ärenden blir momentet Ej aktuellt.")
        self.rule_hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Text", self.item_text)
        form.addRow("&Bedömningsstöd", self.item_guidance)
        form.addRow("S&kala", self.item_scale)
        form.addRow("&Villkor", self.rule_on)
        form.addRow("… något av", self.rule_values)
        form.addRow("", self.rule_hint)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addStretch()
        layout = QHBoxLayout(page)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        self._fill_item_list()
        return page

    def _fill_item_list(self, select: int = 0) -> None:
        self.current = -1
        self.item_list.clear()
        for n, item in enumerate(self.items, start=1):
            self.item_list.addItem(f"{n}. {item['text']}")
            self.item_list.item(n - 1).setToolTip(item["text"])
        if self.items:
            self.item_list.setCurrentRow(min(select, len(self.items) - 1))

    def _store_item(self) -> None:
        n = self.current
        if not 0 <= n < len(self.items):
            return
        item = self.items[n]
        item["text"] = self.item_text.text().strip() or item["text"]
        put(item, "guidance", self.item_guidance.toPlainText().strip())
        item["scale"] = self.item_scale.currentData()
        target = self.rule_on.currentData()
        rest = list(item.get("applicable_when", []))[1:]  # further conditions are kept as is
        if target is None:
            put(item, "applicable_when", rest)
        else:
            kind, key = target.split(":", 1)
            chosen = checked(self.rule_values, Qt.ItemDataRole.UserRole)
            item["applicable_when"] = [{kind: key, "in": chosen}, *rest]
        self.item_list.item(n).setText(f"{n + 1}. {item['text']}")
        self.item_list.item(n).setToolTip(item["text"])

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
        self.rule_values.setEnabled(target is not None)
        self.rule_hint.setVisible(target is not None)
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
                                 "”Att det framgår vad ansökan avser”?", [])
        if not text:
            return
        self._store_item()
        key = unique_key(text, [i["key"] for i in self.items])
        self.items.append({"key": key, "text": text, "scale": self.data["main_scale"]})
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
