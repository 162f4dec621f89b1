"""Alembic migrations, run programmatically when a database is opened."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from internkontroll.core.errors import InvalidInput

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


@cache
def known_revisions() -> frozenset[str]:
    return frozenset(s.revision for s in _script().walk_revisions())


def head() -> str:
    current = _script().get_current_head()
    assert current is not None
    return current


def is_known(revision: str) -> bool:
    return revision in known_revisions()


def is_pending(revision: str | None) -> bool:
    return revision != head()


def upgrade(path: Path, *, backup: bool) -> None:
    """Bring the file to the newest schema in one transaction, with foreign keys off.

    Batch operations copy tables; with foreign keys on, dropping the old copy would fire
    ON DELETE CASCADE. The foreign keys are checked before the transaction commits.
    """
    from internkontroll.store.db import make_engine
    from internkontroll.store.files import backup_database

    if backup:
        backup_database(path, path.parent / "backups", "fore-uppgradering")
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = _config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise InvalidInput(
                    f"Databasen {path.name} kunde inte uppgraderas: "
                    f"{len(problems)} trasiga kopplingar mellan tabeller.")
    finally:
        engine.dispose()
