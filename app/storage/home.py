"""The one per-user folder that holds all state: settings, caches, tokens, autosaves.

``DRIVE_PLAYLIST_HOME`` moves all of it (tests, portable use).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "drive-playlist"
ENV_HOME = "DRIVE_PLAYLIST_HOME"


def home() -> Path:
    override = os.environ.get(ENV_HOME)
    if override:
        path = Path(override).expanduser()
    else:
        from platformdirs import user_data_path  # imported late: only when first needed

        path = user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def state_file(name: str) -> Path:
    return home() / name


def state_dir(name: str) -> Path:
    path = home() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def project_root() -> Path:
    """The checkout (or installed tree) that holds ``data/`` and ``resources/``."""
    return Path(__file__).resolve().parent.parent.parent


def data_path(*parts: str) -> Path:
    return project_root().joinpath("data", *parts)


def resource_path(*parts: str) -> Path:
    return project_root().joinpath("resources", *parts)
