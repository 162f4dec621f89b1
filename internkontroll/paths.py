"""Where the database lives: ``--db``, else ``INTERNKONTROLL_DB``, else the user data folder.

Either names a file or, as a ``postgresql://`` URL, a database on a server.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_DB = "INTERNKONTROLL_DB"
APP_NAME = "Internkontroll"
SERVER_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


@dataclass(frozen=True)
class AppPaths:
    db: Path  # the file; for a server, where a copy taken offline would go by default
    server: str | None = None  # the server database's URL, when that is the database

    @property
    def target(self) -> Path | str:
        """What ``open_database`` takes."""
        return self.server or self.db

    @property
    def where(self) -> str:
        """For the status bar: the file's full path, or the server and database."""
        return str(self.db) if self.server is None else f"{self.label} (på servern)"

    @property
    def label(self) -> str:
        """How messages name the database."""
        if self.server is None:
            return self.db.name
        from internkontroll.store.server import label

        return label(self.server)

    @classmethod
    def resolve(cls, db: str | None = None,
                environ: Mapping[str, str] | None = None) -> AppPaths:
        env = os.environ if environ is None else environ
        chosen = db or env.get(ENV_DB)
        if chosen and chosen.startswith(SERVER_SCHEMES):
            return cls(default_file(), chosen)
        return cls(Path(chosen).expanduser() if chosen else default_file())


def default_file() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "internkontroll.sqlite"
