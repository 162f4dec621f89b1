"""Where the database lives: ``--db``, else ``INTERNKONTROLL_DB``, else the user data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_DB = "INTERNKONTROLL_DB"
APP_NAME = "Internkontroll"


@dataclass(frozen=True)
class AppPaths:
    db: Path

    @classmethod
    def resolve(cls, db: str | None = None,
                environ: Mapping[str, str] | None = None) -> AppPaths:
        env = os.environ if environ is None else environ
        chosen = db or env.get(ENV_DB)
        if chosen:
            return cls(Path(chosen).expanduser())
        from platformdirs import user_data_path

        return cls(user_data_path(APP_NAME, appauthor=False) / "internkontroll.sqlite")
