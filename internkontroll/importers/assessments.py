"""Reads an assessment file for ``review import``: one row per case, columns by key (SPEC § 8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.core.personnummer import contains_personnummer
from internkontroll.core.rules import Answer
from internkontroll.core.templates import Template
from internkontroll.importers.tabular import read_table

NUMBER_HEADERS = {"lopnummer", "löpnummer", "löpnr", "lopnr", "nr"}
REFERENCE_HEADERS = {"arende", "ärende", "ärendenr", "arendenr", "ärendenummer", "arendenummer"}
NOTE_PREFIX = "anteckning:"


@dataclass
class CaseRow:
    line: int
    number: int | None
    reference: str | None
    attributes: dict[str, str] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"ärende {self.number}" if self.number is not None else f"ärende {self.reference}"


def _columns(headers: list[str], template: Template, name: str) -> dict[int, tuple[str, str]]:
    """column index → (kind, key) for kind in number, reference, attribute, item, note."""
    items = {i.key for i in template.items}
    attributes = {a.key for a in template.attributes}
    columns: dict[int, tuple[str, str]] = {}
    seen: dict[str, str] = {}
    for index, header in enumerate(headers):
        text = header.strip()
        lowered = text.casefold()
        if not text:
            continue
        if lowered in NUMBER_HEADERS:
            column = ("number", "")
        elif lowered in REFERENCE_HEADERS:
            column = ("reference", "")
        elif lowered in items:
            column = ("item", lowered)
        elif lowered in attributes:
            column = ("attribute", lowered)
        elif lowered.startswith(NOTE_PREFIX) and lowered[len(NOTE_PREFIX):].strip() in items:
            column = ("note", lowered[len(NOTE_PREFIX):].strip())
        else:
            raise InvalidInput(
                f"{shown(name)}: okänd kolumn '{shown(text)}'. Tillåtna är lopnummer eller arende, "
                f"attributen ({', '.join(sorted(attributes))}), kontrollmomentens nycklar "
                "och anteckning:<nyckel>.")
        if ":".join(column) in seen:
            raise InvalidInput(f"{shown(name)}: kolumnen '{shown(text)}' finns två gånger "
                               f"(se även '{shown(seen[':'.join(column)])}').")
        seen[":".join(column)] = text
        columns[index] = column
    kinds = {kind for kind, _ in columns.values()}
    if not kinds & {"number", "reference"}:
        raise InvalidInput(f"{shown(name)}: ärendekolumn saknas. Filen behöver kolumnen lopnummer "
                           "eller arende.")
    return columns


def _parse_row(row: list[str], line: int, columns: dict[int, tuple[str, str]],
               template: Template, name: str) -> CaseRow:
    case = CaseRow(line, None, None)
    where = f"{name}, rad {line}"
    for index, (kind, key) in columns.items():
        value = row[index].strip() if index < len(row) else ""
        if not value:
            continue
        header = {"number": "löpnummer", "reference": "ärende",
                  "note": f"anteckning:{key}"}.get(kind, key)
        if contains_personnummer(value):
            raise InvalidInput(f"{shown(where)}, kolumn '{shown(header)}': innehåller ett "
                               "personnummer. "
                               "Personnummer får inte lagras i Internkontroll.")
        if kind == "number":
            if not value.isdigit() or int(value) < 1:
                raise InvalidInput(f"{shown(where)}: löpnumret '{shown(value)}' är inte ett "
                                   "heltal från 1.")
            case.number = int(value)
        elif kind == "reference":
            case.reference = value
        elif kind == "attribute":
            attribute = template.attribute(key)
            matched = attribute.match(value)
            if matched is None:
                allowed = ", ".join(v.label for v in attribute.values)
                raise InvalidInput(f"{shown(where)}: okänt värde '{shown(value)}' för "
                                   f"{attribute.label.lower()}"
                                   f". Tillåtna: {allowed}.")
            case.attributes[key] = matched
        elif kind == "item":
            scale = template.scale_of(template.item(key))
            option = scale.match(value)
            if option is None:
                allowed = ", ".join(o.label for o in scale.options)
                raise InvalidInput(f"{shown(where)}: okänd bedömning '{shown(value)}' för "
                                   f"{shown(key)}. "
                                   f"Tillåtna: {allowed}.")
            case.answers[key] = Answer(option)
        else:
            case.notes[key] = value
    if case.number is None and case.reference is None:
        raise InvalidInput(f"{shown(where)}: ärendet saknar löpnummer eller ärendenummer.")
    return case


def read_assessment_file(path: Path, template: Template) -> list[CaseRow]:
    """Parse and validate every row; raises ``InvalidInput`` naming the file, row and column."""
    table = read_table(path)
    columns = _columns(table.rows[0], template, table.name)
    cases = [_parse_row(row, line, columns, template, table.name)
             for row, line in zip(table.rows[1:], table.lines[1:], strict=True)]
    if not cases:
        raise InvalidInput(f"{shown(table.name)} har en rubrikrad men inga ärenden.")
    seen: dict[tuple[int | None, str | None], int] = {}
    for case in cases:
        key = (case.number, None) if case.number is not None else (None, case.reference)
        if key in seen:
            raise InvalidInput(f"{shown(table.name)}: {shown(case.name)} förekommer två gånger "
                               f"(rad {seen[key]} och {case.line}).")
        seen[key] = case.line
    return cases


def read_counts_file(path: Path, template: Template) -> dict[str, dict[str, int]]:
    """A ``review counts`` file: 'kontrollmoment' and option columns, one row per item key."""
    table = read_table(path)
    headers = [h.strip() for h in table.rows[0]]
    if not headers or headers[0].casefold() != "kontrollmoment":
        raise InvalidInput(f"{shown(table.name)}: första kolumnen ska heta 'kontrollmoment'.")
    counts: dict[str, dict[str, int]] = {}
    for row, line in zip(table.rows[1:], table.lines[1:], strict=True):
        key = row[0].strip().casefold()
        try:
            item = template.item(key)
        except KeyError:
            raise InvalidInput(f"{shown(table.name)}, rad {line}: okänt kontrollmoment "
                               f"'{shown(row[0])}'.") \
                from None
        if key in counts:
            raise InvalidInput(f"{shown(table.name)}, rad {line}: {shown(key)} förekommer två "
                               "gånger.")
        scale = template.scale_of(item)
        counts[key] = {}
        for header, cell in zip(headers[1:], row[1:], strict=False):
            if not header or not cell.strip():
                continue
            option = scale.match(header)
            value = cell.strip()
            if not value.isdigit():
                raise InvalidInput(f"{shown(table.name)}, rad {line}, kolumn '{shown(header)}': "
                                   f"'{shown(value)}' är inte ett antal (heltal 0 eller större).")
            if option is None:
                if int(value) == 0:
                    continue
                raise InvalidInput(f"{shown(table.name)}, rad {line}: '{shown(header)}' är "
                                   "inget alternativ "
                                   f"för {shown(key)}.")
            counts[key][option] = int(value)
    if not counts:
        raise InvalidInput(f"{shown(table.name)} har en rubrikrad men inga kontrollmoment.")
    return counts
