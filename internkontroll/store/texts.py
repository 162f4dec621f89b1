"""Organisation settings and the free texts that go to the nämnd."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlmodel import Session, select

from internkontroll.core.errors import InvalidInput
from internkontroll.core.inputs import open_input
from internkontroll.core.limits import MAX_LOGO_BYTES, shown
from internkontroll.core.personnummer import contains_personnummer, refuse_personnummer
from internkontroll.core.templates import Template
from internkontroll.store.audit import Change, record
from internkontroll.store.backups import FOLDER_SETTING, remember_chosen_folder
from internkontroll.store.locking import require_editable
from internkontroll.store.models import Review, ReviewText, Setting

SETTINGS = {"kommun": "Kommun", "namnd": "Nämnd", "forvaltning": "Förvaltning",
            "logo": "Logotyp (bildfil)", "small_counts": "Dölj små tal (av, eller 1–10)",
            "osakerhet": "Osäkerheten i resultaten i redovisningen (ja eller nej)",
            FOLDER_SETTING: "Andra mapp för säkerhetskopior"}
TEXTS = ("sammanfattning", "analys", "atgardsforslag", "forslag_till_beslut", "diarienummer",
         "osakerhet")
CHOICES = {"osakerhet": ("ja", "nej")}  # texts that are a choice, not free text
# The plan texts a kontrolltillfälle may set instead of the template's (keys plan.<key>), and a
# note on the results missing from the measurement (plan.saknas).
PLAN_TEXTS = ("process", "kontrollmoment", "kontrollansvar", "metod", "matperiod", "saknas")
PLAN_PREFIX = "plan."
DEFAULT_PROPOSAL = ("att socialnämnden tar del av och godkänner redovisningen samt vidtagna och "
                    "planerade åtgärder")


def get_settings(session: Session) -> dict[str, str]:
    return {s.key: s.value for s in session.exec(select(Setting))}


def set_setting(session: Session, key: str, value: str) -> None:
    key = key.strip().casefold()
    if key not in SETTINGS:
        raise InvalidInput(f"Okänd inställning '{shown(key)}'. Kända: {', '.join(SETTINGS)}.")
    value = value.strip()
    if contains_personnummer(value):
        raise InvalidInput(f"Inställningen {shown(key)} innehåller ett personnummer.")
    if key == "small_counts" and value not in ("av", "off", "") and not (
            value.isdigit() and 1 <= int(value) <= 10):
        raise InvalidInput("small_counts ska vara 'av' eller ett tal från 1 till 10.")
    if key in CHOICES and value not in ("", *CHOICES[key]):
        raise InvalidInput(f"{key} ska vara {' eller '.join(CHOICES[key])}.")
    if key == "logo" and value:  # a regular image file, not a FIFO or a device
        open_input(Path(value), MAX_LOGO_BYTES, "Logotypen").close()
    if key == FOLDER_SETTING and value and not Path(value).is_dir():
        raise InvalidInput(f"Mappen {value} finns inte.")
    if key == FOLDER_SETTING and value:
        remember_chosen_folder(session, Path(value))  # gallring cleans it from now on
    stored = session.get(Setting, key)
    if (stored.value if stored else "") != value:
        record(session, None, Change("setting", key, stored.value if stored else None,
                                     value or None))
    if not value:
        if stored is not None:
            session.delete(stored)
        return
    stored = stored or Setting(key=key, value=value)
    stored.value = value
    session.add(stored)


def get_texts(session: Session, review_id: int) -> dict[str, str]:
    return {t.key: t.value for t in session.exec(
        select(ReviewText).where(ReviewText.review_id == review_id))}


def set_texts(session: Session, review: Review, template: Template,
              texts: Mapping[str, str]) -> None:
    """Save free texts; an empty text removes one. Keys: TEXTS, plan.<PLAN_TEXTS> and
    kommentar.<item>."""
    require_editable(session, review)
    items = {i.key for i in template.items}
    for key, value in texts.items():
        item = key.removeprefix("kommentar.")
        plan = key.startswith(PLAN_PREFIX) and key.removeprefix(PLAN_PREFIX) in PLAN_TEXTS
        if key not in TEXTS and not plan and not (key.startswith("kommentar.")
                                                  and item in items):
            raise InvalidInput(f"Okänd text '{shown(key)}'. Tillåtna: {', '.join(TEXTS)}, "
                               f"plan.<{'|'.join(PLAN_TEXTS)}> och "
                               "kommentar.<kontrollmoment>.")
        if key in CHOICES and value.strip() not in ("", *CHOICES[key]):
            raise InvalidInput(f"{key} ska vara {' eller '.join(CHOICES[key])}, eller tom för "
                               "att följa inställningen.")
        refuse_personnummer(value, f"Texten '{key}'", free_text=True)
        stored = session.get(ReviewText, (review.id, key))
        if (stored.value if stored else "") != value.strip():
            record(session, review.id, Change("text", key, stored.value if stored else None,
                                              value.strip() or None))
        if not value.strip():
            if stored is not None:
                session.delete(stored)
            continue
        stored = stored or ReviewText(review_id=review.id or 0, key=key, value="")
        stored.value = value.strip()
        session.add(stored)


def flatten_texts(data: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    """A parsed TOML of texts → {'sammanfattning': …, 'kommentar.ansokan': …}."""
    flat: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat |= flatten_texts(value, f"{name}.")
        elif isinstance(value, str):
            flat[name] = value
        else:
            raise InvalidInput(f"Texten '{shown(name)}' ska vara en sträng inom citattecken.")
    return flat
