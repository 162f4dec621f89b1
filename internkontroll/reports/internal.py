"""Internal documents (never for the nämnd): the urvalsprotokoll and the avvikelselista.

Every page says that it holds information covered by secrecy, and every file is written
readable only by the user (0600 on POSIX), also over an existing file (``write_internal``).
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from internkontroll.core.errors import InvalidInput
from internkontroll.core.formatting import count_text
from internkontroll.reports.deviations import DeviationList
from internkontroll.reports.layout import Meta, build, para, styles, table
from internkontroll.store.clock import local_text
from internkontroll.store.files import write_private

INTERNAL = "Intern – innehåller uppgifter som omfattas av sekretess"
ROLES = {"case": "Urval", "reserve": "Reserv", "replaced": "Ersatt"}


def write_internal(path: Path, story: list[Any], meta: Meta) -> None:
    """Lay out an internal document and save it, whole, as a private file."""
    buffer = BytesIO()
    build(buffer, story, meta)
    write_private(path, buffer.getvalue())


def filter_text(condition: dict[str, Any]) -> str:
    """'Försörjningshinder: A eller B' or 'Beslutsdatum: 2022-04-01–2022-09-30'."""
    if "values" in condition:
        return f"{condition['field']}: {' eller '.join(condition['values'])}"
    return f"{condition['field']}: {condition['from']}–{condition['to']}"


def record_facts(record: dict[str, Any]) -> list[tuple[str, str]]:
    """The sampling record's key facts as label/value rows."""
    source, frame, mode = record["source"], record["frame"], record["mode"]
    if "file" in source:
        skipped = ", ".join(f"{n} {reason}" for reason, n in source["skipped"].items() if n)
        facts = [("Fil", source["file"]), ("SHA-256", source["sha256"]),
                 ("Blad", source["sheet"] or "–"), ("Rubrikrad", str(source["header_line"])),
                 ("Ärendekolumn", source.get("case_column", "–")),
                 ("Rader lästa", str(source["rows_read"])),
                 ("Rader överhoppade", skipped or "inga"),
                 ("Rader som uppfyller villkoren", str(source["rows_kept"]))]
    else:
        facts = [("Källa", f"Numrerad lista med {source['from_range']} rader (utan fil)")]
    size = mode["size"]
    facts += [
        ("Villkor", "; ".join(filter_text(f) for f in record["filters"]) or "inga"),
        ("Urvalsram", f"{count_text(frame['cases'], 'ärende', 'ärenden')} "
                      f"({count_text(frame['rows'], 'rad', 'rader')})"),
        ("Urvalets storlek", "samtliga (totalundersökning)" if size == "all" else str(size)),
        ("Spridning över", mode["spread"] or "–"), ("Jämn fördelning på", mode["balance"] or "–"),
        ("Reserver", str(mode["reserves"])),
        ("Algoritm", record["algorithm"]), ("Frö", str(record["seed"])),
        ("Dragen", f"{local_text(record['time'])} av {record['user']}"),
    ]
    return facts


def write_urvalsprotokoll(path: Path, record: dict[str, Any], title: str) -> None:
    """Lay out a sampling record for a revisor."""
    if "order" not in record:  # gallring kept how the draw was made, not which cases
        raise InvalidInput("Kontrolltillfället är gallrat: vilka ärenden som drogs finns inte "
                           "längre, så urvalsprotokollet kan inte göras.")
    style = styles()
    label = record["review"]["label"]
    story: list[Any] = [
        Paragraph("Urvalsprotokoll", style["h1"]),
        para(f"{title}, kontrolltillfälle {label}", style["body"]),
        Spacer(0, 4 * mm),
        table([[k, v] for k, v in record_facts(record)], [55 * mm, 115 * mm], style,
              header=False),
        Paragraph("Så gick dragningen till", style["h2"]),
        Paragraph(
            "Ramen sorteras på ärendenummer. Varje ärende i ramen får i tur och ordning ett "
            "slumptal från Pythons <i>random.Random(frö).random()</i>. Inom varje grupp väljs "
            "de ärenden som fått lägst slumptal, så många som gruppen tilldelats; reserverna är "
            "de närmast följande. Löpnumren följer slumptalens ordning. Med samma fil, samma "
            "villkor och samma frö blir urvalet detsamma.", style["body"]),
    ]
    strata, mode = record.get("strata", []), record["mode"]
    if len(strata) > 1:
        names = [f for f in (mode["spread"], mode["balance"]) if f]
        rows = [[*(v or "(tomt)" for v, f in zip((s["spread"], s["balance"]),
                                                 (mode["spread"], mode["balance"]), strict=True)
                   if f), str(s["frame"]), str(s["drawn"]), str(s["reserves"])]
                for s in strata]
        width = 95 * mm / len(names)
        story += [Paragraph("Grupper (strata)", style["h2"]),
                  table([[n.capitalize() for n in names] + ["I ramen", "Dragna", "Reserver"]]
                        + rows, [width] * len(names) + [25 * mm] * 3, style)]
    story += [Paragraph("Dragna ärenden i dragningsordning", style["h2"]),
              table([["Löpnummer", "Ärende", "Roll", "Grupp"]]
                    + [[str(o["lopnummer"]), o["reference"] or "(personnummer, lagras ej)",
                        ROLES.get(o["role"], o["role"]),
                        " / ".join(v for v in o["stratum"] if v) or "–"]
                       for o in record["order"]],
                    [25 * mm, 55 * mm, 25 * mm, 65 * mm], style)]
    if record.get("replacements"):
        story += [Paragraph("Ersättningar", style["h2"]),
                  table([["Ersatt", "Ersatt av", "Skäl", "Av"]]
                        + [[str(r["replaced"]), str(r["by"]), _reason(r), r["user"]]
                           for r in record["replacements"]],
                        [25 * mm, 25 * mm, 80 * mm, 40 * mm], style)]
    write_internal(path, story, Meta(f"Urvalsprotokoll {label}", "Internkontroll", INTERNAL,
                                     f"Urvalsprotokoll – {label}", INTERNAL))


def _reason(replacement: dict[str, Any]) -> str:
    """The reason, and that the reserve came from another group when its own had none left."""
    other = replacement.get("other_group")
    if not other:
        return str(replacement["reason"])
    return (f"{replacement['reason']}. Reserven kommer från gruppen {other['to']}: gruppen "
            f"{other['from']} hade ingen reserv kvar.")


def write_avvikelselista(path: Path, data: DeviationList) -> None:
    """Per item, the löpnummer answered other than the headline option, with their notes."""
    style = styles()
    story: list[Any] = [
        Paragraph("Avvikelselista", style["h1"]),
        para(f"{data.title}, kontrolltillfälle {data.label}", style["body"]),
        Paragraph("Underlag för återkoppling i handläggargruppen. Lämnas inte till nämnden. "
                  "Ärendena anges med löpnummer; arbetslistan visar vilka ärenden det är.",
                  style["note"]),
    ]
    for text, found in data.items:
        story.append(para(text, style["h3"]))
        if not found:
            story.append(Paragraph("Inga avvikelser.", style["body"]))
            continue
        story.append(table([["Löpnummer", "Bedömning", "Anteckning"]]
                           + [[str(d.number), d.answer, d.note] for d in found],
                           [25 * mm, 35 * mm, 110 * mm], style))
    write_internal(path, story, Meta(f"Avvikelselista {data.label}", "Internkontroll",
                                     INTERNAL, f"Avvikelselista – {data.label}", INTERNAL))
