"""What the sampling record says about the precision of a review's results: the frame size, a
census, and for a balanced sample (equal kön rather than proportional) the results per balance
group, each with its own frame for the finite-population correction.

A balanced sample over-represents the smaller group, so its overall share is a share of the
sample, not an estimate for the population; the groups' shares are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, select

from internkontroll.core import results as core
from internkontroll.core.templates import Attribute, Template, is_caseworker, make_key
from internkontroll.store.models import Assessment, Case, Review, SamplingRecord


@dataclass(frozen=True)
class Sampling:
    """The precision side of a sampling record."""

    frame: int
    census: bool
    balance: str | None  # the field the sample was balanced on, as the file names it


@dataclass
class BalanceGroup:
    attribute: str  # the template attribute the balance field holds, e.g. kon
    value: str  # its value key, e.g. kvinna
    label: str  # "Kvinna"
    frame: int
    result: core.Result


def sampling(session: Session, review: Review, cases: int | None) -> Sampling | None:
    """``None`` for a review without a draw (cases entered by hand, or counts only)."""
    stored = session.get(SamplingRecord, review.id)
    if stored is None:
        return None
    record = stored.record
    frame = int(record["frame"]["cases"])
    return Sampling(frame, core.is_census(cases, frame), record.get("mode", {}).get("balance"))


def balance_groups(session: Session, review: Review, template: Template,
                   info: core.ReviewInfo) -> list[BalanceGroup]:
    """The results per balance group of a balanced sample; none for any other review.

    The groups are those of the template attribute that the balance field names (by key or
    label: "Kön" is kon) and that it turned out to hold (each of the file's values went to one
    value of it, e.g. K → kvinna), shown by the attribute's labels; a field that is no such
    attribute gives none. So neither a text
    attribute nor the handläggare (SPEC § 7) nor a column the template does not know, such
    as a case reference, ever becomes a group. After gallring the cases are gone, and so are
    the groups.
    """
    stored = session.get(SamplingRecord, review.id)
    if stored is None or review.counts_only:
        return []
    record = stored.record
    field = record.get("mode", {}).get("balance")
    if not field or "order" not in record:
        return []
    stratum_of = {int(entry["lopnummer"]): str(entry["stratum"][1]) for entry in record["order"]}
    active = (Case.review_id == review.id) & (Case.role == "case")
    attributes = {number: values for number, values in
                  session.exec(select(Case.number, Case.attributes).where(active))}
    found = _held_attribute(template, str(field),
                            {n: stratum_of.get(n, "") for n in attributes}, attributes)
    if found is None:
        return []
    attribute, value_of = found
    frames: dict[str, int] = {}
    for stratum in record.get("strata", []):
        value = value_of.get(str(stratum.get("balance", "")))
        if value is not None:
            frames[value] = frames.get(value, 0) + int(stratum.get("frame", 0))
    group_of = {n: value_of[stratum_of.get(n, "")] for n in attributes}
    tables: dict[str, dict[str, dict[str, int]]] = {value: {} for value in group_of.values()}
    cases: dict[str, int] = {}
    for value in group_of.values():
        cases[value] = cases.get(value, 0) + 1
    for number, item_key, option in session.exec(
            select(Case.number, Assessment.item_key, Assessment.option_key)
            .join(Case, col(Assessment.case_id) == col(Case.id)).where(active)):
        options = tables[group_of[number]].setdefault(item_key, {})
        options[option] = options.get(option, 0) + 1
    order = [v.key for v in attribute.values]
    return [BalanceGroup(attribute.key, value, attribute.label_of(value), frames.get(value, 0),
                         core.compute(template, info, tables[value], cases[value],
                                      frames.get(value) or None))
            for value in sorted(cases, key=order.index)]


def _held_attribute(template: Template, field: str, stratum_of: Mapping[int, str],
                    attributes: Mapping[int, Mapping[str, object]]
                    ) -> tuple[Attribute, dict[str, str]] | None:
    """The attribute with fixed values (not the handläggare) that ``field`` names and whose
    value follows from each case's balance value, with that mapping; ``None`` when there is
    none."""
    for attribute in template.attributes:
        if attribute.is_text or is_caseworker(attribute.key) or is_caseworker(attribute.label) \
                or make_key(field) not in (attribute.key, make_key(attribute.label)):
            continue
        mapping: dict[str, str] = {}
        for number, stratum in stratum_of.items():
            value = attributes[number].get(attribute.key)
            if not isinstance(value, str) or not value or \
                    mapping.setdefault(stratum, value) != value:
                break
        else:
            if mapping and len(set(mapping.values())) == len(mapping):
                return attribute, mapping
    return None
