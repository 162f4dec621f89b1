"""Command-line handlers for data safety: redovisad i nämnd, the log, backups and gallring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from internkontroll.cli_db import opened
from internkontroll.cli_parser import REVIEW_NUMBER
from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.paths import AppPaths


def cmd_lock(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import reviews

    with opened(paths, write=True) as db:
        locked = reviews.lock(db, args.review, args.by, args.paragraph or "").value
    print(f"{locked.label} är markerat som redovisat i nämnd. Redovisningen är sparad i "
          f"databasen (SHA-256 {locked.sha256}).")
    return 0


def cmd_unlock(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import reviews

    with opened(paths, write=True) as db:
        label = reviews.unlock(db, args.review, args.reason).value
    print(f"{label} är upplåst. Den redovisade PDF-filen finns kvar.")
    return 0


def cmd_pdf(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import reviews

    out = Path(args.out)
    if not out.parent.is_dir():  # before the database is opened
        raise InvalidInput(f"Mappen {shown(out.parent)} finns inte.")
    with opened(paths, write=False) as db:
        saved = reviews.save_stored_pdf(db, args.review, out, args.version).value
    print(f"{out.name} är sparad: redovisningen av {saved.label} som nämnden fick "
          f"(SHA-256 {saved.sha256}).")
    return 0


def cmd_delete(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import reviews

    with opened(paths, write=True) as db:
        label, forgotten = reviews.delete(db, args.review).value
    print(f"Kontrolltillfället {label} är borttaget, med {forgotten} "
          f"{'loggpost' if forgotten == 1 else 'loggposter'} på ärendenivå. Säkerhetskopior "
          "från före borttagningen innehåller det tills de ersätts av nyare eller en gallring "
          "rensar dem.")
    return 0


def cmd_log(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import safety

    with opened(paths, write=False) as db:
        found = safety.log(db, args.review).value
    for entry in found:
        change = "" if entry.old is None and entry.new is None else \
            f"  {entry.old or '–'} → {entry.new or '–'}"
        review = f"[{entry.review_id}] " if args.review is None and entry.review_id else ""
        print(f"{entry.at}  {entry.user}  {review}{entry.action}: {entry.target}{change}")
    return 0


def cmd_backup(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import safety

    with opened(paths, write=False) as db:  # ours, intact and current
        out = safety.backup(db, Path(args.out)).value
    print(f"Säkerhetskopian är sparad i {out}.")
    return 0


def cmd_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import safety

    source = Path(args.source)
    saved = safety.restore(paths, source).value
    kept = f" Den tidigare databasen är sparad som {saved}." if saved else ""
    print(f"Databasen är återställd från {source.name}.{kept}")
    return 0


def cmd_purge(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import safety

    with opened(paths, write=True) as db:
        found = safety.purge_plan(db, args.review).value
        if not args.yes:
            print(found.text())
            if not sys.stdin.isatty():
                raise InvalidInput("Gallringen är inte gjord. Bekräfta med --ja.")
            try:
                answer = input("Skriv ja för att gallra: ")
            except EOFError:  # Ctrl+D: no answer is no
                answer = ""
            if answer.strip().casefold() != "ja":
                print("Gallringen avbröts. Inget är ändrat.")
                return 0
        purged = safety.purge(db, args.review, found).value
    for notice in purged.notices:
        print(f"internkontroll: {notice}", file=sys.stderr)
    print(f"{purged.label} är gallrat. Resultaten finns kvar som antal; ärendena och "
          f"{purged.removed} äldre säkerhetskopior (före gallringen) är raderade.")
    print(purged.cleaned.text())
    return 0


def add_parsers(commands: argparse._SubParsersAction,
                review_actions: argparse._SubParsersAction) -> None:
    lock = review_actions.add_parser("lock", help="markera som redovisat i nämnden")
    lock.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    lock.add_argument("--by", required=True, metavar="NAMN",
                      help="vem som redovisade för nämnden")
    lock.add_argument("--paragraph", metavar="TEXT", help='t.ex. "SN 2022-11-17 § 156"')
    lock.set_defaults(handler=cmd_lock)

    unlock = review_actions.add_parser("unlock", help="lås upp ett redovisat kontrolltillfälle")
    unlock.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    unlock.add_argument("--reason", required=True, metavar="TEXT",
                        help="varför det låses upp; skrivs i ändringsloggen")
    unlock.set_defaults(handler=cmd_unlock)

    pdf = review_actions.add_parser("pdf", help="den PDF som nämnden fick")
    pdf.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    pdf.add_argument("--out", required=True, metavar="FIL.pdf",
                     help="var den redovisade PDF-filen sparas")
    pdf.add_argument("--version", type=int, metavar="N", help="1 = den första; standard: senaste")
    pdf.set_defaults(handler=cmd_pdf)

    remove = review_actions.add_parser("delete", help="ta bort ett kontrolltillfälle")
    remove.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    remove.set_defaults(handler=cmd_delete)

    log = commands.add_parser("log", help="ändringsloggen")
    log.add_argument("review", type=int, nargs="?", metavar="ID",
                     help="bara det här kontrolltillfällets ändringar (standard: hela loggen)")
    log.set_defaults(handler=cmd_log)

    backup = commands.add_parser("backup", help="säkerhetskopiera databasen")
    backup.add_argument("--out", required=True, metavar="FIL",
                        help="var säkerhetskopian sparas")
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser("restore", help="återställ från en säkerhetskopia")
    restore.add_argument("source", metavar="FIL",
                         help="säkerhetskopian; den nuvarande databasen sparas först")
    restore.set_defaults(handler=cmd_restore)

    purge = commands.add_parser("purge", help="gallra ett redovisat kontrolltillfälle")
    purge.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    purge.add_argument("--ja", dest="yes", action="store_true", help="bekräfta utan att fråga")
    purge.set_defaults(handler=cmd_purge)
