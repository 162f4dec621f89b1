"""Template versions in the database."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.core.templates import (
    Template,
    make_key,
    shipped_templates,
    template_from_dict,
)
from internkontroll.store.audit import Change, record
from internkontroll.store.clock import now_utc
from internkontroll.store.models import StoredTemplate

SHIPPED_NOTE = "(levererad)"  # ends the log entry of a shipped version added on open


def sync_shipped_templates(session: Session) -> None:
    """Add each shipped template that is missing, or newer than the newest shipped version here.

    Existing versions are never changed, so reviews keep the version they were made with.
    """
    for data in shipped_templates():
        template = template_from_dict(data)
        newest = session.exec(
            select(func.max(StoredTemplate.version)).where(StoredTemplate.key == template.key)
        ).one()
        if newest is None or template.version > newest:
            session.add(StoredTemplate(key=template.key, version=template.version,
                                       title=template.title, source="shipped", definition=data,
                                       created_at=now_utc()))
            record(session, None, Change("template", template.key,
                                         str(newest) if newest else None,
                                         f"version {template.version} {SHIPPED_NOTE}"))


def latest_templates(session: Session) -> list[tuple[int, Template]]:
    """The newest version of every template, as (id, template), sorted by title."""
    newest = (select(StoredTemplate.key, func.max(StoredTemplate.version).label("v"))
              .group_by(StoredTemplate.key).subquery())
    rows = session.exec(
        select(StoredTemplate).join(newest, (col(StoredTemplate.key) == newest.c.key)
                                    & (col(StoredTemplate.version) == newest.c.v))
    ).all()
    found = [(row.id or 0, template_from_dict(row.definition)) for row in rows]
    return sorted(found, key=lambda pair: pair[1].title)


def latest_template(session: Session, key: str) -> tuple[int, Template]:
    for template_id, template in latest_templates(session):
        if template.key == key:
            return template_id, template
    known = ", ".join(t.key for _, t in latest_templates(session))
    raise InvalidInput(f"Det finns ingen kontroll med nyckeln '{shown(key)}'. Kända: {known}.")


def templates_at(target: Path | str) -> list[tuple[int, Template]] | None:
    """The newest version of every template in the database at ``target``, without creating,
    migrating or writing it; ``None`` when no database file is there (nor its template table
    yet).

    A foreign, corrupt or newer database is refused as when it is opened. The template table is
    the same in every schema revision, so a file that awaits an upgrade is read as it is.
    """
    from internkontroll.store.db import Database, FileBackend, make_engine, probe, regular_file
    from internkontroll.store.server import is_server, open_server

    if isinstance(target, str) and is_server(target):
        db = open_server(target, write=False)
    else:
        path = Path(target)
        if not regular_file(path) or probe(path) is None:
            return None
        db = Database(FileBackend(path), make_engine(path, readonly=True))
    try:
        with db.session() as session:
            return latest_templates(session)
    finally:
        db.close()


def template_by_id(session: Session, template_id: int) -> Template:
    row = session.get(StoredTemplate, template_id)
    if row is None:
        raise InvalidInput(f"Mallen {template_id} finns inte i databasen.")
    return _parsed(template_id, json.dumps(row.definition, sort_keys=True))


@lru_cache(maxsize=64)
def _parsed(template_id: int, definition: str) -> Template:
    """Parsing and validating a template is the costliest part of saving one answer, so the
    result is kept; the key holds the definition, so an edited template is parsed again."""
    return template_from_dict(json.loads(definition))


def is_used(session: Session, template_id: int) -> bool:
    from internkontroll.store.models import Review

    return session.exec(select(Review.id).where(Review.template_id == template_id)
                        .limit(1)).first() is not None


def _free_key(session: Session, title: str) -> str:
    base = make_key(title)
    taken = set(session.exec(select(StoredTemplate.key)).all())
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


def save_template(session: Session, data: dict[str, Any], base_id: int | None) -> tuple[int, int]:
    """Save an edited template; returns (id, version). SPEC § 3.3:

    - a new template (``base_id`` None, also a copy) gets a key made from its title;
    - editing a version that no review uses edits it in place;
    - editing one that reviews use adds a new version, so those reviews keep theirs;
    - the key and the keys of items, attributes and scales never change (the editor keeps them).
    """
    data = dict(data)
    if base_id is None:
        data["key"], data["version"] = _free_key(session, str(data.get("title", ""))), 1
        template = template_from_dict(data)
        row = StoredTemplate(key=template.key, version=1, title=template.title, source="user",
                             definition=data, created_at=now_utc())
        session.add(row)
        session.flush()
        record(session, None, Change("template", template.key, None, "version 1 (ny)"))
        return row.id or 0, 1
    base = session.get(StoredTemplate, base_id)
    if base is None:
        raise InvalidInput(f"Mallen {base_id} finns inte i databasen.")
    data["key"] = base.key  # keys never change
    if not is_used(session, base_id):
        data["version"] = base.version
        template = template_from_dict(data)
        base.definition, base.title, base.source = data, template.title, "user"
        session.add(base)
        record(session, None, Change("template", base.key, f"version {base.version}",
                                     f"version {base.version} (ändrad, oanvänd)"))
        return base_id, base.version
    newest = session.exec(select(func.max(StoredTemplate.version))
                          .where(StoredTemplate.key == base.key)).one() or base.version
    data["version"] = newest + 1
    template = template_from_dict(data)
    row = StoredTemplate(key=base.key, version=newest + 1, title=template.title, source="user",
                         definition=data, created_at=now_utc())
    session.add(row)
    session.flush()
    record(session, None, Change("template", base.key, f"version {base.version}",
                                 f"version {newest + 1}"))
    return row.id or 0, newest + 1
