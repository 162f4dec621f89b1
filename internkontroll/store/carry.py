""""Ny kontroll som förra gången": what a new kontrolltillfälle takes over from the previous
one of the same control — the draw's filters, mode, size and reserves, and the next period of
the same length. The column mapping follows by itself: it is kept per file layout
(``store.sampling.saved_mappings``). The texts for the nämnd are never carried over: last
period's "81 procent" would stand above this period's figures; the new review starts with
empty texts, and the texts view offers last period's text beside each field instead."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session

from internkontroll.store.reviews import get_review, list_cases
from internkontroll.store.sampling import get_record


@dataclass
class CarryOver:
    previous: int
    previous_label: str
    template_key: str
    period: tuple[str, str] | None
    sampled: bool
    cases: int
    size: int | None = None  # None: census
    reserves: int = 0
    spread: str | None = None
    balance: str | None = None
    where: list[tuple[str, list[str]]] = field(default_factory=list)
    date_field: str | None = None


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _next_period(start: str | None, end: str | None) -> tuple[str, str] | None:
    """The period right after the previous one, of the same length: in whole months when the
    previous one was whole months (april–september after oktober–mars), else in days."""
    if not start or not end:
        return None
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    begin = last + timedelta(days=1)
    if first.day == 1 and begin.day == 1:
        months = (begin.year - first.year) * 12 + begin.month - first.month
        index = begin.month - 1 + months - 1
        return begin.isoformat(), _month_end(begin.year + index // 12,
                                             index % 12 + 1).isoformat()
    return begin.isoformat(), (begin + (last - first)).isoformat()


def carry_over(session: Session, review_id: int) -> CarryOver:
    review, _ = get_review(session, review_id)
    cases = 0 if review.counts_only else sum(
        1 for c in list_cases(session, review_id) if c.role in ("case", "replaced"))
    carry = CarryOver(review_id, review.label, review.template_key,
                      _next_period(review.period_start, review.period_end), False, cases)
    stored = get_record(session, review_id)
    if stored is None or "file" not in stored.record.get("source", {}):
        return carry
    mode = stored.record["mode"]
    carry.sampled = True
    carry.size = None if mode["size"] == "all" else int(mode["size"])
    carry.reserves, carry.spread, carry.balance = mode["reserves"], mode["spread"], \
        mode["balance"]
    for condition in stored.record.get("filters", []):
        if "values" in condition:
            carry.where.append((condition["field"], list(condition["values"])))
        else:
            carry.date_field = condition["field"]
    return carry
