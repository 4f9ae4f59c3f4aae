"""The one per-user folder that holds all state: settings, caches, tokens, autosaves.

``DRIVE_PLAYLIST_HOME`` moves all of it (tests, portable use).  A folder that cannot be
made is an :class:`UnusableHome`; caches treat it as no cache, and what needs the folder
(sign-in, settings, autosave) reports it in one line.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "drive-playlist"
ENV_HOME = "DRIVE_PLAYLIST_HOME"


class UnusableHome(OSError):
    """The per-user folder cannot be made (a file is in the way, no permission, ...)."""

    def __init__(self, path: Path, cause: OSError):
        reason = cause.strerror or str(cause)
        super().__init__(cause.errno, f"cannot use {path} as the Drive Playlist folder: {reason}")
        self.path = path

    def __str__(self) -> str:
        return f"{self.strerror} (set {ENV_HOME} to a folder you can write to)"


def home() -> Path:
    override = os.environ.get(ENV_HOME)
    if override:
        path = Path(override).expanduser()
    else:
        from platformdirs import user_data_path  # imported late: only when first needed

        path = user_data_path(APP_NAME, appauthor=False)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UnusableHome(path, exc) from None
    return path


def state_file(name: str) -> Path:
    """A file in the folder.  When the folder cannot be made, its would-be path all the
    same: reading finds nothing there, and what writes calls :func:`home` first to say why."""
    try:
        return home() / name
    except UnusableHome as exc:
        return exc.path / name


def state_dir(name: str) -> Path:
    path = home() / name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UnusableHome(path, exc) from None
    return path


def project_root() -> Path:
    """The checkout (or installed tree) that holds ``data/`` and ``resources/``."""
    return Path(__file__).resolve().parent.parent.parent


def data_path(*parts: str) -> Path:
    return project_root().joinpath("data", *parts)


def resource_path(*parts: str) -> Path:
    return project_root().joinpath("resources", *parts)
