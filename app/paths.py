"""Where ReviewDesk keeps its files: the user's data folder, never next to the program."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "ReviewDesk"
#: Overrides the data folder (tests, portable use).
DATA_DIR_ENV = "REVIEWDESK_DATA_DIR"
#: Overrides the database (a path or any SQLAlchemy URL).
DB_ENV = "REVIEWDESK_DB"


def data_dir() -> Path:
    """The per-user data folder (created on first use)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "reviewdesk.db"


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
