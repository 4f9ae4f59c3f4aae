"""M3U8, XSPF, JSPF and CSV: round trips, the formats' own rules, fixtures, linking, errors."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.linking import find_track, link_items
from app.core.playlist import MatchStatus, Playlist, PlaylistItem, TrackMatch
from app.storage.dossier_file import load_dossier
from app.storage.formats import FORMATS, FormatError, export_text, format_for_path, import_text
from app.storage.formats.csv_format import COLUMNS
from app.storage.formats.xspf import NS
from tests.paths import DATA

PLAYLISTS = DATA / "playlists"
URI = "spotify:track:0000000000000000000001"


@pytest.fixture(scope="module")
def night():
    return load_dossier(str(DATA / "small-dossier.yaml"), use_cache=False)


def sample() -> Playlist:
    return Playlist(
        name="Night, “late”",
        description="For the drive home",
        created="2026-01-02T03:04:05+00:00",
        items=[
            PlaylistItem(
                title="Lullaby for Headlights",
                artists=("Bo Example",),
                entry_id="lullaby",
                track_id="lullaby",
                album="Night Film (Soundtrack)",
                year=1999,
                duration=201,
                note='Played twice, "loud"',
                match=TrackMatch(status=MatchStatus.MATCHED, uri=URI),
            ),
            PlaylistItem(title="Overpass", artists=("Bo Example", "Ada Example")),
            PlaylistItem(
                title="Unmatched, unknown", artists=("Cy",), match=TrackMatch(MatchStatus.REVIEW)
            ),
        ],
    )


# What each format carries, so a round trip can be compared on exactly that.
def carried(fmt: str, playlist: Playlist) -> list[tuple]:
    rows = []
    for item in playlist.items:
        row = [item.title, item.artist_line, item.duration, item.spotify_uri]
        if fmt in ("m3u8", "xspf", "jspf", "csv"):
            row.append(item.album)
        if fmt in ("xspf", "jspf", "csv"):
            row.append(item.note)
        if fmt == "csv":
            row.append(item.year)
        rows.append(tuple(row))
    return rows


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_round_trip_on_carried_fields(fmt):
    playlist = sample()
    back = import_text(export_text(playlist, fmt), fmt, source=f"night.{fmt}")
    assert carried(fmt, back) == carried(fmt, playlist)
    assert all(i.match.status == MatchStatus.CHOSEN for i in back.items if i.match)
    if fmt != "csv":
        assert back.name == playlist.name
    if fmt in ("xspf", "jspf"):
        assert (back.description, back.created) == (playlist.description, playlist.created)


# Text as people type it: any printable character, commas, quotes, line breaks (where the
# format has room for them), very long; names are stripped, as every reader strips them.
def texts(*, newlines: bool, avoid: tuple[str, ...] = ()):
    chars = st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"
    )
    extra = st.sampled_from([",", '"', "'", " - ", "&", "<", "]]>", "#", "\n" if newlines else " "])
    raw = st.lists(st.text(chars, min_size=1, max_size=8) | extra, max_size=6).map("".join)
    raw = raw | st.just("x" * 1000)
    return raw.map(str.strip).filter(lambda t: t and not any(a in t for a in avoid))


def playlists(fmt: str):
    newlines = fmt != "m3u8"
    # M3U8's "Artist - Title" splits at the first " - ": an artist cannot hold one.
    artist = texts(newlines=newlines, avoid=(",", " - ", "\n")).filter(
        lambda t: "-" not in (t[0], t[-1])
    )
    item = st.builds(
        PlaylistItem,
        title=texts(newlines=newlines, avoid=("\n",) if fmt == "m3u8" else ()),
        artists=st.lists(artist, min_size=1, max_size=3).map(tuple),
        album=st.none() | texts(newlines=False),
        year=st.none() | st.integers(1000, 2999),
        duration=st.none() | st.integers(0, 10**5),
        note=st.none() | texts(newlines=newlines),
        match=st.none() | st.just(TrackMatch(MatchStatus.CHOSEN, uri=URI)),
    )
    return st.builds(Playlist, name=texts(newlines=False), items=st.lists(item, max_size=5))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_any_playlist_round_trips(fmt):
    @settings(max_examples=40, deadline=None)
    @given(playlists(fmt))
    def check(playlist):
        back = import_text(export_text(playlist, fmt), fmt, source=f"p.{fmt}")
        assert carried(fmt, back) == carried(fmt, playlist)
        if fmt != "csv":
            assert back.name == playlist.name

    check()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_empty_playlist(fmt):
    back = import_text(export_text(Playlist(name="Empty"), fmt), fmt, source="Empty.x")
    assert back.items == [] and back.name == "Empty"


# -- XSPF by its own rules ---------------------------------------------------------------------


def test_xspf_follows_the_specification(night):
    playlist = sample()
    playlist.items.append(PlaylistItem(title="Bad \x01 char\r\nbreak", artists=("A",), duration=0))
    text = export_text(playlist, "xspf", dossier=night)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text)
    q = lambda name: f"{{{NS}}}{name}"  # noqa: E731
    assert root.tag == q("playlist") and root.get("version") == "1"
    assert len(root.findall(q("trackList"))) == 1
    for name in ("title", "annotation", "date"):
        assert len(root.findall(q(name))) == 1
    tracks = root.find(q("trackList")).findall(q("track"))
    assert len(tracks) == len(playlist.items)
    for track in tracks:
        for name in ("title", "creator", "annotation", "album", "duration", "trackNum", "image"):
            assert len(track.findall(q(name))) <= 1
        duration = track.find(q("duration"))
        if duration is not None:
            assert duration.text.isdigit() and int(duration.text) % 1000 == 0
    first = tracks[0]
    assert first.find(q("location")).text == "https://open.spotify.com/track/0000000000000000000001"
    assert first.find(q("identifier")).text == URI
    assert first.find(q("duration")).text == "201000"
    annotation = first.find(q("annotation")).text
    assert annotation.startswith('Played twice, "loud"')
    assert "“The lullaby came first, the film after.” — Ada Example" in annotation
    assert tracks[1].find(q("location")) is None  # unmatched: no location at all
    assert tracks[3].find(q("title")).text == "Bad  char\nbreak"


def test_commentary_annotation_does_not_become_a_note(night):
    playlist = sample()
    back = import_text(export_text(playlist, "xspf", night), "xspf", source="x.xspf", dossier=night)
    assert back.items[0].note == playlist.items[0].note
    playlist.items[0].note = None
    back = import_text(export_text(playlist, "jspf", night), "jspf", source="x.jspf", dossier=night)
    assert back.items[0].note is None


def test_m3u8_layout():
    lines = export_text(sample(), "m3u8").splitlines()
    assert lines[:2] == ["#EXTM3U", "#PLAYLIST:Night, “late”"]
    assert lines[2:5] == [
        "#EXTINF:201,Bo Example - Lullaby for Headlights",
        "#EXTALB:Night Film (Soundtrack)",
        "https://open.spotify.com/track/0000000000000000000001",
    ]
    assert lines[5] == "#EXTINF:-1,Bo Example, Ada Example - Overpass"
    assert lines[6].startswith("#EXTINF:-1,")  # the unmatched item has no location line
    assert all(line.startswith("#") for line in lines[5:])


def test_csv_has_exportify_headers_and_quotes():
    text = export_text(sample(), "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1][:6] == [
        URI,
        "Lullaby for Headlights",
        "Bo Example",
        "Night Film (Soundtrack)",
        "1999",
        "201000",
    ]
    assert rows[3][1] == "Unmatched, unknown" and '"Unmatched, unknown"' in text


def test_jspf_shape():
    body = json.loads(export_text(sample(), "jspf"))["playlist"]
    first = body["track"][0]
    assert first["identifier"] == [URI] and first["duration"] == 201000
    assert "location" not in body["track"][1]


# -- files from other programs ------------------------------------------------------------------


def test_fixtures_from_elsewhere_import_and_link(night):
    xspf = import_text(
        (PLAYLISTS / "night-film.xspf").read_text(), "xspf", source="n.xspf", dossier=night
    )
    assert xspf.name == "Night Film from elsewhere" and xspf.dossier == "night-film"
    assert [i.track_id for i in xspf.items] == ["lullaby", "overpass"]
    assert xspf.items[0].match.uri == URI and xspf.items[0].duration == 201
    assert xspf.items[1].match is None  # a file:// location is not a Spotify link

    rows = import_text((PLAYLISTS / "exportify.csv").read_text(), "csv", source="/x/My list.csv")
    assert rows.name == "My list"
    assert (rows.items[0].year, rows.items[0].duration, rows.items[0].album) == (
        1999,
        201,
        "Night Film (Soundtrack)",
    )
    assert rows.items[1].match is None  # spotify:local is a local file

    m3u = import_text(
        (PLAYLISTS / "plain.m3u8").read_text(), "m3u8", source="p.m3u8", dossier=night
    )
    assert [(i.title, i.duration, i.spotify_uri) for i in m3u.items] == [
        ("Lullaby for Headlights", 201, URI),
        ("Overpass", None, None),
        ("Main Title", 150, None),
    ]
    assert m3u.items[2].track_id == "old-movie/main-title" or m3u.items[2].entry_id == "old-movie"

    jspf = import_text((PLAYLISTS / "night-film.jspf").read_text(), "jspf", source="n.jspf")
    assert [i.title for i in jspf.items] == ["Lullaby for Headlights", "Overpass"]


def test_m3u_without_header_or_extinf():
    back = import_text(
        "/music/a song.mp3\nhttps://open.spotify.com/track/abc\n", "m3u8", source="l.m3u"
    )
    assert [i.title for i in back.items] == ["a song", "https://open.spotify.com/track/abc"]
    assert back.items[1].spotify_uri == "spotify:track:abc"


def test_format_for_path():
    assert [format_for_path(p) for p in ("a.M3U8", "b.m3u", "c.xspf", "d.jspf", "e.CSV")] == [
        "m3u8",
        "m3u8",
        "xspf",
        "jspf",
        "csv",
    ]
    with pytest.raises(ValueError, match="unknown playlist file type"):
        format_for_path("a.wpl")
    with pytest.raises(ValueError, match="unknown format"):
        export_text(sample(), "wpl")


# -- broken input: a FormatError with a line where there is one -------------------------------


@pytest.mark.parametrize(
    ("fmt", "text", "line", "message"),
    [
        ("m3u8", "#EXTM3U\n#EXTINF:abc,A - B\nx\n", 2, "not a number of seconds"),
        ("m3u8", "#EXTM3U\n\n#EXTINF:12 A - B\n", 3, "expected #EXTINF"),
        ("xspf", '<playlist xmlns="http://xspf.org/ns/0/" version="1"><trackList>', 1, "XML"),
        ("xspf", '<playlist xmlns="http://xspf.org/ns/0/" version="1"/>', 1, "one <trackList>"),
        ("xspf", '<playlist version="1"><trackList/></playlist>', 1, "not an XSPF"),
        (
            "xspf",
            f'<playlist xmlns="{NS}" version="1"><trackList>\n<track><duration>4:27</duration>'
            "</track></trackList></playlist>",
            2,
            "whole milliseconds",
        ),
        (
            "xspf",
            f'<playlist xmlns="{NS}" version="1"><trackList>\n<track><title>a</title>\n'
            "<title>b</title></track></trackList></playlist>",
            3,
            "more than one <title>",
        ),
        (
            "xspf",
            '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<playlist/>',
            2,
            "not accepted",
        ),
        ("jspf", '{"playlist": {"track": [}', 1, "JSON"),
        ("csv", "Track Name,Track Duration (ms)\nA,12\nB,twelve\n", 3, "not whole milliseconds"),
        ("csv", "Name,Artist\nA,B\n", 1, "no 'Track Name'"),
        ("csv", "", 1, "empty file"),
    ],
)
def test_broken_input_names_the_line(fmt, text, line, message):
    with pytest.raises(FormatError) as info:
        import_text(text, fmt, source=f"in.{fmt}")
    assert info.value.line == line and message in info.value.message
    assert str(info.value).startswith(f"in.{fmt}:{line}")


def test_jspf_type_errors_name_the_field():
    with pytest.raises(FormatError) as info:
        import_text(
            '{"playlist": {"track": [{"title": "a"}, {"duration": "long"}]}}', "jspf", source="j"
        )
    assert info.value.field == "playlist.track[1].duration"


def test_entity_expansion_is_refused_even_without_doctype_text():
    bomb = f'<playlist xmlns="{NS}" version="1"><title>&lol;</title><trackList/></playlist>'
    with pytest.raises(FormatError, match="XML"):
        import_text(bomb, "xspf", source="b.xspf")


# -- linking --------------------------------------------------------------------------------------


def test_linking_by_normalised_title_and_artist(night):
    assert find_track("LULLABY FOR HEADLIGHTS", ("bo example",), night).id == "lullaby"
    assert find_track("Lullaby for Headlights (Remastered)", ("Bo Example",), night).id == "lullaby"
    assert (
        find_track("Lullaby for Headlights", ("Ada Example & Bo Example",), night).id == "lullaby"
    )
    assert find_track("Lullaby for Headlights", ("Someone Else",), night) is None
    assert find_track("Overpass", (), night).id == "overpass"  # no artist to contradict it
    assert find_track("Underpass", ("Bo Example",), night) is None
    item = PlaylistItem(title="Main Title", artists=("Dee Example",), duration=149)
    (linked,) = link_items([item], night)
    assert linked.entry_id == "old-movie" and linked.duration == 149  # the file's value wins
    assert link_items([item], None) == [item]


def test_linking_prefers_the_original_of_a_same_recording():
    drive = load_dossier()
    track = find_track("Oh My Love", ("Riz Ortolani", "Katyna Ranieri"), drive)
    assert track is not None and track.same_as is None


def test_an_exported_quote_keeps_the_articles_words_between_its_passages():
    from app.core.presets import make_preset
    from app.storage.dossier_file import load_dossier

    drive = load_dossier()
    playlist = make_preset("influences", drive)
    root = ET.fromstring(export_text(playlist, "xspf", dossier=drive))
    q = lambda name: f"{{{NS}}}{name}"  # noqa: E731
    track = next(
        t
        for t in root.find(q("trackList")).findall(q("track"))
        if t.find(q("title")).text == "Oh My Love"
    )
    annotation = track.find(q("annotation")).text
    assert "most offensive film ever made,” explains Refn of the graphic, 1971" in annotation
    assert "sexual violence. “I bought the soundtrack" in annotation
    assert annotation.endswith("— Nicolas Winding Refn")
