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
import operator
import re
from itertools import chain

from app.core.dossier import Dossier
from app.core.playlist import Playlist, PlaylistItem, spotify_uri_kind
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


_FIELDS = ("track uri", "track name", "artist name(s)", "album name", "album release date",
           "track duration (ms)", "notes")  # fmt: skip
# One line with its line end, split as a file opened with newline="" is (LF, CRLF, CR).
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")
_BREAK = re.compile(r"\r\n?|\n")
_BLOCK = 1 << 16  # characters split into lines at a time


def _lines(text: str):
    """The text's lines, for the csv reader, split a block at a time: a StringIO of the
    whole text held it again at four bytes a character, and a list of all its lines
    beside the items.  A block ends just after a line break (a CR LF whole, the pattern
    being greedy), so no line or line end is cut in two.  A block's lines come from a
    StringIO of it (splitting in C, many times faster than a pattern per line), a long
    line's from the pattern (not four times its size)."""
    return chain.from_iterable(_blocks(text))  # lines handed on in C, not one by one


def _blocks(text: str):
    start, size = 0, len(text)
    while start < size:
        cut = _BREAK.search(text, start + _BLOCK) if start + _BLOCK < size else None
        end = cut.end() if cut else size
        if end - start > 2 * _BLOCK:
            yield _LINE.findall(text, start, end)
        else:
            yield io.StringIO(text[start:end], newline="")
        start = end


def _row_item(cells: list[str], pick, quoted: bool, source: str, line: int) -> PlaylistItem:
    uri, title, artists, album, released, ms, note = pick(cells)
    if quoted:  # a row with no ' anywhere has no cell to restore (most rows)
        uri, title, artists, album, note = map(restored, (uri, title, artists, album, note))
    uri = uri.strip()
    match = pinned(uri)
    if uri and match is None and spotify_uri_kind(uri) != "local":
        raise FormatError(source, f"Track URI: {uri[:60]!r} is not a Spotify track URI", line)
    ms = ms.strip()
    try:
        seconds = seconds_from_digits(ms) if ms else None
    except ValueError as exc:
        raise FormatError(source, f"Track Duration (ms): {ms[:40]!r}: {exc}", line) from None
    released = released.strip()
    year = _YEAR.fullmatch(released)
    if released and not year:
        raise FormatError(source, f"Album Release Date: {released[:40]!r} is not a date", line)
    return PlaylistItem(
        title=title.strip(),
        artists=split_artists(artists),
        album=album.strip() or None,
        year=int(year.group(1)) if year else None,
        duration=seconds,
        note=note or None,
        match=match,
    )


def parse(text: str, source: str):
    reader = csv.reader(_lines(text))
    items: list[PlaylistItem] = []
    try:
        header = next(reader, None)
        if header is None:
            raise FormatError(source, "empty file: expected a header row", 1)
        names = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
        if "track name" not in names and "track uri" not in names:
            raise FormatError(source, "no 'Track Name' or 'Track URI' column in the header", 1)
        # The cell of each of _FIELDS by position, no mapping built per row.  The first
        # of two same-named columns wins; a missing one reads as empty: the cell after
        # the header's, which every row gets (a row's cells past the header's are not read).
        width = len(names)
        pick = operator.itemgetter(*(names.index(f) if f in names else width for f in _FIELDS))
        for cells in reader:
            joined = "".join(cells)
            if not joined.strip():
                continue
            if len(cells) != width:
                cells = cells[:width] + [""] * (width - len(cells))
            cells.append("")
            items.append(_row_item(cells, pick, _QUOTE in joined, source, reader.line_num))
    except csv.Error as exc:
        raise FormatError(source, f"CSV: {exc}", reader.line_num) from None
    return None, None, None, items
