"""Shared test set-up: an isolated per-user folder for every test, offscreen Qt."""

from __future__ import annotations

import importlib.util
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = (
    ["tests.fakespotify.fixtures"] if importlib.util.find_spec("tests.fakespotify") else []
)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own DRIVE_PLAYLIST_HOME and no real Spotify settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DRIVE_PLAYLIST_HOME", str(home))
    for var in (
        "SPOTIPY_CLIENT_ID",
        "SPOTIPY_CLIENT_SECRET",
        "SPOTIPY_REDIRECT_URI",
        "DRIVE_PLAYLIST_SPOTIFY_API_URL",
        "DRIVE_PLAYLIST_SPOTIFY_ACCOUNTS_URL",
    ):
        monkeypatch.delenv(var, raising=False)
    return home
