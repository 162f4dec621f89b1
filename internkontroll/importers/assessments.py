"""Reads an assessment file for ``review import``: one row per case, columns by key (SPEC § 8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import MAX_COUNT, MAX_NOTE, shown
from internkontroll.core.period_counts import (
    CountTable,
    GroupCounts,
    PeriodCounts,
    group_name,
    period_counts,
)
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
                highest = f"{MAX_COUNT:,}".replace(",", "\u00a0")
                raise InvalidInput(f"{where}: löpnumret '{shown(value)}' är inte ett heltal "
                                   f"från 1 till {highest}.")
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


CASES_ROWS = {"antal ärenden", "ärenden", "antal arenden", "arenden"}
CASES = "#antal"  # the row key of an 'antal ärenden' row, which no item key can be
GROUP_HEADER = "grupp"
ITEM_HEADER = "kontrollmoment"


def _group(text: str, template: Template, where: str) -> tuple[str, str] | None:
    """A ``grupp`` cell, 'attribute=value' by key or label; None when blank (the whole)."""
    if not text:
        return None
    name, equals, value = text.partition("=")
    breakdowns = ", ".join(template.attribute(b).label.lower() for b in template.breakdowns)
    if not equals or not name.strip() or not value.strip():
        raise InvalidInput(f"{where}: gruppen '{shown(text)}' ska skrivas attribut=värde, "
                           f"t.ex. {_example(template)}.")
    wanted = name.strip().casefold()
    attribute = next((a for a in template.attributes
                      if wanted in (a.key.casefold(), a.label.casefold())), None)
    if attribute is None:
        raise InvalidInput(f"{where}: okänt attribut '{shown(name.strip())}'. Antal kan anges "
                           f"per {breakdowns or 'inget attribut'}.")
    if attribute.key not in template.breakdowns or attribute.is_text:
        raise InvalidInput(f"{where}: antal per {attribute.label.lower()} kan inte anges; "
                           f"kontrollen redovisas per {breakdowns or 'inget attribut'}.")
    matched = attribute.match(value)
    if matched is None:
        allowed = ", ".join(v.label for v in attribute.values)
        raise InvalidInput(f"{where}: okänt värde '{shown(value.strip())}' för "
                           f"{attribute.label.lower()}. Tillåtna: {allowed}.")
    return attribute.key, matched


def _example(template: Template) -> str:
    attribute = next((template.attribute(b) for b in template.breakdowns
                      if not template.attribute(b).is_text), None)
    if attribute is None:
        return "verksamhet=Hemtjänst"
    return f"{attribute.key}={attribute.values[0].label}"


def _count(value: str, where: str) -> int:
    if not _whole(value) or int(value) > MAX_COUNT:
        highest = f"{MAX_COUNT:,}".replace(",", "\u00a0")
        raise InvalidInput(f"{where}: '{shown(value)}' är inte ett antal (heltal från 0 till "
                           f"{highest}).")
    return int(value)


def read_counts_file(path: Path, template: Template) -> PeriodCounts:
    """A ``review counts`` file (SPEC § 8): a 'kontrollmoment' column, option columns by key
    or label, one row per item key with its counts, and an optional 'grupp' column
    ('verksamhet=Hemtjänst'; blank: the whole kontrolltillfälle). A row 'antal ärenden' gives
    the number of cases of its group (one number, in any option column). Checked as a whole
    by ``core.period_counts``."""
    table = read_table(path)
    table.name = mask_personnummer(table.name)
    headers = [h.strip() for h in table.rows[0]]
    for number, header in enumerate(headers, start=1):
        refuse_personnummer(header, f"{table.name}, rubriken i kolumn {number}", free_text=True,
                            cell=True)
    lowered = [h.casefold() for h in headers]
    if ITEM_HEADER not in lowered:
        raise InvalidInput(f"{shown(table.name)}: kolumnen 'kontrollmoment' saknas. Filen "
                           "ska ha den, en kolumn per bedömning och kan ha en kolumn 'grupp'.")
    item_at = lowered.index(ITEM_HEADER)
    group_at = lowered.index(GROUP_HEADER) if GROUP_HEADER in lowered else None
    options: dict[int, str] = {}
    for index, header in enumerate(headers):
        if index in (item_at, group_at) or not header:
            continue
        if lowered[index] in (ITEM_HEADER, GROUP_HEADER) or lowered[index] in [
                h.casefold() for h in options.values()]:
            raise InvalidInput(f"{shown(table.name)}: kolumnen '{shown(header)}' finns två "
                               "gånger.")
        options[index] = header
    counts: dict[tuple[str, str] | None, CountTable] = {}
    cases: dict[tuple[str, str] | None, int] = {}
    lines: dict[tuple[tuple[str, str] | None, str], int] = {}
    for row, line in zip(table.rows[1:], table.lines[1:], strict=True):
        where = f"{table.name}, rad {line}"
        cells = [*row, *[""] * (len(headers) - len(row))]
        for index, cell in enumerate(cells):
            header = headers[index] if index < len(headers) else ""
            column = f"kolumn '{shown(header)}'" if header else f"kolumn {index + 1}"
            refuse_personnummer(cell, f"{where}, {column}", free_text=True, cell=True)
        group = _group(cells[group_at].strip(), template, where) if group_at is not None \
            else None
        key = cells[item_at].strip().casefold()
        row_key = CASES if key in CASES_ROWS else key
        if (group, row_key) in lines:
            raise InvalidInput(f"{shown(where)}: {shown(cells[item_at].strip())} förekommer två "
                               f"gånger{_in_group(template, group)} (se rad "
                               f"{lines[group, row_key]}).")
        lines[(group, row_key)] = line
        filled = {options[i]: cells[i].strip() for i in options if cells[i].strip()}
        if key in CASES_ROWS:
            if len(filled) != 1:
                raise InvalidInput(f"{where}: raden '{shown(cells[item_at].strip())}' ska ha "
                                   "ett enda tal, antalet ärenden.")
            header, value = next(iter(filled.items()))
            cases[group] = _count(value, f"{where}, kolumn '{shown(header)}'")
            continue
        try:
            item = template.item(key)
        except KeyError:
            raise InvalidInput(f"{where}: okänt kontrollmoment "
                               f"'{shown(cells[item_at])}'.") from None
        scale = template.scale_of(item)
        found = counts.setdefault(group, {}).setdefault(key, {})
        for header, value in filled.items():
            option = scale.match(header)
            count = _count(value, f"{where}, kolumn '{shown(header)}'")
            if option is None:
                if count == 0:
                    continue
                raise InvalidInput(f"{where}: '{shown(header)}' är inget alternativ för "
                                   f"{key}.")
            found[option] = count
    if not counts and not cases:
        raise InvalidInput(f"{shown(table.name)} har en rubrikrad men inga kontrollmoment.")
    groups = [GroupCounts(g[0], g[1], counts.get(g, {}), cases.get(g))
              for g in dict.fromkeys([*counts, *cases]) if g is not None]
    try:
        return period_counts(template, counts.get(None), cases.get(None), groups)
    except InvalidInput as error:
        raise InvalidInput(f"{table.name}: {error}") from None


def _in_group(template: Template, group: tuple[str, str] | None) -> str:
    return f" i gruppen {group_name(template, *group)}" if group else ""
