"""Template versions in the database."""

from __future__ import annotations

import json
from functools import lru_cache

from sqlalchemy import func
from sqlmodel import Session, col, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.templates import Template, shipped_templates, template_from_dict
from internkontroll.store.audit import Change, record
from internkontroll.store.clock import now_utc
from internkontroll.store.models import StoredTemplate


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
                                         f"version {template.version} (levererad)"))


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
    raise InvalidInput(f"Det finns ingen kontroll med nyckeln '{key}'. Kända: {known}.")


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
