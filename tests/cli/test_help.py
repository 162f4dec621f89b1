"""Every option and command of the command line says what it does, in Swedish, in --help."""

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from internkontroll.cli import build_parser
from tests.conftest import Cli

ENGLISH = ["usage:", "options:", "positional arguments", "optional arguments",
           "show this help message", "and exit", "default:", "error:"]

Command = tuple[str, ...]


def commands(parser: argparse.ArgumentParser, path: Command = ()
             ) -> Iterator[tuple[Command, argparse.ArgumentParser]]:
    """The program and every command and sub-command under it, with the words that name it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for name, child in action.choices.items():
                if id(child) not in seen:  # an alias names the same parser again
                    seen.add(id(child))
                    yield from commands(child, (*path, name))


COMMANDS = list(commands(build_parser()))


def test_the_walk_finds_every_command() -> None:
    found = {" ".join(path) for path, _ in COMMANDS}
    assert {"", "sample", "review", "review new", "review replace", "server grant",
            "sample-size", "purge"} <= found
    assert len(found) > 25


@pytest.mark.parametrize(("path", "parser"), COMMANDS,
                         ids=[" ".join(path) or "internkontroll" for path, _ in COMMANDS])
def test_every_option_has_a_help_text(path: Command, parser: argparse.ArgumentParser) -> None:
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            # Each command is listed with its own line: the one add_parser(help=…) gives.
            listed = {choice.dest: choice.help for choice in action._choices_actions}
            missing += [name for name in dict.fromkeys(action.choices)
                        if not str(listed.get(name) or "").strip()]
            continue
        text = action.help
        name = "/".join(action.option_strings) or action.dest
        if not isinstance(text, str) or not text.strip() or text == argparse.SUPPRESS:
            missing.append(name)
            continue
        assert "\n" not in text, (name, text)  # one line in the list
    assert not missing, f"utan hjälptext i 'internkontroll {' '.join(path)}': {missing}"


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS],
                         ids=[" ".join(path) or "internkontroll" for path, _ in COMMANDS])
def test_help_exits_0_in_swedish_and_writes_nothing(
        path: Command, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "finns-inte.sqlite"
    with pytest.raises(SystemExit) as stopped:
        Cli(db, capsys)(*path, "--help")
    assert stopped.value.code == 0
    out, err = capsys.readouterr()
    assert out.startswith("användning: internkontroll") and "flaggor:" in out, out
    assert "visa den här hjälpen och avsluta" in out and not err
    english = [word for word in ENGLISH if word in out.casefold()]
    assert not english, (english, out)
    assert not db.exists()  # --help opens no database, and so creates none
