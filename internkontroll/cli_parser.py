"""argparse in Swedish: the help, the usage line and the error messages of the command line.

argparse writes its own texts in English ("usage:", "positional arguments", "show this help
message and exit", "the following arguments are required"). The parser and formatter below
give the same texts in Swedish without touching argparse's module state.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any

USAGE = "användning: "
POSITIONALS = "argument"
OPTIONALS = "flaggor"
HELP = "visa den här hjälpen och avsluta"
REVIEW_NUMBER = "kontrolltillfällets id (se review list)"  # the positional review

# argparse's error messages (Python 3.11–3.13), most specific first; {0}, {1} are the parts.
_MESSAGES: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.S), s) for p, s in (
    (r"argument (.+?): (.*)", "argumentet {0}: {1}"),
    (r"the following arguments are required: (.*)", "följande argument saknas: {0}"),
    (r"unrecognized arguments: (.*)", "okända argument: {0}"),
    (r"invalid choice: (.*) \(choose from (.*)\)", "ogiltigt val: {0} (välj bland {1})"),
    (r"invalid int value: (.*)", "inte ett heltal: {0}"),
    (r"invalid float value: (.*)", "inte ett tal: {0}"),
    (r"invalid (.*) value: (.*)", "ogiltigt värde: {1}"),
    (r"expected one argument", "ett värde behövs"),
    (r"expected at most one argument", "högst ett värde"),
    (r"expected at least one argument", "minst ett värde behövs"),
    (r"expected (\d+) arguments?", "{0} värden behövs"),
    (r"not allowed with argument (.*)", "kan inte anges tillsammans med {0}"),
    (r"ignored explicit argument (.*)", "tar inget värde: {0}"),
    (r"one of the arguments (.*) is required", "ett av argumenten {0} behövs"),
    (r"ambiguous option: (.*) could match (.*)", "flaggan {0} är tvetydig: {1}"),
    (r"unexpected option string: (.*)", "oväntad flagga: {0}"),
)]


def swedish(message: str) -> str:
    """One of argparse's English messages in Swedish; an unknown one is left as it is."""
    for pattern, text in _MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return text.format(*(swedish(part) for part in found.groups()))
    return message


class HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[Any], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts are Swedish; its subparsers are of the same kind."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # our own -h below, with a Swedish text
        super().__init__(*args, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONALS
        if add_help:
            prefix = self.prefix_chars[0]
            self.add_argument(f"{prefix}h", f"{prefix * 2}help", action="help",
                              default=argparse.SUPPRESS, help=HELP)

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", type(self))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel i kommandot: {swedish(message)}\n")
