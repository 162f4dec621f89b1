"""Control templates (kontroller) as data: scales, items, case attributes, rules and indicators.

A template is read from a plain dict (a shipped TOML file, or the JSON stored in the database) and
validated once, so the rest of the program can rely on its keys.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from internkontroll.core.errors import InvalidInput
from internkontroll.core.inputs import parse_toml
from internkontroll.core.limits import shown
from internkontroll.core.personnummer import refuse_personnummer

EJ_AKTUELLT = "ej_aktuellt"

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)
_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")

# Common spellings in case-system exports that are not the key or the label.
_VALUE_ALIASES = {
    "k": "kvinna", "kvinnor": "kvinna", "f": "kvinna",
    "m": "man", "män": "man",
    "j": "ja", "n": "nej",
}


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    definition: str = ""
    plural: str = ""  # for counting in prose: "sju kvinnor"


@dataclass(frozen=True)
class Scale:
    key: str
    options: tuple[Option, ...]
    headline: str

    @property
    def counted(self) -> tuple[Option, ...]:
        """The options that count in a denominator: all but ej aktuellt."""
        return tuple(o for o in self.options if o.key != EJ_AKTUELLT)

    def option(self, key: str) -> Option:
        return next(o for o in self.options if o.key == key)

    def match(self, text: str) -> str | None:
        """The option key that ``text`` names by key or label, case-insensitively."""
        wanted = text.strip().casefold()
        for o in self.options:
            if wanted in (o.key.casefold(), o.label.casefold()):
                return o.key
        if wanted in ("ej aktuell", "ej aktuellt", "e/a", "ea"):
            return EJ_AKTUELLT if any(o.key == EJ_AKTUELLT for o in self.options) else None
        alias = _VALUE_ALIASES.get(wanted)
        return alias if alias and any(o.key == alias for o in self.options) else None


@dataclass(frozen=True)
class Condition:
    """``attribute`` or ``item`` must have one of ``values``."""

    kind: str  # "attribute" | "item"
    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    scale: str
    guidance: str = ""
    applicable_when: tuple[Condition, ...] = ()
    applicable_note: str = ""  # "I {n} ärenden hade den sökande barn i hushållet."


@dataclass(frozen=True)
class Attribute:
    key: str
    label: str
    values: tuple[Option, ...] = ()  # empty: free text

    @property
    def is_text(self) -> bool:
        return not self.values

    def label_of(self, value: str | None) -> str:
        for v in self.values:
            if v.key == value:
                return v.label
        return value or ""

    def match(self, text: str) -> str | None:
        """The value key that ``text`` names; free text is kept as typed."""
        stripped = text.strip()
        if self.is_text:
            return stripped or None
        wanted = stripped.casefold()
        for v in self.values:
            if wanted in (v.key.casefold(), v.label.casefold()):
                return v.key
        alias = _VALUE_ALIASES.get(wanted)
        return alias if alias and any(v.key == alias for v in self.values) else None


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    item: str
    options: tuple[str, ...]
    headline: bool = False
    by: str = ""  # an attribute: the indicator's cases are also counted by its values


TABLE, SECTIONS, COLUMNS = "table", "sections", "columns"
LAYOUTS = {TABLE: "tabell", SECTIONS: "avsnitt per grupp", COLUMNS: "grupper som kolumner"}


@dataclass(frozen=True)
class Presentation:
    """How the documents show one breakdown: a table of the groups (``table``), a section per
    group with its own results, chart and comparison (``sections``), or the items with the
    groups as columns (``columns``). ``within`` nests a second attribute inside each group
    ("sju flickor, fyra pojkar …" for IFO alone)."""

    layout: str = TABLE
    within: str = ""


@dataclass(frozen=True)
class Distribution:
    """A share of the cases with an attribute value, and optionally an item's share among them:
    "Det är {andel} av vårdtagarna som har insatser vid måltider. Av dessa har {andel} …".
    The texts hold the words; the numbers always come from the data."""

    attribute: str
    values: tuple[str, ...]
    text: str
    item: str = ""
    item_text: str = ""


@dataclass(frozen=True)
class Template:
    key: str
    version: int
    title: str
    scales: dict[str, Scale]
    items: tuple[Item, ...]
    attributes: tuple[Attribute, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    breakdowns: tuple[str, ...] = ()
    reporting_months: tuple[int, ...] = ()
    plan: dict[str, str] = field(default_factory=dict)
    main_scale: str = ""
    words: dict[str, str] = field(default_factory=dict)  # case/row nouns: "hushåll", "beslut"
    presentation: dict[str, Presentation] = field(default_factory=dict)  # per breakdown
    distributions: tuple[Distribution, ...] = ()
    pooled: tuple[str, ...] = ()  # the items that make up the Summa and the overall sentence
    census: bool = False  # every case of the period is assessed, none is drawn
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def attribute(self, key: str) -> Attribute:
        for attribute in self.attributes:
            if attribute.key == key:
                return attribute
        raise KeyError(key)

    def scale_of(self, item: Item) -> Scale:
        return self.scales[item.scale]

    @property
    def main(self) -> Scale:
        return self.scales[self.main_scale]

    @property
    def main_items(self) -> tuple[Item, ...]:
        """The items whose answers make up the Summa: those the template pools, all on the
        main scale."""
        return tuple(i for i in self.items if i.key in self.pooled)

    @property
    def counted(self) -> tuple[str, ...]:
        """The attributes whose groups the documents count: breakdowns and distributions."""
        return tuple(dict.fromkeys([*self.breakdowns,
                                    *(d.attribute for d in self.distributions)]))

    @property
    def nested(self) -> tuple[tuple[str, str], ...]:
        """(outer, inner): the attributes counted inside each group of a breakdown shown as
        sections: its ``within``, the indicators' ``by`` and the distributions."""
        pairs = []
        for b in self.breakdowns:
            if self.shown_as(b).layout == SECTIONS:
                inner = [self.shown_as(b).within, *(i.by for i in self.indicators),
                         *(d.attribute for d in self.distributions)]
                pairs += [(b, a) for a in inner if a and a != b]
        return tuple(dict.fromkeys(pairs))

    def shown_as(self, attribute: str) -> Presentation:
        return self.presentation.get(attribute, Presentation())

    @property
    def cases_word(self) -> str:
        return self.words.get("cases", "ärenden")


def is_caseworker(key_or_label: str) -> bool:
    """Does an attribute or column hold the handläggare (caseworker)? Results per handläggare
    never reach the nämnd (SPEC § 7), so such an attribute is never a breakdown."""
    key = make_key(key_or_label)
    return "handlaggar" in key or key in ("handl", "caseworker")


def make_key(text: str) -> str:
    """A stable key made from a text: 'Barn i hushållet' → 'barn_i_hushallet'."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    key = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")
    return key if key and key[0].isalpha() else f"k_{key}"


def _need(data: dict[str, Any], name: str, where: str) -> Any:
    if name not in data:
        raise InvalidInput(f"Mallen saknar fältet '{name}' ({where}).")
    return data[name]


def _options(raw: list[dict[str, Any]], where: str) -> tuple[Option, ...]:
    options = []
    for entry in raw:
        key = str(_need(entry, "key", where))
        options.append(Option(key, str(entry.get("label", key)), str(entry.get("definition", "")),
                              str(entry.get("plural", ""))))
    return tuple(options)


def _conditions(raw: list[dict[str, Any]], where: str) -> tuple[Condition, ...]:
    conditions = []
    for entry in raw:
        kind = "attribute" if "attribute" in entry else "item" if "item" in entry else ""
        if not kind or "in" not in entry:
            raise InvalidInput(f"Villkoret i {where} ska ha 'attribute' eller 'item' och 'in'.")
        conditions.append(Condition(kind, str(entry[kind]), tuple(str(v) for v in entry["in"])))
    return tuple(conditions)


def _breakdowns(raw: list[Any], where: str) -> tuple[tuple[str, ...], dict[str, Presentation]]:
    """``breakdowns``: attribute keys, or tables with ``attribute``, ``layout`` and ``within``."""
    keys, presentation = [], {}
    for entry in raw:
        if isinstance(entry, dict):
            key = str(_need(entry, "attribute", f"redovisningen per attribut i {where}"))
            layout = str(entry.get("layout", TABLE))
            if layout not in LAYOUTS:
                raise InvalidInput(f"Okänd uppställning '{shown(layout)}' för '{shown(key)}' i "
                                   f"{where}: {', '.join(LAYOUTS)}.")
            presentation[key] = Presentation(layout, str(entry.get("within", "")))
        else:
            key = str(entry)
        keys.append(key)
    return tuple(keys), presentation


def template_from_dict(data: dict[str, Any]) -> Template:
    """Build and validate a template; raises ``InvalidInput`` naming what is wrong."""
    _guard_fields(data, "")
    key = str(_need(data, "key", "mall"))
    where = f"mallen {shown(key)}"
    scales: dict[str, Scale] = {}
    for scale_key, raw in dict(_need(data, "scales", where)).items():
        options = _options(_need(raw, "options", f"skalan {scale_key}"), f"skalan {scale_key}")
        headline = str(raw.get("headline", options[0].key if options else ""))
        scales[scale_key] = Scale(scale_key, options, headline)
    attributes = tuple(
        Attribute(
            str(_need(a, "key", where)),
            str(a.get("label", a["key"])),
            _options(a.get("values", []), f"attributet {a['key']}"),
        )
        for a in data.get("attributes", [])
    )
    items = tuple(
        Item(
            str(_need(i, "key", where)),
            str(_need(i, "text", f"kontrollmomentet {i['key']}")),
            str(_need(i, "scale", f"kontrollmomentet {i['key']}")),
            str(i.get("guidance", "")),
            _conditions(i.get("applicable_when", []), f"kontrollmomentet {i['key']}"),
            str(i.get("applicable_note", "")),
        )
        for i in _need(data, "items", where)
    )
    indicators = tuple(
        Indicator(
            str(_need(ind, "key", where)),
            str(ind.get("label", ind["key"])),
            str(ind.get("item", items[0].key if items else "")),
            tuple(str(o) for o in _need(ind, "options", f"indikatorn {ind['key']}")),
            bool(ind.get("headline", False)),
            str(ind.get("by", "")),
        )
        for ind in data.get("indicators", [])
    )
    breakdowns, presentation = _breakdowns(data.get("breakdowns", []), where)
    distributions = tuple(
        Distribution(str(_need(d, "attribute", f"fördelningen i {where}")),
                     tuple(str(v) for v in _need(d, "values", f"fördelningen i {where}")),
                     str(_need(d, "text", f"fördelningen i {where}")),
                     str(d.get("item", "")), str(d.get("item_text", "")))
        for d in data.get("distributions", []))
    main_scale = str(data.get("main_scale", items[0].scale if items else ""))
    pooled = data.get("pooled", True)
    if pooled is True:
        pooled = [i.key for i in items if i.scale == main_scale]
    elif pooled is False:
        pooled = []
    months = tuple(
        MONTHS.index(m) + 1 if isinstance(m, str) and m in MONTHS else int(m)
        for m in data.get("reporting_months", [])
    )
    template = Template(
        key=key,
        version=int(data.get("version", 1)),
        title=str(_need(data, "title", where)),
        scales=scales,
        items=items,
        attributes=attributes,
        indicators=indicators,
        breakdowns=breakdowns,
        reporting_months=months,
        plan={str(k): str(v) for k, v in dict(data.get("plan", {})).items()},
        main_scale=main_scale,
        words={str(k): str(v) for k, v in dict(data.get("words", {})).items()},
        presentation=presentation,
        distributions=distributions,
        pooled=tuple(str(k) for k in pooled),
        census=bool(data.get("census", False)),
        raw=data,
    )
    _validate(template)
    return template


def _validate(t: Template) -> None:
    where = f"mallen {shown(t.key)}"
    keys = [t.key] + list(t.scales) + [i.key for i in t.items] + [a.key for a in t.attributes]
    for k in keys:
        if not _KEY.match(k):
            raise InvalidInput(f"Ogiltig nyckel '{shown(k)}' i {where}: små bokstäver, siffror, "
                               "_ och -.")
    for group, names in (
        ("kontrollmoment", [i.key for i in t.items]),
        ("attribut", [a.key for a in t.attributes]),
    ):
        if len(set(names)) != len(names):
            raise InvalidInput(f"Dubbla nycklar bland {group} i {where}.")
    if not t.items:
        raise InvalidInput(f"{where.capitalize()} har inga kontrollmoment.")
    for scale in t.scales.values():
        if scale.headline not in [o.key for o in scale.counted]:
            raise InvalidInput(f"Skalan {scale.key} i {where} saknar ett giltigt huvudalternativ.")
    if t.main_scale not in t.scales:
        raise InvalidInput(f"Huvudskalan '{t.main_scale}' finns inte i {where}.")
    seen: list[Item] = []
    for item in t.items:
        if item.scale not in t.scales:
            raise InvalidInput(f"Kontrollmomentet {item.key} använder en okänd skala ({where}).")
        for c in item.applicable_when:
            _validate_condition(t, item, c, seen)
        seen.append(item)
    for ind in t.indicators:
        if ind.item not in [i.key for i in t.items]:
            raise InvalidInput(f"Indikatorn {ind.key} avser ett okänt kontrollmoment ({where}).")
        scale_keys = [o.key for o in t.scale_of(t.item(ind.item)).counted]
        if any(o not in scale_keys for o in ind.options):
            raise InvalidInput(f"Indikatorn {ind.key} nämner ett okänt alternativ ({where}).")
    for b in t.breakdowns:
        if b not in [a.key for a in t.attributes]:
            raise InvalidInput(f"Redovisningen per '{b}' avser ett okänt attribut ({where}).")
    for b in t.breakdowns:
        attribute = t.attribute(b)
        if is_caseworker(attribute.key) or is_caseworker(attribute.label):
            raise InvalidInput(f"Resultat per {attribute.label.lower()} redovisas aldrig för "
                               f"nämnden. Ta bort '{attribute.label}' ur redovisningen per "
                               f"attribut ({where}).")
    for b, shown_as in t.presentation.items():
        if shown_as.within:
            _known_attribute(t, shown_as.within, f"redovisningen per '{b}' i {where}")
            if shown_as.within == b or is_caseworker(shown_as.within):
                raise InvalidInput(f"Redovisningen per '{b}' kan inte delas upp efter "
                                   f"'{shown(shown_as.within)}' ({where}).")
    for ind in t.indicators:
        if ind.by:
            _known_attribute(t, ind.by, f"indikatorn {ind.key} i {where}")
    for d in t.distributions:
        attribute = _known_attribute(t, d.attribute, f"fördelningen i {where}")
        if any(v not in [x.key for x in attribute.values] for v in d.values):
            raise InvalidInput(f"Fördelningen efter '{d.attribute}' nämner ett okänt värde "
                               f"({where}).")
        if d.item and not any(
                c.kind == "attribute" and c.key == d.attribute and set(c.values) <= set(d.values)
                for i in t.items if i.key == d.item for c in i.applicable_when):
            raise InvalidInput(f"Fördelningen efter '{d.attribute}' ska avse ett "
                               f"kontrollmoment som bara gäller just de ärendena ({where}).")
        for text in (d.text, d.item_text):
            if text and "{andel}" not in text:
                raise InvalidInput(f"Texten till fördelningen efter '{d.attribute}' ska "
                                   f"innehålla {{andel}} ({where}).")
            _placeholders(text, f"fördelningen efter '{d.attribute}' i {where}")
    for key in t.pooled:
        if key not in [i.key for i in t.items] or t.item(key).scale != t.main_scale:
            raise InvalidInput(f"Summan kan bara slå samman kontrollmoment på huvudskalan "
                               f"('{shown(key)}' i {where}).")


def _known_attribute(t: Template, key: str, where: str) -> Attribute:
    try:
        attribute = t.attribute(key)
    except KeyError:
        raise InvalidInput(f"Okänt attribut '{shown(key)}' i {where}.") from None
    if attribute.is_text or is_caseworker(attribute.key) or is_caseworker(attribute.label):
        raise InvalidInput(f"Attributet '{shown(key)}' kan inte räknas upp i {where}.")
    return attribute


def _placeholders(text: str, where: str) -> None:
    """A text may name {andel}, {antal} and {av}, nothing else."""
    for name in re.findall(r"{([^{}]*)}", text):
        if name not in ("andel", "antal", "av"):
            raise InvalidInput(f"Okänd platshållare {{{shown(name)}}} i {where}: "
                               "{andel}, {antal} och {av} finns.")


def _guard_fields(value: Any, path: str) -> None:
    """Every field of a template, keys included, passes the personnummer guard on its own
    (SPEC § 7.1). Fields are never joined: a number at the end of one field would run into the
    digits of the next and escape the match. Runs before any message quotes a key or label.
    """
    what = f"Mallens fält '{shown(path or 'mall')}'"
    if isinstance(value, dict):
        for name, inner in value.items():
            refuse_personnummer(str(name), f"En fältrubrik i '{shown(path or 'mall')}'",
                                free_text=True, cell=True)
            _guard_fields(inner, f"{path}.{name}" if path else str(name))
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value, start=1):
            _guard_fields(inner, f"{path}[{index}]")
    elif isinstance(value, str):
        refuse_personnummer(value, what, free_text=True, cell=True)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        refuse_personnummer(str(value), what, cell=True)


def _validate_condition(t: Template, item: Item, c: Condition, earlier: list[Item]) -> None:
    where = f"villkoret för {item.key} i mallen {t.key}"
    if c.kind == "attribute":
        try:
            attribute = t.attribute(c.key)
        except KeyError:
            raise InvalidInput(f"Okänt attribut '{c.key}' i {where}.") from None
        allowed = [v.key for v in attribute.values]
        if attribute.is_text or any(v not in allowed for v in c.values):
            raise InvalidInput(f"Ogiltigt värde för '{c.key}' i {where}.")
    else:
        # Only earlier items: rules are then evaluated in one pass and cannot form a cycle.
        target = next((i for i in earlier if i.key == c.key), None)
        if target is None:
            raise InvalidInput(f"{where.capitalize()} måste avse ett tidigare kontrollmoment.")
        allowed = [o.key for o in t.scale_of(target).options]
        if any(v not in allowed for v in c.values):
            raise InvalidInput(f"Ogiltigt alternativ i {where}.")


def shipped_templates() -> list[dict[str, Any]]:
    """The raw data of the templates shipped in the package, sorted by key."""
    folder = resources.files("internkontroll") / "templates"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            found.append(parse_toml(entry.read_bytes(), entry.name))
    return sorted(found, key=lambda d: str(d["key"]))
