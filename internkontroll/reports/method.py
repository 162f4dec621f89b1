"""The method sentence of the redovisning: how the sample was drawn, told without the values
of any filter on a private column."""

from __future__ import annotations

from typing import Any

from internkontroll.core.formatting import count_text
from internkontroll.core.prose import count_phrase, join_and
from internkontroll.core.templates import Template, is_caseworker
from internkontroll.importers.columns import KNOWN_HEADERS, NAME, PERSONNUMMER, REFERENCE


def method_text(template: Template, record: dict[str, Any] | None, cases: int | None) -> str:
    if record is None:
        return template.plan.get("metod", "")
    words = template.words
    mode, frame = record["mode"], record["frame"]
    noun, rows = words.get("cases", "ärenden"), words.get("rows", "rader")
    if "from_range" in record["source"]:
        return (f"{count_text(cases or 0, 'ärende', 'ärenden')} har valts ut slumpvis bland "
                f"{frame['cases']} numrerade ärenden.")
    if mode["size"] == "all":
        text = f"Samtliga {frame['cases']} {noun} har granskats"
    else:
        text = count_text(mode["size"], "ärende", "ärenden")
        if mode["spread"]:
            strata = {s["spread"] for s in record["strata"]}
            covered = {s["spread"] for s in record["strata"] if s["drawn"]}
            label = mode["spread"].lower()
            text += (f" fördelade på samtliga {len(strata)} {label}" if covered == strata
                     else f" fördelade på {len(covered)} av {len(strata)} {label}")
        if mode["balance"]:
            text += f" med jämn fördelning efter {mode['balance'].lower()}"
        text += " har valts ut slumpvis bland "
        text += f"{frame['cases']} {noun}"
        if frame["rows"] != frame["cases"]:
            text += f" ({frame['rows']} {rows})"
    return text + conditions(record.get("filters", [])) + "."


def private_filter(condition: dict[str, Any]) -> bool:
    """A filter whose values never reach the nämnd; records made before the flag existed are
    judged by the column's name."""
    if "private" in condition:
        return bool(condition["private"])
    name = str(condition.get("field", ""))
    private_headers = {h for f in (REFERENCE, PERSONNUMMER, NAME) for h in KNOWN_HEADERS[f]}
    return is_caseworker(name) or name.strip().casefold() in private_headers


def conditions(filters: list[Any]) -> str:
    """The filters for the method sentence. A filter on the handläggare is told only as a count
    ("hos en handläggare"): the nämnd needs to know that the frame was narrowed to some
    caseworkers, not who. A filter on the case column or an identifying column is named
    without its values ("med villkor på ärendenummer")."""
    parts: list[str] = []
    caseworkers = 0
    for f in filters:
        if not isinstance(f, dict):
            continue
        name = str(f.get("field", "")).lower()
        if private_filter(f):
            if is_caseworker(name) and f.get("values"):
                caseworkers += len(f["values"])
            else:
                parts.append(f"villkor på {name}")
        elif "values" in f:
            parts.append(f"{name} {', '.join(f['values'])}")
        else:
            parts.append(f"{name} {f['from']}–{f['to']}")
    text = f" hos {count_phrase(caseworkers, 'handläggare', 'handläggare')}" if caseworkers \
        else ""
    return text + (" med " + join_and(parts) if parts else "")
