"""CSV with the column names Exportify made the convention, read by name in any order.

Written: ``Track URI, Track Name, Artist Name(s), Album Name, Album Release Date,
Track Duration (ms), ISRC, Notes``.  Read: those, or the newer Exportify names
(``Release Date``, ``Duration (ms)``); other columns are ignored.  A CSV has no playlist
name, so an import is named after its file.
"""

from __future__ import annotations

import csv
import io
import re

from app.core.dossier import Dossier
from app.core.playlist import Playlist, PlaylistItem
from app.storage.formats import FormatError, join_artists, pinned, seconds_from_ms, split_artists

COLUMNS = (
    "Track URI",
    "Track Name",
    "Artist Name(s)",
    "Album Name",
    "Album Release Date",
    "Track Duration (ms)",
    "ISRC",
    "Notes",
)
_ALIASES = {
    "release date": "album release date",
    "duration (ms)": "track duration (ms)",
    "note": "notes",
}
_YEAR = re.compile(r"(\d{4})(?:-\d{2}(?:-\d{2})?)?")


def export(playlist: Playlist, dossier: Dossier | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for item in playlist.items:
        isrc = item.match.track.isrc if item.match and item.match.track else None
        writer.writerow(
            (
                item.spotify_uri or "",
                item.title,
                join_artists(item),
                item.album or "",
                "" if item.year is None else str(item.year),
                "" if item.duration is None else str(item.duration * 1000),
                isrc or "",
                item.note or "",
            )
        )
    return out.getvalue()


def _row_item(row: dict[str, str], source: str, line: int) -> PlaylistItem:
    uri = row.get("track uri", "").strip()
    match = pinned(uri)
    if uri and match is None and not uri.startswith("spotify:local:"):
        raise FormatError(source, f"Track URI: {uri[:60]!r} is not a Spotify track URI", line)
    ms = row.get("track duration (ms)", "").strip()
    if ms and not (ms.isascii() and ms.isdigit()):
        raise FormatError(
            source, f"Track Duration (ms): {ms[:40]!r} is not whole milliseconds", line
        )
    released = row.get("album release date", "").strip()
    year = _YEAR.fullmatch(released)
    if released and not year:
        raise FormatError(source, f"Album Release Date: {released[:40]!r} is not a date", line)
    return PlaylistItem(
        title=row.get("track name", "").strip(),
        artists=split_artists(row.get("artist name(s)")),
        album=row.get("album name", "").strip() or None,
        year=int(year.group(1)) if year else None,
        duration=seconds_from_ms(int(ms)) if ms else None,
        note=row.get("notes") or None,
        match=match,
    )


def parse(text: str, source: str):
    reader = csv.reader(io.StringIO(text, newline=""))
    items: list[PlaylistItem] = []
    try:
        header = next(reader, None)
        if header is None:
            raise FormatError(source, "empty file: expected a header row", 1)
        names = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
        if "track name" not in names and "track uri" not in names:
            raise FormatError(source, "no 'Track Name' or 'Track URI' column in the header", 1)
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            row = {}
            for name, cell in zip(names, cells, strict=False):
                row.setdefault(name, cell)  # the first of two same-named columns wins
            items.append(_row_item(row, source, reader.line_num))
    except csv.Error as exc:
        raise FormatError(source, f"CSV: {exc}", reader.line_num) from None
    return None, None, None, items
