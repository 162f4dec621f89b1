import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from internkontroll.store import guards, migrate
from internkontroll.store.db import APPLICATION_ID, make_engine, open_database
from internkontroll.store.results import full_result, result_document
from internkontroll.store.reviews import list_cases
from tests.snapshots import FIXTURES, SNAPSHOTS, assert_data_intact, revision

pytestmark = pytest.mark.sqlite_only  # about the database file itself


def test_revisions_from_file_names_agree_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate._config())
    chain = [s.revision for s in script.walk_revisions()][::-1]
    assert list(migrate.known_revisions()) == chain
    assert migrate.head() == script.get_current_head()


def test_every_revision_has_a_snapshot() -> None:
    assert {revision(p) for p in SNAPSHOTS} == set(migrate.known_revisions())


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.stem)
def test_snapshot_upgrades_with_its_data_intact(snapshot: Path, tmp_path: Path) -> None:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(snapshot, path)
    db = open_database(path, write=True)
    try:
        with db.session() as session:
            assert_data_intact(session, snapshot)
    finally:
        db.close()
    conn = sqlite3.connect(path)
    # The guards exist after every upgrade, and they work on the upgraded file.
    assert guards.installed(conn) == set(guards.TRIGGERS)
    conn.execute("INSERT INTO audit_log (at, user, action, target, case_level) "
                 "VALUES ('2026-01-01T00:00:00+00:00', 'test', 'answer', '', 1)")
    with pytest.raises(sqlite3.IntegrityError, match="IK-APPEND-ONLY"):
        conn.execute("DELETE FROM audit_log")
    conn.rollback()
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_pending_upgrade_takes_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "tom.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.commit()
    conn.close()
    open_database(path, write=True).close()
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and "fore-uppgradering" in backups[0].name
    copy = sqlite3.connect(backups[0])
    assert copy.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    copy.close()
    # Opening again at the newest schema makes no new backup.
    open_database(path, write=True).close()
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_migrations_match_the_models(db_path: Path) -> None:
    engine = make_engine(db_path)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"render_as_batch": True})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_to_0005_keeps_the_counts_and_lets_gallring_keep_groups(tmp_path: Path) -> None:
    from internkontroll.store.purge import purge_review

    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "schema-0004.sqlite", path)
    conn = sqlite3.connect(path)
    counts = conn.execute("SELECT review_id, item_key, option_key, count FROM review_count "
                          "ORDER BY 1, 2, 3").fetchall()
    conn.close()
    assert counts  # review 1 is a counts-only period
    db = open_database(path, write=True)
    try:
        with db.session() as session:
            by_kon = result_document(full_result(session, 4, "kon"))
            purge_review(session, 4)  # redovisad in the snapshot; gallrad after the upgrade
        with db.session() as session:
            assert result_document(full_result(session, 4, "kon")) == by_kon
    finally:
        db.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT review_id, item_key, option_key, count FROM review_count "
                        "WHERE group_attribute = '' AND group_value = '' AND review_id = 1 "
                        "ORDER BY 1, 2, 3").fetchall() == [c for c in counts if c[0] == 1]
    assert conn.execute("SELECT attribute, value, cases FROM review_group WHERE review_id = 4"
                        ).fetchall() == [("kon", "kvinna", 1)]
    conn.close()


def test_upgrade_to_0006_gives_each_answer_version_1_and_refuses_a_stale_write(
        tmp_path: Path) -> None:
    from internkontroll.core.errors import AnswerConflict
    from internkontroll.store.scoring import save_answer

    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "schema-0005.sqlite", path)
    db = open_database(path, write=True)
    try:
        with db.session() as session:
            case = save_answer(session, 2, 1, "bedomning", "helt", expected=1)
        assert case.versions["bedomning"] == 2 and case.answers["bedomning"] == "helt"
        with pytest.raises(AnswerConflict), db.session() as session:
            save_answer(session, 2, 1, "bedomning", "saknas", expected=1)
        with db.session() as session:
            assert list_cases(session, 2)[0].answers["bedomning"] == "helt"
    finally:
        db.close()
