"""Bringing a Spotify run's results into the open document, and the run's own account.

The engine works on a copy of the playlist; what it learned (matches, the remote
playlist's link, what changed in Spotify) is taken into the document on the GUI thread,
also when the run stopped half-way, so what was done is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.playlist import Playlist, RemotePlaylist
from app.core.remote_link import link_for_kept_items
from app.ui.playlist_document import PlaylistDocument
from app.ui.playlist_undo import ReplaceItems, SetMatches


@dataclass(frozen=True, slots=True)
class RunStart:
    """The document as a run started: what its results are applied against."""

    edits: tuple
    ids: list[str]
    details: tuple[str, str]

    @classmethod
    def of(cls, document: PlaylistDocument, working: Playlist) -> RunStart:
        ids = [item.id for item in working.items]
        return cls(document.edits, ids, (working.name, working.description))


@dataclass(frozen=True, slots=True)
class Taken:
    merged: bool  # the document took the worker's merge of Spotify's changes
    left_for_later: bool  # Spotify's changes wait for the next run (the person edited)
    remote: RemotePlaylist | None  # the link the document is to have now


def take_results(
    document: PlaylistDocument, working: Playlist, before: RunStart, finished: bool = True
) -> Taken:
    """Bring the worker's results into the document, all but the link (``Taken.remote``),
    which the caller records.

    A sync merges changes made in Spotify into the worker's copy (items added, removed,
    moved; a rename).  If the person did not edit the playlist while it ran, the document
    takes that copy's items, name and description as one undo step, "Sync with Spotify"
    (matches included: each item carries its own).  If they did, their edits win for now:
    their items, name and description are kept (the items still there get their matches)
    and the Spotify link is taken without the new base, so the document keeps the base its
    edits were made from and the next sync merges Spotify's changes and theirs again,
    losing neither.  A run that stopped half-way is treated the same way: its matches and
    link are kept, its merge is done again.
    """
    playlist = document.playlist
    merged_ids = [item.id for item in working.items]
    current_ids = [item.id for item in document.model.items()]
    details = (working.name, working.description)
    from_spotify = merged_ids != before.ids or details != before.details
    remote = working.remote
    take = finished and from_spotify and document.edits == before.edits
    left_for_later = False
    stack = document.undo_stack
    if take:
        stack.beginMacro("Sync with Spotify")
        if merged_ids != current_ids:
            stack.push(ReplaceItems(document.model, working.items, "Sync with Spotify"))
        else:
            set_matches(document, working)
        document.set_name(working.name)
        document.set_description(working.description)
        stack.endMacro()
    else:
        set_matches(document, working)
        if from_spotify:
            left_for_later = True
            remote = link_for_kept_items(playlist.remote, working.remote)
    return Taken(take, left_for_later, remote)


def set_matches(document: PlaylistDocument, working: Playlist) -> None:
    """The worker's matches for the document's items that it has (one undo step)."""
    by_id = {item.id: item for item in working.items}
    changed = {
        item.id: by_id[item.id].match
        for item in document.model.items()
        if item.id in by_id and by_id[item.id].match != item.match
    }
    if changed:
        document.undo_stack.push(SetMatches(document.model, changed))


REPORT_LINES = 3  # more would push the playlist down


def report_lines(lines: list[str]) -> str:
    """The sync's own account of what it did (what came from Spotify, conflicts settled)."""
    if not lines:
        return ""
    text = " " + " ".join(
        line if line.endswith(".") else line + "." for line in lines[:REPORT_LINES]
    )
    more = len(lines) - REPORT_LINES
    return text + (f" And {more} more." if more > 0 else "")
