"""Command-line handler for planning a sample: ``sample-size``. It needs no database, so it
neither opens nor creates one."""

from __future__ import annotations

import argparse
import re

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.paths import AppPaths

_NUMBER = re.compile(r"\d{1,12}([.,]\d{1,6})?")


def _number(text: str, option: str) -> float:
    """'80', '80,5', '80.5', '80 %'; one Swedish line for anything else (exit 3, not usage)."""
    cleaned = text.strip().removesuffix("%").strip().replace("\u00a0", "")
    if not _NUMBER.fullmatch(cleaned):
        raise InvalidInput(f"{option} '{shown(text)}' ska vara ett tal, t.ex. 80 eller 2,5.")
    return float(cleaned.replace(",", "."))


def _whole(text: str, option: str) -> int:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned.isdigit() or not cleaned.isascii():
        raise InvalidInput(f"{option} '{shown(text)}' ska vara ett heltal, antalet ärenden i "
                           "urvalsramen.")
    return int(cleaned)


def cmd_sample_size(args: argparse.Namespace, paths: AppPaths) -> int:
    from internkontroll.core.precision import check, sample_size, size_sentence

    population = _whole(args.population, "--population")
    expected = _number(args.expected, "--expected")
    margin = _number(args.margin, "--margin")
    confidence = _number(args.confidence, "--confidence")
    check(population, expected, confidence, margin)
    print(sample_size(population, expected, margin, confidence))
    print(size_sentence(population, expected, margin, confidence))
    return 0


def add_parsers(commands: argparse._SubParsersAction) -> None:
    size = commands.add_parser(
        "sample-size", help="hur många ärenden ett urval behöver (ingen databas behövs)",
        description="Skriver ut hur många ärenden som behövs för en viss felmarginal, med "
                    "normalapproximation och ändlighetskorrektion, avrundat uppåt.")
    size.add_argument("--population", required=True, metavar="N",
                      help="antal ärenden i urvalsramen")
    size.add_argument("--expected", required=True, metavar="PROCENT",
                      help="förväntad andel i procent, t.ex. 80 (50 om du inte vet)")
    size.add_argument("--margin", required=True, metavar="PROCENTENHETER",
                      help="önskad felmarginal i procentenheter, t.ex. 10")
    size.add_argument("--confidence", default="95", metavar="PROCENT",
                      help="säkerhet i procent (standard 95)")
    size.set_defaults(handler=cmd_sample_size)
