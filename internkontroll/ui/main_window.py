"""The main window: controls and their kontrolltillfällen on the left, a start page on the right."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
)

from internkontroll.paths import AppPaths
from internkontroll.ui import messages

MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")


class MainWindow(QMainWindow):
    database_opened = Signal()

    def __init__(self, paths: AppPaths) -> None:
        super().__init__()
        self.paths = paths
        self.db: Any = None
        self.setWindowTitle("Internkontroll")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Kontroll / kontrolltillfälle", "Status"])
        self.tree.setAccessibleName("Kontroller och kontrolltillfällen")
        self.tree.setColumnWidth(0, 390)
        self.start_page = QLabel()
        self.start_page.setWordWrap(True)
        self.start_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.start_page.setMargin(24)
        self.start_page.setAccessibleName("Startsida")
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.start_page)
        splitter.setSizes([500, 866])
        self.setCentralWidget(splitter)
        self.statusBar().showMessage("Öppnar databasen …")
        self.start_page.setText("<h2>Internkontroll</h2><p>Öppnar databasen …</p>")

    def open_database(self, *, interactive: bool = True) -> None:
        """Open (and if needed migrate) the database; ask before creating a missing file."""
        from internkontroll.core.errors import InternkontrollError
        from internkontroll.store.db import open_database

        exists = self.paths.db.exists()
        if not exists:
            question = (f"Det finns ingen databas i {self.paths.db}.\n\n"
                        "Vill du skapa en ny, tom databas där?")
            if not interactive or not messages.ask_yes_no(self, "Ny databas", question):
                self._show_first_run()
                return
        try:
            self.db = open_database(self.paths.db, write=True, create=not exists)
        except InternkontrollError as error:
            self.statusBar().showMessage("Databasen kunde inte öppnas.")
            self.start_page.setText(f"<h2>Databasen kunde inte öppnas</h2><p>{error}</p>")
            if interactive:
                messages.show_error(self, str(error), "Databasen kunde inte öppnas")
            return
        self.refresh()
        self.statusBar().showMessage(f"Databas: {self.paths.db}")
        self.database_opened.emit()

    def _show_first_run(self) -> None:
        self.statusBar().showMessage("Ingen databas öppen.")
        self.start_page.setText(
            "<h2>Välkommen till Internkontroll</h2>"
            f"<p>Det finns ännu ingen databas i <br><code>{self.paths.db}</code>.</p>"
            "<p>När du lägger upp det första kontrolltillfället skapas databasen, med "
            "kontrollerna för ekonomiskt bistånd, lokala värdighetsgarantier och SIP.</p>")

    def refresh(self) -> None:
        from internkontroll.store.reviews import list_reviews
        from internkontroll.store.templates import latest_templates

        with self.db.session() as session:
            templates = latest_templates(session)
            reviews = list_reviews(session)
        self.tree.clear()
        due: list[str] = []
        month = date.today().month
        for _, template in templates:
            node = QTreeWidgetItem([template.title, ""])
            node.setData(0, Qt.ItemDataRole.UserRole, template.key)
            for review in reviews:
                if review.template == template.key:
                    child = QTreeWidgetItem([f"{review.label}  ({review.date})", review.status])
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
        self.start_page.setText("<h2>Internkontroll</h2><p>Kontroller att redovisa:</p>"
                                f"<ul>{''.join(due)}</ul>")

    def closeEvent(self, event: Any) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
        super().closeEvent(event)
