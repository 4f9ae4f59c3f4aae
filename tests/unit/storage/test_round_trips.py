"""Every file the program writes reads back as the same playlist, for any text at all.

Hypothesis makes playlists of arbitrary text (control characters, CR, LF, NUL, ESC,
leading ``=``/``'``, " - " and commas in names, very long lines) and each of the five
written formats goes out and back in.  Only what a format carries is compared, and
normalised exactly as docs/playlist-format.md says that format normalises it; the YAML
playlist file carries everything.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import fields, is_dataclass, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.playlist import (
    Candidate,
    MatchStatus,
    Playlist,
    PlaylistItem,
    RemotePlaylist,
    TrackMatch,
)
from app.storage.formats import LONGEST, export_text, import_text
from app.storage.formats.xspf import xml_text
from app.storage.playlist_file import dumps_playlist, load_playlist

URI = "spotify:track:0000000000000000000001"
OTHER = "spotify:track:0000000000000000000002"
AWKWARD = [
    "\r", "\n", "\r\n", "\x00", "\x1b]0;title\x07", "\x1b[31m", "\t", " ", "  ", "\x0b",
    "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\x7f", "\x9b",
    "=", "+", "-", "@", "'", "''", "=1+2", "@SUM(A1)", " - ", "-", ",", ", ", '"', "\\",
    "<", ">", "&", "&amp;", "]]>", "<![CDATA[", "#", "#EXTINF:", ":", "{", "}", "[", "]",
    "null", "yes", "~", "0", "1e999", "'Round Midnight", "Ærø", "😀", "\u202e",
]  # fmt: skip


SURROGATES = st.characters(categories=["Cs"])  # half pairs: no file can hold one


def texts(max_pieces: int = 6):
    """Any text: arbitrary characters, half surrogate pairs (in memory a str can hold
    them) and the pieces formats find awkward, now and then very long."""
    piece = st.text(max_size=8) | st.sampled_from(AWKWARD) | SURROGATES
    short = st.lists(piece, max_size=max_pieces).map("".join)
    return short | st.sampled_from(["x" * 5000, "line\n" * 300, "\r" * 50 + "a"])


def items(fmt: str):
    title = texts()
    if fmt == "csv":  # a row of nothing but blank cells is skipped, as spreadsheets leave them
        title = title.filter(lambda t: t.strip())
    match = st.none() | st.just(TrackMatch(MatchStatus.CHOSEN, uri=URI))
    if fmt == "yaml":
        candidate = st.builds(
            Candidate,
            uri=st.sampled_from([URI, OTHER]),
            title=texts(),
            artists=st.lists(texts(3), max_size=2).map(tuple),
            album=st.none() | texts(3),
            year=st.none() | st.integers(0, 3000),
            duration=st.none() | st.integers(0, LONGEST),
            url=st.none() | texts(3),
            isrc=st.none() | texts(3),
            score=st.floats(0, 1),
        )
        match = match | st.builds(
            TrackMatch,
            status=st.sampled_from(MatchStatus),
            uri=st.just(URI),
            score=st.none() | st.floats(0, 1),
            chosen_by_user=st.booleans(),
            # A chosen track without details is found among the candidates by its URI.
            track=st.none() | candidate.map(lambda c: replace(c, uri=URI)),
            candidates=st.lists(candidate.map(lambda c: replace(c, uri=OTHER)), max_size=2).map(
                tuple
            ),
            market=st.none() | texts(2),
        )
    return st.builds(
        PlaylistItem,
        title=title,
        artists=st.lists(texts(4), max_size=3).map(tuple),
        entry_id=st.none() | texts(3) if fmt == "yaml" else st.none(),
        track_id=st.none() | texts(3) if fmt == "yaml" else st.none(),
        album=st.none() | texts(),
        year=st.none() | st.integers(-50, 12_000),
        duration=st.none() | st.integers(0, LONGEST),
        note=st.none() | texts(),
        match=match,
        id=st.text("0123456789abcdef", min_size=12, max_size=12),
    )


def playlists(fmt: str):
    remote = st.none()
    if fmt == "yaml":
        remote = remote | st.builds(
            RemotePlaylist,
            id=texts(2).filter(bool),
            snapshot_id=st.none() | texts(2),
            url=st.none() | texts(2),
            public=st.booleans(),
        )
    return st.builds(
        Playlist,
        name=texts(),
        description=texts(),
        items=st.lists(items(fmt), max_size=4),
        dossier=st.none() | texts(2) if fmt == "yaml" else st.none(),
        created=st.none() | texts(3),
        modified=st.none() | texts(3) if fmt == "yaml" else st.none(),
        remote=remote,
    )


# -- what each format carries, normalised as docs/playlist-format.md says -----------------


def whole(value):
    """Every text in ``value`` with each half surrogate pair as U+FFFD, as every format
    writes it."""
    if type(value) is str:
        return re.sub("[\ud800-\udfff]", "\ufffd", value)
    if isinstance(value, tuple | list):
        return type(value)(whole(v) for v in value)
    if is_dataclass(value):
        return replace(value, **{f.name: whole(getattr(value, f.name)) for f in fields(value)})
    return value


def split_artists(line: str) -> tuple[str, ...]:
    """Artists are written joined with ", " and read back split at commas, stripped."""
    return tuple(part.strip() for part in line.split(",") if part.strip())


def m3u8_line(text: str) -> str:
    """M3U8: line breaks become spaces, NULs are dropped, the ends are stripped."""
    return text.replace("\r", " ").replace("\n", " ").replace("\x00", "").strip()


def xml(text: str) -> str:
    """XSPF: characters XML cannot hold are dropped, CR becomes LF, the ends are stripped."""
    return xml_text(text).strip()


def expected_item(fmt: str, item: PlaylistItem) -> tuple:
    uri = item.spotify_uri
    artists = ", ".join(item.artists)
    if fmt == "m3u8":
        line, title = m3u8_line(artists), m3u8_line(item.title)
        if line or " - " in title:
            # "Artist - Title", split at the first " - ": an artist holding one loses it
            line, _, title = f"{line} - {title}".partition(" - ")
        album = m3u8_line(item.album or "") or None
        return (title.strip(), split_artists(line), album, None, item.duration, None, uri)
    if fmt == "xspf":
        return (
            xml(item.title),
            split_artists(xml(artists)),
            xml(item.album or "") or None,
            None,
            item.duration,
            xml(item.note or "") or None,
            uri,
        )
    if fmt == "jspf":
        album, note = item.album or None, item.note or None
        return (item.title, split_artists(artists), album, None, item.duration, note, uri)
    assert fmt == "csv"
    year = item.year if item.year is not None and 0 <= item.year <= 9999 else None
    return (
        item.title.strip(),
        split_artists(artists),
        (item.album or "").strip() or None,
        year,
        item.duration,
        item.note or None,
        uri,
    )


def carried_item(item: PlaylistItem) -> tuple:
    return (
        item.title,
        item.artists,
        item.album,
        item.year,
        item.duration,
        item.note,
        item.spotify_uri,
    )


def expected_head(fmt: str, playlist: Playlist, stem: str) -> tuple:
    """(name, description, created): an empty name becomes the file's name."""
    if fmt == "m3u8":
        return (m3u8_line(playlist.name) or stem, "", None)
    if fmt == "xspf":
        return (
            xml(playlist.name) or stem,
            xml(playlist.description),
            xml(playlist.created or "") or None,
        )
    if fmt == "jspf":
        return (playlist.name or stem, playlist.description, playlist.created or None)
    return (stem, "", None)


@pytest.mark.parametrize("fmt", ["m3u8", "xspf", "jspf", "csv"])
def test_every_export_reads_back(fmt):
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(playlists(fmt))
    def check(playlist):
        back = import_text(export_text(playlist, fmt), fmt, source=f"/music/Stem.{fmt}")
        playlist = whole(playlist)
        assert (back.name, back.description, back.created) == expected_head(fmt, playlist, "Stem")
        assert [carried_item(i) for i in back.items] == [
            expected_item(fmt, i) for i in playlist.items
        ]
        assert all(i.match.status == MatchStatus.CHOSEN for i in back.items if i.match)

    check()


def test_the_playlist_file_reads_back_whole(tmp_path):
    path = tmp_path / "any.yaml"

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(playlists("yaml"))
    def check(playlist):
        path.write_text(dumps_playlist(playlist), encoding="utf-8")
        back = load_playlist(path)
        assert back == whole(playlist)

    check()


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("csv", "'Round Midnight"),
        ("csv", "=not a formula"),
        ("csv", "''=1+2"),
        ("csv", "a\rb"),
        ("m3u8", "a - b"),
        ("jspf", "\x1b]0;x\x07\x00"),
        ("xspf", "line\n" * 3 + "end"),
    ],
)
def test_known_awkward_titles(fmt, text):
    playlist = Playlist(name="N", items=[PlaylistItem(title=text, artists=())])
    (item,) = import_text(export_text(playlist, fmt), fmt, source=f"n.{fmt}").items
    assert item.title == (xml(text) if fmt == "xspf" else text.strip())


def test_csv_cells_cannot_run_as_formulas():
    dangerous = ["=1+2", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "'=1"]
    playlist = Playlist(
        name="N",
        items=[PlaylistItem(title=t, artists=(t,), album=t, note=t) for t in dangerous],
    )
    text = export_text(playlist, "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    for row in rows:
        for cell in (row[1], row[2], row[3], row[7]):
            assert cell.startswith("'"), cell
    back = import_text(text, "csv", source="n.csv")
    assert [i.note for i in back.items] == dangerous
    assert [i.album for i in back.items] == [t.strip() for t in dangerous]
