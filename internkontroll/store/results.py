"""The results engine's counting, in SQL: counts per review × item × option, optionally per group.

``core.results`` turns these count tables into percentages, so the cost grows with
reviews × items and not with the number of assessments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, literal
from sqlmodel import Session, col, select

from internkontroll.core import results as core
from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.core.templates import Template
from internkontroll.store import balance
from internkontroll.store.locking import active_lock
from internkontroll.store.models import (
    WHOLE,
    Assessment,
    Case,
    Review,
    ReviewCount,
    ReviewGroup,
    SamplingRecord,
)
from internkontroll.store.reviews import get_review, has_data
from internkontroll.store.templates import template_by_id

NO_VALUE = ""  # the group of cases whose attribute is blank
NESTED = ">"  # joins an outer and an inner group in a counts-only review's stored groups

CountTable = dict[str, dict[str, int]]


def _group_expr(attribute: str | None) -> Any:
    if attribute is None:
        return literal(NO_VALUE)
    return func.coalesce(col(Case.attributes)[attribute].as_string(), NO_VALUE)


def _cases_where(review: Review, where: Mapping[str, str]) -> Any:
    """The review's cases (not reserves) whose attributes have the values of ``where``
    (blank: ``NO_VALUE``)."""
    found = (Case.review_id == review.id) & (Case.role == "case")
    for attribute, value in where.items():
        found = found & (_group_expr(attribute) == value)
    return found


def count_tables(session: Session, review: Review, attribute: str | None = None,
                 where: Mapping[str, str] | None = None
                 ) -> dict[str, tuple[int | None, CountTable]]:
    """group value → (number of cases, item → option → count), by value (the same on every
    backend, whatever order its GROUP BY gives). One group without ``attribute``.
    ``where`` (attribute → value) keeps only the cases of one group: a nested breakdown. A
    counts-only review has no nested groups."""
    if review.counts_only:
        return _stored_tables(session, review, attribute, where)
    group = _group_expr(attribute)
    active = _cases_where(review, where or {})
    tables: dict[str, tuple[int | None, CountTable]] = {
        str(value): (int(n), {}) for value, n in
        session.exec(select(group, func.count()).where(active).group_by(group))
    }
    for value, item_key, option, count in session.exec(
            select(group, Assessment.item_key, Assessment.option_key, func.count())
            .join(Case, col(Assessment.case_id) == col(Case.id)).where(active)
            .group_by(group, Assessment.item_key, Assessment.option_key)):
        tables[str(value)][1].setdefault(item_key, {})[option] = int(count)
    if attribute is None and not tables:
        tables[NO_VALUE] = (0, {})
    return dict(sorted(tables.items()))


def stored_as(attribute: str, where: Mapping[str, str] | None) -> tuple[str, str]:
    """How a counts-only review stores the groups of ``attribute`` within the group ``where``
    (at most one attribute → value): the stored attribute and the prefix of each stored value.
    "verksamhetsomrade>personkategori" and "ifo>flicka" hold the girls in IFO."""
    if not where:
        return attribute, ""
    ((outer, value),) = where.items()
    return f"{outer}{NESTED}{attribute}", f"{value}{NESTED}"


def case_counts(session: Session, review: Review, attribute: str,
                where: Mapping[str, str] | None = None) -> dict[str, int]:
    """value → number of cases (blank: ``NO_VALUE``) among the cases of ``where``, by value. A
    counts-only review has them where gallring kept them (``Template.counted``)."""
    if review.counts_only:
        key, prefix = stored_as(attribute, where)
        return dict(sorted((value[len(prefix):], cases) for value, cases in session.exec(
            select(ReviewGroup.value, ReviewGroup.cases)
            .where(ReviewGroup.review_id == review.id, ReviewGroup.attribute == key))
            if cases is not None and value.startswith(prefix)))
    group = _group_expr(attribute)
    return dict(sorted((str(value), int(n)) for value, n in session.exec(
        select(group, func.count(col(Case.id))).where(_cases_where(review, where or {}))
        .group_by(group))))


def _stored_tables(session: Session, review: Review, attribute: str | None,
                   where: Mapping[str, str] | None) -> dict[str, tuple[int | None, CountTable]]:
    """The count tables of a counts-only review: the whole review without ``attribute``,
    otherwise one per stored group (none when it has no counts per group)."""
    tables: dict[str, tuple[int | None, CountTable]] = {}
    if attribute is None:
        tables[NO_VALUE] = (review.case_count, {})
        key, prefix = WHOLE, ""
    else:
        key, prefix = stored_as(attribute, where)
        for value, cases in session.exec(
                select(ReviewGroup.value, ReviewGroup.cases)
                .where(ReviewGroup.review_id == review.id, ReviewGroup.attribute == key)):
            if value.startswith(prefix):
                tables[value[len(prefix):]] = (cases, {})
    for value, item_key, option, count in session.exec(
            select(ReviewCount.group_value, ReviewCount.item_key, ReviewCount.option_key,
                   ReviewCount.count)
            .where(ReviewCount.review_id == review.id, ReviewCount.group_attribute == key)):
        if value.startswith(prefix):
            tables.setdefault(value[len(prefix):], (None, {}))[1].setdefault(
                item_key, {})[option] = count
    return dict(sorted(tables.items()))


def _info(review: Review) -> core.ReviewInfo:
    return core.ReviewInfo(review.id or 0, review.label, review.template_key, review.date)


def _aligned(template: Template, own: Template, result: core.Result) -> core.Result:
    """Results of an earlier version, matched by item key to ``template``'s items."""
    by_key = {i.key: i for i in result.items}
    items = []
    for item in template.items:
        found = by_key.get(item.key)
        if found is None or item.key not in [i.key for i in own.items]:
            scale = template.scale_of(item)
            found = core.ItemResult(0, {o.key: 0 for o in scale.counted},
                                    {o.key: None for o in scale.counted}, key=item.key,
                                    text=item.text)
        items.append(found)
    return core.Result(result.review, result.cases, items, result.total, result.indicators)


def frame_size(session: Session, review: Review) -> int | None:
    """The number of cases in the sampling frame, for the finite-population correction."""
    record = session.get(SamplingRecord, review.id)
    return record.record["frame"]["cases"] if record is not None else None


def _had_cases(session: Session, review: Review) -> bool:
    """Whether the review was scored case by case: not counts entered by hand, though
    perhaps counts kept by gallring (the only counts-only review that is locked)."""
    return not review.counts_only or active_lock(session, review.id or 0) is not None


def review_result(session: Session, review: Review) -> core.Result:
    template = template_by_id(session, review.template_id)
    cases, table = count_tables(session, review)[NO_VALUE]
    frame = frame_size(session, review)
    if frame is None and template.census and _had_cases(session, review):
        frame = cases  # every case of the period, without a draw: no sampling uncertainty
    return core.compute(template, _info(review), table, cases, frame)


@dataclass
class Group:
    attribute: str
    value: str | None
    result: core.Result
    groups: list[Group] = field(default_factory=list)  # nested: the cases of this group only
    distributions: list[core.DistributionResult] = field(default_factory=list)


@dataclass
class FullResult:
    template: Template
    result: core.Result
    comparison: list[core.Result]
    groups: list[Group]
    # small_counts: per period of ``comparison``, the items left out as published (SPEC § 7.1)
    hidden_items: list[frozenset[str]] = field(default_factory=list)
    distributions: list[core.DistributionResult] = field(default_factory=list)
    sampling: balance.Sampling | None = None  # None: no draw (cases by hand, counts only)
    balance_groups: list[balance.BalanceGroup] = field(default_factory=list)

    def hidden(self, period: int = -1) -> frozenset[str]:
        return self.hidden_items[period] if self.hidden_items else frozenset()


def distributions(session: Session, review: Review, template: Template, result: core.Result,
                  where: Mapping[str, str] | None = None) -> list[core.DistributionResult]:
    """The template's distributions for the cases of ``where`` (``result`` is theirs). A
    counts-only review has them where gallring kept the counts; entered counts have none
    (``of`` 0)."""
    return [core.distribution(template, d, case_counts(session, review, d.attribute, where),
                              result) for d in template.distributions]


def _periods(session: Session, review: Review) -> list[Review]:
    """Every review of the same template key up to this one, by (date, id), with data."""
    earlier = session.exec(select(Review).where(Review.template_key == review.template_key)
                           .order_by(Review.date, col(Review.id))).all()
    return [other for other in earlier
            if (other.date, other.id or 0) <= (review.date, review.id or 0)
            and (other.id == review.id or has_data(session, other))]


def with_changes(template: Template, chain: list[core.Result]) -> list[core.Result]:
    """``chain`` (a comparison, oldest first) with each period's changes and trends."""
    for previous, current in zip(chain, chain[1:], strict=False):
        core.add_changes(template, current, previous)
    core.add_trends(template, chain)
    return chain


def comparison(session: Session, review: Review, template: Template) -> list[core.Result]:
    """Every review of the same template key up to this one, by (date, id), with data."""
    return with_changes(template, [
        _aligned(template, template_by_id(session, other.template_id),
                 review_result(session, other)) for other in _periods(session, review)])


def _definition(template: Template, attribute: str) -> Any:
    try:
        return template.attribute(attribute)
    except KeyError:
        known = ", ".join(a.key for a in template.attributes)
        raise InvalidInput(f"Okänt attribut '{shown(attribute)}'. Kända: {known}.") from None


def in_template_order(template: Template, attribute: str, values: Any) -> list[str]:
    """Group values in the template's order, blank last."""
    order = [v.key for v in template.attribute(attribute).values]
    return sorted(values, key=lambda v: (v == NO_VALUE, order.index(v) if v in order else
                                         len(order), v))


def group_comparison(session: Session, review: Review, template: Template, attribute: str
                     ) -> tuple[list[core.ReviewInfo], dict[str, list[core.Result | None]]]:
    """The periods of the comparison, and per group value the group's results in each of them
    (None where a period has no counts for the group), with the change since the group's
    previous result."""
    _definition(template, attribute)
    periods = _periods(session, review)
    found: dict[str, list[core.Result | None]] = {}
    for n, other in enumerate(periods):
        own = template_by_id(session, other.template_id)
        for value, (cases, table) in count_tables(session, other, attribute).items():
            result = _aligned(template, own, core.compute(own, _info(other), table, cases))
            found.setdefault(value, [None] * len(periods))[n] = result
    for results in found.values():
        with_changes(template, [r for r in results if r is not None])
    return ([_info(p) for p in periods],
            {value: found[value] for value in in_template_order(template, attribute, found)})


def _groups(session: Session, review: Review, template: Template, attribute: str,
            within: str = "") -> list[Group]:
    definition = _definition(template, attribute)
    if within:
        _definition(template, within)
    tables = count_tables(session, review, attribute)
    if review.counts_only and not tables:
        raise InvalidInput(f"Kontrolltillfället {review.label} har endast antal, utan "
                           f"uppdelning efter {definition.label.lower()}.")
    found = []
    for value in in_template_order(template, attribute, tables):
        group = Group(attribute, value or None,
                      core.compute(template, _info(review), tables[value][1], tables[value][0]))
        group.distributions = distributions(session, review, template, group.result,
                                            {attribute: value})
        if within:
            inner = count_tables(session, review, within, {attribute: value})
            group.groups = [Group(within, v or None, core.compute(template, _info(review),
                                                                  inner[v][1], inner[v][0]))
                            for v in in_template_order(template, within, inner)]
        found.append(group)
    return found


def groups(session: Session, review_id: int, attribute: str) -> list[Group]:
    """The results of a review per value of one case attribute."""
    review, template = get_review(session, review_id)
    return _groups(session, review, template, attribute)


def breakdown_groups(session: Session, review_id: int) -> dict[str, list[Group]]:
    """The groups of each of the template's breakdowns, as the documents show them, nested
    where the template says so. A counts-only period without counts per group has none."""
    review, template = get_review(session, review_id)
    found: dict[str, list[Group]] = {}
    for attribute in template.breakdowns:
        if review.counts_only and not count_tables(session, review, attribute):
            continue
        found[attribute] = _groups(session, review, template, attribute,
                                   template.shown_as(attribute).within)
    return found


def full_result(session: Session, review_id: int, by: str | None = None) -> FullResult:
    """The results of a review with its comparison and, with ``by``, its groups; "a,b" nests
    attribute b inside each group of attribute a."""
    review, template = get_review(session, review_id)
    chain = comparison(session, review, template)
    result = chain[-1]
    found: list[Group] = []
    if by:
        attribute, _, within = (part.strip() for part in by.partition(","))
        if "," in within:
            raise InvalidInput("--by tar högst två attribut: 'yttre,inre'.")
        if within and review.counts_only:
            raise InvalidInput(f"Kontrolltillfället {review.label} har endast antal och kan "
                               "inte delas upp i två led.")
        found = _groups(session, review, template, attribute, within)
    return FullResult(template, result, chain, found,
                      distributions=distributions(session, review, template, result),
                      sampling=balance.sampling(session, review, result.cases),
                      balance_groups=balance.balance_groups(session, review, template,
                                                            _info(review)))


def result_document(full: FullResult) -> dict[str, Any]:
    """The ``results --json`` document (SPEC § 8)."""
    result = full.result
    document: dict[str, Any] = {"review": vars(result.review), "cases": result.cases}
    document |= core.result_json(result)
    document["comparison"] = [{"review": vars(r.review), "cases": r.cases} | core.result_json(r)
                              for r in full.comparison]
    if full.distributions:
        document["distributions"] = [core.distribution_json(d) for d in full.distributions]
    if full.groups:
        document["groups"] = [_group_json(g) for g in full.groups]
    if full.sampling is not None:
        document["sampling"] = vars(full.sampling)
    if full.balance_groups:
        document["balance_groups"] = [{"attribute": g.attribute, "value": g.value,
                                       "cases": g.result.cases,
                                       "frame": g.frame} | core.result_json(g.result)
                                      for g in full.balance_groups]
    return document


def _group_json(group: Group) -> dict[str, Any]:
    data = {"attribute": group.attribute, "value": group.value,
            "cases": group.result.cases} | core.result_json(group.result)
    if group.distributions:
        data["distributions"] = [core.distribution_json(d) for d in group.distributions]
    if group.groups:
        data["groups"] = [_group_json(g) for g in group.groups]
    return data
