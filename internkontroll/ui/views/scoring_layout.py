"""The scoring view's widgets: the case list on the left, the current case's attributes and
checklist on the right. The wiring is in ``scoring.py``."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from internkontroll.ui.models.cases import CaseListModel
from internkontroll.ui.views.item_row import ItemRow

if TYPE_CHECKING:
    from internkontroll.ops.scoring import ScoringData
    from internkontroll.ui.views.scoring import ScoringView

BANNER_STYLE = "background: #FFF4D6; border: 1px solid #B08800; padding: 6px;"


def banner_text(locked: str, assigned: bool = True) -> str:
    if locked:
        return (f"<b>Redovisad i nämnd</b> ({html.escape(locked)}). Bedömningarna visas som de "
                "redovisades och kan inte ändras. Välj <i>Kontrolltillfälle → Lås upp</i> om "
                "något måste rättas.")
    return ("<b>Du är inte tilldelad det här kontrolltillfället.</b> Du kan läsa bedömningarna "
            "men inte ändra dem. Be kontrollansvarig att tilldela dig det." if not assigned
            else "")


def _left(view: ScoringView, data: ScoringData) -> QWidget:
    view.progress = QLabel()
    view.progress.setAccessibleName("Framsteg")
    view.table = QTableView()
    view.table.setModel(view.model)
    view.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.table.verticalHeader().hide()
    view.table.horizontalHeader().setStretchLastSection(True)
    view.table.setColumnWidth(CaseListModel.COL_NUMBER, 40)
    view.table.setColumnWidth(CaseListModel.COL_REFERENCE, 110)
    view.table.setColumnWidth(CaseListModel.COL_STATUS, 60)
    view.table.setAccessibleName("Ärenden")
    view.table.clicked.connect(
        lambda index: view.show_case(view.model.rows[index.row()].number))
    left = QWidget()
    layout = QVBoxLayout(left)
    layout.addWidget(QLabel(f"<b>{data.template.title}</b>"))
    layout.addWidget(view.progress)
    layout.addWidget(view.table)
    view.hint = QLabel()
    view.hint.setWordWrap(True)
    view.hint.setStyleSheet("color: #404040;")
    view.hint.setAccessibleName("Kortkommandon")
    layout.addWidget(view.hint)
    return left


def _attributes(view: ScoringView, data: ScoringData) -> QFormLayout:
    form = QFormLayout()
    view.attribute_widgets = {}
    for attribute in data.template.attributes:
        widget: QComboBox | QLineEdit
        if attribute.is_text:
            widget = QLineEdit()
            widget.editingFinished.connect(
                lambda key=attribute.key, w=widget: view.set_attribute(key, w.text()))
        else:
            widget = QComboBox()
            widget.addItem("– ej ifyllt –", "")
            for value in attribute.values:
                widget.addItem(value.label, value.key)
            widget.activated.connect(
                lambda _=0, key=attribute.key, w=widget: view.set_attribute(key, w.currentData()))
        widget.setAccessibleName(attribute.label)
        widget.setEnabled(not view.read_only)
        label = QLabel(f"&{attribute.label}")
        label.setBuddy(widget)
        form.addRow(label, widget)
        view.attribute_widgets[attribute.key] = widget
    return form


def _right(view: ScoringView, data: ScoringData) -> QWidget:
    view.heading = QLabel()
    view.heading.setAccessibleName("Aktuellt ärende")
    view.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    view.saved = QLabel("Skrivskyddat" if view.read_only else "Sparat")
    view.saved.setAccessibleName("Sparstatus")
    view.replace_button = QPushButton("Ersätt med reserv …")
    view.replace_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.replace_button.clicked.connect(view.replace_current)
    top = QHBoxLayout()
    top.addWidget(view.heading, 1)
    top.addWidget(view.replace_button)
    top.addWidget(view.saved)
    view.banner = QLabel()
    view.banner.setWordWrap(True)
    view.banner.setStyleSheet(BANNER_STYLE)
    view.banner.setAccessibleName("Skrivskyddat")
    view.rows = []
    checklist = QWidget()
    items = QVBoxLayout(checklist)
    for number, item in enumerate(data.template.items, start=1):
        row = ItemRow(number, item, data.template.scale_of(item), view.read_only)
        row.answer_chosen.connect(view.answer)
        row.note_edited.connect(view.write_note)
        row.row_clicked.connect(view.select_item)
        view.rows.append(row)
        items.addWidget(row)
    items.addStretch()
    view.checklist = QScrollArea()
    view.checklist.setWidgetResizable(True)
    view.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.checklist.setWidget(checklist)
    view.checklist.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    right = QWidget()
    layout = QVBoxLayout(right)
    layout.addWidget(view.banner)
    layout.addLayout(top)
    layout.addLayout(_attributes(view, data))
    layout.addWidget(view.checklist, 1)
    return right


def build(view: ScoringView, data: ScoringData) -> QSplitter:
    """The view's widgets, set as its attributes; returns the splitter holding them."""
    splitter = QSplitter()
    splitter.addWidget(_left(view, data))
    splitter.addWidget(_right(view, data))
    splitter.setSizes([300, 980])
    return splitter
