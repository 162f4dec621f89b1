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

from internkontroll.cli_db import session_of
from internkontroll.paths import AppPaths

Handler = Callable[[argparse.Namespace, AppPaths], int]


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_templates(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.templates import latest_templates

    with session_of(paths, write=True, create=True) as session:
        found = latest_templates(session)
    if args.json:
        _print_json([{"id": template_id} | template.raw for template_id, template in found])
    else:
        for _, t in found:
            print(f"{t.key:<22} v{t.version}  {t.title} ({len(t.items)} kontrollmoment)")
    return 0


def cmd_review_new(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.core.errors import InvalidInput
    from internkontroll.store.reviews import create_review

    if (args.period_start is None) != (args.period_end is None):
        raise InvalidInput("Ange både --period-start och --period-end, eller ingen av dem.")
    period = (args.period_start, args.period_end) if args.period_start else None
    with session_of(paths, write=True, create=True) as session:
        review = create_review(session, args.template, args.label, args.date, period)
    print(review.id)
    return 0


def cmd_review_counts(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.importers.assessments import read_counts_file
    from internkontroll.store.reviews import create_review, store_counts
    from internkontroll.store.templates import latest_template

    with session_of(paths, write=True, create=True) as session:
        _, template = latest_template(session, args.template)
        counts = read_counts_file(Path(args.file), template)
        review = create_review(session, args.template, args.label, args.date,
                               counts_only=True)
        store_counts(session, review, template, counts)
    print(review.id)
    return 0


def cmd_review_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.reviews import list_reviews

    with session_of(paths, write=False) as session:
        reviews = list_reviews(session, args.template)
    if args.json:
        _print_json([vars(r) for r in reviews])
        return 0
    for r in reviews:
        progress = "" if r.cases is None else f"  {r.complete_cases} av {r.cases} ärenden klara"
        print(f"{r.id:>4}  {r.template:<22} {r.label:<10} {r.date}  {r.status}{progress}")
    return 0


def cmd_review_import(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.cli_db import open_db
    from internkontroll.ops.scoring import import_file

    db = open_db(paths, write=True)
    try:
        touched = import_file(db, args.review, Path(args.file)).value
    finally:
        db.close()
    print(f"{touched} ärenden importerade till kontrolltillfälle {args.review}.")
    return 0


def cmd_review_cases(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.reviews import get_review, list_cases

    with session_of(paths, write=False) as session:
        _, template = get_review(session, args.review)
        cases = list_cases(session, args.review)
    if args.json:
        _print_json([vars(c) for c in cases])
        return 0
    roles = {"case": "", "reserve": " (reserv)", "replaced": " (ersatt)"}
    for c in cases:
        attributes = ", ".join(f"{template.attribute(k).label}: "
                               f"{template.attribute(k).label_of(v)}"
                               for k, v in c.attributes.items() if v)
        print(f"{c.number:>4}{roles.get(c.role, '')}  {c.reference or ''}  "
              f"{len(c.answers)} av {len(template.items)} bedömda  {attributes}")
    return 0


def cmd_results(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.results import full_result, result_document

    with session_of(paths, write=False) as session:
        document = result_document(full_result(session, args.review, args.by))
    _print_json(document)
    return 0


def cmd_gui(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.app import run

    return run(paths, screenshot=args.screenshot, view=args.view, review=args.review)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own text is English; say it in Swedish
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel i kommandot: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="internkontroll",
                     description="Internkontroll i socialtjänsten. Utan kommando öppnas fönstret.")
    parser.add_argument("--db", help="databasfil (annars INTERNKONTROLL_DB eller standardplatsen)")
    parser.add_argument("--screenshot", metavar="FIL.png", help="spara en bild av fönstret")
    parser.add_argument("--view", choices=["start", "scoring", "results"], default="start")
    parser.add_argument("--review", type=int, help="kontrolltillfälle för --view")
    parser.set_defaults(handler=cmd_gui)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    templates = commands.add_parser("templates", help="lista kontroller (mallar)")
    templates.add_argument("--json", action="store_true")
    templates.set_defaults(handler=cmd_templates)

    review = commands.add_parser("review", help="kontrolltillfällen")
    actions = review.add_subparsers(dest="action", required=True, parser_class=_Parser)
    new = actions.add_parser("new", help="nytt kontrolltillfälle; skriver ut dess id")
    new.add_argument("template")
    new.add_argument("--label", required=True)
    new.add_argument("--date")
    new.add_argument("--period-start")
    new.add_argument("--period-end")
    new.set_defaults(handler=cmd_review_new)
    counts = actions.add_parser("counts", help="jämförelseperiod med endast antal")
    counts.add_argument("template")
    counts.add_argument("--label", required=True)
    counts.add_argument("--date", required=True)
    counts.add_argument("file")
    counts.set_defaults(handler=cmd_review_counts)
    listing = actions.add_parser("list", help="lista kontrolltillfällen")
    listing.add_argument("--template")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_review_list)
    importing = actions.add_parser("import", help="importera bedömningar från CSV/XLSX")
    importing.add_argument("review", type=int)
    importing.add_argument("file")
    importing.set_defaults(handler=cmd_review_import)
    cases = actions.add_parser("cases", help="lista ärenden")
    cases.add_argument("review", type=int)
    cases.add_argument("--json", action="store_true")
    cases.set_defaults(handler=cmd_review_cases)

    from internkontroll import cli_report, cli_safety, cli_sample

    cli_sample.add_parsers(commands, actions)
    cli_report.add_parsers(commands, actions)
    cli_safety.add_parsers(commands, actions)

    results = commands.add_parser("results", help="resultat som JSON")
    results.add_argument("review", type=int)
    results.add_argument("--by", help="dela upp per attribut, t.ex. kon")
    results.add_argument("--json", action="store_true", required=True)
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
    db: Path | None = None
    try:
        _check_text(arguments)
        paths = AppPaths.resolve(args.db)
        db = paths.db
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
