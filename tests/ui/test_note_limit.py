"""The note field shows its limit while typing and stops at it (SPEC § 7.2)."""

from PySide6.QtWidgets import QApplication

from internkontroll.core.limits import MAX_NOTE
from internkontroll.core.rules import Applicability
from internkontroll.core.templates import shipped_templates, template_from_dict
from internkontroll.ui.views.item_row import ItemRow


def _row(qtbot) -> ItemRow:
    template = template_from_dict(shipped_templates()[0])
    item = template.items[0]
    row = ItemRow(1, item, template.scale_of(item))
    qtbot.addWidget(row)
    row.show()
    row.show_answer(template.scale_of(item).options[0].key, "", Applicability.APPLIES, "")
    return row


def test_counter_follows_typing_and_typing_stops_at_the_limit(qtbot) -> None:
    row = _row(qtbot)
    assert not row.counter.isVisible()  # an empty note shows no counter
    qtbot.keyClicks(row.note, "Saknar period")
    assert row.counter.isVisible()
    assert row.counter.text() == f"13/{MAX_NOTE}"
    row.note.setText("x" * (MAX_NOTE - 1))
    qtbot.keyClicks(row.note, "abc")  # only one more character fits
    assert len(row.note.text()) == MAX_NOTE
    assert row.counter.text() == f"{MAX_NOTE}/{MAX_NOTE}"


def test_a_pasted_long_note_is_cut_at_the_limit(qtbot) -> None:
    row = _row(qtbot)
    QApplication.clipboard().setText("y" * (MAX_NOTE * 3))
    row.note.setFocus()
    row.note.paste()
    assert len(row.note.text()) == MAX_NOTE
    edited: list[str] = []
    row.note_edited.connect(lambda _key, note: edited.append(note))
    row.note.editingFinished.emit()
    assert edited == ["y" * MAX_NOTE]
