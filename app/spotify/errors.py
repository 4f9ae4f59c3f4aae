"""What can go wrong talking to Spotify, each as one line a person can act on.

``str(error)`` is the whole message: what happened and what to do about it.  The window
shows it in a banner, the command line prints it on one line.
"""

from __future__ import annotations


class SpotifyError(Exception):
    """Base of every Spotify failure; ``str(e)`` is the one-line message."""


class NotConfigured(SpotifyError):
    """No client id: the person has not told us which Spotify app to sign in through."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or "no Spotify client id: set SPOTIPY_CLIENT_ID or run "
            "`drive-playlist config --client-id ID` (the id of your app on "
            "developer.spotify.com)"
        )


class NotSignedIn(SpotifyError):
    def __init__(self, message: str | None = None):
        super().__init__(message or "not signed in to Spotify: run `drive-playlist login`")


class SignInFailed(SpotifyError):
    """Refused in the browser, a forged or stale callback, or no answer in time."""


class RateLimited(SpotifyError):
    """Spotify asked us to wait longer than is reasonable to sit through."""

    def __init__(self, retry_after: float, message: str | None = None):
        self.retry_after = retry_after
        super().__init__(
            message
            or f"Spotify asks to wait {_duration(retry_after)} before the next request "
            "(rate limit); run the same command again later and it continues where it stopped"
        )


class QuotaExceeded(SpotifyError):
    """A 429 that names the quota rather than a rate: the request quota of the Spotify app
    (shared by everyone who signs in through its client id) is used up, and waiting the
    ``Retry-After`` will not help soon."""

    def __init__(self, retry_after: float | None = None, message: str | None = None):
        self.retry_after = retry_after
        super().__init__(
            message
            or "Spotify says the request quota of this Spotify app is used up (QUOTA_EXCEEDED, "
            "shared by everyone signed in through its client id): waiting a few minutes will "
            "not help; try again much later, or use a client id of your own "
            "(`drive-playlist config --client-id ID`)"
        )


class NetworkError(SpotifyError):
    """No connection, or timeouts that outlasted the retries."""


class ApiError(SpotifyError):
    def __init__(self, status: int, message: str, reason: str | None = None):
        self.status = status
        self.reason = reason  # the player's machine-readable cause, e.g. PREMIUM_REQUIRED
        super().__init__(message)


class PlaylistGone(SpotifyError):
    """The remote playlist was deleted, or it is not the signed-in person's to change."""

    def __init__(self, playlist_id: str, message: str | None = None):
        self.playlist_id = playlist_id
        super().__init__(
            message
            or f"Spotify playlist {playlist_id} no longer exists or is not yours; "
            "unlink it to create a new one"
        )


class MaybeApplied(SpotifyError):
    """A change whose answer was lost: it may or may not have been applied."""


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 120:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
