"""Recognising the columns of a case-system export: fields, identifying columns, header row."""

from __future__ import annotations

from dataclasses import dataclass, field

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.core.personnummer import contains_personnummer
from internkontroll.core.templates import Template, make_key

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
        raise InvalidInput(f"{shown(file_name)}: kolumnen '{shown(name)}' finns inte. "
                           "Kolumnerna är: "
                           f"{shown(', '.join(h for h in self.headers if h))}.")

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
    spellings = _known(template)
    return sum(1 for cell in row if cell.strip().casefold() in spellings)


def map_columns(headers: list[str], template: Template | None, overrides: dict[str, str],
                sample_rows: list[list[str]], file_name: str) -> Columns:
    """Fields by header name, overridden by ``--map FIELD=HEADER``; identifying columns by
    header or by content (a column where most values are personnummer)."""
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
        wanted = header.strip().casefold()
        found = [i for i, h in enumerate(headers) if h.strip().casefold() == wanted]
        if not found:
            raise InvalidInput(f"{shown(file_name)}: kolumnen '{shown(header)}' i --map "
                               f"{shown(field_name)}= finns "
                               "inte.")
        fields[field_name.strip().casefold()] = found[0]
        identifying = {h: i for h, i in identifying.items() if i != found[0]}
    for i, header in enumerate(headers):
        values = [r[i] for r in sample_rows if i < len(r) and r[i].strip()]
        hits = sum(1 for v in values if contains_personnummer(v))
        if values and hits * 2 >= len(values) and header not in identifying:
            identifying[header or f"kolumn {i + 1}"] = i
            fields = {k: v for k, v in fields.items() if v != i or k == REFERENCE}
    if REFERENCE not in fields:
        pnr = next((i for h, i in identifying.items()
                    if spellings.get(h.strip().casefold()) == PERSONNUMMER
                    or contains_personnummer(" ".join(r[i] for r in sample_rows[:5]
                                                      if i < len(r)))), None)
        if pnr is None:
            raise InvalidInput(f"{shown(file_name)}: hittar ingen ärendekolumn (till exempel "
                               "'Ärendenummer'). Ange den med --map arende=RUBRIK.")
        fields[REFERENCE] = pnr  # the person is the case; the reference is then never stored
    return Columns(headers, fields, identifying)


def signature(headers: list[str]) -> str:
    """Identifies an export layout, so a mapping chosen once is reused for the same layout."""
    return "|".join(h.strip().casefold() for h in headers)
