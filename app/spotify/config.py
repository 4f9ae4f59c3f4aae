"""Where Spotify lives and which app we sign in through: environment first, then settings.

The two URL variables point the program at another server (the test fake); SPOTIPY_*
are spotipy's own names so an existing set-up keeps working.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.storage.settings import Settings

SCOPES = "playlist-modify-private playlist-modify-public playlist-read-private"
# Asked for only when first needed, so a sign-in for playlists alone keeps working.
PLAYBACK_SCOPES = ("user-read-playback-state", "user-modify-playback-state")
COVER_SCOPES = ("ugc-image-upload",)
DEFAULT_API_URL = "https://api.spotify.com/v1/"
DEFAULT_ACCOUNTS_URL = "https://accounts.spotify.com/"
DEFAULT_REDIRECT_URI = "http://127.0.0.1:8765/callback"

ENV_API_URL = "DRIVE_PLAYLIST_SPOTIFY_API_URL"
ENV_ACCOUNTS_URL = "DRIVE_PLAYLIST_SPOTIFY_ACCOUNTS_URL"
ENV_CLIENT_ID = "SPOTIPY_CLIENT_ID"
ENV_REDIRECT_URI = "SPOTIPY_REDIRECT_URI"


def _settings() -> Settings:
    # Read when a value is asked for: the constants above are wanted by modules that
    # never need the settings file, and its YAML reader is a fifth of the window's
    # start-up after the first paint.
    from app.storage.settings import load_settings

    return load_settings()


def _with_slash(url: str) -> str:
    # spotipy builds request URLs as prefix + "me": the slash must be there.
    return url if url.endswith("/") else url + "/"


def api_url() -> str:
    return _with_slash(os.environ.get(ENV_API_URL) or DEFAULT_API_URL)


def accounts_url() -> str:
    return _with_slash(os.environ.get(ENV_ACCOUNTS_URL) or DEFAULT_ACCOUNTS_URL)


def client_id() -> str | None:
    return (os.environ.get(ENV_CLIENT_ID) or "").strip() or _settings().client_id or None


def redirect_uri() -> str:
    return (
        (os.environ.get(ENV_REDIRECT_URI) or "").strip()
        or _settings().redirect_uri
        or DEFAULT_REDIRECT_URI
    )


def market() -> str | None:
    """The market searches prefer, from the settings; None when they can't be read
    (searching without a market still works, and the settings' own error shows elsewhere)."""
    from app.storage.located import LoadError

    try:
        return _settings().market
    except LoadError:
        return None
