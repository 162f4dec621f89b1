"""Small input widgets shared by the dialogs."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDateEdit, QListWidget, QWidget

from internkontroll.core.values import parse_date

# What may stand in a date field while a date is being typed (2022-11-1, 15/11, 15 nov …).
_PARTIAL = re.compile(r"[0-9 ./\-a-zåäö]{0,20}")


class DateEdit(QDateEdit):
    """A date field that takes a whole typed date (2022-11-15, 20221115, 15/11 2022) as well
    as the arrow keys and the calendar popup.

    Qt's own date field edits one section at a time and refuses a date typed over the
    selected text, so a typed "2022-11-15" left the old date standing."""

    def __init__(self, value: QDate, parent: QWidget | None = None) -> None:
        super().__init__(value, parent)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setCalendarPopup(True)
        self.setToolTip("Skriv datumet som ÅÅÅÅ-MM-DD eller välj i kalendern.")
        self.editingFinished.connect(self._show_date)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if parse_date(text) is not None:
            return QValidator.State.Acceptable, text, pos
        if _PARTIAL.fullmatch(text.casefold()):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def dateTimeFromText(self, text: str) -> QDateTime:
        found = parse_date(text)
        if found is None:
            return self.dateTime()
        return QDateTime(QDate(found.year, found.month, found.day), QTime(0, 0))

    def fixup(self, text: str) -> str:
        return self.date().toString("yyyy-MM-dd")

    def _show_date(self) -> None:
        """A half-typed date is put back to the date in force when the field is left."""
        shown = self.date().toString("yyyy-MM-dd")
        if self.lineEdit().text() != shown:
            self.lineEdit().setText(shown)


def date_edit(value: QDate) -> DateEdit:
    return DateEdit(value)


def checked(widget: QListWidget, role: Qt.ItemDataRole | None = None) -> list[Any]:
    """The ticked rows of a checkable list: their texts, or their data under ``role``."""
    rows = [widget.item(n) for n in range(widget.count())]
    return [row.text() if role is None else row.data(role) for row in rows
            if row.checkState() == Qt.CheckState.Checked]
