"""The scoring view: the case list on the left, the current case's checklist on the right.

Keys: 1–4 (or the option's first letter, J/N, H/D/S) answer the current item and move to the
next open one; ↑/↓ move between items; Ctrl+↓/Ctrl+↑ between cases; Ctrl+Z undoes the last
answer; F2 writes a note. Every answer is committed at once through the task runner.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from internkontroll.core.rules import Answer, Applicability, applicability
from internkontroll.store.reviews import CaseInfo
from internkontroll.ui import messages
from internkontroll.ui.models.cases import CaseListModel
from internkontroll.ui.tasks import Tasks
from internkontroll.ui.views.item_row import ItemRow


class ScoringView(QWidget):
    answer_saved = Signal(int, str)  # löpnummer, item key
    review_changed = Signal()

    def __init__(self, db: Any, tasks: Tasks, review_id: int) -> None:
        super().__init__()
        from internkontroll.store.locking import active_lock, describe
        from internkontroll.store.reviews import get_review, list_cases

        self.db, self.tasks, self.review_id = db, tasks, review_id
        with db.session() as session:
            review, self.template = get_review(session, review_id)
            cases = list_cases(session, review_id)
            lock = active_lock(session, review_id)
        # Redovisad i nämnd: shown as it was reported, and nothing can be changed here.
        self.locked = describe(lock) if lock is not None else ""
        self.title = f"{self.template.title} – {review.label}"
        self.undo: list[tuple[int, str, str | None, str]] = []
        self.pending = 0
        self.current_item = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Bedömning")
        self.model = CaseListModel(self.template)
        self.model.set_rows(cases)
        self._build()
        self.current: CaseInfo | None = None
        first = next((c for c in cases if c.role == "case" and self._open_items(c)), None)
        if cases:
            self.show_case((first or cases[0]).number)

    # layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.progress = QLabel()
        self.progress.setAccessibleName("Framsteg")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 40)
        self.table.setColumnWidth(1, 70)
        self.table.setAccessibleName("Ärenden")
        self.table.clicked.connect(lambda index: self.show_case(self.model.rows[index.row()]
                                                                .number))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(f"<b>{self.template.title}</b>"))
        left_layout.addWidget(self.progress)
        left_layout.addWidget(self.table)
        hint = QLabel("1–4: bedöm · ↑↓: moment · Ctrl+↑↓: ärende · Ctrl+Z: ångra · F2: anteckning")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #404040;")
        left_layout.addWidget(hint)

        self.heading = QLabel()
        self.heading.setAccessibleName("Aktuellt ärende")
        self.saved = QLabel("Sparat")
        self.saved.setAccessibleName("Sparstatus")
        self.replace_button = QPushButton("Ersätt med reserv …")
        self.replace_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.replace_button.clicked.connect(self.replace_current)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.replace_button)
        top.addWidget(self.saved)
        self.banner = QLabel(f"<b>Redovisad i nämnd</b> ({self.locked}). Bedömningarna visas "
                             "som de redovisades och kan inte ändras. Välj <i>Kontrolltillfälle "
                             "→ Lås upp</i> om något måste rättas.")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #FFF4D6; border: 1px solid #B08800; "
                                  "padding: 6px;")
        self.banner.setAccessibleName("Skrivskyddat")
        self.banner.setVisible(bool(self.locked))
        if self.locked:
            self.saved.setText("Skrivskyddat")
        self.attribute_widgets: dict[str, QComboBox | QLineEdit] = {}
        form = QFormLayout()
        for attribute in self.template.attributes:
            widget: QComboBox | QLineEdit
            if attribute.is_text:
                widget = QLineEdit()
                widget.editingFinished.connect(
                    lambda key=attribute.key, w=widget: self._attribute(key, w.text()))
            else:
                widget = QComboBox()
                widget.addItem("– ej ifyllt –", "")
                for value in attribute.values:
                    widget.addItem(value.label, value.key)
                widget.activated.connect(
                    lambda _=0, key=attribute.key, w=widget: self._attribute(key, w.currentData()))
            widget.setAccessibleName(attribute.label)
            widget.setEnabled(not self.locked)
            label = QLabel(f"&{attribute.label}")
            label.setBuddy(widget)
            form.addRow(label, widget)
            self.attribute_widgets[attribute.key] = widget
        self.rows: list[ItemRow] = []
        checklist = QWidget()
        items_layout = QVBoxLayout(checklist)
        for number, item in enumerate(self.template.items, start=1):
            row = ItemRow(number, item, self.template.scale_of(item), bool(self.locked))
            row.answer_chosen.connect(self._answer)
            row.note_edited.connect(self._note)
            row.row_clicked.connect(self._select_item)
            self.rows.append(row)
            items_layout.addWidget(row)
        items_layout.addStretch()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(checklist)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.banner)
        right_layout.addLayout(top)
        right_layout.addLayout(form)
        right_layout.addWidget(self.scroll, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([280, 1000])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    # state -------------------------------------------------------------------------------
    def _answers(self, case: CaseInfo) -> dict[str, Answer]:
        return {k: Answer(v, case.notes.get(k, "")) for k, v in case.answers.items()}

    def _open_items(self, case: CaseInfo) -> list[int]:
        answers = self._answers(case)
        return [n for n, item in enumerate(self.template.items) if item.key not in answers
                and applicability(item, case.attributes, answers) is Applicability.APPLIES]

    def _update_progress(self) -> None:
        active = [c for c in self.model.rows if c.role == "case"]
        done = sum(1 for c in active if not self._open_items(c)
                   and len(c.answers) == len(self.template.items))
        self.progress.setText(f"{done} av {len(active)} ärenden klara")

    def show_case(self, number: int, item: int | None = None) -> None:
        case = next(c for c in self.model.rows if c.number == number)
        self.current = case
        row = self.model.rows.index(case)
        self.table.selectRow(row)
        role = {"reserve": " (reserv)", "replaced": " (ersatt)"}.get(case.role, "")
        self.heading.setText(f"<h3>Ärende {case.number}{role}</h3>")
        self.replace_button.setVisible(case.role == "case" and not self.locked)
        for key, widget in self.attribute_widgets.items():
            value = case.attributes.get(key) or ""
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            else:
                widget.setText(value)
        open_items = self._open_items(case)
        self._refresh_rows()
        self._select_item(self.template.items[item if item is not None else
                                              (open_items[0] if open_items else 0)].key)
        self._update_progress()

    def _refresh_rows(self) -> None:
        case = self.current
        if case is None:
            return
        answers = self._answers(case)
        for row, item in zip(self.rows, self.template.items, strict=True):
            state = applicability(item, case.attributes, answers)
            reason = ""
            if state is Applicability.NOT_APPLICABLE:
                reason = "Ej aktuellt för detta ärende enligt kontrollens villkor."
            elif state is Applicability.UNKNOWN:
                missing = [self.template.attribute(c.key).label.lower()
                           for c in item.applicable_when
                           if c.kind == "attribute" and not case.attributes.get(c.key)]
                reason = ("Fyll i " + " och ".join(missing) + " först." if missing
                          else "Bedöm först det moment som detta beror på.")
            row.show_answer(case.answers.get(item.key), case.notes.get(item.key, ""), state,
                            reason)

    def _select_item(self, key: str) -> None:
        self.current_item = next(n for n, i in enumerate(self.template.items) if i.key == key)
        for n, row in enumerate(self.rows):
            row.set_current(n == self.current_item)
        self.scroll.ensureWidgetVisible(self.rows[self.current_item])

    # writes ------------------------------------------------------------------------------
    def _write(self, op: Any, number: int, key: str = "") -> None:
        self.pending += 1
        self.saved.setText("Sparar …")

        def done(case: CaseInfo) -> None:
            self.pending -= 1
            self.model.update_row(case)
            if self.current is not None and self.current.number == case.number:
                self.current = case
                self._refresh_rows()
            self._update_progress()
            if not self.pending:
                self.saved.setText(f"Sparat {datetime.now():%H:%M:%S}")
            self.answer_saved.emit(number, key)

        def failed(error: BaseException) -> None:
            self.pending -= 1
            self.saved.setText("Inte sparat")
            messages.show_error(self, str(error), "Kunde inte spara")
            self.reload()

        self.tasks.run(self, op, done, failed)

    def _session_op(self, function: Any, *args: Any) -> Any:
        def op() -> CaseInfo:
            with self.db.session() as session:
                return function(session, self.review_id, *args)
        return op

    def _answer(self, key: str, option: str) -> None:
        from internkontroll.store.scoring import save_answer

        case = self.current
        if case is None or case.role == "replaced" or self.locked:
            return
        item = self.template.item(key)
        state = applicability(item, case.attributes, self._answers(case))
        if state is not Applicability.APPLIES and option != "ej_aktuellt":
            return
        self.undo.append((case.number, key, case.answers.get(key), case.notes.get(key, "")))
        case.answers[key] = option  # at once, so the next key press sees it
        self._refresh_rows()
        self._write(self._session_op(save_answer, case.number, key, option, None,
                                     self.template), case.number, key)
        self._next_open()

    def _next_open(self) -> None:
        case = self.current
        if case is None:
            return
        open_items = self._open_items(case)
        later = [n for n in open_items if n > self.current_item] or open_items
        if later:
            self._select_item(self.template.items[later[0]].key)
            return
        rows = self.model.rows
        start = rows.index(case)
        for other in rows[start + 1:] + rows[:start]:
            if other.role == "case" and self._open_items(other):
                self.show_case(other.number)
                return

    def _note(self, key: str, note: str) -> None:
        from internkontroll.store.scoring import save_answer

        case = self.current
        if case is None or key not in case.answers or case.notes.get(key, "") == note:
            return
        case.notes[key] = note
        self._write(self._session_op(save_answer, case.number, key, case.answers[key], note),
                    case.number, key)
        self.setFocus()

    def _attribute(self, key: str, value: str) -> None:
        from internkontroll.store.scoring import save_attribute

        case = self.current
        if case is None or (case.attributes.get(key) or "") == value:
            return
        case.attributes[key] = value
        self._refresh_rows()
        self._write(self._session_op(save_attribute, case.number, key, value), case.number)
        self.setFocus()

    def undo_last(self) -> None:
        from internkontroll.store.scoring import save_answer

        if not self.undo or self.locked:
            return
        number, key, option, note = self.undo.pop()
        if self.current is None or self.current.number != number:
            self.show_case(number)
        assert self.current is not None
        if option is None:
            self.current.answers.pop(key, None)
        else:
            self.current.answers[key] = option
        self._refresh_rows()
        self._select_item(key)
        self._write(self._session_op(save_answer, number, key, option, note), number, key)

    def replace_current(self) -> None:
        from internkontroll.store.reviews import get_review
        from internkontroll.store.sampling import REASONS, replace_case

        case = self.current
        if case is None:
            return
        reason = messages.ask_text(self, "Ersätt med reserv",
                                   f"Varför ska ärende {case.number} ersättas?", list(REASONS))
        if not reason:
            return

        def op() -> int:
            with self.db.session() as session:
                review, _ = get_review(session, self.review_id)
                return replace_case(session, review, case.number, reason)

        def done(reserve: int) -> None:
            self.reload()
            self.show_case(reserve)
            self.review_changed.emit()

        self.tasks.run(self, op, done, lambda e: messages.show_error(self, str(e)))

    def reload(self) -> None:
        from internkontroll.store.reviews import list_cases

        with self.db.session() as session:
            self.model.set_rows(list_cases(session, self.review_id))
        if self.current is not None:
            self.show_case(self.current.number, self.current_item)

    # keys --------------------------------------------------------------------------------
    def _move_case(self, step: int) -> None:
        if self.current is None:
            return
        rows = self.model.rows
        index = rows.index(self.current) + step
        if 0 <= index < len(rows):
            self.show_case(rows[index].number)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        item = self.template.items[self.current_item]
        options = self.template.scale_of(item).options
        if ctrl and key == Qt.Key.Key_Down:
            self._move_case(1)
        elif ctrl and key == Qt.Key.Key_Up:
            self._move_case(-1)
        elif ctrl and key == Qt.Key.Key_Z:
            self.undo_last()
        elif key == Qt.Key.Key_Down:
            self._select_item(self.template.items[min(self.current_item + 1,
                                                      len(self.rows) - 1)].key)
        elif key == Qt.Key.Key_Up:
            self._select_item(self.template.items[max(self.current_item - 1, 0)].key)
        elif key == Qt.Key.Key_F2:
            self.rows[self.current_item].note.setFocus()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not ctrl:
            index = key - Qt.Key.Key_1
            if index < len(options):
                self._answer(item.key, options[index].key)
        elif event.text() and event.text().isalpha() and not ctrl:
            letter = event.text().casefold()
            matches = [o for o in options if o.label.casefold().startswith(letter)]
            if len(matches) == 1:
                self._answer(item.key, matches[0].key)
        else:
            super().keyPressEvent(event)
