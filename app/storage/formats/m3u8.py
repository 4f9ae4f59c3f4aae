"""M3U8: the extended M3U playlist in UTF-8, as media players read it.

    #EXTM3U
    #PLAYLIST:Drive and its influences
    #EXTINF:1363,Kraftwerk - Autobahn
    #EXTALB:Autobahn
    https://open.spotify.com/track/...

The display text after the comma is split at its first " - ": a track with no artist
but a " - " in its title is written ``, - Title`` so the title stays whole.  Lines may end
with LF, CRLF or a lone CR (old Mac files); a text's own line breaks become spaces and
NULs are dropped, as no M3U reader can take them.

A track not matched on Spotify has no address to give, so its ``#EXTINF`` line stands
without a location line.  Every ``#`` line is a comment to a plain M3U reader, and readers
of extended M3U take the information of the last ``#EXTINF`` before a location, so players
simply skip such a track; Drive Playlist reads it back as an unmatched item.
"""

from __future__ import annotations

import math
import re
from itertools import chain

from app.core.dossier import Dossier
from app.core.playlist import Playlist, PlaylistItem
from app.storage.formats import (
    FormatError,
    checked_seconds,
    join_artists,
    pinned,
    split_artists,
)

HEADER = "#EXTM3U"
_SEPARATOR = " - "
_LINE_BREAK = re.compile(r"\r\n?|\n")
# Lines are split a block of about this many characters at a time (see _lines).
_BLOCK = 1 << 16


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ").replace("\x00", "").strip()


def export(playlist: Playlist, dossier: Dossier | None = None) -> str:
    lines = [HEADER, f"#PLAYLIST:{_one_line(playlist.name)}"]
    for item in playlist.items:
        seconds = -1 if item.duration is None else item.duration
        artist, title = _one_line(join_artists(item)), _one_line(item.title)
        if artist or _SEPARATOR in title:
            lines.append(f"#EXTINF:{seconds},{artist}{_SEPARATOR}{title}")
        else:
            lines.append(f"#EXTINF:{seconds},{title}")
        if item.album:
            lines.append(f"#EXTALB:{_one_line(item.album)}")
        if item.spotify_url:
            lines.append(item.spotify_url)
    return "\n".join(lines) + "\n"


def _extinf(rest: str, source: str, number: int) -> PlaylistItem:
    head, comma, display = rest.partition(",")
    tokens = head.split()
    if not comma or not tokens:
        raise FormatError(source, "expected #EXTINF:<seconds>,<artist> - <title>", number)
    try:
        seconds = float(tokens[0])
    except ValueError:
        raise FormatError(
            source, f"#EXTINF: {tokens[0]!r} is not a number of seconds", number
        ) from None
    if not math.isfinite(seconds):
        raise FormatError(source, f"#EXTINF: {tokens[0]!r} is not a number of seconds", number)
    try:
        duration = checked_seconds(round(seconds)) if seconds >= 0 else None
    except ValueError as exc:
        raise FormatError(source, f"#EXTINF: {tokens[0][:40]!r}: {exc}", number) from None
    artist, dash, title = display.partition(_SEPARATOR)
    if not dash:
        artist, title = "", display
    return PlaylistItem(title=title.strip(), artists=split_artists(artist), duration=duration)


def _from_location(location: str) -> PlaylistItem:
    """A location with no #EXTINF: its file name is the best title there is."""
    if pinned(location):
        return PlaylistItem(title=location, artists=())
    name = location.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or location
    stem, dot, _ = name.rpartition(".")
    return PlaylistItem(title=stem if dot and stem else name, artists=())


def _lines(text: str):
    """The text's lines, split a block at a time: splitting it whole kept every line of
    the file alive at once beside the items, several times the file's size when its lines
    are short.  A block ends just after a line break (a CR LF whole, the pattern being
    greedy), so no line or line end is cut in two.  A text with no CR at all (most) is
    cut and split at LF by plain string search, several times faster than the pattern."""
    return chain.from_iterable(_blocks(text))  # lines handed on in C, not one by one


def _blocks(text: str):
    start, size = 0, len(text)
    crs = "\r" in text
    while True:
        if start + _BLOCK >= size:
            rest = text[start:]
            yield _LINE_BREAK.split(rest) if crs else rest.split("\n")
            return
        if crs:
            cut = _LINE_BREAK.search(text, start + _BLOCK)
            end = cut.end() if cut else size
        else:
            end = text.find("\n", start + _BLOCK) + 1 or size
        if end == size:
            rest = text[start:]
            yield _LINE_BREAK.split(rest) if crs else rest.split("\n")
            return
        lines = _LINE_BREAK.split(text[start:end]) if crs else text[start:end].split("\n")
        lines.pop()  # the empty rest after the block's last line break
        yield lines
        start = end


def parse(text: str, source: str):
    name = None
    items: list[PlaylistItem] = []
    pending: PlaylistItem | None = None
    for number, raw in enumerate(_lines(text), 1):
        if not raw:
            continue  # first: a file can be a million empty lines
        if "\x00" in raw:
            raise FormatError(source, "not a text file (contains NUL bytes)", number)
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            # Trailing white space is kept: "Artist - " is an artist and an empty title.
            tag, _, rest = raw.lstrip().partition(":")
            tag = tag.rstrip()
            if tag == "#PLAYLIST":
                name = rest.strip() or name
            elif tag == "#EXTINF":
                if pending is not None:
                    items.append(pending)  # the previous track had no location
                pending = _extinf(rest, source, number)
            elif tag == "#EXTALB" and pending is not None:
                pending.album = rest.strip() or None
            continue  # #EXTM3U and any other comment
        item = pending or _from_location(line)
        item.match = pinned(line)
        items.append(item)
        pending = None
    if pending is not None:
        items.append(pending)
    return name, None, None, items
