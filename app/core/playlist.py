"""Playlists and their Spotify matches: plain data shared by files, the window and sync."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field, replace
from enum import StrEnum

from app.core.dossier import Track
from app.core.duration import format_duration
from app.core.merge import BaseSlot


class MatchStatus(StrEnum):
    MATCHED = "matched"  # accepted automatically: above the threshold, clear of the runner-up
    REVIEW = "review"  # candidates exist but none is clearly right: a person decides
    NOT_FOUND = "not_found"  # no candidate at all
    CHOSEN = "chosen"  # pinned by a person (or by a URI written in the file)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A Spotify track offered for a playlist item, with how well it fits."""

    uri: str
    title: str
    artists: tuple[str, ...]
    album: str | None = None
    year: int | None = None
    duration: int | None = None  # seconds
    url: str | None = None  # external_urls.spotify
    image_url: str | None = None
    isrc: str | None = None
    score: float = 0.0

    def with_score(self, score: float) -> Candidate:
        return replace(self, score=score)


@dataclass(frozen=True, slots=True)
class TrackMatch:
    status: MatchStatus
    uri: str | None = None
    score: float | None = None
    chosen_by_user: bool = False
    track: Candidate | None = None  # the chosen candidate's details
    candidates: tuple[Candidate, ...] = ()  # the top few, kept for review
    market: str | None = None

    @property
    def is_pinned(self) -> bool:
        """A person's choice (or a URI written by hand) is never re-matched."""
        return self.status == MatchStatus.CHOSEN

    @property
    def is_resolved(self) -> bool:
        return self.uri is not None and self.status in (MatchStatus.MATCHED, MatchStatus.CHOSEN)

    @property
    def awaits_review(self) -> bool:
        """Doubtful candidates or none at all: a person decides, and matching again won't."""
        return self.status in (MatchStatus.REVIEW, MatchStatus.NOT_FOUND)


class ItemKind(StrEnum):
    """What an item is on Spotify.  Only tracks are ever written by this program; the other
    kinds come from the person's Spotify app and keep their place, untouched."""

    TRACK = "track"
    EPISODE = "episode"  # a podcast episode
    LOCAL = "local"  # a file on the person's own computer (spotify:local:…)
    UNAVAILABLE = "unavailable"  # an entry Spotify no longer shows (no URI)


# Item ids need to be unique, not secret: a generator seeded once from the system's
# randomness gives the same 48 random bits for a quarter of a system call's cost, which
# an import of tens of thousands of items pays per item.  Reseeded in a forked child, so
# two processes never share a sequence.
_ids = random.Random(os.urandom(16))  # noqa: S311  (unique, not secret)
os.register_at_fork(after_in_child=lambda: _ids.seed(os.urandom(16)))
_id_bits = _ids.getrandbits


def new_item_id() -> str:
    """12 hexadecimal digits, random."""
    return f"{_id_bits(48):012x}"


@dataclass(slots=True)
class PlaylistItem:
    title: str
    artists: tuple[str, ...]
    entry_id: str | None = None
    track_id: str | None = None
    album: str | None = None
    year: int | None = None
    duration: int | None = None  # seconds
    note: str | None = None
    match: TrackMatch | None = None
    id: str = field(default_factory=new_item_id)
    kind: ItemKind = ItemKind.TRACK

    @classmethod
    def from_track(cls, track: Track) -> PlaylistItem:
        return cls(
            title=track.title,
            artists=track.all_artists,
            entry_id=track.entry_id,
            track_id=track.id,
            album=track.album,
            year=track.year,
            duration=track.duration,
            note=track.note,
        )

    @property
    def artist_line(self) -> str:
        return ", ".join(self.artists)

    @property
    def spotify_uri(self) -> str | None:
        return self.match.uri if self.match and self.match.is_resolved else None

    @property
    def is_track(self) -> bool:
        return self.kind == ItemKind.TRACK

    @property
    def spotify_url(self) -> str | None:
        uri = self.spotify_uri
        if not uri:
            return None
        if self.match and self.match.track and self.match.track.url:
            return self.match.track.url
        return spotify_url_for(uri)


ENTRY_KINDS = frozenset({"track", "episode", "local"})
"""What a playlist entry may point at on Spotify: a track, a podcast episode, a local file."""


ONLINE_KINDS = frozenset({"track", "episode"})
"""The entries a link to open.spotify.com can name (a local file has no page there)."""


def spotify_uri_kind(uri: str | None, kinds: frozenset[str] = ENTRY_KINDS) -> str | None:
    """The kind of a Spotify URI (``track`` for ``spotify:track:ID``), if it is one of ``kinds``.

    The one rule for what counts as a Spotify URI. A local file's URI carries its own colons
    (``spotify:local:artist:album:title:seconds``); every other kind is ``spotify:KIND:ID``.
    """
    parts = (uri or "").split(":")
    if len(parts) < 3 or parts[0] != "spotify" or parts[1] not in kinds:
        return None
    if parts[1] == "local":
        return "local" if len(parts) > 3 or parts[2] else None
    return parts[1] if len(parts) == 3 and parts[2] else None


def spotify_url_for(uri: str) -> str | None:
    """``spotify:track:ID`` -> ``https://open.spotify.com/track/ID``."""
    parts = uri.split(":")
    if len(parts) == 3 and parts[0] == "spotify" and parts[2]:
        return f"https://open.spotify.com/{parts[1]}/{parts[2]}"
    return None


def spotify_uri_for(url: str) -> str | None:
    """The inverse of :func:`spotify_url_for`, tolerant of query strings."""
    prefix = "https://open.spotify.com/"
    if not url.startswith(prefix):
        return None
    path = url[len(prefix) :].split("?", 1)[0].strip("/").split("/")
    if len(path) != 2:
        return None
    uri = f"spotify:{path[0]}:{path[1]}"
    return uri if spotify_uri_kind(uri, ONLINE_KINDS) else None


@dataclass(frozen=True, slots=True)
class RemoteBase:
    """The remote playlist as both copies agreed at the last sync: the merge's base."""

    snapshot_id: str | None
    name: str
    description: str
    public: bool
    slots: tuple[BaseSlot, ...] = ()


@dataclass(slots=True)
class RemotePlaylist:
    """The Spotify playlist this local playlist is kept in sync with."""

    id: str
    snapshot_id: str | None = None
    url: str | None = None
    public: bool = False
    owner: str | None = None  # the Spotify user id: a re-sync needs no "who am I" request
    base: RemoteBase | None = None  # None: linked before bases were kept


@dataclass(frozen=True, slots=True)
class PendingCreate:
    """A create about to be (or maybe) sent: the tag also goes into the new playlist's
    description, so a later run can find it if the answer never arrived."""

    tag: str
    name: str


@dataclass(slots=True)
class Playlist:
    name: str
    description: str = ""
    items: list[PlaylistItem] = field(default_factory=list)
    dossier: str | None = None  # the dossier id the items came from
    created: str | None = None  # ISO 8601, set by storage on first save
    modified: str | None = None
    remote: RemotePlaylist | None = None
    pending_create: PendingCreate | None = None

    @property
    def total_duration(self) -> int:
        return sum(i.duration or 0 for i in self.items)

    @property
    def unknown_durations(self) -> int:
        return sum(1 for i in self.items if i.duration is None)

    def row_of_track(self, track: Track) -> int | None:
        """The first item that is ``track`` (see :func:`ids_of_track`), or None."""
        ids = ids_of_track(track)
        return next((row for row, item in enumerate(self.items) if item.track_id in ids), None)

    def has_track(self, track: Track) -> bool:
        return self.row_of_track(track) is not None

    def next_awaiting_review(self, after: int) -> int | None:
        """The first row past ``after`` (going round to the top) whose match awaits a person."""
        count = len(self.items)
        for step in range(1, count + 1):
            row = (after + step) % count
            match = self.items[row].match
            if match is not None and match.awaits_review:
                return row
        return None


def ids_of_track(track: Track) -> frozenset[str]:
    """The dossier track ids an item may carry and still be ``track``: its own, and the one
    it stands for when two entries offer the same song (``same_as``)."""
    return frozenset(filter(None, (track.id, track.same_as)))


def length_summary(playlist: Playlist) -> str:
    """``22 tracks, total 1:23:45 (+ 1 of unknown length)``: the same words everywhere."""
    count = len(playlist.items)
    total = format_duration(playlist.total_duration) or "0:00"
    summary = f"{count} track{'s' if count != 1 else ''}, total {total}"
    if unknown := playlist.unknown_durations:
        summary += f" (+ {unknown} of unknown length)"
    return summary
