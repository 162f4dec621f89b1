"""Two writers never overwrite each other's answers unseen (issue 17, point 3).

A writer names the version of the answer it showed; someone else's answer stored since then
refuses the write, with both answers in one Swedish line. On SQLite the writer lock keeps a
second program out while one writes, so the second writer here is another process between
two opens, or a second engine on the same file, as a second client of a server would be.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from internkontroll.core.errors import AnswerConflict
from internkontroll.ops import scoring as ops
from internkontroll.store import assessments, scoring
from internkontroll.store.clock import local_text, local_when
from internkontroll.store.db import Database, open_database
from internkontroll.store.models import Assessment
from tests.conftest import Cli, write_csv
from tests.ops.scoring_data import imported_review, stored
from tests.servers import as_login, second_writer

ANSOKAN = "Ärende 1, ”Att det framgår vad ansökan avser”"
BESLUT = "Ärende 1, ”Att det framgår vilket beslut som fattats”"


@pytest.fixture
def review(cli: Cli, tmp_path: Path) -> int:
    """Six imported cases: ansökan is Helt (version 1) in each, beslut has no answer."""
    return imported_review(cli, tmp_path)


@pytest.fixture
def writers(db_path: Path, review: int) -> Iterator[tuple[Database, Database]]:
    """This user's database, and a second writer on the same database (on a file, past its
    writer lock, as on a server)."""
    mine = open_database(db_path, write=True)
    other = second_writer(db_path, "anna")
    yield mine, other
    other.close()
    mine.close()


def as_user(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(assessments, "current_user", lambda: name)


def version(db: Database, review: int, number: int, key: str) -> int:
    case = next(c for c in ops.load(db, review).value.cases if c.number == number)
    return case.versions.get(key, 0)


def stamp(db: Database, review: int, key: str) -> str:
    """When the answer on ``key`` in case 1 was stored, as a conflict message shows it."""
    with db.session() as session:
        row = scoring._stored(session, scoring.find_case(session, review, 1))[key]
        return local_when(row.updated_at)


def test_a_second_answer_on_an_item_that_had_none_is_refused_with_both_answers(
        writers: tuple[Database, Database], review: int, db_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    mine, other = writers
    assert version(mine, review, 1, "beslut") == 0  # both see no answer
    as_user(monkeypatch, "anna")
    assert ops.answer(other, review, 1, "beslut", "delvis", expected=0).value.versions[
        "beslut"] == 1
    as_user(monkeypatch, "bo")
    with pytest.raises(AnswerConflict) as refused:
        ops.answer(mine, review, 1, "beslut", "helt", expected=0)
    assert str(refused.value) == (f"{BESLUT}: anna svarade Delvis {stamp(mine, review, 'beslut')}"
                                  "; du svarade Helt. Ditt svar sparades inte.")
    assert len(str(refused.value)) <= 300 and ":" in stamp(mine, review, "beslut")
    assert (1, "beslut", "delvis", "", False) in stored(db_path, review)["answers"]


def test_a_write_on_an_answer_changed_since_it_was_shown_is_refused_and_writes_nothing(
        writers: tuple[Database, Database], review: int, db_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    mine, other = writers
    shown = version(mine, review, 1, "ansokan")
    assert shown == 1
    as_user(monkeypatch, "anna")
    ops.answer(other, review, 1, "ansokan", "saknas", expected=shown)
    before = stored(db_path, review)
    when = stamp(mine, review, "ansokan")
    for write, yours in (
            (lambda: ops.answer(mine, review, 1, "ansokan", "delvis", expected=shown),
             "du svarade Delvis. Ditt svar sparades inte."),
            (lambda: ops.note(mine, review, 1, "ansokan", "Ansökan saknas", expected=shown),
             "du ändrade anteckningen. Din anteckning sparades inte."),
            (lambda: ops.restore(mine, review, 1, "ansokan", None, "", expected=shown),
             "du tog bort svaret. Din ändring sparades inte.")):
        with pytest.raises(AnswerConflict) as refused:
            write()
        assert str(refused.value) == f"{ANSOKAN}: anna svarade Saknas {when}; {yours}"
    assert stored(db_path, review) == before
    # Shown the stored answer, the user can choose again.
    again = ops.answer(mine, review, 1, "ansokan", "delvis", expected=2).value
    assert (again.answers["ansokan"], again.versions["ansokan"]) == ("delvis", 3)


def test_an_answer_removed_since_it_was_shown_is_a_conflict_too(
        writers: tuple[Database, Database], review: int) -> None:
    mine, other = writers
    ops.answer(other, review, 1, "ansokan", None, expected=1)
    with pytest.raises(AnswerConflict) as refused:
        ops.answer(mine, review, 1, "ansokan", "delvis", expected=1)
    assert str(refused.value) == (f"{ANSOKAN}: någon annan har tagit bort svaret; du svarade "
                                  "Delvis. Ditt svar sparades inte.")


def test_every_write_of_an_answer_counts_up_its_version_and_the_rules_too(
        writers: tuple[Database, Database], review: int) -> None:
    mine, _ = writers
    case = ops.answer(mine, review, 1, "ansokan", "delvis", expected=1).value
    assert case.versions["ansokan"] == 2
    case = ops.note(mine, review, 1, "ansokan", "Oklart", expected=2).value
    assert case.versions["ansokan"] == 3
    # Case 1 has barn i hushållet blank; "ja" lets barnperspektiv be answered.
    ops.set_attribute(mine, review, 1, "barn_i_hushallet", "ja")
    case = ops.answer(mine, review, 1, "barnperspektiv", "helt", expected=0).value
    assert case.versions["barnperspektiv"] == 1
    # "nej" makes it ej aktuellt by rule: the rules rewrite the answer, a write like any other.
    case = ops.set_attribute(mine, review, 1, "barn_i_hushallet", "nej").value
    assert (case.answers["barnperspektiv"], case.versions["barnperspektiv"]) == \
        ("ej_aktuellt", 2)
    assert case.versions["ansokan"] == 3  # untouched by the rules


def answers_now(db: Database, review: int) -> dict[str, Assessment]:
    with db.session() as session:
        return scoring._stored(session, scoring.find_case(session, review, 1))


def next_read_finds(monkeypatch: pytest.MonkeyPatch, earlier: dict[str, Assessment]) -> None:
    """The next write reads case 1's answers as they were ``earlier``, as if it had read them
    before another writer committed (two users on a server, between read and write)."""
    reads = iter([earlier])
    real = scoring._stored

    def stale(session: object, case: object) -> dict[str, Assessment]:
        return next(reads, None) or real(session, case)  # type: ignore[arg-type]

    monkeypatch.setattr(scoring, "_stored", stale)


def test_an_update_matches_only_the_version_read_so_a_writer_in_between_is_not_overwritten(
        writers: tuple[Database, Database], review: int, db_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    mine, other = writers
    earlier = answers_now(mine, review)  # version 1: Helt
    as_user(monkeypatch, "anna")
    ops.answer(other, review, 1, "ansokan", "saknas", expected=1)
    next_read_finds(monkeypatch, earlier)
    with pytest.raises(AnswerConflict) as refused:
        ops.answer(mine, review, 1, "ansokan", "delvis", expected=1)
    assert str(refused.value) == (f"{ANSOKAN}: anna svarade Saknas "
                                  f"{stamp(mine, review, 'ansokan')}; du svarade Delvis. Ditt "
                                  "svar sparades inte.")
    assert (1, "ansokan", "saknas", "", False) in stored(db_path, review)["answers"]


def test_an_insert_after_another_writers_insert_is_a_conflict(
        writers: tuple[Database, Database], review: int, db_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    mine, other = writers
    earlier = answers_now(mine, review)  # no answer on beslut
    as_user(monkeypatch, "anna")
    ops.answer(other, review, 1, "beslut", "saknas", expected=0)
    next_read_finds(monkeypatch, earlier)
    with pytest.raises(AnswerConflict, match="anna svarade Saknas .*du svarade Helt"):
        ops.answer(mine, review, 1, "beslut", "helt", expected=0)
    assert (1, "beslut", "saknas", "", False) in stored(db_path, review)["answers"]


def test_another_process_answering_after_this_one_read_is_named_in_the_refusal(
        review: int, db_path: Path, tmp_path: Path) -> None:
    reader = open_database(db_path, write=False)
    shown = version(reader, review, 1, "ansokan")
    reader.close()
    file = write_csv(tmp_path / "annas.csv", [["lopnummer", "ansokan"], ["1", "delvis"]])
    env = dict(os.environ, LOGNAME="anna", USER="anna")
    subprocess.run([sys.executable, "-m", "internkontroll", "--db",
                    str(as_login(db_path, "anna")), "review",
                    "import", str(review), str(file)], check=True, env=env,
                   capture_output=True)
    db = open_database(db_path, write=True)
    try:
        with pytest.raises(AnswerConflict, match="anna svarade Delvis .*du svarade Saknas"):
            ops.answer(db, review, 1, "ansokan", "saknas", expected=shown)
    finally:
        db.close()
    assert (1, "ansokan", "delvis", "", False) in stored(db_path, review)["answers"]


def test_an_import_writes_over_the_stored_answers_without_a_version(
        cli: Cli, review: int, db_path: Path, tmp_path: Path) -> None:
    cli.ok("review", "import", review, write_csv(tmp_path / "igen.csv",
                                                 [["lopnummer", "ansokan"], ["1", "saknas"]]))
    db = open_database(db_path, write=True)
    try:
        assert version(db, review, 1, "ansokan") == 2
    finally:
        db.close()


def test_a_conflict_shows_the_time_alone_today_and_the_date_too_before() -> None:
    at = "2026-11-30T09:42:00+00:00"
    assert local_text(at) == "2026-11-30 10:42"
    assert local_when(at, today=date(2026, 11, 30)) == "10:42"
    assert local_when(at, today=date(2026, 12, 1)) == "2026-11-30 10:42"


def test_a_conflict_is_exit_code_5_like_a_database_in_use() -> None:
    assert AnswerConflict.exit_code == 5
