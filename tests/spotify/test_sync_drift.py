"""Edits made in the Spotify app between two syncs, with or without an edit of the file:
every one is kept, the file's go on top, and the two copies end equal.  Over HTTP, against
the fake, whose other-client handle plays the person's phone."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.playlist import ItemKind, MatchStatus, Playlist, PlaylistItem, TrackMatch
from app.spotify.errors import PlaylistGone, SpotifyError
from app.spotify.sync import sync_playlist

SIZE = 12
REMOTE_DRIFT = ["none", "add", "remove", "reorder", "rename", "public", "private", "delete"]
LOCAL_EDITS = ["none", "add", "remove", "reorder", "rename"]


def pinned(uri: str, title: str) -> PlaylistItem:
    return PlaylistItem(
        title=title, artists=("Drift Test Artist",), match=TrackMatch(MatchStatus.CHOSEN, uri=uri)
    )


def make_tracks(fake, n: int, start: int = 0) -> list[str]:
    """Generated test tracks (not real music)."""
    return [
        fake.add_track(f"Drift test track {i}", ["Drift Test Artist"], album="Tests", year=2000)[
            "uri"
        ]
        for i in range(start, start + n)
    ]


def file_uris(playlist: Playlist) -> list[str]:
    return [i.spotify_uri for i in playlist.items if i.spotify_uri]


@pytest.mark.parametrize("local", LOCAL_EDITS)
@pytest.mark.parametrize("drift", REMOTE_DRIFT)
def test_drift_in_spotify_and_an_edit_here_are_both_kept(fake_spotify, client, drift, local):
    u = make_tracks(fake_spotify, SIZE)
    [x, y] = make_tracks(fake_spotify, 2, start=100)
    playlist = Playlist(
        name="Drift", description="A test.", items=[pinned(v, f"T{i}") for i, v in enumerate(u)]
    )
    sync_playlist(playlist, client, public=drift == "private")
    pid = playlist.remote.id
    dates = dict(zip(u, fake_spotify.added_at(pid), strict=True))
    other = fake_spotify.other

    if drift == "add":
        other.add(pid, [x], position=2)
    elif drift == "remove":
        other.remove(pid, [u[3]])
    elif drift == "reorder":
        other.move(pid, 8, 0)
    elif drift == "rename":
        other.rename(pid, "Drift (phone)")
    elif drift == "public":
        other.make_public(pid)
    elif drift == "private":
        other.make_private(pid)
    elif drift == "delete":
        other.delete(pid)

    items = playlist.items
    if local == "add":
        items.append(pinned(y, "Y"))
    elif local == "remove":
        del items[5]
    elif local == "reorder":
        items.insert(1, items.pop(10))
    elif local == "rename":
        playlist.name = "Drift (laptop)"

    if drift == "delete":
        with pytest.raises(PlaylistGone):
            sync_playlist(playlist, client)
        result = sync_playlist(playlist, client, create_if_gone=True)
        assert result.created and playlist.remote.id != pid
        pid = playlist.remote.id
    else:
        result = sync_playlist(playlist, client)

    mine = [p for p in fake_spotify.playlists.values() if p["owner_id"] == "drive-fan"]
    assert len(mine) == 1
    state = fake_spotify.playlists[pid]
    got = file_uris(playlist)
    assert state["uris"] == got  # the two copies are equal
    assert len(got) == len(set(got))  # and nothing came twice

    # Spotify's edit is kept...
    if drift == "add":
        assert got[got.index(u[1]) + 1] == x
        assert result.added_from_spotify == (playlist.items[got.index(x)].id,)
        assert any("added in Spotify was kept" in line for line in result.report)
    if drift == "remove":
        assert u[3] not in got
        assert any("removed in Spotify was removed here too" in line for line in result.report)
    if drift == "reorder":
        assert got.index(u[8]) < got.index(u[0])
    if drift in ("public", "private"):
        assert playlist.remote.public is (drift == "public") and state["public"] is (
            drift == "public"
        )
    if drift == "rename":
        wanted = "Drift (laptop)" if local == "rename" else "Drift (phone)"
        assert playlist.name == state["name"] == wanted
        assert any("Renamed" in line for line in result.report)
    # ...and so is the file's.
    if local == "add":
        assert got[-1] == y
    if local == "remove":
        assert u[5] not in got
    if local == "reorder":
        assert got.index(u[10]) < got.index(u[1])
    if local == "rename" and drift != "rename":
        assert playlist.name == state["name"] == "Drift (laptop)"
    # Nothing else changed: every other track is still there, with its date added.
    gone = {"remove": {u[3]}}.get(drift, set()) | ({u[5]} if local == "remove" else set())
    assert set(got) == set(u) - gone | ({x} if drift == "add" else set()) | (
        {y} if local == "add" else set()
    )
    if drift != "delete":
        now = dict(zip(state["uris"], fake_spotify.added_at(pid), strict=True))
        assert all(now[v] == dates[v] for v in u if v in now)
    # The base is what both now hold: the next sync is one request and changes nothing.
    assert [s.uri for s in playlist.remote.base.slots] == got
    fake_spotify.reset_stats()
    again = sync_playlist(playlist, client)
    assert fake_spotify.count() == 1 and not again.changed


def test_entries_that_are_not_tracks_keep_their_slot_and_are_left_alone(fake_spotify, client):
    u = make_tracks(fake_spotify, 6)
    playlist = Playlist(name="Mixed", items=[pinned(v, f"T{i}") for i, v in enumerate(u)])
    sync_playlist(playlist, client)
    pid = playlist.remote.id
    episode = fake_spotify.add_episode("Test episode 7", "Test Show")["uri"]
    other = fake_spotify.other
    other.add(pid, [episode], position=1)
    local_file = other.add_local(pid, "Test Artist", "Home Demo", position=3)
    other.add_unavailable(pid, position=5)
    playlist.items.pop()  # a local edit meanwhile

    result = sync_playlist(playlist, client)

    kinds = [(i.kind, i.spotify_uri) for i in playlist.items]
    assert kinds == [
        (ItemKind.TRACK, u[0]),
        (ItemKind.EPISODE, episode),
        (ItemKind.TRACK, u[1]),
        (ItemKind.LOCAL, local_file),
        (ItemKind.TRACK, u[2]),
        (ItemKind.UNAVAILABLE, None),
        (ItemKind.TRACK, u[3]),
        (ItemKind.TRACK, u[4]),
    ]
    assert playlist.items[1].title == "Test episode 7" and playlist.items[3].title == "Home Demo"
    state = fake_spotify.playlists[pid]
    assert state["uris"] == [u[0], episode, u[1], local_file, u[2], None, u[3], u[4]]
    assert len(result.added_from_spotify) == 3
    assert "1 episode, 1 local file and 1 unavailable entry" in result.report[0]
    # Neither sent nor taken: only the local removal was written.
    writes = [r for r in fake_spotify.requests if r.method != "GET"]
    assert [(r.method, r.body) for r in writes][-1] == ("DELETE", {"items": [{"uri": u[5]}]})

    # Matching leaves them alone: no search for the entry without a name.
    fake_spotify.reset_stats()
    assert sync_playlist(playlist, client).requests == 1
    assert not any(r.path == "search" for r in fake_spotify.requests)

    # Removing, here, what the API cannot remove: it stays, and is back in the file.
    playlist.items = [i for i in playlist.items if i.kind == ItemKind.TRACK]
    result = sync_playlist(playlist, client)
    # The episode could be removed, and was; the local file and the gone entry stay.
    assert fake_spotify.playlists[pid]["uris"] == [u[0], u[1], local_file, u[2], None, u[3], u[4]]
    assert [i.kind for i in playlist.items].count(ItemKind.LOCAL) == 1
    assert any("cannot be removed" in line for line in result.report)


def test_an_edit_landing_while_we_write_is_merged_not_hidden(fake_spotify, client):
    u = make_tracks(fake_spotify, 10)
    [x, y] = make_tracks(fake_spotify, 2, start=100)
    playlist = Playlist(name="Busy", items=[pinned(v, f"T{i}") for i, v in enumerate(u)])
    sync_playlist(playlist, client)
    pid = playlist.remote.id
    playlist.items.append(pinned(y, "Y"))  # the file gains a track
    done = []

    def phone_edits_mid_sync(progress):
        # Right after our write, before the read-back: the phone adds a track.
        if progress.phase == "write" and progress.done == 1 and not done:
            done.append(fake_spotify.other.add(pid, [x], position=0))

    result = sync_playlist(playlist, client, progress=phone_edits_mid_sync)

    assert done
    got = file_uris(playlist)
    assert got == [x, *u, y] and fake_spotify.playlists[pid]["uris"] == got
    assert result.added_from_spotify == (playlist.items[0].id,)
    assert playlist.remote.base.snapshot_id == fake_spotify.playlists[pid]["snapshot_id"]
    fake_spotify.reset_stats()
    assert not sync_playlist(playlist, client).changed and fake_spotify.count() == 1


_edit = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 40)),
    st.tuples(st.just("remove"), st.integers(0, 40)),
    st.tuples(st.just("move"), st.integers(0, 40), st.integers(0, 40)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    size=st.integers(0, 12),
    there=st.lists(_edit, max_size=4),
    here=st.lists(_edit, max_size=4),
)
def test_any_edits_on_both_sides_end_equal_and_lose_nothing(
    fake_spotify, client, size, there, here
):
    """Random edits in Spotify and in the file: afterwards both copies are equal, nothing is
    doubled, what either side added is there, and what either side removed is gone unless
    the other side still had it moved (a removal wins: then it is gone too)."""
    fresh = iter(make_tracks(fake_spotify, 12 + 2 * len(there) + 2 * len(here) + 8, start=1000))
    u = [next(fresh) for _ in range(size)]
    playlist = Playlist(name="Random", items=[pinned(v, v[-6:]) for v in u])
    sync_playlist(playlist, client)
    pid = playlist.remote.id
    other = fake_spotify.other
    added_there, added_here, removed = set(), set(), set()
    for edit in there:
        now = fake_spotify.playlists[pid]["uris"]
        if edit[0] == "add":
            uri = next(fresh)
            other.add(pid, [uri], position=edit[1] % (len(now) + 1))
            added_there.add(uri)
        elif now and edit[0] == "remove":
            uri = now[edit[1] % len(now)]
            other.remove(pid, [uri])
            removed.add(uri)
            added_there.discard(uri)
        elif now:
            other.move(pid, edit[1] % len(now), edit[2] % (len(now) + 1))
    items = playlist.items
    for edit in here:
        if edit[0] == "add":
            uri = next(fresh)
            items.insert(edit[1] % (len(items) + 1), pinned(uri, uri[-6:]))
            added_here.add(uri)
        elif items and edit[0] == "remove":
            uri = items.pop(edit[1] % len(items)).spotify_uri
            removed.add(uri)
            added_here.discard(uri)
        elif items:
            items.insert(edit[2] % len(items), items.pop(edit[1] % len(items)))

    sync_playlist(playlist, client)

    got = file_uris(playlist)
    assert fake_spotify.playlists[pid]["uris"] == got
    assert len(got) == len(set(got))
    assert added_there <= set(got) and added_here <= set(got)
    assert not removed & set(got)
    assert set(got) == (set(u) | added_there | added_here) - removed


def test_a_clash_is_settled_by_the_rule_and_reported(fake_spotify, client):
    u = make_tracks(fake_spotify, 8)
    playlist = Playlist(name="Clash", items=[pinned(v, f"T{i}") for i, v in enumerate(u)])
    sync_playlist(playlist, client)
    pid = playlist.remote.id
    fake_spotify.other.remove(pid, [u[6]])  # removed on the phone...
    playlist.items.insert(0, playlist.items.pop(6))  # ...and moved to the top here
    fake_spotify.other.move(pid, 2, 0)  # and one moved on the phone that stays put here

    result = sync_playlist(playlist, client)

    got = file_uris(playlist)
    assert u[6] not in got and got == fake_spotify.playlists[pid]["uris"]
    assert got == [u[2], u[0], u[1], u[3], u[4], u[5], u[7]]
    assert "“T6” was removed in Spotify and moved here: removed, as a removal wins" in (
        result.report
    )
    assert any(line.startswith("A move made in Spotify was kept: “T2”") for line in result.report)


def test_every_request_a_merging_sync_sends_agrees_with_the_openapi_description(
    fake_spotify, client
):
    from tests.fakespotify.openapi_check import all_problems, openapi_or_skip

    spec = openapi_or_skip()
    u = make_tracks(fake_spotify, 130)
    [x, y] = make_tracks(fake_spotify, 2, start=200)
    playlist = Playlist(name="Spec", items=[pinned(v, f"T{i}") for i, v in enumerate(u)])
    sync_playlist(playlist, client)
    fake_spotify.other.add(playlist.remote.id, [x], position=120)
    items = playlist.items
    items.insert(0, items.pop(50))  # a move
    items.insert(3, pinned(y, "Y"))  # an insert
    del items[10]  # a removal
    playlist.name = "Spec (renamed)"
    fake_spotify.reset_stats()

    sync_playlist(playlist, client)

    sent = {(r.method, r.path.rsplit("/", 1)[-1]) for r in fake_spotify.requests}
    assert {("PUT", "items"), ("POST", "items"), ("DELETE", "items")} <= sent
    assert all_problems(fake_spotify.requests, spec) == []


def test_a_lost_answer_while_the_phone_edits_keeps_the_phones_edit(fake_spotify, client):
    from tests.fakespotify import Fault

    u = make_tracks(fake_spotify, 10)
    [x, y] = make_tracks(fake_spotify, 2, start=300)
    playlist = Playlist(name="Lost", items=[pinned(v, f"T{i}") for i, v in enumerate(u)])
    sync_playlist(playlist, client)
    pid = playlist.remote.id
    playlist.items.insert(4, pinned(y, "Y"))
    phone = lambda: fake_spotify.other.add(pid, [x], position=0)  # noqa: E731
    fake_spotify.inject(
        Fault("lost_response", method="POST", path=r"playlists/[^/]+/items", then=phone)
    )
    fake_spotify.reset_stats()

    result = sync_playlist(playlist, client)

    got = file_uris(playlist)
    assert got == [x, *u[:4], y, *u[4:]] == fake_spotify.playlists[pid]["uris"]
    posts = [r for r in fake_spotify.requests if r.method == "POST" and "items" in r.path]
    assert len(posts) == 1  # the lost one landed; it was never sent again
    assert result.added_from_spotify == (playlist.items[0].id,)


def test_an_edit_landing_between_page_reads_is_read_again_not_mixed(fake_spotify, client):
    from tests.fakespotify import Fault

    u = make_tracks(fake_spotify, 230)
    [x] = make_tracks(fake_spotify, 1, start=400)
    playlist = Playlist(name="Pages", items=[pinned(v, f"T{i}") for i, v in enumerate(u)])
    sync_playlist(playlist, client)
    pid = playlist.remote.id
    fake_spotify.other.move(pid, 0, 2)  # the snapshot moves: the items will be read
    # While the second page is read, the phone inserts at the top: every later entry shifts.
    phone = lambda: fake_spotify.other.add(pid, [x], position=0)  # noqa: E731
    fake_spotify.inject(Fault("slow", method="GET", path=r"playlists/[^/]+/items", then=phone))

    result = sync_playlist(playlist, client)

    got = file_uris(playlist)
    assert got == fake_spotify.playlists[pid]["uris"] == [x, u[1], u[0], *u[2:]]
    assert len(result.added_from_spotify) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    size=st.integers(1, 12),
    there=st.lists(_edit, max_size=3),
    here=st.lists(_edit, min_size=1, max_size=4),
    fault=st.sampled_from(["lost_response", "drop", "500"]),
    method=st.sampled_from(["POST", "PUT", "DELETE"]),
    stop=st.booleans(),
)
def test_a_write_that_fails_anywhere_still_ends_equal_without_doubles(
    fake_spotify, client, size, there, here, fault, method, stop
):
    """As above, with the answer to one write lost (or the run stopping there and a second
    run finishing): never a double, never a lost addition."""
    from tests.fakespotify import Fault

    fresh = iter(make_tracks(fake_spotify, size + 2 * len(there) + 2 * len(here) + 4, start=2000))
    u = [next(fresh) for _ in range(size)]
    playlist = Playlist(name="Faulty", items=[pinned(v, v[-6:]) for v in u])
    sync_playlist(playlist, client)
    pid = playlist.remote.id
    added = set()
    for edit in there:
        now = fake_spotify.playlists[pid]["uris"]
        if edit[0] == "add":
            uri = next(fresh)
            added.add(uri)
            fake_spotify.other.add(pid, [uri], position=edit[1] % (len(now) + 1))
        elif now and edit[0] == "move":
            fake_spotify.other.move(pid, edit[1] % len(now), edit[2] % (len(now) + 1))
    items = playlist.items
    for edit in here:
        if edit[0] == "add":
            uri = next(fresh)
            added.add(uri)
            items.insert(edit[1] % (len(items) + 1), pinned(uri, uri[-6:]))
        elif items and edit[0] == "move":
            items.insert(edit[2] % len(items), items.pop(edit[1] % len(items)))
    times = 5 if stop else 1  # 5: more than the recoveries a run allows, so it stops
    fake_spotify.clear_faults()
    fake_spotify.inject(Fault(fault, method=method, path=r"playlists/[^/]+/items", times=times))

    try:
        sync_playlist(playlist, client)
    except SpotifyError:
        fake_spotify.clear_faults()
        sync_playlist(playlist, client)  # the next run, from what was kept
    fake_spotify.clear_faults()

    got = file_uris(playlist)
    assert fake_spotify.playlists[pid]["uris"] == got
    assert len(got) == len(set(got)) and set(got) == set(u) | added


def test_our_own_writes_before_a_lost_answer_are_not_taken_for_the_phones(fake_spotify, client):
    from tests.fakespotify import Fault

    u = make_tracks(fake_spotify, 30)
    playlist = Playlist(name="Ours", items=[pinned(v, f"T{i}") for i, v in enumerate(u)])
    sync_playlist(playlist, client)
    pid = playlist.remote.id
    playlist.items.reverse()  # one move per item
    moves = r"playlists/[^/]+/items"
    fake_spotify.inject(Fault("lost_response", method="PUT", path=moves, times=1))

    result = sync_playlist(playlist, client)

    assert file_uris(playlist) == u[::-1] == fake_spotify.playlists[pid]["uris"]
    # Nobody touched it in Spotify: no merge line says anything happened there.
    assert not [line for line in result.report if "Spotify" in line]
