"""The windowed program (internkontroll-gui) has no console on Windows: what the command line
would print on a refusal comes in a dialog instead, in Swedish."""

from __future__ import annotations

import sys

import pytest

from internkontroll import app
from internkontroll.ui import messages


def test_a_refusal_without_a_console_is_shown_in_a_dialog(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # put back after the program replaces it
    monkeypatch.setattr(sys, "argv", ["internkontroll-gui", "--okand"])
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "show_error",
                        lambda parent, text, title="": shown.append((text, title)))
    assert app.main() == 2
    assert shown == [("fel i kommandot: okända argument: --okand", "Internkontroll")]


def test_with_a_console_the_refusal_is_one_line_on_it(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["internkontroll-gui", "--db", "x.sqlite", "review",
                                      "cases", "1", "--okand"])
    with pytest.raises(SystemExit):
        app.main()
    assert capsys.readouterr().err.strip().endswith("okända argument: --okand")
