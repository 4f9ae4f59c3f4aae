"""Where the Spotify sign-in is kept; importable without loading spotipy."""

from __future__ import annotations

from pathlib import Path

from app.storage.home import state_file

SIGN_IN_CACHE = "spotify-token.json"


def token_path() -> Path:
    """The token cache (owner-readable only); deleting it signs out."""
    return state_file(SIGN_IN_CACHE)
