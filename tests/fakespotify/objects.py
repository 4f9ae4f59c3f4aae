"""Spotify-shaped JSON for the fake server: tracks, albums, artists, playlists.

Every id made here is a test value (``fake…``), never a real Spotify id.
"""

from __future__ import annotations

import hashlib
import struct
import zlib


def site_of(api_url: str) -> str:
    """The fake's own address: its web links and covers point here, never elsewhere."""
    return api_url[: -len("v1/")] if api_url.endswith("v1/") else api_url


def open_url(api_url: str) -> str:
    return f"{site_of(api_url)}open/"  # where open.spotify.com links would go


def image_url(api_url: str) -> str:
    return f"{site_of(api_url)}images/"  # served by the fake as a small PNG


# Deprecated, yet the spec still requires it on albums; a fixed test value.
MARKETS = ["DE", "FR", "GB", "SE", "US"]


def fake_id(prefix: str, text: str) -> str:
    """A stable 22-character id derived from ``text`` (same name, same id, every run)."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return (prefix + digest)[:22]


def artist_json(name: str, api_url: str) -> dict:
    artist_id = fake_id("fakeart", name.casefold())
    return {
        "external_urls": {"spotify": f"{open_url(api_url)}artist/{artist_id}"},
        "href": f"{api_url}artists/{artist_id}",
        "id": artist_id,
        "name": name,
        "type": "artist",
        "uri": f"spotify:artist:{artist_id}",
    }


def album_json(name: str, year: int | None, artists: list[dict], api_url: str) -> dict:
    album_id = fake_id("fakealb", f"{name.casefold()}|{year}|{artists[0]['name'].casefold()}")
    return {
        "album_type": "album",
        "total_tracks": 1,
        "available_markets": list(MARKETS),
        "external_urls": {"spotify": f"{open_url(api_url)}album/{album_id}"},
        "href": f"{api_url}albums/{album_id}",
        "id": album_id,
        "images": [
            {"url": f"{image_url(api_url)}{album_id}-640", "width": 640, "height": 640},
            {"url": f"{image_url(api_url)}{album_id}-300", "width": 300, "height": 300},
            {"url": f"{image_url(api_url)}{album_id}-64", "width": 64, "height": 64},
        ],
        "name": name,
        "release_date": str(year) if year else "0000",
        "release_date_precision": "year",
        "type": "album",
        "uri": f"spotify:album:{album_id}",
        "artists": artists,
    }


def track_json(
    track_id: str,
    title: str,
    artists: list[str] | tuple[str, ...],
    *,
    album: str | None,
    year: int | None,
    duration_ms: int,
    isrc: str | None,
    api_url: str,
    track_number: int = 1,
) -> dict:
    """A full TrackObject as ``GET /search`` returns it (deprecated fields left out)."""
    if isinstance(artists, str):
        artists = [artists]
    if not artists:
        raise ValueError("a track needs at least one artist")
    people = [artist_json(a, api_url) for a in artists]
    return {
        "album": album_json(album or title, year, people, api_url),
        "artists": people,
        "disc_number": 1,
        "duration_ms": int(duration_ms),
        "explicit": False,
        "external_ids": {"isrc": isrc} if isrc else {},
        "external_urls": {"spotify": f"{open_url(api_url)}track/{track_id}"},
        "href": f"{api_url}tracks/{track_id}",
        "id": track_id,
        "is_local": False,
        "is_playable": True,
        "name": title,
        "track_number": track_number,
        "type": "track",
        "uri": f"spotify:track:{track_id}",
    }


def user_json(user_id: str, display_name: str | None, api_url: str) -> dict:
    return {
        "display_name": display_name,
        "external_urls": {"spotify": f"{open_url(api_url)}user/{user_id}"},
        "href": f"{api_url}users/{user_id}",
        "id": user_id,
        "type": "user",
        "uri": f"spotify:user:{user_id}",
    }


def cover_png(name: str) -> bytes:
    """A small solid-colour PNG standing in for an album cover (colour from the name)."""
    r, g, b = hashlib.sha1(name.encode()).digest()[:3]
    size = 64
    row = b"\x00" + bytes((r, g, b)) * size
    raw = zlib.compress(row * size)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def episode_json(episode_id: str, title: str, show: str, duration_ms: int, api_url: str) -> dict:
    """A podcast episode (EpisodeObject) with its show; made-up test values."""
    show_id = fake_id("fakeshow", show.casefold())
    return {
        "audio_preview_url": None,
        "description": "A test episode.",
        "html_description": "<p>A test episode.</p>",
        "duration_ms": int(duration_ms),
        "explicit": False,
        "external_urls": {"spotify": f"{open_url(api_url)}episode/{episode_id}"},
        "href": f"{api_url}episodes/{episode_id}",
        "id": episode_id,
        "images": [],
        "is_externally_hosted": False,
        "is_playable": True,
        "languages": ["en"],
        "name": title,
        "release_date": "2026-01-01",
        "release_date_precision": "day",
        "type": "episode",
        "uri": f"spotify:episode:{episode_id}",
        "show": {
            "available_markets": list(MARKETS),
            "copyrights": [],
            "description": "A test show.",
            "html_description": "<p>A test show.</p>",
            "explicit": False,
            "external_urls": {"spotify": f"{open_url(api_url)}show/{show_id}"},
            "href": f"{api_url}shows/{show_id}",
            "id": show_id,
            "images": [],
            "is_externally_hosted": False,
            "languages": ["en"],
            "media_type": "audio",
            "name": show,
            "publisher": "Test Publisher",
            "total_episodes": 1,
            "type": "show",
            "uri": f"spotify:show:{show_id}",
        },
    }
