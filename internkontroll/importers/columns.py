"""Recognising the columns of a case-system export: fields, identifying columns, header row."""

from __future__ import annotations

from dataclasses import dataclass, field

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.core.personnummer import (
    cell_contains_personnummer,
    cell_looks_like_personnummer,
    refuse_personnummer,
)
from internkontroll.core.templates import Template, is_caseworker, make_key

REFERENCE = "arende"
PERSONNUMMER = "personnummer"
NAME = "namn"
DATE_FIELD = "beslutsdatum"

# Canonical field → header spellings seen in Lifecare/Procapita, Treserva, Combine and Viva.
KNOWN_HEADERS: dict[str, tuple[str, ...]] = {
    REFERENCE: ("ärendenr", "ärendenummer", "ärende", "ärende-id", "ärendeid", "ärende nr",
                "arendenr", "arendenummer", "arende", "dnr", "aktnummer", "akt nr", "hushåll",
                "hushållsnummer", "hushålls-id"),
    "handlaggare": ("handläggare", "handlaggare", "handl", "handläggarnamn",
                    "ansvarig handläggare", "handläggare namn"),
    DATE_FIELD: ("beslutsdatum", "beslut datum", "beslutsdag", "datum för beslut", "datum"),
    "orsakskod": ("orsakskod", "försörjningshinder", "orsak", "orsak till bistånd"),
    "kon": ("kön", "kon", "juridiskt kön"),
    "enhet": ("enhet", "enhetsnamn", "utförarenhet"),
    "verksamhet": ("verksamhet", "verksamhetstyp", "boendeform"),
    PERSONNUMMER: ("personnummer", "personnr", "pnr", "person-nr", "personnummer/samordningsnr",
                   "samordningsnummer", "person-/samordningsnummer", "personid"),
    NAME: ("namn", "förnamn", "efternamn", "klient", "klientnamn", "sökande", "namn sökande",
           "brukare", "vårdtagare"),
}
IDENTIFYING = {PERSONNUMMER, NAME}
_NAME_PARTS = ("förnamn", "efternamn")


@dataclass
class Columns:
    """The recognised header: field key → column index, and the identifying columns."""

    headers: list[str]
    fields: dict[str, int]
    identifying: dict[str, int] = field(default_factory=dict)  # header text → index

    def index(self, name: str, file_name: str) -> int:
        """The column of a field given by key or header text; ``InvalidInput`` when unknown."""
        key = name.strip().casefold()
        if key in self.fields:
            return self.fields[key]
        for i, header in enumerate(self.headers):
            if header.strip().casefold() == key or make_key(header) == key:
                return i
        raise InvalidInput(f"{file_name}: kolumnen '{shown(name)}' finns inte. Kolumnerna är: "
                           f"{', '.join(shown(h) for h in self.headers if h)}.")

    def field_of(self, index: int) -> str:
        return next((k for k, i in self.fields.items() if i == index),
                    make_key(self.headers[index]))


def _known(template: Template | None) -> dict[str, str]:
    spellings = {h: f for f, hs in KNOWN_HEADERS.items() for h in hs}
    if template is not None:
        for attribute in template.attributes:
            spellings.setdefault(attribute.key, attribute.key)
            spellings.setdefault(attribute.label.casefold(), attribute.key)
    return spellings


def recognised(row: list[str], template: Template | None) -> int:
    """How many cells of ``row`` are known header names; 0 for a row that holds a personnummer,
    which is data and never a header row."""
    if any(cell_contains_personnummer(cell) for cell in row):
        return 0
    spellings = _known(template)
    return sum(1 for cell in row if cell.strip().casefold() in spellings)


def personnummer_like(values: list[str]) -> bool:
    """Are most of a column's values personnummer or look like one (numeric forms included)?
    Such a column is identifying, whatever its header says."""
    filled = [v for v in values if v.strip()]
    return bool(filled) and 2 * sum(map(cell_looks_like_personnummer, filled)) >= len(filled)


def check_headers(headers: list[str], file_name: str) -> None:
    """A header row that holds a personnummer is a row of data; it is refused as the header,
    so that no header stored in the mapping or the record carries one."""
    for i, header in enumerate(headers, start=1):
        refuse_personnummer(header, f"{file_name}: rubrikraden ser ut som en datarad; kolumn {i}",
                            cell=True)


def map_columns(headers: list[str], template: Template | None, overrides: dict[str, str],
                sample_rows: list[list[str]], file_name: str) -> Columns:
    """Fields by header name, overridden by ``--map FIELD=HEADER``; identifying columns by
    header or by content (a column where most values are, or look like, personnummer).

    An identifying column is never a stored field; when it is the case column, the cases are
    stored without a reference.
    """
    check_headers(headers, file_name)
    spellings = _known(template)
    fields: dict[str, int] = {}
    identifying: dict[str, int] = {}
    for i, header in enumerate(headers):
        key = spellings.get(header.strip().casefold())
        if key in IDENTIFYING or header.strip().casefold() in _NAME_PARTS:
            identifying[header] = i
        elif key is not None and key not in fields:
            fields[key] = i
    for field_name, header in overrides.items():
        refuse_personnummer(field_name, f"{file_name}: fältnamnet i --map", cell=True)
        wanted = header.strip().casefold()
        found = [i for i, h in enumerate(headers) if h.strip().casefold() == wanted]
        if not found:
            raise InvalidInput(f"{file_name}: kolumnen '{shown(header)}' i --map "
                               f"{shown(field_name)}= finns inte.")
        fields[field_name.strip().casefold()] = found[0]
    for i, header in enumerate(headers):
        values = [r[i] for r in sample_rows if i < len(r)]
        if i not in identifying.values() and personnummer_like(values):
            identifying[header or f"kolumn {i + 1}"] = i
    # An identifying column stays identifying even when chosen with --map. Only the case
    # column may be one (the person is the case, and no reference is stored).
    for field_name, header in overrides.items():
        index = fields[field_name.strip().casefold()]
        if field_name.strip().casefold() != REFERENCE and index in identifying.values():
            raise InvalidInput(f"{file_name}: kolumnen '{shown(header)}' innehåller "
                               "personuppgifter och kan inte lagras som fältet "
                               f"'{shown(field_name)}'.")
    fields = {k: v for k, v in fields.items()
              if v not in identifying.values() or k == REFERENCE}
    if REFERENCE not in fields:
        pnr = next((i for h, i in identifying.items()
                    if spellings.get(h.strip().casefold()) == PERSONNUMMER
                    or personnummer_like([r[i] for r in sample_rows[:5] if i < len(r)])),
                   None)
        if pnr is None:
            raise InvalidInput(f"{shown(file_name)}: hittar ingen ärendekolumn (till exempel "
                               "'Ärendenummer'). Ange den med --map arende=RUBRIK.")
        fields[REFERENCE] = pnr  # the person is the case; the reference is then never stored
    return Columns(headers, fields, identifying)


def is_private(columns: Columns, index: int) -> bool:
    """Is a column one whose values never reach a nämnd document: identifying, the case
    column, or the handläggare?"""
    return (index in columns.identifying.values() or index == columns.fields.get(REFERENCE)
            or index == columns.fields.get("handlaggare") or is_caseworker(columns.headers[index])
            or is_caseworker(columns.field_of(index)))


def signature(headers: list[str]) -> str:
    """Identifies an export layout, so a mapping chosen once is reused for the same layout."""
    return "|".join(h.strip().casefold() for h in headers)
