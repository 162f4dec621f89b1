"""Förhandsgranska: the redovisning rendered to PDF and shown with QtPdf before it is saved.

The same view saves it as PDF (the bytes shown), Word or Excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from internkontroll.ui import messages
from internkontroll.ui.tasks import Tasks


class PreviewView(QWidget):
    def __init__(self, db: Any, tasks: Tasks, review_id: int, label: str) -> None:
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
        refresh.clicked.connect(self.render)
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

    def render(self) -> None:
        from internkontroll.ui.documents import current_pdf

        self.status.setText("Skapar redovisningen …")
        db, review_id = self.db, self.review_id
        self.tasks.run(self, lambda: current_pdf(db, review_id), self._show,
                       lambda error: messages.show_error(self, str(error)))

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
        from internkontroll.ui.documents import confirm_small_groups, write_document

        if not confirm_small_groups(self, self.db, self.review_id):
            return
        kinds = {".pdf": "PDF-bilaga (*.pdf)", ".docx": "Word-dokument (*.docx)",
                 ".xlsx": "Excel (*.xlsx)"}
        base = "tabeller" if suffix == ".xlsx" else "redovisning"
        name, _ = QFileDialog.getSaveFileName(
            self, "Spara", str(Path.home() / f"{base} {self.label}{suffix}"), kinds[suffix])
        if not name:
            return
        out = Path(name).with_suffix(suffix)
        if suffix == ".pdf" and self.pdf:
            out.write_bytes(self.pdf)  # exactly what the preview shows
            self.status.setText(f"Sparad: {out}")
            return
        write_document(self, self.db, self.tasks, self.review_id, out,
                       lambda path: self.status.setText(f"Sparad: {path}"),
                       lambda error: messages.show_error(self, str(error)))
