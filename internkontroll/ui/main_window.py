"""The main window: controls and their kontrolltillfällen on the left, a start page or the
scoring view on the right, menus and a toolbar with shortcuts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
)

from internkontroll.paths import AppPaths
from internkontroll.ui import messages
from internkontroll.ui.tasks import Tasks
from internkontroll.ui.views import PREVIEW, RESULTS, SCORING, TEXTS

TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1  # a control's key, on its node in the tree
MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")


class MainWindow(QMainWindow):
    database_opened = Signal()
    review_opened = Signal(int)

    def __init__(self, paths: AppPaths, tasks: Tasks | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.tasks = tasks or Tasks()
        self.db: Any = None
        self.review: Any = None  # the open kontrolltillfälle (tabs), if any
        self.scoring: Any = None
        self.setWindowTitle("Internkontroll")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Kontroll / kontrolltillfälle", "Status"])
        self.tree.setAccessibleName("Kontroller och kontrolltillfällen")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(lambda item, _col: self.open_selected())
        self.start_page = QLabel()
        self.start_page.setWordWrap(True)
        self.start_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.start_page.setMargin(24)
        self.start_page.setAccessibleName("Startsida")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.stack)
        self.splitter.setSizes([400, 966])
        self.setCentralWidget(self.splitter)
        self._actions()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName("Arbetar")
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().showMessage("Öppnar databasen …")
        self.start_page.setText("<h2>Internkontroll</h2><p>Öppnar databasen …</p>")

    def _actions(self) -> None:
        def action(text: str, shortcut: str | QKeySequence.StandardKey, slot: Any,
                   tip: str) -> QAction:
            made = QAction(text, self)
            made.setShortcut(QKeySequence(shortcut))
            made.setStatusTip(tip)
            made.triggered.connect(slot)
            return made

        self.new_action = action("&Nytt kontrolltillfälle …", "Ctrl+N", lambda: self.new_review(),
                                 "Lägg upp ett kontrolltillfälle och dra eller ange ärenden")
        self.again_action = action("Ny kontroll som &förra gången …", "Ctrl+Shift+N",
                                   self.new_review_like_last,
                                   "Samma urvalsinställningar och texter som det valda "
                                   "kontrolltillfället, att justera")
        self.open_action = action("&Bedöm", "Ctrl+B", self.open_selected,
                                  "Bedöm ärendena i det valda kontrolltillfället")
        self.report_action = action("Skapa &rapport …", "Ctrl+P", self.create_report,
                                    "Spara redovisningen till nämnden som PDF eller Word")
        self.export_action = action("&Exportera tabeller …", "Ctrl+E", self.export_tables,
                                    "Spara tabellerna för nämnden som Excel-fil")
        self.home_action = action("&Startsida", "Ctrl+Home", self.show_start,
                                  "Tillbaka till startsidan")
        self.db_action = action("Öppna &databas …", "Ctrl+O", self.choose_database,
                                "Öppna en annan databasfil")
        self.backup_action = action("&Säkerhetskopiera …", "", self.backup,
                                    "Spara en kopia av databasen där du väljer")
        self.restore_action = action("Å&terställ säkerhetskopia …", "", self.restore_backup,
                                     "Ersätt databasen med en säkerhetskopia; den nuvarande "
                                     "sparas först")
        self.settings_action = action("&Inställningar …", "", self.edit_settings,
                                      "Kommun, nämnd, små antal och mapp för "
                                      "säkerhetskopior")
        quit_action = action("&Avsluta", QKeySequence.StandardKey.Quit, self.close,
                             "Stäng programmet")
        self.lock_action = action("Markera som redovisad i &nämnd …", "", self.lock_review,
                                  "Spara redovisningen som nämnden fick och lås "
                                  "kontrolltillfället")
        self.unlock_action = action("&Lås upp …", "", self.unlock_review,
                                    "Lås upp ett redovisat kontrolltillfälle, med motivering")
        self.pdf_action = action("Spara redovisad &PDF …", "", self.save_stored_pdf,
                                 "Spara den PDF som nämnden fick, byte för byte")
        self.log_action = action("Visa ändrings&logg", "Ctrl+L", self.show_log,
                                 "Vem ändrade vad och när")
        self.purge_action = action("&Gallra …", "", self.purge_review,
                                   "Ta bort ärendena i ett redovisat kontrolltillfälle; "
                                   "resultaten finns kvar som antal")
        self.delete_action = action("&Ta bort …", "", self.delete_review,
                                    "Ta bort ett kontrolltillfälle som inte har redovisats")
        self.new_template_action = action("Ny &kontroll …", "", lambda: self.edit_template(None),
                                          "Lägg upp en egen kontroll")
        self.copy_template_action = action("K&opiera kontroll …", "",
                                           lambda: self.edit_template(True),
                                           "En ny kontroll som utgår från den valda")
        self.edit_template_action = action("&Redigera kontroll …", "",
                                           lambda: self.edit_template(False),
                                           "Ändra den valda kontrollen; används den blir det "
                                           "en ny version")
        archive = self.menuBar().addMenu("&Arkiv")
        archive.addActions([self.db_action, self.backup_action, self.restore_action,
                            self.settings_action])
        archive.addSeparator()
        archive.addAction(quit_action)
        review = self.menuBar().addMenu("&Kontrolltillfälle")
        review.addActions([self.new_action, self.again_action, self.open_action,
                           self.report_action, self.export_action])
        review.addSeparator()
        review.addActions([self.lock_action, self.unlock_action, self.pdf_action,
                           self.log_action])
        review.addSeparator()
        review.addActions([self.purge_action, self.delete_action])
        controls = self.menuBar().addMenu("K&ontroll")
        controls.addActions([self.new_template_action, self.copy_template_action,
                             self.edit_template_action])
        view = self.menuBar().addMenu("&Visa")
        view.addAction(self.home_action)
        self.tab_actions = {name: action(name, f"Ctrl+{n}",
                                         lambda _=False, name=name: self.show_review_tab(name),
                                         f"Visa {name.lower()} för det valda kontrolltillfället")
                            for n, name in enumerate((SCORING, RESULTS, TEXTS, PREVIEW), 1)}
        view.addActions(list(self.tab_actions.values()))
        toolbar = self.addToolBar("Verktyg")
        toolbar.setObjectName("verktyg")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.home_action, self.new_action, self.open_action,
                            self.tab_actions[RESULTS], self.tab_actions[PREVIEW],
                            self.report_action, self.export_action])
        for made in toolbar.actions():
            button = toolbar.widgetForAction(made)
            button.setAccessibleName(made.text().replace("&", "").rstrip(" …"))
            button.setAccessibleDescription(made.statusTip())
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for made in (self.new_action, self.again_action, self.open_action, self.report_action,
                     self.export_action, self.backup_action, self.settings_action,
                     self.lock_action, self.unlock_action, self.pdf_action, self.log_action,
                     self.purge_action, self.delete_action, *self.tab_actions.values(),
                     self.new_template_action, self.copy_template_action,
                     self.edit_template_action):
            made.setEnabled(on)

    # database ----------------------------------------------------------------------------
    def open_database(self, *, interactive: bool = True) -> None:
        """Open (and if needed migrate) the database in the background, with progress shown;
        ask before creating a missing file."""
        from internkontroll.store.db import open_database

        exists = self.paths.db.exists()
        if not exists:
            question = (f"Det finns ingen databas i {self.paths.db}.\n\n"
                        "Vill du skapa en ny, tom databas där?")
            if not interactive or not messages.ask_yes_no(self, "Ny databas", question):
                self._show_first_run()
                return
        self.busy.show()
        self.statusBar().showMessage("Öppnar databasen och uppgraderar den vid behov …")
        path = self.paths.db
        self.tasks.run(self, lambda: open_database(path, write=True, create=not exists),
                       self._opened, lambda error: self._not_opened(error, interactive))

    def _not_opened(self, error: BaseException, interactive: bool) -> None:
        """Foreign, corrupt, newer or locked: say so, and point to another file or a backup."""
        from internkontroll.core.errors import InternkontrollError

        self.busy.hide()
        text = str(error) if isinstance(error, InternkontrollError) else \
            f"Databasen {self.paths.db.name} kunde inte läsas ({error})."
        self.statusBar().showMessage("Databasen kunde inte öppnas.")
        self.start_page.setText(
            f"<h2>Databasen kunde inte öppnas</h2><p>{text}</p>"
            "<p>Välj en annan databasfil, eller en säkerhetskopia ur mappen "
            "<i>backups</i> bredvid databasen, med <b>Arkiv → Öppna databas</b>.</p>")
        if not interactive:
            return
        choice = messages.ask_choice(
            self, "Databasen kunde inte öppnas", f"{text}\n\nVad vill du göra?",
            ["Välj en annan fil …", "Återställ en säkerhetskopia …", "Stäng"])
        if choice == 0:
            self.choose_database()
        elif choice == 1:
            self.restore_backup()

    def _opened(self, db: Any) -> None:
        self.busy.hide()
        self.db = db
        self._enable(True)
        self.refresh()
        self.statusBar().showMessage(f"Databas: {self.paths.db}")
        if db.notices:  # a backup that could not be made
            self.statusBar().showMessage(" ".join(db.notices))
            self.start_page.setText(self.start_page.text() + "".join(
                f"<p style='color:#8A4B00'><b>Obs!</b> {n}</p>" for n in db.notices))
        self.database_opened.emit()

    def choose_database(self, folder: Path | None = None) -> None:
        start = folder if folder is not None and folder.is_dir() else self.paths.db.parent
        name, _ = QFileDialog.getOpenFileName(self, "Öppna databas", str(start),
                                              "Internkontroll-databas (*.sqlite *.db);;Alla (*)")
        if not name:
            return
        self._close_database()
        self.paths = AppPaths(Path(name))
        self.open_database()

    def _close_database(self) -> None:
        self.show_start()
        if self.db is not None:
            self.tasks.shutdown()
            self.tasks = Tasks(None if not self.tasks.immediate else self.tasks.executor)
            self.db.close()
            self.db = None
        self._enable(False)

    def _show_first_run(self) -> None:
        self.statusBar().showMessage("Ingen databas öppen.")
        self.start_page.setText(
            "<h2>Välkommen till Internkontroll</h2>"
            f"<p>Det finns ännu ingen databas i <br><code>{self.paths.db}</code>.</p>"
            "<p>När databasen skapas följer kontrollerna för ekonomiskt bistånd, lokala "
            "värdighetsgarantier och SIP med. Välj <b>Arkiv → Öppna databas</b> för en "
            "befintlig fil.</p>")

    # views -------------------------------------------------------------------------------
    def refresh(self) -> None:
        from internkontroll.store.reviews import REDOVISAD, list_reviews
        from internkontroll.store.templates import latest_templates

        with self.db.session() as session:
            templates = latest_templates(session)
            reviews = list_reviews(session)
        self.tree.clear()
        due: list[str] = []
        month = date.today().month
        for _, template in templates:
            node = QTreeWidgetItem([template.title, ""])
            node.setToolTip(0, template.title)
            node.setData(0, Qt.ItemDataRole.UserRole, None)
            node.setData(0, TEMPLATE_ROLE, template.key)
            for review in reviews:
                if review.template == template.key:
                    status = review.status if review.cases is None or \
                        review.status == REDOVISAD else \
                        "inga ärenden ännu" if not review.cases else \
                        f"{review.status} ({review.complete_cases}/{review.cases})"
                    child = QTreeWidgetItem([f"{review.label}  ({review.date})", status])
                    child.setData(0, Qt.ItemDataRole.UserRole, review.id)
                    node.addChild(child)
            self.tree.addTopLevelItem(node)
            node.setExpanded(True)
            months = [MONTH_NAMES[m - 1] for m in template.reporting_months]
            upcoming = next((m for m in template.reporting_months if m >= month),
                            template.reporting_months[0] if template.reporting_months else None)
            if upcoming is not None:
                due.append(f"<li><b>{template.title}</b>: redovisas i {' och '.join(months)}; "
                           f"nästa gång i {MONTH_NAMES[upcoming - 1]}.</li>")
        self.start_page.setText(
            "<h2>Internkontroll</h2><p>Kontroller att redovisa:</p>"
            f"<ul>{''.join(due)}</ul>"
            "<p>Välj ett kontrolltillfälle till vänster och tryck <b>Enter</b> för att bedöma "
            "ärendena, eller lägg upp ett nytt med <b>Ctrl+N</b>.</p>")

    def selected_template(self) -> str | None:
        """The key of the control selected in the tree (or of the selected review's)."""
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, TEMPLATE_ROLE) if item is not None else None

    def edit_template(self, copy_of: bool | None) -> None:
        """``None``: a new control; ``True``: a copy of the selected; ``False``: edit it."""
        from internkontroll.ui.dialogs.template_editor import TemplateEditor

        key = None
        if copy_of is not None:
            key = self.selected_template()
            if key is None:
                messages.show_info(self, "Välj först en kontroll i listan till vänster.")
                return
        dialog = TemplateEditor(self.db, self.tasks, key, bool(copy_of), self)
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted and dialog.saved is not None:
            self.refresh()
            self.statusBar().showMessage(
                f"Kontrollen är sparad (version {dialog.saved[1]}).", 8000)

    def selected_review(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None

    def select_review(self, review_id: int) -> None:
        for n in range(self.tree.topLevelItemCount()):
            node = self.tree.topLevelItem(n)
            for c in range(node.childCount()):
                if node.child(c).data(0, Qt.ItemDataRole.UserRole) == review_id:
                    self.tree.setCurrentItem(node.child(c))

    def open_selected(self) -> None:
        review_id = self.selected_review()
        if review_id is not None:
            self.open_review(review_id)

    def open_review(self, review_id: int, tab: str | None = None) -> None:
        from internkontroll.ui.views.review import ReviewView

        self.show_start()
        self.review = ReviewView(self.db, self.tasks, review_id)
        self.scoring = self.review.scoring
        if self.scoring is not None:
            self.scoring.answer_saved.connect(lambda *_: self._status_saved())
            self.scoring.review_changed.connect(self.refresh)
        self.stack.addWidget(self.review)
        self.stack.setCurrentWidget(self.review)
        tree = min(300, self.width() // 5)  # room for the checklist, also at 125 %
        self.splitter.setSizes([tree, self.width() - tree])
        self.review.show_tab(tab or (SCORING if self.scoring is not None else RESULTS))
        self.select_review(review_id)
        self.review_opened.emit(review_id)

    def show_review_tab(self, name: str) -> None:
        if self.review is not None:
            self.review.show_tab(name)
            return
        review_id = self._current_for_documents()
        if review_id is not None:
            self.open_review(review_id, name)

    def _status_saved(self) -> None:
        self.statusBar().showMessage("Bedömningen är sparad.", 3000)

    def show_start(self) -> None:
        if self.review is not None:
            self.review.texts.save_now()
            self.stack.removeWidget(self.review)
            self.review.deleteLater()
            self.review = self.scoring = None
            self.refresh()
            self.splitter.setSizes([400, self.width() - 400])
        self.stack.setCurrentWidget(self.start_page)

    # actions -----------------------------------------------------------------------------
    def new_review_like_last(self) -> None:
        review_id = self._current_for_documents()
        if review_id is not None:
            self.new_review(carry_from=review_id)

    def new_review(self, carry_from: int | None = None) -> None:
        from internkontroll.ui.dialogs.new_review import NewReviewDialog

        dialog = NewReviewDialog(self.db, self.tasks, self, carry_from)
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted and dialog.review_id is not None:
            self.refresh()
            self.select_review(dialog.review_id)
            if dialog.open_scoring:
                self.open_review(dialog.review_id)

    def _current_for_documents(self) -> int | None:
        review_id = self.review.review_id if self.review is not None else \
            self.selected_review()
        if review_id is None:
            messages.show_info(self, "Välj först ett kontrolltillfälle i listan till vänster.")
        return review_id

    def create_report(self) -> None:
        review_id = self._current_for_documents()
        if review_id is None:
            return
        name, chosen = QFileDialog.getSaveFileName(
            self, "Skapa rapport", str(Path.home() / "redovisning.pdf"),
            "PDF-bilaga (*.pdf);;Word-dokument (*.docx)")
        if name:
            docx = "docx" in chosen or name.lower().endswith(".docx")
            self.write_document(review_id, Path(name).with_suffix(".docx" if docx else ".pdf"))

    def export_tables(self) -> None:
        review_id = self._current_for_documents()
        if review_id is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Exportera tabeller",
                                              str(Path.home() / "tabeller.xlsx"),
                                              "Excel (*.xlsx)")
        if name:
            self.write_document(review_id, Path(name).with_suffix(".xlsx"), "tabeller")

    def write_document(self, review_id: int, out: Path, kind: str = "redovisning") -> None:
        from internkontroll.ui.documents import save_document

        self.statusBar().showMessage("Skapar dokumentet …")
        save_document(self, self.db, self.tasks, review_id, out, kind,
                      lambda path: self.statusBar().showMessage(f"Sparad: {path}", 6000),
                      lambda error: messages.show_error(self, str(error)))

    # redovisad i nämnd, log, gallring -------------------------------------------------------
    def _label(self, review_id: int) -> str:
        from internkontroll.store.reviews import get_review

        with self.db.session() as session:
            return get_review(session, review_id)[0].label

    def _review_task(self, op: Any, review_id: int, message: str) -> None:
        """Run a change in the background; then refresh the list and any open view of it."""
        def done(_: Any) -> None:
            self.refresh()
            if self.review is not None and self.review.review_id == review_id:
                self.open_review(review_id, self.review.tabText(self.review.currentIndex())
                                 .split(" ", 1)[1])
            else:
                self.select_review(review_id)
            self.statusBar().showMessage(message, 8000)

        self.tasks.run(self, op, done, lambda error: messages.show_error(self, str(error)))

    def lock_review(self) -> None:
        from internkontroll.ui.dialogs.safety import LockDialog

        review_id = self._current_for_documents()
        if review_id is None:
            return
        label = self._label(review_id)
        dialog = LockDialog(label, self)
        accepted = dialog.exec()
        dialog.deleteLater()
        if not accepted:
            return
        by, paragraph, db = dialog.reported_by.text(), dialog.paragraph.text(), self.db

        def op() -> None:
            from internkontroll.reports.pdf import review_pdf
            from internkontroll.store.locking import lock_review
            from internkontroll.store.reviews import get_review

            with db.session() as session:
                review, _ = get_review(session, review_id)
                lock_review(session, review, by, paragraph, review_pdf(session, review_id))

        self._review_task(op, review_id, f"{label} är markerat som redovisat i nämnd. "
                          "Redovisningen är sparad i databasen.")

    def unlock_review(self) -> None:
        review_id = self._current_for_documents()
        if review_id is None:
            return
        label = self._label(review_id)
        reason = messages.ask_text(self, "Lås upp", f"Varför ska {label} låsas upp? "
                                   "Motiveringen sparas i ändringsloggen.", [])
        if not reason:
            return
        db = self.db

        def op() -> None:
            from internkontroll.store.locking import unlock_review
            from internkontroll.store.reviews import get_review

            with db.session() as session:
                unlock_review(session, get_review(session, review_id)[0], reason)

        self._review_task(op, review_id, f"{label} är upplåst. Den redovisade PDF-filen "
                          "finns kvar.")

    def save_stored_pdf(self) -> None:
        from internkontroll.store.locking import stored_pdfs

        review_id = self._current_for_documents()
        if review_id is None:
            return
        with self.db.session() as session:
            stored = stored_pdfs(session, review_id)
        if not stored:
            messages.show_info(self, "Kontrolltillfället har inte redovisats i nämnd ännu.")
            return
        name, _ = QFileDialog.getSaveFileName(self, "Spara redovisad PDF",
                                              str(Path.home() / "redovisad.pdf"), "PDF (*.pdf)")
        if name:
            Path(name).write_bytes(stored[-1].pdf)
            self.statusBar().showMessage(f"Sparad: {name} (SHA-256 {stored[-1].sha256[:12]} …)",
                                         8000)

    def show_log(self) -> None:
        from internkontroll.ui.dialogs.safety import LogDialog

        review_id = self.review.review_id if self.review is not None else \
            self.selected_review()
        title = self._label(review_id) if review_id is not None else "hela databasen"
        dialog = LogDialog(self.db, review_id, title, self)
        dialog.exec()

    def purge_review(self) -> None:
        from internkontroll.store.purge import plan, purge

        review_id = self._current_for_documents()
        if review_id is None:
            return
        from internkontroll.core.errors import InternkontrollError

        try:
            with self.db.session() as session:
                found = plan(session, self.paths.db, review_id)
        except InternkontrollError as error:  # not redovisad, or nothing to gallra
            messages.show_error(self, str(error), "Kan inte gallras")
            return
        if not messages.ask_yes_no(self, "Gallra", f"{found.text()}\n\nVill du gallra nu? "
                                   "Det går inte att ångra."):
            return
        self.show_start()
        db = self.db

        def done(outcome: tuple[Any, list[str]]) -> None:
            cleaned, notices = outcome
            self.refresh()
            self.statusBar().showMessage(f"{found.label} är gallrat. Resultaten finns kvar som "
                                         "antal.", 10000)
            messages.show_info(self, "\n\n".join([f"{found.label} är gallrat. Resultaten "
                                                  "finns kvar som antal.", cleaned.text(),
                                                  *notices]))

        self.tasks.run(self, lambda: purge(db, review_id, found), done,
                       lambda error: messages.show_error(self, str(error)))

    def delete_review(self) -> None:
        from internkontroll.store.purge import delete_and_compact

        review_id = self._current_for_documents()
        if review_id is None:
            return
        label = self._label(review_id)
        if not messages.ask_yes_no(self, "Ta bort", f"Ta bort {label} med alla ärenden, "
                                   "bedömningar och anteckningar? De tas också bort ur "
                                   "ändringsloggen; att kontrolltillfället togs bort sparas "
                                   "där."):
            return
        self.show_start()
        db = self.db

        def op() -> None:
            delete_and_compact(db, review_id)

        def done(_: Any) -> None:
            self.refresh()
            self.statusBar().showMessage(f"{label} är borttaget.", 8000)

        self.tasks.run(self, op, done, lambda error: messages.show_error(self, str(error)))

    # backups and settings ----------------------------------------------------------------
    def backup(self) -> None:
        from internkontroll.store.backups import backup_to

        default = Path.home() / f"{self.paths.db.stem}-kopia-{date.today()}.sqlite"
        name, _ = QFileDialog.getSaveFileName(self, "Säkerhetskopiera", str(default),
                                              "Internkontroll-databas (*.sqlite)")
        if not name:
            return
        out, source = Path(name), self.paths.db
        out.unlink(missing_ok=True)  # the file dialog has asked before replacing it
        self.tasks.run(self, lambda: backup_to(source, out),
                       lambda made: self.statusBar().showMessage(
                           f"Säkerhetskopian är sparad i {made}.", 8000),
                       lambda error: messages.show_error(self, str(error)))

    def restore_backup(self) -> None:
        from internkontroll.store.backups import primary_folder, restore_and_log

        folder = primary_folder(self.paths.db)
        name, _ = QFileDialog.getOpenFileName(
            self, "Återställ säkerhetskopia", str(folder if folder.is_dir() else
                                                 self.paths.db.parent),
            "Internkontroll-databas (*.sqlite *.db);;Alla (*)")
        if not name or not messages.ask_yes_no(
                self, "Återställ säkerhetskopia",
                f"Ersätta databasen {self.paths.db.name} med {Path(name).name}?\n\nDen "
                f"nuvarande databasen sparas först i mappen {folder}."):
            return
        self._close_database()
        path, source = self.paths.db, Path(name)

        def done(saved: Path | None) -> None:
            self.open_database(interactive=False)
            kept = f" Den tidigare sparades som {saved.name}." if saved else ""
            self.statusBar().showMessage(f"Återställd från {source.name}.{kept}")

        def failed(error: BaseException) -> None:
            messages.show_error(self, str(error), "Kunde inte återställa")
            self.open_database(interactive=False)

        self.tasks.run(self, lambda: restore_and_log(path, source), done, failed)

    def edit_settings(self) -> None:
        from internkontroll.store.texts import get_settings, set_setting
        from internkontroll.ui.dialogs.safety import SettingsDialog

        with self.db.session() as session:
            current = get_settings(session)
        dialog = SettingsDialog(current, self)
        accepted = dialog.exec()
        dialog.deleteLater()
        if not accepted:
            return
        try:
            with self.db.session() as session:
                for key, value in dialog.values().items():
                    if value != current.get(key, ""):
                        set_setting(session, key, value)
        except Exception as error:  # noqa: BLE001 (shown; nothing was saved)
            messages.show_error(self, str(error), "Inställningarna sparades inte")
            return
        self.statusBar().showMessage("Inställningarna är sparade.", 6000)

    def closeEvent(self, event: Any) -> None:
        self._close_database()
        super().closeEvent(event)
