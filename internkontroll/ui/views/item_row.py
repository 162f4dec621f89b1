"""One kontrollmoment in the checklist: text, bedömningsstöd, numbered options and a note."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from internkontroll.core.limits import MAX_NOTE
from internkontroll.core.rules import Applicability
from internkontroll.core.templates import EJ_AKTUELLT, Item, Scale

_BUTTONS = ("QPushButton { padding: 3px 8px; min-width: 60px; } "
            "QPushButton:checked { background: #08306B; color: white; font-weight: bold; "
            "border: 1px solid #08306B; border-radius: 3px; }")
CURRENT_STYLE = ("ItemRow { border: 2px solid #2C7BB6; border-radius: 4px; "
                 "background: #F3F8FC; } " + _BUTTONS)
PLAIN_STYLE = "ItemRow { border: 1px solid #D0D0D0; border-radius: 4px; } " + _BUTTONS


class ItemRow(QFrame):
    answer_chosen = Signal(str, str)  # item key, option key
    note_edited = Signal(str, str)  # item key, note
    row_clicked = Signal(str)

    def __init__(self, number: int, item: Item, scale: Scale, read_only: bool = False) -> None:
        super().__init__()
        self.item, self.scale, self.read_only = item, scale, read_only
        self.setObjectName(f"moment_{item.key}")
        title = QLabel(f"<b>{number}. {item.text}</b>")
        title.setWordWrap(True)
        self.guidance = QLabel(item.guidance)
        self.guidance.setWordWrap(True)
        self.guidance.setStyleSheet("color: #404040;")
        self.state = QLabel()
        self.state.setStyleSheet("color: #6A4C00;")
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(False)
        row = QHBoxLayout()
        for n, option in enumerate(scale.options, start=1):
            button = QPushButton(f"{n}  {option.label}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(option.definition or option.label)
            button.setAccessibleName(f"{item.text}: {option.label}")
            button.clicked.connect(lambda _=False, key=option.key: self._chosen(key))
            self.buttons.addButton(button, n)
            row.addWidget(button)
        row.addStretch()
        self.note = QLineEdit()
        self.note.setPlaceholderText("Anteckning om avvikelse (F2) – inga personuppgifter")
        self.note.setAccessibleName(f"Anteckning för {item.text}")
        self.note.setMaxLength(MAX_NOTE)  # typing and pasting stop at the limit
        self.note.editingFinished.connect(
            lambda: self.note_edited.emit(self.item.key, self.note.text()))
        self.counter = QLabel()
        self.counter.setObjectName("note_counter")
        self.counter.setToolTip(f"En anteckning får vara högst {MAX_NOTE} tecken.")
        self.note.textChanged.connect(self._count)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.counter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        for widget in (title, self.guidance):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.state)
        layout.addLayout(note_row)
        self._count(self.note.text())
        self.set_current(False)

    def _count(self, text: str) -> None:
        """'12/2000' beside a note that has text, in red at the limit."""
        self.counter.setText(f"{len(text)}/{MAX_NOTE}")
        full = len(text) >= MAX_NOTE
        self.counter.setStyleSheet("color: #9C0006; font-weight: bold;" if full
                                   else "color: #606060;")
        self.counter.setVisible(bool(text))

    def _chosen(self, option: str) -> None:
        self.answer_chosen.emit(self.item.key, option)

    def mousePressEvent(self, event: object) -> None:
        self.row_clicked.emit(self.item.key)

    def set_current(self, current: bool) -> None:
        self.setStyleSheet(CURRENT_STYLE if current else PLAIN_STYLE)

    def show_answer(self, option: str | None, note: str, state: Applicability,
                    reason: str) -> None:
        for n, o in enumerate(self.scale.options, start=1):
            button = self.buttons.button(n)
            button.setChecked(o.key == option)
            # Waiting for an attribute or another item, only ej aktuellt can be given.
            button.setEnabled(not self.read_only and (
                state is Applicability.APPLIES
                or (state is Applicability.UNKNOWN and o.key == EJ_AKTUELLT)))
        self.state.setText(reason)
        self.state.setVisible(bool(reason))
        if not self.note.hasFocus():
            # A longer note from before the limit is shown whole; saving it is then refused.
            self.note.setMaxLength(max(MAX_NOTE, len(note)))
            self.note.setText(note)
        self.note.setEnabled(option is not None)
        self.note.setReadOnly(self.read_only)
