"""The main window: controls and their kontrolltillfällen on the left, a start page or the open
kontrolltillfälle on the right, menus and a toolbar. This file builds the window and keeps the
list and the open view up to date; ``window_actions.py`` holds what the menus do."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
)

from internkontroll.ops import Changes
from internkontroll.paths import AppPaths
from internkontroll.ui import messages
from internkontroll.ui.review_tree import ReviewTree
from internkontroll.ui.tasks import Tasks
from internkontroll.ui.views import RESULTS, SCORING
from internkontroll.ui.window_actions import WindowActions
from internkontroll.ui.window_menus import build_menus

if TYPE_CHECKING:
    from internkontroll.ops.reviews import Overview, ReviewInfo
    from internkontroll.store.db import Database
    from internkontroll.ui.views.review import ReviewView
    from internkontroll.ui.views.scoring import ScoringView


class MainWindow(QMainWindow):
    database_opened = Signal()
    review_opened = Signal(int)
    # Set by build_menus, with one attribute per action (lock_action, …).
    database_actions: list[QAction]  # need an open database
    sample_actions: list[QAction]  # need a review with cases
    tab_actions: dict[str, QAction]

    def __init__(self, paths: AppPaths, tasks: Tasks | None = None) -> None:
        super().__init__()
        self.paths = paths
        self._tasks: Tasks | None = None
        self.tasks = tasks or Tasks()
        self.db: Database | None = None
        self.review: ReviewView | None = None  # the open kontrolltillfälle (tabs), if any
        self.scoring: ScoringView | None = None
        self.setWindowTitle("Internkontroll")
        self.tree = ReviewTree()
        self.tree.itemActivated.connect(lambda item, _col: self.open_selected())
        self.tree.currentItemChanged.connect(lambda *_: self.update_actions())
        self.start_page = QLabel()
        self.start_page.setWordWrap(True)
        self.start_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.start_page.setMargin(24)
        self.start_page.setAccessibleName("Startsida")
        self.start_page.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.start_page.linkActivated.connect(self._follow)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.stack)
        self.splitter.setSizes([400, 966])
        self.setCentralWidget(self.splitter)
        self.commands = WindowActions(self)
        build_menus(self, self.commands)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName("Arbetar")
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().showMessage("Öppnar databasen …")
        self.start_page.setText("<h2>Internkontroll</h2><p>Öppnar databasen …</p>")

    @property
    def tasks(self) -> Tasks:
        assert self._tasks is not None
        return self._tasks

    @tasks.setter
    def tasks(self, tasks: Tasks) -> None:
        """Every op's changes reach the list and the open view, whichever runner ran it."""
        if self._tasks is not None:
            self._tasks.changed.disconnect(self.on_changes)
        self._tasks = tasks
        tasks.changed.connect(self.on_changes)

    def enable(self, on: bool) -> None:
        for made in self.database_actions:
            made.setEnabled(on)
        self.update_actions()

    def update_actions(self) -> None:
        """The documents of a drawn sample only for a review with cases."""
        review_id = self.tree.selected_review() if self.tree.selected_review() is not None \
            else self.review.review_id if self.review is not None else None
        summary = self.tree.summaries.get(review_id) if review_id is not None else None
        with_cases = self.db is not None and summary is not None and bool(summary.cases)
        for made in self.sample_actions:
            made.setEnabled(with_cases)

    # database ----------------------------------------------------------------------------
    def _follow(self, link: str) -> None:
        """A link on the start page: the example data, or a new database."""
        if link == "exempeldata":
            self.commands.open_demo()
        else:
            self.open_database(create=True)

    def open_database(self, *, interactive: bool = True, create: bool = False) -> None:
        """Open (and if needed migrate) the database in the background, with progress shown;
        ask before creating a missing file, unless told to ``create`` it."""
        from internkontroll.store.db import open_database

        exists = self.paths.server is not None or self.paths.db.exists()
        if not exists and not create:
            question = (f"Det finns ingen databas i {self.paths.db}.\n\n"
                        "Vill du skapa en ny, tom databas där?")
            if not interactive or not messages.ask_yes_no(self, "Ny databas", question):
                self._show_first_run()
                return
        self.busy.show()
        self.statusBar().showMessage("Öppnar databasen och uppgraderar den vid behov …")
        target = self.paths.target
        self.tasks.run(self, lambda: open_database(target, write=True, create=not exists),
                       self._opened, lambda error: self._not_opened(error, interactive))

    def _not_opened(self, error: BaseException, interactive: bool) -> None:
        """Foreign, corrupt, newer or locked: say so, and point to another file or a backup."""
        from internkontroll.core.errors import InternkontrollError, PasswordNeeded

        self.busy.hide()
        if isinstance(error, PasswordNeeded) and interactive and self.paths.server:
            from internkontroll.store.server import with_password

            password = messages.ask_password(self, str(error))
            if password:
                self.open_other(with_password(self.paths.server, password))
                return
        text = str(error) if isinstance(error, InternkontrollError) else \
            f"Databasen {self.paths.label} kunde inte läsas ({error})."
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
            self.commands.choose_database()
        elif choice == 1:
            self.commands.restore_backup()

    def _opened(self, db: Database) -> None:
        """Read the list; the window is ready (``db`` set, actions on) once it is shown."""
        from internkontroll.ops import reviews

        def ready(found: Overview) -> None:
            self.busy.hide()
            self.db = db
            self.enable(True)
            self.statusBar().showMessage(f"Databas: {self.paths.where}")
            self._title()
            if db.notices:  # a backup that could not be made
                self.statusBar().showMessage(" ".join(db.notices))
            self._fill(found, None, "".join(f"<p style='color:#8A4B00'><b>Obs!</b> {n}</p>"
                                            for n in db.notices))
            self.database_opened.emit()

        def failed(error: BaseException) -> None:
            db.close()
            self._not_opened(error, False)

        self.tasks.run(self, lambda: reviews.overview(db), ready, failed)

    @property
    def showing_demo(self) -> bool:
        """Whether the open database is the example data."""
        from internkontroll.demo import demo_file

        return self.paths.server is None and self.db is not None and \
            self.paths.db.resolve() == demo_file().resolve()

    def _title(self) -> None:
        self.setWindowTitle("Internkontroll – EXEMPEL (påhittade uppgifter)"
                            if self.showing_demo else "Internkontroll")

    def close_database(self) -> None:
        self.show_start()
        if self.db is not None:
            self.tasks.shutdown()
            self.tasks = Tasks(None if not self.tasks.immediate else self.tasks.executor)
            self.db.close()
            self.db = None
        self.enable(False)
        self._title()

    def _show_first_run(self) -> None:
        from internkontroll.ui.review_tree import welcome_text

        self.statusBar().showMessage("Ingen databas öppen.")
        self.start_page.setText(welcome_text(self.paths.db))

    def open_other(self, path: Path | str) -> None:
        """Open the file ``path``, or the server database a ``postgresql://`` URL names."""
        self.close_database()
        self.paths = AppPaths(self.paths.db, path) if isinstance(path, str) else AppPaths(path)
        self.open_database()

    # the list and the open view ----------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        """Reload the list (in the background); then select ``select``, else keep the
        selection."""
        from internkontroll.ops import reviews

        db = self.db
        if db is None:
            return
        self.tasks.run(self, lambda: reviews.overview(db),
                       lambda found: self._fill(found, select), self._failed)

    def _fill(self, found: Overview, select: int | None, notices: str = "") -> None:
        self.tree.fill(found, select)
        if self.showing_demo:
            notices += ("<p style='color:#8A4B00'><b>Exempeldata.</b> Alla kontrolltillfällen "
                        "här är påhittade, och databasen skapas på nytt varje gång du öppnar "
                        "exempeldata. Dina egna uppgifter öppnar du med <b>Arkiv → Öppna "
                        "databas</b>.</p>")
        self.start_page.setText(self.tree.start_text(found) + notices)
        self.update_actions()

    def refresh_statuses(self, review_ids: frozenset[int]) -> None:
        """Update the status of the given reviews in place (after answers, a lock …)."""
        from internkontroll.ops import reviews

        db = self.db
        if db is None or not review_ids:
            return
        self.tasks.run(self, lambda: reviews.list_all(db, ids=review_ids),
                       self.tree.update_statuses, self._failed)

    def on_changes(self, changes: Changes) -> None:
        """Hand an op's changes to the list and to the open kontrolltillfälle."""
        if self.db is None:
            return
        if changes.review_list or changes.database or changes.templates:
            self.refresh()
        elif changes.reviews:
            self.refresh_statuses(changes.reviews)
        if self.review is not None:
            self.review.on_changes(changes)

    def _failed(self, error: BaseException) -> None:
        messages.show_error(self, str(error))

    def selected_template(self) -> str | None:
        """The key of the control selected in the tree (or of the selected review's)."""
        return self.tree.selected_template()

    def selected_review(self) -> int | None:
        return self.tree.selected_review()

    def select_review(self, review_id: int) -> None:
        self.tree.select_review(review_id)

    def target_review(self, ask: bool = True) -> int | None:
        """The review a menu action acts on: the one selected in the list, else the open one;
        ``ask`` says so when there is none."""
        review_id = self.tree.selected_review()
        if review_id is None and self.review is not None:
            review_id = self.review.review_id
        if review_id is None and ask:
            messages.show_info(self, "Välj först ett kontrolltillfälle i listan till vänster.")
        return review_id

    def label_of(self, review_id: int) -> str:
        summary = self.tree.summaries.get(review_id)
        return summary.label if summary is not None else f"kontrolltillfälle {review_id}"

    def open_selected(self) -> None:
        review_id = self.selected_review()
        if review_id is not None:
            self.open_review(review_id)

    def open_review(self, review_id: int, tab: str | None = None) -> None:
        """Read the review (in the background), then show it in tabs."""
        from internkontroll.ops import reviews

        db = self.db
        if db is None:
            return
        self.tasks.run(self, lambda: reviews.info(db, review_id),
                       lambda info: self._show_review(info, tab), self._failed)

    def _show_review(self, info: ReviewInfo, tab: str | None) -> None:
        from internkontroll.ui.views.review import ReviewView

        assert self.db is not None
        self.show_start()
        self.review = ReviewView(self.db, self.tasks, info)
        self.scoring = self.review.scoring
        if self.scoring is not None:
            self.scoring.answer_saved.connect(lambda *_: self._saved())
        self.stack.addWidget(self.review)
        self.stack.setCurrentWidget(self.review)
        tree = min(300, self.width() // 5)  # room for the checklist, also at 125 %
        self.splitter.setSizes([tree, self.width() - tree])
        self.review.show_tab(tab or (SCORING if self.scoring is not None else RESULTS))
        self.select_review(info.id)
        self.update_actions()
        self.review_opened.emit(info.id)

    def _saved(self) -> None:
        self.statusBar().showMessage("Bedömningen är sparad.", 3000)

    def show_review_tab(self, name: str) -> None:
        if self.review is not None:
            self.review.show_tab(name)
            return
        review_id = self.target_review()
        if review_id is not None:
            self.open_review(review_id, name)

    def show_start(self) -> None:
        if self.review is not None:
            self.review.texts.save_now()
            self.stack.removeWidget(self.review)
            self.review.deleteLater()
            self.review = self.scoring = None
            self.refresh()
            self.splitter.setSizes([400, self.width() - 400])
        self.stack.setCurrentWidget(self.start_page)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_database()
        super().closeEvent(event)
