"""Förhandsgranska: the redovisning rendered to PDF from the outline and shown with QtPdf.

The PDF is made in the background by ``ops.documents`` from the same blocks as every other
rendering (the stored PDF once redovisad). The same view saves it as PDF (the bytes shown),
Word or Excel, through ``ui.documents``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from internkontroll.ops import Changes
from internkontroll.ui import messages
from internkontroll.ui.tasks import Tasks

if TYPE_CHECKING:
    from internkontroll.store.db import Database


class PreviewView(QWidget):
    def __init__(self, db: Database, tasks: Tasks, review_id: int, label: str) -> None:
        super().__init__()
        self.db, self.tasks, self.review_id, self.label = db, tasks, review_id, label
        self.pdf = b""
        self.buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Förhandsgranskning av redovisningen")
        self.status = QLabel("")
        self.status.setAccessibleName("Förhandsgranskningens status")
        buttons = QHBoxLayout()
        refresh = QPushButton("&Uppdatera")
        refresh.clicked.connect(self.refresh)
        buttons.addWidget(refresh)
        buttons.addWidget(self.status, 1)
        for text, suffix in (("Spara &PDF …", ".pdf"), ("Spara &Word …", ".docx"),
                             ("Spara &Excel …", ".xlsx")):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=suffix: self.save(s))
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        """Make the PDF again in the background and show it."""
        from internkontroll.ops.documents import redovisning_pdf

        self.status.setText("Skapar redovisningen …")
        db, review_id = self.db, self.review_id
        self.tasks.run(self, lambda: redovisning_pdf(db, review_id), self._show,
                       lambda error: messages.show_error(self, str(error)))


    def on_changes(self, changes: Changes) -> None:
        if changes.touches(self.review_id) or changes.settings:
            self.refresh()

    def _show(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.document.close()
        self.buffer = QBuffer(self)  # the document reads from it while it is shown
        self.buffer.setData(QByteArray(pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        pages = self.document.pageCount()
        self.status.setText(f"{pages} {'sida' if pages == 1 else 'sidor'}. Så här ser "
                            "redovisningen till nämnden ut.")

    def save(self, suffix: str) -> None:
        from internkontroll.ui.documents import save_document

        kinds = {".pdf": "PDF-bilaga (*.pdf)", ".docx": "Word-dokument (*.docx)",
                 ".xlsx": "Excel (*.xlsx)"}
        base = "tabeller" if suffix == ".xlsx" else "redovisning"
        name, _ = QFileDialog.getSaveFileName(
            self, "Spara", str(Path.home() / f"{base} {self.label}{suffix}"), kinds[suffix])
        if not name:
            return
        out = Path(name).with_suffix(suffix)
        save_document(self, self.db, self.tasks, self.review_id, out,
                      "tabeller" if suffix == ".xlsx" else "redovisning",
                      lambda path: self.status.setText(f"Sparad: {path}"),
                      lambda error: messages.show_error(self, str(error)))
