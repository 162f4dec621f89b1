"""Command-line handlers for drawing samples, replacing cases and the urvalsprotokoll."""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path

from internkontroll.cli_db import open_db, session_of
from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.importers.population import (
    Request,
    parse_between,
    parse_where,
)
from internkontroll.paths import AppPaths


def _size(text: str) -> int | None:
    if text.strip().casefold() in ("all", "alla", "samtliga"):
        return None
    if not text.strip().isdigit() or int(text) < 1:
        raise InvalidInput(f"--size '{shown(text)}' ska vara ett antal från 1, eller 'all'.")
    return int(text)


def _request(args: argparse.Namespace) -> Request:

    overrides = {}
    for item in args.map:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise InvalidInput(f"--map '{shown(item)}' ska skrivas FÄLT=RUBRIK.")
        overrides[field.strip()] = header.strip()
    columns = None
    if args.worklist:
        columns = [c.strip() for c in (args.worklist_columns or "").split(",") if c.strip()]
    return Request(Path(args.population), args.sheet, args.header_row, overrides,
                   [parse_where(w) for w in args.where], [parse_between(b) for b in args.between],
                   args.spread, args.balance, columns)


def cmd_sample(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.core.sampling import draw, number_frame
    from internkontroll.importers.population import no_cyclic_gc, read_population
    from internkontroll.reports.worklist import worklist_rows, write_worklist
    from internkontroll.store.reviews import get_review
    from internkontroll.store.sampling import (
        Settings,
        filter_record,
        get_record,
        members,
        save_mapping,
        saved_mappings,
        store_draw,
    )

    size = _size(args.size)
    if args.reserves < 0:
        raise InvalidInput("--reserves kan inte vara negativt.")
    if args.from_range is not None and (args.spread or args.balance or args.worklist):
        raise InvalidInput("--from-range kan inte kombineras med --spread, --balance eller "
                           "--worklist: det finns ingen fil att läsa fält ur.")
    from internkontroll.store.locking import require_editable

    db = open_db(paths, write=True)
    try:
        with no_cyclic_gc(), db.session() as session:
            review, template = get_review(session, args.review)
            require_editable(session, review)
            stored = get_record(session, args.review)
            seed = args.seed if args.seed is not None else (
                stored.seed if stored else secrets.randbelow(10**9))
            population = None
            if args.population:
                request = _request(args)
                request.saved_mappings = saved_mappings(session)
                population = read_population(request, template)
                frame = members(population, args.spread, args.balance)
            else:
                frame = number_frame(args.from_range)
            result = draw(frame, size, seed, spread=bool(args.spread),
                          balance=bool(args.balance), reserves=args.reserves)
            filters = filter_record([parse_where(w) for w in args.where],
                                    [parse_between(b) for b in args.between], population)
            if stored is not None:
                _check_same_draw(stored.record, population, result)
                print("Urvalet fanns redan; samma fil och frö ger samma urval.")
            else:
                store_draw(session, review, template, result, population,
                           Settings(size, seed, args.spread, args.balance, args.reserves,
                                    filters, args.from_range))
                if population is not None:
                    save_mapping(session, population)
            if args.worklist and population is not None:
                headers, rows = worklist_rows(population, result)
                write_worklist(Path(args.worklist), f"Arbetslista – {template.title}, "
                               f"{review.label}", headers, rows)
    finally:
        db.close()
    frame_text = (f"{len(population.frame)} ärenden ({population.frame_rows} rader)"
                  if population else f"{args.from_range} numrerade rader")
    sheet = f" Blad: {population.sheet}." if population and population.sheet else ""
    if population is not None:
        columns = population.columns
        reference = columns.fields["arende"]
        private = " (personnummer, lagras inte)" if reference in columns.identifying.values() \
            else ""
        print(f"Ärendekolumn: {columns.headers[reference]}{private}. Rubrikrad: "
              f"{population.header_line}.")
    print(f"Urval: {len(result.drawn)} ärenden och {len(result.reserves)} reserver ur "
          f"{frame_text}. Frö: {seed}.{sheet}")
    if args.worklist and population is not None:
        print(f"Arbetslistan är sparad i {args.worklist}. Den innehåller sekretessuppgifter.")
    return 0


def _check_same_draw(record: dict[str, object], population: object, result: object) -> None:
    source = record.get("source", {})
    sha = getattr(population, "sha256", None)
    if not isinstance(source, dict) or sha is None or source.get("sha256") != sha:
        raise InvalidInput("Kontrolltillfället har redan ett urval. Arbetslistan kan återskapas "
                           "med samma populationsfil, villkor och frö.")
    stored = [o["reference"] for o in record["order"]]  # type: ignore[index, attr-defined]
    drawn = [m.reference for m in [*result.drawn, *result.reserves]]  # type: ignore[attr-defined]
    if any(s is not None and s != d for s, d in zip(stored, drawn, strict=False)) \
            or len(stored) != len(drawn):
        raise InvalidInput("Villkoren skiljer sig från det sparade urvalet; arbetslistan kan "
                           "inte återskapas med dessa val.")


def cmd_replace(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.reviews import get_review
    from internkontroll.store.sampling import replace_case

    with session_of(paths, write=True) as session:
        review, _ = get_review(session, args.review)
        reserve = replace_case(session, review, args.case, args.reason)
    print(f"Ärende {args.case} är ersatt av reserven med löpnummer {reserve}.")
    return 0


def add_parsers(commands: argparse._SubParsersAction,
                review_actions: argparse._SubParsersAction) -> None:
    sample = commands.add_parser("sample", help="dra ett urval")
    sample.add_argument("review", type=int)
    source = sample.add_mutually_exclusive_group(required=True)
    source.add_argument("--population", metavar="FIL")
    source.add_argument("--from-range", type=int, metavar="N")
    sample.add_argument("--size", required=True, help="antal ärenden, eller 'all'")
    sample.add_argument("--sheet")
    sample.add_argument("--header-row", type=int)
    sample.add_argument("--map", action="append", default=[], metavar="FÄLT=RUBRIK")
    sample.add_argument("--where", action="append", default=[], metavar="FÄLT=V1,V2")
    sample.add_argument("--between", action="append", default=[], metavar="FÄLT=FRÅN..TILL")
    sample.add_argument("--spread", metavar="FÄLT")
    sample.add_argument("--balance", metavar="FÄLT")
    sample.add_argument("--reserves", type=int, default=0)
    sample.add_argument("--seed", type=int)
    sample.add_argument("--worklist", metavar="FIL.xlsx")
    sample.add_argument("--worklist-columns", metavar="R1,R2")
    sample.set_defaults(handler=cmd_sample)

    replace = review_actions.add_parser("replace", help="ersätt ett ärende med en reserv")
    replace.add_argument("review", type=int)
    replace.add_argument("case", type=int, help="löpnummer")
    replace.add_argument("--reason", required=True)
    replace.set_defaults(handler=cmd_replace)
