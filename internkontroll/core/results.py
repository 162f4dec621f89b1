"""Results arithmetic: from count tables (made in SQL by ``store``) to percentages and changes.

The cost depends on reviews × items, never on the number of assessments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from internkontroll.core.formatting import percent_half_up, round_half_away
from internkontroll.core.stats import cochran_armitage, fisher_exact, verdict, wilson_interval
from internkontroll.core.templates import EJ_AKTUELLT, Distribution, Item, Scale, Template

Counts = Mapping[str, Mapping[str, int]]


@dataclass(frozen=True)
class ReviewInfo:
    id: int
    label: str
    template: str
    date: str


@dataclass
class Change:
    pp: int
    p_value: float
    verdict: str


@dataclass
class TrendResult:
    """The Cochran–Armitage test over the comparison's periods up to this one (SPEC § 8)."""

    periods: int
    z: float  # > 0: the share grows over the periods
    p_value: float
    verdict: str


@dataclass
class Share:
    """Counts over the options of one scale, with a denominator that excludes ej aktuellt."""

    applicable: int
    counts: dict[str, int]
    percent: dict[str, int | None]

    @property
    def rounding_note(self) -> bool:
        """True when the rounded parts do not add up to 100."""
        values = [p for p in self.percent.values() if p is not None]
        return bool(values) and sum(values) != 100


@dataclass
class ItemResult(Share):
    key: str = ""
    text: str = ""
    unassessed: int = 0
    ej_aktuellt: int = 0
    interval: dict[str, tuple[float, float] | None] = field(default_factory=dict)
    change: dict[str, Change] = field(default_factory=dict)
    trend: dict[str, TrendResult] = field(default_factory=dict)


@dataclass
class IndicatorResult:
    key: str
    label: str
    count: int
    of: int
    percent: int | None
    interval: tuple[float, float] | None = None
    change: Change | None = None
    trend: TrendResult | None = None


@dataclass
class DistributionResult:
    """The share of the cases with one of ``values`` of ``attribute`` (of those where it is
    known), and ``item``'s headline share among those cases."""

    attribute: str
    values: tuple[str, ...]
    count: int
    of: int
    percent: int | None
    item: str = ""
    among: IndicatorResult | None = None


@dataclass
class Result:
    """The results of one review, or of one group of its cases."""

    review: ReviewInfo
    cases: int | None
    items: list[ItemResult]
    total: Share
    indicators: list[IndicatorResult]
    census: bool = False  # every case of the frame was drawn: no sampling uncertainty

    def item(self, key: str) -> ItemResult:
        return next(i for i in self.items if i.key == key)


def _share(scale: Scale, counts: Mapping[str, int]) -> Share:
    options = [o.key for o in scale.counted]
    chosen = {o: int(counts.get(o, 0)) for o in options}
    applicable = sum(chosen.values())
    return Share(applicable, chosen, {o: percent_half_up(c, applicable) for o, c in chosen.items()})


def _item_result(template: Template, item: Item, counts: Mapping[str, int], cases: int | None,
                 population: int | None) -> ItemResult:
    scale = template.scale_of(item)
    share = _share(scale, counts)
    ej = int(counts.get(EJ_AKTUELLT, 0))
    unassessed = 0 if cases is None else max(0, cases - share.applicable - ej)
    return ItemResult(
        share.applicable, share.counts, share.percent, key=item.key, text=item.text,
        unassessed=unassessed, ej_aktuellt=ej,
        interval={o: wilson_interval(c, share.applicable, population)
                  for o, c in share.counts.items()},
    )


def is_census(cases: int | None, population: int | None) -> bool:
    """Were all the frame's cases drawn (``--size all``, or a size equal to the frame)?"""
    return population is not None and cases is not None and cases >= population


def compute(template: Template, review: ReviewInfo, counts: Counts, cases: int | None,
            population: int | None = None) -> Result:
    """Turn a count table (item → option → count, ej aktuellt included) into results.

    ``population`` is the frame size from the sampling record: it gives the intervals their
    finite-population correction, and a census (every case of the frame) none at all.
    """
    census = is_census(cases, population)
    if census:
        population = 0  # wilson_interval: n ≥ N is a census, without an interval
    items = [_item_result(template, i, counts.get(i.key, {}), cases, population)
             for i in template.items]
    summed: dict[str, int] = {}
    for item in template.main_items:
        for option, count in counts.get(item.key, {}).items():
            summed[option] = summed.get(option, 0) + int(count)
    indicators = []
    for ind in template.indicators:
        item_result = next(r for r in items if r.key == ind.item)
        hit = sum(item_result.counts.get(o, 0) for o in ind.options)
        of = item_result.applicable
        indicators.append(IndicatorResult(ind.key, ind.label, hit, of, percent_half_up(hit, of),
                                          wilson_interval(hit, of, population)))
    return Result(review, cases, items, _share(template.main, summed), indicators, census)


def distribution(template: Template, definition: Distribution, cases: Mapping[str, int],
                 result: Result) -> DistributionResult:
    """``cases``: value → number of cases (blank under ""), for the group ``result`` is of.
    The item applies only to the cases of the distribution (the template checks), so its
    share "av dessa" is its headline count among all of them."""
    of = sum(n for value, n in cases.items() if value)
    count = sum(cases.get(v, 0) for v in definition.values)
    among = None
    if definition.item:
        item = result.item(definition.item)
        hit = item.counts.get(template.scale_of(template.item(definition.item)).headline, 0)
        among = IndicatorResult(definition.item, item.text, hit, count,
                                percent_half_up(hit, count))
    return DistributionResult(definition.attribute, definition.values, count, of,
                              percent_half_up(count, of), definition.item, among)


def distribution_json(found: DistributionResult) -> dict[str, Any]:
    data: dict[str, Any] = {"attribute": found.attribute, "values": list(found.values),
                            "count": found.count, "of": found.of, "percent": found.percent}
    if found.among is not None:
        data["item"] = found.item
        data["among"] = {"count": found.among.count, "of": found.among.of,
                         "percent": found.among.percent}
    return data


def _change(now: int, now_of: int, before: int, before_of: int) -> Change | None:
    if now_of == 0 or before_of == 0:
        return None
    pp = round_half_away(Fraction(100 * now, now_of) - Fraction(100 * before, before_of))
    p = fisher_exact(now, now_of - now, before, before_of - before)
    return Change(pp, p, verdict(p))


def add_changes(template: Template, current: Result, previous: Result) -> None:
    """Fill in the change of each item's headline option and of each indicator."""
    for item in current.items:
        headline = template.scale_of(template.item(item.key)).headline
        old = previous.item(item.key)
        change = _change(item.counts[headline], item.applicable,
                         old.counts.get(headline, 0), old.applicable)
        item.change = {headline: change} if change else {}
    for ind in current.indicators:
        old_ind = next((i for i in previous.indicators if i.key == ind.key), None)
        if old_ind is not None:
            ind.change = _change(ind.count, ind.of, old_ind.count, old_ind.of)


def _trend(shares: Sequence[tuple[int, int]]) -> TrendResult | None:
    found = cochran_armitage(shares)
    if found is None:
        return None
    return TrendResult(found.periods, found.z, found.p_value, verdict(found.p_value))


def add_trends(template: Template, chain: Sequence[Result]) -> None:
    """Fill in, for each period of ``chain`` (a comparison, oldest first), the trend of each
    item's headline option and of each indicator over the periods up to it, where at least
    three of them have a denominator. Scores are the positions in the chain: equally spaced
    periods. Counts-only periods take part like the others."""
    for end in range(2, len(chain)):
        periods, current = chain[:end + 1], chain[end]
        for item in current.items:
            headline = template.scale_of(template.item(item.key)).headline
            shares = [(p.item(item.key).counts.get(headline, 0), p.item(item.key).applicable)
                      for p in periods]
            trend = _trend(shares)
            item.trend = {headline: trend} if trend else {}
        for ind in current.indicators:
            found = [next((i for i in p.indicators if i.key == ind.key), None) for p in periods]
            ind.trend = _trend([(i.count, i.of) if i else (0, 0) for i in found])


def trend_json(trend: TrendResult) -> dict[str, Any]:
    return vars(trend)


def share_json(share: Share) -> dict[str, Any]:
    return {"applicable": share.applicable, "counts": share.counts, "percent": share.percent}


def item_json(item: ItemResult) -> dict[str, Any]:
    data: dict[str, Any] = {"key": item.key, "text": item.text, "applicable": item.applicable,
                            "unassessed": item.unassessed, "ej_aktuellt": item.ej_aktuellt,
                            "counts": item.counts, "percent": item.percent}
    data["interval"] = {o: list(v) if v else None for o, v in item.interval.items()}
    if item.change:
        data["change"] = {o: vars(c) for o, c in item.change.items()}
    if item.trend:
        data["trend"] = {o: trend_json(t) for o, t in item.trend.items()}
    return data


def indicator_json(ind: IndicatorResult) -> dict[str, Any]:
    data: dict[str, Any] = {"key": ind.key, "label": ind.label, "count": ind.count, "of": ind.of,
                            "percent": ind.percent,
                            "interval": list(ind.interval) if ind.interval else None}
    if ind.change:
        data["change"] = vars(ind.change)
    if ind.trend:
        data["trend"] = trend_json(ind.trend)
    return data


def result_json(result: Result) -> dict[str, Any]:
    return {"items": [item_json(i) for i in result.items], "total": share_json(result.total),
            "indicators": [indicator_json(i) for i in result.indicators]}
