"""Album covers for matched tracks: downloaded once, kept in the per-user cache."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import requests

from app.spotify.errors import NetworkError
from app.storage.atomic import write_atomic
from app.storage.home import UnusableHome, state_dir

MAX_BYTES = 2_000_000  # Spotify's covers are at most 640x640 JPEGs, far below this
TIMEOUT = 10


def cover_path(url: str) -> Path:
    name = hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()
    return state_dir("cache") / "covers" / name


def fetch_cover(url: str, session: requests.Session | None = None) -> bytes:
    """The image's bytes, from the cache or the network; NetworkError when it can't be had."""
    if not url.startswith(("https://", "http://")):
        raise NetworkError(f"not a web address: {url[:60]}")
    try:
        path: Path | None = cover_path(url)
        return path.read_bytes()
    except UnusableHome:
        path = None  # no folder to keep covers in: download every time
    except OSError:
        pass
    try:
        answer = (session or requests).get(url, timeout=TIMEOUT, stream=True)
        answer.raise_for_status()
        data = answer.raw.read(MAX_BYTES + 1, decode_content=True)
    except requests.RequestException as error:
        raise NetworkError(
            f"could not download the album cover: {error.__class__.__name__}"
        ) from None
    if len(data) > MAX_BYTES:
        raise NetworkError("the album cover is larger than expected; not shown")
    if path is not None:
        _keep(path, data)
    return data


def _keep(path: Path, data: bytes) -> None:
    """Best effort: a cover that cannot be kept is downloaded again next time."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, backup=False, durable=False, follow_link=False)
