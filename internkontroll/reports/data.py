"""A review turned into plain dataclasses for the documents. No layout happens here.

Everything meant for the nämnd is aggregated: no löpnummer, references, names, notes or results
per handläggare.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlmodel import Session

from internkontroll.core.formatting import format_percent, percent_half_up, share_text
from internkontroll.core.prose import join_and, lowered
from internkontroll.core.results import Result, Share
from internkontroll.core.suppression import (
    HIDDEN_ITEM,
    ITEM_NOTE,
    Column,
    Decision,
    decide,
    hidden_items,
    note,
    parse_threshold,
    template_item,
    without,
)
from internkontroll.core.templates import COLUMNS, SECTIONS, TABLE, Template
from internkontroll.reports.charts import Chart, report_charts
from internkontroll.reports.groups import (
    GroupColumns,
    PerGroup,
    columns,
    composition,
    distribution_sentences,
    is_small,
    item_counts,
    sections,
    small_distributions,
    unknown_text,
)
from internkontroll.reports.method import method_text
from internkontroll.reports.plan import method_override, plan_texts
from internkontroll.reports.tables import SheetData, sheets
from internkontroll.reports.uncertainty import ON, Uncertainty, uncertainty
from internkontroll.reports.uncertainty import SETTING as UNCERTAINTY
from internkontroll.store.models import Review
from internkontroll.store.results import (
    FullResult,
    breakdown_groups,
    count_tables,
    full_result,
    group_comparison,
    in_template_order,
    with_changes,
)
from internkontroll.store.reviews import (
    GALLRAD,
    KLAR,
    REDOVISAD,
    ReviewSummary,
    get_review,
    list_cases,
    summarise,
)
from internkontroll.store.sampling import get_record
from internkontroll.store.texts import DEFAULT_PROPOSAL, get_settings, get_texts

MAX_PERIODS = 8
ROUNDING_NOTE = "Summan kan avvika från 100 procent på grund av avrundning."


@dataclass
class ResultRow:
    text: str
    comment: str
    counts: str
    applicable: int
    ej_aktuellt: int


@dataclass
class ComparisonRow:
    """One row of the comparison table: an item's n, an option's counts, or a Summa percent."""

    kind: str  # "item" | "option" | "summa"
    text: str
    values: list[str]


@dataclass
class GroupRow:
    value: str
    cases: int
    cells: list[str]  # one per column of the breakdown table; the first is the case count
    small: bool  # 1–4 cases: may identify people (the GUI warns)
    hidden: bool = False  # suppressed by the small_counts setting


@dataclass
class Breakdown:
    attribute: str
    label: str
    columns: list[str]
    rows: list[GroupRow]
    headline_percent: list[tuple[str, int | None]]  # for the chart: (group, percent)
    suppressed: bool = False  # some count is hidden (small_counts)
    withheld: bool = False  # small_counts: no table at all, not even the groups' names


@dataclass
class ReportData:
    organisation: dict[str, str]
    title: str
    template_title: str
    label: str
    date: str
    diarienummer: str
    summary: str
    summary_sentence: str
    plan: list[tuple[str, str]]
    items: list[str]
    method: str
    scale_text: str
    composition: list[str]
    results: list[ResultRow]
    total_text: str
    rounding_note: bool
    periods: list[str]
    comparison: list[ComparisonRow]
    indicators: list[tuple[str, str]]
    breakdowns: list[Breakdown]
    analysis: str
    actions: str
    proposal: str
    suppression_note: str
    small_counts: int | None  # the suppression threshold, None when off
    cases: int | None = None  # None for a period with counts only
    status: str = ""  # the review's status (store.reviews: pågående, klar, redovisad …)
    preliminary: bool = False  # not klar: every page and the title say so
    missing: list[str] = field(default_factory=list)  # what keeps it from being complete
    charts: list[Chart] = field(default_factory=list)
    sheets: list[SheetData] = field(default_factory=list)  # the Excel export's tables
    per_group: list[PerGroup] = field(default_factory=list)  # sections or columns per group
    breakdown_order: list[str] = field(default_factory=list)  # the attributes, as shown
    census: bool = False  # every case of the period, none drawn
    uncertainty: Uncertainty | None = None  # intervals, verdicts and the lay explanation
    show_uncertainty: bool = False  # in the documents too, not only on screen
    # counts of 1–4 that the distribution sentences and the balance groups give
    small_elsewhere: list[str] = field(default_factory=list)

    @property
    def small_per_group(self) -> list[str]:
        """Counts of 1–4 cases shown by the sections and columns per group, the
        distributions and the appendix's balance groups."""
        return [s for g in self.per_group for s in (
            g.small if isinstance(g, GroupColumns) else
            [x for section in g.sections for x in section.small])] + self.small_elsewhere



def _summary_sentence(template: Template, result: Result) -> str:
    if template.indicators:
        chosen = {i.key for i in template.indicators if i.headline} or {
            i.key for i in template.indicators}
        parts = [f"{lowered(i.label)} i {i.count} av {i.of} ärenden ({format_percent(i.percent)})"
                 for i in result.indicators if i.of and i.key in chosen]
        return f"Resultatet: {join_and(parts)}." if parts else "Inga bedömningar är gjorda ännu."
    total = result.total
    headline = template.main.option(template.main.headline)
    if not any(i.applicable for i in result.items):
        return "Inga bedömningar är gjorda ännu."
    if len(template.main_items) <= 1:
        return _items_sentence(template, result)
    return (f"Sammantaget bedömdes {format_percent(total.percent.get(headline.key))} av de "
            f"{total.applicable} bedömningarna som {lowered(headline.label)}.")


def _items_sentence(template: Template, result: Result) -> str:
    """Without a Summa: the headline share of each item that applies to every case, and a word
    on the rest, which are reported among the cases they apply to."""
    parts = []
    for item in template.items:
        if any(c.kind == "item" for c in item.applicable_when):
            continue
        found = result.item(item.key)
        option = template.scale_of(item).option(template.scale_of(item).headline)
        if found.applicable:
            said = "" if option.key == "ja" else f": {lowered(option.label)}"
            hit = found.counts.get(option.key, 0)
            parts.append(f"{item.text}{said} i {hit} av {found.applicable} fall "
                         f"({format_percent(found.percent.get(option.key))}).")
    if len(parts) < len(template.items):
        parts.append("Övriga kontrollmoment redovisas bland de ärenden där de var aktuella.")
    return " ".join(parts)


def _share_text(template: Template, share: Share) -> str:
    labels = {o.key: o.label for o in template.main.options}
    parts = [f"{labels[o]} {format_percent(p)}" for o, p in share.percent.items()]
    return ", ".join(parts) if len(template.main_items) > 1 else ""


def _scale_text(template: Template) -> str:
    parts = [f"{o.label} – {o.definition}" if o.definition else o.label
             for o in template.main.counted]
    return (f"Bedömningen görs med följande alternativ: {'; '.join(parts)}. Kontrollmoment som "
            "inte är aktuella i ett ärende räknas inte med.")


def _composition(template: Template, full: FullResult, groups: dict[str, list[Any]],
                 breakdowns: list[Breakdown], threshold: int | None, census: bool) -> list[str]:
    """The sample's composition. Only what was filled in is counted, and how many are
    unknown is said: blank is never counted as one of the values."""
    result = full.result
    sentences = []
    if result.cases is not None:
        noun = "ärende" if result.cases == 1 else "ärenden"
        sentences.append(f"Kontrollen omfattar samtliga {result.cases} "
                         f"{template.cases_word if result.cases != 1 else noun}." if census
                         else f"Urvalet omfattar {result.cases} {noun}.")
    hidden = {b.attribute for b in breakdowns
              if b.withheld or any(r.hidden for r in b.rows)}
    for attribute in groups:
        definition = template.attribute(attribute)
        if attribute in hidden:  # the same decision as the breakdown table
            sentences.append(f"Efter {lowered(definition.label)}: redovisas inte, eftersom "
                             "små antal då skulle kunna räknas fram.")
            continue
        told = composition(definition, {  # a period entered as counts may lack its cases
            g.value: g.result.cases for g in groups[attribute] if g.result.cases is not None})
        if told:
            sentences.append(f"Efter {lowered(definition.label)}: {told}.")
    if not threshold:
        sentences += distribution_sentences(template, full.distributions)
    for item in template.items:
        if item.applicable_note and item.key in full.hidden():
            sentences.append(f"Hur många ärenden kontrollmomentet ”{lowered(item.text)}” gällde "
                             "redovisas inte, eftersom så små antal kan peka ut enskilda.")
        elif item.applicable_note and result.cases:
            # Assessed as applying: an unassessed case may lack the attribute the rule needs.
            found = result.item(item.key)
            sentence = item.applicable_note.format(n=found.applicable)
            if found.unassessed:
                sentence = f"{sentence.rstrip('.')}; {unknown_text(found.unassessed)}."
            sentences.append(sentence)
    return sentences


def _comparison(template: Template, full: FullResult) -> tuple[list[str], list[ComparisonRow]]:
    periods = full.comparison[-MAX_PERIODS:]
    hidden = [full.hidden(n - len(periods)) for n in range(len(periods))]
    rows: list[ComparisonRow] = []
    for item in template.items:
        results = [p.item(item.key) for p in periods]
        gone = [item.key in h for h in hidden]
        rows.append(ComparisonRow("item", item.text, [
            HIDDEN_ITEM if g else f"n={r.applicable}" if r.applicable else "–"
            for r, g in zip(results, gone, strict=True)]))
        for option in template.scale_of(item).counted:
            rows.append(ComparisonRow("option", option.label, [
                HIDDEN_ITEM if g else str(r.counts.get(option.key, 0)) if r.applicable else "–"
                for r, g in zip(results, gone, strict=True)]))
    if len(template.main_items) > 1:
        for option in template.main.counted:
            rows.append(ComparisonRow("summa", f"Summa {lowered(option.label)}",
                                      [format_percent(p.total.percent.get(option.key))
                                       for p in periods]))
    return [p.review.label for p in periods], rows


def _measures(template: Template) -> list[tuple[str, str | None]]:
    """The share columns of a breakdown table, as (heading, item): each indicator; where the
    template pools nothing, each item's headline share; else the Summa's headline share."""
    if template.indicators:
        return [(i.label, i.item) for i in template.indicators]
    if not template.main_items:
        return [(i.text, i.key) for i in template.items]
    headline = template.main.option(template.main.headline).label
    return [(f"Andel {lowered(headline)}", None)]


def _shares(template: Template, result: Result) -> list[tuple[int, int, int | None]]:
    """(count, of, percent) per column of a breakdown table (``_measures``)."""
    if template.indicators:
        return [(i.count, i.of, i.percent) for i in result.indicators]
    if not template.main_items:
        found = []
        for item in result.items:
            headline = template.scale_of(template.item(item.key)).headline
            count = item.counts.get(headline, 0)
            found.append((count, item.applicable, percent_half_up(count, item.applicable)))
        return found
    total = result.total
    headline = template.main.headline
    return [(total.counts.get(headline, 0), total.applicable, total.percent.get(headline))]


def _gone(template: Template, hidden: frozenset[str]) -> set[int]:
    """The breakdown columns on hidden items: shown as hidden, in no decision."""
    return {c for c, (_, item) in enumerate(_measures(template)) if item in hidden}


def _decision(template: Template, shares: list[list[tuple[int, int, int | None]]],
              sizes: list[int], threshold: int | None, hidden: frozenset[str]
              ) -> Decision | None:
    """The one suppression decision for a breakdown table (``core.suppression``)."""
    if not threshold:
        return None
    per_case = 1 if template.indicators else len(
        [i for i in template.main_items if i.key not in hidden])
    columns = [Column(tuple(s[c][0] for s in shares), tuple(s[c][1] for s in shares), per_case)
               if c not in _gone(template, hidden) else Column((0,) * len(sizes),
                                                               (0,) * len(sizes))
               for c in range(len(shares[0]) if shares else 0)]
    return decide(sizes, columns, threshold, _linked(template))


def _linked(template: Template) -> frozenset[int]:
    """The share columns that can be worked out from one another, and so hide together:
    several on one item (they add up), and an item asked among the cases of another (its
    "av" is the other's count); where nothing is pooled every item may be such a one."""
    items = [item for _, item in _measures(template)]

    def asked_among(a: str, b: str) -> bool:
        return any(c.kind == "item" and c.key == b for c in template.item(a).applicable_when)

    return frozenset(c for c, item in enumerate(items) if item is not None and (
        items.count(item) > 1 or not template.main_items
        or any(other is not None and other != item
               and (asked_among(item, other) or asked_among(other, item)) for other in items)))


def _breakdowns(template: Template, groups: dict[str, list[Any]],
                threshold: int | None, hidden: frozenset[str]) -> list[Breakdown]:
    """One table per breakdown attribute shown as a table (every one, when small counts are
    hidden); with ``threshold``, small counts are hidden so that no published number can give
    them away: whole groups, single cells, or the whole table."""
    found = []
    columns = ["Antal ärenden", *(heading for heading, _ in _measures(template))]
    for attribute in groups:
        if template.shown_as(attribute).layout != TABLE and not threshold:
            continue
        definition = template.attribute(attribute)
        results = [g.result for g in groups.get(attribute, [])]
        shares = [_shares(template, r) for r in results]
        decision = _decision(template, shares, [r.cases or 0 for r in results], threshold,
                             hidden)
        if decision is not None and decision.withheld:
            found.append(Breakdown(attribute, definition.label, columns, [], [], True, True))
            continue
        hidden_rows = decision.rows if decision else {}
        marks = decision.cells if decision else {}
        rows: list[GroupRow] = []
        chart: list[tuple[str, int | None]] = []
        for n, (group, result) in enumerate(zip(groups.get(attribute, []), results,
                                                strict=True)):
            label = definition.label_of(group.value) if group.value else "Uppgift saknas"
            small = is_small(result.cases)
            if n in hidden_rows:
                rows.append(GroupRow(label, result.cases or 0,
                                     [hidden_rows[n], *["–"] * len(shares[n])], small, True))
                chart.append((label, None))
                continue
            cells = [HIDDEN_ITEM if c in _gone(template, hidden) else
                     f"{marks[n, c]} av {of}" if (n, c) in marks else
                     share_text(count, of) if of else "–"
                     for c, (count, of, _) in enumerate(shares[n])]
            known = str(result.cases) if result.cases is not None else "–"  # not given
            rows.append(GroupRow(label, result.cases or 0, [known, *cells], small))
            chart.append((label, None if (n, 0) in marks or 0 in _gone(template, hidden)
                           or not shares[n] else shares[n][0][2]))
        found.append(Breakdown(attribute, definition.label, columns, rows, chart,
                               bool(hidden_rows or marks)))
    return found


def _by_indicator(session: Session, review: Review, template: Template, attribute: str,
                  value: str) -> dict[str, dict[str | None, int]]:
    """indicator → the cases it counts in the group, by the values of its ``by`` attribute."""
    found: dict[str, dict[str | None, int]] = {}
    for indicator in template.indicators:
        if indicator.by:
            tables = count_tables(session, review, indicator.by, {attribute: value})
            found[indicator.key] = {
                v or None: sum(tables[v][1].get(indicator.item, {}).get(o, 0)
                               for o in indicator.options)
                for v in in_template_order(template, indicator.by, tables)}
    return found


def _per_group(session: Session, review_id: int, template: Template,
               groups: dict[str, list[Any]], threshold: int | None) -> list[PerGroup]:
    """The breakdowns shown as sections or columns. With small counts hidden they are all
    tables instead: the one suppression decision per table is what keeps a hidden count from
    being worked out, and sections have no such decision."""
    if threshold:
        return []
    review, _ = get_review(session, review_id)
    found: list[PerGroup] = []
    for attribute, shown_groups in groups.items():
        layout = template.shown_as(attribute).layout
        if layout == COLUMNS:
            found.append(columns(template, attribute, shown_groups))
        elif layout == SECTIONS:
            by_indicator = {g.value or "": _by_indicator(session, review, template, attribute,
                                                         g.value or "")
                            for g in shown_groups}
            periods, history = group_comparison(session, review, template, attribute)
            found.append(sections(template, attribute, shown_groups, by_indicator, periods,
                                  history))
    return found


def _balanced_on(template: Template, full: FullResult) -> str | None:
    """What a balanced sample was balanced on: the attribute's label ("Kön") where the field
    is one, else the field as the file names it."""
    if full.balance_groups:
        return template.attribute(full.balance_groups[0].attribute).label
    return full.sampling.balance if full.sampling else None


def _published(template: Template, full: FullResult, threshold: int | None) -> FullResult:
    """With ``threshold``, every period as published: small person-attribute items left out."""
    if not threshold:
        return full
    hidden = [hidden_items(template, r, threshold) for r in full.comparison]
    # The changes and trends anew, so that none tells what a hidden period held.
    chain = with_changes(template, [without(template, r, h)
                                    for r, h in zip(full.comparison, hidden, strict=True)])
    return replace(full, result=chain[-1], comparison=chain, hidden_items=hidden)


def _missing(session: Session, review_id: int, template: Template,
             settings: dict[str, str], summary: ReviewSummary) -> list[str]:
    """What keeps a review from being complete, for the question before a document is saved;
    nothing once it is redovisad."""
    if summary.status in (REDOVISAD, GALLRAD):
        return []
    found = []
    if summary.cases is not None:
        open_cases = summary.cases - (summary.complete_cases or 0)
        if not summary.cases:
            found.append("Kontrolltillfället har inga ärenden.")
        elif open_cases:
            found.append(f"{open_cases} av {summary.cases} ärenden är inte färdigbedömda.")
        rule_keys = list(dict.fromkeys(c.key for i in template.items for c in i.applicable_when
                                       if c.kind == "attribute"))
        needed = list(dict.fromkeys([*template.breakdowns, *rule_keys]))
        cases = [c for c in list_cases(session, review_id) if c.role == "case"] \
            if needed else []
        for key in needed:
            blank = sum(1 for c in cases if not c.attributes.get(key))
            if blank == len(cases) and key not in rule_keys:
                continue  # a breakdown never filled in is left out of the documents
            if blank:
                label = template.attribute(key).label.lower()
                found.append(f"Uppgift om {label} saknas i {blank} "
                             f"{'ärende' if blank == 1 else 'ärenden'}.")
    if not settings.get("kommun", "").strip():
        found.append("Kommunens namn saknas i inställningarna (Arkiv → Inställningar).")
    return found


def report_data(session: Session, review_id: int) -> ReportData:
    """Everything the redovisning needs, from the results engine and the stored texts."""
    review, template = get_review(session, review_id)
    settings = get_settings(session)
    summary = summarise(session, review)
    threshold = parse_threshold(settings.get("small_counts"))
    full = _published(template, full_result(session, review_id), threshold)
    groups: dict[str, list[Any]] = {  # a breakdown blank for every case is left out
        attribute: [replace(g, result=without(template, g.result, full.hidden())) for g in found]
        for attribute, found in breakdown_groups(session, review_id).items()
        if any(g.value for g in found)}
    texts = get_texts(session, review_id)
    breakdowns = _breakdowns(template, groups, threshold, full.hidden())
    stored = get_record(session, review_id)
    # A draw decides (a census template may still be sampled); without one, the template.
    census = full.sampling.census if full.sampling else template.census
    result = full.result
    total = result.total
    show_uncertainty = (texts.get(UNCERTAINTY) or settings.get(UNCERTAINTY)) == ON
    periods, comparison = _comparison(template, full)
    indicators = [(i.label, HIDDEN_ITEM if template_item(template, i.key) in full.hidden()
                   else share_text(i.count, i.of)) for i in result.indicators]
    plan = plan_texts(template, texts, (review.period_start, review.period_end)
                      if review.period_start and review.period_end else None)
    suppression_note = " ".join(
        [note(threshold or 0)] * bool(threshold and any(b.suppressed for b in breakdowns))
        + [ITEM_NOTE] * bool(full.hidden()))
    return ReportData(
        organisation=settings, title=f"Internkontroll {template.title}",
        template_title=template.title, label=review.label, date=review.date,
        diarienummer=texts.get("diarienummer", ""), summary=texts.get("sammanfattning", ""),
        summary_sentence=_summary_sentence(template, result), plan=plan,
        items=[i.text for i in template.items],
        method=method_override(texts, method_text(template, dict(stored.record) if stored
                                                  else None, result.cases)),
        scale_text=_scale_text(template),
        composition=_composition(template, full, groups, breakdowns, threshold, census),
        results=[ResultRow(i.text, texts.get(f"kommentar.{i.key}", ""),
                           HIDDEN_ITEM if i.key in full.hidden() else
                           item_counts(template, result, i.key),
                           result.item(i.key).applicable,
                           result.item(i.key).ej_aktuellt) for i in template.items],
        total_text=_share_text(template, total),
        rounding_note=total.rounding_note and len(template.main_items) > 1,
        periods=periods, comparison=comparison, indicators=indicators,
        breakdowns=breakdowns, per_group=_per_group(session, review_id, template, groups,
                                                    threshold), census=census,
        breakdown_order=list(groups),
        uncertainty=uncertainty(template, full.comparison, full.sampling.frame if full.sampling
                                else None, _balanced_on(template, full), census,
                                full.hidden(), [] if threshold else [
                                    (g.label, g.frame, g.result)
                                    for g in full.balance_groups]),
        show_uncertainty=show_uncertainty,
        small_elsewhere=[] if threshold else [
            *(f"{template.item(key).text} ({result.item(key).applicable} av {result.cases})"
              for key in sorted(hidden_items(template, result, 5))),
            *small_distributions(template, full.distributions),
            *(f"{g.label} ({g.result.cases})" for g in full.balance_groups
              if show_uncertainty and is_small(g.result.cases))],
        analysis=texts.get("analys", ""), actions=texts.get("atgardsforslag", ""),
        proposal=texts.get("forslag_till_beslut", DEFAULT_PROPOSAL),
        suppression_note=suppression_note, small_counts=threshold, cases=result.cases,
        status=summary.status, preliminary=summary.status not in (KLAR, REDOVISAD, GALLRAD)
        and not review.counts_only,
        missing=_missing(session, review_id, template, settings, summary),
        charts=report_charts(template, full, breakdowns),
        sheets=sheets(template, full, breakdowns, groups, threshold, suppression_note))
