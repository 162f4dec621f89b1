"""What the main window's menus do. Every read and write is an ``ops/`` call run through the
window's tasks; a menu action acts on the kontrolltillfälle selected in the list, else on the
open one (``MainWindow.target_review``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from internkontroll.ui import messages
from internkontroll.ui.document_actions import DocumentActions

if TYPE_CHECKING:
    from internkontroll.ops.reviews import Locked, ReviewInfo, StoredPdf
    from internkontroll.ops.safety import LogRow, Purged
    from internkontroll.store.purge import PurgePlan

SERVER_SETTING = "server"  # the last server database connected to, without a password


def saved_server() -> str | None:
    value = QSettings().value(SERVER_SETTING)
    return str(value) if value else None


class WindowActions(DocumentActions):
    """Every menu action; those on documents come from ``DocumentActions``."""

    # kontrolltillfällen and controls ------------------------------------------------------
    def new_review_like_last(self) -> None:
        review_id = self.window.target_review()
        if review_id is not None:
            self.new_review(carry_from=review_id)

    def new_review(self, carry_from: int | None = None) -> None:
        from internkontroll.ui.dialogs.new_review import NewReviewDialog

        dialog = NewReviewDialog(self.db, self.window.tasks, self.window, carry_from)
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted and dialog.review_id is not None:
            self.window.refresh(select=dialog.review_id)
            if dialog.open_scoring:
                self.window.open_review(dialog.review_id)

    def edit_template(self, copy_of: bool | None) -> None:
        """``None``: a new control; ``True``: a copy of the selected; ``False``: edit it."""
        from internkontroll.ui.dialogs.template_editor import TemplateEditor

        key = None
        if copy_of is not None:
            key = self.window.selected_template()
            if key is None:
                messages.show_info(self.window, "Välj först en kontroll i listan till vänster.")
                return
        dialog = TemplateEditor(self.db, self.window.tasks, key, bool(copy_of), self.window)
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted and dialog.saved is not None:
            self.window.refresh()
            self._status(f"Kontrollen är sparad (version {dialog.saved[1]}).")

    # redovisad i nämnd, log, gallring -------------------------------------------------------
    def _review_task(self, op: Callable[[], Any], review_id: int,
                     message: Callable[[Any], str]) -> None:
        """Run a change of the review's lock; then show it again if it is open."""
        def done(value: Any) -> None:
            review = self.window.review
            if review is not None and review.review_id == review_id:
                self.window.open_review(review_id, review.tabText(review.currentIndex())
                                        .split(" ", 1)[1])
            else:
                self.window.select_review(review_id)
            self._status(message(value))

        self._run(op, done)

    def lock_review(self) -> None:
        from internkontroll.ops import reviews
        from internkontroll.ui.dialogs.safety import LockDialog

        review_id = self.window.target_review()
        if review_id is None:
            return
        dialog = LockDialog(self.window.label_of(review_id), self.window)
        accepted = dialog.exec()
        dialog.deleteLater()
        if not accepted:
            return
        by, paragraph, db = dialog.reported_by.text(), dialog.paragraph.text(), self.db

        def said(locked: Locked) -> str:
            return (f"{locked.label} är markerat som redovisat i nämnd. Redovisningen är "
                    "sparad i databasen.")

        self._review_task(lambda: reviews.lock(db, review_id, by, paragraph), review_id, said)

    def unlock_review(self) -> None:
        from internkontroll.ops import reviews

        review_id = self.window.target_review()
        if review_id is None:
            return
        label = self.window.label_of(review_id)
        reason = messages.ask_text(self.window, "Lås upp", f"Varför ska {label} låsas upp? "
                                   "Motiveringen sparas i ändringsloggen.", [])
        if not reason:
            return
        db = self.db
        self._review_task(lambda: reviews.unlock(db, review_id, reason), review_id,
                          lambda unlocked: f"{unlocked} är upplåst. Den redovisade PDF-filen "
                          "finns kvar.")

    def save_stored_pdf(self) -> None:
        from internkontroll.ops import reviews

        review_id = self.window.target_review()
        if review_id is None:
            return
        db = self.db

        def chosen(info: ReviewInfo) -> None:
            if not info.stored_pdfs:
                messages.show_info(self.window, f"{info.label} har inte redovisats i nämnd "
                                   "ännu.")
                return
            name, _ = QFileDialog.getSaveFileName(self.window, "Spara redovisad PDF",
                                                  str(Path.home() / "redovisad.pdf"),
                                                  "PDF (*.pdf)")
            if name:
                out = Path(name)
                self._run(lambda: reviews.save_stored_pdf(db, review_id, out), saved)

        def saved(pdf: StoredPdf) -> None:
            self._status(f"Sparad: {pdf.out} (SHA-256 {pdf.sha256[:12]} …)")

        self._run(lambda: reviews.info(db, review_id), chosen)

    def show_log(self) -> None:
        from internkontroll.ops import safety
        from internkontroll.ui.dialogs.safety import LogDialog

        review_id = self.window.target_review(ask=False)
        title = self.window.label_of(review_id) if review_id is not None else \
            "hela databasen"
        db = self.db

        def show(rows: list[LogRow]) -> None:
            dialog = LogDialog(rows, title, self.window)
            dialog.exec()
            dialog.deleteLater()

        self._run(lambda: safety.log(db, review_id), show)

    def purge_review(self) -> None:
        from internkontroll.ops import safety

        review_id = self.window.target_review()
        if review_id is None:
            return
        db = self.db

        def planned(found: PurgePlan) -> None:
            if not messages.ask_yes_no(self.window, "Gallra", f"{found.text()}\n\nVill du "
                                       "gallra nu? Det går inte att ångra."):
                return
            self.window.show_start()
            self._run(lambda: safety.purge(db, review_id, found), purged)

        def purged(done: Purged) -> None:
            text = f"{done.label} är gallrat. Resultaten finns kvar som antal."
            self._status(text, 10000)
            messages.show_info(self.window, "\n\n".join([text, done.cleaned.text(),
                                                         *done.notices]))

        # not redovisad, or nothing to gallra: said before anything is asked
        self._run(lambda: safety.purge_plan(db, review_id), planned, "Kan inte gallras")

    def delete_review(self) -> None:
        from internkontroll.ops import reviews

        review_id = self.window.target_review()
        if review_id is None:
            return
        label = self.window.label_of(review_id)
        if not messages.ask_yes_no(self.window, "Ta bort", f"Ta bort {label} med alla "
                                   "ärenden, bedömningar och anteckningar? De tas också bort "
                                   "ur ändringsloggen; att kontrolltillfället togs bort sparas "
                                   "där."):
            return
        self.window.show_start()
        db = self.db
        self._run(lambda: reviews.delete(db, review_id),
                  lambda _: self._status(f"{label} är borttaget."))

    # the database, backups and settings ---------------------------------------------------
    def choose_database(self, folder: Path | None = None) -> None:
        paths = self.window.paths
        start = folder if folder is not None and folder.is_dir() else paths.db.parent
        name, _ = QFileDialog.getOpenFileName(self.window, "Öppna databas", str(start),
                                              "Internkontroll-databas (*.sqlite *.db);;Alla (*)")
        if name:
            self.window.open_other(Path(name))

    def open_demo(self) -> None:
        """Make the example database anew (a few seconds) and open it."""
        from internkontroll import demo

        window = self.window
        window.close_database()
        window.busy.show()
        window.statusBar().showMessage("Skapar exempeldata …")

        def failed(error: BaseException) -> None:
            window.busy.hide()
            messages.show_error(window, str(error), "Kunde inte skapa exempeldata")

        window.tasks.run(window, lambda: demo.build(demo.demo_file()),
                         lambda made: window.open_other(made), failed)

    def connect_server(self) -> None:
        """Open a database on the förvaltning's server; the address (never a password) is
        remembered for the next start."""
        from internkontroll.store.server import is_server, without_password

        saved = saved_server()
        url = messages.ask_text(self.window, "Anslut till server",
                                "Serverns adress (den får du av IT):",
                                [saved or "postgresql://användare@server.kommun.se/"
                                          "internkontroll"])
        if not url:
            return
        if not is_server(url):
            messages.show_error(self.window, "Adressen ska börja med postgresql://, t.ex. "
                                "postgresql://anna@server.kommun.se/internkontroll.")
            return
        QSettings().setValue(SERVER_SETTING, without_password(url))
        self.window.open_other(url)

    def backup(self) -> None:
        from internkontroll.ops import safety

        paths = self.window.paths
        default = Path.home() / f"{paths.db.stem}-kopia-{date.today()}.sqlite"
        name, _ = QFileDialog.getSaveFileName(self.window, "Säkerhetskopiera", str(default),
                                              "Internkontroll-databas (*.sqlite)")
        if not name:
            return
        out, db = Path(name), self.db
        # replace: the file dialog has asked before replacing it
        self._run(lambda: safety.backup(db, out, replace=True),
                  lambda made: self._status(f"Säkerhetskopian är sparad i {made}."))

    def restore_backup(self) -> None:
        from internkontroll.ops import safety
        from internkontroll.store.backups import primary_folder

        window = self.window
        folder = primary_folder(window.paths.db)
        name, _ = QFileDialog.getOpenFileName(
            window, "Återställ säkerhetskopia", str(folder if folder.is_dir() else
                                                   window.paths.db.parent),
            "Internkontroll-databas (*.sqlite *.db);;Alla (*)")
        if not name or not messages.ask_yes_no(
                window, "Återställ säkerhetskopia",
                f"Ersätta databasen {window.paths.label} med {Path(name).name}?\n\nDen "
                f"nuvarande databasen sparas först i mappen {folder}."):
            return
        window.close_database()
        paths, source = window.paths, Path(name)

        def done(saved: Path | None) -> None:
            window.open_database(interactive=False)
            kept = f" Den tidigare sparades som {saved.name}." if saved else ""
            window.statusBar().showMessage(f"Återställd från {source.name}.{kept}")

        def failed(error: BaseException) -> None:
            messages.show_error(window, str(error), "Kunde inte återställa")
            window.open_database(interactive=False)

        window.tasks.run(window, lambda: safety.restore(paths, source), done, failed)

    def edit_settings(self) -> None:
        from internkontroll.ops import safety
        from internkontroll.ui.dialogs.safety import SettingsDialog

        db = self.db

        def edit(current: dict[str, str]) -> None:
            dialog = SettingsDialog(current, self.window)
            accepted = dialog.exec()
            values = dialog.values()
            dialog.deleteLater()
            if not accepted:
                return
            changed = [(key, value) for key, value in values.items()
                       if value != current.get(key, "")]
            self._run(lambda: safety.settings(db, changed),
                      lambda _: self._status("Inställningarna är sparade.", 6000),
                      "Inställningarna sparades inte")

        self._run(lambda: safety.settings(db), edit)
