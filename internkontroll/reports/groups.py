"""Results per group as the nämnd reads them: a section per group (its own composition, item
table, indicators, chart and comparison with earlier periods), or the items with the groups as
columns. Which one a breakdown gets is the template's choice (``Template.shown_as``).

Plain data only; ``reports.outline`` turns it into blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from internkontroll.core.formatting import (
    DASH,
    count_text,
    counts_text,
    format_percent,
    share_text,
)
from internkontroll.core.prose import count_phrase, join_and, lowered
from internkontroll.core.results import DistributionResult, ReviewInfo
from internkontroll.core.results import Result as CoreResult
from internkontroll.core.templates import Attribute, Template
from internkontroll.reports.charts import Chart, stacked_items
from internkontroll.store.results import Group

UNKNOWN = "Uppgift saknas"


@dataclass
class GroupSection:
    label: str
    cases: int | None
    composition: list[str]
    results: list[tuple[str, str]]  # item text, counts text
    indicators: list[tuple[str, str]]  # label, "13 av 23 (57 %)"
    periods: list[str]
    comparison: list[tuple[str, list[str]]]  # row text, one cell per period
    chart: Chart | None = None
    small: list[str] = field(default_factory=list)  # counts of 1–4 it shows: "Pojke (1)"


@dataclass
class GroupSections:
    attribute: str
    label: str
    sections: list[GroupSection] = field(default_factory=list)


@dataclass
class GroupColumns:
    attribute: str
    label: str
    headers: list[str]  # one per group: "Kvinna"
    rows: list[tuple[str, list[str]]]  # item text (or indicator), one cell per group
    measure: str  # what the cells hold: "Andel ja"
    small: list[str] = field(default_factory=list)  # groups of 1–4 cases: "Man (3)"


PerGroup = GroupSections | GroupColumns


def is_small(n: int | None) -> bool:
    """1–4 cases: so few that they may identify people (SPEC § 7)."""
    return n is not None and 0 < n < 5


def unknown_text(n: int) -> str:
    return f"uppgift saknas i {n} {'ärende' if n == 1 else 'ärenden'}"


def composition(definition: Attribute, counts: Mapping[str | None, int]) -> str:
    """'sju flickor, fyra pojkar och fem män; uppgift saknas i 2 ärenden': the counts of one
    attribute's values in words up to twelve, blank told apart and never counted as a value."""
    parts, unknown = [], 0
    order = [v.key for v in definition.values]
    for value, n in sorted(counts.items(), key=lambda c: (
            order.index(c[0]) if c[0] in order else len(order), c[0] or "")):
        if not value:
            unknown += n
            continue
        if not n:
            continue
        label = definition.label_of(value)
        plural = next((v.plural for v in definition.values if v.key == value), "")
        parts.append(count_phrase(n, label.lower(), plural) if plural else f"{label.lower()} {n}")
    told = join_and(parts)
    if unknown:
        told += ("; " if told else "") + unknown_text(unknown)
    return told


def distribution_sentences(template: Template, found: list[DistributionResult]) -> list[str]:
    """The template's distribution texts with their numbers: "Det är 40 % av vårdtagarna
    (8 av 20) …" and "Av dessa har 84 % …"."""
    sentences = []
    for definition, d in zip(template.distributions, found, strict=True):
        if not d.of:
            continue
        sentences.append(_filled(definition.text, d.percent, d.count, d.of))
        if d.among is not None and definition.item_text and d.among.of:
            sentences.append(_filled(definition.item_text, d.among.percent, d.among.count,
                                     d.among.of))
    return sentences


def small_distributions(template: Template, found: list[DistributionResult],
                        where: str = "") -> list[str]:
    """The counts of 1–4 that the distribution sentences give: "Hemtjänst, måltidsinsats:
    ja (3)", "Hemtjänst, det framgår hur … vid måltider: 2 av 3 med måltidsinsats ja"."""
    small = []
    for definition, d in zip(template.distributions, found, strict=True):
        if not d.of:
            continue
        attribute = template.attribute(definition.attribute)
        values = ", ".join(attribute.label_of(v).lower() for v in definition.values)
        if is_small(d.count):
            small.append(f"{attribute.label.lower()}: {values} ({d.count})")
        if d.among is not None and definition.item_text and is_small(d.among.count):
            small.append(f"{lowered(d.among.label)}: {d.among.count} av {d.count} med "
                         f"{attribute.label.lower()} {values}")
    return [f"{where}, {s}" if where else s[0].upper() + s[1:] for s in small]


def _filled(text: str, percent: int | None, count: int, of: int) -> str:
    return (text.replace("{andel}", format_percent(percent)).replace("{antal}", str(count))
            .replace("{av}", str(of)))


def item_counts(template: Template, result: CoreResult, key: str) -> str:
    """An item's counts per option, "17/20 helt 3/20 delvis"."""
    item = result.item(key)
    scale = template.scale_of(template.item(key))
    return counts_text([(o.label, item.counts.get(o.key, 0)) for o in scale.counted],
                       item.applicable)


def _headline(template: Template, result: CoreResult, key: str) -> str:
    item = result.item(key)
    headline = template.scale_of(template.item(key)).headline
    return share_text(item.counts.get(headline, 0), item.applicable) if item.applicable \
        else DASH


def _measures(template: Template, result: CoreResult) -> list[tuple[str, str]]:
    """The rows a group is compared on: each indicator, or each item's headline share."""
    if template.indicators:
        return [(i.label, share_text(i.count, i.of) if i.of else DASH)
                for i in result.indicators]
    return [(i.text, _headline(template, result, i.key)) for i in template.items]


def _measure_name(template: Template) -> str:
    if template.indicators:
        return "Andel av bedömda ärenden"
    return f"Andel {lowered(template.main.option(template.main.headline).label)}"


def _section(template: Template, group: Group, by_indicator: dict[str, dict[str | None, int]],
             periods: list[ReviewInfo], history: list[CoreResult | None]) -> GroupSection:
    definition = template.attribute(group.attribute)
    label = definition.label_of(group.value) if group.value else UNKNOWN
    result = group.result
    noun = template.cases_word
    sentences = []
    small = [f"{label} ({result.cases})"] if is_small(result.cases) else []
    if result.cases is not None:
        told = count_text(result.cases, "ärende", noun)
        within = template.shown_as(group.attribute).within
        inner = composition(template.attribute(within), {
            g.value: g.result.cases for g in group.groups if g.result.cases is not None}
        ) if within else ""
        sentences.append(f"{label} omfattar {told}" + (f": {inner}." if inner else "."))
        small += [f"{label}: {template.attribute(within).label_of(g.value).lower()} "
                  f"({g.result.cases})" for g in group.groups
                  if g.value and is_small(g.result.cases)]
    for ind in template.indicators:
        counts = by_indicator.get(ind.key)
        if ind.by and counts:
            hit = next(i for i in result.indicators if i.key == ind.key)
            sentences.append(f"{ind.label} ({hit.count} {noun}): "
                             f"{composition(template.attribute(ind.by), counts)}.")
            small += [f"{label}, {lowered(ind.label)}: "
                      f"{template.attribute(ind.by).label_of(v).lower()} ({n})"
                      for v, n in counts.items() if v and is_small(n)]
    sentences += distribution_sentences(template, group.distributions)
    small += small_distributions(template, group.distributions, label)
    comparison: list[tuple[str, list[str]]] = []
    if sum(r is not None for r in history) > 1:
        rows = [dict(_measures(template, r)) if r is not None else {} for r in history]
        comparison = [(name, [row.get(name, DASH) for row in rows])
                      for name, _ in _measures(template, result)]
    chart = stacked_items(template, result, title=f"{label}: bedömningar per kontrollmoment, "
                          "andel av aktuella ärenden.") if result.cases != 0 else None
    return GroupSection(label, result.cases, sentences,
                        [(i.text, item_counts(template, result, i.key)) for i in template.items],
                        [(i.label, share_text(i.count, i.of) if i.of else DASH)
                         for i in result.indicators] if template.indicators else [],
                        [p.label for p in periods] if comparison else [], comparison, chart,
                        small)


def sections(template: Template, attribute: str, groups: list[Group],
             by_indicator: dict[str, dict[str, dict[str | None, int]]],
             periods: list[ReviewInfo], history: dict[str, list[CoreResult | None]]
             ) -> GroupSections:
    """A section per group. ``by_indicator``: group value → indicator → counts by its ``by``
    attribute; ``history``: group value → the group's result in each period."""
    return GroupSections(attribute, template.attribute(attribute).label, [
        _section(template, g, by_indicator.get(g.value or "", {}), periods,
                 history.get(g.value or "", []))
        for g in groups])


def columns(template: Template, attribute: str, groups: list[Group]) -> GroupColumns:
    """The items (or indicators) as rows and the groups as columns."""
    definition = template.attribute(attribute)
    shown = [g for g in groups if g.value]
    measures = [_measures(template, g.result) for g in shown]
    names = [name for name, _ in measures[0]] if measures else []
    return GroupColumns(attribute, definition.label,
                        [definition.label_of(g.value) for g in shown],
                        [(name, [m[n][1] for m in measures]) for n, name in enumerate(names)],
                        _measure_name(template),
                        [f"{definition.label_of(g.value)} ({g.result.cases})" for g in shown
                         if is_small(g.result.cases)])
