"""An earlier period entered as counts (a jämförelseperiod): counts per item and option over the
whole kontrolltillfälle and, optionally, per group of a breakdown attribute.

The counts file and the GUI's counts dialog both end here, so they accept and refuse the same
things. The rules:

- A group is one value of one of the template's breakdown attributes (never free text).
- Without counts for the whole, the whole is the sum over the groups of one attribute. When
  several attributes are given, each must sum to the same counts per item, or the period is
  refused naming the item.
- With counts for the whole, no attribute's groups may sum to more than the whole for any item
  and option (fewer is fine: some cases may lack the attribute).
- The number of cases (of the whole or of a group) is optional; when given, no item may have
  more assessments (ej aktuellt included) than there are cases. Without it for the whole, it
  is the sum over the groups of one attribute when every group of it gives one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.core.templates import EJ_AKTUELLT, Template

CountTable = dict[str, dict[str, int]]  # item → option → count


@dataclass(frozen=True)
class GroupCounts:
    """The counts of the cases whose ``attribute`` has ``value`` (both keys)."""

    attribute: str
    value: str
    counts: CountTable
    cases: int | None = None


@dataclass(frozen=True)
class PeriodCounts:
    """A counts-only period: the whole kontrolltillfälle and its groups, checked."""

    counts: CountTable
    cases: int | None = None
    groups: tuple[GroupCounts, ...] = field(default_factory=tuple)


def group_name(template: Template, attribute: str, value: str) -> str:
    """A group as the messages and the file name it: 'verksamhet=Hemtjänst'."""
    definition = template.attribute(attribute)
    return f"{definition.label.lower()}={definition.label_of(value)}"


def _item_name(template: Template, key: str) -> str:
    return f"”{shown(template.item(key).text)}” ({key})"


def _cleaned(template: Template, counts: CountTable, where: str) -> CountTable:
    """``counts`` without zero counts; every item and option must be the template's."""
    found: CountTable = {}
    for item_key, options in counts.items():
        try:
            scale = template.scale_of(template.item(item_key))
        except KeyError:
            raise InvalidInput(f"{where}: okänt kontrollmoment '{shown(item_key)}'.") from None
        allowed = {o.key for o in scale.options}
        for option, count in options.items():
            if option not in allowed:
                raise InvalidInput(f"{where}: '{shown(option)}' är inget alternativ för "
                                   f"{item_key}.")
            if count < 0:
                raise InvalidInput(f"{where}: ett antal kan inte vara negativt.")
            if count:
                found.setdefault(item_key, {})[option] = count
    return found


def _check_cases(template: Template, counts: CountTable, cases: int | None, where: str) -> None:
    if cases is None:
        return
    if cases < 0:
        raise InvalidInput(f"{where}: antalet ärenden kan inte vara negativt.")
    for item in template.items:
        assessed = sum(counts.get(item.key, {}).values())
        if assessed > cases:
            raise InvalidInput(f"{where}: {_item_name(template, item.key)} har {assessed} "
                               f"bedömningar men bara {cases} ärenden.")


def _sum(tables: Iterable[CountTable]) -> CountTable:
    summed: CountTable = {}
    for table in tables:
        for item_key, options in table.items():
            row = summed.setdefault(item_key, {})
            for option, count in options.items():
                row[option] = row.get(option, 0) + count
    return summed


def _by_attribute(template: Template, groups: list[GroupCounts]
                  ) -> dict[str, list[GroupCounts]]:
    """The groups per attribute, in the template's breakdown order."""
    found: dict[str, list[GroupCounts]] = {}
    for attribute in template.breakdowns:
        of_attribute = [g for g in groups if g.attribute == attribute]
        if of_attribute:
            found[attribute] = of_attribute
    return found


def _differs(template: Template, first: CountTable, other: CountTable) -> str | None:
    """The first item (in template order) whose counts differ between two tables."""
    return next((i.key for i in template.items
                 if first.get(i.key, {}) != other.get(i.key, {})), None)


def period_counts(template: Template, counts: CountTable | None, cases: int | None = None,
                  groups: Iterable[GroupCounts] = ()) -> PeriodCounts:
    """Check a counts-only period and fill in the whole from its groups where it is not
    given; raises ``InvalidInput`` (one Swedish line) naming the group and item."""
    whole = _cleaned(template, counts or {}, "Hela kontrolltillfället")
    checked: list[GroupCounts] = []
    seen: set[tuple[str, str]] = set()
    for group in groups:
        try:
            definition = template.attribute(group.attribute)
        except KeyError:
            raise InvalidInput(f"Okänt attribut '{shown(group.attribute)}'.") from None
        if group.attribute not in template.breakdowns or definition.is_text:
            allowed = ", ".join(template.attribute(b).label.lower() for b in template.breakdowns
                                if not template.attribute(b).is_text)
            raise InvalidInput(f"Antal per {definition.label.lower()} kan inte anges; "
                               f"kontrollen redovisas per {allowed or 'inget attribut'}.")
        if group.value not in [v.key for v in definition.values]:
            raise InvalidInput(f"Okänt värde '{shown(group.value)}' för "
                               f"{definition.label.lower()}.")
        name = f"Gruppen {group_name(template, group.attribute, group.value)}"
        if (group.attribute, group.value) in seen:
            raise InvalidInput(f"{name} förekommer två gånger.")
        seen.add((group.attribute, group.value))
        table = _cleaned(template, group.counts, name)
        _check_cases(template, table, group.cases, name)
        if table or group.cases:
            checked.append(GroupCounts(group.attribute, group.value, table, group.cases))
    per_attribute = _by_attribute(template, checked)
    sums = {a: _sum(g.counts for g in found) for a, found in per_attribute.items()}
    labels = {a: template.attribute(a).label.lower() for a in per_attribute}
    if not whole and sums:
        first, *others = per_attribute
        for other in others:
            differing = _differs(template, sums[first], sums[other])
            if differing is not None:
                raise InvalidInput(
                    f"Grupperna efter {labels[first]} och efter {labels[other]} ger olika "
                    f"summor för {_item_name(template, differing)}. Ange antalen för hela "
                    "kontrolltillfället, eller rätta grupperna.")
        whole = sums[first]
        if cases is None:
            known = [sum(g.cases for g in found if g.cases is not None)
                     for found in per_attribute.values()
                     if all(g.cases is not None for g in found)]
            if len(set(known)) > 1:
                raise InvalidInput("Grupperna ger olika antal ärenden för hela "
                                   "kontrolltillfället. Ange antal ärenden för hela "
                                   "kontrolltillfället, eller rätta grupperna.")
            cases = known[0] if known else None
    else:
        for attribute, summed in sums.items():
            for item in template.items:
                for option, count in summed.get(item.key, {}).items():
                    if count > whole.get(item.key, {}).get(option, 0):
                        raise InvalidInput(
                            f"Grupperna efter {labels[attribute]} har fler bedömningar "
                            f"än hela kontrolltillfället för {_item_name(template, item.key)}.")
    if not whole and not checked and cases is None:
        raise InvalidInput("Inga antal är angivna.")
    _check_cases(template, whole, cases, "Hela kontrolltillfället")
    for attribute, found in per_attribute.items():
        given = [g.cases for g in found if g.cases is not None]
        if cases is not None and sum(given) > cases:
            raise InvalidInput(f"Grupperna efter {labels[attribute]} har fler ärenden "
                               f"({sum(given)}) än hela kontrolltillfället ({cases}).")
    if not _assessed(whole) and not any(_assessed(g.counts) for g in checked):
        raise InvalidInput("Inga bedömningar är angivna, bara antal ärenden eller ej aktuellt. "
                           "Ange antalen per kontrollmoment och bedömning.")
    order = {a: n for n, a in enumerate(template.breakdowns)}
    values = {a: [v.key for v in template.attribute(a).values] for a in per_attribute}
    checked.sort(key=lambda g: (order[g.attribute], values[g.attribute].index(g.value)))
    return PeriodCounts(whole, cases, tuple(checked))


def _assessed(table: CountTable) -> bool:
    """Does ``table`` count any assessment (not only ej aktuellt)?"""
    return any(n for options in table.values() for option, n in options.items()
               if option != EJ_AKTUELLT)
