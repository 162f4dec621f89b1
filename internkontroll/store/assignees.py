"""Who is assigned to score a review besides its creator. A server enforces it: a granskare
writes only in the reviews it created or is assigned (``store.server_schema``); kontrollansvarig
assigns. In a file, which has one user at a time, the list is kept and shown only."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlmodel import Session, col, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.core.personnummer import mentions_personnummer
from internkontroll.store.audit import Change, record_many
from internkontroll.store.models import ReviewAssignee
from internkontroll.store.reviews import get_review

_LOGIN = re.compile(r"[A-Za-z0-9_.@\-]{1,63}")  # a database login, as IT names them


def assignees(session: Session, review_id: int) -> list[str]:
    get_review(session, review_id)
    return list(session.exec(select(ReviewAssignee.login)
                             .where(ReviewAssignee.review_id == review_id)
                             .order_by(col(ReviewAssignee.login))))


def assign(session: Session, review_id: int, logins: Iterable[str], *,
           remove: bool = False) -> list[str]:
    """Assign (or with ``remove`` take off) each login; the review's assignees after it."""
    get_review(session, review_id)
    wanted = [login.strip() for login in logins]
    for login in wanted:
        if not _LOGIN.fullmatch(login) or mentions_personnummer(login):
            raise InvalidInput(f"”{shown(login)}” är inget användarnamn på servern. Ange "
                               "inloggningen som IT gav, t.ex. anna.berg.")
    present = set(assignees(session, review_id))
    changed = [login for login in dict.fromkeys(wanted) if (login in present) == remove]
    for login in changed:
        if remove:
            session.delete(session.get(ReviewAssignee, (review_id, login)))
        else:
            session.add(ReviewAssignee(review_id=review_id, login=login))
    session.flush()
    record_many(session, review_id, [Change("assign", login, login if remove else None,
                                            None if remove else login) for login in changed])
    return assignees(session, review_id)
