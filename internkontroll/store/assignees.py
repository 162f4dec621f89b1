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
    return _assigned(session, review_id)


def _assigned(session: Session, review_id: int) -> list[str]:
    return list(session.exec(select(ReviewAssignee.login)
                             .where(ReviewAssignee.review_id == review_id)
                             .order_by(col(ReviewAssignee.login))))


def may_score(session: Session, review_id: int) -> bool:
    """Whether this login may write in the review: on a server as its guard decides, in a file
    always (its one user at a time)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.connection().exec_driver_sql("SELECT ik_may_write(%s::integer)",
                                                     (review_id,)).scalar())


def _checked(session: Session, login: str, held: bool) -> str:
    """``login`` as a login; when ``held``, on a server one that exists and holds one of the
    app's roles (one taken off a review may since have lost it)."""
    login = login.strip()
    if mentions_personnummer(login):
        raise InvalidInput("Ett personnummer kan inte vara ett användarnamn. Ange inloggningen "
                           "som IT gav, t.ex. anna.berg.")
    if not _LOGIN.fullmatch(login):
        raise InvalidInput(f"”{shown(login)}” är inget användarnamn. Ange inloggningen som IT "
                           "gav, t.ex. anna.berg.")
    if held and session.get_bind().dialect.name == "postgresql":
        from internkontroll.store.server_schema import ROLES

        found = session.connection().exec_driver_sql(
            "SELECT 1 FROM pg_roles WHERE rolname = %s AND "
            "(pg_has_role(rolname, %s, 'MEMBER') OR pg_has_role(rolname, %s, 'MEMBER'))",
            (login, ROLES["granskare"], ROLES["kontrollansvarig"])).first()
        if found is None:
            raise InvalidInput(f"{shown(login)} är ingen granskare på servern. Kontrollera "
                               "stavningen, eller be en administratör ge rollen (server grant).")
    return login


def assign(session: Session, review_id: int, logins: Iterable[str], *,
           remove: bool = False) -> list[str]:
    """Assign (or with ``remove`` take off) each login; the review's assignees after it."""
    get_review(session, review_id)
    wanted = list(dict.fromkeys(_checked(session, login, not remove) for login in logins))
    present = set(_assigned(session, review_id))
    changed = [login for login in wanted if (login in present) == remove]
    for login in changed:
        if remove:
            session.delete(session.get(ReviewAssignee, (review_id, login)))
        else:
            session.add(ReviewAssignee(review_id=review_id, login=login))
    session.flush()
    record_many(session, review_id, [
        Change("unassign", login, login, None) if remove else Change("assign", login, None, login)
        for login in changed])
    return _assigned(session, review_id)
