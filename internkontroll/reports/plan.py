"""The plan texts of a redovisning: the template's [plan] as defaults, each overridable by the
kontrolltillfälle's own text (``plan.<key>`` among its texts), and the note on results missing
from the measurement. Every document takes its plan rows and its method text from here.

The mätperiod is a row of its own ("Mätperiod: …") after Kontrollansvar: the reader of the
plan section sees what was measured, how often, by whom and over which period. It comes from
the kontrolltillfälle's own text, else the period stored with it, else the template's
``matperiod``. The method sentence keeps its own wording, since it tells the frame that was
actually drawn from (its date filters included).
"""

from __future__ import annotations

from collections.abc import Mapping

from internkontroll.core.templates import Template
from internkontroll.store.texts import PLAN_PREFIX, PLAN_TEXTS

KONTROLLMOMENT = "Kontrollmoment"  # the row the outline puts before the list of items
MISSING = "Vid mätningen saknas resultat från"
LABELS = {"process": "Process/rutin", "kontrollmoment": KONTROLLMOMENT,
          "kontrollansvar": "Kontrollansvar", "metod": "Metod", "matperiod": "Mätperiod",
          "saknas": f"{MISSING} …"}


def defaults(template: Template, method: str = "",
             period: tuple[str, str] | None = None) -> dict[str, str]:
    """What applies to each plan text when the kontrolltillfälle gives none: the template's
    text, the generated ``method`` sentence, the review's stored ``period``."""
    found = {key: template.plan.get(key, "").strip() for key in PLAN_TEXTS}
    found["saknas"] = ""  # belongs to one measurement, never to the template
    found["metod"] = method or found["metod"]
    if period is not None:
        found["matperiod"] = f"{period[0]}–{period[1]}"
    return found


def _applies(key: str, texts: Mapping[str, str], fallback: Mapping[str, str]) -> str:
    return texts.get(PLAN_PREFIX + key, "").strip() or fallback.get(key, "")


def plan_texts(template: Template, texts: Mapping[str, str],
               period: tuple[str, str] | None = None) -> list[tuple[str, str]]:
    """The plan rows (label, text): Process/rutin first (the outline puts it before the
    items), the kontrollmoment intro where there is one, Frekvens, Kontrollansvar, and the
    Mätperiod where there is one."""
    fallback = defaults(template, period=period)
    rows = [("Process/rutin", _applies("process", texts, fallback))]
    if intro := _applies("kontrollmoment", texts, fallback):
        rows.append((KONTROLLMOMENT, intro))
    rows += [("Frekvens", template.plan.get("frekvens", "")),
             ("Kontrollansvar", _applies("kontrollansvar", texts, fallback))]
    if period_text := _applies("matperiod", texts, fallback):
        rows.append(("Mätperiod", period_text))
    return rows


def missing_note(text: str) -> str:
    """'Solgården och Björkbacken' → 'Vid mätningen saknas resultat från Solgården och
    Björkbacken.'; a text that already starts so is kept as written."""
    text = text.strip()
    if not text:
        return ""
    if text.casefold().startswith(MISSING.casefold()):
        return text if text.endswith((".", "!", "?")) else f"{text}."
    return f"{MISSING} {text.rstrip('.')}."


def method_override(texts: Mapping[str, str], generated: str) -> str:
    """The method text: the kontrolltillfälle's own, else the ``generated`` sentence (or the
    template's metod), followed by the note on missing results."""
    method = texts.get(PLAN_PREFIX + "metod", "").strip() or generated
    note = missing_note(texts.get(PLAN_PREFIX + "saknas", ""))
    return f"{method} {note}".strip() if note else method
