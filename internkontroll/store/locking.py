"""Redovisad i nämnd: locking a review with the PDF the nämnd received, and unlocking it."""

from __future__ import annotations

import hashlib

from sqlmodel import Session, col, select

from internkontroll.core.errors import InvalidInput, ReviewLocked
from internkontroll.core.limits import shown
from internkontroll.core.personnummer import refuse_personnummer
from internkontroll.store.audit import Change, record
from internkontroll.store.clock import current_user, local_text, now_utc
from internkontroll.store.models import Review, ReviewLock


def active_lock(session: Session, review_id: int) -> ReviewLock | None:
    return session.exec(select(ReviewLock).where(ReviewLock.review_id == review_id,
                                                 col(ReviewLock.unlocked_at).is_(None))).first()


def describe(lock: ReviewLock) -> str:
    """'av Anna Berg, SN 2022-11-17 § 156; låst 2022-11-18'."""
    text = f"av {lock.reported_by}, {lock.paragraph}" if lock.paragraph else \
        f"av {lock.reported_by}"
    return f"{text}; låst {local_text(lock.locked_at)[:10]}"


def require_editable(session: Session, review: Review) -> None:
    """Raise ``ReviewLocked`` (exit 4) for a review that is redovisad i nämnd.

    Runs on every answer, so it asks for the id alone and loads the lock only to say why.
    """
    if session.connection().execute(
            select(col(ReviewLock.id)).where(ReviewLock.review_id == review.id,
                                             col(ReviewLock.unlocked_at).is_(None))
            .limit(1)).first() is not None:
        lock = active_lock(session, review.id or 0)
        assert lock is not None
        raise ReviewLocked(
            f"Kontrolltillfället {shown(review.label)} är redovisat i nämnd ({describe(lock)}) "
            "och kan "
            "inte ändras. Lås upp det med en motivering om något måste rättas.")


def lock_review(session: Session, review: Review, reported_by: str, paragraph: str,
                pdf: bytes) -> ReviewLock:
    """Mark a klar review as redovisad, keeping ``pdf`` (the redovisning as it is now)."""
    from internkontroll.store.reviews import KLAR, summarise

    # The review's row, held until commit: on a server an answer being saved meanwhile either
    # is in the status below or waits, and then is refused (server_schema's guard).
    session.execute(select(col(Review.id)).where(col(Review.id) == review.id).with_for_update())
    require_editable(session, review)
    reported_by, paragraph = reported_by.strip(), paragraph.strip()
    if not reported_by:
        raise InvalidInput("Ange vem som redovisade för nämnden.")
    # Both are stored in the lock, which nothing removes: each passes the guard on its own.
    refuse_personnummer(reported_by, "Namnet på den som redovisade", free_text=True)
    refuse_personnummer(paragraph, "Protokollsparagrafen", free_text=True)
    status = summarise(session, review).status
    if status != KLAR:
        raise InvalidInput(f"Kontrolltillfället {shown(review.label)} är {status}. Bara ett "
                           "kontrolltillfälle som är klart kan markeras som redovisat i nämnd.")
    lock = ReviewLock(review_id=review.id or 0, locked_at=now_utc(), locked_by=current_user(),
                      reported_by=reported_by, paragraph=paragraph, pdf=pdf,
                      sha256=hashlib.sha256(pdf).hexdigest())
    session.add(lock)
    session.flush()
    record(session, review.id, Change("lock", review.label, None,
                                      f"{describe(lock)}; PDF SHA-256 {lock.sha256}"))
    return lock


def unlock_review(session: Session, review: Review, reason: str) -> ReviewLock:
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Ange varför kontrolltillfället låses upp.")
    refuse_personnummer(reason, "Motiveringen", free_text=True)
    lock = active_lock(session, review.id or 0)
    if lock is None:
        raise InvalidInput(f"Kontrolltillfället {shown(review.label)} är inte redovisat i nämnd.")
    lock.unlocked_at, lock.unlocked_by, lock.unlock_reason = now_utc(), current_user(), reason
    session.add(lock)
    session.flush()
    record(session, review.id, Change("unlock", review.label, describe(lock), reason))
    return lock


def stored_pdfs(session: Session, review_id: int) -> list[ReviewLock]:
    """Every PDF the nämnd received for the review, oldest first."""
    return list(session.exec(select(ReviewLock).where(ReviewLock.review_id == review_id)
                             .order_by(col(ReviewLock.id))))
