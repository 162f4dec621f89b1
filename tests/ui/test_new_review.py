from pathlib import Path

from internkontroll.paths import AppPaths
from internkontroll.store.results import full_result
from internkontroll.store.reviews import list_cases, list_reviews
from internkontroll.ui.dialogs.new_review import BY_HAND, COUNTS, CountsDialog, NewReviewDialog
from internkontroll.ui.main_window import MainWindow
from internkontroll.ui.tasks import ImmediateExecutor, Tasks


def window_for(qtbot, db_path: Path) -> MainWindow:
    main = MainWindow(AppPaths.resolve(str(db_path)), Tasks(ImmediateExecutor()))
    qtbot.addWidget(main)
    main.open_database(interactive=False)
    return main


def test_cases_entered_by_hand(qtbot, db_path: Path) -> None:
    main = window_for(qtbot, db_path)
    dialog = NewReviewDialog(main.db, main.tasks, main)
    qtbot.addWidget(dialog)
    dialog.control.setCurrentIndex(dialog.control.findData("sip"))
    dialog.label.setText("Apr -25")
    dialog.sources.button(BY_HAND).setChecked(True)
    dialog.count.setValue(7)
    dialog.accept()
    assert dialog.review_id is not None and dialog.open_scoring
    with main.db.session() as session:
        cases = list_cases(session, dialog.review_id)
        review = next(r for r in list_reviews(session) if r.id == dialog.review_id)
    assert [c.number for c in cases] == list(range(1, 8))
    assert (review.template, review.label) == ("sip", "Apr -25")


def test_earlier_period_as_counts(qtbot, db_path: Path, monkeypatch) -> None:
    main = window_for(qtbot, db_path)
    dialog = NewReviewDialog(main.db, main.tasks, main)
    qtbot.addWidget(dialog)
    dialog.control.setCurrentIndex(dialog.control.findData("ekonomiskt-bistand"))
    dialog.label.setText("Nov -21")
    dialog.sources.button(COUNTS).setChecked(True)

    def fill(self) -> int:
        for column, value in enumerate(["17", "2", "1", "0"]):
            self.table.item(0, column).setText(value)
        return 1

    monkeypatch.setattr(CountsDialog, "exec", fill)
    dialog.accept()
    assert dialog.review_id is not None and not dialog.open_scoring
    with main.db.session() as session:
        result = full_result(session, dialog.review_id).result
    assert result.cases is None
    assert result.item("ansokan").counts == {"helt": 17, "delvis": 2, "saknas": 1}
