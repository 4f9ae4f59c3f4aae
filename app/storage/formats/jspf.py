"""JSPF: XSPF's fields as JSON, as ListenBrainz and others exchange playlists.

``{"playlist": {"title", "annotation", "date", "track": [{"location": [...],
"identifier": [...], "title", "creator", "album", "annotation", "duration"}]}}`` with the
duration in whole milliseconds.

JSON can escape half of a UTF-16 surrogate pair on its own (``"\\ud800"``): that is no
character, no other file can hold it, and a text holding one is refused.
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.core.dossier import Dossier
from app.core.playlist import Playlist, PlaylistItem
from app.storage.formats import (
    LONGEST,
    TOO_LONG,
    FormatError,
    annotation_for,
    join_artists,
    pinned,
    seconds_from_ms,
    split_artists,
    whole_ms,
)
from app.storage.located import FieldPath, format_path

_SURROGATE = re.compile("[\ud800-\udfff]")
_LONG_NUMBER = re.compile(r"\d{4301}")


def _prune(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def export(playlist: Playlist, dossier: Dossier | None = None) -> str:
    tracks = [
        _prune(
            {
                "location": [item.spotify_url] if item.spotify_url else [],
                "identifier": [item.spotify_uri] if item.spotify_uri else [],
                "title": item.title,
                "creator": join_artists(item),
                "annotation": annotation_for(item, dossier),
                "album": item.album,
                "duration": whole_ms(item.duration),
            }
        )
        for item in playlist.items
    ]
    body = _prune(
        {"title": playlist.name, "annotation": playlist.description, "date": playlist.created}
    )
    body["track"] = tracks
    return json.dumps({"playlist": body}, ensure_ascii=False, indent=2) + "\n"


class _Reader:
    """Typed access to the document.  A field's path is made only to name it in an error:
    made for every field of every track, the tuples cost more than the reading."""

    def __init__(self, source: str, halves: bool = True):
        self.source = source
        self.halves = halves  # whether the text can hold half a surrogate pair at all

    def fail(self, path: FieldPath, message: str) -> FormatError:
        return FormatError(self.source, message, field=format_path(path))

    def mapping(self, value: Any, path: FieldPath) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, "expected an object")
        return value

    def text(self, data: dict, key: str, path: FieldPath) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail((*path, key), "expected a string")
        if self.halves:
            self.characters(value, (*path, key))
        return value

    def characters(self, value: str, path: FieldPath) -> str:
        lone = _SURROGATE.search(value)
        if lone:
            code = f"\\u{ord(lone.group()):04x}"
            raise self.fail(
                path, f"{code} (character {lone.start() + 1}) is half a UTF-16 pair, not text"
            )
        return value

    def texts(self, data: dict, key: str, path: FieldPath) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):  # some writers give one location as a bare string
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail((*path, key), "expected a list of strings")
        if self.halves:
            for i, v in enumerate(value):
                self.characters(v, (*path, key, i))
        return value

    def track(self, value: Any, index: int) -> PlaylistItem:
        path = ("playlist", "track", index)
        data = self.mapping(value, path)
        ms = data.get("duration")
        if ms is not None and (type(ms) is not int or ms < 0):
            raise self.fail((*path, "duration"), "expected whole milliseconds (0 or more)")
        if ms is not None and seconds_from_ms(ms) > LONGEST:
            raise self.fail((*path, "duration"), TOO_LONG)
        match = None
        if "identifier" in data or "location" in data:
            for uri in self.texts(data, "identifier", path) + self.texts(data, "location", path):
                match = match or pinned(uri)
        return PlaylistItem(
            title=self.text(data, "title", path) or "",
            artists=split_artists(self.text(data, "creator", path)),
            album=self.text(data, "album", path) or None,
            duration=None if ms is None else seconds_from_ms(ms),
            note=self.text(data, "annotation", path) or None,
            match=match,
        )


def _may_hold_halves(text: str) -> bool:
    """Whether half a pair can be in the text: itself, or an escape of one (maybe of a
    whole pair).  A text with neither needs no check of every string in it.  (Finding a
    substring is several times faster than a pattern; an ASCII text holds no surrogate.)"""
    if "\\ud" in text or "\\uD" in text:
        return True
    return not text.isascii() and _SURROGATE.search(text) is not None


def parse(text: str, source: str):
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(source, f"JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except ValueError:  # Python converts at most 4,300 digits, and says so
        long = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, long.start()) + 1 if long else None
        raise FormatError(source, "JSON: a number of over 4,300 digits", line) from None
    r = _Reader(source, halves=_may_hold_halves(text))
    if not isinstance(document, dict) or "playlist" not in document:
        raise r.fail((), 'not a JSPF playlist (expected {"playlist": {...}})')
    body = r.mapping(document["playlist"], ("playlist",))
    tracks = body.get("track", [])
    if not isinstance(tracks, list):
        raise r.fail(("playlist", "track"), "expected a list of tracks")
    items = []
    for i, track in enumerate(tracks):
        items.append(r.track(track, i))
        tracks[i] = None  # read: freed now, not once every item is built beside it
    return (
        r.text(body, "title", ("playlist",)),
        r.text(body, "annotation", ("playlist",)),
        r.text(body, "date", ("playlist",)),
        items,
    )
