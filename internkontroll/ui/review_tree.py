"""The list of controls and their kontrolltillfällen, with each one's status.

Texts stay short enough for a narrow list (the tree beside the scoring view at 1366×768 and
125 %); the whole text is in each row's tooltip.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

if TYPE_CHECKING:
    from internkontroll.ops.reviews import Overview
    from internkontroll.store.reviews import ReviewSummary

REVIEW_ROLE = Qt.ItemDataRole.UserRole  # a review's id, on its row
TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1  # a control's key, on its node in the tree
MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")


def status_texts(review: ReviewSummary) -> tuple[str, str]:
    """The status as the list shows it, and as its tooltip says it in full."""
    from internkontroll.store.reviews import GALLRAD, KLAR, REDOVISAD

    if review.status == GALLRAD:
        return "gallrad", "Redovisad i nämnd och gallrad: resultaten finns kvar som antal."
    if review.status == REDOVISAD:
        return "redovisad", "Redovisad i nämnd och låst."
    if review.cases is None:
        return review.status, "Endast antal: en jämförelseperiod utan ärenden."
    if not review.cases:
        return "inga ärenden ännu", "Inga ärenden ännu: dra ett urval eller lägg in ärenden."
    counted = f"{review.complete_cases} av {review.cases} ärenden färdigbedömda"
    if review.status == KLAR:
        return f"klar ({review.complete_cases}/{review.cases})", f"Klar: {counted}."
    return f"{review.status} ({review.complete_cases}/{review.cases})", \
        f"Pågående: {counted}."


class ReviewTree(QTreeWidget):
    def __init__(self) -> None:
        super().__init__()
        self.summaries: dict[int, ReviewSummary] = {}
        self.setHeaderLabels(["Kontrolltillfälle", "Status"])
        self.setAccessibleName("Kontroller och kontrolltillfällen")
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setIndentation(14)
        header = self.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def fill(self, found: Overview, select: int | None = None) -> None:
        """Show ``found``; select ``select``, else what was selected before."""
        kept_review, kept_template = self.selected_review(), self.selected_template()
        collapsed = {node.data(0, TEMPLATE_ROLE) for node in self._nodes()
                     if not node.isExpanded()}
        self.clear()
        self.summaries = {r.id: r for r in found.reviews}
        for control in found.controls:
            node = QTreeWidgetItem([control.title, ""])
            node.setToolTip(0, control.title)
            node.setData(0, REVIEW_ROLE, None)
            node.setData(0, TEMPLATE_ROLE, control.key)
            for review in found.reviews:
                if review.template == control.key:
                    child = QTreeWidgetItem([review.label, ""])
                    child.setData(0, REVIEW_ROLE, review.id)
                    self._show_status(child, review)
                    node.addChild(child)
            self.addTopLevelItem(node)
            node.setFirstColumnSpanned(True)  # the whole width for the control's title
            node.setExpanded(control.key not in collapsed)
        chosen = select if select is not None else kept_review
        if chosen is not None and chosen in self.summaries:
            self.select_review(chosen)
        elif kept_template is not None:
            for node in self._nodes():
                if node.data(0, TEMPLATE_ROLE) == kept_template:
                    self.setCurrentItem(node)

    def update_statuses(self, found: list[ReviewSummary]) -> None:
        """New status for these reviews, in place: the selection and scrolling stay."""
        for review in found:
            self.summaries[review.id] = review
            item = self._item(review.id)
            if item is not None:
                self._show_status(item, review)

    @staticmethod
    def _show_status(item: QTreeWidgetItem, review: ReviewSummary) -> None:
        short, whole = status_texts(review)
        item.setText(1, short)
        tip = f"{review.label}, {review.date}. {whole}"
        item.setToolTip(0, tip)
        item.setToolTip(1, tip)
        item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, tip)

    def _nodes(self) -> list[QTreeWidgetItem]:
        """The controls' rows."""
        return [node for n in range(self.topLevelItemCount())
                if (node := self.topLevelItem(n)) is not None]

    def _item(self, review_id: int) -> QTreeWidgetItem | None:
        for node in self._nodes():
            for c in range(node.childCount()):
                child = node.child(c)
                if child is not None and child.data(0, REVIEW_ROLE) == review_id:
                    return child
        return None

    def selected_review(self) -> int | None:
        item = self.currentItem()
        value = item.data(0, REVIEW_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def selected_template(self) -> str | None:
        """The key of the control selected (or of the selected review's)."""
        item = self.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, TEMPLATE_ROLE) if item is not None else None

    def select_review(self, review_id: int) -> None:
        item = self._item(review_id)
        if item is not None:
            self.setCurrentItem(item)

    @staticmethod
    def start_text(found: Overview) -> str:
        """The start page: when each control is reported next; the first steps while there is
        no kontrolltillfälle."""
        if not found.reviews:
            return welcome_text()
        due: list[str] = []
        month = date.today().month
        for control in found.controls:
            months = [MONTH_NAMES[m - 1] for m in control.reporting_months]
            upcoming = next((m for m in control.reporting_months if m >= month),
                            control.reporting_months[0] if control.reporting_months else None)
            if upcoming is not None:
                due.append(f"<li><b>{control.title}</b>: redovisas i {' och '.join(months)}; "
                           f"nästa gång i {MONTH_NAMES[upcoming - 1]}.</li>")
        return ("<h2>Internkontroll</h2><p>Kontroller att redovisa:</p>"
                f"<ul>{''.join(due)}</ul>"
                "<p>Välj ett kontrolltillfälle till vänster och tryck <b>Enter</b> för att "
                "bedöma ärendena, eller lägg upp ett nytt med <b>Ctrl+N</b>.</p>")


def welcome_text(missing: Path | None = None) -> str:
    """The start page of a new database (or of none yet, at ``missing``): the cycle in three
    steps, and the example data to try it on."""
    where = (f"<p>Det finns ännu ingen databas i <br><code>{missing}</code>.</p>"
             "<p><a href='ny'><b>Skapa en ny, tom databas där</b></a>, eller välj en "
             "befintlig fil med <b>Arkiv → Öppna databas</b>.</p>") if missing else ""
    return ("<h2>Välkommen till Internkontroll</h2>" + where +
            "<p>Så går en kontroll till:</p><ol>"
            "<li><b>Lägg upp ett kontrolltillfälle</b> (<b>Ctrl+N</b>) och dra ett "
            "slumpmässigt urval ur exportfilen från verksamhetssystemet.</li>"
            "<li><b>Bedöm ärendena</b> mot kontrollens checklista. Varje svar sparas "
            "direkt.</li>"
            "<li><b>Redovisa för nämnden</b>: skapa rapporten med resultat, jämförelse med "
            "tidigare perioder och diagram, och markera kontrolltillfället som redovisat i "
            "nämnd.</li></ol>"
            "<p>Kontrollerna för ekonomiskt bistånd, lokala värdighetsgarantier och SIP följer "
            "med.</p>"
            "<p><a href='exempeldata'><b>Öppna exempeldata</b></a> – en egen databas med "
            "påhittade kontrolltillfällen under två år för alla tre kontrollerna. Där kan du "
            "prova allt utan att röra dina egna uppgifter.</p>")
