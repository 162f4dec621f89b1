"""The main window's actions on documents and files of a review: the redovisning, the
internal documents, the arbetslista again, and a filled-in bedömningsfil read back. Every read
and write is an ``ops/`` call run through the window's tasks, on the kontrolltillfälle selected
in the list, else the open one (``MainWindow.target_review``). ``WindowActions`` adds the rest
of the menus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from internkontroll.ui import messages

if TYPE_CHECKING:
    from internkontroll.store.db import Database
    from internkontroll.ui.main_window import MainWindow

TABLE_FILES = "Excel eller CSV (*.xlsx *.xlsm *.csv *.txt *.tsv)"  # what the importers read
DOCUMENTS = {  # kind: save-dialog title, file name, filter
    "urvalsprotokoll": ("Spara urvalsprotokoll", "urvalsprotokoll.pdf", "PDF (*.pdf)"),
    "avvikelselista": ("Spara avvikelselista", "avvikelselista.pdf", "PDF (*.pdf)"),
    "bedomningsfil": ("Spara tom bedömningsfil", "bedomningsfil.xlsx", "Excel (*.xlsx)"),
}


class DocumentActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def db(self) -> Database:
        assert self.window.db is not None  # the actions are enabled with a database open
        return self.window.db

    def _run(self, op: Callable[[], Any], done: Callable[[Any], None],
             title: str = "") -> None:
        """Run ``op`` in the background; an error clears the status line ("Läser …") and is
        shown in a dialog titled ``title``."""
        def failed(error: BaseException) -> None:
            self._status("")
            messages.show_error(self.window, str(error), *([title] if title else []))

        self.window.tasks.run(self.window, op, done, failed)

    def _status(self, text: str, timeout: int = 8000) -> None:
        self.window.statusBar().showMessage(text, timeout)

    # documents ---------------------------------------------------------------------------
    def create_report(self) -> None:
        review_id = self.window.target_review()
        if review_id is None:
            return
        name, chosen = QFileDialog.getSaveFileName(
            self.window, "Skapa rapport", str(Path.home() / "redovisning.pdf"),
            "PDF-bilaga (*.pdf);;Word-dokument (*.docx)")
        if name:
            docx = "docx" in chosen or name.lower().endswith(".docx")
            self.write_document(review_id, Path(name).with_suffix(".docx" if docx else ".pdf"))

    def export_tables(self) -> None:
        review_id = self.window.target_review()
        if review_id is None:
            return
        name, _ = QFileDialog.getSaveFileName(self.window, "Exportera tabeller",
                                              str(Path.home() / "tabeller.xlsx"),
                                              "Excel (*.xlsx)")
        if name:
            self.write_document(review_id, Path(name).with_suffix(".xlsx"), "tabeller")

    def save_sampling_record(self) -> None:
        self._save_internal("urvalsprotokoll")

    def save_deviations(self) -> None:
        self._save_internal("avvikelselista")

    def save_blank_assessment(self) -> None:
        self._save_internal("bedomningsfil")

    def import_assessments(self) -> None:
        """Read a filled-in bedömningsfil (CSV or XLSX) into the chosen review, after asking:
        its answers replace the stored ones, and an empty cell leaves one as it is."""
        from internkontroll.core.formatting import count_text
        from internkontroll.ops.scoring import import_file

        review_id = self.window.target_review()
        if review_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(self.window, "Läs in ifylld bedömningsfil",
                                              str(Path.home()), TABLE_FILES)
        if not name:
            return
        path, db = Path(name), self.db
        if not messages.ask_yes_no(
                self.window, "Läs in bedömningsfil",
                f"Svaren i {path.name} ersätter de sparade svaren i "
                f"{self.window.label_of(review_id)}. En tom cell lämnar ett sparat svar som "
                "det är, och varje ändring syns i ändringsloggen.\n\nVill du läsa in filen?"):
            return
        self._status(f"Läser in {path.name} …", 0)
        self._run(lambda: import_file(db, review_id, path),
                  lambda touched: self._status(f"Svaren inlästa för "
                                               f"{count_text(touched, 'ärende', 'ärenden')} "
                                               f"från {path.name}."),
                  "Filen kunde inte läsas in")

    def worklist_again(self) -> None:
        """The arbetslista of the chosen review made again from the file it was drawn from
        (it is never stored), with the choices of the draw."""
        from internkontroll.ops.sampling import worklist_again
        from internkontroll.ui.dialogs.sample import save_worklist

        review_id = self.window.target_review()
        if review_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Välj listan som urvalet drogs ur", str(Path.home()), TABLE_FILES)
        if not name:
            return
        path, db, label = Path(name), self.db, self.window.label_of(review_id)
        self._status(f"Läser {path.name} …", 0)

        def drawn(value: Any) -> None:
            self._status("")
            save_worklist(self.window, value, label)

        self._run(lambda: worklist_again(db, review_id, path), drawn,
                  "Arbetslistan kunde inte skapas")

    def _save_internal(self, kind: str) -> None:
        review_id = self.window.target_review()
        if review_id is None:
            return
        title, file_name, pattern = DOCUMENTS[kind]
        name, _ = QFileDialog.getSaveFileName(self.window, title,
                                              str(Path.home() / file_name), pattern)
        if name:
            self.write_document(review_id, Path(name).with_suffix(Path(file_name).suffix),
                                kind)

    def write_document(self, review_id: int, out: Path, kind: str = "redovisning") -> None:
        from internkontroll.ui.documents import save_document

        self.window.statusBar().showMessage("Skapar dokumentet …")
        save_document(self.window, self.db, self.window.tasks, review_id, out, kind,
                      lambda path: self._status(f"Sparad: {path}", 6000),
                      lambda error: messages.show_error(self.window, str(error)))
