"""Which Spotify link a playlist keeps when its items win over another copy of its file.

When two writers touched one file (the window's unsaved edits, a command-line sync that
linked it), the person may keep their own items.  The link must still come from the other
copy: dropping it would make the next sync create a second Spotify playlist.  The base
(what both sides agreed on at the last sync) stays the one these items were edited from,
so the next sync sees the other writer's changes on Spotify as changes made there and
merges them; with no base of ours for that playlist, there is none, and everything on
Spotify that the items lack counts as added there (kept, never deleted).
"""

from __future__ import annotations

from dataclasses import replace

from app.core.playlist import Playlist, RemotePlaylist


def link_for_kept_items(
    mine: RemotePlaylist | None, theirs: RemotePlaylist | None
) -> RemotePlaylist | None:
    """The link to keep with ``mine``'s items: ``theirs`` (the newer writer's) with
    ``mine``'s base; ``mine`` when the other copy has no link.  A link is never dropped."""
    if theirs is None:
        return mine
    base = mine.base if mine is not None and mine.id == theirs.id else None
    # The snapshot goes with the base: the remote is only "as we last saw it" if the base is.
    return replace(theirs, base=base, snapshot_id=base.snapshot_id if base else None)


def keep_items_take_link(mine: Playlist, theirs: Playlist) -> None:
    """Give ``mine`` the link (and any unfinished create) of ``theirs``, keeping its items."""
    mine.remote = link_for_kept_items(mine.remote, theirs.remote)
    if mine.remote is None:
        mine.pending_create = theirs.pending_create or mine.pending_create
    else:
        mine.pending_create = None
