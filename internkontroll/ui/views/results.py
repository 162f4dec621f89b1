"""The results of a kontrolltillfälle: tables, comparison, breakdowns and the report's charts.

The numbers come from the same results engine as ``results --json`` and the redovisning, and
the charts are the redovisning's own reportlab drawings shown as SVG, so the screen and the
paper always agree.
"""

from __future__ import annotations

from typing import Any

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

from internkontroll.core.formatting import format_percent
from internkontroll.core.suppression import HIDDEN_ITEM, WITHHELD, template_item

SMALL = "#FCE8C8"  # background of a breakdown row with 1–4 cases


def share_cell(count: int, percent: int | None) -> str:
    """'6 (60 %)'."""
    return f"{count} ({format_percent(percent)})"


class ResultsView(QScrollArea):
    def __init__(self, db: Any, tasks: Any, review_id: int) -> None:
        super().__init__()
        self.db, self.tasks, self.review_id = db, tasks, review_id
        self.setWidgetResizable(True)
        self.setAccessibleName("Resultat")
        self.tables: dict[str, QTableWidget] = {}
        self.warnings: list[QLabel] = []
        self.charts: list[QSvgWidget] = []

    def refresh(self) -> None:
        """Read the results again (answers may have changed since the view was built)."""
        from internkontroll.reports.charts import report_charts, to_svg
        from internkontroll.reports.data import report_data

        with self.db.session() as session:
            data = report_data(session, self.review_id)
        charts = report_charts(data.template, data.full, data.breakdowns)
        self.tables, self.warnings, self.charts = {}, [], []
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 8, 12, 12)
        result = data.full.result
        cases = "" if result.cases is None else f" · {result.cases} ärenden"
        layout.addWidget(QLabel(f"<h2>{data.template_title} – {data.label}</h2>"
                                f"<p>{data.date}{cases}. {data.summary_sentence}</p>"))
        # Each chart follows its table; they are the redovisning's charts, in its order.
        pending = iter(charts)

        def chart() -> None:
            drawing = next(pending)
            layout.addWidget(self._chart(drawing, to_svg(drawing)))

        self._items(layout, data)
        chart()
        if len(data.full.comparison) > 1:
            self._heading(layout, "Jämförelse med tidigare kontrolltillfällen")
            self._table(layout, "jamforelse", ["", *data.periods],
                        [[("   " if r.kind == "option" else "") + r.text, *r.values]
                         for r in data.comparison],
                        bold=[n for n, r in enumerate(data.comparison) if r.kind != "option"])
            chart()
        if result.indicators:
            self._heading(layout, "Indikatorer")
            self._table(layout, "indikatorer", ["Indikator", "Antal", "Av", "Andel"],
                        [[i.label, str(i.count), str(i.of), format_percent(i.percent)]
                         if template_item(data.template, i.key) not in data.full.hidden()
                         else [i.label, HIDDEN_ITEM, HIDDEN_ITEM, HIDDEN_ITEM]
                         for i in result.indicators])
        for b in data.breakdowns:
            self._heading(layout, f"Resultat efter {b.label.lower()}")
            if b.withheld:  # no chart either (report_charts leaves it out)
                layout.addWidget(QLabel(WITHHELD))
                continue
            self._table(layout, f"efter_{b.attribute}", [b.label, *b.columns],
                        [[r.value, *r.cells] for r in b.rows],
                        small=[n for n, r in enumerate(b.rows) if r.small])
            self._warning(layout, b, data.small_counts)
            chart()
        if data.suppression_note:
            layout.addWidget(QLabel(data.suppression_note))
        layout.addStretch()
        self.setWidget(page)

    def _items(self, layout: QVBoxLayout, data: Any) -> None:
        template, result = data.template, data.full.result
        options = []
        for item in template.items:
            for option in template.scale_of(item).counted:
                if option.key not in [o.key for o in options]:
                    options.append(option)
        rows = []
        for item in result.items:
            if item.key in data.full.hidden():  # small counts: as in the documents
                rows.append([item.text, HIDDEN_ITEM, *[HIDDEN_ITEM for _ in options],
                             HIDDEN_ITEM])
                continue
            rows.append([item.text, str(item.applicable),
                         *[share_cell(item.counts[o.key], item.percent[o.key])
                           if o.key in item.counts else "–" for o in options],
                         str(item.ej_aktuellt)])
        bold = []
        if len(template.main_items) > 1:
            total = result.total
            bold.append(len(rows))
            rows.append(["Summa", str(total.applicable),
                         *[share_cell(total.counts[o.key], total.percent[o.key])
                           if o.key in total.counts else "" for o in options], ""])
        self._heading(layout, "Resultat per kontrollmoment")
        self._table(layout, "resultat", ["Kontrollmoment", "n", *[o.label for o in options],
                                         "Ej aktuellt"], rows, bold=bold)
        if data.rounding_note:
            layout.addWidget(QLabel("Summan kan avvika från 100 procent på grund av "
                                    "avrundning."))

    def _heading(self, layout: QVBoxLayout, text: str) -> None:
        layout.addWidget(QLabel(f"<h3>{text}</h3>"))

    def _table(self, layout: QVBoxLayout, name: str, headers: list[str], rows: list[list[str]],
               bold: list[int] | None = None, small: list[int] | None = None) -> None:
        table = QTableWidget(len(rows), len(headers))
        table.setObjectName(name)
        table.setAccessibleName(name.replace("_", " ").capitalize())
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                if c:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if r in (bold or []):
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                if r in (small or []):
                    cell.setBackground(QBrush(QColor(SMALL)))
                table.setItem(r, c, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(headers)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        table.setWordWrap(False)
        height = header.height() + sum(table.rowHeight(r) for r in range(len(rows))) + 4
        table.setFixedHeight(height)
        self.tables[name] = table
        layout.addWidget(table)

    def _warning(self, layout: QVBoxLayout, breakdown: Any, threshold: int | None) -> None:
        small = [r.value for r in breakdown.rows if r.small]
        if not small:
            return
        groups = ", ".join(small)
        if threshold:
            text = (f"Små grupper ({groups}) döljs i dokumenten till nämnden enligt "
                    "inställningen för små antal.")
        else:
            text = (f"<b>Obs!</b> {groups} har färre än 5 ärenden. Så små antal kan peka ut "
                    "enskilda personer. Överväg att dölja små antal (<i>Arkiv → "
                    "Inställningar</i>) innan redovisningen lämnas till nämnden.")
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet(f"background: {SMALL}; border: 1px solid #B06000; padding: 6px;")
        label.setAccessibleName("Varning om små antal")
        self.warnings.append(label)
        layout.addWidget(label)

    def _chart(self, chart: Any, svg: bytes) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 8)
        caption = QLabel(f"<b>{chart.caption}</b>")
        caption.setWordWrap(True)
        widget = QSvgWidget()
        widget.load(QByteArray(svg))
        widget.setAccessibleName(chart.caption)
        widget.setAccessibleDescription(chart.alt_text)
        widget.setToolTip(chart.alt_text)
        scale = 1.35
        widget.setFixedSize(QSize(int(chart.drawing.width * scale),
                                  int(chart.drawing.height * scale)))
        self.charts.append(widget)
        layout.addWidget(caption)
        layout.addWidget(widget)
        return box
