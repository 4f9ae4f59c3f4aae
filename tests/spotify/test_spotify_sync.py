"""The sync engine: the pure plan, then whole syncs over real HTTP against the fake server."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.playlist import MatchStatus, Playlist, PlaylistItem, TrackMatch
from app.core.sync_plan import BATCH, StepKind, SyncPlan, fingerprint, floor_requests
from app.spotify.details import MAX_DESCRIPTION, describe
from app.spotify.errors import PlaylistGone
from app.spotify.sync import sync_playlist

# --- the plan (pure) ---------------------------------------------------------------------


def apply(plan: SyncPlan, remote: list[str]) -> list[str]:
    for step in plan.steps:
        assert 0 < len(step.uris) <= BATCH or (step.kind == StepKind.REPLACE and not step.uris)
        remote = list(step.uris) if step.kind == StepKind.REPLACE else remote + list(step.uris)
    return remote


def test_equal_lists_need_nothing():
    assert SyncPlan.between(["a", "b"], ["a", "b"]).is_empty
    assert SyncPlan.between([], []).is_empty


def test_a_prefix_is_completed_by_appending_in_batches():
    local = [f"u{i}" for i in range(250)]
    plan = SyncPlan.between(local[:30], local)
    assert [s.kind for s in plan.steps] == [StepKind.APPEND] * 3
    assert [len(s.uris) for s in plan.steps] == [100, 100, 20]


def test_any_other_change_replaces_then_appends():
    local = [f"u{i}" for i in range(230)]
    plan = SyncPlan.between(["x", *local], local)
    assert [s.kind for s in plan.steps] == [StepKind.REPLACE, StepKind.APPEND, StepKind.APPEND]
    assert SyncPlan.between(["a", "b"], []).steps[0].uris == ()


@given(
    st.lists(st.sampled_from("abcdefgh"), max_size=320),
    st.lists(st.sampled_from("abcdefgh"), max_size=320),
)
def test_a_plan_always_makes_remote_equal_local_in_few_requests(remote, local):
    plan = SyncPlan.between(remote, local)
    assert apply(plan, remote) == local
    assert plan.requests <= max(1, math.ceil(len(local) / BATCH))


def test_fingerprint_sees_order():
    assert fingerprint(["a", "b"]) != fingerprint(["b", "a"])
    assert fingerprint(["a", "b"]) == fingerprint(["a", "b"])
    assert floor_requests(0) == 0 and floor_requests(100) == 1 and floor_requests(101) == 2


def test_description_says_what_it_is_within_spotifys_limit():
    short = describe("The Drive (2011) soundtrack.")
    assert short.startswith("The Drive (2011) soundtrack.") and "Drive Playlist" in short
    long = describe("word " * 200)
    assert len(long) <= MAX_DESCRIPTION and long.endswith("Made with Drive Playlist.")
    assert describe("") == "Made with Drive Playlist."
    tagged = describe("word " * 200, "dp-0123abcd")
    assert len(tagged) <= MAX_DESCRIPTION and tagged.endswith(
        "Made with Drive Playlist. [dp-0123abcd]"
    )


# --- whole syncs against the fake --------------------------------------------------------


def pinned(uri: str, title: str = "Test item") -> PlaylistItem:
    return PlaylistItem(
        title=title, artists=("Test Artist",), match=TrackMatch(MatchStatus.CHOSEN, uri=uri)
    )


def test_tracks(fake, n: int) -> list[str]:
    """``n`` URIs of generated test tracks (not real music) added to the fake's catalogue."""
    return [
        fake.add_track(f"Sync test track {i}", ["Sync Test Artist"], album="Sync Test", year=2000)[
            "uri"
        ]
        for i in range(n)
    ]


test_tracks.__test__ = False  # a helper, not a test


def playlist_of(uris: list[str]) -> Playlist:
    return Playlist(
        name="Drive sync test",
        description="The Drive (2011) soundtrack and the music that shaped it.",
        items=[pinned(u) for u in uris],
    )


def remote(fake, playlist: Playlist) -> list[str]:
    return list(fake.playlists[playlist.remote.id]["uris"])


def hits(fake, method: str, contains: str = "") -> int:
    return sum(1 for r in fake.requests if r.method == method and contains in r.path)


def test_first_sync_creates_once_and_fills_in_order(fake_spotify, client, cache):
    uris = test_tracks(fake_spotify, 250)
    playlist = playlist_of(uris)
    checkpoints = []

    def saved(p):
        marker = p.pending_create
        checkpoints.append((p.remote and p.remote.id, marker, hits(fake_spotify, "POST")))

    result = sync_playlist(playlist, client, cache=cache, checkpoint=saved)

    assert result.created and result.changed
    assert remote(fake_spotify, playlist) == uris
    (none, marker, posts_before), (pid, cleared, writes_before) = checkpoints
    assert none is None and marker.name == "Drive sync test" and posts_before == 0
    assert pid == playlist.remote.id and cleared is None and writes_before == 1  # the create
    [created] = fake_spotify.own_playlists()
    assert created["public"] is False and len(created["description"]) <= MAX_DESCRIPTION
    assert created["name"] == "Drive sync test" and f"[{marker.tag}]" in created["description"]
    assert result.written == floor_requests(250) == 3
    assert playlist.remote.url == result.url and result.url.startswith(fake_spotify.accounts_url)
    assert playlist.remote.snapshot_id == fake_spotify.playlists[pid]["snapshot_id"]
    base = playlist.remote.base
    assert base.snapshot_id == playlist.remote.snapshot_id and playlist.remote.owner == "drive-fan"
    assert [(s.uri, s.item_id) for s in base.slots] == [
        (i.spotify_uri, i.id) for i in playlist.items
    ]
    # The floor: one create, three writes, one read-back (no "who am I", no read of items).
    assert result.requests == 1 + 3 + 1 and playlist.pending_create is None


def test_unchanged_resync_costs_one_request(fake_spotify, client, cache):
    playlist = playlist_of(test_tracks(fake_spotify, 120))
    sync_playlist(playlist, client, cache=cache)
    fake_spotify.reset_stats()

    again = sync_playlist(playlist, client)  # no search cache needed either

    assert fake_spotify.count() == again.requests == 1
    assert not again.changed and not again.created and again.report == []
    [read] = fake_spotify.requests
    assert read.method == "GET" and read.path == f"playlists/{playlist.remote.id}"


@pytest.mark.parametrize(
    ("edit", "writes"),
    [
        (lambda u: [*u, u[0]], {"POST": 1}),  # add at the end (a duplicate on purpose)
        (lambda u: [u[1], u[0], *u[2:]], {"PUT": 1}),  # reorder: one move
        (lambda u: u[:10] + u[11:], {"DELETE": 1}),  # remove
        (lambda u: [*u[:5], u[30], *u[5:30], *u[31:]], {"PUT": 1}),  # move one far
        (lambda u: [], {"DELETE": 1}),  # empty it
    ],
)
def test_an_edit_changes_exactly_that(fake_spotify, client, cache, edit, writes):
    uris = test_tracks(fake_spotify, 40)
    playlist = playlist_of(uris)
    sync_playlist(playlist, client, cache=cache)
    pid = playlist.remote.id
    dates = dict(zip(uris, fake_spotify.added_at(pid), strict=True))
    wanted = edit(uris)
    by_uri = {item.spotify_uri: item for item in playlist.items}
    playlist.items = [by_uri[u] if i < 40 and wanted.count(u) == 1 else pinned(u)
                      for i, u in enumerate(wanted)]  # fmt: skip
    fake_spotify.reset_stats()

    result = sync_playlist(playlist, client, cache=cache)

    assert remote(fake_spotify, playlist) == wanted
    sent = {m: hits(fake_spotify, m, "/items") for m in ("POST", "PUT", "DELETE")}
    assert sent == {m: writes.get(m, 0) for m in sent}
    assert result.changed and len(fake_spotify.own_playlists()) == 1
    # read, write, read-back; untouched tracks keep their date added
    assert result.requests == 3
    after = fake_spotify.added_at(pid)
    for uri, when in zip(wanted, after, strict=True):
        if wanted.count(uri) == 1:
            assert when == dates[uri]


def test_a_file_linked_before_bases_keeps_what_spotify_added(fake_spotify, client, cache):
    uris = test_tracks(fake_spotify, 30)
    playlist = playlist_of(uris[:20])
    sync_playlist(playlist, client, cache=cache)
    fake_spotify.other.add(playlist.remote.id, [uris[25]], position=3)
    playlist.remote.base = None  # as a version 1 file has it
    playlist.remote.owner = None
    playlist.items.pop()  # and a local edit
    extra = pinned(uris[26])
    playlist.items.insert(0, extra)

    result = sync_playlist(playlist, client, cache=cache)

    # Without a base nothing tells a removal made here from an addition made there: what
    # Spotify holds that the file does not is kept, never deleted (the dropped last one too).
    wanted = [uris[26], *uris[:3], uris[25], *uris[3:20]]
    assert [i.spotify_uri for i in playlist.items] == wanted
    assert remote(fake_spotify, playlist) == wanted
    by_id = {i.id: i.spotify_uri for i in playlist.items}
    assert [by_id[i] for i in result.added_from_spotify] == [uris[25], uris[19]]
    assert result.report[0].startswith(
        "2 tracks on Spotify but not in the file were kept (the file has no record"
    )  # not "added in Spotify": the last one was removed here
    assert playlist.remote.base is not None and playlist.remote.owner == "drive-fan"


def test_unmatched_items_are_listed_and_kept(fake_spotify, client, cache):
    uris = test_tracks(fake_spotify, 3)
    doubtful = PlaylistItem(
        title="A doubtful test item",
        artists=("Nobody",),
        match=TrackMatch(MatchStatus.REVIEW, uri=uris[0], score=0.5),
    )
    playlist = playlist_of(uris[1:])
    playlist.items.insert(1, doubtful)

    result = sync_playlist(playlist, client, cache=cache)

    assert result.unmatched == [doubtful] and doubtful in playlist.items
    assert remote(fake_spotify, playlist) == uris[1:]


def test_a_deleted_playlist_is_reported_then_replaced_on_request(fake_spotify, client, cache):
    uris = test_tracks(fake_spotify, 5)
    playlist = playlist_of(uris)
    sync_playlist(playlist, client, cache=cache)
    old = playlist.remote.id
    fake_spotify.delete_playlist(old)

    with pytest.raises(PlaylistGone) as gone:
        sync_playlist(playlist, client, cache=cache)
    assert gone.value.playlist_id == old and "new one" in str(gone.value)
    assert "\n" not in str(gone.value) and playlist.remote.id == old

    result = sync_playlist(playlist, client, cache=cache, create_if_gone=True)
    assert result.created and playlist.remote.id != old
    assert remote(fake_spotify, playlist) == uris
    assert len([p for p in fake_spotify.own_playlists() if p["id"] != old]) == 1


def test_a_playlist_that_is_not_yours_is_never_written(fake_spotify, client, cache):
    uris = test_tracks(fake_spotify, 5)
    playlist = playlist_of(uris)
    sync_playlist(playlist, client, cache=cache)
    theirs = playlist.remote.id
    fake_spotify.set_owner(theirs, "someone-else")
    playlist.items.pop()
    fake_spotify.reset_stats()

    with pytest.raises(PlaylistGone):
        sync_playlist(playlist, client, cache=cache)
    assert hits(fake_spotify, "POST") == hits(fake_spotify, "PUT") == 0

    sync_playlist(playlist, client, cache=cache, create_if_gone=True)
    assert playlist.remote.id != theirs and remote(fake_spotify, playlist) == uris[:4]
    assert fake_spotify.playlists[theirs]["uris"] == uris


def test_name_and_visibility_follow_the_request(fake_spotify, client, cache):
    playlist = playlist_of(test_tracks(fake_spotify, 2))
    sync_playlist(playlist, client, cache=cache, name="Night drive", public=True)
    created = fake_spotify.playlists[playlist.remote.id]
    assert created["name"] == "Night drive" and created["public"] is True
    assert playlist.remote.public is True

    sync_playlist(playlist, client, cache=cache, public=False)
    assert fake_spotify.playlists[playlist.remote.id]["public"] is False
    assert playlist.remote.public is False
    [put] = [
        r for r in fake_spotify.requests if r.method == "PUT" and r.path.endswith(created["id"])
    ]
    body = put.body if isinstance(put.body, dict) else json.loads(put.body)
    assert body == {"public": False}


def test_dropping_one_of_two_copies_removes_both_and_puts_one_back(fake_spotify, client):
    uris = test_tracks(fake_spotify, 6)
    playlist = playlist_of([*uris, uris[2]])  # a duplicate on purpose
    sync_playlist(playlist, client)
    del playlist.items[2]  # the first copy goes; the last stays
    fake_spotify.reset_stats()

    result = sync_playlist(playlist, client)

    wanted = [uris[0], uris[1], *uris[3:], uris[2]]
    assert remote(fake_spotify, playlist) == wanted
    assert any("Spotify can only remove every copy" in line for line in result.report)
    assert [r.method for r in fake_spotify.requests] == ["GET", "DELETE", "POST", "GET"]


def test_a_dry_run_sends_no_write_and_changes_nothing(fake_spotify, client):
    uris = test_tracks(fake_spotify, 8)
    playlist = playlist_of(uris)
    planned = sync_playlist(playlist, client, dry_run=True)
    assert planned.dry_run and playlist.remote is None and playlist.pending_create is None
    [create, fill] = planned.planned
    assert create == "POST me/playlists (“Drive sync test”)" and "8" in fill
    assert not fake_spotify.playlists and {r.method for r in fake_spotify.requests} <= {"GET"}

    sync_playlist(playlist, client)
    fake_spotify.other.add(playlist.remote.id, [uris[0]], position=4)
    playlist.items.pop()
    before = list(fake_spotify.playlists[playlist.remote.id]["uris"])
    fake_spotify.reset_stats()
    planned = sync_playlist(playlist, client, dry_run=True)
    assert {r.method for r in fake_spotify.requests} == {"GET"}
    assert fake_spotify.playlists[playlist.remote.id]["uris"] == before
    assert planned.report and planned.planned == ("DELETE items: remove 1 (every copy of each)",)


def test_details_go_both_ways_and_the_file_wins_a_clash(fake_spotify, client):
    playlist = playlist_of(test_tracks(fake_spotify, 3))
    sync_playlist(playlist, client)
    pid = playlist.remote.id
    state = fake_spotify.playlists[pid]

    # Made in the file: it reaches Spotify, in one request besides the read and read-back.
    playlist.description = "Night drives, revised."
    playlist.name = "Drive sync test (revised)"
    fake_spotify.reset_stats()
    sync_playlist(playlist, client)
    assert state["name"] == "Drive sync test (revised)"
    assert state["description"] == "Night drives, revised. Made with Drive Playlist."
    assert [r.method for r in fake_spotify.requests] == ["GET", "PUT", "GET"]
    assert fake_spotify.count() == 3

    # Made in Spotify: the file takes it.
    fake_spotify.other.change(pid, description="Edited on the phone.", public=True)
    result = sync_playlist(playlist, client)
    assert playlist.description == "Edited on the phone." and playlist.remote.public is True
    assert any("Made public in Spotify" in line for line in result.report)

    # Renamed on both sides: the file's name wins, and the report says so.
    fake_spotify.other.rename(pid, "Phone name")
    playlist.name = "Laptop name"
    result = sync_playlist(playlist, client)
    assert state["name"] == playlist.name == "Laptop name"
    assert any("changed in Spotify too: the file's wins" in line for line in result.report)
    fake_spotify.reset_stats()
    assert not sync_playlist(playlist, client).changed and fake_spotify.count() == 1


def test_items_sharing_an_id_by_hand_are_told_apart(fake_spotify, client):
    uris = test_tracks(fake_spotify, 4)
    playlist = playlist_of(uris)
    sync_playlist(playlist, client)
    twin = pinned(uris[0])
    twin.id = playlist.items[1].id  # an item block copied by hand, id and all
    playlist.items.append(twin)

    sync_playlist(playlist, client)

    assert remote(fake_spotify, playlist) == [*uris, uris[0]]
    assert len({i.id for i in playlist.items}) == 5


def test_signed_in_as_someone_else_the_file_loses_nothing(fake_spotify, client):
    uris = test_tracks(fake_spotify, 5)
    playlist = playlist_of(uris)
    sync_playlist(playlist, client)
    pid = playlist.remote.id
    # The file was synced by another account, which owns the playlist; it changed since.
    fake_spotify.set_owner(pid, "someone-else")
    playlist.remote.owner = "someone-else"
    fake_spotify.other.move(pid, 0, 3)
    before = [i.id for i in playlist.items]

    with pytest.raises(PlaylistGone):
        sync_playlist(playlist, client)

    assert [i.id for i in playlist.items] == before
    assert fake_spotify.playlists[pid]["uris"] == [uris[1], uris[2], uris[0], *uris[3:]]
