"""Applicability: which items apply to a case, given its attributes and answers.

A rule is a list of conditions that must all hold. Evaluation is three-valued: a condition on a
blank attribute or an unanswered item is *unknown*, which makes the item not yet assessable
(unassessed), never ej aktuellt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from internkontroll.core.errors import InvalidInput
from internkontroll.core.templates import EJ_AKTUELLT, Condition, Item, Template


class Applicability(Enum):
    APPLIES = "applies"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Answer:
    option: str
    note: str = ""
    by_rule: bool = False


def _condition(c: Condition, attributes: Mapping[str, str | None], answers: Mapping[str, Answer]
               ) -> Applicability:
    if c.kind == "attribute":
        value = attributes.get(c.key)
    else:
        answer = answers.get(c.key)
        value = answer.option if answer else None
    if value is None or value == "":
        return Applicability.UNKNOWN
    return Applicability.APPLIES if value in c.values else Applicability.NOT_APPLICABLE


def applicability(item: Item, attributes: Mapping[str, str | None],
                  answers: Mapping[str, Answer]) -> Applicability:
    """All conditions must hold; one that fails wins over one that is unknown."""
    states = [_condition(c, attributes, answers) for c in item.applicable_when]
    if Applicability.NOT_APPLICABLE in states:
        return Applicability.NOT_APPLICABLE
    if Applicability.UNKNOWN in states:
        return Applicability.UNKNOWN
    return Applicability.APPLIES


def _missing_text(template: Template, item: Item, attributes: Mapping[str, str | None],
                  answers: Mapping[str, Answer], case_name: str) -> str:
    for c in item.applicable_when:
        if _condition(c, attributes, answers) is Applicability.UNKNOWN:
            if c.kind == "attribute":
                label = template.attribute(c.key).label
                return f"Uppgift om {label.lower()} saknas för {case_name}."
            return (f"Kontrollmomentet '{c.key}' måste bedömas före '{item.key}' "
                    f"för {case_name}.")
    return f"Kontrollmomentet '{item.key}' kan inte bedömas ännu för {case_name}."


def resolve_answers(template: Template, attributes: Mapping[str, str | None],
                    stored: Mapping[str, Answer], given: Mapping[str, Answer],
                    case_name: str) -> dict[str, Answer]:
    """The answers a case ends up with once rules are applied, in template item order.

    ``stored`` are the current answers, ``given`` the new ones. An item whose rule fails is stored
    as ej aktuellt by rule; one whose rule is unknown is left unassessed. A given answer other than
    ej aktuellt on such an item raises ``InvalidInput``.
    """
    result: dict[str, Answer] = {}
    for item in template.items:
        state = applicability(item, attributes, result)
        new = given.get(item.key)
        old = stored.get(item.key)
        if state is Applicability.APPLIES:
            if new is not None:
                result[item.key] = new
            elif old is not None and not old.by_rule:
                result[item.key] = old
        elif state is Applicability.NOT_APPLICABLE:
            if new is not None and new.option != EJ_AKTUELLT:
                raise InvalidInput(
                    f"Kontrollmomentet '{item.key}' är inte aktuellt för {case_name} "
                    f"och kan inte bedömas som '{new.option}'.")
            note = new.note if new is not None else (old.note if old is not None else "")
            result[item.key] = Answer(EJ_AKTUELLT, note, by_rule=True)
        else:
            if new is not None and new.option != EJ_AKTUELLT:
                raise InvalidInput(_missing_text(template, item, attributes, result, case_name))
            if new is not None:
                result[item.key] = new
            elif old is not None and old.option == EJ_AKTUELLT and not old.by_rule:
                result[item.key] = old
    return result
