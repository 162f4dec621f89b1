"""Writers on a server never wait for one another beyond the answer they both write (issue 17,
point 3): an open transaction on one case holds up neither another case nor another review."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from internkontroll.core.errors import AnswerConflict
from internkontroll.ops import scoring
from internkontroll.store.db import open_database
from internkontroll.store.scoring import save_answer
from tests.conftest import Cli
from tests.ops.scoring_data import imported_review
from tests.servers import SERVER

pytestmark = pytest.mark.skipif(not os.environ.get(SERVER), reason=f"{SERVER} is not set")


def started(call: object) -> tuple[threading.Thread, list[BaseException | object]]:
    """``call()`` on a thread of its own; the list gets what it returned or raised."""
    outcome: list[BaseException | object] = []

    def run() -> None:
        try:
            outcome.append(call())  # type: ignore[operator]
        except BaseException as error:  # noqa: BLE001 (handed to the test)
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    return worker, outcome


def test_an_open_write_on_one_case_holds_up_no_other_case_or_review(
        server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(server, capsys)
    first, second = imported_review(cli, tmp_path), imported_review(cli, tmp_path, "Maj -23")
    holding, other = open_database(server, write=True), open_database(server, write=True)
    try:
        with holding.session() as session:
            save_answer(session, first, 1, "ansokan", "saknas")  # not committed yet
            session.flush()
            for review, number in ((first, 2), (second, 1)):
                worker, outcome = started(lambda r=review, n=number: scoring.answer(
                    other, r, n, "ansokan", "delvis"))
                worker.join(10)
                assert not worker.is_alive() and not isinstance(outcome[0], BaseException)
            # The same answer waits for the open write, as it must, and then is a conflict,
            # never a silent overwrite.
            same, outcome = started(lambda: scoring.answer(other, first, 1, "ansokan",
                                                           "delvis", expected=1))
            same.join(1)
            assert same.is_alive(), outcome  # the same answer, changed: it waits
        same.join(10)
        assert isinstance(outcome[0], AnswerConflict) and "du svarade Delvis" in str(outcome[0])
    finally:
        holding.close()
        other.close()
