"""What the parts of the template editor share: the editor's state, and a table of options."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from internkontroll.core.templates import make_key

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    _Dialog = QDialog
else:
    _Dialog = object

ALWAYS = "Gäller alltid"


class EditorPart(_Dialog):
    """A mixin of ``TemplateEditor``: the editor's state, which its tabs read and change."""

    data: dict[str, Any]  # the template as loaded; scales are edited in place
    items: list[dict[str, Any]]
    attributes: list[dict[str, Any]]
    indicators: list[dict[str, Any]]

    def _store_item(self) -> None:
        raise NotImplementedError

    def _scale_name(self, key: str) -> str:
        """A scale as its options read: "Helt / Delvis / Saknas / Ej aktuellt"."""
        options = self.data["scales"][key]["options"]
        return " / ".join(o.get("label", o["key"]) for o in options)


def put(data: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` to a value that says something; an empty one leaves the key out, so saving
    a control unchanged stores it unchanged."""
    if value:
        data[key] = value
    else:
        data.pop(key, None)


def scrolled(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area


def unique_key(text: str, taken: list[str]) -> str:
    base = make_key(text)
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


class OptionsTable(QWidget):
    """Rows of labels (and definitions) whose keys, once made, stay with their row."""

    def __init__(self, name: str, with_definition: bool, heading: str = "Text") -> None:
        super().__init__()
        self.with_definition = with_definition
        self.table = QTableWidget(0, 2 if with_definition else 1)
        self.table.setHorizontalHeaderLabels([heading, "Förklaring"][:self.table.columnCount()])
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
            if cell is None or not text:
                continue
            row = dict(cell.data(Qt.ItemDataRole.UserRole) or {})
            row["key"] = row.get("key") or unique_key(text, [r["key"] for r in found])
            row["label"] = text
            if self.with_definition:
                definition = self.table.item(n, 1)
                put(row, "definition", definition.text().strip() if definition else "")
            found.append(row)
        return found
