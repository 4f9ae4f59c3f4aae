"""The remote playlist as a sync run sees it: its details, its slots in order, and which
local item each slot is (or a new item, for what was added in Spotify)."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

from app.core.merge import align
from app.core.playlist import Playlist, PlaylistItem, RemoteBase, spotify_url_for
from app.spotify.details import Details
from app.spotify.errors import PlaylistGone
from app.spotify.remote_items import entry_from_json, item_from_entry, on_spotify, slot_uri

REREADS = 3  # reads restarted when the playlist changes while its pages are read


@dataclass(slots=True)
class Seen:
    """The remote as this run knows it: one URI per slot, and which local item each is."""

    snapshot: str | None
    uris: list[str | None]
    ids: list[str]
    details: Details
    new: dict[str, PlaylistItem]  # items for slots added in Spotify, by their new id
    known: dict[str, PlaylistItem]  # items for every slot that was read, by id
    base: RemoteBase | None = None  # the base the slots were aligned to


class RemoteReader:
    """Reads the linked playlist for one sync run (its link gets the owner and address)."""

    def __init__(self, playlist: Playlist, client, progress, cancel):
        self.playlist, self.client, self.progress, self.cancel = playlist, client, progress, cancel

    def head(self) -> dict:
        """The playlist with its details, snapshot and first page (one request)."""
        remote = self.playlist.remote
        self.cancel.raise_if_cancelled()
        info = self.client.get_playlist(remote.id, owner=remote.owner)
        if "items" not in info:
            # Spotify shows the contents to its owner only: signed in as someone else.
            raise PlaylistGone(remote.id)
        remote.owner = (info.get("owner") or {}).get("id") or remote.owner
        remote.url = url_of(info) or remote.url
        return info

    def seen(
        self,
        info: dict | None,
        base: RemoteBase | None,
        fresh: str | None,
        if_landed: RemoteBase | None = None,
    ) -> Seen:
        """The remote: the base itself when its snapshot is unchanged, else read in full
        and aligned to the file's items (``info`` None: just created, empty).

        ``if_landed``: the base as it would be had a write whose answer was lost landed;
        when the remote reads exactly so, it did, and that is the base to align to."""
        if info is None:  # just created: empty, as the create answered
            details = Details(base.name, base.description, base.public)
            return Seen(fresh, [], [], details, {}, {})
        snapshot = info.get("snapshot_id")
        if base is None or snapshot is None or snapshot != base.snapshot_id:
            raw, info = self._read_all(info)
            snapshot = info.get("snapshot_id")
        details = Details(
            info.get("name") or "", info.get("description") or "", bool(info.get("public"))
        )
        if base is not None and snapshot is not None and snapshot == base.snapshot_id:
            uris = [slot.uri for slot in base.slots]
            ids = [slot.item_id for slot in base.slots]
            return Seen(snapshot, uris, ids, details, {}, {})
        entries = [entry_from_json(e) for e in raw]
        uris = [e.uri for e in entries]
        if if_landed is not None and uris == [slot.uri for slot in if_landed.slots]:
            base = if_landed
        aligned = self._align(base, uris)
        ids: list[str] = []
        new: dict[str, PlaylistItem] = {}
        known: dict[str, PlaylistItem] = {}
        for entry, item_id in zip(entries, aligned, strict=True):
            if item_id is None:
                item = item_from_entry(entry)
                new[item.id] = item
                item_id = item.id
            else:
                known[item_id] = item_from_entry(entry)
                known[item_id].id = item_id
            ids.append(item_id)
        return Seen(snapshot, uris, ids, details, new, known, base)

    def _read_all(self, info: dict) -> tuple[list[dict], dict]:
        """Every entry, after the first page that came with ``info``.  Pages are read one
        by one: when the playlist's length moves between them (an edit landed meanwhile),
        it is read again rather than merged from a mixture (bounded)."""
        remote = self.playlist.remote
        for _attempt in range(REREADS):
            page = info.get("items") or {}
            raw, total = list(page.get("items") or []), page.get("total")
            if not page.get("next"):
                return raw, info
            self.progress("read", len(raw), total or 0, "reading the playlist")
            totals: list[int] = []
            raw += self.client.item_entries(remote.id, offset=len(raw), totals=totals)
            if len(raw) == total and all(t == total for t in totals):
                return raw, info
            info = self.head()
        return raw, info

    def _align(self, base: RemoteBase | None, uris: list[str | None]) -> list[str | None]:
        """Which local item each remote slot is: the base's slots first; then a slot left
        over goes to an item of the file's that the base does not hold and has its URI.
        That item is a write of ours that landed before a run stopped (or the same track
        added on both sides): it is never taken for an addition, so never doubled.  With
        no base, that second pass is all there is."""
        slots = base.slots if base is not None else ()
        aligned = align(slots, uris)
        in_base = {slot.item_id for slot in slots}
        waiting: dict[str | None, deque[str]] = defaultdict(deque)
        for item in self.playlist.items:
            if item.id not in in_base and on_spotify(item):
                waiting[slot_uri(item)].append(item.id)
        for at, (uri, item_id) in enumerate(zip(uris, aligned, strict=True)):
            if item_id is None and waiting.get(uri):
                aligned[at] = waiting[uri].popleft()
        return aligned


def url_of(playlist: dict) -> str | None:
    """A playlist's web address, as Spotify gives it (or as its id makes it)."""
    url = (playlist.get("external_urls") or {}).get("spotify")
    return url or (
        spotify_url_for(f"spotify:playlist:{playlist['id']}") if "id" in playlist else None
    )
