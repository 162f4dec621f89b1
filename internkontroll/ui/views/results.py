"""The results of a kontrolltillfälle: the redovisning's own outline on screen.

The view renders the same blocks as the PDF and the Word document (``reports.outline``):
headings, tables, notes and the charts (as SVG), read in the background through
``ops.documents``. Prose sections without numbers (the plan, the method, the analysis) are
left to the preview; so the screen and the paper always agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from internkontroll.core.formatting import count_text
from internkontroll.ops import Changes
from internkontroll.reports import outline as o
from internkontroll.ui import messages
from internkontroll.ui.tasks import Tasks

if TYPE_CHECKING:
    from internkontroll.ops.documents import Shown
    from internkontroll.store.db import Database

SMALL = "#FCE8C8"  # background of a breakdown row with 1–4 cases
PRELIMINARY = "#9C0006"
SHOWN_PARAGRAPHS = (o.ORGANISATION, o.FACTS, o.SUMMARY, o.COMPOSITION, o.UNCERTAIN)


def screen_blocks(document: o.Outline) -> list[o.Block]:
    """The blocks the results screen shows: headings, tables, notes and figures, and the
    paragraphs that say what was reviewed; a heading whose section has none of them goes."""
    kept: list[o.Block] = [
        b for b in document.blocks
        if isinstance(b, o.Heading | o.Table | o.Note | o.Figure)
        or (isinstance(b, o.Paragraph) and b.role in SHOWN_PARAGRAPHS)]
    found: list[o.Block] = []
    for n, block in enumerate(kept):
        if isinstance(block, o.Heading) and block.level > 1:
            following = kept[n + 1] if n + 1 < len(kept) else None
            if following is None or (isinstance(following, o.Heading)
                                     and following.level <= block.level):
                continue
        found.append(block)
    return found


def _label(text: str, rich: str = "") -> QLabel:
    label = QLabel(rich or text)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ResultsView(QScrollArea):
    def __init__(self, db: Database, tasks: Tasks, review_id: int) -> None:
        super().__init__()
        self.db, self.tasks, self.review_id = db, tasks, review_id
        self.setWidgetResizable(True)
        self.setAccessibleName("Resultat")
        self.tables: dict[str, QTableWidget] = {}
        self.warnings: list[QLabel] = []
        self.charts: list[QSvgWidget] = []

    def refresh(self) -> None:
        """Read the results again (answers may have changed since the view was built)."""
        from internkontroll.ops.documents import results_screen

        db, review_id = self.db, self.review_id
        self.tasks.run(self, lambda: results_screen(db, review_id), self.show_outline,
                       lambda error: messages.show_error(self, str(error)))

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(self.review_id) or changes.settings:
            self.refresh()

    def show_outline(self, shown: Shown) -> None:
        from internkontroll.reports.charts import to_svg

        self.tables, self.warnings, self.charts = {}, [], []
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 8, 12, 12)
        cases = shown.data.cases
        for block in screen_blocks(shown.outline):
            if isinstance(block, o.Heading):
                tag = {1: "h2", 2: "h3"}.get(block.level, "h4")
                layout.addWidget(_label(block.text, f"<{tag}>{_html(block.text)}</{tag}>"))
                if block.level == 1 and cases is not None:
                    layout.addWidget(_label(f"{count_text(cases, 'ärende', 'ärenden')} · "
                                            f"{shown.data.status}"))
            elif isinstance(block, o.Paragraph):
                layout.addWidget(_label(block.text))
            elif isinstance(block, o.Table):
                self._table(layout, block)
            elif isinstance(block, o.Note):
                layout.addWidget(self._note(block))
            elif isinstance(block, o.Figure):
                layout.addWidget(self._chart(block, to_svg(block.chart)))
        layout.addStretch()
        self.setWidget(page)

    def _note(self, block: o.Note) -> QLabel:
        label = _label(block.text)
        if block.kind in (o.ADVICE, o.PRELIMINARY):
            colour = PRELIMINARY if block.kind == o.PRELIMINARY else "#B06000"
            label.setStyleSheet(f"background: {SMALL if block.kind == o.ADVICE else '#FDECEC'};"
                                f" border: 1px solid {colour}; padding: 6px;")
            if block.kind == o.ADVICE:
                label.setAccessibleName("Varning om små antal")
                self.warnings.append(label)
            else:
                label.setAccessibleName("Preliminär redovisning")
        else:
            label.setStyleSheet("color: #333333;")
        return label

    def _table(self, layout: QVBoxLayout, block: o.Table) -> None:
        headers = list(block.header_rows[-1]) if block.header_rows else []
        table = QTableWidget(len(block.rows), len(block.roles))
        table.setObjectName(block.key)
        table.setAccessibleName(block.caption or block.key.replace("_", " ").capitalize())
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        strong = set(block.totals) | ({n for n in range(len(block.rows))
                                       if n not in block.sub_rows} if block.sub_rows else set())
        for r, row in enumerate(block.rows):
            for c, value in enumerate(row):
                shown = f"    {value}" if c == 0 and r in block.sub_rows else value
                cell = QTableWidgetItem(shown)
                cell.setToolTip(value)
                if block.roles[c] in (o.NUMBER, o.PERCENT) and len(value) <= 16:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if r in strong:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                if r in block.small:
                    cell.setBackground(QBrush(QColor(SMALL)))
                table.setItem(r, c, cell)
        header = table.horizontalHeader()
        for c, role in enumerate(block.roles):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch
                                        if role in (o.LABEL, o.TEXT)
                                        else QHeaderView.ResizeMode.ResizeToContents)
        table.setWordWrap(False)  # a cut text is whole in its tooltip
        height = header.height() + sum(table.rowHeight(r) for r in range(len(block.rows))) + 4
        table.setFixedHeight(height)
        self.tables[block.key] = table
        if block.caption:
            layout.addWidget(_label(block.caption))
        layout.addWidget(table)

    def _chart(self, block: o.Figure, svg: bytes) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 8)
        caption = _label(block.caption, f"<b>{_html(block.caption)}</b>")
        widget = QSvgWidget()
        widget.load(QByteArray(svg))
        widget.setAccessibleName(block.caption)
        widget.setAccessibleDescription(block.alt_text)
        widget.setToolTip(block.alt_text)
        drawing = block.drawing
        scale = 1.35
        widget.setFixedSize(QSize(int(drawing.width * scale), int(drawing.height * scale)))
        self.charts.append(widget)
        layout.addWidget(caption)
        layout.addWidget(widget)
        return box


def _html(text: str) -> str:
    from html import escape

    return escape(text)
