"""CSV with the column names Exportify made the convention, read by name in any order.

Written: ``Track URI, Track Name, Artist Name(s), Album Name, Album Release Date,
Track Duration (ms), ISRC, Notes``, with CRLF line ends as RFC 4180 has them (so a bare
CR inside a text is quoted too).  Read: those, or the newer Exportify names
(``Release Date``, ``Duration (ms)``); other columns are ignored.  A CSV has no playlist
name, so an import is named after its file.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or CR
before one) as a formula.  A text cell that begins so is written with a ``'`` before it,
as OWASP advises, and so is one that begins with ``'`` itself; reading takes exactly
that ``'`` off again, so every text comes back as it was.
"""

from __future__ import annotations

import csv
import io
import re

from app.core.dossier import Dossier
from app.core.playlist import Playlist, PlaylistItem
from app.storage.formats import (
    FormatError,
    join_artists,
    pinned,
    seconds_from_digits,
    split_artists,
)

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
# The csv module refuses a field over 128 KB by default, and a long note can be longer:
# what this program writes it must read back.  Memory stays bounded by the file's size.
csv.field_size_limit(2**31 - 1)
_YEAR = re.compile(r"(\d{4})(?:-\d{2}(?:-\d{2})?)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def neutralised(text: str) -> str:
    """A text cell a spreadsheet shows as text, never runs."""
    return _QUOTE + text if text.startswith((*_FORMULA_START, _QUOTE)) else text


def restored(cell: str) -> str:
    """The text :func:`neutralised` wrote; a cell from elsewhere is left as it is."""
    if cell.startswith(_QUOTE) and cell[1:].startswith((*_FORMULA_START, _QUOTE)):
        return cell[1:]
    return cell


def export(playlist: Playlist, dossier: Dossier | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in playlist.items:
        isrc = item.match.track.isrc if item.match and item.match.track else None
        year = item.year if item.year is not None and 0 <= item.year <= 9999 else None
        writer.writerow(
            (
                neutralised(item.spotify_uri or ""),
                neutralised(item.title),
                neutralised(join_artists(item)),
                neutralised(item.album or ""),
                "" if year is None else f"{year:04d}",
                "" if item.duration is None else str(item.duration * 1000),
                neutralised(isrc or ""),
                neutralised(item.note or ""),
            )
        )
    return out.getvalue()


def _row_item(row: dict[str, str], source: str, line: int) -> PlaylistItem:
    uri = restored(row.get("track uri", "")).strip()
    match = pinned(uri)
    if uri and match is None and not uri.startswith("spotify:local:"):
        raise FormatError(source, f"Track URI: {uri[:60]!r} is not a Spotify track URI", line)
    ms = row.get("track duration (ms)", "").strip()
    try:
        seconds = seconds_from_digits(ms) if ms else None
    except ValueError as exc:
        raise FormatError(source, f"Track Duration (ms): {ms[:40]!r}: {exc}", line) from None
    released = row.get("album release date", "").strip()
    year = _YEAR.fullmatch(released)
    if released and not year:
        raise FormatError(source, f"Album Release Date: {released[:40]!r} is not a date", line)
    return PlaylistItem(
        title=restored(row.get("track name", "")).strip(),
        artists=split_artists(restored(row.get("artist name(s)", ""))),
        album=restored(row.get("album name", "")).strip() or None,
        year=int(year.group(1)) if year else None,
        duration=seconds,
        note=restored(row.get("notes", "")) or None,
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
