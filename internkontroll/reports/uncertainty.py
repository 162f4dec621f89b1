"""How sure the results are, told for a lay reader: the 95 % interval beside each share, and
which changes and trends are more than chance (``core.stats``).

In the documents only when the setting or the review asks for it (nämnd readers tend to read
too much into per-item verdicts); always on the results screen.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from internkontroll.core.formatting import format_percent, share_text
from internkontroll.core.prose import lowered
from internkontroll.core.results import Change, Result, TrendResult
from internkontroll.core.stats import SIGNIFICANT
from internkontroll.core.templates import Template

SETTING = "osakerhet"  # settings and review texts: "ja" shows it in the documents
ON, OFF = "ja", "nej"


@dataclass
class UncertaintyRow:
    text: str
    share: str  # "15 av 20 (75 %)"
    interval: str  # "53,1–88,8 %", or "–"
    change: str  # "+30 procentenheter, kan bero på slumpen"
    trend: str


@dataclass
class BalanceRows:
    """A balance group's own shares and intervals, with its own frame: the estimates for
    all the group's cases (the overall share of a balanced sample is not one)."""

    heading: str  # "Kvinna: 10 utvalda ärenden av 140"
    rows: list[UncertaintyRow]


@dataclass
class Uncertainty:
    paragraphs: list[str]
    rows: list[UncertaintyRow]
    sentences: list[str] = field(default_factory=list)  # significant changes and trends
    census: bool = False
    groups: list[BalanceRows] = field(default_factory=list)
    sample_shares: bool = False  # a balanced sample: the overall shares estimate nothing

    @property
    def intervals(self) -> bool:
        """Does the table of the whole review give intervals?"""
        return not (self.census or self.sample_shares)


def interval_text(interval: tuple[float, float] | None) -> str:
    if interval is None:
        return "–"
    low, high = (format_percent(v, 1).removesuffix("\u00a0%") for v in interval)
    return f"{low}–{high}\u00a0%"


def _said(verdict: str) -> str:
    return "statistiskt säkerställd" if verdict == SIGNIFICANT else verdict


def _change_text(change: Change | None) -> str:
    if change is None:
        return "–"
    sign = "+" if change.pp > 0 else "−" if change.pp < 0 else "±"
    return f"{sign}{abs(change.pp)} procentenheter, {_said(change.verdict)}"


def _trend_text(trend: TrendResult | None) -> str:
    if trend is None:
        return "–"
    way = "uppåt" if trend.z > 0 else "nedåt" if trend.z < 0 else "ingen riktning"
    return f"{way} över {trend.periods} tillfällen, {_said(trend.verdict)}"


def _sentence(what: str, change: Change | None, trend: TrendResult | None,
              before: str) -> list[str]:
    found = []
    if change is not None and change.verdict == SIGNIFICANT:
        way = "ökat" if change.pp > 0 else "minskat"
        found.append(f"{what} har {way} med {abs(change.pp)} procentenheter sedan {before}; "
                     "förändringen är statistiskt säkerställd.")
    if trend is not None and trend.verdict == SIGNIFICANT and trend.z:
        way = "stigit" if trend.z > 0 else "sjunkit"
        found.append(f"{what} har {way} över de {trend.periods} senaste kontrolltillfällena; "
                     "trenden är statistiskt säkerställd.")
    return found


def uncertainty(template: Template, chain: list[Result], frame: int | None,
                balance: str | None, census: bool, hidden: frozenset[str] = frozenset(),
                groups: Sequence[tuple[str, int, Result]] = ()) -> Uncertainty:
    """The appendix "Om osäkerheten i resultaten" and the calm sentences for the comparison.
    ``chain`` is the comparison, ending with this review; ``frame`` the sampling frame's size;
    ``census``: every case of the period, none drawn; ``groups``: a balanced sample's groups
    as (label, frame, result)."""
    result = chain[-1]
    before = chain[-2].review.label if len(chain) > 1 else ""
    rows, sentences = [], []
    for text, count, of, interval, change, trend, what in _shares(template, result, hidden):
        rows.append(UncertaintyRow(text, share_text(count, of), interval_text(interval),
                                   _change_text(change), _trend_text(trend)))
        sentences += _sentence(what, change, trend, before)
    census = census or result.census
    shown = [BalanceRows(f"{label}: {group.cases} utvalda ärenden av {group_frame}",
                         [UncertaintyRow(text, share_text(count, of), interval_text(interval),
                                         "–", "–")
                          for text, count, of, interval, *_ in _shares(template, group, hidden)])
             for label, group_frame, group in groups]
    return Uncertainty(_paragraphs(result, frame, balance, census, bool(shown)), rows,
                       sentences, census, shown, bool(balance) and not census)


def _shares(template: Template, result: Result, hidden: frozenset[str]) -> Iterator[
        tuple[str, int, int, tuple[float, float] | None, Change | None, TrendResult | None,
              str]]:
    """Each shown share: text, count, of, interval, change, trend, and how a sentence names
    it; the indicators where the template has them, else each item's headline option."""
    if template.indicators:
        for ind in result.indicators:
            if ind.of:
                yield (ind.label, ind.count, ind.of, ind.interval, ind.change, ind.trend,
                       f"Andelen ”{lowered(ind.label)}”")
        return
    for item in result.items:
        if item.key in hidden or not item.applicable:
            continue
        scale = template.scale_of(template.item(item.key))
        headline = scale.headline
        yield (item.text, item.counts.get(headline, 0), item.applicable,
               item.interval.get(headline), item.change.get(headline),
               item.trend.get(headline),
               f"Andelen {lowered(scale.option(headline).label)} för ”{lowered(item.text)}”")


def _paragraphs(result: Result, frame: int | None, balance: str | None, census: bool,
                per_group: bool) -> list[str]:
    cases = result.cases
    if census:
        first = (f"Kontrollen omfattar samtliga {cases} ärenden under perioden, inte ett urval. "
                 "Resultaten har därför ingen osäkerhet från urvalet: de beskriver just de "
                 "ärendena. Hur resultaten skiljer sig från andra perioder kan ändå bero på "
                 "slumpmässiga skillnader mellan perioderna.")
    else:
        drawn = (f"{cases} ärenden som valts ut slumpvis bland {frame}" if frame
                 else f"ett urval av {cases} ärenden" if cases else "ett urval av ärenden")
        first = f"Resultaten bygger på {drawn}."
        if balance:
            first += (f" Urvalet gjordes med lika många i varje grupp efter {balance.lower()}, "
                      "så andelarna i den första tabellen är andelar av urvalet och inte en "
                      "uppskattning för alla ärenden; de har därför inget intervall.")
        if per_group or not balance:
            first += (" Hade andra ärenden valts ut hade andelarna blivit något annorlunda. "
                      + ("För varje grupp för sig, i tabellerna efter den första, visar "
                         "intervallet" if balance else "Intervallet i tabellen visar") +
                      " var den verkliga andelen med 95 procents säkerhet ligger. Med så få "
                      "ärenden är intervallen breda: en skillnad på några procentenheter "
                      "säger därför lite.")
    second = ("En förändring kallas statistiskt säkerställd när den är så stor att den knappast "
              "kan bero på slumpen i urvalet (mindre än 5 procents risk). En trend avser "
              "riktningen över tre eller fler kontrolltillfällen. Att en förändring inte är "
              "säkerställd betyder inte att inget har hänt, bara att antalet ärenden är för "
              "litet för att visa det.")
    return [first, second]
