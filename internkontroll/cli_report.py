"""Command-line handlers for settings, free texts and the documents."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from internkontroll.cli_db import opened
from internkontroll.cli_parser import REVIEW_NUMBER
from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.paths import AppPaths

if TYPE_CHECKING:
    from internkontroll.store.db import Database

INTERNAL_KINDS = ("urvalsprotokoll", "avvikelser")


def cmd_settings(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import safety
    from internkontroll.store.texts import SETTINGS

    pairs = []
    for pair in args.set:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidInput(f"--set '{shown(pair)}' ska skrivas NYCKEL=VÄRDE.")
        pairs.append((key, value))
    with opened(paths, write=bool(args.set), create=bool(args.set)) as db:
        current = safety.settings(db, pairs).value
    for key, label in SETTINGS.items():
        print(f"{key:<12} {current.get(key, '–'):<40} ({label})")
    return 0


def cmd_texts(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops.texts import texts_from_file, write

    texts = texts_from_file(Path(args.source))
    with opened(paths, write=True) as db:
        count = write(db, args.review, texts).value
    print(f"{count} texter sparade för kontrolltillfälle {args.review}.")
    return 0


def cmd_report(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import documents

    out = Path(args.out)
    documents.check_out(out, (".pdf",) if args.internal else (".pdf", ".docx"), "Dokumentet")
    with opened(paths, write=False) as db:
        if args.internal == "urvalsprotokoll":
            documents.write_urvalsprotokoll(db, args.review, out)
        elif args.internal:
            documents.write_avvikelselista(db, args.review, out)
        else:
            documents.write_redovisning(db, args.review, out, _rasteriser(out))
    kind = "Det är ett internt dokument." if args.internal else "Den är avsedd för nämnden."
    print(f"{out.name} är sparad. {kind}")
    return 0


def _rasteriser(out: Path) -> Callable[[bytes], bytes] | None:
    if out.suffix.lower() != ".docx":
        return None
    from internkontroll.ui.raster import svg_to_png

    return svg_to_png


def _save_xlsx(args: argparse.Namespace, paths: AppPaths, what: str,
               write: Callable[[Database, int, Path], object]) -> Path:
    from internkontroll.ops import documents

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise InvalidInput(f"{what} sparas som .xlsx, inte {shown(out.name)}.")
    documents.check_out(out, (".xlsx",), what)
    with opened(paths, write=False) as db:
        write(db, args.review, out)
    return out


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import documents

    out = _save_xlsx(args, paths, "Exporten", documents.write_tables)
    print(f"{out.name} är sparad med tabellerna för nämnden.")
    return 0


def cmd_blank(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import documents

    out = _save_xlsx(args, paths, "Bedömningsfilen", documents.write_blank_assessments)
    print(f"{out.name} är sparad med en rad per ärende. Fyll i bedömningarna och läs in filen "
          f"med: internkontroll review import {args.review} {out.name}")
    return 0


def add_parsers(commands: argparse._SubParsersAction,
                review_actions: argparse._SubParsersAction) -> None:
    settings = commands.add_parser("settings", help="organisationens uppgifter")
    settings.add_argument("--set", action="append", default=[], metavar="NYCKEL=VÄRDE",
                          help="ändra en inställning, t.ex. kommun=Exempelby; kan upprepas "
                               "(utan --set: visa inställningarna)")
    settings.set_defaults(handler=cmd_settings)

    texts = review_actions.add_parser("texts", help="texter till nämnden från en TOML-fil")
    texts.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    texts.add_argument("--from", dest="source", required=True, metavar="FIL.toml",
                       help="TOML-fil med texterna: sammanfattning, analys, kommentar.<moment> …")
    texts.set_defaults(handler=cmd_texts)

    report = commands.add_parser("report", help="redovisning (PDF/DOCX) eller internt dokument")
    report.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    report.add_argument("--out", required=True, metavar="FIL.pdf|FIL.docx",
                        help="var dokumentet sparas: .pdf eller .docx (internt dokument: "
                             "bara .pdf)")
    report.add_argument("--internal", choices=INTERNAL_KINDS,
                        help="ett internt dokument i stället för redovisningen: "
                             "urvalsprotokoll eller avvikelser (avvikelselistan)")
    report.set_defaults(handler=cmd_report)

    export = commands.add_parser("export", help="tabellerna som Excel-fil")
    export.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    export.add_argument("--out", required=True, metavar="FIL.xlsx",
                        help="var tabellerna sparas (Excel-fil)")
    export.set_defaults(handler=cmd_export)

    blank = review_actions.add_parser(
        "blank", help="tom bedömningsfil (XLSX) med en rad per ärende, för review import")
    blank.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    blank.add_argument("--out", required=True, metavar="FIL.xlsx",
                       help="var bedömningsfilen sparas (Excel-fil)")
    blank.set_defaults(handler=cmd_blank)
