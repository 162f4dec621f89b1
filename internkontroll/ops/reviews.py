"""Kontrolltillfällen: create, list, read, delete, and redovisad i nämnd (lock and unlock).

Each function opens its own session and returns plain values in a ``Done``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from internkontroll.ops import Changes, Done

if TYPE_CHECKING:
    from internkontroll.core.period_counts import PeriodCounts
    from internkontroll.core.templates import Template
    from internkontroll.store.db import Database
    from internkontroll.store.reviews import CaseInfo, ReviewSummary


@dataclass(frozen=True)
class ControlEntry:
    """A control (the newest version of a template) as the review list shows it."""

    key: str
    title: str
    reporting_months: tuple[int, ...]


@dataclass(frozen=True)
class Overview:
    """Everything the review list shows: the controls and their kontrolltillfällen."""

    controls: list[ControlEntry]
    reviews: list[ReviewSummary]


@dataclass(frozen=True)
class ReviewInfo:
    id: int
    label: str
    date: str
    template_key: str
    template_title: str
    counts_only: bool
    locked: bool  # redovisad i nämnd (and not unlocked since)
    status: str
    cases: int | None
    complete_cases: int | None
    stored_pdfs: int  # PDFs the nämnd received, also from before an unlock


@dataclass(frozen=True)
class CaseList:
    template: Template
    cases: list[CaseInfo]


@dataclass(frozen=True)
class Locked:
    label: str
    sha256: str


@dataclass(frozen=True)
class StoredPdf:
    label: str
    sha256: str
    out: Path


def check_period(period_start: str | None, period_end: str | None) -> tuple[str, str] | None:
    """Both ends of the period under review, or neither."""
    from internkontroll.core.errors import InvalidInput

    if (period_start is None) != (period_end is None):
        raise InvalidInput("Ange både --period-start och --period-end, eller ingen av dem.")
    return (period_start, period_end) if period_start and period_end else None


def create(db: Database, template_key: str, label: str, when: str | None = None,
           period: tuple[str, str] | None = None, *, cases: int = 0,
           import_file: Path | None = None,
           counts: Path | PeriodCounts | dict[str, dict[str, int]] | None = None
           ) -> Done[int]:
    """A new kontrolltillfälle of the newest version of the control; its id. It starts empty
    (a draw follows), with ``cases`` empty cases to score, with the rows of a filled-in
    ``import_file``, or as ``counts`` only (item → option → count, the same per group, or a
    file of them): an earlier period to compare with."""
    from internkontroll.core.period_counts import PeriodCounts, period_counts
    from internkontroll.importers.assessments import read_assessment_file, read_counts_file
    from internkontroll.store.assessments import import_rows
    from internkontroll.store.reviews import create_review, store_counts
    from internkontroll.store.scoring import add_cases
    from internkontroll.store.templates import latest_template

    with db.session() as session:
        _, template = latest_template(session, template_key)
        if isinstance(counts, Path):
            counts = read_counts_file(counts, template)
        elif isinstance(counts, PeriodCounts):  # checked again against this version
            counts = period_counts(template, counts.counts, counts.cases, counts.groups)
        elif counts is not None:
            counts = period_counts(template, counts)
        rows = read_assessment_file(import_file, template) if import_file else None
        review = create_review(session, template_key, label, when, period,
                               counts_only=counts is not None)
        review_id = review.id or 0
        if counts is not None:
            store_counts(session, review, counts)
        elif rows is not None and import_file is not None:
            import_rows(session, review_id, rows, import_file.name)
        elif cases:
            add_cases(session, review_id, cases)
    return Done(review_id, Changes(reviews=frozenset({review_id}), review_list=True))


def overview(db: Database) -> Done[Overview]:
    from internkontroll.store.reviews import list_reviews
    from internkontroll.store.templates import latest_templates

    with db.session() as session:
        controls = [ControlEntry(t.key, t.title, tuple(t.reporting_months))
                    for _, t in latest_templates(session)]
        return Done(Overview(controls, list_reviews(session)))


def list_all(db: Database, template_key: str | None = None,
             ids: Iterable[int] | None = None) -> Done[list[ReviewSummary]]:
    """The reviews with their progress (of one control, or only ``ids``, when given)."""
    from sqlmodel import col, select

    from internkontroll.store.models import Review
    from internkontroll.store.reviews import list_reviews, summaries

    with db.session() as session:
        if ids is None:
            return Done(list_reviews(session, template_key))
        found = session.exec(select(Review).where(col(Review.id).in_(list(ids)))
                             .order_by(col(Review.id))).all()
        return Done(summaries(session, found))


def info(db: Database, review_id: int) -> Done[ReviewInfo]:
    from internkontroll.store.locking import active_lock, stored_pdfs
    from internkontroll.store.reviews import get_review, summarise

    with db.session() as session:
        review, template = get_review(session, review_id)
        summary = summarise(session, review)
        return Done(ReviewInfo(review_id, review.label, review.date, review.template_key,
                               template.title, review.counts_only,
                               active_lock(session, review_id) is not None, summary.status,
                               summary.cases, summary.complete_cases,
                               len(stored_pdfs(session, review_id))))


def cases(db: Database, review_id: int) -> Done[CaseList]:
    from internkontroll.store.reviews import get_review, list_cases

    with db.session() as session:
        _, template = get_review(session, review_id)
        return Done(CaseList(template, list_cases(session, review_id)))


def delete(db: Database, review_id: int) -> Done[tuple[str, int]]:
    """Delete a review that was never redovisad and rebuild the file; its label and how many
    case-level log entries went with it."""
    from internkontroll.store.purge import delete_and_compact

    label, forgotten = delete_and_compact(db, review_id)
    return Done((label, forgotten), Changes(reviews=frozenset({review_id}), review_list=True))


def lock(db: Database, review_id: int, reported_by: str, paragraph: str = "") -> Done[Locked]:
    """Markera som redovisad i nämnd: keep the redovisning's PDF as it is now, and lock."""
    from internkontroll.reports.pdf import review_pdf
    from internkontroll.store.locking import lock_review
    from internkontroll.store.reviews import get_review

    with db.session() as session:
        review, _ = get_review(session, review_id)
        made = lock_review(session, review, reported_by, paragraph,
                           review_pdf(session, review_id))
        done = Locked(review.label, made.sha256)
    return Done(done, Changes(reviews=frozenset({review_id})))


def assign(db: Database, review_id: int, logins: Iterable[str] = (), *,
           remove: bool = False) -> Done[list[str]]:
    """Assign logins to score the review (or take them off); its assignees after it. On a
    server only a kontrollansvarig may, and a granskare then writes only where assigned."""
    from internkontroll.store.assignees import assign as assign_logins

    with db.session() as session:
        return Done(assign_logins(session, review_id, logins, remove=remove))


def unlock(db: Database, review_id: int, reason: str) -> Done[str]:
    """Unlock a redovisad review with a reason (logged); its label. The PDF stays."""
    from internkontroll.store.locking import unlock_review
    from internkontroll.store.reviews import get_review

    with db.session() as session:
        review, _ = get_review(session, review_id)
        unlock_review(session, review, reason)
        label = review.label
    return Done(label, Changes(reviews=frozenset({review_id})))


def save_stored_pdf(db: Database, review_id: int, out: Path,
                    version: int | None = None) -> Done[StoredPdf]:
    """Write the PDF the nämnd received (``version`` 1 = the first; default the newest) to
    ``out``, byte for byte, after checking it against its checksum."""
    from internkontroll.core.errors import InvalidInput
    from internkontroll.core.limits import shown
    from internkontroll.store.locking import stored_pdfs
    from internkontroll.store.reviews import get_review

    if not out.parent.is_dir():
        raise InvalidInput(f"Mappen {shown(out.parent)} finns inte.")
    with db.session() as session:
        review, _ = get_review(session, review_id)
        label = review.label
        stored = [(lock.pdf, lock.sha256) for lock in stored_pdfs(session, review_id)]
    if not stored:
        raise InvalidInput(f"{shown(label)} har inte redovisats i nämnd; det finns ingen "
                           "sparad PDF.")
    if version is not None and not 1 <= version <= len(stored):
        raise InvalidInput(f"{shown(label)} har {len(stored)} sparade PDF-filer (1–"
                           f"{len(stored)}).")
    pdf, sha256 = stored[(version or len(stored)) - 1]
    if hashlib.sha256(pdf).hexdigest() != sha256:
        raise InvalidInput(f"Den sparade PDF-filen för {shown(label)} stämmer inte med sin "
                           "kontrollsumma. Återställ en säkerhetskopia.")
    out.write_bytes(pdf)
    return Done(StoredPdf(label, sha256, out))
