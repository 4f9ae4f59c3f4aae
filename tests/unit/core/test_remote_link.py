"""Which Spotify link a playlist keeps when its own items win over another copy's."""

from __future__ import annotations

from app.core.merge import BaseSlot
from app.core.playlist import PendingCreate, Playlist, RemoteBase, RemotePlaylist
from app.core.remote_link import keep_items_take_link, link_for_kept_items


def base(snapshot: str, *ids: str) -> RemoteBase:
    return RemoteBase(
        snapshot_id=snapshot,
        name="Drive",
        description="",
        public=False,
        slots=tuple(BaseSlot(f"spotify:track:{i}", i) for i in ids),
    )


def test_the_other_copys_link_with_this_copys_base():
    mine = RemotePlaylist(id="p1", snapshot_id="s1", url="u-old", base=base("s1", "a", "b"))
    theirs = RemotePlaylist(
        id="p1", snapshot_id="s2", url="u-new", owner="fan", base=base("s2", "a", "b", "c")
    )
    kept = link_for_kept_items(mine, theirs)
    assert (kept.id, kept.url, kept.owner) == ("p1", "u-new", "fan")
    assert kept.base == mine.base and kept.snapshot_id == "s1"


def test_a_link_to_another_playlist_comes_without_a_base():
    """Our base belongs to another playlist: with none, what Spotify holds counts as added."""
    mine = RemotePlaylist(id="p1", base=base("s1", "a"))
    theirs = RemotePlaylist(id="p2", snapshot_id="s9", base=base("s9", "x"))
    kept = link_for_kept_items(mine, theirs)
    assert kept.id == "p2" and kept.base is None and kept.snapshot_id is None
    assert link_for_kept_items(None, theirs).base is None


def test_a_link_is_never_dropped():
    mine = RemotePlaylist(id="p1", base=base("s1", "a"))
    assert link_for_kept_items(mine, None) is mine
    assert link_for_kept_items(None, None) is None


def test_an_unfinished_create_on_disk_is_kept_until_linked():
    mine = Playlist(name="Mine")
    theirs = Playlist(name="Theirs", pending_create=PendingCreate(tag="t1", name="Theirs"))
    keep_items_take_link(mine, theirs)
    assert mine.name == "Mine" and mine.pending_create == theirs.pending_create
    theirs.remote = RemotePlaylist(id="p1")
    keep_items_take_link(mine, theirs)
    assert mine.remote.id == "p1" and mine.pending_create is None
