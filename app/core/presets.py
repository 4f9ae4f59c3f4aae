"""Ready-made starting points for a new playlist."""

from __future__ import annotations

from collections.abc import Callable

from app.core.dossier import Dossier, Section
from app.core.playlist import Playlist, PlaylistItem, ids_of_track


def film_and_influences(dossier: Dossier) -> Playlist:
    """Every featured track in album order, then each influence's default picks.

    A pick that stands for a track already taken (``same_as``) is skipped, so "Oh My
    Love" appears once even though both the album and Goodbye Uncle Tom offer it.
    """
    items: list[PlaylistItem] = []
    taken: set[str] = set()
    for section in (Section.FEATURED, Section.INFLUENCE):
        for entry in dossier.section(section):
            picks = entry.tracks if section == Section.FEATURED else entry.default_tracks
            for track in picks:
                if taken & ids_of_track(track):
                    continue
                taken.add(track.id)
                items.append(PlaylistItem.from_track(track))
    return Playlist(
        name=f"{dossier.film.title} and its influences",
        description=(
            f"The {dossier.film.title} ({dossier.film.year}) soundtrack and the music "
            "that shaped it."
        ),
        items=items,
        dossier=dossier.id,
    )


def empty(dossier: Dossier) -> Playlist:
    return Playlist(name=f"{dossier.film.title} playlist", dossier=dossier.id)


PRESETS: dict[str, tuple[str, Callable[[Dossier], Playlist]]] = {
    "influences": ("{film} and its influences", film_and_influences),
    "empty": ("Empty playlist", empty),
}


def make_preset(name: str, dossier: Dossier) -> Playlist:
    try:
        return PRESETS[name][1](dossier)
    except KeyError:
        known = ", ".join(PRESETS)
        raise ValueError(f"unknown preset {name!r} (known: {known})") from None
