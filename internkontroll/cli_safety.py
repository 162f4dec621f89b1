"""Command-line handlers for data safety: redovisad i nämnd, the log, backups and gallring."""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from internkontroll.cli_db import open_db, session_of
from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.paths import AppPaths


def cmd_lock(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.reports.pdf import review_pdf
    from internkontroll.store.locking import lock_review
    from internkontroll.store.reviews import get_review

    with session_of(paths, write=True) as session:
        review, _ = get_review(session, args.review)
        lock = lock_review(session, review, args.by, args.paragraph or "",
                           review_pdf(session, args.review))
    print(f"{review.label} är markerat som redovisat i nämnd. Redovisningen är sparad i "
          f"databasen (SHA-256 {lock.sha256}).")
    return 0


def cmd_unlock(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.locking import unlock_review
    from internkontroll.store.reviews import get_review

    with session_of(paths, write=True) as session:
        review, _ = get_review(session, args.review)
        unlock_review(session, review, args.reason)
    print(f"{review.label} är upplåst. Den redovisade PDF-filen finns kvar.")
    return 0


def cmd_pdf(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.locking import stored_pdfs
    from internkontroll.store.reviews import get_review

    out = Path(args.out)
    if not out.parent.is_dir():
        raise InvalidInput(f"Mappen {shown(out.parent)} finns inte.")
    with session_of(paths, write=False) as session:
        review, _ = get_review(session, args.review)
        stored = stored_pdfs(session, args.review)
    if not stored:
        raise InvalidInput(f"{shown(review.label)} har inte redovisats i nämnd; det finns ingen "
                           "sparad PDF.")
    if args.version is not None and not 1 <= args.version <= len(stored):
        raise InvalidInput(f"{shown(review.label)} har {len(stored)} sparade PDF-filer (1–"
                           f"{len(stored)}).")
    chosen = stored[(args.version or len(stored)) - 1]
    if hashlib.sha256(chosen.pdf).hexdigest() != chosen.sha256:
        raise InvalidInput(f"Den sparade PDF-filen för {shown(review.label)} stämmer inte med sin "
                           "kontrollsumma. Återställ en säkerhetskopia.")
    out.write_bytes(chosen.pdf)
    print(f"{out.name} är sparad: redovisningen av {review.label} som nämnden fick "
          f"(SHA-256 {chosen.sha256}).")
    return 0


def cmd_delete(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.purge import delete_and_compact

    db = open_db(paths, write=True)
    try:
        label, forgotten = delete_and_compact(db, args.review)
    finally:
        db.close()
    print(f"Kontrolltillfället {label} är borttaget, med {forgotten} "
          f"{'loggpost' if forgotten == 1 else 'loggposter'} på ärendenivå. Säkerhetskopior "
          "från före borttagningen innehåller det tills de ersätts av nyare eller en gallring "
          "rensar dem.")
    return 0


def cmd_log(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.audit import ACTIONS, entries
    from internkontroll.store.clock import local_text
    from internkontroll.store.reviews import get_review

    with session_of(paths, write=False) as session:
        if args.review is not None:
            get_review(session, args.review)  # an unknown review is an input error
        found = entries(session, args.review)
    for entry in found:
        change = "" if entry.old_value is None and entry.new_value is None else \
            f"  {entry.old_value or '–'} → {entry.new_value or '–'}"
        review = f"[{entry.review_id}] " if args.review is None and entry.review_id else ""
        print(f"{local_text(entry.at)}  {entry.user}  {review}"
              f"{ACTIONS.get(entry.action, entry.action)}: {entry.target}{change}")
    return 0


def cmd_backup(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.backups import backup_to

    open_db(paths, write=False).close()  # ours, intact and current
    out = backup_to(paths.db, Path(args.out))
    print(f"Säkerhetskopian är sparad i {out}.")
    return 0


def cmd_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.backups import restore_and_log

    source = Path(args.source)
    saved = restore_and_log(paths.db, source)
    kept = f" Den tidigare databasen är sparad som {saved}." if saved else ""
    print(f"Databasen är återställd från {source.name}.{kept}")
    return 0


def cmd_purge(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.purge import plan, purge

    db = open_db(paths, write=True)
    try:
        with db.session() as session:
            found = plan(session, paths.db, args.review)
        if not args.yes:
            print(found.text())
            if not sys.stdin.isatty():
                raise InvalidInput("Gallringen är inte gjord. Bekräfta med --ja.")
            if input("Skriv ja för att gallra: ").strip().casefold() != "ja":
                print("Gallringen avbröts. Inget är ändrat.")
                return 0
        cleaned, notices = purge(db, args.review, found)
    finally:
        db.close()
    for notice in notices:
        print(f"internkontroll: {notice}", file=sys.stderr)
    removed = sum(n for _, n in cleaned.folders)
    print(f"{found.label} är gallrat. Resultaten finns kvar som antal; ärendena och "
          f"{removed} äldre säkerhetskopior (före gallringen) är raderade.")
    print(cleaned.text())
    return 0


def add_parsers(commands: argparse._SubParsersAction,
                review_actions: argparse._SubParsersAction) -> None:
    lock = review_actions.add_parser("lock", help="markera som redovisad i nämnd")
    lock.add_argument("review", type=int)
    lock.add_argument("--by", required=True, metavar="NAMN",
                      help="vem som redovisade för nämnden")
    lock.add_argument("--paragraph", metavar="TEXT", help='t.ex. "SN 2022-11-17 § 156"')
    lock.set_defaults(handler=cmd_lock)

    unlock = review_actions.add_parser("unlock", help="lås upp ett redovisat kontrolltillfälle")
    unlock.add_argument("review", type=int)
    unlock.add_argument("--reason", required=True, metavar="TEXT")
    unlock.set_defaults(handler=cmd_unlock)

    pdf = review_actions.add_parser("pdf", help="den PDF som nämnden fick")
    pdf.add_argument("review", type=int)
    pdf.add_argument("--out", required=True, metavar="FIL.pdf")
    pdf.add_argument("--version", type=int, metavar="N", help="1 = den första; standard: senaste")
    pdf.set_defaults(handler=cmd_pdf)

    remove = review_actions.add_parser("delete", help="ta bort ett kontrolltillfälle")
    remove.add_argument("review", type=int)
    remove.set_defaults(handler=cmd_delete)

    log = commands.add_parser("log", help="ändringsloggen")
    log.add_argument("review", type=int, nargs="?")
    log.set_defaults(handler=cmd_log)

    backup = commands.add_parser("backup", help="säkerhetskopiera databasen")
    backup.add_argument("--out", required=True, metavar="FIL")
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser("restore", help="återställ från en säkerhetskopia")
    restore.add_argument("source", metavar="FIL")
    restore.set_defaults(handler=cmd_restore)

    purge = commands.add_parser("purge", help="gallra ett redovisat kontrolltillfälle")
    purge.add_argument("review", type=int)
    purge.add_argument("--ja", dest="yes", action="store_true", help="bekräfta utan att fråga")
    purge.set_defaults(handler=cmd_purge)
