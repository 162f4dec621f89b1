"""One kontrolltillfälle in tabs: Bedömning, Resultat, Texter till nämnden, Förhandsgranska.

Results and the preview are made when their tab is shown, so they always show the answers as
they are now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget

from internkontroll.ops import Changes
from internkontroll.ui.tasks import Tasks
from internkontroll.ui.views import PREVIEW, RESULTS, SCORING, TEXTS
from internkontroll.ui.views.preview import PreviewView
from internkontroll.ui.views.results import ResultsView
from internkontroll.ui.views.scoring import ScoringView
from internkontroll.ui.views.texts import TextsView

if TYPE_CHECKING:
    from internkontroll.ops.reviews import ReviewInfo
    from internkontroll.store.db import Database


class ReviewView(QTabWidget):
    def __init__(self, db: Database, tasks: Tasks, info: ReviewInfo) -> None:
        """``info`` is read through ``ops.reviews.info`` before the view is made."""
        super().__init__()
        self.review_id = review_id = info.id
        self.info = info
        self.setAccessibleName(f"Kontrolltillfälle {info.label}")
        self.scoring: ScoringView | None = None if info.counts_only else \
            ScoringView(db, tasks, review_id)
        self.results = ResultsView(db, tasks, review_id)
        self.texts = TextsView(db, tasks, review_id, info.locked)
        self.preview = PreviewView(db, tasks, review_id, info.label)
        if self.scoring is not None:
            self.addTab(self.scoring, f"&1 {SCORING}")
        self.addTab(self.results, f"&2 {RESULTS}")
        self.addTab(self.texts, f"&3 {TEXTS}")
        self.addTab(self.preview, f"&4 {PREVIEW}")
        self.currentChanged.connect(self._shown)

    def show_tab(self, name: str) -> None:
        for index in range(self.count()):
            if self.tabText(index).endswith(name):
                self.setCurrentIndex(index)
                self._shown(index)  # also when it was the current tab already
                return

    def on_changes(self, changes: Changes) -> None:
        """Hand an op's changes to each tab that refreshes from them."""
        for index in range(self.count()):
            refresh = getattr(self.widget(index), "on_changes", None)
            if refresh is not None:
                refresh(changes)

    def _shown(self, index: int) -> None:
        widget = self.widget(index)
        if widget is self.results:
            self.results.refresh()
        elif widget is self.preview:
            self.preview.refresh()
        elif widget is self.scoring and self.scoring is not None:
            self.scoring.setFocus()
