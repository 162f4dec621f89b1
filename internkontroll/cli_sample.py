"""Command-line handlers for drawing samples, replacing cases and the urvalsprotokoll."""

from __future__ import annotations

import argparse
from pathlib import Path

from internkontroll.cli_db import opened
from internkontroll.cli_parser import REVIEW_NUMBER
from internkontroll.core.errors import InvalidInput
from internkontroll.core.formatting import count_text
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
    from internkontroll.ops.sampling import Choices, Drawn, draw_sample
    from internkontroll.reports.worklist import write_worklist

    size = _size(args.size)
    if args.reserves < 0:
        raise InvalidInput("--reserves kan inte vara negativt.")
    if args.from_range is not None and (args.spread or args.balance or args.worklist):
        raise InvalidInput("--from-range kan inte kombineras med --spread, --balance eller "
                           "--worklist: det finns ingen fil att läsa fält ur.")
    request = _request(args) if args.population else None
    choices = Choices(request, size, args.reserves, args.seed, args.from_range,
                      worklist=bool(args.worklist))

    def keep(drawn: Drawn) -> None:  # in the draw's transaction: no work list, no draw
        if drawn.existed:
            print("Urvalet fanns redan; samma fil och frö ger samma urval.")
        if args.worklist and request is not None:
            write_worklist(Path(args.worklist), drawn.worklist_title, drawn.worklist_headers,
                           drawn.worklist_rows)

    with opened(paths, write=True) as db:
        drawn = draw_sample(db, args.review, choices, then=keep).value
    frame_text = (f"{count_text(drawn.frame_cases, 'ärende', 'ärenden')} "
                  f"({count_text(drawn.frame_rows, 'rad', 'rader')})"
                  if drawn.frame_rows is not None else f"{args.from_range} numrerade rader")
    sheet = f" Blad: {drawn.sheet}." if drawn.sheet else ""
    if drawn.case_column is not None:
        private = " (personnummer, lagras inte)" if drawn.case_column_private else ""
        print(f"Ärendekolumn: {drawn.case_column}{private}. Rubrikrad: "
              f"{drawn.header_line}.")
    print(f"Urval: {count_text(drawn.drawn, 'ärende', 'ärenden')} och "
          f"{count_text(drawn.reserves, 'reserv', 'reserver')} ur "
          f"{frame_text}. Frö: {drawn.seed}.{sheet}")
    if args.worklist and request is not None:
        print(f"Arbetslistan är sparad i {args.worklist}. Den innehåller sekretessuppgifter.")
    return 0


def cmd_replace(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops.sampling import replace_case

    with opened(paths, write=True) as db:
        replacement = replace_case(db, args.review, args.case, args.reason).value
    print(replacement.message)
    return 0


def add_parsers(commands: argparse._SubParsersAction,
                review_actions: argparse._SubParsersAction) -> None:
    sample = commands.add_parser("sample", help="dra ett urval")
    sample.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    source = sample.add_mutually_exclusive_group(required=True)
    source.add_argument("--population", metavar="FIL",
                        help="listan ur verksamhetssystemet att dra ur (CSV eller XLSX)")
    source.add_argument("--from-range", type=int, metavar="N",
                        help="utan fil: dra bland raderna 1–N i en numrerad lista")
    sample.add_argument("--size", required=True, metavar="ANTAL",
                        help="antal ärenden, eller all för hela urvalsramen")
    sample.add_argument("--sheet", metavar="BLAD",
                        help="bladet i Excel-filen (standard: första bladet med data)")
    sample.add_argument("--header-row", type=int, metavar="N",
                        help="rubrikradens nummer, räknat från 1 (standard: första raden med "
                             "kända rubriker)")
    sample.add_argument("--map", action="append", default=[], metavar="FÄLT=RUBRIK",
                        help="läs fältet ur kolumnen med rubriken, t.ex. handlaggare=Utredare; "
                             "kan upprepas")
    sample.add_argument("--where", action="append", default=[], metavar="FÄLT=V1,V2",
                        help="bara rader där fältet har ett av värdena (komma i ett värde: \\,); "
                             "kan upprepas")
    sample.add_argument("--between", action="append", default=[], metavar="FÄLT=FRÅN..TILL",
                        help="bara rader där fältet ligger i intervallet, gränserna inräknade; "
                             "datum ÅÅÅÅ-MM-DD eller tal")
    sample.add_argument("--spread", metavar="FÄLT",
                        help="fördela urvalet på fältets värden, t.ex. handläggare")
    sample.add_argument("--balance", metavar="FÄLT",
                        help="jämn fördelning mellan fältets värden, t.ex. kön")
    sample.add_argument("--reserves", type=int, default=0, metavar="ANTAL",
                        help="antal reserver att dra efter urvalet (standard: 0)")
    sample.add_argument("--seed", type=int, metavar="FRÖ",
                        help="frö för slumpen; samma fil, villkor och frö ger samma urval "
                             "(standard: nytt, eller det sparade urvalets)")
    sample.add_argument("--worklist", metavar="FIL.xlsx",
                        help="spara arbetslistan (löpnummer och identifierande kolumner) i filen")
    sample.add_argument("--worklist-columns", metavar="R1,R2",
                        help="arbetslistans kolumner, rubriker med komma emellan (standard: "
                             "ärendekolumnen, personnummer, namn)")
    sample.set_defaults(handler=cmd_sample)

    replace = review_actions.add_parser("replace", help="ersätt ett ärende med en reserv")
    replace.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    replace.add_argument("case", type=int, metavar="LÖPNUMMER",
                         help="löpnumret på ärendet som ska ersättas")
    replace.add_argument("--reason", required=True, metavar="TEXT",
                         help="skälet, t.ex. 'akten saknas'; står i urvalsprotokollet")
    replace.set_defaults(handler=cmd_replace)
