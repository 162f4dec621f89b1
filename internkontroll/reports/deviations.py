"""The internal avvikelselista's data: per item, the cases not answered with the headline."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from internkontroll.store.reviews import get_review, list_cases


@dataclass
class Deviation:
    number: int
    answer: str
    note: str


@dataclass
class DeviationList:
    """The internal avvikelselista: per item, the cases not answered with the headline option."""

    title: str
    label: str
    items: list[tuple[str, list[Deviation]]]


def deviations(session: Session, review_id: int) -> DeviationList:
    review, template = get_review(session, review_id)
    cases = [c for c in list_cases(session, review_id) if c.role == "case"]
    items = []
    for item in template.items:
        scale = template.scale_of(item)
        labels = {o.key: o.label for o in scale.counted}
        found = [Deviation(c.number, labels[c.answers[item.key]], c.notes.get(item.key, ""))
                 for c in cases
                 if c.answers.get(item.key) in labels and c.answers[item.key] != scale.headline]
        items.append((item.text, found))
    return DeviationList(template.title, review.label, items)
