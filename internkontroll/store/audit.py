"""The audit log: who (OS user), when (UTC), what, old value → new value.

Entries are written in the same transaction as the change they describe, so a change and its
log entry commit or vanish together. Triggers keep the table append-only (``store.guards``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from internkontroll.store.clock import current_user, now_utc
from internkontroll.store.models import AuditLog, Review

if TYPE_CHECKING:
    from internkontroll.core.templates import Template

# What each action is called in the log as shown to the user.
ACTIONS = {
    "review.new": "Nytt kontrolltillfälle",
    "review.counts": "Antal inlagda",
    "review.delete": "Kontrolltillfälle borttaget",
    "case.new": "Ärenden tillagda",
    "answer": "Bedömning",
    "note": "Anteckning",
    "attribute": "Uppgift om ärendet",
    "import": "Import",
    "sample": "Urval draget",
    "replace": "Ersatt med reserv",
    "text": "Text till nämnden",
    "setting": "Inställning",
    "template": "Mall",
    "lock": "Redovisad i nämnd",
    "unlock": "Upplåst",
    "purge": "Gallrad",
    "restore": "Återställd från säkerhetskopia",
    "merge": "Sammanslagen med en annan databas",
    "assign": "Tilldelad bedömare",
    "unassign": "Tilldelning borttagen",
}


@dataclass(frozen=True)
class Change:
    """One logged change, before the common who/when/review columns are added."""

    action: str
    target: str = ""
    old: str | None = None
    new: str | None = None
    case_level: bool = False


COLUMNS = ("at", "user", "review_id", "action", "target", "old_value", "new_value",
           "case_level")


def record(session: Session, review_id: int | None, change: Change) -> None:
    record_many(session, review_id, [change])


def record_many(session: Session, review_id: int | None, changes: Iterable[Change]) -> None:
    """Write the entries in one statement (an import may log many thousand answers)."""
    from internkontroll.store.db import insert_rows

    at, user = now_utc(), current_user()
    insert_rows(session, "audit_log", COLUMNS,
                [(at, user, review_id, c.action, c.target, c.old, c.new, c.case_level)
                 for c in changes])


@dataclass(frozen=True)
class Entry:
    """One log entry as the user reads it: labels where the stored entry has keys."""

    id: int
    at: str
    user: str
    review_id: int | None
    action: str  # the key; ACTIONS names it
    target: str
    old_value: str | None
    new_value: str | None
    case_level: bool


def entries(session: Session, review_id: int | None = None) -> list[Entry]:
    """The log, oldest first, with item, attribute and option keys shown as their labels
    ("ärende 3, Barn i hushållet", "Ej aktuellt (enligt regel)"). The stored entries keep the
    keys; the labels come from the template of each entry's review."""
    query = select(AuditLog).order_by(col(AuditLog.id))
    if review_id is not None:
        query = query.where(AuditLog.review_id == review_id)
    templates: dict[int, Template | None] = {}
    found = []
    for row in session.exec(query):
        template = None
        if row.review_id is not None:
            if row.review_id not in templates:
                templates[row.review_id] = _template_of(session, row.review_id)
            template = templates[row.review_id]
        target, old, new = (_labelled(row, template) if template is not None
                            else (row.target, row.old_value, row.new_value))
        found.append(Entry(row.id or 0, row.at, row.user, row.review_id, row.action, target,
                           old, new, bool(row.case_level)))
    return found


def _template_of(session: Session, review_id: int) -> Template | None:
    from internkontroll.store.templates import template_by_id

    review = session.get(Review, review_id)
    return template_by_id(session, review.template_id) if review is not None else None


_CASE_KEY = re.compile(r"(ärende \d+), (.+)")
BY_RULE = " (enligt regel)"


def _labelled(row: AuditLog, template: Template) -> tuple[str, str | None, str | None]:
    """(target, old, new) of an entry with the template's labels for its keys."""
    target, old, new = row.target, row.old_value, row.new_value
    if row.action == "review.counts":
        key, _, option = target.partition(", ")
        return f"{_name(template, key)}, {_option(template, key, option)}", old, new
    found = _CASE_KEY.fullmatch(target) if row.action in ("answer", "note", "attribute") \
        else None
    if found is None:
        return target, old, new
    where, key = found.groups()
    target = f"{where}, {_name(template, key)}"
    if row.action == "answer":
        return target, _option(template, key, old), _option(template, key, new)
    if row.action == "attribute":
        try:
            attribute = template.attribute(key)
        except KeyError:
            return target, old, new
        return target, attribute.label_of(old) or None, attribute.label_of(new) or None
    return target, old, new


def _name(template: Template, key: str) -> str:
    """An item's text or an attribute's label; the key when the template has neither."""
    try:
        return template.item(key).text
    except KeyError:
        pass
    try:
        return template.attribute(key).label
    except KeyError:
        return key


def _option(template: Template, item_key: str, value: str | None) -> str | None:
    """'ej_aktuellt (enligt regel)' → 'Ej aktuellt (enligt regel)'."""
    if value is None:
        return None
    key, rule = (value[:-len(BY_RULE)], BY_RULE) if value.endswith(BY_RULE) else (value, "")
    try:
        scale = template.scale_of(template.item(item_key))
        return scale.option(key).label + rule
    except (KeyError, StopIteration):
        return value
