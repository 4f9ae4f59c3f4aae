"""Uploading a playlist's cover: one request, on request only, never part of a sync.

Spotify takes the base64 text of a JPEG of at most 256 KB and rate-limits this call on its
own, so nothing here retries a refusal: the person hears why at once.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from app.spotify import config
from app.spotify.errors import ApiError, MaybeApplied, PlaylistGone, RateLimited, SpotifyError

if TYPE_CHECKING:  # the client (spotipy, requests) is loaded by whoever uploads, not here
    from app.spotify.client import SpotifyClient

MAX_PAYLOAD = 256 * 1024  # bytes of base64 text, Spotify's limit for the request body
JPEG_START = b"\xff\xd8\xff"


class CoverRefused(SpotifyError):
    pass


class CoverScopeMissing(SpotifyError):
    def __init__(self, scopes: list[str]):
        self.scopes = scopes
        super().__init__(
            "Uploading a playlist cover needs your permission to add images, which the "
            "earlier sign-in did not ask for: sign in again to add it."
        )


def payload_size(jpeg: bytes) -> int:
    return len(base64.b64encode(jpeg))


def check_cover_scopes() -> None:
    from app.spotify.auth import missing_scopes

    missing = missing_scopes(config.COVER_SCOPES)
    if missing:
        raise CoverScopeMissing(missing)


def upload_cover(client: SpotifyClient, playlist_id: str, jpeg: bytes) -> None:
    if not jpeg.startswith(JPEG_START):
        raise ValueError("a playlist cover must be a JPEG")
    text = base64.b64encode(jpeg).decode("ascii")
    if len(text) > MAX_PAYLOAD:
        raise ValueError(
            f"the cover is {len(text) // 1024} KB as base64; Spotify takes at most "
            f"{MAX_PAYLOAD // 1024} KB"
        )
    # A rate limit here is the upload's own: waiting it out in silence helps nobody.
    client.max_rate_wait = 0
    try:
        client.request(
            "PUT", f"playlists/{playlist_id}/images", payload=text, content_type="image/jpeg"
        )
    except RateLimited as error:
        raise CoverRefused(
            f"Spotify accepts few cover uploads in a row; try again in "
            f"{max(1, round(error.retry_after))} s."
        ) from None
    except MaybeApplied:
        raise CoverRefused(
            "Spotify did not answer the upload; the cover may or may not have changed. "
            "Look at the playlist in Spotify, then try again if needed."
        ) from None
    except ApiError as error:
        if error.status == 404:
            raise PlaylistGone(playlist_id) from None
        if error.status in (401, 403) and "scope" in str(error).lower():
            raise CoverScopeMissing(list(config.COVER_SCOPES)) from None
        raise CoverRefused(f"Spotify refused the cover: {error}") from None
