"""The playlist file: round trips, strict located errors, migrations, atomic writes, autosave."""

from __future__ import annotations

import os
import stat

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.merge import BaseSlot
from app.core.playlist import (
    Candidate,
    ItemKind,
    MatchStatus,
    PendingCreate,
    Playlist,
    PlaylistItem,
    RemoteBase,
    RemotePlaylist,
    TrackMatch,
    spotify_uri_kind,
)
from app.storage import autosave
from app.storage.atomic import write_atomic
from app.storage.located import LoadError
from app.storage.migrations import CURRENT_VERSION, MIGRATIONS, migrate_v0_to_v1
from app.storage.playlist_file import (
    dumps_yaml,
    load_playlist,
    parse_playlist,
    playlist_from_dict,
    playlist_to_dict,
    save_playlist,
)
from tests.paths import DATA


def full_playlist() -> Playlist:
    candidate = Candidate(
        uri="spotify:track:0000000000000000000001",
        title="Lullaby for Headlights",
        artists=("Bo Example",),
        album="Night Film (Soundtrack)",
        year=1999,
        duration=201,
        url="https://open.spotify.com/track/0000000000000000000001",
        image_url="https://i.scdn.co/image/0001",
        isrc="XX0000000001",
        score=0.97,
    )
    return Playlist(
        name="Night Film: “late”, again",
        description="Line one\nline two: with a colon",
        dossier="night-film",
        remote=RemotePlaylist(id="0000000000000000000009", snapshot_id="snap", public=True),
        items=[
            PlaylistItem(
                title="Lullaby for Headlights",
                artists=("Bo Example", "Ada Example"),
                entry_id="lullaby",
                track_id="lullaby",
                album="Night Film (Soundtrack)",
                year=1999,
                duration=201,
                note="yes",
                match=TrackMatch(
                    status=MatchStatus.MATCHED,
                    uri=candidate.uri,
                    score=0.97,
                    track=candidate.with_score(0.0),
                    candidates=(candidate, candidate.with_score(0.5)),
                    market="SE",
                ),
            ),
            PlaylistItem(title="No", artists=(), match=TrackMatch(status=MatchStatus.NOT_FOUND)),
            PlaylistItem(title="1999", artists=("null", "true", "- dash", "# hash")),
        ],
    )


def test_save_then_load_is_equal(tmp_path):
    playlist = full_playlist()
    path = tmp_path / "night.yaml"
    save_playlist(playlist, path)
    assert playlist.created and playlist.modified
    assert load_playlist(path) == playlist
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["version"] == CURRENT_VERSION


def test_created_is_kept_and_modified_moves_on(tmp_path):
    playlist = full_playlist()
    playlist.created, playlist.modified = "2020-01-01T00:00:00+00:00", "2020-01-01T00:00:00+00:00"
    save_playlist(playlist, tmp_path / "p.yaml")
    again = load_playlist(tmp_path / "p.yaml")
    assert again.created == "2020-01-01T00:00:00+00:00"
    assert again.modified != "2020-01-01T00:00:00+00:00"


def test_loading_never_touches_the_disk(tmp_path):
    path = tmp_path / "old.yaml"
    path.write_bytes((DATA / "playlist-v0.yaml").read_bytes())
    before = (path.read_bytes(), os.stat(path).st_mtime_ns, sorted(os.listdir(tmp_path)))
    load_playlist(path)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns, sorted(os.listdir(tmp_path))) == before


def test_version_0_migrates_and_saves_as_the_current_version(tmp_path):
    playlist = load_playlist(DATA / "playlist-v0.yaml")
    assert playlist.name == "Night Film, late"
    assert playlist.description == "The lullaby first, then the overpass."
    first, second, third = playlist.items
    assert first.artists == ("Bo Example & Ada Example",)  # one credit, never split on "&"
    assert first.duration == 201 and first.entry_id == "lullaby"
    assert first.match.status == MatchStatus.CHOSEN
    assert first.match.uri == "spotify:track:0000000000000000000001"
    assert second.duration is None and second.match is None
    assert third.duration == 3723
    out = tmp_path / "new.yaml"
    save_playlist(playlist, out)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["version"] == CURRENT_VERSION and "tracks" not in data and "title" not in data
    assert load_playlist(out) == playlist


def test_migrations_are_one_step_each_in_order():
    assert sorted(MIGRATIONS) == list(range(CURRENT_VERSION))
    migrated = migrate_v0_to_v1({"format": "drive-playlist", "version": 0, "title": "T"})
    assert migrated == {"format": "drive-playlist", "version": 1, "name": "T", "items": []}


def test_version_1_link_migrates_without_a_base(tmp_path):
    playlist = load_playlist(DATA / "playlist-v1.yaml")
    remote = playlist.remote
    assert remote.id == "fakepl0000000000000042" and remote.snapshot_id == "00000007aa"
    assert remote.base is None and remote.owner is None and playlist.pending_create is None
    assert [i.kind for i in playlist.items] == [ItemKind.TRACK, ItemKind.TRACK]
    out = tmp_path / "v2.yaml"
    save_playlist(playlist, out)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["version"] == 2 and "base" not in data["spotify"]
    assert load_playlist(out) == playlist


def test_the_base_kinds_and_create_marker_survive_save_and_load(tmp_path):
    playlist = full_playlist()
    local = "spotify:local:Bo+Example:Night+Film:Lullaby:201"
    playlist.items.append(
        PlaylistItem(
            title="Lullaby",
            artists=("Bo Example",),
            kind=ItemKind.LOCAL,
            match=TrackMatch(MatchStatus.CHOSEN, uri=local),
        )
    )
    playlist.items.append(PlaylistItem(title="Unavailable", artists=(), kind=ItemKind.UNAVAILABLE))
    first, *_, gone = playlist.items
    slots = (
        BaseSlot(first.spotify_uri, first.id),
        BaseSlot(local, playlist.items[-2].id),
        BaseSlot(None, gone.id),
    )
    playlist.remote.owner = "drive-fan"
    playlist.remote.base = RemoteBase("snap-1", "Night", "Made with it.", True, slots)
    playlist.pending_create = PendingCreate(tag="dp-0123abcd", name="Night")
    path = tmp_path / "v2.yaml"
    save_playlist(playlist, path)
    assert load_playlist(path) == playlist
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["spotify"]["base"]["slots"][2] == [gone.id]
    assert data["items"][-1]["kind"] == "unavailable" and "kind" not in data["items"][0]


def test_a_bad_base_slot_or_kind_is_located(tmp_path):
    text = (
        (DATA / "playlist-v1.yaml").read_text(encoding="utf-8").replace("version: 1", "version: 2")
    )
    text = text.replace("  public: false\n", "  public: false\n  base:\n    slots:\n    - 7\n", 1)
    err = error_for(tmp_path, text)
    assert err.field == "spotify.base.slots[0]" and "expected [item id, URI]" in err.message
    assert err.line == line_of(text, "- 7")
    text = (DATA / "playlist-v1.yaml").read_text(encoding="utf-8")
    text = text.replace("  title: Overpass\n", "  title: Overpass\n  kind: vinyl\n")
    err = error_for(tmp_path, text)
    assert err.field == "items[1].kind" and "unknown kind 'vinyl'" in err.message


def test_bad_version_0_length_points_at_the_old_line(tmp_path):
    text = (DATA / "playlist-v0.yaml").read_text(encoding="utf-8").replace('"1:02:03"', "soon")
    err = error_for(tmp_path, text)
    assert err.line == line_of(text, "soon") and err.field == "tracks[2].length"
    assert "expected a length like 4:27" in err.message


def test_hand_written_uri_loads_as_a_pinned_choice(tmp_path):
    path = tmp_path / "hand.yaml"
    path.write_text(
        "format: drive-playlist\nversion: 1\nname: Mine\nitems:\n"
        "  - title: Overpass\n    artists: Bo Example\n"
        "    spotify: {uri: 'https://open.spotify.com/track/0000000000000000000002?si=x'}\n"
        "whatever: is ignored\n",
        encoding="utf-8",
    )
    item = load_playlist(path).items[0]
    assert item.artists == ("Bo Example",)
    assert item.match == TrackMatch(
        status=MatchStatus.CHOSEN, uri="spotify:track:0000000000000000000002"
    )
    assert item.id  # a stable id is given to items written without one


def test_unquoted_timestamps_are_read_as_text(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "format: drive-playlist\nversion: 1\nname: T\ncreated: 2026-11-25T22:00:00+00:00\n",
        encoding="utf-8",
    )
    assert load_playlist(path).created == "2026-11-25T22:00:00+00:00"


# -- errors: one LoadError naming file, line, column and field --------------------------------

GOOD = """\
format: drive-playlist
version: 1
name: Night
items:
  - id: a1
    title: Overpass
    artists: [Bo Example]
    duration: 201
    spotify:
      status: matched
      uri: spotify:track:0000000000000000000002
"""


def error_for(tmp_path, text: str) -> LoadError:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_playlist(path)
    assert info.value.file == str(path)
    assert "\n" not in str(info.value)
    return info.value


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_good_example_loads(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_playlist(path).items[0].spotify_uri == "spotify:track:0000000000000000000002"


@pytest.mark.parametrize(
    ("old", "new", "field", "needle", "message"),
    [
        ("duration: 201", "duration: long", "items[0].duration", "long", "expected whole number"),
        ("duration: 201", "duration: -3", "items[0].duration", "-3", "at least 0"),
        ("title: Overpass", "title: [Overpass]", "items[0].title", "[Overpass]", "expected text"),
        ("status: matched", "status: maybe", "items[0].spotify.status", "maybe", "unknown status"),
        ("uri: spotify", "uri: http://x", "items[0].spotify.uri", "http://x", "Spotify URI"),
        (
            "uri: spotify:track",
            "uri: spotify:album",
            "items[0].spotify.uri",
            "spotify:album",
            "URI",
        ),
        ("version: 1", "version: 7", "version", "version: 7", "made by a newer version"),
        ("format: drive-playlist", "format: winamp", "format", "winamp", "not a Drive Playlist"),
        ("name: Night", "name: 2011", "name", "2011", "put it in quotes"),
    ],
)
def test_located_errors(tmp_path, old, new, field, needle, message):
    text = GOOD.replace(old, new)
    err = error_for(tmp_path, text)
    assert err.field == field and message in err.message
    assert err.line == line_of(text, needle)
    assert err.column == text.splitlines()[err.line - 1].index(needle.split(": ")[-1]) + 1


@pytest.mark.parametrize(
    ("uri", "kind"),
    [
        ("spotify:track:0000000000000000000002", "track"),
        ("spotify:episode:0000000000000000000003", "episode"),
        ("spotify:local:Artist:Album:Title:258", "local"),
        ("spotify:album:0000000000000000000003", None),
        ("spotify:track:", None),
        ("spotify:track:a:b", None),
        ("track:0000000000000000000002", None),
        ("", None),
    ],
)
def test_one_rule_says_what_a_spotify_uri_is(uri, kind):
    assert spotify_uri_kind(uri) == kind


def test_missing_field_is_reported_at_its_parent(tmp_path):
    text = GOOD.replace("    title: Overpass\n", "")
    err = error_for(tmp_path, text)
    assert err.field == "items[0]" and "missing required field 'title'" in err.message
    assert err.line == line_of(text, "- id: a1")


def test_yaml_syntax_and_duplicate_keys(tmp_path):
    err = error_for(tmp_path, GOOD.replace("artists: [Bo Example]", "artists: [Bo Example"))
    assert "YAML syntax" in err.message and err.line is not None
    err = error_for(tmp_path, GOOD + "name: Twice\n")
    assert "duplicate key 'name'" in err.message and err.line == GOOD.count("\n") + 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "just text\n",
        "- a list\n",
        "format: drive-playlist\n",
        "\x00\x01",
        "!!python/object:os.system {}\n",
    ],
)
def test_not_a_playlist_at_all(tmp_path, text):
    error_for(tmp_path, text)


def test_file_problems_are_load_errors(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load_playlist(tmp_path / "missing.yaml")
    with pytest.raises(LoadError, match="folder"):
        load_playlist(tmp_path)
    (tmp_path / "latin1.yaml").write_bytes(b"name: caf\xe9\n")
    with pytest.raises(LoadError, match="not UTF-8"):
        load_playlist(tmp_path / "latin1.yaml")


# -- the writer: any plain data comes back exactly ---------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(
        ["yes", "No", "null", "~", "4:27", "1e5", "0x1F", "-", "a: b", "#x", "'", '"', " x "]
    )
)
plain = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=10), plain, min_size=1, max_size=5))
def test_dumped_yaml_reads_back_as_the_same_data(data):
    assert yaml.safe_load(dumps_yaml(data)) == data


names = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
items = st.builds(
    PlaylistItem,
    title=names,
    artists=st.lists(names, max_size=3).map(tuple),
    album=st.none() | names,
    year=st.none() | st.integers(0, 3000),
    duration=st.none() | st.integers(0, 10**6),
    note=st.none() | names | st.just("line\nbreak, \"quoted\" and 'single'"),
    match=st.none()
    | st.builds(
        TrackMatch,
        status=st.just(MatchStatus.CHOSEN),
        uri=st.from_regex(r"spotify:track:[0-9A-Za-z]{22}", fullmatch=True),
    ),
)
playlists = st.builds(
    Playlist,
    name=names | st.just("x" * 5000),
    description=names,
    items=st.lists(items, max_size=6),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(playlists)
def test_any_playlist_survives_save_and_load(tmp_path, playlist):
    path = tmp_path / "p.yaml"
    save_playlist(playlist, path, backup=False)
    assert load_playlist(path) == playlist


def test_parse_playlist_and_from_dict_agree():
    playlist = full_playlist()
    data = playlist_to_dict(playlist)
    assert playlist_from_dict(data) == playlist
    assert parse_playlist(dumps_yaml(data), "x.yaml") == playlist


# -- atomic writes --------------------------------------------------------------------------


def test_write_atomic_keeps_a_backup_and_permissions(tmp_path):
    path = tmp_path / "p.yaml"
    write_atomic(path, "one\n")
    assert not (tmp_path / "p.yaml.bak").exists()
    os.chmod(path, 0o640)
    write_atomic(path, "two\n")
    assert path.read_text() == "two\n" and (tmp_path / "p.yaml.bak").read_text() == "one\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    write_atomic(path, "three\n", backup=False)
    assert (tmp_path / "p.yaml.bak").read_text() == "one\n"
    assert sorted(os.listdir(tmp_path)) == ["p.yaml", "p.yaml.bak"]  # no temporary files left


def test_write_atomic_follows_a_symlink(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text("old")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_failed_write_leaves_the_old_file(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "p.yaml"
    path.write_text("old")
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(PermissionError):
            save_playlist(full_playlist(), path)
        assert path.read_text() == "old" and os.listdir(folder) == ["p.yaml"]
    finally:
        os.chmod(folder, 0o700)


def test_a_failing_disk_leaves_the_old_file_and_no_debris(tmp_path, monkeypatch):
    path = tmp_path / "p.yaml"
    path.write_text("old")

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(path, "new", backup=False)
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["p.yaml"]


def test_failed_save_leaves_the_playlist_unstamped(tmp_path):
    playlist = full_playlist()
    with pytest.raises(OSError):
        save_playlist(playlist, tmp_path / "no-such-folder" / "p.yaml")
    assert playlist.created is None and playlist.modified is None


# -- autosave -------------------------------------------------------------------------------


def test_autosave_is_offered_to_other_sessions_only(isolated_home):
    playlist = full_playlist()
    path = autosave.write_autosave(playlist, "/music/night.yaml", "session-a")
    assert path.parent == isolated_home / "autosave"
    assert autosave.recoverable(exclude_session="session-a") == []
    (found,) = autosave.recoverable(exclude_session="session-b")
    assert (found.name, found.item_count, found.original_path) == (
        playlist.name,
        3,
        "/music/night.yaml",
    )
    assert found.saved_at and found.path == path
    assert load_playlist(found.path) == playlist  # an autosave is an ordinary playlist file
    autosave.discard(found)
    assert autosave.recoverable() == []


def test_autosave_newest_first_damaged_skipped_clean_exit_clears(isolated_home, monkeypatch):
    monkeypatch.setattr(autosave, "now_iso", lambda: "2026-01-01T10:00:00+00:00")
    autosave.write_autosave(Playlist(name="older"), None, "one")
    monkeypatch.setattr(autosave, "now_iso", lambda: "2026-01-01T11:00:00+00:00")
    autosave.write_autosave(Playlist(name="newer"), None, "two/../odd name")
    (isolated_home / "autosave" / "broken.yaml").write_text("{{{", encoding="utf-8")
    found = autosave.recoverable()
    assert [r.name for r in found] == ["newer", "older"]
    assert found[0].saved_at == "2026-01-01T11:00:00+00:00" and found[1].original_path is None
    assert all(p.parent == isolated_home / "autosave" for p in (r.path for r in found))
    autosave.clear_session("two/../odd name")
    assert [r.name for r in autosave.recoverable()] == ["older"]
    autosave.clear_session("never-saved")  # nothing to clear is fine


def test_a_save_sweeps_temp_files_a_killed_save_left(tmp_path):
    import os
    import time

    from app.storage.atomic import LEFTOVER_AGE, write_atomic

    target = tmp_path / "mine.yaml"
    old = tmp_path / ".mine.yaml.abc123.tmp"
    fresh = tmp_path / ".mine.yaml.def456.tmp"  # maybe another save, still running
    other = tmp_path / ".theirs.yaml.abc123.tmp"
    for leftover in (old, fresh, other):
        leftover.write_text("half")
    stale = time.time() - LEFTOVER_AGE - 60
    os.utime(old, (stale, stale))
    os.utime(other, (stale, stale))
    write_atomic(target, "whole\n")
    assert target.read_text() == "whole\n"
    assert not old.exists() and fresh.exists() and other.exists()
