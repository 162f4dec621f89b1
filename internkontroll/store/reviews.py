"""Reviews (kontrolltillfällen), their cases, and counts-only periods."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.formatting import count_text
from internkontroll.core.limits import shown
from internkontroll.core.period_counts import PeriodCounts
from internkontroll.core.personnummer import contains_personnummer
from internkontroll.core.templates import EJ_AKTUELLT, Template
from internkontroll.store.audit import Change, record, record_many
from internkontroll.store.clock import current_user, now_utc
from internkontroll.store.models import (
    WHOLE,
    Assessment,
    Case,
    Review,
    ReviewCount,
    ReviewGroup,
    ReviewLock,
)
from internkontroll.store.templates import latest_template, template_by_id

PAGAENDE, KLAR, ENDAST_ANTAL = "pågående", "klar", "endast antal"
REDOVISAD, GALLRAD = "redovisad i nämnd", "redovisad i nämnd, gallrad"


def parse_date(text: str, what: str = "Datumet") -> str:
    """An ISO date string, or ``InvalidInput`` naming what was wrong."""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise InvalidInput(f"{what} '{shown(text)}' är inte ett datum i formen "
                           "ÅÅÅÅ-MM-DD.") from None


def get_review(session: Session, review_id: int) -> tuple[Review, Template]:
    review = session.get(Review, review_id)
    if review is None:
        raise InvalidInput(f"Kontrolltillfälle {review_id} finns inte.")
    return review, template_by_id(session, review.template_id)


def create_review(session: Session, template_key: str, label: str, when: str | None = None,
                  period: tuple[str, str] | None = None, counts_only: bool = False) -> Review:
    """A new review of the newest version of ``template_key``."""
    template_id, _ = latest_template(session, template_key)
    label = label.strip()
    if not label:
        raise InvalidInput("Kontrolltillfället måste ha en etikett, till exempel 'Nov -22'.")
    if contains_personnummer(label):
        raise InvalidInput("Etiketten innehåller ett personnummer. Personnummer lagras aldrig.")
    taken = session.exec(select(Review.id).where(Review.template_key == template_key,
                                                 Review.label == label)).first()
    if taken is not None:
        raise InvalidInput(f"Det finns redan ett kontrolltillfälle '{shown(label)}' för "
                           f"{shown(template_key)}.")
    start = end = None
    if period is not None:
        start = parse_date(period[0], "Periodens början")
        end = parse_date(period[1], "Periodens slut")
        if start > end:
            raise InvalidInput("Periodens början ligger efter dess slut.")
    review = Review(template_id=template_id, template_key=template_key, label=label,
                    date=parse_date(when) if when else date.today().isoformat(),
                    period_start=start, period_end=end, counts_only=counts_only,
                    created_at=now_utc(), created_by=current_user())
    session.add(review)
    session.flush()
    record(session, review.id, Change("review.new", f"{template_key} {label}", None,
                                      f"datum {review.date}"))
    return review


def store_counts(session: Session, review: Review, counts: PeriodCounts) -> None:
    """Store the counts of a counts-only review: over the whole review and per group, with
    the numbers of cases where they are known."""
    changes = []
    review.case_count = counts.cases
    session.add(review)
    if counts.cases is not None:
        changes.append(Change("review.counts", "antal ärenden", None, str(counts.cases)))
    tables = [(WHOLE, "", counts.counts)]
    for group in counts.groups:
        session.add(ReviewGroup(review_id=review.id or 0, attribute=group.attribute,
                                value=group.value, cases=group.cases))
        if group.cases is not None:
            changes.append(Change("review.counts", f"{group.attribute}={group.value}, "
                                  "antal ärenden", None, str(group.cases)))
        tables.append((group.attribute, group.value, group.counts))
    for attribute, value, table in tables:
        where = f"{attribute}={value}, " if attribute else ""
        for item_key, row in table.items():
            for option, count in row.items():
                if count:
                    session.add(ReviewCount(review_id=review.id or 0,
                                            group_attribute=attribute, group_value=value,
                                            item_key=item_key, option_key=option, count=count))
                    changes.append(Change("review.counts", f"{where}{item_key}, {option}",
                                          None, str(count)))
    record_many(session, review.id, changes)


def delete_review(session: Session, review_id: int) -> tuple[str, int]:
    """Delete a review that has never been redovisad, with the audit-log entries that hold its
    case-level values (as gallring does); returns its label and how many entries went.

    The caller rebuilds the file afterwards (``store.purge.delete``), so that the deleted
    values are not left in free pages or the WAL.
    """
    from internkontroll.store.locking import require_editable, stored_pdfs
    from internkontroll.store.purge import forget_case_level

    review, _ = get_review(session, review_id)
    require_editable(session, review)
    if stored_pdfs(session, review_id):
        raise InvalidInput(f"Kontrolltillfället {shown(review.label)} har redovisats i nämnd "
                           "tidigare "
                           "och tas inte bort; de redovisade PDF-filerna ska finnas kvar.")
    summary = summarise(session, review)
    session.delete(review)
    session.flush()
    forgotten = forget_case_level(session, review_id, "borttagning")
    record(session, review_id, Change(
        "review.delete", f"{review.template_key} {review.label}",
        count_text(summary.cases, "ärende", "ärenden") if summary.cases is not None
        else "endast antal",
        f"{count_text(forgotten, 'loggpost', 'loggposter')} på ärendenivå raderade"))
    return review.label, forgotten


@dataclass(frozen=True)
class ReviewSummary:
    id: int
    template: str
    title: str
    label: str
    date: str
    cases: int | None
    complete_cases: int | None
    status: str


def summarise(session: Session, review: Review) -> ReviewSummary:
    return summaries(session, [review])[0]


def summaries(session: Session, reviews: Sequence[Review]) -> list[ReviewSummary]:
    """Each review's progress and status, in two queries for all of them (on a server each
    query is a round trip)."""
    ids = [review.id or 0 for review in reviews]
    locked = set(session.exec(select(ReviewLock.review_id).where(
        col(ReviewLock.review_id).in_(ids), col(ReviewLock.unlocked_at).is_(None))))
    answered: dict[int, list[int]] = {}  # review → each case's answers
    for review_id, count in session.exec(
            select(Case.review_id, func.count(col(Assessment.id)))
            .join(Assessment, col(Assessment.case_id) == col(Case.id), isouter=True)
            .where(col(Case.review_id).in_(ids), Case.role == "case")
            .group_by(col(Case.id), col(Case.review_id))):
        answered.setdefault(review_id, []).append(count)
    found = []
    for review in reviews:
        template = template_by_id(session, review.template_id)
        is_locked = review.id in locked
        if review.counts_only:
            status = GALLRAD if review.case_count is not None and is_locked else ENDAST_ANTAL
            found.append(ReviewSummary(review.id or 0, review.template_key, template.title,
                                       review.label, review.date, None, None, status))
            continue
        counts = answered.get(review.id or 0, [])
        cases = len(counts)
        complete = sum(count >= len(template.items) for count in counts)
        status = REDOVISAD if is_locked else KLAR if cases and complete == cases else PAGAENDE
        found.append(ReviewSummary(review.id or 0, review.template_key, template.title,
                                   review.label, review.date, cases, complete, status))
    return found


def list_reviews(session: Session, template_key: str | None = None) -> list[ReviewSummary]:
    query = select(Review).order_by(Review.template_key, Review.date, col(Review.id))
    if template_key is not None:
        latest_template(session, template_key)  # an unknown key is an input error
        query = query.where(Review.template_key == template_key)
    return summaries(session, session.exec(query).all())


@dataclass(frozen=True)
class CaseInfo:
    number: int
    reference: str | None
    role: str
    attributes: dict[str, str]
    answers: dict[str, str]
    notes: dict[str, str]
    fields: dict[str, str]
    # item key → the version of its stored answer, which a checked write names (0: none)
    versions: dict[str, int] = field(default_factory=dict)


def list_cases(session: Session, review_id: int) -> list[CaseInfo]:
    review, _ = get_review(session, review_id)
    if review.counts_only:
        raise InvalidInput(f"Kontrolltillfälle {review_id} har bara antal och inga ärenden.")
    cases = session.exec(select(Case).where(Case.review_id == review_id)
                         .order_by(col(Case.number))).all()
    answers: dict[int, list[Assessment]] = {}
    for row in session.exec(select(Assessment).join(Case).where(Case.review_id == review_id)):
        answers.setdefault(row.case_id, []).append(row)
    return [case_info(c, answers.get(c.id or 0, [])) for c in cases]


def case_info(case: Case, rows: Iterable[Assessment]) -> CaseInfo:
    """A case as the scoring view shows it, with its answer rows."""
    answers = list(rows)
    return CaseInfo(case.number, case.reference, case.role, dict(case.attributes),
                    {a.item_key: a.option_key for a in answers},
                    {a.item_key: a.note for a in answers if a.note}, dict(case.fields),
                    {a.item_key: a.version for a in answers})


def has_data(session: Session, review: Review) -> bool:
    """True when a review has at least one answer (other than ej aktuellt by rule) or count."""
    if review.counts_only:
        return session.exec(select(ReviewCount.count).where(
            ReviewCount.review_id == review.id, ReviewCount.group_attribute == WHOLE).limit(1)
        ).first() is not None
    return session.exec(select(Assessment.id).join(Case).where(
        Case.review_id == review.id, Assessment.option_key != EJ_AKTUELLT).limit(1)
    ).first() is not None
