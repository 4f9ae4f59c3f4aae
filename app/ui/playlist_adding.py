"""Adding the dossier's music to the playlist: an entry, a track, the entries dropped on it.

A track already in the playlist is not added twice unasked: the banner says so and offers
to add it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.playlist import PlaylistItem

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.core.dossier import Dossier, Entry, Track
    from app.ui.banner import Banner
    from app.ui.playlist_document import PlaylistDocument


class PlaylistAdding:
    def __init__(
        self,
        document: PlaylistDocument,
        dossier: Dossier,
        banner: Banner,
        say: Callable[[str, int], object],
    ):
        self.document, self.dossier, self.banner, self._say = document, dossier, banner, say

    def add_entry(self, entry: Entry, row: int | None = None) -> None:
        """Add an entry's picks: a track itself, or a film's default picks."""
        if not entry.picks:
            self.banner.show_message(f"“{entry.title}” has no track to add.")
            return
        self.add_tracks(list(entry.picks), row)

    def add_tracks(self, tracks: list[Track], row: int | None = None) -> None:
        playlist = self.document.playlist
        already = [t for t in tracks if playlist.has_track(t)]
        fresh = [t for t in tracks if t not in already]
        self.document.add_items([PlaylistItem.from_track(t) for t in fresh], row)
        if fresh:
            self._say(f"Added {', '.join(f'“{t.title}”' for t in fresh)}", 3000)
        if already:
            names = ", ".join(f"“{t.title}”" for t in already)
            verb = "is" if len(already) == 1 else "are"

            def add_again() -> None:  # new items (new ids) each time it is asked
                self.document.add_items([PlaylistItem.from_track(t) for t in already], row)

            self.banner.show_message(
                f"{names} {verb} already in the playlist.", [("Add Again", add_again)]
            )

    def add_track(self, track_id: str) -> None:
        track = self.dossier.track(track_id)
        if track is not None:
            self.add_tracks([track])

    def add_dropped(self, entry_ids: list[str], row: int) -> None:
        """Entries dropped on the playlist, in their order, from ``row`` on."""
        for offset, entry_id in enumerate(entry_ids):
            entry = self.dossier.entry(entry_id)
            if entry is not None:
                self.add_entry(entry, row + offset)
