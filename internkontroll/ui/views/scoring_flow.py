"""The keyboard flow through a case, without Qt: which items are still open, and which blank
attribute an item waits for, so that the flow asks for it (one key) instead of skipping it."""

from __future__ import annotations

import html

from internkontroll.core.rules import Answer, Applicability, applicability
from internkontroll.core.templates import Attribute, Item, Template
from internkontroll.store.reviews import CaseInfo


def answers_of(case: CaseInfo) -> dict[str, Answer]:
    return {k: Answer(v, case.notes.get(k, "")) for k, v in case.answers.items()}


def state_of(item: Item, case: CaseInfo) -> Applicability:
    return applicability(item, case.attributes, answers_of(case))


def asked_attribute(template: Template, item: Item, case: CaseInfo) -> Attribute | None:
    """The blank attribute with fixed values that ``item`` waits for, if any: the flow stops
    at the item and asks for it rather than passing the item by."""
    if item.key in case.answers or state_of(item, case) is not Applicability.UNKNOWN:
        return None
    for condition in item.applicable_when:
        if condition.kind == "attribute" and not case.attributes.get(condition.key):
            attribute = template.attribute(condition.key)
            if not attribute.is_text:
                return attribute
    return None


def open_items(template: Template, case: CaseInfo) -> list[int]:
    """The items still to do in a case, by index: unanswered ones that apply, and those that
    wait for a blank attribute the flow can ask for."""
    answers = answers_of(case)
    return [n for n, item in enumerate(template.items) if item.key not in answers and (
        applicability(item, case.attributes, answers) is Applicability.APPLIES
        or asked_attribute(template, item, case) is not None)]


def is_complete(template: Template, case: CaseInfo) -> bool:
    return not open_items(template, case) and len(case.answers) == len(template.items)


def value_keys(attribute: Attribute) -> dict[str, str]:
    """One letter per value ({'j': 'ja', 'n': 'nej'}): the first letter of its label, or,
    where two labels share it, its number."""
    firsts = [v.label[:1].casefold() for v in attribute.values]
    return {(first if firsts.count(first) == 1 and first.isalpha() else str(n)): v.key
            for n, (first, v) in enumerate(zip(firsts, attribute.values, strict=True),
                                           start=1)}


def value_hint(attribute: Attribute) -> str:
    """'J/N' for ja/nej; for a longer list the keys with their values."""
    keys = value_keys(attribute)
    if len(keys) == 2 and all(k.isalpha() for k in keys):
        return "/".join(k.upper() for k in keys)
    return ", ".join(f"{k.upper()} = {attribute.label_of(v).lower()}" for k, v in keys.items())


def asking_text(attribute: Attribute) -> str:
    """The line under an item that waits for an attribute."""
    keys = value_keys(attribute)
    choices = " eller ".join(f"{k.upper()} för {attribute.label_of(v).lower()}"
                             for k, v in keys.items())
    return f"{attribute.label} är inte ifyllt. Tryck {choices}."


def reason(template: Template, item: Item, case: CaseInfo, read_only: bool) -> str:
    """The line under an item that cannot be answered as it is, or empty."""
    state = state_of(item, case)
    asked = asked_attribute(template, item, case)
    if state is Applicability.NOT_APPLICABLE:
        return "Ej aktuellt för detta ärende enligt kontrollens villkor."
    if asked is not None and not read_only:
        return asking_text(asked)
    if state is Applicability.UNKNOWN:
        missing = [template.attribute(c.key).label.lower() for c in item.applicable_when
                   if c.kind == "attribute" and not case.attributes.get(c.key)]
        return ("Fyll i " + " och ".join(missing) + " först." if missing
                else "Bedöm först det moment som detta beror på.")
    return ""


def key_hint(template: Template, item: Item, asked: Attribute | None) -> str:
    """The keys under the case list; the one for a blank attribute when an item waits for it."""
    parts = [f"1–{len(template.scale_of(item).options)}: bedöm"]
    if asked is not None:
        parts.append(f"<b>{value_hint(asked)}: {html.escape(asked.label.lower())}</b>")
    parts += ["↑↓: moment", "Ctrl+↑↓: ärende", "Ctrl+Z: ångra", "F2: anteckning"]
    return " · ".join(parts)
