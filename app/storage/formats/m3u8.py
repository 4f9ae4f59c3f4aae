"""M3U8: the extended M3U playlist in UTF-8, as media players read it.

    #EXTM3U
    #PLAYLIST:Drive and its influences
    #EXTINF:267,College, Electric Youth - A Real Hero
    #EXTALB:Drive (Original Motion Picture Soundtrack)
    https://open.spotify.com/track/...

A track not matched on Spotify has no address to give, so its ``#EXTINF`` line stands
without a location line.  Every ``#`` line is a comment to a plain M3U reader, and readers
of extended M3U take the information of the last ``#EXTINF`` before a location, so players
simply skip such a track; Drive Playlist reads it back as an unmatched item.
"""

from __future__ import annotations

import math

from app.core.dossier import Dossier
from app.core.playlist import Playlist, PlaylistItem
from app.storage.formats import FormatError, join_artists, pinned, split_artists

HEADER = "#EXTM3U"


def _one_line(text: str) -> str:
    return " ".join(text.replace("\r", "\n").split("\n")).strip()


def export(playlist: Playlist, dossier: Dossier | None = None) -> str:
    lines = [HEADER, f"#PLAYLIST:{_one_line(playlist.name)}"]
    for item in playlist.items:
        seconds = -1 if item.duration is None else item.duration
        artist, title = _one_line(join_artists(item)), _one_line(item.title)
        lines.append(
            f"#EXTINF:{seconds},{artist} - {title}" if artist else f"#EXTINF:{seconds},{title}"
        )
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
    artist, dash, title = display.partition(" - ")
    if not dash:
        artist, title = "", display
    return PlaylistItem(
        title=title.strip(),
        artists=split_artists(artist),
        duration=round(seconds) if seconds >= 0 else None,
    )


def _from_location(location: str) -> PlaylistItem:
    """A location with no #EXTINF: its file name is the best title there is."""
    if pinned(location):
        return PlaylistItem(title=location, artists=())
    name = location.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or location
    stem, dot, _ = name.rpartition(".")
    return PlaylistItem(title=stem if dot and stem else name, artists=())


def parse(text: str, source: str):
    name = None
    items: list[PlaylistItem] = []
    pending: PlaylistItem | None = None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r").strip()
        if "\x00" in line:
            raise FormatError(source, "not a text file (contains NUL bytes)", number)
        if not line:
            continue
        if line.startswith("#"):
            tag, _, rest = line.partition(":")
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
