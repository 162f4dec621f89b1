"""Storing a draw: the cases with löpnummer, only the allowed fields, and the sampling record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.formatting import count_text
from internkontroll.core.limits import shown
from internkontroll.core.personnummer import cell_contains_personnummer, refuse_personnummer
from internkontroll.core.sampling import ALGORITHM, Draw, Member, next_reserve
from internkontroll.core.templates import Template
from internkontroll.importers.columns import REFERENCE, is_private, signature
from internkontroll.importers.population import Population
from internkontroll.store import audit
from internkontroll.store.assessments import save_case
from internkontroll.store.clock import current_user, now_utc
from internkontroll.store.locking import require_editable
from internkontroll.store.models import Case, ColumnMapping, Review, SamplingRecord

REASONS = ("skyddade personuppgifter", "fel orsakskod", "akten saknas")


@dataclass
class Settings:
    size: int | None  # None: census
    seed: int
    spread: str | None = None
    balance: str | None = None
    reserves: int = 0
    filters: list[dict[str, object]] | None = None
    from_range: int | None = None


def members(population: Population, spread: str | None, balance: str | None) -> list[Member]:
    """The frame as draw members, with the values of the spread and balance fields."""
    fields = population.columns
    spread_key = fields.field_of(fields.index(spread, population.file_name)) if spread else ""
    balance_key = fields.field_of(fields.index(balance, population.file_name)) if balance else ""
    return [Member(c.reference, c.values.get(spread_key, "") if spread else "",
                   c.values.get(balance_key, "") if balance else "") for c in population.frame]


def filter_record(where: list[tuple[str, list[str]]], between: list[tuple[str, str, str]],
                  population: Population | None) -> list[dict[str, object]]:
    """The filters as the file names them, for the record and the method sentence; the one
    path for the command line and the GUI's Villkor.

    A filter on an identifying column, the case column or the handläggare is marked
    ``private``: the nämnd's method text never shows its values (SPEC § 7.1).
    """
    def described(name: str) -> dict[str, object]:
        if population is None:
            return {"field": name, "private": True}
        columns = population.columns
        index = columns.index(name, population.file_name)
        return {"field": columns.headers[index], "private": is_private(columns, index)}

    found = [{**described(name), "values": values} for name, values in where]
    found += [{**described(name), "from": low, "to": high} for name, low, high in between]
    return found


def _guard_filters(filters: list[dict[str, object]]) -> None:
    """Filter fields and values are stored in the record: each passes the guard on its own."""
    for number, entry in enumerate(filters, start=1):
        what = f"Villkor {number}"
        refuse_personnummer(str(entry.get("field", "")), f"{what}: fältnamnet", cell=True)
        values = entry.get("values")
        texts = [*values] if isinstance(values, list) else [entry.get("from"), entry.get("to")]
        for text in texts:
            refuse_personnummer(str(text or ""), f"{what}: ett värde", cell=True)


def _stored_values(template: Template, values: dict[str, str], kept_fields: set[str]
                   ) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(attributes, fields, attribute keys whose value was not recognised)."""
    attributes: dict[str, str] = {}
    unknown: list[str] = []
    for attribute in template.attributes:
        raw = values.get(attribute.key, "")
        if not raw:
            continue
        matched = attribute.match(raw)
        if matched is None:
            unknown.append(attribute.key)
        else:
            attributes[attribute.key] = matched
    fields = {k: v for k, v in values.items() if k in kept_fields and k not in attributes}
    return attributes, fields, unknown


def store_draw(session: Session, review: Review, template: Template, draw: Draw,
               population: Population | None, settings: Settings) -> dict[str, Any]:
    """Create the cases of a draw and its sampling record in the review; returns the record."""
    require_editable(session, review)
    if review.counts_only:
        raise InvalidInput(f"Kontrolltillfälle {review.id} är en jämförelseperiod med endast "
                           "antal och kan inte få ett urval.")
    if session.exec(select(Case.id).where(Case.review_id == review.id).limit(1)).first():
        raise InvalidInput(f"Kontrolltillfälle {review.id} har redan ärenden. Ett urval görs "
                           "i ett nytt kontrolltillfälle.")
    by_reference = {c.reference: c for c in population.frame} if population else {}
    kept_fields: set[str] = set()
    private_reference = False
    if population is not None:
        columns = population.columns
        # Identifying columns are never stored, whatever their cells hold (SPEC § 7.1); when
        # the case column is one, the cases are stored without a reference.
        hidden = {columns.field_of(i) for i in columns.identifying.values()} | {REFERENCE}
        kept_fields = set(population.needed) - {a.key for a in template.attributes} - hidden
        private_reference = columns.fields[REFERENCE] in columns.identifying.values()
        for name in (settings.spread, settings.balance):
            refuse_personnummer(name or "", "Fältnamnet för spridning eller fördelning",
                                cell=True)
    _guard_filters(settings.filters or [])
    for stratum in draw.strata:
        for part in ("spread", "balance"):
            refuse_personnummer(str(stratum.get(part, "")), "Ett värde i fältet för spridning "
                                "eller fördelning", cell=True)
    unknown_values: dict[str, int] = {}
    order = []
    stored_roles = [("case", m) for m in draw.drawn] + [("reserve", m) for m in draw.reserves]
    for number, (role, member) in enumerate(stored_roles, start=1):
        frame_case = by_reference.get(member.reference)
        values = frame_case.values if frame_case else {}
        attributes, fields, unknown = _stored_values(template, values, kept_fields)
        for key in unknown:
            unknown_values[key] = unknown_values.get(key, 0) + 1
        for key, value in {**attributes, **fields}.items():
            refuse_personnummer(value, f"Fältet '{shown(key)}'", cell=True)
        reference = None if private_reference or cell_contains_personnummer(member.reference) \
            else member.reference
        case = Case(review_id=review.id or 0, number=number, reference=reference, role=role,
                    attributes={}, fields=fields)
        session.add(case)
        session.flush()
        save_case(session, template, case, attributes, {}, {})
        order.append({"lopnummer": number, "reference": reference, "role": role,
                      "stratum": [member.spread, member.balance]})
    record = _record(review, draw, population, settings, order, unknown_values)
    session.add(SamplingRecord(review_id=review.id or 0, algorithm=ALGORITHM,
                               seed=settings.seed, record=record, created_at=now_utc(),
                               created_by=current_user()))
    source = record["source"].get("file") or f"löpnummer 1–{settings.from_range}"
    audit.record(session, review.id, audit.Change(
        "sample", source, None, f"{count_text(len(draw.drawn), 'ärende', 'ärenden')} och "
        f"{count_text(len(draw.reserves), 'reserv', 'reserver')}, "
        f"slumpfrö {settings.seed}"))
    return record


def _record(review: Review, draw: Draw, population: Population | None, settings: Settings,
            order: list[dict[str, Any]], unknown_values: dict[str, int]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "algorithm": ALGORITHM, "seed": settings.seed,
        "mode": {"size": settings.size if settings.size is not None else "all",
                 "spread": settings.spread, "balance": settings.balance,
                 "reserves": settings.reserves},
        "filters": settings.filters or [],
        "strata": draw.strata, "order": order, "replacements": [],
        "unknown_values": unknown_values, "time": now_utc(), "user": current_user(),
        "review": {"id": review.id, "label": review.label},
    }
    if population is not None:
        columns = population.columns
        record["source"] = {"file": population.file_name, "sha256": population.sha256,
                            "sheet": population.sheet, "header_line": population.header_line,
                            "case_column": columns.headers[columns.fields["arende"]],
                            "rows_read": population.rows_read, "skipped": population.skipped,
                            "rows_kept": population.rows_kept}
        record["frame"] = {"cases": len(population.frame), "rows": population.frame_rows}
    else:
        record["source"] = {"from_range": settings.from_range}
        record["frame"] = {"cases": settings.from_range, "rows": settings.from_range}
    return record


def saved_mappings(session: Session) -> dict[str, dict[str, str]]:
    return {m.signature: dict(m.mapping) for m in session.exec(select(ColumnMapping))}


def save_mapping(session: Session, population: Population) -> None:
    """Remember the explicit column choices for files with the same header row."""
    if not population.mapping:
        return
    for name, header in population.mapping.items():  # headers are checked when read
        refuse_personnummer(name, "Fältnamnet i kolumnvalet", cell=True)
        refuse_personnummer(header, "Rubriken i kolumnvalet", cell=True)
    key = signature(population.columns.headers)
    stored = session.get(ColumnMapping, key) or ColumnMapping(signature=key, mapping={},
                                                              updated_at="")
    stored.mapping, stored.updated_at = dict(population.mapping), now_utc()
    session.add(stored)


def get_record(session: Session, review_id: int) -> SamplingRecord | None:
    return session.get(SamplingRecord, review_id)


@dataclass(frozen=True)
class Replacement:
    """A case replaced by a reserve; ``group`` and ``reserve_group`` are the strata, as shown."""

    number: int
    reserve: int
    reason: str
    group: str
    reserve_group: str
    same_group: bool

    @property
    def message(self) -> str:
        """One Swedish line for the command line and the GUI alike."""
        text = f"Ärende {self.number} är ersatt av reserven med löpnummer {self.reserve}."
        if not self.same_group:
            text += (f" Gruppen {self.group} hade ingen reserv kvar, så reserven kommer från "
                     f"gruppen {self.reserve_group}.")
        return text


def group_text(stratum: list[str]) -> str:
    """A stratum (spread value, balance value) as the record and the messages show it."""
    return " / ".join(v for v in stratum if v) or "–"


def replace_case(session: Session, review: Review, number: int, reason: str) -> int:
    """Replace a drawn case by a reserve (see ``replace_with_reserve``); returns its löpnummer."""
    return replace_with_reserve(session, review, number, reason).reserve


def replace_with_reserve(session: Session, review: Review, number: int, reason: str
                         ) -> Replacement:
    """Replace a drawn case by the first unused reserve of its stratum or, when the stratum
    has none left, by the first unused reserve of another, which the record then says."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Ange ett skäl till ersättningen, t.ex. 'akten saknas'.")
    refuse_personnummer(reason, "Skälet", free_text=True)
    stored = get_record(session, review.id or 0)
    require_editable(session, review)
    if stored is None:
        raise InvalidInput(f"Kontrolltillfälle {review.id} har inget urval med reserver.")
    cases = {c.number: c for c in session.exec(select(Case).where(
        Case.review_id == review.id).order_by(col(Case.number)))}
    case = cases.get(number)
    if case is None or case.role != "case":
        raise InvalidInput(f"Ärende {number} är inte ett draget ärende i kontrolltillfälle "
                           f"{review.id}.")
    record = dict(stored.record)
    stratum = {entry["lopnummer"]: list(entry["stratum"]) for entry in record["order"]}
    found = next_reserve(stratum.get(number, []),
                         [(n, stratum.get(n, [])) for n, c in cases.items()
                          if c.role == "reserve"])
    if found is None:
        raise InvalidInput(f"Det finns ingen oanvänd reserv kvar att ersätta ärende {number} "
                           "med.")
    reserve = cases[found[0]]
    replacement = Replacement(number, reserve.number, reason,
                              group_text(stratum.get(number, [])),
                              group_text(stratum.get(reserve.number, [])), found[1])
    case.role, reserve.role = "replaced", "case"
    session.add(case)
    session.add(reserve)
    entry: dict[str, Any] = {"replaced": number, "by": reserve.number, "reason": reason,
                             "time": now_utc(), "user": current_user()}
    if not replacement.same_group:
        entry["other_group"] = {"from": replacement.group, "to": replacement.reserve_group}
    record["replacements"] = [*record.get("replacements", []), entry]
    stored.record = record
    session.add(stored)
    other = "" if replacement.same_group else ", ur en annan grupp"
    audit.record(session, review.id, audit.Change("replace", f"ärende {number}", None,
                                                  f"reserv {reserve.number}{other}: {reason}",
                                                  True))
    return replacement
