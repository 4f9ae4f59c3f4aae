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
from typing import Annotated

from msgspec import Meta

from app.core.dossier import Dossier
from app.core.playlist import Playlist, PlaylistItem
from app.storage.described import Description, check, each, one_by_one
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


# -- the format's description ----------------------------------------------------------

Milliseconds = Annotated[int, Meta(ge=0, extra={"noun": "whole milliseconds"})]
Strings = str | list[str]  # some writers give one location as a bare string


class _Track(Description):
    location: Strings | None = None
    identifier: Strings | None = None
    title: str | None = None
    creator: str | None = None
    album: str | None = None
    annotation: str | None = None
    duration: Milliseconds | None = None


class _Body(Description):
    """The document's ``playlist``."""

    title: str | None = None
    annotation: str | None = None
    date: str | None = None
    track: list[_Track] | None = None


# Checked a part at a time: each track as it is read, then let go (see parse).
_Head = one_by_one(_Body, "track")


# -- from the checked description to playlist items --------------------------------------


class _Builder:
    """A field's path is made only to name it in an error: made for every field of every
    track, the tuples cost more than the reading."""

    def __init__(self, source: str, halves: bool = True):
        self.source = source
        self.halves = halves  # whether the text can hold half a surrogate pair at all

    def fail(self, path: FieldPath, message: str) -> FormatError:
        return FormatError(self.source, message, field=format_path(path))

    def text(self, value: str | None, path: FieldPath, key: str) -> str | None:
        if value is not None and self.halves:
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

    def texts(self, value: Strings | None, path: FieldPath, key: str) -> list[str]:
        if value is None:
            return []
        values = [value] if isinstance(value, str) else value
        if self.halves:
            for i, v in enumerate(values):
                self.characters(v, (*path, key, i))
        return values

    def track(self, track: _Track, index: int) -> PlaylistItem:
        path = ("playlist", "track", index)
        ms = track.duration
        if ms is not None and seconds_from_ms(ms) > LONGEST:
            raise self.fail((*path, "duration"), TOO_LONG)
        match = None
        if track.identifier is not None or track.location is not None:
            uris = self.texts(track.identifier, path, "identifier")
            for uri in uris + self.texts(track.location, path, "location"):
                match = match or pinned(uri)
        return PlaylistItem(
            title=self.text(track.title, path, "title") or "",
            artists=split_artists(self.text(track.creator, path, "creator")),
            album=self.text(track.album, path, "album") or None,
            duration=None if ms is None else seconds_from_ms(ms),
            note=self.text(track.annotation, path, "annotation") or None,
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
    b = _Builder(source, halves=_may_hold_halves(text))
    if not isinstance(document, dict) or "playlist" not in document:
        raise b.fail((), 'not a JSPF playlist (expected {"playlist": {...}})')
    at = ("playlist",)
    body = check(document["playlist"], _Head, b.fail, at)
    items = [
        b.track(track, i)
        for i, track in each(body.track, _Track, b.fail, (*at, "track"), let_go=True)
    ]
    return (
        b.text(body.title, at, "title"),
        b.text(body.annotation, at, "annotation"),
        b.text(body.date, at, "date"),
        items,
    )
