"""The texts that go to the nämnd, saved as typed, with each item's case notes beside its
kommentar for the writer to draw on (never copied into the documents)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from internkontroll.ui.tasks import Tasks

SAVE_AFTER_MS = 700  # a pause in typing


class TextsView(QScrollArea):
    def __init__(self, db: Any, tasks: Tasks, review_id: int, read_only: bool) -> None:
        super().__init__()
        from internkontroll.store.reviews import get_review, list_cases
        from internkontroll.store.texts import DEFAULT_PROPOSAL, get_texts

        self.db, self.tasks, self.review_id = db, tasks, review_id
        self.setWidgetResizable(True)
        self.setAccessibleName("Texter till nämnden")
        with db.session() as session:
            review, self.template = get_review(session, review_id)
            stored = get_texts(session, review_id)
            cases = [] if review.counts_only else list_cases(session, review_id)
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.notes: dict[str, QListWidget] = {}
        self.pending: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_AFTER_MS)
        self.timer.timeout.connect(self.save_now)
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel("Texterna sparas medan du skriver och kommer med i redovisningen. "
                       "Skriv inga personuppgifter." + (" Kontrolltillfället är redovisat i "
                                                       "nämnd och texterna kan inte ändras."
                                                       if read_only else ""))
        intro.setWordWrap(True)
        self.status = QLabel("")
        self.status.setAccessibleName("Sparstatus")
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.status)
        layout.addLayout(top)
        form = QFormLayout()
        self._add(form, "diarienummer", "&Diarienummer", QLineEdit(), stored)
        self._add(form, "sammanfattning", "&Sammanfattning", QPlainTextEdit(), stored)
        layout.addLayout(form)
        for item in self.template.items:
            box = QGroupBox(f"Kommentar: {item.text}")
            row = QHBoxLayout(box)
            editor = QPlainTextEdit()
            row.addWidget(self._register(f"kommentar.{item.key}", editor, stored,
                                         f"Kommentar till {item.text}"), 3)
            notes = QListWidget()
            notes.setAccessibleName(f"Anteckningar i ärendena för {item.text}")
            notes.setToolTip("Anteckningarna i ärendena, som stöd när du skriver. De kommer "
                             "aldrig med i redovisningen.")
            for case in cases:
                if case.notes.get(item.key):
                    notes.addItem(f"Ärende {case.number}: {case.notes[item.key]}")
            if not notes.count():
                notes.addItem("Inga anteckningar.")
            side = QVBoxLayout()
            side.addWidget(QLabel("Anteckningar i ärendena (kommer inte med):"))
            side.addWidget(notes)
            row.addLayout(side, 2)
            box.setMaximumHeight(170)
            self.notes[item.key] = notes
            layout.addWidget(box)
        form = QFormLayout()
        self._add(form, "analys", "&Analys av resultatet", QPlainTextEdit(), stored)
        self._add(form, "atgardsforslag", "Å&tgärdsförslag", QPlainTextEdit(), stored)
        self._add(form, "forslag_till_beslut", "&Förslag till beslut", QPlainTextEdit(),
                  stored | {"forslag_till_beslut": stored.get("forslag_till_beslut",
                                                              DEFAULT_PROPOSAL)})
        layout.addLayout(form)
        layout.addStretch()
        for editor in self.editors.values():
            editor.setReadOnly(read_only)
        self.setWidget(page)

    def _add(self, form: QFormLayout, key: str, label: str, editor: QLineEdit | QPlainTextEdit,
             stored: dict[str, str]) -> None:
        form.addRow(label, self._register(key, editor, stored, label.replace("&", "")))

    def _register(self, key: str, editor: QLineEdit | QPlainTextEdit, stored: dict[str, str],
                  name: str) -> QWidget:
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(stored.get(key, ""))
            editor.setMaximumHeight(110)
            editor.setTabChangesFocus(True)
        else:
            editor.setText(stored.get(key, ""))
        editor.setAccessibleName(name)
        editor.textChanged.connect(lambda *_, k=key: self._changed(k))
        self.editors[key] = editor
        return editor

    def text(self, key: str) -> str:
        editor = self.editors[key]
        return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()

    def _changed(self, key: str) -> None:
        self.pending.add(key)
        self.status.setText("Sparar …")
        self.timer.start()

    def save_now(self) -> None:
        """Save what has changed since the last save (also when the view is left)."""
        from internkontroll.store.reviews import get_review
        from internkontroll.store.texts import set_texts

        self.timer.stop()
        if not self.pending:
            return
        texts = {key: self.text(key) for key in sorted(self.pending)}
        self.pending.clear()

        def op() -> None:
            with self.db.session() as session:
                review, template = get_review(session, self.review_id)
                set_texts(session, review, template, texts)

        def failed(error: BaseException) -> None:
            self.pending.update(texts)  # kept on screen; saved once the problem is fixed
            self.status.setText("<span style='color:#A00000'>Inte sparat: "
                                f"{error}</span>")

        self.tasks.run(self, op, lambda _: self.status.setText(f"Sparat {datetime.now():%H:%M:%S}"),
                       failed)

    def hideEvent(self, event: Any) -> None:
        self.save_now()
        super().hideEvent(event)
