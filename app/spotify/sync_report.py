"""What a sync tells the person: one line per kind of thing that happened, with names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.core.merge import Merge
from app.core.playlist import ItemKind, PlaylistItem
from app.core.sync_plan import StepKind, SyncPlan

SHOWN = 5  # names listed before "and N more"

_WHAT = {
    ItemKind.TRACK: ("track", "tracks"),
    ItemKind.EPISODE: ("episode", "episodes"),
    ItemKind.LOCAL: ("local file", "local files"),
    ItemKind.UNAVAILABLE: ("unavailable entry", "unavailable entries"),
}


def names(ids: Iterable[str], items: Mapping[str, PlaylistItem]) -> str:
    titles = [f"“{items[i].title}”" for i in ids if i in items]
    shown = ", ".join(titles[:SHOWN])
    return shown + (f" and {len(titles) - SHOWN} more" if len(titles) > SHOWN else "")


def count(ids, items: Mapping[str, PlaylistItem]) -> str:
    """ "2 tracks", "1 track and 1 episode", "2 tracks, 1 episode and 1 local file"."""
    kinds: dict[ItemKind, int] = {}
    for i in ids:
        kind = items[i].kind if i in items else ItemKind.TRACK
        kinds[kind] = kinds.get(kind, 0) + 1
    parts = [f"{kinds[k]} {_WHAT[k][0 if kinds[k] == 1 else 1]}" for k in _WHAT if k in kinds]
    if len(parts) > 2:
        return f"{', '.join(parts[:-1])} and {parts[-1]}"
    return " and ".join(parts) or "nothing"


def lines(
    merge: Merge, items: Mapping[str, PlaylistItem], kept_back: list[str], has_base: bool = True
) -> list[str]:
    out = []
    if merge.added_remote:
        n = len(merge.added_remote)
        verb = "was" if n == 1 else "were"
        # Without a base, what Spotify holds and the file does not may as well have been
        # removed here: it is kept all the same, and the line must not claim to know.
        where = "added in Spotify" if has_base else "on Spotify but not in the file"
        why = "" if has_base else " (the file has no record of its last sync to tell)"
        out.append(
            f"{count(merge.added_remote, items)} {where} {verb} kept{why}: "
            f"{names(merge.added_remote, items)}"
        )
    if merge.removed_remote:
        n = len(merge.removed_remote)
        verb = "was" if n == 1 else "were"
        out.append(
            f"{count(merge.removed_remote, items)} removed in Spotify {verb} removed here too: "
            f"{names(merge.removed_remote, items)}"
        )
    if merge.moved_remote:
        n = len(merge.moved_remote)
        out.append(
            f"{'A move' if n == 1 else f'{n} moves'} made in Spotify "
            f"{'was' if n == 1 else 'were'} kept: {names(merge.moved_remote, items)}"
        )
    for conflict in merge.conflicts:
        out.append(f"“{_title(items, conflict.item_id)}” was {conflict.message}")
    if kept_back:
        out.append(
            f"{count(kept_back, items)} cannot be removed through Spotify's API, so "
            f"{'it stays' if len(kept_back) == 1 else 'they stay'} (and back in the file): "
            f"{names(kept_back, items)}"
        )
    return out


def reinserted(uris: Iterable[str], items: Iterable[PlaylistItem]) -> str:
    by_uri = {item.spotify_uri: item.title for item in items if item.spotify_uri}
    titles = [f"“{by_uri.get(uri, uri)}”" for uri in uris]
    return (
        f"Fewer copies of {', '.join(titles)} are wanted: Spotify can only remove every copy "
        "of a track, so all were removed and the copies kept were added back (as new)"
    )


def taken_off(ids: set[str], items: Iterable[PlaylistItem]) -> str:
    """Items on Spotify that the file no longer matches to a track."""
    by_id = {item.id: item for item in items}
    shown = [i for i in by_id if i in ids]
    n = len(shown)
    return (
        f"{count(shown, by_id)} no longer matched here {'was' if n == 1 else 'were'} taken off "
        f"Spotify ({'it stays' if n == 1 else 'they stay'} in the file, to match again): "
        f"{names(shown, by_id)}"
    )


def _title(items: Mapping[str, PlaylistItem], item_id: str) -> str:
    item = items.get(item_id)
    return item.title if item else item_id


def planned(plan: SyncPlan) -> list[str]:
    """The writes a plan would send, one line each (for a dry run)."""
    lines = []
    for step in plan.steps:
        n = len(step.uris)
        if step.kind == StepKind.REPLACE:
            lines.append(f"PUT items: replace everything with {n} tracks")
        elif step.kind == StepKind.APPEND:
            lines.append(f"POST items: add {n} at the end")
        elif step.kind == StepKind.INSERT:
            lines.append(f"POST items: insert {n} at position {step.position}")
        elif step.kind == StepKind.REMOVE:
            lines.append(f"DELETE items: remove {n} (every copy of each)")
        else:
            lines.append(
                f"PUT items: move {step.range_length} from position {step.range_start} "
                f"to before {step.insert_before}"
            )
    return lines
