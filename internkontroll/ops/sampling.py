"""Drawing a sample (urval): the frame, a column's values, the draw, replacing a case, and
"Ny kontroll som förra gången". The command line and the sampling dialog call these.

A long read takes ``progress``, called with the rows read so far; it may raise to stop the
read (the GUI's ``Cancelled``), so the caller decides how cancelling works.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.ops import NOTHING, Changes, Done

if TYPE_CHECKING:
    from sqlmodel import Session

    from internkontroll.core.sampling import Draw
    from internkontroll.core.templates import Template
    from internkontroll.importers.population import Population, Request
    from internkontroll.store.carry import CarryOver
    from internkontroll.store.db import Database
    from internkontroll.store.sampling import Replacement

Progress = Callable[[int], None]


class ColumnNotChosen(InvalidInput):
    """A column the draw needs was left unchosen; ``field`` is its key (``arende`` …)."""

    def __init__(self, field_key: str, what: str) -> None:
        self.field = field_key
        super().__init__(f"Välj vilken kolumn som innehåller {what}.")


@dataclass(frozen=True)
class NewReview:
    """A review to create with the draw, in the same transaction (the GUI's way)."""

    template_key: str
    label: str
    when: str | None = None
    period: tuple[str, str] | None = None


@dataclass
class Choices:
    """How to draw: from a population file (``request``) or from the numbers 1…``from_range``."""

    request: Request | None
    size: int | None  # None: census (totalundersökning)
    reserves: int = 0
    seed: int | None = None  # None: the stored draw's seed, or a new random one
    from_range: int | None = None
    worklist: bool = False  # give the work list's rows back (never stored)
    # The column choices remembered for this file layout apply (the command line); the GUI
    # shows them in its form already, so there an unchosen column stays unchosen.
    remembered: bool = True


@dataclass(frozen=True)
class Group:
    """One stratum of the frame: its values as shown, and its share of the sample."""

    name: str
    drawn: int
    frame: int


@dataclass(frozen=True)
class Frame:
    """The urvalsram a file and its conditions give, and how a sample would spread over it."""

    cases: int
    rows: int
    rows_read: int
    groups: list[Group] = field(default_factory=list)


@dataclass(frozen=True)
class Drawn:
    """What a draw did, as plain values."""

    review_id: int
    seed: int
    drawn: int
    reserves: int
    existed: bool  # the review had this very draw already; only the work list was made again
    frame_cases: int
    frame_rows: int | None  # None: a number draw
    from_range: int | None = None
    sheet: str | None = None
    header_line: int | None = None
    case_column: str | None = None
    case_column_private: bool = False
    worklist_headers: list[str] = field(default_factory=list)
    worklist_rows: list[tuple[int, str, list[str]]] = field(default_factory=list)
    worklist_title: str = ""


def saved_mappings(db: Database) -> Done[dict[str, dict[str, str]]]:
    """The column choices made before, by file layout (header signature)."""
    from internkontroll.store.sampling import saved_mappings as stored

    with db.session() as session:
        return Done(stored(session))


def filter_values(path: Path, sheet: str | None, header_row: int, column: int,
                  progress: Progress | None = None) -> Done[list[str]]:
    """The distinct values of one column, to choose a condition (Villkor) from."""
    from internkontroll.importers.population import column_values

    return Done(column_values(path, sheet, header_row, column, progress=progress))


def check_choices(request: Request, template: Template) -> None:
    """Refuse a column left unchosen, in words that fit the command line and the GUI."""
    labels = {a.key: a.label.lower() for a in template.attributes}
    for key, header in request.overrides.items():
        if not header.strip():
            raise ColumnNotChosen(key, "ärendenumret" if key == "arende"
                                  else f"uppgiften '{labels.get(key, key)}'")


def _read(session: Session, request: Request, template: Template,
          progress: Progress | None, remembered: bool) -> Population:
    from internkontroll.importers.population import read_population
    from internkontroll.store.sampling import saved_mappings as stored

    check_choices(request, template)
    request = replace(request, saved_mappings=stored(session) if remembered else {},
                      progress=progress or request.progress)
    return read_population(request, template)


def frame_preview(db: Database, template_key: str, request: Request, size: int | None,
                  progress: Progress | None = None, remembered: bool = True) -> Done[Frame]:
    """Read the file and count the urvalsram, and how ``size`` cases would spread over its
    groups (the allocation does not depend on the seed). ``remembered``: as in ``Choices``."""
    from internkontroll.core.sampling import draw
    from internkontroll.importers.population import no_cyclic_gc
    from internkontroll.store.sampling import group_text, members
    from internkontroll.store.templates import latest_template

    with no_cyclic_gc():
        with db.session() as session:
            _, template = latest_template(session, template_key)
            population = _read(session, request, template, progress, remembered)
        groups: list[Group] = []
        if population.frame and (size is None or size <= len(population.frame)):
            result = draw(members(population, request.spread, request.balance), size, 1,
                          spread=bool(request.spread), balance=bool(request.balance))
            if len(result.strata) > 1:
                groups = [Group(group_text([str(s["spread"]), str(s["balance"])]),
                                int(str(s["drawn"])), int(str(s["frame"])))
                          for s in result.strata]
        frame = Frame(len(population.frame), population.frame_rows, population.rows_read,
                      groups)
        del population  # freed now, so the collector has little to walk when it resumes
    return Done(frame)


def draw_sample(db: Database, target: int | NewReview, choices: Choices,
                progress: Progress | None = None,
                then: Callable[[Drawn], None] | None = None) -> Done[Drawn]:
    """Draw into review ``target``, or into a new review made in the same transaction.

    A review that has a draw already is not drawn again: the same file and seed give the work
    list again, and anything else is refused. ``then`` is called with the result before it
    is committed; an error there undoes the draw (the command line writes its work list so,
    and a draw whose work list cannot be written is not kept).
    """
    from internkontroll.core.sampling import draw, number_frame
    from internkontroll.importers.population import no_cyclic_gc
    from internkontroll.reports.worklist import worklist_rows
    from internkontroll.store.locking import require_editable
    from internkontroll.store.reviews import create_review, get_review
    from internkontroll.store.sampling import (
        Settings,
        filter_record,
        get_record,
        members,
        save_mapping,
        store_draw,
    )
    from internkontroll.store.templates import latest_template

    request = choices.request
    with no_cyclic_gc(), db.session() as session:
        if isinstance(target, NewReview):
            review = None
            _, template = latest_template(session, target.template_key)
            stored = None
        else:
            review, template = get_review(session, target)
            require_editable(session, review)
            stored = get_record(session, target)
        seed = choices.seed if choices.seed is not None else (
            stored.seed if stored else secrets.randbelow(10**9))
        population = None
        if request is not None:
            population = _read(session, request, template, progress,
                               choices.remembered)
            frame = members(population, request.spread, request.balance)
        else:
            frame = number_frame(choices.from_range or 0)
        spread, balance = (request.spread, request.balance) if request else (None, None)
        result = draw(frame, choices.size, seed, spread=bool(spread), balance=bool(balance),
                      reserves=choices.reserves)
        filters = filter_record(request.where, request.between, population) if request \
            else []
        if stored is not None:
            _check_same_draw(stored.record, population, result)
        else:
            if review is None:
                assert isinstance(target, NewReview)
                review = create_review(session, target.template_key, target.label,
                                       target.when, target.period)
            store_draw(session, review, template, result, population,
                       Settings(choices.size, seed, spread, balance, choices.reserves,
                                filters, choices.from_range))
            if population is not None:
                save_mapping(session, population)
        assert review is not None
        drawn = _drawn(review.id or 0, seed, result, population, choices, stored is not None)
        if choices.worklist and population is not None:
            headers, rows = worklist_rows(population, result)
            drawn = replace(drawn, worklist_headers=headers, worklist_rows=rows,
                            worklist_title=f"Arbetslista – {template.title}, {review.label}")
        del population, result  # freed before the collector resumes
        if then is not None:
            then(drawn)
    changes = Changes(reviews=frozenset({drawn.review_id}), review_list=True)
    return Done(drawn, NOTHING if drawn.existed else changes)


def _drawn(review_id: int, seed: int, result: Draw, population: Population | None,
           choices: Choices, existed: bool) -> Drawn:
    if population is None:
        return Drawn(review_id, seed, len(result.drawn), len(result.reserves), existed,
                     choices.from_range or 0, None, choices.from_range)
    columns = population.columns
    reference = columns.fields["arende"]
    return Drawn(review_id, seed, len(result.drawn), len(result.reserves), existed,
                 len(population.frame), population.frame_rows, None, population.sheet,
                 population.header_line, columns.headers[reference],
                 reference in columns.identifying.values())


def _check_same_draw(record: dict[str, Any], population: Population | None,
                     result: Draw) -> None:
    source = record.get("source", {})
    sha = getattr(population, "sha256", None)
    if not isinstance(source, dict) or sha is None or source.get("sha256") != sha:
        drawn_from = f", draget ur {shown(str(source['file']))}" \
            if isinstance(source, dict) and source.get("file") else ""
        raise InvalidInput(f"Kontrolltillfället har redan ett urval{drawn_from}. Arbetslistan "
                           "kan bara återskapas ur samma fil, med samma villkor och frö.")
    stored = [o["reference"] for o in record["order"]]
    drawn = [m.reference for m in [*result.drawn, *result.reserves]]
    if any(s is not None and s != d for s, d in zip(stored, drawn, strict=False)) \
            or len(stored) != len(drawn):
        raise InvalidInput("Villkoren skiljer sig från det sparade urvalet; arbetslistan kan "
                           "inte återskapas med dessa val.")


def worklist_again(db: Database, review_id: int, path: Path,
                   progress: Progress | None = None) -> Done[Drawn]:
    """The arbetslista of review ``review_id`` made again from its population file, with the
    choices its sampling record keeps; a different file is refused (its SHA-256 is checked).
    The arbetslista is never stored, so only the file can give it back."""
    from internkontroll.importers.population import Request
    from internkontroll.store.sampling import get_record

    with db.session() as session:
        stored = get_record(session, review_id)
    if stored is None:
        raise InvalidInput(f"Kontrolltillfälle {review_id} har inget urval.")
    record = stored.record
    source, mode = record.get("source", {}), record["mode"]
    if "sha256" not in source:
        raise InvalidInput(f"Urvalet i kontrolltillfälle {review_id} drogs bland löpnummer och "
                           "har ingen arbetslista.")
    filters = record.get("filters", [])
    request = Request(path, source.get("sheet"), source.get("header_line"),
                      where=[(f["field"], f["values"]) for f in filters if "values" in f],
                      between=[(f["field"], f["from"], f["to"]) for f in filters
                               if "from" in f],
                      spread=mode.get("spread"), balance=mode.get("balance"),
                      worklist_columns=[])
    size = None if mode["size"] == "all" else int(mode["size"])
    return draw_sample(db, review_id, Choices(request, size, int(mode.get("reserves", 0)),
                                              int(record["seed"]), worklist=True), progress)


def replace_case(db: Database, review_id: int, number: int, reason: str
                 ) -> Done[Replacement]:
    """Replace drawn case ``number`` by a reserve of its group, or of another group when its
    own has none left; ``value.message`` says which, for the command line and the GUI."""
    from sqlmodel import col, select

    from internkontroll.store.models import Case
    from internkontroll.store.reviews import get_review
    from internkontroll.store.sampling import replace_with_reserve

    with db.session() as session:
        review, _ = get_review(session, review_id)
        replacement = replace_with_reserve(session, review, number, reason)
        ids = session.exec(select(Case.id).where(
            Case.review_id == review_id,
            col(Case.number).in_([number, replacement.reserve]))).all()
    return Done(replacement, Changes(reviews=frozenset({review_id}),
                                     cases=frozenset(i for i in ids if i is not None),
                                     review_list=True))


def carry_over(db: Database, review_id: int) -> Done[CarryOver]:
    """What "Ny kontroll som förra gången" takes over from review ``review_id`` (never its
    texts)."""
    from internkontroll.store.carry import carry_over as carried

    with db.session() as session:
        return Done(carried(session, review_id))
