"""``review assign``: who may score a review besides its creator; kept in a file too, so that it
holds once the file moves to a server (issue 17, point 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli, dump

# On a server the logins must exist and hold a role: tests/server/test_assignees.py.
pytestmark = pytest.mark.sqlite_only


def test_assignees_are_listed_added_and_removed_and_logged(cli: Cli) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -26", "--date",
                    "2026-11-20").strip()
    assert cli.ok("review", "assign", review).startswith("Ingen är tilldelad")
    assert cli.ok("review", "assign", review, "bo.ek", "anna.berg", "bo.ek").startswith(
        f"Tilldelade bedömare för kontrolltillfälle {review}: anna.berg, bo.ek.")
    assert cli.ok("review", "assign", review, "bo.ek", "--remove").startswith(
        f"Tilldelade bedömare för kontrolltillfälle {review}: anna.berg.")
    code, _, err = cli("review", "assign", review, "--remove")  # whom, then?
    assert code == 3 and "Ange vilka" in err
    log = cli.ok("log")
    assert log.count("Tilldelad bedömare") == 2 and "Tilldelning borttagen: bo.ek" in log


@pytest.mark.parametrize("login", ["Anna Berg", "19121212-1212", "x" * 64, "anna;drop"])
def test_what_is_not_a_login_is_refused_in_one_line_and_nothing_is_written(
        cli: Cli, db_path: Path | str, login: str) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -26", "--date",
                    "2026-11-20").strip()
    before = dump(db_path)
    code, _, err = cli("review", "assign", review, "anna.berg", login)
    assert code == 3 and "användarnamn" in err and len(err.strip()) <= 300
    assert "1212" not in err
    assert dump(db_path) == before
