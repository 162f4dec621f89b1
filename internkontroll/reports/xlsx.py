"""The aggregate tables as an Excel file for the nämnd: results, comparison, breakdowns.

Numbers are real numbers and shares carry a percentage format. No case-level data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from internkontroll.core.results import Result
from internkontroll.core.suppression import HIDDEN_ITEM, WITHHELD, template_item
from internkontroll.core.templates import Template
from internkontroll.reports.data import ReportData
from internkontroll.reports.sheets import Book

NOTE = "Aggregerade uppgifter. Innehåller inga uppgifter om enskilda ärenden."


def _share(count: int, of: int) -> float | None:
    return count / of if of else None


def _item_rows(template: Template, result: Result, hidden: frozenset[str]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for item in result.items:
        scale = template.scale_of(template.item(item.key))
        if item.key in hidden:  # small counts: nothing of it, and it is not in the Summa
            rows.append([template.item(item.key).text, HIDDEN_ITEM,
                         *[HIDDEN_ITEM for _ in scale.counted] * 2])
            continue
        rows.append([template.item(item.key).text, item.applicable,
                     *[item.counts.get(o.key, 0) for o in scale.counted],
                     *[_share(item.counts.get(o.key, 0), item.applicable) for o in scale.counted]])
    return rows


def write_xlsx(path: Path, data: ReportData) -> None:
    template, full = data.template, data.full
    options = template.main.counted
    workbook = Book(path)
    bold = workbook.format({"bold": True})
    header = workbook.format({"bold": True, "bg_color": "#E6E6E6", "border": 1,
                              "text_wrap": True, "valign": "top"})
    percent = workbook.format({"num_format": "0%"})

    def sheet(name: str, headers: list[str], rows: list[list[Any]],
              percent_from: int) -> None:
        ws = workbook.sheet(name)
        ws.cell(0, 0, f"{data.title} – {data.label}", bold)
        ws.cell(1, 0, NOTE)
        ws.row(3, 0, headers, header)
        for r, row in enumerate(rows, start=4):
            for c, value in enumerate(row):
                is_share = c >= percent_from and isinstance(value, float)
                ws.cell(r, c, value, percent if is_share else None)
        ws.set_column(0, 0, 48)
        ws.set_column(1, len(headers), 13)
        ws.freeze_panes(4, 1)

    result = full.result
    labels = [o.label for o in options]
    rows = _item_rows(template, result, full.hidden())
    rows.append(["Summa", result.total.applicable,
                 *[result.total.counts.get(o.key, 0) for o in options],
                 *[_share(result.total.counts.get(o.key, 0), result.total.applicable)
                   for o in options]])
    sheet("Resultat", ["Kontrollmoment", "n", *labels, *[f"Andel {x.lower()}" for x in labels]],
          rows, 2 + len(options))
    periods = full.comparison[-8:]
    gone = [full.hidden(n - len(periods)) for n in range(len(periods))]
    comparison: list[list[Any]] = []
    for item in template.items:
        found = [p.item(item.key) for p in periods]
        comparison.append([item.text, "n", *[HIDDEN_ITEM if item.key in g else f.applicable
                                             for f, g in zip(found, gone, strict=True)]])
        for option in template.scale_of(item).counted:
            comparison.append([item.text, option.label,
                               *[HIDDEN_ITEM if item.key in g else f.counts.get(option.key, 0)
                                 for f, g in zip(found, gone, strict=True)]])
    for option in options:
        comparison.append(["Summa", f"Andel {option.label.lower()}",
                           *[_share(p.total.counts.get(option.key, 0), p.total.applicable)
                             for p in periods]])
    sheet("Jämförelse", ["Kontrollmoment", "Uppgift", *[p.review.label for p in periods]],
          comparison, 2)
    if result.indicators:
        sheet("Indikatorer", ["Indikator", "Antal", "Av", "Andel"],
              [[i.label, i.count, i.of, _share(i.count, i.of)]
               if template_item(template, i.key) not in full.hidden()
               else [i.label, HIDDEN_ITEM, HIDDEN_ITEM, HIDDEN_ITEM] for i in result.indicators],
              3)
    for breakdown in data.breakdowns:
        if data.small_counts:  # small counts hidden: exactly the table of the redovisning
            rows = [[r.value, *(int(c) if c.isdigit() else c for c in r.cells)]
                    for r in breakdown.rows] if not breakdown.withheld else [[WITHHELD]]
            if breakdown.suppressed or full.hidden():
                rows += [[], [data.suppression_note]]
            sheet(f"Efter {breakdown.label.lower()}", [breakdown.label, *breakdown.columns],
                  rows, 1)
            continue
        groups = [g for g in full_groups(data, breakdown.attribute)]
        rows = []
        for label, group in groups:
            total = group.total
            rows.append([label, group.cases, total.applicable,
                         *[total.counts.get(o.key, 0) for o in options],
                         *[_share(total.counts.get(o.key, 0), total.applicable)
                           for o in options],
                         *[_share(i.count, i.of) for i in group.indicators]])
        sheet(f"Efter {breakdown.label.lower()}",
              [breakdown.label, "Antal ärenden", "Antal bedömningar", *labels,
               *[f"Andel {x.lower()}" for x in labels],
               *[i.label for i in template.indicators]], rows, 3 + len(options))
    workbook.close()


def full_groups(data: ReportData, attribute: str) -> list[tuple[str, Result]]:
    """(label, result) per group of a breakdown, as the report data holds them."""
    definition = data.template.attribute(attribute)
    return [(definition.label_of(g.value) if g.value else "Uppgift saknas", g.result)
            for g in data.groups.get(attribute, [])]
