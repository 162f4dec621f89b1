"""The texts that go to the nämnd: reading them with what the writer draws on (last period's
text of each field, the case notes of each item), and writing them (the texts view's autosave
and ``review texts --from FILE`` alike)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from internkontroll.ops import Changes, Done

if TYPE_CHECKING:
    from sqlmodel import Session

    from internkontroll.core.templates import Template
    from internkontroll.store.db import Database
    from internkontroll.store.models import Review

__all__ = ["Earlier", "TextsData", "read", "read_notes", "texts_from_file", "write"]

# The fields last period's text is offered for; a diarienummer, a mätperiod and the results
# missing from one measurement belong to one report only.
OFFERED = ("sammanfattning", "analys", "atgardsforslag", "forslag_till_beslut",
           "plan.process", "plan.kontrollmoment", "plan.metod")


@dataclass(frozen=True)
class Earlier:
    """A field's text in the latest earlier review of the same control that has one."""

    review_label: str  # "Nov -22"
    text: str

    @property
    def label(self) -> str:
        return f"Från {self.review_label}"


@dataclass(frozen=True)
class TextsData:
    review_id: int
    label: str
    items: list[tuple[str, str]]  # (item key, item text), in template order
    counts_only: bool
    read_only: bool  # redovisad i nämnd
    texts: dict[str, str]  # as stored: TEXTS keys and kommentar.<item>
    default_proposal: str  # shown as förslag till beslut until one is written
    earlier: dict[str, Earlier]  # field key → last period's text, where there is one
    notes: dict[str, list[tuple[int, str]]]  # item key → (löpnummer, note), by löpnummer
    # plan text key (PLAN_TEXTS) → what applies without the review's own text: the template's,
    # the generated method sentence, the stored period
    plan_defaults: dict[str, str] = field(default_factory=dict)
    uncertainty_setting: bool = False  # the documents show the uncertainty unless told not to
    assigned: bool = True  # False: on a server, a granskare neither its creator nor assigned


def _earlier(session: Session, review: Review, keys: set[str]) -> dict[str, Earlier]:
    from sqlmodel import col, or_, select

    from internkontroll.store.models import Review, ReviewText

    before = or_(col(Review.date) < review.date,
                 (col(Review.date) == review.date) & (col(Review.id) < (review.id or 0)))
    rows = session.exec(select(ReviewText.key, ReviewText.value, Review.label)
                        .join(Review, col(Review.id) == col(ReviewText.review_id))
                        .where(Review.template_key == review.template_key, before)
                        .order_by(col(Review.date).desc(), col(Review.id).desc())).all()
    found: dict[str, Earlier] = {}
    for key, value, label in rows:
        if key in keys and key not in found and value.strip():
            found[key] = Earlier(label, value)
    return found


def _notes(session: Session, review_id: int) -> dict[str, list[tuple[int, str]]]:
    from sqlmodel import col, select

    from internkontroll.store.models import Assessment, Case

    notes: dict[str, list[tuple[int, str]]] = {}
    for key, number, text in session.exec(
            select(Assessment.item_key, Case.number, Assessment.note)
            .join(Case, col(Case.id) == col(Assessment.case_id))
            .where(Case.review_id == review_id, Assessment.note != "")
            .order_by(col(Case.number))):
        notes.setdefault(key, []).append((number, text))
    return notes


def read(db: Database, review_id: int) -> Done[TextsData]:
    """A review's texts, last period's text of each field, each item's case notes and the
    plan texts that apply where the review has none of its own."""
    from internkontroll.reports.uncertainty import SETTING
    from internkontroll.store.assignees import may_score
    from internkontroll.store.locking import active_lock
    from internkontroll.store.reviews import get_review
    from internkontroll.store.texts import DEFAULT_PROPOSAL, get_settings, get_texts

    with db.session() as session:
        review, template = get_review(session, review_id)
        keys = set(OFFERED) | {f"kommentar.{i.key}" for i in template.items}
        return Done(TextsData(
            review_id, review.label, [(i.key, i.text) for i in template.items],
            review.counts_only, active_lock(session, review_id) is not None,
            get_texts(session, review_id), DEFAULT_PROPOSAL,
            _earlier(session, review, keys),
            {} if review.counts_only else _notes(session, review_id),
            _plan_defaults(session, review, template),
            get_settings(session).get(SETTING) == "ja", may_score(session, review_id)))


def _plan_defaults(session: Session, review: Review, template: Template) -> dict[str, str]:
    """The plan texts as the documents would print them without the review's own."""
    from internkontroll.reports.method import method_text
    from internkontroll.reports.plan import defaults
    from internkontroll.store.reviews import summarise
    from internkontroll.store.sampling import get_record

    stored = get_record(session, review.id or 0)
    method = method_text(template, dict(stored.record) if stored else None,
                         summarise(session, review).cases)
    period = (review.period_start, review.period_end) \
        if review.period_start and review.period_end else None
    return defaults(template, method, period)


def read_notes(db: Database, review_id: int) -> Done[dict[str, list[tuple[int, str]]]]:
    """Each item's case notes by löpnummer (the kommentar panel, after a note was written)."""
    with db.session() as session:
        return Done(_notes(session, review_id))


def write(db: Database, review_id: int, texts: Mapping[str, str]) -> Done[int]:
    """Save texts (an empty one is removed); keys: TEXTS, plan.<key> and kommentar.<item>. The
    value is how many were given."""
    from internkontroll.store.reviews import get_review
    from internkontroll.store.texts import set_texts

    with db.session() as session:
        review, template = get_review(session, review_id)
        set_texts(session, review, template, texts)
    return Done(len(texts), Changes(texts=frozenset({review_id})))


def texts_from_file(path: Path) -> dict[str, str]:
    """A TOML file of texts as {'sammanfattning': …, 'kommentar.ansokan': …}; reads no
    database, so a bad file is refused before one is opened."""
    from internkontroll.core.inputs import parse_toml, read_input
    from internkontroll.core.limits import MAX_TOML_BYTES
    from internkontroll.store.texts import flatten_texts

    return flatten_texts(parse_toml(read_input(path, MAX_TOML_BYTES, "Textfilen"), path.name))
