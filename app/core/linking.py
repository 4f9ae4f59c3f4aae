"""Recognising an imported playlist item as one of the dossier's tracks.

An exported file carries only a title and an artist line, so an item is linked when its
normalised title equals a track's and at least one artist name agrees.  Titles are
compared whole first, then without a trailing "(...)" or " - ..." (the "Remastered" and
"feat." tails other services add).  A song offered by two entries (``same_as``) links
to the track that listing stands for.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.core.dossier import Dossier, Track
from app.core.playlist import PlaylistItem
from app.core.text import credit_pieces, normalise

_TAIL = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|\s-\s.*)$")


def title_keys(title: str) -> list[str]:
    """The title's comparable forms: whole, then without one trailing qualifier."""
    keys = [normalise(title)]
    bare = _TAIL.sub("", title)
    if bare and bare != title:
        keys.append(normalise(bare))
    return [k for k in dict.fromkeys(keys) if k]


def artist_keys(artists: tuple[str, ...] | list[str]) -> set[str]:
    """Each credited name, normalised; a joined line ("A & B") counts as its parts too."""
    keys = set()
    for line in artists:
        keys.add(normalise(line))
        keys.update(normalise(part) for part in credit_pieces(line))
    keys.discard("")
    return keys


class TrackIndex:
    """The dossier's tracks by title key, built once for a whole import."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self._by_title: dict[str, list[Track]] = {}
        for track in dossier.tracks:
            for key in title_keys(track.title):
                self._by_title.setdefault(key, []).append(track)

    def find(self, title: str, artists: tuple[str, ...]) -> Track | None:
        wanted_artists = artist_keys(artists)
        for key in title_keys(title):
            for track in self._by_title.get(key, ()):
                if wanted_artists and not wanted_artists & artist_keys(track.all_artists):
                    continue
                original = self.dossier.track(track.same_as) if track.same_as else None
                return original or track
        return None

    def link(self, item: PlaylistItem) -> PlaylistItem:
        """The item tied to its dossier track (entry and track ids), gaps filled from it.

        What the item already says (album, duration, ...) is kept: it came from the file.
        """
        if item.track_id:
            return item
        track = self.find(item.title, item.artists)
        if track is None:
            return item
        return replace(
            item,
            entry_id=track.entry_id,
            track_id=track.id,
            album=item.album if item.album is not None else track.album,
            year=item.year if item.year is not None else track.year,
            duration=item.duration if item.duration is not None else track.duration,
        )


def find_track(title: str, artists: tuple[str, ...], dossier: Dossier) -> Track | None:
    """The dossier track this title and artist line name, or None."""
    return TrackIndex(dossier).find(title, artists)


def link_items(items: list[PlaylistItem], dossier: Dossier | None) -> list[PlaylistItem]:
    if dossier is None:
        return list(items)
    index = TrackIndex(dossier)
    return [index.link(item) for item in items]
