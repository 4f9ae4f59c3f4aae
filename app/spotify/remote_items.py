"""The remote playlist's entries as the sync sees them, and local items made from them.

An entry added in the Spotify app becomes a local item that says what it is: a track (a
*chosen* match with its track data), a podcast episode, a local file, or an entry Spotify
no longer shows (no URI).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote_plus

from app.core.playlist import ItemKind, MatchStatus, PlaylistItem, TrackMatch, spotify_uri_kind
from app.core.sync_plan import writable
from app.spotify.client import candidate_from_track

UNAVAILABLE_TITLE = "Unavailable on Spotify"


@dataclass(frozen=True, slots=True)
class RemoteEntry:
    uri: str | None
    kind: ItemKind
    item: dict | None  # the API's track or episode object


def entry_from_json(entry: dict) -> RemoteEntry:
    item = entry.get("item") or entry.get("track")
    uri = (item or {}).get("uri") or None
    if uri is None:
        return RemoteEntry(None, ItemKind.UNAVAILABLE, None)
    if entry.get("is_local") or spotify_uri_kind(uri) == "local":
        return RemoteEntry(uri, ItemKind.LOCAL, item)
    if item.get("type") == "episode" or spotify_uri_kind(uri) == "episode":
        return RemoteEntry(uri, ItemKind.EPISODE, item)
    return RemoteEntry(uri, ItemKind.TRACK, item)


def item_from_entry(entry: RemoteEntry) -> PlaylistItem:
    """A local item for an entry added in Spotify, at the place it has there."""
    if entry.kind == ItemKind.UNAVAILABLE:
        return PlaylistItem(title=UNAVAILABLE_TITLE, artists=(), kind=entry.kind)
    data = entry.item or {}
    ms = data.get("duration_ms")
    seconds = round(ms / 1000) if isinstance(ms, int | float) and ms else None
    chosen = TrackMatch(MatchStatus.CHOSEN, uri=entry.uri)
    if entry.kind == ItemKind.TRACK:
        track = candidate_from_track(data)
        return PlaylistItem(
            title=track.title or entry.uri,
            artists=track.artists,
            album=track.album,
            year=track.year,
            duration=track.duration,
            match=TrackMatch(MatchStatus.CHOSEN, uri=entry.uri, score=1.0, track=track),
        )
    if entry.kind == ItemKind.EPISODE:
        show = (data.get("show") or {}).get("name")
        return PlaylistItem(
            title=data.get("name") or entry.uri,
            artists=(show,) if show else (),
            duration=seconds,
            match=chosen,
            kind=entry.kind,
        )
    artists = tuple(a.get("name") for a in data.get("artists") or [] if a.get("name"))
    return PlaylistItem(
        title=data.get("name") or _local_title(entry.uri),
        artists=artists,
        album=(data.get("album") or {}).get("name") or None,
        duration=seconds,
        match=chosen,
        kind=entry.kind,
    )


def item_from_slot(uri: str | None) -> PlaylistItem:
    """An item standing for a slot known only by its URI (from the base)."""
    if uri is None:
        return PlaylistItem(title=UNAVAILABLE_TITLE, artists=(), kind=ItemKind.UNAVAILABLE)
    kind = ItemKind.LOCAL if spotify_uri_kind(uri) == "local" else ItemKind.TRACK
    return PlaylistItem(
        title=_local_title(uri) if kind == ItemKind.LOCAL else uri,
        artists=(),
        match=TrackMatch(MatchStatus.CHOSEN, uri=uri),
        kind=kind,
    )


def _local_title(uri: str) -> str:
    parts = uri.split(":")  # spotify:local:artist:album:title:seconds
    return unquote_plus(parts[4]) if len(parts) > 4 and parts[4] else uri


def slot_uri(item: PlaylistItem) -> str | None:
    """What the item is on Spotify: its URI; None for an unavailable entry."""
    if item.kind == ItemKind.UNAVAILABLE:
        return None
    return (
        item.match.uri
        if item.match and item.match.uri and not item.is_track
        else (item.spotify_uri)
    )


def on_spotify(item: PlaylistItem) -> bool:
    """Whether the item has a slot in the remote playlist the sync aims for."""
    return not item.is_track or item.spotify_uri is not None


def removable(item: PlaylistItem) -> bool:
    """Whether the API could take the item off the remote playlist (local files and
    unavailable entries it cannot: those stay where they are)."""
    return writable(slot_uri(item))
