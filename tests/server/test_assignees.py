"""A granskare writes only in the reviews it created or is assigned, and the server itself
refuses the rest; a kontrollansvarig assigns, and writes anywhere (issue 17, point 4)."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from tests.cli.test_safety_cli import answers_file
from tests.conftest import Cli
from tests.server.test_roles import Logins, as_role, scored_review, server  # noqa: F401
from tests.servers import SERVER, query

pytestmark = pytest.mark.skipif(not os.environ.get(SERVER), reason=f"{SERVER} is not set")


@pytest.fixture
def shared(server: tuple[str, Logins], tmp_path: Path,  # noqa: F811
           capsys: pytest.CaptureFixture[str]) -> tuple[str, Logins, Cli, str]:
    """A granskare and a kontrollansvarig, and a review the kvalitetsutvecklare (the
    kontrollansvarig) made: the server, its logins, the kontrollansvarig and the review."""
    url, logins = server
    owner = Cli(url, capsys)
    for role in ("granskare", "kontrollansvarig"):
        owner.ok("server", "grant", logins.names[role], role)
    kontrollansvarig = as_role("kontrollansvarig", logins, capsys)
    return url, logins, kontrollansvarig, scored_review(kontrollansvarig, tmp_path)


def test_a_granskare_writes_only_where_it_created_or_is_assigned(
        shared: tuple[str, Logins, Cli, str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    url, logins, kontrollansvarig, review = shared
    granskare = as_role("granskare", logins, capsys)
    name = logins.names["granskare"]
    written = iter(range(100))

    def texts() -> Path:  # a new text each time, so that every call writes
        path = tmp_path / "texter.toml"
        path.write_text(f'sammanfattning = "Version {next(written)}."\n', encoding="utf-8")
        return path

    def refused() -> None:
        code, _, err = granskare("review", "texts", review, "--from", texts())
        assert code == 3 and "inte tilldelad" in err and len(err.strip()) <= 300
        with psycopg.connect(logins.url_of("granskare")) as connection, \
                pytest.raises(psycopg.Error) as raw:
            connection.execute("INSERT INTO review_text (review_id, key, value) "
                               f"VALUES ({review}, 'sammanfattning', 'x')")
        assert raw.value.sqlstate == "IKR01"

    refused()
    code, _, err = kontrollansvarig("review", "assign", review, "ingen.sadan")
    assert code == 3 and "ingen granskare på servern" in err
    code, _, err = granskare("review", "assign", review, name)
    assert code == 3 and "behörighet" in err  # only a kontrollansvarig assigns
    assert "Tilldelade" in kontrollansvarig.ok("review", "assign", review, name)
    assert granskare.ok("review", "assign", review).strip() == \
        f"Tilldelade bedömare för kontrolltillfälle {review}: {name}."
    granskare.ok("review", "texts", review, "--from", texts())
    changed = tmp_path / "andrat.csv"
    changed.write_text(answers_file(tmp_path / "svar.csv", [1]).read_text(encoding="utf-8")
                       .replace("helt", "saknas"), encoding="utf-8")
    granskare.ok("review", "import", review, changed)
    assert (name,) in query(url, "SELECT DISTINCT a.updated_by FROM assessment a JOIN "
                            "review_case c ON c.id = a.case_id WHERE c.review_id = ?",
                            (int(review),))
    kontrollansvarig.ok("review", "assign", review, name, "--remove")
    refused()
    kontrollansvarig.ok("review", "texts", review, "--from", texts())  # assigned or not
    own = scored_review(granskare, tmp_path, "Maj -23")  # its own: written without assignment
    assert query(url, "SELECT created_by FROM review WHERE id = ?", (int(own),)) == [(name,)]
    # Nor through its own review: a row moved out of another's, or an answer there, is refused.
    for statement in (f"UPDATE review_case SET review_id = {own} WHERE review_id = {review}",
                      f"UPDATE review_text SET review_id = {own} WHERE review_id = {review}",
                      "UPDATE assessment SET option_key = 'saknas' WHERE case_id IN "
                      f"(SELECT id FROM review_case WHERE review_id = {review})",
                      "DELETE FROM assessment WHERE case_id IN "
                      f"(SELECT id FROM review_case WHERE review_id = {review})"):
        with psycopg.connect(logins.url_of("granskare")) as connection, \
                pytest.raises(psycopg.Error) as raw:
            connection.execute(statement)
        assert raw.value.sqlstate == "IKR01", statement
    assert query(url, "SELECT action, target, old_value, new_value FROM audit_log "
                 "WHERE action = 'assign' ORDER BY id") == [
        ("assign", name, None, name)]
    assert query(url, "SELECT target, old_value, new_value FROM audit_log "
                 "WHERE action = 'unassign'") == [(name, name, None)]


def test_scoring_and_texts_are_read_only_for_a_granskare_not_assigned(
        shared: tuple[str, Logins, Cli, str], qtbot) -> None:
    from internkontroll.store.db import open_database
    from internkontroll.ui.tasks import ImmediateExecutor, Tasks
    from internkontroll.ui.views.scoring import ScoringView
    from internkontroll.ui.views.texts import TextsView

    _, logins, kontrollansvarig, review = shared
    db = open_database(logins.url_of("granskare"), write=True)
    try:
        view = ScoringView(db, Tasks(ImmediateExecutor()), int(review))
        qtbot.addWidget(view)
        view.show()
        assert view.read_only and "inte tilldelad" in view.banner.text()
        assert view.banner.isVisible() and view.saved.text() == "Skrivskyddat"
        assert not view.rows[0].buttons.button(1).isEnabled()
        texts = TextsView(db, Tasks(ImmediateExecutor()), int(review), False)
        qtbot.addWidget(texts)
        assert texts.read_only and texts.editors["sammanfattning"].isReadOnly()
        kontrollansvarig.ok("review", "assign", review, logins.names["granskare"])
        view.reload()
        assert not view.read_only and not view.banner.isVisible()
        assert view.rows[0].buttons.button(1).isEnabled() and view.saved.text() == "Sparat"
        texts = TextsView(db, Tasks(ImmediateExecutor()), int(review), False)
        qtbot.addWidget(texts)
        assert not texts.read_only and not texts.editors["sammanfattning"].isReadOnly()
    finally:
        db.close()
