"""Finding the playlist a create made when its answer never arrived.

Before a create is sent, the file gets a marker: a random tag, which also goes into the
new playlist's description, and the name used.  The person's playlists come newest first,
so a short scan finds it: their own, with that name, carrying the tag, or (where Spotify
leaves the description out of the list) empty, or holding the file's first tracks only.
"""

from __future__ import annotations

from app.core.playlist import PendingCreate
from app.spotify.remote_items import entry_from_json

SCAN_PAGES = 2  # pages of the person's newest playlists looked through


def find_created(client, pending: PendingCreate, uris: list[str]) -> dict | None:
    """The person's playlist the create marked by ``pending`` made, or None."""
    me = client.me().get("id")
    for found in client.my_playlists(pages=SCAN_PAGES):
        if found.get("name") != pending.name or (found.get("owner") or {}).get("id") != me:
            continue
        description = found.get("description") or ""
        if description:
            if f"[{pending.tag}]" in description:
                return found
            continue
        total = (found.get("items") or found.get("tracks") or {}).get("total", 0)
        if not total:
            return found
        held = [entry_from_json(e).uri for e in client.item_entries(found["id"])]
        if uris[: len(held)] == held:
            return found
    return None
