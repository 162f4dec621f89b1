"""The counts dialog of an earlier period: counts typed for the whole and per group."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from internkontroll.store.results import breakdown_groups, full_result
from internkontroll.store.reviews import list_reviews
from internkontroll.ui import messages
from internkontroll.ui.dialogs.counts import CountsDialog
from internkontroll.ui.dialogs.new_review import COUNTS, NewReviewDialog
from tests.conftest import dump
from tests.ui.test_new_review import window_for

HEMTJANST, BOENDE = ("verksamhet", "hemtjanst"), ("verksamhet", "sarskilt_boende")


def type_in(dialog: CountsDialog, group: tuple[str, str] | None, cases: str,
            rows: dict[int, list[str]]) -> None:
    dialog.show_group(group)
    dialog.cases[group].setText(cases)
    for row, values in rows.items():
        for column, value in enumerate(values):
            dialog.table.item(row, column).setText(value)


def save(dialog: CountsDialog) -> int:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog.result()


def new_dialog(qtbot, db_path: Path) -> NewReviewDialog:
    main = window_for(qtbot, db_path)
    dialog = NewReviewDialog(main.db, main.tasks, main)
    qtbot.addWidget(dialog)
    dialog.control.setCurrentIndex(dialog.control.findData("vardighetsgarantier"))
    dialog.label.setText("Nov -21")
    dialog.sources.button(COUNTS).setChecked(True)
    return dialog


def test_counts_typed_for_two_groups(qtbot, db_path: Path, monkeypatch, tmp_path: Path) -> None:
    dialog = new_dialog(qtbot, db_path)
    seen: list[list[str]] = []

    def typed(self: CountsDialog) -> int:
        qtbot.addWidget(self)
        seen.append([self.group.itemText(i) for i in range(self.group.count())])
        type_in(self, HEMTJANST, "12", {0: ["10", "2"], 1: ["8", "1", "1"]})
        type_in(self, BOENDE, "13", {0: ["11", "2"], 1: ["9", "2"]})
        seen.append([self.group.itemText(i) for i in range(self.group.count())])
        self.grab().save(str(tmp_path / "antal.png"))
        return save(self)

    monkeypatch.setattr(CountsDialog, "exec", typed)
    dialog.accept()
    assert seen[0] == ["Hela kontrolltillfället", "Verksamhet: Särskilt boende",
                       "Verksamhet: Hemtjänst", "Kön: Kvinna", "Kön: Man", "Kön: Annat"]
    assert seen[1][1:3] == ["Verksamhet: Särskilt boende (ifylld)",
                            "Verksamhet: Hemtjänst (ifylld)"]
    assert dialog.review_id is not None and not dialog.open_scoring
    assert (tmp_path / "antal.png").stat().st_size > 0
    with dialog.db.session() as session:
        whole = full_result(session, dialog.review_id).result
        groups = {g.value: g.result for g in breakdown_groups(session, dialog.review_id)[
            "verksamhet"]}
        assert "kon" not in breakdown_groups(session, dialog.review_id)
        status = [r.status for r in list_reviews(session)]
    assert whole.cases == 25  # the whole left blank: the sum of the groups
    assert whole.item("genomforandeplan").counts == {"ja": 21, "nej": 4}
    assert whole.item("delaktig").ej_aktuellt == 1
    assert (groups["hemtjanst"].cases, groups["sarskilt_boende"].cases) == (12, 13)
    assert groups["hemtjanst"].item("delaktig").counts == {"ja": 8, "nej": 1}
    assert groups["sarskilt_boende"].item("genomforandeplan").counts == {"ja": 11, "nej": 2}
    assert status == ["endast antal"]


@pytest.mark.parametrize(("typing", "message"), [
    ([(HEMTJANST, "", {0: ["10", "2"]}), (("kon", "man"), "", {0: ["9", "2"]})],
     "Grupperna efter verksamhet och efter kön ger olika summor för ”Vårdtagaren har en "
     "aktuell genomförandeplan”"),
    ([(HEMTJANST, "5", {0: ["10", "2"]})], "har 12 bedömningar men bara 5 ärenden"),
    ([(HEMTJANST, "", {0: ["tio"]})],
     "'tio' är inte ett antal (heltal från 0 till 1\u00a0000\u00a0000): verksamhet: hemtjänst, "
     "”Vårdtagaren har en aktuell genomförandeplan”, Ja."),
    ([(HEMTJANST, "-2", {0: ["1"]})], "'-2' är inte ett antal"),
    ([(None, "", {})], "Inga antal är angivna."),
])
def test_bad_counts_are_a_dialog_and_nothing_is_stored(qtbot, db_path: Path, monkeypatch,
                                                       typing, message: str) -> None:
    dialog = new_dialog(qtbot, db_path)
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, *a: shown.append(text))
    kept: list[int] = []

    def typed(self: CountsDialog) -> int:
        qtbot.addWidget(self)
        for group, cases, rows in typing:
            type_in(self, group, cases, rows)
        kept.append(save(self))  # 0: the dialog stays open for a correction
        return kept[-1]

    monkeypatch.setattr(CountsDialog, "exec", typed)
    before = dump(db_path)
    dialog.accept()
    assert kept == [0] and len(shown) == 1 and message in shown[0], shown
    assert dialog.review_id is None
    assert dump(db_path) == before
