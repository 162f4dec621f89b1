"""One kontrolltillfälle in tabs: Bedömning, Resultat, Texter till nämnden, Förhandsgranska.

Results and the preview are made when their tab is shown, so they always show the answers as
they are now.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget

from internkontroll.ui.tasks import Tasks
from internkontroll.ui.views import PREVIEW, RESULTS, SCORING, TEXTS
from internkontroll.ui.views.preview import PreviewView
from internkontroll.ui.views.results import ResultsView
from internkontroll.ui.views.scoring import ScoringView
from internkontroll.ui.views.texts import TextsView


class ReviewView(QTabWidget):
    def __init__(self, db: Any, tasks: Tasks, review_id: int) -> None:
        super().__init__()
        from internkontroll.store.locking import active_lock
        from internkontroll.store.reviews import get_review

        self.review_id = review_id
        with db.session() as session:
            review, _ = get_review(session, review_id)
            locked = active_lock(session, review_id) is not None
        self.setAccessibleName(f"Kontrolltillfälle {review.label}")
        self.scoring = None if review.counts_only else ScoringView(db, tasks, review_id)
        self.results = ResultsView(db, tasks, review_id)
        self.texts = TextsView(db, tasks, review_id, locked)
        self.preview = PreviewView(db, tasks, review_id, review.label)
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

    def _shown(self, index: int) -> None:
        widget = self.widget(index)
        if widget is self.results:
            self.results.refresh()
        elif widget is self.preview:
            self.preview.render()
        elif widget is self.scoring:
            self.scoring.setFocus()
