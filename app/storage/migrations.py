"""Bringing playlist files written by earlier versions up to the current layout.

Each step is a function from the plain data of version N to that of version N+1, so an
old file climbs one step at a time.  A step also says where its renamed fields were, so an
error found later still points at the right line of the old file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.storage.located import FieldPath

CURRENT_VERSION = 2


class MigrationError(ValueError):
    """Old data that cannot be converted; ``path`` is where in the old file."""

    def __init__(self, path: FieldPath, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


# Hours are bounded so that a hostile length cannot make a huge number.
_LENGTH = re.compile(r"^(?:(\d{1,9}):)?(\d{1,2}):(\d{2})$")


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else type(value).__name__
    return text if len(text) <= 40 else text[:39] + "…"


def _seconds(value: Any, path: FieldPath) -> int:
    """Version 0 wrote lengths as "4:27" (or "1:02:03"); a bare number was seconds."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    match = _LENGTH.match(value.strip()) if isinstance(value, str) else None
    if not match or int(match.group(3)) > 59:
        raise MigrationError(path, f"expected a length like 4:27, got {_shown(value)}")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    if hours and minutes > 59:
        raise MigrationError(path, f"expected a length like 1:02:03, got {_shown(value)}")
    return hours * 3600 + minutes * 60 + seconds


def migrate_v0_to_v1(doc: dict) -> dict:
    """Version 0: ``title``/``comment``, and ``tracks`` with one ``artist`` credit string,
    a ``length`` string and a bare ``spotify_uri``.

    The credit stays one artist: splitting it on "&" would break names such as
    "Echo & the Bunnymen".  A URI becomes a pinned match, exactly as one written by hand.
    """
    out: dict[str, Any] = {"format": doc.get("format"), "version": 1}
    if "title" in doc:
        out["name"] = doc["title"]
    if "comment" in doc:
        out["description"] = doc["comment"]
    for key in ("created", "modified", "dossier"):
        if key in doc:
            out[key] = doc[key]
    tracks = doc.get("tracks", [])
    if not isinstance(tracks, list):
        raise MigrationError(("tracks",), "expected a list of tracks")
    items = []
    for index, track in enumerate(tracks):
        if not isinstance(track, dict):
            raise MigrationError(("tracks", index), "expected a mapping of fields")
        item: dict[str, Any] = {}
        for key in ("id", "entry", "track", "title", "album", "year", "note"):
            if key in track:
                item[key] = track[key]
        if "artist" in track:
            artist = track["artist"]
            item["artists"] = [artist] if isinstance(artist, str) else artist
        if track.get("length") is not None:
            item["duration"] = _seconds(track["length"], ("tracks", index, "length"))
        if track.get("spotify_uri"):
            item["spotify"] = {"uri": track["spotify_uri"]}
        items.append(item)
    out["items"] = items
    return out


_V0_TOP = {"name": "title", "description": "comment", "items": "tracks"}
_V0_ITEM = {"artists": "artist", "duration": "length"}


def path_v1_to_v0(path: FieldPath) -> FieldPath:
    """Where a value of the migrated data was in the version 0 file."""
    if not path or not isinstance(path[0], str):
        return path
    head, rest = _V0_TOP.get(path[0], path[0]), list(path[1:])
    if head == "tracks" and len(rest) >= 2 and isinstance(rest[1], str):
        if rest[1] == "spotify":  # {uri: ...} was made from the bare spotify_uri
            rest[1:] = ["spotify_uri"]
        else:
            rest[1] = _V0_ITEM.get(rest[1], rest[1])
    return (head, *rest)


def migrate_v1_to_v2(doc: dict) -> dict:
    """Version 2 adds what a three-way sync needs: the Spotify playlist's owner and the base
    (its slots, snapshot and details as of the last sync), item kinds and the create marker.
    A version 1 link has no base; the next sync treats everything on Spotify that the file
    does not hold as added there, so nothing of the person's is lost."""
    return {**doc, "version": 2}


MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: migrate_v0_to_v1, 1: migrate_v1_to_v2}


def _same_path(path: FieldPath) -> FieldPath:
    return path


# By version: where a value of the next version's data was in a file of this version.
PATHS_BACK: dict[int, Callable[[FieldPath], FieldPath]] = {0: path_v1_to_v0, 1: _same_path}


def migrate(doc: dict, version: int) -> dict:
    """Apply every step from ``version`` up to :data:`CURRENT_VERSION`, in order."""
    while version < CURRENT_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
    return doc


def path_in_file(path: FieldPath, version: int) -> FieldPath:
    """Where a value of data migrated from ``version`` was in the file as written."""
    for step in range(CURRENT_VERSION - 1, version - 1, -1):
        path = PATHS_BACK[step](path)
    return path
