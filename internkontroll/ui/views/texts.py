"""The texts that go to the nämnd, saved as typed. Beside each field: last period's text of the
same control ("Från Nov -22"), copied in only when the user presses "Använd"; beside each
kommentar: the item's case notes for the writer to draw on (never copied into the documents).
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from internkontroll.ops import Changes
from internkontroll.ops import texts as ops
from internkontroll.ui import messages
from internkontroll.ui.tasks import Tasks

if TYPE_CHECKING:
    from internkontroll.store.db import Database

SAVE_AFTER_MS = 700  # a pause in typing
SHOWN_CHARS = 160  # of last period's text; the whole text is in the tooltip
FIELDS = (("sammanfattning", "&Sammanfattning"),)
LATER_FIELDS = (("analys", "&Analys av resultatet"), ("atgardsforslag", "Å&tgärdsförslag"),
                ("forslag_till_beslut", "&Förslag till beslut"))
# The plan texts of this kontrolltillfälle: blank uses the control's (shown greyed out).
PLAN_FIELDS = (("process", "P&rocess/rutin"), ("kontrollmoment", "&Kontrollmoment (inledning)"),
               ("kontrollansvar", "Kontrollans&var"), ("matperiod", "Mät&period"),
               ("metod", "&Metod"), ("saknas", "Vid mätningen saknas res&ultat från …"))
ONE_LINE = {"kontrollansvar", "matperiod", "saknas"}
EMPTY = {"saknas": "t.ex. enheten Solgården",
         "kontrollmoment": "Ingen inledning: bara listan med kontrollmoment."}


class TextsView(QScrollArea):
    def __init__(self, db: Database, tasks: Tasks, review_id: int, read_only: bool) -> None:
        super().__init__()
        self.db, self.tasks, self.review_id = db, tasks, review_id
        self.read_only = read_only
        self.setWidgetResizable(True)
        self.setAccessibleName("Texter till nämnden")
        self.editors: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {}
        self.notes: dict[str, QListWidget] = {}
        self.use_buttons: dict[str, QPushButton] = {}
        self.earlier: dict[str, ops.Earlier] = {}
        self.pending: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_AFTER_MS)
        self.timer.timeout.connect(self.save_now)
        self.status = QLabel("Läser in …")
        self.status.setAccessibleName("Sparstatus")
        self.tasks.run(self, lambda: ops.read(db, review_id), self._loaded,
                       lambda error: messages.show_error(self, str(error)))

    # layout ------------------------------------------------------------------------------
    def _loaded(self, data: ops.TextsData) -> None:
        self.read_only = self.read_only or data.read_only or not data.assigned
        self.earlier = data.earlier
        stored = data.texts
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel("Texterna sparas medan du skriver och kommer med i redovisningen. "
                       "Skriv inga personuppgifter. Förra periodens text visas under fältet; "
                       "<i>Använd</i> kopierar in den." + (
                           " Du är inte tilldelad det här kontrolltillfället och kan inte ändra "
                           "texterna." if not data.assigned else
                           " Kontrolltillfället är redovisat i nämnd och texterna kan inte "
                           "ändras." if self.read_only else ""))
        intro.setWordWrap(True)
        self.status.setText("")
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.status)
        layout.addLayout(top)
        form = QFormLayout()
        diarienummer = QLineEdit(stored.get("diarienummer", ""))
        form.addRow("&Diarienummer", self._register("diarienummer", diarienummer,
                                                    "Diarienummer"))
        for key, label in FIELDS:
            form.addRow(label, self._field(key, label, stored.get(key, "")))
        layout.addLayout(form)
        layout.addWidget(self._plan(data, stored))
        for key, text in data.items:
            layout.addWidget(self._kommentar(key, text, stored))
        form = QFormLayout()
        for key, label in LATER_FIELDS:
            text = stored.get(key, data.default_proposal if key == "forslag_till_beslut"
                              else "")
            form.addRow(label, self._field(key, label, text))
        layout.addLayout(form)
        layout.addStretch()
        for editor in self.editors.values():
            if isinstance(editor, QComboBox):
                editor.setEnabled(not self.read_only)
            else:
                editor.setReadOnly(self.read_only)
        self.show_notes(data.notes)
        self.setWidget(page)

    def _plan(self, data: ops.TextsData, stored: dict[str, str]) -> QGroupBox:
        """The plan texts: the control's text (or the generated method sentence) shows greyed
        out in each field and applies until something is written there; and whether the
        redovisning explains how sure its results are."""
        defaults = data.plan_defaults
        box = QGroupBox("Kontrollen och metoden vid det här kontrolltillfället")
        form = QFormLayout(box)
        hint = QLabel("Lämna ett fält tomt så gäller kontrollens text, som visas i grått.")
        hint.setWordWrap(True)
        form.addRow(hint)
        for name, label in PLAN_FIELDS:
            key = f"plan.{name}"
            if name in ONE_LINE:
                widget: QWidget = self._register(key, QLineEdit(stored.get(key, "")),
                                                 label.replace("&", ""))
            else:
                widget = self._field(key, label, stored.get(key, ""))
            editor = self.editors[key]
            default = defaults.get(name, "")
            editor.setPlaceholderText(default or EMPTY.get(name, "Kontrollen har ingen text "
                                                                 "här."))
            editor.setToolTip(f"Gäller när fältet är tomt: {default}" if default else "")
            if isinstance(editor, QPlainTextEdit):
                editor.setMaximumHeight(80 if name == "metod" else 60)
            form.addRow(label, widget)
        form.addRow("Osäker&heten i resultaten", self._uncertainty(
            data.uncertainty_setting, stored.get("osakerhet", "")))
        return box

    def _uncertainty(self, setting: bool, stored: str) -> QComboBox:
        """Whether this redovisning has the appendix on how sure its results are: as the
        setting says, or this kontrolltillfälle's own choice."""
        choice = QComboBox()
        choice.addItem("Enligt inställningen (" + ("visas" if setting else "visas inte") +
                       ")", "")
        choice.addItem("Visa i redovisningen", "ja")
        choice.addItem("Visa inte", "nej")
        choice.setCurrentIndex(max(choice.findData(stored), 0))
        choice.setToolTip("Ett avsnitt om hur säkra resultaten är (osäkerhetsintervall och "
                          "vilka förändringar som är statistiskt säkerställda), skrivet för "
                          "läsare utan förkunskaper i statistik.")
        self._register("osakerhet", choice, "Osäkerheten i resultaten")
        return choice

    def _kommentar(self, item_key: str, item_text: str, stored: dict[str, str]) -> QGroupBox:
        key = f"kommentar.{item_key}"
        box = QGroupBox(f"Kommentar: {item_text}")
        row = QHBoxLayout(box)
        row.addWidget(self._field(key, f"Kommentar till {item_text}", stored.get(key, "")), 3)
        notes = QListWidget()
        notes.setAccessibleName(f"Anteckningar i ärendena för {item_text}")
        notes.setToolTip("Anteckningarna i ärendena, som stöd när du skriver. De kommer "
                         "aldrig med i redovisningen.")
        side = QVBoxLayout()
        side.addWidget(QLabel("Anteckningar i ärendena (kommer inte med):"))
        side.addWidget(notes)
        row.addLayout(side, 2)
        box.setMaximumHeight(200 if key in self.earlier else 170)
        self.notes[item_key] = notes
        return box

    def _field(self, key: str, label: str, text: str) -> QWidget:
        """A text editor with, below it, last period's text and "Använd" where there is one."""
        editor = QPlainTextEdit()
        editor.setPlainText(text)
        editor.setMaximumHeight(110)
        editor.setTabChangesFocus(True)
        self._register(key, editor, label.replace("&", ""))
        earlier = self.earlier.get(key)
        if earlier is None:
            return editor
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(editor)
        shown = earlier.text if len(earlier.text) <= SHOWN_CHARS else \
            earlier.text[:SHOWN_CHARS].rstrip() + " …"
        offer = QLabel(f"<i>{html.escape(earlier.label)}:</i> {html.escape(shown)}")
        offer.setWordWrap(True)
        offer.setStyleSheet("color: #404040;")
        offer.setToolTip(earlier.text)
        offer.setAccessibleName(f"{earlier.label}, {label.replace('&', '').lower()}")
        use = QPushButton("Använd")
        use.setToolTip(f"Kopiera in texten {earlier.label.lower()} i fältet.")
        use.setAccessibleName(f"Använd texten {earlier.label.lower()} som "
                              f"{label.replace('&', '').lower()}")
        use.clicked.connect(lambda _=False, k=key: self.use_earlier(k))
        use.setEnabled(not self.read_only and text != earlier.text)
        self.use_buttons[key] = use
        line = QHBoxLayout()
        line.addWidget(offer, 1)
        line.addWidget(use)
        column.addLayout(line)
        return holder

    def _register(self, key: str, editor: QLineEdit | QPlainTextEdit | QComboBox,
                  name: str) -> QWidget:
        editor.setAccessibleName(name)
        changed = editor.currentIndexChanged if isinstance(editor, QComboBox) else \
            editor.textChanged
        changed.connect(lambda *_, k=key: self._changed(k))
        self.editors[key] = editor
        return editor

    def show_notes(self, notes: dict[str, list[tuple[int, str]]]) -> None:
        """Each item's case notes by löpnummer, beside its kommentar."""
        for key, widget in self.notes.items():
            widget.clear()
            for number, note in notes.get(key, []):
                widget.addItem(f"Ärende {number}: {note}")
            if not widget.count():
                widget.addItem("Inga anteckningar.")

    # editing -----------------------------------------------------------------------------
    def text(self, key: str) -> str:
        editor = self.editors[key]
        if isinstance(editor, QComboBox):
            return str(editor.currentData())
        return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()

    def use_earlier(self, key: str) -> None:
        """Copy last period's text into the field, asking first when it holds another text."""
        earlier = self.earlier[key]
        current = self.text(key).strip()
        if current and current != earlier.text and not messages.ask_yes_no(
                self, "Ersätta texten?", "Fältet har redan en text. Vill du ersätta den med "
                f"texten {earlier.label.lower()}?"):
            return
        editor = self.editors[key]
        assert isinstance(editor, QPlainTextEdit)
        editor.setPlainText(earlier.text)

    def _changed(self, key: str) -> None:
        if key in self.use_buttons:
            self.use_buttons[key].setEnabled(not self.read_only and
                                             self.text(key) != self.earlier[key].text)
        self.pending.add(key)
        self.status.setText("Sparar …")
        self.timer.start()

    def save_now(self) -> None:
        """Save what has changed since the last save (also when the view is left)."""
        self.timer.stop()
        if not self.pending:
            return
        texts = {key: self.text(key) for key in sorted(self.pending)}
        self.pending.clear()
        db, review_id = self.db, self.review_id

        def failed(error: BaseException) -> None:
            self.pending.update(texts)  # kept on screen; saved once the problem is fixed
            self.status.setText("<span style='color:#A00000'>Inte sparat: "
                                f"{html.escape(str(error))}</span>")

        self.tasks.run(self, lambda: ops.write(db, review_id, texts),
                       lambda _: self.status.setText(f"Sparat {datetime.now():%H:%M:%S}"),
                       failed)

    def on_changes(self, changes: Changes) -> None:
        """A note written in the scoring view (or any change to the review's cases) shows
        in the notes beside the kommentarer."""
        if not (changes.database or self.review_id in changes.reviews) or not self.notes:
            return
        db, review_id = self.db, self.review_id
        self.tasks.run(self, lambda: ops.read_notes(db, review_id), self.show_notes,
                       lambda error: messages.show_error(self, str(error)))

    def hideEvent(self, event: Any) -> None:
        self.save_now()
        super().hideEvent(event)
