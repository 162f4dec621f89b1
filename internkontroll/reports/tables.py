"""The aggregate tables of the Excel export as plain rows, made with the rest of the report
data; ``reports.xlsx`` only writes them. Numbers stay numbers, shares are fractions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from internkontroll.core.results import Result
from internkontroll.core.suppression import HIDDEN_ITEM, WITHHELD, template_item
from internkontroll.core.templates import Template

SheetCell = str | int | float | None


@dataclass
class SheetData:
    name: str
    headers: list[str]
    rows: list[list[SheetCell]]
    percent_from: int  # columns from here that hold a float are shares


def _share(count: int, of: int) -> float | None:
    return count / of if of else None


def _item_rows(template: Template, result: Result, hidden: frozenset[str]
               ) -> list[list[SheetCell]]:
    rows: list[list[SheetCell]] = []
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


def _comparison(template: Template, full: Any) -> SheetData:
    options = template.main.counted
    periods = full.comparison[-8:]
    gone = [full.hidden(n - len(periods)) for n in range(len(periods))]
    rows: list[list[SheetCell]] = []
    for item in template.items:
        found = [p.item(item.key) for p in periods]
        rows.append([item.text, "n", *[HIDDEN_ITEM if item.key in g else f.applicable
                                       for f, g in zip(found, gone, strict=True)]])
        for option in template.scale_of(item).counted:
            rows.append([item.text, option.label,
                         *[HIDDEN_ITEM if item.key in g else f.counts.get(option.key, 0)
                           for f, g in zip(found, gone, strict=True)]])
    for option in options if len(template.main_items) > 1 else ():
        rows.append(["Summa", f"Andel {option.label.lower()}",
                     *[_share(p.total.counts.get(option.key, 0), p.total.applicable)
                       for p in periods]])
    return SheetData("Jämförelse", ["Kontrollmoment", "Uppgift",
                                    *[p.review.label for p in periods]], rows, 2)


def _group_sheet(template: Template, name: str, attribute: str, groups: list[Any],
                 pooled: bool) -> SheetData:
    """A row per group: its cases, the Summa where the template pools items, each item's
    headline share and each indicator."""
    definition = template.attribute(attribute)
    options = template.main.counted if pooled else ()
    labels = [o.label for o in options]
    items = [(i, template.scale_of(i).option(template.scale_of(i).headline))
             for i in template.items]
    rows: list[list[SheetCell]] = []
    for group in groups:
        total, result = group.result.total, group.result
        rows.append([definition.label_of(group.value) if group.value else "Uppgift saknas",
                     result.cases,
                     *([total.applicable, *[total.counts.get(o.key, 0) for o in options],
                        *[_share(total.counts.get(o.key, 0), total.applicable)
                          for o in options]] if pooled else []),
                     *[_share(result.item(i.key).counts.get(o.key, 0),
                              result.item(i.key).applicable) for i, o in items],
                     *[_share(i.count, i.of) for i in result.indicators]])
    headers = [definition.label, "Antal ärenden",
               *(["Antal bedömningar", *labels, *[f"Andel {x.lower()}" for x in labels]]
                 if pooled else []),
               *[f"{i.text}: andel {o.label.lower()}" for i, o in items],
               *[i.label for i in template.indicators]]
    return SheetData(name, headers, rows, 3 + len(options) if pooled else 2)


def sheets(template: Template, full: Any, breakdowns: list[Any], groups: dict[str, list[Any]],
           small_counts: int | None, suppression_note: str) -> list[SheetData]:
    """Results, comparison, indicators and one sheet per breakdown, however the
    redovisning shows it."""
    options = template.main.counted
    result = full.result
    labels = [o.label for o in options]
    pooled = len(template.main_items) > 1
    rows = _item_rows(template, result, full.hidden())
    if pooled:
        rows.append(["Summa", result.total.applicable,
                     *[result.total.counts.get(o.key, 0) for o in options],
                     *[_share(result.total.counts.get(o.key, 0), result.total.applicable)
                       for o in options]])
    found = [SheetData("Resultat", ["Kontrollmoment", "n", *labels,
                                    *[f"Andel {x.lower()}" for x in labels]],
                       rows, 2 + len(options)), _comparison(template, full)]
    if result.indicators:
        found.append(SheetData(
            "Indikatorer", ["Indikator", "Antal", "Av", "Andel"],
            [[i.label, i.count, i.of, _share(i.count, i.of)]
             if template_item(template, i.key) not in full.hidden()
             else [i.label, HIDDEN_ITEM, HIDDEN_ITEM, HIDDEN_ITEM] for i in result.indicators],
            3))
    if not small_counts:
        for attribute, found_groups in groups.items():
            name = f"Efter {template.attribute(attribute).label.lower()}"
            found.append(_group_sheet(template, name, attribute, found_groups, pooled))
        return found
    for breakdown in breakdowns:  # small counts hidden: exactly the tables of the redovisning
        rows = [[r.value, *(int(c) if c.isdigit() else c for c in r.cells)]
                for r in breakdown.rows] if not breakdown.withheld else [[WITHHELD]]
        if breakdown.suppressed or full.hidden():
            rows += [[], [suppression_note]]
        found.append(SheetData(f"Efter {breakdown.label.lower()}",
                               [breakdown.label, *breakdown.columns], rows, 1))
    return found
