"""Storing a draw: the cases with löpnummer, only the allowed fields, and the sampling record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.core.personnummer import contains_personnummer
from internkontroll.core.sampling import ALGORITHM, Draw, Member
from internkontroll.core.templates import Template
from internkontroll.importers.columns import signature
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
    kept_fields = set(population.needed) - {a.key for a in template.attributes} \
        if population else set()
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
            if contains_personnummer(value):
                raise InvalidInput(f"Fältet '{shown(key)}' innehåller personnummer och kan inte "
                                   "lagras."
                                   " Ta bort fältet ur urvalet eller välj en annan kolumn.")
        reference = None if contains_personnummer(member.reference) else member.reference
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
        "sample", source, None, f"{len(draw.drawn)} ärenden och {len(draw.reserves)} reserver, "
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
    key = signature(population.columns.headers)
    stored = session.get(ColumnMapping, key) or ColumnMapping(signature=key, mapping={},
                                                              updated_at="")
    stored.mapping, stored.updated_at = dict(population.mapping), now_utc()
    session.add(stored)


def get_record(session: Session, review_id: int) -> SamplingRecord | None:
    return session.get(SamplingRecord, review_id)


def replace_case(session: Session, review: Review, number: int, reason: str) -> int:
    """Replace a drawn case by the first unused reserve of its stratum; returns its löpnummer."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Ange ett skäl till ersättningen, t.ex. 'akten saknas'.")
    if contains_personnummer(reason):
        raise InvalidInput("Skälet innehåller ett personnummer. Personnummer lagras aldrig.")
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
    stratum = {entry["lopnummer"]: entry["stratum"] for entry in record["order"]}
    reserve = next((c for n, c in cases.items()
                    if c.role == "reserve" and stratum.get(n) == stratum.get(number)), None)
    if reserve is None:
        raise InvalidInput(f"Det finns ingen oanvänd reserv i samma grupp som ärende {number}.")
    case.role, reserve.role = "replaced", "case"
    session.add(case)
    session.add(reserve)
    record["replacements"] = [*record.get("replacements", []),
                              {"replaced": number, "by": reserve.number, "reason": reason,
                               "time": now_utc(), "user": current_user()}]
    stored.record = record
    session.add(stored)
    audit.record(session, review.id, audit.Change("replace", f"ärende {number}", None,
                                                  f"reserv {reserve.number}: {reason}", True))
    return reserve.number
