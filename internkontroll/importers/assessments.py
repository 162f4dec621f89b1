"""Reads an assessment file for ``review import``: one row per case, columns by key (SPEC § 8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import MAX_COUNT, MAX_NOTE, shown
from internkontroll.core.personnummer import mask_personnummer, refuse_personnummer
from internkontroll.core.rules import Answer
from internkontroll.core.templates import Template
from internkontroll.importers.columns import personnummer_like
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
                f"{name}: okänd kolumn '{shown(text)}'. Tillåtna är lopnummer eller arende, "
                f"attributen ({', '.join(sorted(attributes))}), kontrollmomentens nycklar "
                "och anteckning:<nyckel>.")
        if ":".join(column) in seen:
            raise InvalidInput(f"{name}: kolumnen '{shown(text)}' finns två gånger "
                               f"(se även '{seen[':'.join(column)]}').")
        seen[":".join(column)] = text
        columns[index] = column
    kinds = {kind for kind, _ in columns.values()}
    if not kinds & {"number", "reference"}:
        raise InvalidInput(f"{shown(name)}: ärendekolumn saknas. Filen behöver kolumnen lopnummer "
                           "eller arende.")
    return columns


def _identifying_reference(columns: dict[int, tuple[str, str]], rows: list[list[str]],
                           name: str) -> dict[int, tuple[str, str]]:
    """A case column whose values are mostly personnummer (or look like them) is identifying:
    it is never read, whatever its cells hold, and the cases are then named by löpnummer."""
    found = next((i for i, (kind, _) in columns.items() if kind == "reference"), None)
    if found is None or not personnummer_like([r[found] for r in rows if found < len(r)]):
        return columns
    if not any(kind == "number" for kind, _ in columns.values()):
        raise InvalidInput(f"{name}, kolumn 'ärende': innehåller ett personnummer i de flesta "
                           "rader, och personnummer lagras aldrig. Ange ärendena med kolumnen "
                           "lopnummer.")
    return {i: c for i, c in columns.items() if i != found}


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
        # Notes are free text: a ÅÅMMDD-NNNN with a wrong check digit is refused there too.
        refuse_personnummer(value, f"{where}, kolumn '{header}':", free_text=kind == "note",
                            cell=True)
        if kind == "number":
            if not _whole(value) or not 1 <= int(value) <= MAX_COUNT:
                raise InvalidInput(f"{where}: löpnumret '{shown(value)}' är inte ett heltal "
                                   f"från 1 till {MAX_COUNT:,}.".replace(",", "\u00a0"))
            case.number = int(value)
        elif kind == "reference":
            case.reference = value
        elif kind == "attribute":
            attribute = template.attribute(key)
            matched = attribute.match(value)
            if matched is None:
                allowed = ", ".join(v.label for v in attribute.values)
                raise InvalidInput(f"{where}: okänt värde '{shown(value)}' för "
                                   f"{attribute.label.lower()}. Tillåtna: {allowed}.")
            case.attributes[key] = matched
        elif kind == "item":
            scale = template.scale_of(template.item(key))
            option = scale.match(value)
            if option is None:
                allowed = ", ".join(o.label for o in scale.options)
                raise InvalidInput(f"{where}: okänd bedömning '{shown(value)}' för {key}. "
                                   f"Tillåtna: {allowed}.")
            case.answers[key] = Answer(option)
        else:
            if len(value) > MAX_NOTE:
                raise InvalidInput(f"{where}, kolumn '{header}': anteckningen har {len(value)} "
                                   f"tecken; gränsen är {MAX_NOTE} tecken.")
            case.notes[key] = value
    if case.number is None and case.reference is None:
        raise InvalidInput(f"{shown(where)}: ärendet saknar löpnummer eller ärendenummer.")
    return case


def _whole(text: str) -> bool:
    """Digits 0-9 only ('²' is a digit to str.isdigit but not to int), at most 12 of them."""
    return text.isascii() and text.isdigit() and len(text) <= 12


def read_assessment_file(path: Path, template: Template) -> list[CaseRow]:
    """Parse and validate every row; raises ``InvalidInput`` naming the file, row and column."""
    table = read_table(path)
    table.name = mask_personnummer(table.name)  # named in messages, and stored in the log
    columns = _identifying_reference(_columns(table.rows[0], template, table.name),
                                     table.rows[1:], table.name)
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
    table.name = mask_personnummer(table.name)
    headers = [h.strip() for h in table.rows[0]]
    if not headers or headers[0].casefold() != "kontrollmoment":
        raise InvalidInput(f"{shown(table.name)}: första kolumnen ska heta 'kontrollmoment'.")
    counts: dict[str, dict[str, int]] = {}
    for row, line in zip(table.rows[1:], table.lines[1:], strict=True):
        key = row[0].strip().casefold()
        try:
            item = template.item(key)
        except KeyError:
            raise InvalidInput(f"{table.name}, rad {line}: okänt kontrollmoment "
                               f"'{shown(row[0])}'.") from None
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
            if not _whole(value) or int(value) > MAX_COUNT:
                raise InvalidInput(f"{table.name}, rad {line}, kolumn '{shown(header)}': "
                                   f"'{shown(value)}' är inte ett antal (heltal från 0 till "
                                   f"{MAX_COUNT:,}).".replace(",", "\u00a0"))
            if option is None:
                if int(value) == 0:
                    continue
                raise InvalidInput(f"{table.name}, rad {line}: '{shown(header)}' är inget "
                                   f"alternativ för {key}.")
            counts[key][option] = int(value)
    if not counts:
        raise InvalidInput(f"{shown(table.name)} har en rubrikrad men inga kontrollmoment.")
    return counts
