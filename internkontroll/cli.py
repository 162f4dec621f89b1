"""The command line (SPEC § 8). Every command is a thin call into core/, importers/ and store/.

Errors become one Swedish line on stderr and an exit code: 3 invalid input, 4 locked review,
5 database in use. Nothing is written when a command fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from internkontroll.cli_db import opened
from internkontroll.cli_parser import REVIEW_NUMBER, Parser
from internkontroll.core.formatting import count_text
from internkontroll.paths import AppPaths

Handler = Callable[[argparse.Namespace, AppPaths], int]


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_templates(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.core.limits import shown
    from internkontroll.ops.templates import list_templates_in

    found, stored = list_templates_in(paths).value
    if not stored:  # a listing creates nothing; say so, in case the path was mistyped
        print(f"internkontroll: databasen {shown(paths.db.name)} finns inte ännu; det här är "
              "kontrollerna som följer med programmet.", file=sys.stderr)
    if args.json:
        _print_json([{"id": control.id} | control.raw for control in found])
    else:
        for c in found:
            print(f"{c.key:<22} v{c.version}  {c.title} ({c.items} kontrollmoment)")
    return 0


def cmd_review_new(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import reviews

    period = reviews.check_period(args.period_start, args.period_end)  # before a file is made
    with opened(paths, write=True, create=True) as db:
        review_id = reviews.create(db, args.template, args.label, args.date, period).value
    print(review_id)
    return 0


def cmd_review_counts(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import reviews

    with opened(paths, write=True, create=True) as db:
        review_id = reviews.create(db, args.template, args.label, args.date,
                                   counts=Path(args.file)).value
    print(review_id)
    return 0


def cmd_review_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import reviews

    with opened(paths, write=False) as db:
        found = reviews.list_all(db, args.template).value
    if args.json:
        _print_json([vars(r) for r in found])
        return 0
    for r in found:
        progress = "" if r.cases is None else f"  {r.complete_cases} av {r.cases} ärenden klara"
        print(f"{r.id:>4}  {r.template:<22} {r.label:<10} {r.date}  {r.status}{progress}")
    return 0


def cmd_review_import(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops.scoring import import_file

    with opened(paths, write=True) as db:
        touched = import_file(db, args.review, Path(args.file)).value
    print(f"{count_text(touched, 'ärende', 'ärenden')} importerade till kontrolltillfälle "
          f"{args.review}.")
    return 0


def cmd_review_cases(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import reviews

    with opened(paths, write=False) as db:
        listing = reviews.cases(db, args.review).value
    if args.json:
        _print_json([vars(c) for c in listing.cases])
        return 0
    template = listing.template
    roles = {"case": "", "reserve": " (reserv)", "replaced": " (ersatt)"}
    for c in listing.cases:
        attributes = ", ".join(f"{template.attribute(k).label}: "
                               f"{template.attribute(k).label_of(v)}"
                               for k, v in c.attributes.items() if v)
        print(f"{c.number:>4}{roles.get(c.role, '')}  {c.reference or ''}  "
              f"{len(c.answers)} av {len(template.items)} bedömda  {attributes}")
    return 0


def cmd_results(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops.documents import results_json

    with opened(paths, write=False) as db:
        document = results_json(db, args.review, args.by).value
    _print_json(document)
    return 0


def cmd_gui(args: argparse.Namespace, paths: AppPaths) -> int:
    import os

    from internkontroll.app import run
    from internkontroll.paths import ENV_DB

    return run(paths, screenshot=args.screenshot, view=args.view, review=args.review,
               chosen=bool(args.db or os.environ.get(ENV_DB)))


class _Parser(Parser):  # argparse's own texts (help, usage, errors) said in Swedish
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="internkontroll",
                     description="Internkontroll i socialtjänsten. Utan kommando öppnas fönstret.")
    parser.add_argument("--db", metavar="SÖKVÄG", help="databasfil eller postgresql://… (annars "
                        "INTERNKONTROLL_DB eller standardplatsen)")
    parser.add_argument("--screenshot", metavar="FIL.png", help="spara en bild av fönstret")
    parser.add_argument("--view", choices=["start", "scoring", "results"], default="start",
                        help="vy för --screenshot: start (startsidan), scoring (bedömning) eller "
                             "results (resultat)")
    parser.add_argument("--review", type=int, metavar="ID", help="kontrolltillfälle för --view")
    parser.set_defaults(handler=cmd_gui)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    control = "kontrollens nyckel, t.ex. ekonomiskt-bistand (se templates)"

    templates = commands.add_parser("templates", help="lista kontroller (mallar)")
    templates.add_argument("--json", action="store_true",
                           help="skriv ut kontrollerna i sin helhet som JSON")
    templates.set_defaults(handler=cmd_templates)

    review = commands.add_parser("review", help="kontrolltillfällen")
    actions = review.add_subparsers(dest="action", required=True, parser_class=_Parser)
    new = actions.add_parser("new", help="nytt kontrolltillfälle; skriver ut dess id")
    new.add_argument("template", metavar="NYCKEL", help=control)
    new.add_argument("--label", required=True, metavar="ETIKETT",
                     help="namnet i jämförelserna, t.ex. 'Nov -22' (unikt inom kontrollen)")
    new.add_argument("--date", metavar="ÅÅÅÅ-MM-DD",
                     help="kontrolltillfällets datum; avgör ordningen i jämförelsen "
                          "(standard: i dag)")
    new.add_argument("--period-start", metavar="ÅÅÅÅ-MM-DD",
                     help="mätperiodens första dag; anges med --period-end")
    new.add_argument("--period-end", metavar="ÅÅÅÅ-MM-DD",
                     help="mätperiodens sista dag; anges med --period-start")
    new.set_defaults(handler=cmd_review_new)
    counts = actions.add_parser("counts", help="jämförelseperiod med endast antal")
    counts.add_argument("template", metavar="NYCKEL", help=control)
    counts.add_argument("--label", required=True, metavar="ETIKETT",
                        help="periodens namn i jämförelserna, t.ex. 'Maj -22'")
    counts.add_argument("--date", required=True, metavar="ÅÅÅÅ-MM-DD",
                        help="periodens datum; avgör ordningen i jämförelsen")
    counts.add_argument("file", metavar="FIL",
                        help="CSV/XLSX: kolumnen kontrollmoment och antal per bedömning")
    counts.set_defaults(handler=cmd_review_counts)
    listing = actions.add_parser("list", help="lista kontrolltillfällen")
    listing.add_argument("--template", metavar="NYCKEL",
                         help="bara kontrolltillfällena av den här kontrollen")
    listing.add_argument("--json", action="store_true", help="skriv ut listan som JSON")
    listing.set_defaults(handler=cmd_review_list)
    importing = actions.add_parser("import", help="importera bedömningar från CSV/XLSX")
    importing.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    importing.add_argument("file", metavar="FIL",
                           help="ifylld bedömningsfil (CSV/XLSX) med en rad per ärende")
    importing.set_defaults(handler=cmd_review_import)
    cases = actions.add_parser("cases", help="lista ärenden")
    cases.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    cases.add_argument("--json", action="store_true", help="skriv ut ärendena som JSON")
    cases.set_defaults(handler=cmd_review_cases)

    from internkontroll import cli_plan, cli_report, cli_safety, cli_sample, cli_server

    cli_sample.add_parsers(commands, actions)
    cli_plan.add_parsers(commands)
    cli_report.add_parsers(commands, actions)
    cli_safety.add_parsers(commands, actions)
    cli_server.add_parsers(commands, actions)

    results = commands.add_parser("results", help="resultat som JSON")
    results.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    results.add_argument("--by", metavar="ATTRIBUT", help="dela upp per attribut, t.ex. kon")
    results.add_argument("--json", action="store_true", required=True,
                         help="skriv ut resultatet som JSON (krävs)")
    results.set_defaults(handler=cmd_results)
    return parser


def _check_text(arguments: Sequence[str]) -> None:
    """Refuse bytes that are not UTF-8 on the command line (Python keeps them as surrogates,
    which no file or database can hold)."""
    from internkontroll.core.errors import InvalidInput

    for argument in arguments:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput("Kommandot innehåller tecken som inte är giltig text (UTF-8). "
                               "Skriv om värdet eller byt teckenkodning i terminalen.") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure is one Swedish line on stderr and an exit code."""
    from internkontroll.core.limits import one_line
    from internkontroll.errortext import explain

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(arguments)
    db: str | None = None
    try:
        _check_text(arguments)
        paths = AppPaths.resolve(args.db)
        db = paths.label
        handler: Handler = args.handler
        return handler(args, paths)
    except BrokenPipeError:  # output piped into a command that stopped reading, e.g. head
        return 0
    except KeyboardInterrupt:
        print("internkontroll: avbrutet. Inget ofullständigt sparades.", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 (every error becomes one line and an exit code)
        known = explain(error, db)
        if known is not None:
            print(one_line(f"internkontroll: {known}"), file=sys.stderr)
            return known.exit_code
        from internkontroll.errorlog import write_log

        log = write_log(type(error), error, error.__traceback__)
        # The library's own words are English and may quote a value: only the log has them.
        print(f"internkontroll: oväntat fel. Inget ofullständigt sparades; detaljer finns i "
              f"{log}.", file=sys.stderr)
        return 1
