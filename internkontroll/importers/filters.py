"""The filters of a population read: ``--where FIELD=V1,V2`` and ``--between FIELD=LOW..HIGH``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.core.templates import Attribute, Template
from internkontroll.core.values import parse_date, parse_number

if TYPE_CHECKING:
    from internkontroll.importers.columns import Columns
    from internkontroll.importers.population import Request


def parse_where(text: str) -> tuple[str, list[str]]:
    """'kon=K,M' → ('kon', ['K', 'M']); a comma inside a value is written '\\,'."""
    name, sep, values = text.partition("=")
    if not sep or not name.strip():
        raise InvalidInput(f"--where '{shown(text)}' ska skrivas FÄLT=VÄRDE1,VÄRDE2.")
    parts = [v.replace("\x00", ",").strip() for v in values.replace("\\,", "\x00").split(",")]
    return name.strip(), [p for p in parts if p]


def parse_between(text: str) -> tuple[str, str, str]:
    name, sep, span = text.partition("=")
    low, dots, high = span.partition("..")
    if not sep or not dots:
        raise InvalidInput(f"--between '{shown(text)}' ska skrivas FÄLT=FRÅN..TILL.")
    return name.strip(), low.strip(), high.strip()


def _bound(value: str, name: str) -> Any:
    parsed_date = parse_date(value)
    if parsed_date is not None:
        return parsed_date
    number = parse_number(value)
    if number is None:
        raise InvalidInput(f"--between {shown(name)}: '{shown(value)}' är varken ett datum "
                           "(ÅÅÅÅ-MM-DD) eller ett tal.")
    return number


@dataclass(frozen=True)
class _OneOf:
    """--where: the value, mapped to an attribute key where the field is an attribute."""

    allowed: frozenset[str]
    attribute: Attribute | None

    def __call__(self, text: str) -> bool:
        key = self.attribute.match(text) if self.attribute else None
        return (key or text.casefold()) in self.allowed


@dataclass(frozen=True)
class _Within:
    """--between: inclusive at both ends, for dates or numbers."""

    low: Any
    high: Any

    def __call__(self, text: str) -> bool:
        value = parse_date(text) if isinstance(self.low, date) else parse_number(text)
        return value is not None and self.low <= value <= self.high


Filter = tuple[int, dict[Any, bool], Callable[[str], bool]]


def filters_of(request: Request, template: Template | None, columns: Columns, name: str
             ) -> list[Filter]:
    """(column, verdict cache, test) per filter. Verdicts are cached per raw cell value, since
    dates and codes repeat across thousands of rows."""
    attribute_of = {a.key: a for a in template.attributes} if template else {}
    filters: list[Filter] = []
    for field_name, accepted in request.where:
        index = columns.index(field_name, name)
        known = attribute_of.get(columns.field_of(index))
        allowed = frozenset((known.match(v) if known else None) or v.casefold()
                            for v in accepted)
        filters.append((index, {}, _OneOf(allowed, known)))
    for field_name, low, high in request.between:
        index = columns.index(field_name, name)
        filters.append((index, {}, _Within(_bound(low, field_name), _bound(high, field_name))))
    return filters
