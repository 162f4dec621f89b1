"""Command-line handlers for settings, free texts and the documents."""

from __future__ import annotations

import argparse
from pathlib import Path

from internkontroll.cli_db import session_of
from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.paths import AppPaths

INTERNAL_KINDS = ("urvalsprotokoll", "avvikelser")


def cmd_settings(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.texts import SETTINGS, get_settings, set_setting

    with session_of(paths, write=bool(args.set), create=bool(args.set)) as session:
        for pair in args.set:
            key, sep, value = pair.partition("=")
            if not sep:
                raise InvalidInput(f"--set '{shown(pair)}' ska skrivas NYCKEL=VÄRDE.")
            set_setting(session, key, value)
        current = get_settings(session)
    for key, label in SETTINGS.items():
        print(f"{key:<12} {current.get(key, '–'):<40} ({label})")
    return 0


def cmd_texts(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.cli_db import open_db
    from internkontroll.ops.texts import texts_from_file, write

    texts = texts_from_file(Path(args.source))
    db = open_db(paths, write=True)
    try:
        count = write(db, args.review, texts).value
    finally:
        db.close()
    print(f"{count} texter sparade för kontrolltillfälle {args.review}.")
    return 0


def cmd_report(args: argparse.Namespace, paths: AppPaths) -> int:
    out = Path(args.out)
    suffix = out.suffix.lower()
    allowed = (".pdf",) if args.internal else (".pdf", ".docx")
    if suffix not in allowed:
        raise InvalidInput(f"Dokumentet kan sparas som {' eller '.join(allowed)}, inte "
                           f"{shown(out.name)}.")
    if not out.parent.is_dir():
        raise InvalidInput(f"Mappen {shown(out.parent)} finns inte.")
    with session_of(paths, write=False) as session:
        write = _internal(session, args) if args.internal else _namnd(session, args, suffix)
    write(out)
    kind = "Det är ett internt dokument." if args.internal else "Den är avsedd för nämnden."
    print(f"{out.name} är sparad. {kind}")
    return 0


def _namnd(session: object, args: argparse.Namespace, suffix: str) -> object:
    from internkontroll.reports.charts import report_charts
    from internkontroll.reports.data import report_data
    from internkontroll.store.locking import active_lock

    lock = active_lock(session, args.review)  # type: ignore[arg-type]
    if lock is not None and suffix == ".pdf":  # redovisad: exactly what the nämnd received
        pdf = lock.pdf
        return lambda out: out.write_bytes(pdf)
    data = report_data(session, args.review)  # type: ignore[arg-type]
    charts = report_charts(data.template, data.full, data.breakdowns)
    if suffix == ".pdf":
        from internkontroll.reports.pdf import write_pdf

        return lambda out: write_pdf(out, data, charts)
    from internkontroll.reports.docx import write_docx
    from internkontroll.ui.raster import svg_to_png

    return lambda out: write_docx(out, data, charts, svg_to_png)


def _internal(session: object, args: argparse.Namespace) -> object:
    from internkontroll.store.reviews import get_review

    _, template = get_review(session, args.review)  # type: ignore[arg-type]
    if args.internal == "urvalsprotokoll":
        from internkontroll.reports.internal import write_urvalsprotokoll
        from internkontroll.store.sampling import get_record

        stored = get_record(session, args.review)  # type: ignore[arg-type]
        if stored is None:
            raise InvalidInput(f"Kontrolltillfälle {args.review} har inget urval.")
        record = dict(stored.record)
        return lambda out: write_urvalsprotokoll(out, record, template.title)
    from internkontroll.reports.data import deviations
    from internkontroll.reports.internal import write_avvikelselista

    found = deviations(session, args.review)  # type: ignore[arg-type]
    return lambda out: write_avvikelselista(out, found)


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.reports.data import report_data
    from internkontroll.reports.xlsx import write_xlsx
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise InvalidInput(f"Exporten sparas som .xlsx, inte {shown(out.name)}.")
    if not out.parent.is_dir():
        raise InvalidInput(f"Mappen {shown(out.parent)} finns inte.")
    with session_of(paths, write=False) as session:
        data = report_data(session, args.review)
    write_xlsx(out, data)
    print(f"{out.name} är sparad med tabellerna för nämnden.")
    return 0


def add_parsers(commands: argparse._SubParsersAction,
                review_actions: argparse._SubParsersAction) -> None:
    settings = commands.add_parser("settings", help="organisationens uppgifter")
    settings.add_argument("--set", action="append", default=[], metavar="NYCKEL=VÄRDE")
    settings.set_defaults(handler=cmd_settings)

    texts = review_actions.add_parser("texts", help="texter till nämnden från en TOML-fil")
    texts.add_argument("review", type=int)
    texts.add_argument("--from", dest="source", required=True, metavar="FIL.toml")
    texts.set_defaults(handler=cmd_texts)

    report = commands.add_parser("report", help="redovisning (PDF/DOCX) eller internt dokument")
    report.add_argument("review", type=int)
    report.add_argument("--out", required=True, metavar="FIL.pdf|FIL.docx")
    report.add_argument("--internal", choices=INTERNAL_KINDS)
    report.set_defaults(handler=cmd_report)

    export = commands.add_parser("export", help="tabellerna som Excel-fil")
    export.add_argument("review", type=int)
    export.add_argument("--out", required=True, metavar="FIL.xlsx")
    export.set_defaults(handler=cmd_export)
