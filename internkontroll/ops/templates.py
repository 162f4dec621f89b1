"""Controls (kontroller, the templates of reviews): list them, load one to edit, save it."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from internkontroll.ops import Changes, Done

if TYPE_CHECKING:
    from internkontroll.core.templates import Template
    from internkontroll.paths import AppPaths
    from internkontroll.store.db import Database


@dataclass(frozen=True)
class Control:
    """The newest version of a control, as the list of controls shows it."""

    id: int | None  # None: a shipped control not stored in any database yet
    key: str
    version: int
    title: str
    items: int  # number of kontrollmoment
    reporting_months: tuple[int, ...]  # 1–12
    raw: dict[str, Any]  # the template data, for --json


@dataclass(frozen=True)
class Draft:
    """A control as the editor starts from: its data, and what saving it will do."""

    data: dict[str, Any]
    base_id: int | None  # the version edited; None for a new control or a copy
    used: bool  # kontrolltillfällen use that version: saving adds a new version
    copy: bool


@dataclass(frozen=True)
class Saved:
    id: int
    key: str
    version: int


def _control(template_id: int | None, template: Template) -> Control:
    return Control(template_id, template.key, template.version, template.title,
                   len(template.items), template.reporting_months, dict(template.raw))


def list_templates(db: Database) -> Done[list[Control]]:
    """The newest version of every control in the open database, sorted by title."""
    from internkontroll.store.templates import latest_templates

    with db.session() as session:
        return Done([_control(i, t) for i, t in latest_templates(session)])


def controls(db: Database) -> Done[list[Template]]:
    """The newest version of every control as the core's template, for a new review."""
    from internkontroll.store.templates import latest_templates

    with db.session() as session:
        return Done([template for _, template in latest_templates(session)])


def list_templates_in(paths: AppPaths) -> Done[tuple[list[Control], bool]]:
    """The controls of the database, never creating, upgrading or writing it: a listing
    is a read. Without a database the shipped controls are listed; the flag says which."""
    from internkontroll.core.templates import shipped_templates, template_from_dict
    from internkontroll.store.templates import templates_at

    stored = templates_at(paths.target)
    if stored is not None:
        return Done(([_control(i, t) for i, t in stored], True))
    shipped = sorted((template_from_dict(data) for data in shipped_templates()),
                     key=lambda t: t.title)
    return Done(([_control(None, t) for t in shipped], False))


def blank_template() -> dict[str, Any]:
    """A new control: helt/delvis/saknas with ej aktuellt, no items yet."""
    from internkontroll.core.templates import EJ_AKTUELLT

    return {"title": "", "reporting_months": [], "plan": {}, "main_scale": "hds",
            "scales": {"hds": {"headline": "helt", "options": [
                {"key": "helt", "label": "Helt"}, {"key": "delvis", "label": "Delvis"},
                {"key": "saknas", "label": "Saknas"},
                {"key": EJ_AKTUELLT, "label": "Ej aktuellt"}]}},
            "attributes": [], "items": [], "indicators": [], "breakdowns": []}


def load_template(db: Database, key: str | None, copy_of: bool = False) -> Done[Draft]:
    """The control ``key`` (its newest version) to edit, or to copy; ``None``: a new one."""
    from internkontroll.store.templates import is_used, latest_template, template_by_id

    if key is None:
        return Done(Draft(blank_template(), None, False, False))
    with db.session() as session:
        template_id, _ = latest_template(session, key)
        data = copy.deepcopy(dict(template_by_id(session, template_id).raw))
        used = not copy_of and is_used(session, template_id)
    if copy_of:
        data["title"] = f"{data['title']} (kopia)"
        return Done(Draft(data, None, False, True))
    return Done(Draft(data, template_id, used, False))


def save_template(db: Database, data: dict[str, Any], base_id: int | None) -> Done[Saved]:
    """Save an edited control (``store.templates.save_template``): a new one or a copy
    (``base_id`` None) gets a key from its title; an unused version is edited in place; a used
    one gets the next version, so the kontrolltillfällen that use it keep theirs."""
    from internkontroll.store import templates

    with db.session() as session:
        template_id, version = templates.save_template(session, data, base_id)
        key = templates.template_by_id(session, template_id).key
    return Done(Saved(template_id, key, version), Changes(templates=True))
