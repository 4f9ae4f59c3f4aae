"""Which Spotify link a playlist keeps when its items win over another copy of its file.

When two writers touched one file (the window's unsaved edits, a command-line sync that
linked it), the person may keep their own items.  The link must still come from the other
copy: dropping it would make the next sync create a second Spotify playlist.
"""

from __future__ import annotations

from app.core.playlist import RemotePlaylist


def link_for_kept_items(
    mine: RemotePlaylist | None, theirs: RemotePlaylist | None
) -> RemotePlaylist | None:
    """The link to keep with ``mine``'s items: ``theirs`` (the newer writer's) when there is
    one, else ``mine``; a link is never dropped."""
    if theirs is None:
        return mine
    return theirs
