"""What the sampling record says about the precision of a review's results: the frame size, a
census, and for a balanced sample (equal kön rather than proportional) the results per balance
group, each with its own frame for the finite-population correction.

A balanced sample over-represents the smaller group, so its overall share is a share of the
sample, not an estimate for the population; the groups' shares are.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from internkontroll.core import results as core
from internkontroll.core.templates import Template, is_caseworker
from internkontroll.store.models import Assessment, Case, Review, SamplingRecord


@dataclass(frozen=True)
class Sampling:
    """The precision side of a sampling record."""

    frame: int
    census: bool
    balance: str | None  # the field the sample was balanced on, as the file names it


@dataclass
class BalanceGroup:
    value: str | None  # None: the cases whose balance field was blank
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

    A balance on the handläggare gives no groups: results per handläggare are never shown
    (SPEC § 7). After gallring the cases are gone, and so are the groups.
    """
    stored = session.get(SamplingRecord, review.id)
    if stored is None or review.counts_only:
        return []
    record = stored.record
    field = record.get("mode", {}).get("balance")
    if not field or is_caseworker(str(field)) or "order" not in record:
        return []
    group_of = {int(entry["lopnummer"]): str(entry["stratum"][1]) for entry in record["order"]}
    frames: dict[str, int] = {}
    for stratum in record.get("strata", []):
        value = str(stratum.get("balance", ""))
        frames[value] = frames.get(value, 0) + int(stratum.get("frame", 0))
    active = (Case.review_id == review.id) & (Case.role == "case")
    cases: dict[str, int] = {}
    for number in session.exec(select(Case.number).where(active)):
        value = group_of.get(number, "")
        cases[value] = cases.get(value, 0) + 1
    tables: dict[str, dict[str, dict[str, int]]] = {value: {} for value in cases}
    for number, item_key, option in session.exec(
            select(Case.number, Assessment.item_key, Assessment.option_key)
            .join(Case, col(Assessment.case_id) == col(Case.id)).where(active)):
        options = tables[group_of.get(number, "")].setdefault(item_key, {})
        options[option] = options.get(option, 0) + 1
    return [BalanceGroup(value or None, frames.get(value, 0),
                         core.compute(template, info, tables[value], cases[value],
                                      frames.get(value) or None))
            for value in sorted(cases)]
