"""The case list of the scoring view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from internkontroll.core.templates import Template
from internkontroll.store.reviews import CaseInfo

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class CaseListModel(QAbstractTableModel):
    COL_NUMBER, COL_REFERENCE, COL_STATUS, COL_ATTRIBUTES = range(4)
    _HEADERS = ("Nr", "Ärendenr", "Bedömt", "Uppgifter")

    def __init__(self, template: Template) -> None:
        super().__init__()
        self.template = template
        self.rows: list[CaseInfo] = []

    def set_rows(self, rows: list[CaseInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def update_row(self, case: CaseInfo) -> None:
        for row, existing in enumerate(self.rows):
            if existing.number == case.number:
                self.rows[row] = case
                self.dataChanged.emit(self.index(row, 0),
                                      self.index(row, len(self._HEADERS) - 1))

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return len(self._HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_NUMBER:
                return str(case.number)
            if index.column() == self.COL_REFERENCE:
                return case.reference or ""
            if index.column() == self.COL_STATUS:
                if case.role == "reserve":
                    return "reserv"
                if case.role == "replaced":
                    return "ersatt"
                done = len(case.answers)
                return "klar" if done == len(self.template.items) else \
                    f"{done} av {len(self.template.items)}"
            return ", ".join(self.template.attribute(k).label_of(v)
                             for k, v in case.attributes.items()
                             if v and not self.template.attribute(k).is_text)
        if role == Qt.ItemDataRole.UserRole:
            return case.number
        return None
