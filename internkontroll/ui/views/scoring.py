"""The scoring view: the case list on the left, the current case's checklist on the right.

Keys: 1–4 (or the option's first letter, J/N, H/D/S) answer the current item and move to the
next open one; an item that waits for a blank attribute (barn i hushållet) asks for it, J/N;
↑/↓ move between items; Ctrl+↓/Ctrl+↑ between cases; Ctrl+Z undoes the last answer; F2 writes
a note. Every read and write goes through ``ops.scoring`` on the task runner; the screen shows
an answer at once and the write follows.
"""

from __future__ import annotations

import html
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QWidget,
)

from internkontroll.core.errors import AnswerConflict, ServerAway
from internkontroll.core.rules import Applicability
from internkontroll.ops import Changes, Done, sampling
from internkontroll.ops import scoring as ops
from internkontroll.store.reviews import CaseInfo
from internkontroll.ui import messages
from internkontroll.ui.models.cases import CaseListModel
from internkontroll.ui.tasks import Tasks
from internkontroll.ui.views import scoring_flow as flow
from internkontroll.ui.views.answer_versions import AnswerVersions
from internkontroll.ui.views.scoring_layout import banner_text, build

if TYPE_CHECKING:
    from internkontroll.core.templates import Attribute, Template
    from internkontroll.store.db import Database
    from internkontroll.store.sampling import Replacement
    from internkontroll.ui.views.item_row import ItemRow

ROLES = {"reserve": " (reserv)", "replaced": " (ersatt)"}


class ScoringView(QWidget):
    answer_saved = Signal(int, str)  # löpnummer, item key
    _server_away = Signal()  # from the worker: a write waits for the server
    # made by scoring_layout.build once the review is read
    model: CaseListModel
    progress: QLabel
    table: QTableView
    hint: QLabel
    heading: QLabel
    saved: QLabel
    banner: QLabel
    replace_button: QPushButton
    checklist: QScrollArea
    attribute_widgets: dict[str, QComboBox | QLineEdit]

    def __init__(self, db: Database, tasks: Tasks, review_id: int) -> None:
        super().__init__()
        self.db, self.tasks, self.review_id = db, tasks, review_id
        self.template: Template | None = None
        self.locked = ""  # redovisad i nämnd: shown as reported, nothing can be changed
        self.assigned = True  # False: on a server, a granskare who may only read it
        self.title = ""
        self.undo: list[tuple[int, str, str | None, str]] = []
        self.pending = 0
        self.writing: dict[int, int] = {}  # löpnummer → its writes not yet answered
        self.stale = False  # a reload waits for the writes in flight
        # What this view's own writes changed: those need no reload. Bounded, in case no one
        # hands the changes back.
        self.own: deque[Changes] = deque(maxlen=1000)
        self.versions = AnswerVersions()
        self.conflicted: set[int] = set()  # cases whose conflict was shown; reloading
        self.current_item = 0
        self.current: CaseInfo | None = None
        self.rows: list[ItemRow] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Bedömning")
        self.box = QHBoxLayout(self)
        self.box.setContentsMargins(4, 4, 4, 4)
        self.waiting = QLabel("Läser in ärendena …")
        self.box.addWidget(self.waiting)
        self._server_away.connect(self._waiting_for_server)
        self.tasks.run(self, self._load(), self._loaded, self._not_loaded)

    def _waiting_for_server(self) -> None:
        if self.pending:
            self.saved.setText("Inte sparat: servern svarar inte – försöker igen …")

    # loading -----------------------------------------------------------------------------
    def _loaded(self, data: ops.ScoringData) -> None:
        self.template, self.locked, self.assigned = data.template, data.locked, data.assigned
        self.title = f"{data.template.title} – {data.label}"
        self.model = CaseListModel(data.template)
        self.model.set_rows(data.cases)
        self.waiting.hide()
        self.box.addWidget(build(self, data))
        self._show_lock()
        self.table.setColumnHidden(CaseListModel.COL_REFERENCE,
                                   not any(c.reference for c in data.cases))
        first = next((c for c in data.cases if c.role == "case"
                      and flow.open_items(data.template, c)), None)
        if data.cases:
            self.show_case((first or data.cases[0]).number)
        if self.isVisible():
            self.setFocus()  # the keys go to the checklist, not the first attribute field

    def _load(self) -> Callable[[], Done[ops.ScoringData]]:
        """The load, on the worker: it records the versions the next writes name."""
        db, review_id, versions = self.db, self.review_id, self.versions

        def run() -> Done[ops.ScoringData]:
            done = ops.load(db, review_id)
            versions.loaded(done.value.cases)
            return done

        return run

    @property
    def read_only(self) -> bool:
        return bool(self.locked) or not self.assigned

    def _not_loaded(self, error: BaseException) -> None:
        self.waiting.setText("Ärendena kunde inte läsas in.")
        messages.show_error(self, str(error))

    def _show_lock(self) -> None:
        self.banner.setText(banner_text(self.locked, self.assigned))
        self.banner.setVisible(self.read_only)
        for row in self.rows:
            row.read_only = self.read_only
        for widget in self.attribute_widgets.values():
            widget.setEnabled(not self.read_only)

    def reload(self) -> None:
        """Read the cases again (after a change made elsewhere, or a refused write)."""
        self.tasks.run(self, self._load(), self._reloaded,
                       lambda error: messages.show_error(self, str(error)))

    def _reloaded(self, data: ops.ScoringData) -> None:
        if self.template is None:
            self._loaded(data)
            return
        if self.pending:  # would undo what is on screen but not yet written
            self.stale = True
            return
        was_read_only = self.read_only
        self.locked, self.assigned = data.locked, data.assigned
        self.conflicted.clear()
        self._show_lock()
        self.model.set_rows(data.cases)
        if self.read_only != was_read_only:
            self.saved.setText("Skrivskyddat" if self.read_only else "Sparat")
        if self.current is not None and any(c.number == self.current.number
                                            for c in data.cases):
            self.show_case(self.current.number, self.current_item)
        elif data.cases:
            self.show_case(data.cases[0].number)

    def on_changes(self, changes: Changes) -> None:
        """Refresh from what an operation changed, unless it was this view's own write."""
        if not (changes.database or self.review_id in changes.reviews):
            return
        if changes in self.own:
            self.own.remove(changes)
            return
        self.reload()

    # state -------------------------------------------------------------------------------
    def _update_progress(self) -> None:
        assert self.template is not None
        active = [c for c in self.model.rows if c.role == "case"]
        done = sum(1 for c in active if flow.is_complete(self.template, c))
        self.progress.setText(f"{done} av {len(active)} ärenden klara")

    def show_case(self, number: int, item: int | None = None) -> None:
        assert self.template is not None
        case = next(c for c in self.model.rows if c.number == number)
        self.current = case
        self.table.selectRow(self.model.rows.index(case))
        reference = f" · {html.escape(case.reference)}" if case.reference else ""
        self.heading.setText(f"<h3>Ärende {case.number}{reference}{ROLES.get(case.role, '')}"
                             "</h3>")
        self.replace_button.setVisible(case.role == "case" and not self.read_only)
        for key, widget in self.attribute_widgets.items():
            value = case.attributes.get(key) or ""
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            else:
                widget.setText(value)
        open_items = flow.open_items(self.template, case)
        self._refresh_rows()
        self.select_item(self.template.items[item if item is not None else
                                             (open_items[0] if open_items else 0)].key)
        self._update_progress()

    def waiting_for(self) -> Attribute | None:
        """The blank attribute the current item waits for (asked with one key)."""
        if self.template is None or self.current is None or self.read_only or \
                self.current.role == "replaced":
            return None
        return flow.asked_attribute(self.template, self.template.items[self.current_item],
                                    self.current)

    def _refresh_rows(self) -> None:
        case, template = self.current, self.template
        if case is None or template is None:
            return
        for row, item in zip(self.rows, template.items, strict=True):
            row.show_answer(case.answers.get(item.key), case.notes.get(item.key, ""),
                            flow.state_of(item, case),
                            flow.reason(template, item, case, self.read_only))

    def _show_hint(self) -> None:
        assert self.template is not None
        self.hint.setText(flow.key_hint(self.template, self.template.items[self.current_item],
                                        self.waiting_for()))

    def select_item(self, key: str) -> None:
        assert self.template is not None
        self.current_item = next(n for n, i in enumerate(self.template.items) if i.key == key)
        for n, row in enumerate(self.rows):
            row.set_current(n == self.current_item)
        self.checklist.ensureWidgetVisible(self.rows[self.current_item])
        self._show_hint()

    # writes ------------------------------------------------------------------------------
    def _write(self, op: Callable[..., Done[CaseInfo]], number: int, key: str, *args: object,
               answered: bool = True) -> None:
        """Run ``op(db, review_id, number, key, *args)``; the worker never touches ``self``,
        which may be gone by then. An answer or note names the version it replaces; an
        attribute (``answered=False``) has none."""
        self.pending += 1
        self.writing[number] = self.writing.get(number, 0) + 1
        self.saved.setText("Sparar …")
        db, review_id, own, versions = self.db, self.review_id, self.own, self.versions
        signal = self._server_away

        def away() -> None:  # the label says so on the GUI thread, if the view is still there
            with suppress(RuntimeError):
                signal.emit()

        def run() -> Done[CaseInfo]:  # on the worker thread
            checked = {"expected": versions.of(number, key)} if answered else {}
            done = ops.sent(lambda: op(db, review_id, number, key, *args, **checked), away)
            versions.written(done.value)
            own.append(done.changes)
            return done

        def written(case: CaseInfo) -> None:
            self.pending -= 1
            if not self._written(number):
                # The last write of this case: the stored case has them all (one worker, in
                # order). An earlier one would put back what was typed after it.
                self.model.update_row(case)
                if self.current is not None and self.current.number == case.number:
                    self.current = case
                    self._refresh_rows()
                    self._show_hint()
            self._update_progress()
            if not self.pending:
                self.saved.setText(f"Sparat {datetime.now():%H:%M:%S}")
                if self.stale:
                    self.stale = False
                    self.reload()
            self.answer_saved.emit(number, key if answered else "")

        def failed(error: BaseException) -> None:
            self.pending -= 1
            self._written(number)
            self.saved.setText("Inte sparat")
            if isinstance(error, ServerAway):  # nothing to reload from; the answer stays
                messages.show_error(self, str(error), "Servern svarar inte")
                return
            if not isinstance(error, AnswerConflict):
                messages.show_error(self, str(error), "Kunde inte spara")
            else:
                # Undoing would put back what the other writer's answer replaced.
                self.undo = [u for u in self.undo if u[:2] != (number, key)]
                if number not in self.conflicted:  # the writes queued after it say the same
                    self.conflicted.add(number)
                    messages.show_error(self, str(error), "Någon annan har ändrat svaret")
            self.reload()  # shows the stored answer, to choose again

        self.tasks.run(self, run, written, failed)

    def _written(self, number: int) -> int:
        """Count one write of a case as answered; returns how many are still out."""
        left = self.writing.get(number, 1) - 1
        if left:
            self.writing[number] = left
        else:
            self.writing.pop(number, None)
        return left

    def answer(self, key: str, option: str) -> None:
        case, template = self.current, self.template
        if case is None or template is None or case.role == "replaced" or self.read_only:
            return
        state = flow.state_of(template.item(key), case)
        if state is not Applicability.APPLIES and option != "ej_aktuellt":
            return
        self.undo.append((case.number, key, case.answers.get(key), case.notes.get(key, "")))
        case.answers[key] = option  # at once, so the next key press sees it
        self._refresh_rows()
        self._write(ops.answer, case.number, key, option, template)
        self._next_open()

    def _next_open(self) -> None:
        case, template = self.current, self.template
        if case is None or template is None:
            return
        open_items = flow.open_items(template, case)
        later = [n for n in open_items if n > self.current_item] or open_items
        if later:
            self.select_item(template.items[later[0]].key)
            return
        rows = self.model.rows
        start = rows.index(case)
        for other in rows[start + 1:] + rows[:start]:
            if other.role == "case" and flow.open_items(template, other):
                self.show_case(other.number)
                return

    def write_note(self, key: str, note: str) -> None:
        case = self.current
        if case is None or key not in case.answers or case.notes.get(key, "") == note:
            return
        case.notes[key] = note
        self._write(ops.note, case.number, key, note)
        self.setFocus()

    def set_attribute(self, key: str, value: str) -> None:
        case = self.current
        if case is None or self.read_only or (case.attributes.get(key) or "") == value:
            return
        case.attributes[key] = value
        self._refresh_rows()
        self._write(ops.set_attribute, case.number, key, value, answered=False)
        widget = self.attribute_widgets[key]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        self.setFocus()

    def _answer_asked(self, attribute: Attribute, value: str) -> None:
        """Fill in the attribute the current item waits for, then go on from that item."""
        self.set_attribute(attribute.key, value)
        assert self.current is not None and self.template is not None
        item = self.template.items[self.current_item]
        if flow.state_of(item, self.current) is not Applicability.APPLIES:
            self._next_open()  # ej aktuellt by rule: nothing to answer here
        else:
            self._show_hint()

    def undo_last(self) -> None:
        if not self.undo or self.read_only:
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
        self.select_item(key)
        self._write(ops.restore, number, key, option, note)

    def replace_current(self) -> None:
        case = self.current
        if case is None:
            return
        reason = messages.ask_text(self, "Ersätt med reserv",
                                   f"Varför ska ärende {case.number} ersättas?",
                                   list(ops.REASONS))
        if not reason:
            return
        db, review_id, number = self.db, self.review_id, case.number

        def replaced(replacement: Replacement) -> None:
            self.current = next((c for c in self.model.rows
                                 if c.number == replacement.reserve), self.current)
            self.reload()
            if not replacement.same_group:  # the user should know the spread changed
                messages.show_info(self, replacement.message)

        self.tasks.run(self, lambda: sampling.replace_case(db, review_id, number, reason),
                       replaced, lambda e: messages.show_error(self, str(e)))

    # keys --------------------------------------------------------------------------------
    def _move_case(self, step: int) -> None:
        if self.current is None:
            return
        rows = self.model.rows
        index = rows.index(self.current) + step
        if 0 <= index < len(rows):
            self.show_case(rows[index].number)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.template is None:
            super().keyPressEvent(event)
            return
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        item = self.template.items[self.current_item]
        options = self.template.scale_of(item).options
        letter = event.text().casefold() if event.text() and event.text().isalpha() else ""
        asked = self.waiting_for()
        if ctrl and key == Qt.Key.Key_Down:
            self._move_case(1)
        elif ctrl and key == Qt.Key.Key_Up:
            self._move_case(-1)
        elif ctrl and key == Qt.Key.Key_Z:
            self.undo_last()
        elif key == Qt.Key.Key_Down:
            self.select_item(self.template.items[min(self.current_item + 1,
                                                     len(self.rows) - 1)].key)
        elif key == Qt.Key.Key_Up:
            self.select_item(self.template.items[max(self.current_item - 1, 0)].key)
        elif key == Qt.Key.Key_F2:
            self.rows[self.current_item].note.setFocus()
        elif asked is not None and not ctrl and \
                (letter or event.text()) in flow.value_keys(asked):
            self._answer_asked(asked, flow.value_keys(asked)[letter or event.text()])
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not ctrl:
            index = key - Qt.Key.Key_1
            if index < len(options):
                self.answer(item.key, options[index].key)
        elif letter and not ctrl:
            matches = [o for o in options if o.label.casefold().startswith(letter)]
            if len(matches) == 1:
                self.answer(item.key, matches[0].key)
        else:
            super().keyPressEvent(event)
