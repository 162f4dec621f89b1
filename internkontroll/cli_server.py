"""Command-line handlers for a database on a PostgreSQL server: creating it, and the roles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from internkontroll.cli_db import opened
from internkontroll.cli_parser import REVIEW_NUMBER
from internkontroll.core.errors import InvalidInput
from internkontroll.paths import AppPaths


def _server_url(args: argparse.Namespace, paths: AppPaths) -> str:
    url = getattr(args, "url", None) or paths.server
    if url is None:
        raise InvalidInput("Ange serverns databas, t.ex. --db "
                           "postgresql://användare@server.kommun.se/internkontroll.")
    return str(url)


def cmd_server_init(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.store.server import init_server, label, without_password

    url = _server_url(args, paths)
    if not url.startswith(("postgresql://", "postgres://")):
        raise InvalidInput("server init tar en serveradress: postgresql://användare@server/"
                           "databas.")
    revision = init_server(url)
    print(f"Databasen {label(url)} har Internkontrolls tabeller, skydd och roller "
          f"(schemaversion {revision}). Ge användarna en roll med: internkontroll --db "
          f"{without_password(url)} server grant ANVÄNDARE granskare")
    return 0


def cmd_server_grant(args: argparse.Namespace, paths: AppPaths) -> int:
    from sqlmodel import Session

    from internkontroll.store.server import make_server_engine
    from internkontroll.store.server_schema import grant

    engine = make_server_engine(_server_url(args, paths))
    try:
        with Session(engine) as session, session.begin():
            role = grant(session.connection(), args.user, args.role)
    finally:
        engine.dispose()
    print(f"{args.user} har nu rollen {args.role.strip().lower()} ({role}).")
    return 0


def cmd_server_import(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import safety

    source = Path(args.file)
    moved = safety.move_to_server(source, _server_url(args, paths), merge=args.merge).value
    print(moved.text)
    if moved.differences:
        for line in moved.differences:
            print(f"internkontroll: {line}", file=sys.stderr)
        print("internkontroll: kontrollen efter flytten fann skillnader; använd inte "
              "serverns databas förrän de är utredda.", file=sys.stderr)
        return 1
    if not args.merge:
        print("Kontrollen efter flytten: varje tabell, varje redovisad PDF och varje "
              "kontrolltillfälles resultat är identiska.")
    return 0


def cmd_review_assign(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.ops import reviews

    if args.remove and not args.logins:
        raise InvalidInput("Ange vilka som inte längre ska vara tilldelade: review assign "
                           f"{args.review} ANVÄNDARE … --remove.")
    with opened(paths, write=bool(args.logins)) as db:
        found = reviews.assign(db, args.review, args.logins, remove=args.remove).value
    print(f"Tilldelade bedömare för kontrolltillfälle {args.review}: {', '.join(found)}."
          if found else f"Ingen är tilldelad kontrolltillfälle {args.review} utöver den som "
          "lade upp det.")
    if paths.server is None:
        print("I en databasfil gäller tilldelningen först när databasen flyttas till en server.")
    return 0


def add_parsers(commands: argparse._SubParsersAction,
                review_actions: argparse._SubParsersAction) -> None:
    assign = review_actions.add_parser(
        "assign", help="vilka granskare som får bedöma kontrolltillfället (på en server)")
    assign.add_argument("review", type=int, metavar="ID", help=REVIEW_NUMBER)
    assign.add_argument("logins", nargs="*", metavar="ANVÄNDARE",
                        help="inloggningar att tilldela; utan: visa de tilldelade")
    assign.add_argument("--remove", action="store_true", help="ta bort tilldelningen")
    assign.set_defaults(handler=cmd_review_assign)

    server = commands.add_parser("server", help="databas på en PostgreSQL-server")
    actions = server.add_subparsers(dest="server_action", required=True, metavar="ÅTGÄRD")
    init = actions.add_parser("init", help="skapa eller uppgradera tabeller, skydd och roller")
    init.add_argument("url", nargs="?", metavar="postgresql://…",
                      help="standard: --db eller INTERNKONTROLL_DB")
    init.set_defaults(handler=cmd_server_init)
    grant = actions.add_parser("grant", help="ge en inloggning en roll")
    grant.add_argument("user", metavar="ANVÄNDARE", help="inloggningen på servern")
    grant.add_argument("role", metavar="ROLL", help="granskare, kontrollansvarig eller "
                       "administratör")
    grant.set_defaults(handler=cmd_server_grant)
    moving = actions.add_parser("import", help="flytta en databasfil till servern")
    moving.add_argument("file", metavar="FIL.sqlite", help="databasfilen som ska flyttas")
    moving.add_argument("--merge", action="store_true",
                        help="lägg till kontrolltillfällena i en databas som redan används")
    moving.set_defaults(handler=cmd_server_import)
