"""Playlists in the formats other programs read: M3U8, XSPF, JSPF and Exportify-style CSV.

Each format module has ``export(playlist, dossier) -> str`` and
``parse(text, source) -> (name, description, created, items)``; this package links the
parsed items to the dossier and turns every kind of broken input into one FormatError.
"""

from __future__ import annotations

import functools
import importlib
import os
from dataclasses import replace

from app.core.dossier import Dossier
from app.core.linking import TrackIndex
from app.core.playlist import (
    ONLINE_KINDS,
    MatchStatus,
    Playlist,
    PlaylistItem,
    TrackMatch,
    spotify_uri_for,
    spotify_uri_kind,
)
from app.core.text import whole_characters
from app.storage.located import LoadError

# name -> (module, file extensions, what to call it in a dialog)
FORMATS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "m3u8": ("m3u8", (".m3u8", ".m3u"), "M3U8 playlist"),
    "xspf": ("xspf", (".xspf",), "XSPF playlist"),
    "jspf": ("jspf", (".jspf",), "JSPF playlist"),
    "csv": ("csv_format", (".csv",), "CSV (Exportify columns)"),
}


class FormatError(LoadError, ValueError):
    """A file in another format that cannot be read: where (line when known) and why."""


def _module(fmt: str):
    try:
        name = FORMATS[fmt][0]
    except KeyError:
        known = ", ".join(FORMATS)
        raise ValueError(f"unknown format {fmt!r} (known: {known})") from None
    return importlib.import_module(f"{__name__}.{name}")


def format_for_path(path: str | os.PathLike) -> str:
    """The format a file name implies, by extension; ValueError for any other."""
    ext = os.path.splitext(os.fspath(path))[1].lower()
    for fmt, (_, extensions, _) in FORMATS.items():
        if ext in extensions:
            return fmt
    known = ", ".join(e for _, exts, _ in FORMATS.values() for e in exts)
    raise ValueError(f"{os.fspath(path)}: unknown playlist file type {ext or '(none)'!r} ({known})")


# The longest track these files carry, in seconds: a week.  Longer is no track but a
# mistake (or an attack: a number of thousands of digits), refused on import and export.
LONGEST = 7 * 24 * 3600
TOO_LONG = "longer than a week: not a track's length"


def export_text(playlist: Playlist, fmt: str, dossier: Dossier | None = None) -> str:
    """The playlist in ``fmt``; with a dossier, XSPF/JSPF annotations carry its commentary.

    ValueError (naming the item) for a duration longer than :data:`LONGEST`."""
    module = _module(fmt)
    for number, item in enumerate(playlist.items):
        if item.duration is not None and item.duration > LONGEST:
            raise ValueError(f"items[{number}].duration: {TOO_LONG}")
    return whole_characters(module.export(playlist, dossier))


def import_text(text: str, fmt: str, *, source: str, dossier: Dossier | None = None) -> Playlist:
    """Read ``text`` (the contents of ``source``) as ``fmt``; raises FormatError."""
    module = _module(fmt)
    text = text.removeprefix("\ufeff")
    try:
        name, description, created, items = module.parse(text, source)
    except FormatError:
        raise
    except RecursionError:
        raise FormatError(source, "nested too deeply to be a playlist") from None
    if not name:
        name = os.path.splitext(os.path.basename(source))[0] or "Imported playlist"
    linked = False
    if dossier is not None:
        index = TrackIndex(dossier)
        items = [_without_commentary(index.link(item), dossier) for item in items]
        linked = any(item.track_id for item in items)
    return Playlist(
        name=name,
        description=description or "",
        items=items,
        dossier=dossier.id if linked and dossier else None,
        created=created,
    )


# -- shared by the format modules ----------------------------------------------------------


def pinned(location: str | None) -> TrackMatch | None:
    """A Spotify URL or URI found in a file: the person's choice, never re-matched."""
    if not location:
        return None
    location = location.strip()
    uri = spotify_uri_for(location) if location.startswith("https://") else location
    if spotify_uri_kind(uri, ONLINE_KINDS):  # a local file is not something to match against
        return TrackMatch(status=MatchStatus.CHOSEN, uri=uri)
    return None


@functools.lru_cache(maxsize=256)
def split_artists(line: str | None) -> tuple[str, ...]:
    """An artist line as written by these formats: names joined with commas.

    Remembered for the last few lines: a playlist names the same artists again and again,
    and items then share one tuple (immutable) instead of each holding a copy."""
    if not line:
        return ()
    return tuple(part.strip() for part in line.split(",") if part.strip())


def join_artists(item: PlaylistItem) -> str:
    return ", ".join(item.artists)


def commentary_text(entry_id: str | None, dossier: Dossier | None) -> str:
    """What was said about an entry, as quotes with their speakers; the article's words
    that break a quote stay between its passages, as printed."""
    if not entry_id or dossier is None:
        return ""
    quotes = [
        " ".join(f"“{text}”" if quoted else text for quoted, text in c.pieces)
        + f" — {c.speaker.name}"
        for c in dossier.commentary_about(entry_id)
        if c.speaker is not None and c.segments
    ]
    return "\n\n".join(quotes)


def annotation_for(item: PlaylistItem, dossier: Dossier | None) -> str | None:
    """The item's note, followed by the entry's commentary when a dossier is given."""
    parts = [p for p in (item.note, commentary_text(item.entry_id, dossier)) if p]
    return "\n\n".join(parts) or None


def _without_commentary(item: PlaylistItem, dossier: Dossier) -> PlaylistItem:
    """Undo :func:`annotation_for`: the commentary is the dossier's, not the item's note."""
    said = commentary_text(item.entry_id, dossier)
    if not said or not item.note:
        return item
    if item.note == said:
        return replace(item, note=None)
    if item.note.endswith("\n\n" + said):
        return replace(item, note=item.note[: -len(said) - 2])
    return item


def seconds_from_digits(ms: str) -> int:
    """Whole milliseconds written as digits -> seconds; ValueError saying what is wrong.

    The length is checked before converting: Python refuses to convert more than 4,300
    digits, and a number that long is no duration anyway."""
    if not (ms.isascii() and ms.isdigit()):
        raise ValueError("not whole milliseconds")
    digits = ms.lstrip("0") or "0"
    if len(digits) > len(str(LONGEST * 1000)):
        raise ValueError(TOO_LONG)
    return checked_seconds(seconds_from_ms(int(digits)))


def checked_seconds(seconds: int) -> int:
    if seconds > LONGEST:
        raise ValueError(TOO_LONG)
    return seconds


def whole_ms(seconds: int | None) -> int | None:
    return None if seconds is None else int(seconds) * 1000


def seconds_from_ms(ms: int) -> int:
    return (ms + 500) // 1000
