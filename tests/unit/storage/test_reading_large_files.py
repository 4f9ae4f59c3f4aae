"""How the readers keep large and hostile files cheap, without changing what they read.

The readers split text a block at a time, turn XSPF tracks into items as they end, refuse
deep XML while parsing and find an error's place without building anything: each of
these must give exactly what reading everything at once gave, errors included.
"""

from __future__ import annotations

import io
import os
import re

import pytest

from app.core.playlist import PlaylistItem, new_item_id
from app.storage import parse_cache
from app.storage.formats import FormatError, csv_format, import_text, m3u8
from app.storage.located import LoadError
from app.storage.playlist_file import parse_playlist
from app.storage.yamlio import find_place, load_located
from tests.paths import REPO

XSPF_HEAD = '<?xml version="1.0"?>\n<playlist version="1" xmlns="http://xspf.org/ns/0/">\n'


def xspf(tracks: str, version: str = "1") -> str:
    head = XSPF_HEAD.replace('version="1" ', f'version="{version}" ')
    return f"{head}<trackList>\n{tracks}</trackList>\n</playlist>\n"


def test_item_ids_are_twelve_hex_digits_and_differ_in_a_forked_child():
    assert re.fullmatch(r"[0-9a-f]{12}", new_item_id())
    assert len({PlaylistItem("t", ()).id for _ in range(10_000)}) == 10_000
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child's next ids, had it kept the parent's sequence, would repeat
        os.write(write, " ".join(new_item_id() for _ in range(5)).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, 1000).decode().split()
    os.close(read)
    os.close(write)
    assert len(child) == 5
    assert not set(child) & {new_item_id() for _ in range(5)}


def test_deep_xml_is_refused_while_it_is_read_with_its_place():
    text = XSPF_HEAD + "<x>\n" * 100_000 + "</playlist>\n"
    with pytest.raises(FormatError) as caught:
        import_text(text, "xspf", source="deep.xspf")
    assert caught.value.message == "nested more than 64 levels deep"
    assert caught.value.line == 2 + 64  # the element one level too deep


def test_xspf_tracks_read_as_they_end_give_the_same_items_and_errors():
    good = "<track><title>A</title><creator>X, Y</creator><duration>1500</duration></track>\n"
    items = import_text(xspf(good * 3), "xspf", source="p.xspf").items
    assert [(i.title, i.artists, i.duration) for i in items] == [("A", ("X", "Y"), 2)] * 3
    bad = "<track><title>B</title>\n<duration>soon</duration></track>\n"
    with pytest.raises(FormatError) as caught:
        import_text(xspf(good * 2 + bad), "xspf", source="p.xspf")
    assert caught.value.line == 7  # the <duration> element
    assert "<duration> 'soon'" in caught.value.message
    # A file that is not XSPF 1 is refused as such, not for what its tracks hold.
    with pytest.raises(FormatError, match="unsupported XSPF version '2'"):
        import_text(xspf(bad, version="2"), "xspf", source="p.xspf")
    # A <track> outside the list is no track; two lists are refused, as before.
    outside = XSPF_HEAD + good + "<trackList/>\n</playlist>\n"
    assert import_text(outside, "xspf", source="p.xspf").items == []
    with pytest.raises(FormatError, match="expected one <trackList>, found 2"):
        import_text(xspf(good) .replace("</playlist>", "<trackList/></playlist>"), "xspf",
                    source="p.xspf")  # fmt: skip


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_m3u8_lines_split_a_block_at_a_time_are_the_lines(end):
    entry = f"#EXTINF:201,Artist - Title{end}https://open.spotify.com/track/abc{end}{end}"
    count = 3 * m3u8._BLOCK // len(entry) + 7  # several blocks, ending mid-entry
    text = f"#EXTM3U{end}" + entry * count + "#EXTINF:x,A - B" + end
    assert list(m3u8._lines(text)) == re.split(r"\r\n?|\n", text)
    with pytest.raises(FormatError) as caught:
        import_text(text, "m3u8", source="p.m3u8")
    assert caught.value.line == 2 + 3 * count  # the bad line, counted across the blocks
    items = import_text(text.rsplit("#EXTINF:x", 1)[0], "m3u8", source="p.m3u8").items
    assert len(items) == count
    assert {(i.title, i.duration, i.match.uri) for i in items} == {
        ("Title", 201, "spotify:track:abc")
    }


def test_csv_columns_are_read_by_name_the_first_of_two_winning():
    text = (
        "Notes,Track Name,Extra,Track Name,Track URI\r\n"
        'a note,First,x,Second,spotify:track:abc\r\n"two\rlines",Only\r\n'
    )
    first, second = import_text(text, "csv", source="p.csv").items
    assert (first.title, first.note, first.match.uri, first.album) == (
        "First",
        "a note",
        "spotify:track:abc",
        None,
    )
    assert (second.title, second.note, second.match) == ("Only", "two\rlines", None)
    # Cells past the header's are no column's, whatever they hold.
    (only,) = import_text("Track Name\nT,not a URI,x\n", "csv", source="p.csv").items
    assert (only.title, only.match, only.note) == ("T", None, None)


def test_jspf_half_a_pair_is_refused_whether_escaped_or_not():
    def title(text: str) -> str:
        return '{"playlist": {"track": [{"title": "ok"}, {"title": "' + text + '"}]}}'

    assert import_text(title("\\ud83c\\udfb5"), "jspf", source="p.jspf").items[1].title == "🎵"
    for half in ("\\ud800", "\\uDC00x", "\ud800"):
        with pytest.raises(FormatError, match="half a UTF-16 pair") as caught:
            import_text(title(half), "jspf", source="p.jspf")
        assert caught.value.field == "playlist.track[1].title"


def test_finding_a_place_agrees_with_reading_every_place():
    with open(REPO / "data" / "drive.yaml", encoding="utf-8") as fh:
        text = fh.read()
    marks = load_located(text, "drive.yaml").marks
    for path, mark in marks.items():
        assert find_place(text, path) == mark, path
    assert find_place(text, ("featured", 10_000)) is None
    assert find_place(text, ("film", "title", "more")) is None


def test_a_bad_value_at_the_end_of_a_big_playlist_names_its_line():
    items = "".join(f"- {{title: Song {n}, year: 1999}}\n" for n in range(20_000))
    text = (
        f"format: drive-playlist\nversion: 1\nname: Big\nitems:\n{items}- {{title: x, year: y}}\n"
    )
    with pytest.raises(LoadError) as caught:
        parse_playlist(text, "big.yaml")
    assert (caught.value.line, caught.value.field) == (4 + 20_001, "items[20000].year")


@pytest.mark.parametrize("block", [3, 8, 1 << 16])
def test_csv_lines_split_a_block_at_a_time_are_the_files_lines(monkeypatch, block):
    monkeypatch.setattr(csv_format, "_BLOCK", block)
    text = 'a,b\r\n"x\ry",\x85z\r\rc\n\n' * 50 + "w" * (5 * block) + "\r\nend"
    assert list(csv_format._lines(text)) == list(io.StringIO(text, newline=""))


@pytest.mark.parametrize("version", [1, 2])
def test_the_parsed_copy_holds_every_item_though_reading_let_them_go(version):
    items = "".join(f"- {{id: '{n:012x}', title: Song {n}, year: 1999}}\n" for n in range(300))
    text = f"format: drive-playlist\nversion: {version}\nname: Big\nitems:\n{items}"
    first = parse_playlist(text, "big.yaml")
    key = parse_cache.key_for("playlist", text)
    copy = parse_cache.load(key, parse_cache.entry_limit(text))
    assert [item["title"] for item in copy["items"]] == [f"Song {n}" for n in range(300)]
    assert parse_playlist(text, "big.yaml") == first  # reopened from the copy
    assert parse_playlist(text, "big.yaml") == first  # and again: the copy is untouched
