"""Alembic migrations, run programmatically when a database is opened.

Alembic itself (with Mako) takes about half a second to import, so it is imported only when an
upgrade is pending. Which revisions exist is read from the migration file names, which are the
revision ids ('0002_sampling.py' is revision '0002', each revising the one before); a test
checks that this agrees with Alembic.
"""

from __future__ import annotations

from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def known_revisions() -> tuple[str, ...]:
    """The revision ids in order, oldest first."""
    return tuple(sorted(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("*.py")
                        if p.name[:4].isdigit()))


def head() -> str:
    return known_revisions()[-1]


def is_known(revision: str) -> bool:
    return revision in known_revisions()


def is_pending(revision: str | None) -> bool:
    return revision != head()


def upgrade(path: Path, *, backup: bool) -> None:
    """Bring the file to the newest schema in one transaction, with foreign keys off.

    Batch operations copy tables; with foreign keys on, dropping the old copy would fire
    ON DELETE CASCADE. The foreign keys are checked before the transaction commits.
    """
    from internkontroll.store.backups import take_backups
    from internkontroll.store.db import make_engine

    made: list[Path] = []
    if backup:
        take_backups(path, "fore-uppgradering", made)
    engine = make_engine(path, foreign_keys=False)
    try:
        _upgrade(engine, path)
    except BaseException:
        # The upgrade rolled back whole, so the file is as it was: a database that is refused
        # gets no backup (it would be a copy of a file the program cannot open).
        for copy in made:
            copy.unlink(missing_ok=True)
            with suppress(OSError):  # the folder, when this backup was its first
                copy.parent.rmdir()
        raise
    finally:
        engine.dispose()


def to_head(connection: Any) -> None:
    """Run every pending migration on ``connection`` (a file's or a server's), in its
    transaction."""
    from alembic import command

    config = _config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _upgrade(engine: Any, path: Path) -> None:
    from internkontroll.store import guards

    with engine.begin() as connection:
        to_head(connection)
        guards.install(connection)
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise InvalidInput(
                f"Databasen {shown(path.name)} kunde inte uppgraderas: "
                f"{len(problems)} trasiga kopplingar mellan tabeller.")
