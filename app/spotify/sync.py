"""Keep the Spotify playlist and the local file in step: a three-way merge, then edits.

The file keeps the base: the remote playlist's slots, snapshot and details as both copies
agreed at the last sync.  A sync reads the playlist (one request, which also tells its
snapshot); when the snapshot is the base's, the remote is the base and nothing more is
read.  Otherwise it is read in full and merged three ways (app.core.merge): what was added,
removed or moved in Spotify since the base is kept, the file's own changes go on top, and
a clash is settled by the merge's written rule and reported.  The file becomes the merge;
the remote is then edited into it with the fewest requests (app.core.sync_plan: insert at
a place, move a range, delete), so untouched tracks keep their date added.  ``overwrite``
makes the file win outright instead (today's older behaviour, a full rewrite).

Writes are checked: another client's edit can land between them (DELETE applies whatever
the snapshot, POST takes none), so the snapshot and length are read once more; when they
are not what the plan predicts, the playlist is read and merged again rather than stored
as a base that would hide someone's edit.  A write whose answer was lost (MaybeApplied) is
never repeated blindly: the remote is read again and the plan redone from what is there.

A first sync never makes two playlists: a create marker (a tag that also goes into the
new playlist's description) is saved through ``checkpoint`` before the create is sent, and
the id right after; a later run that finds the marker without an id looks for the tagged
playlist among the person's newest and adopts it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.merge import BaseSlot, Merge, merge3
from app.core.playlist import (
    PendingCreate,
    Playlist,
    PlaylistItem,
    RemoteBase,
    RemotePlaylist,
    new_item_id,
)
from app.core.sync_plan import StepKind, SyncPlan, SyncStep, landed_after, writable
from app.core.tasks import CancelToken, Progress, ProgressCallback
from app.spotify import sync_report
from app.spotify.details import Details, describe, merge_details, undescribe
from app.spotify.errors import ApiError, MaybeApplied, PlaylistGone, SpotifyError
from app.spotify.lost_create import find_created
from app.spotify.matcher import MatchReport, match_playlist
from app.spotify.remote_items import (
    item_from_slot,
    on_spotify,
    removable,
    slot_uri,
)
from app.spotify.remote_state import RemoteReader, Seen, url_of
from app.storage.search_cache import SearchCache

MAX_RECOVERIES = 3  # lost answers re-checked per run before giving up
# A plan this long and this many times a replace-all is pointed out (with --overwrite).
MANY_REQUESTS, FAR_MORE = 50, 4
MAX_ROUNDS = 3  # merges redone when another client edits the playlist during our writes

Checkpoint = Callable[[Playlist], object]


@dataclass(slots=True)
class SyncResult:
    url: str | None
    created: bool
    unmatched: list[PlaylistItem]
    requests: int  # HTTP requests this sync sent, searches included
    snapshot_id: str | None
    changed: bool = False  # False when both copies already agreed (items and details)
    match: MatchReport | None = None
    written: int = 0  # playlist write requests (items and details)
    report: list[str] = field(default_factory=list)  # what happened, one line each
    added_from_spotify: tuple[str, ...] = ()  # local item ids of what Spotify added
    planned: tuple[str, ...] = ()  # a dry run: the writes it would send
    dry_run: bool = False


def local_uris(playlist: Playlist) -> list[str]:
    return [uri for item in playlist.items if (uri := item.spotify_uri)]


def sync_playlist(
    playlist: Playlist,
    client,
    *,
    name: str | None = None,
    public: bool | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    create_if_gone: bool = False,
    market: str | None = None,
    cache: SearchCache | None = None,
    checkpoint: Checkpoint | None = None,
    overwrite: bool = False,
    dry_run: bool = False,
) -> SyncResult:
    """Merge the remote playlist and ``playlist`` (which becomes the merge, with its new
    base), then edit the remote to match; see the module docstring.

    ``checkpoint(playlist)`` is called when the file must be saved before going on: with
    the create marker before a playlist is created, and with its id right after.
    """
    run = _SyncRun(playlist, client, progress, cancel or CancelToken(), checkpoint)
    run.overwrite, run.dry_run = overwrite, dry_run
    before = client.requests_made
    report = match_playlist(
        playlist, client, market=market, cache=cache, progress=progress, cancel=run.cancel
    )
    run.cancel.raise_if_cancelled()
    forced = set()
    if name and name != playlist.name:
        playlist.name, forced = name, {"name"}
    if public is not None:
        forced.add("public")
    try:
        if playlist.remote is None:
            run.link_or_create(public)
        elif public is not None:
            playlist.remote.public = public
        run.sync_items(frozenset(forced))
    except PlaylistGone as gone:
        if not create_if_gone:
            raise PlaylistGone(
                gone.playlist_id,
                f"the Spotify playlist {gone.playlist_id} no longer exists or is not "
                "yours; create a new one to continue",
            ) from None
        # The new playlist keeps the old one's visibility unless told otherwise.
        old = playlist.remote
        keep = public if public is not None else bool(old and old.public)
        playlist.remote = None
        run.link_or_create(keep)
        run.sync_items(frozenset())
    remote = playlist.remote
    return SyncResult(
        url=remote.url if remote else None,
        created=run.created,
        unmatched=[i for i in playlist.items if i.is_track and not i.spotify_uri],
        requests=client.requests_made - before,
        snapshot_id=remote.snapshot_id if remote else None,
        changed=bool(run.written or run.created or run.report),
        match=report,
        written=run.written,
        report=run.report,
        added_from_spotify=tuple(run.added),
        planned=tuple(run.planned),
        dry_run=dry_run,
    )


class _SyncRun:
    def __init__(self, playlist, client, progress, cancel, checkpoint):
        self.playlist, self.client = playlist, client
        self.progress, self.cancel, self.checkpoint = progress, cancel, checkpoint
        self.overwrite = self.dry_run = False
        self.created = False
        self.written = 0
        self.report: list[str] = []
        self.added: list[str] = []
        self.planned: list[str] = []
        self.fresh: str | None = None  # the snapshot of a playlist this run just created
        # The remote's slots as this run's writes so far left them (None: not known).
        self.landed: list[BaseSlot] | None = None
        self.unsure: SyncStep | None = None  # the write sent whose answer has not come
        self.unwritten: list[BaseSlot] = []  # the remote as read, before this round's writes
        self.landed_details = None
        self.reader = RemoteReader(playlist, client, self._progress, cancel)

    def _progress(self, phase: str, done: int, total: int, message: str = "") -> None:
        if self.progress is not None:
            self.progress(Progress(phase, done, total, message))

    def _save(self) -> None:
        if self.checkpoint is not None and not self.dry_run:
            self.checkpoint(self.playlist)

    # -- the playlist itself --

    def link_or_create(self, public: bool | None) -> None:
        pending = self.playlist.pending_create
        if pending is not None:
            found = self._find_created(pending)
            if found is not None:
                self._adopt(found)
                self.report.append(
                    f"Found the playlist “{pending.name}” an interrupted sync had created: "
                    "it is used instead of making another"
                )
                return
        if self.dry_run:
            self.report.append(f"Would create the Spotify playlist “{self.playlist.name}”")
            self.planned.append(f"POST me/playlists (“{self.playlist.name}”)")
            return
        self._create(bool(public), pending)

    def _create(self, public: bool, pending: PendingCreate | None) -> None:
        name = self.playlist.name
        tag = pending.tag if pending is not None else f"dp-{os.urandom(4).hex()}"
        self.playlist.pending_create = PendingCreate(tag=tag, name=name)
        self._save()  # the marker reaches the file before the create is sent
        description = describe(self.playlist.description, tag)
        self._progress("create", 0, 1, f"creating “{name}” on Spotify")
        for attempt in range(MAX_RECOVERIES + 1):
            self.cancel.raise_if_cancelled()
            try:
                made = self.client.create_playlist(name, description, public)
                break
            except MaybeApplied as lost:
                # It may exist already: adopt it rather than make a second one.
                try:
                    found = self._find_created(self.playlist.pending_create)
                except ApiError:
                    raise lost from None
                if found is not None:
                    self._adopt(found)
                    self.created = True
                    return
                if attempt == MAX_RECOVERIES:
                    raise
        owner = (made.get("owner") or {}).get("id")
        snapshot = made.get("snapshot_id")
        self.playlist.remote = RemotePlaylist(
            id=made["id"],
            snapshot_id=snapshot,
            url=url_of(made),
            public=public,
            owner=owner,
            base=RemoteBase(snapshot, name, description, public, ()),
        )
        self.playlist.pending_create = None
        self.created = True
        self.fresh = snapshot
        self._progress("create", 1, 1, f"created “{name}”")
        self._save()  # the id reaches the file before any write

    def _find_created(self, pending: PendingCreate) -> dict | None:
        return find_created(self.client, pending, local_uris(self.playlist))

    def _adopt(self, found: dict) -> None:
        self.playlist.remote = RemotePlaylist(
            id=found["id"],
            snapshot_id=found.get("snapshot_id"),
            url=url_of(found),
            public=bool(found.get("public")),
            owner=(found.get("owner") or {}).get("id"),
            base=None,  # whatever it holds that the file does not is kept, never deleted
        )
        self.playlist.pending_create = None
        self._save()

    # -- the items --

    def sync_items(self, forced: frozenset) -> None:
        remote = self.playlist.remote
        if remote is None:  # a dry run that would create it
            self.planned.extend(sync_report.planned(SyncPlan.edits([], self._target(set())[0])))
            return
        info = None if self.fresh is not None else self.reader.head()
        _unique_ids(self.playlist)
        base = remote.base
        if base is not None and len({s.item_id for s in base.slots}) != len(base.slots):
            base = None  # edited by hand into something unusable: keep all Spotify holds
        rounds = recoveries = 0
        if_landed = None  # the base had the write whose answer was lost landed
        while True:
            seen = self.reader.seen(info, base, self.fresh, if_landed)
            if if_landed is not None and seen.base is if_landed:
                base = if_landed  # the lost write landed: it is ours, not Spotify's edit
            if_landed = None
            self._merge(base, seen)
            details = self._details(base, seen, forced if not rounds + recoveries else frozenset())
            target, slots = self._target(set(seen.ids))
            plan = self._plan(seen.uris, target)
            if plan.reinserted:
                self.report.append(sync_report.reinserted(plan.reinserted, self.playlist.items))
            if not rounds + recoveries:
                self._weigh(plan, seen.uris, target)
                unmatched = [i.id for i in self.playlist.items if not on_spotify(i)]
                if off := set(unmatched) & set(seen.ids):
                    self.report.append(sync_report.taken_off(off, self.playlist.items))
            if self.dry_run:
                self.planned.extend(sync_report.planned(plan))
                return
            self.unwritten = [BaseSlot(u, i) for u, i in zip(seen.uris, seen.ids, strict=True)]
            self.landed, self.unsure = list(self.unwritten), None
            self.landed_details = seen.details
            try:
                wrote_details = self._send_details(details)
                last = self._send(plan, slots)
            except MaybeApplied:
                recoveries += 1
                # Never repeated blindly: read what is there and merge again from the remote
                # as it was before the write whose answer was lost.
                base = self._landed_base()
                if recoveries > MAX_RECOVERIES:
                    self._keep_landed(base)
                    raise
                if_landed = self._if_landed(base, slots)
                info = self.reader.head()
                continue
            except BaseException:
                # Stopped mid-way (Ctrl+C, no network): what did land is ours, not an edit
                # made in Spotify, so the next run must not report or undo it as one.
                self._keep_landed(self._landed_base())
                raise
            if last is None and not wrote_details:
                remote.snapshot_id = seen.snapshot
                remote.base = RemoteBase(seen.snapshot, *_fields(details.result), tuple(slots))
                return
            snapshot, total = self.client.playlist_state(remote.id)
            remote.snapshot_id = snapshot
            if total == len(target) and (last is None or snapshot == last):
                remote.base = RemoteBase(snapshot, *_fields(details.result), tuple(slots))
                return
            rounds += 1
            # Someone else edited it while we wrote: what we wrote is the base now, and the
            # remote is read and merged again (never stored as a base that hides the edit).
            base = RemoteBase(None, *_fields(details.result), tuple(slots))
            remote.base = base
            if rounds >= MAX_ROUNDS:
                self.report.append(
                    "The Spotify playlist kept changing while it was written: the next sync "
                    "reads it again"
                )
                return
            info = self.reader.head()

    def _landed_base(self) -> RemoteBase:
        slots = self.landed if self.landed is not None else self.unwritten
        return RemoteBase(None, *_fields(self.landed_details), tuple(slots))

    def _if_landed(self, base: RemoteBase, wanted: list[BaseSlot]) -> RemoteBase | None:
        step = self.unsure
        after = None if step is None else landed_after(step, base.slots, wanted)
        return None if after is None else RemoteBase(None, *_fields(base), tuple(after))

    def _keep_landed(self, base: RemoteBase) -> None:
        """The remote as our writes left it becomes the base (no snapshot: it is read in
        full next time).  Not under overwrite: what the file dropped stays Spotify's edit."""
        if not self.overwrite:
            self.playlist.remote.base = base

    def _plan(self, remote: list[str | None], target: list[str | None]) -> SyncPlan:
        if self.overwrite:
            return self._overwrite_plan(remote, target)
        try:
            return SyncPlan.edits(remote, target)
        except ValueError:  # entries the API cannot write would have to come or go
            raise SpotifyError(
                "the Spotify playlist's local files or unavailable entries cannot be matched "
                "with the file's; `sync --overwrite` makes Spotify's copy the file's"
            ) from None

    def _weigh(self, plan: SyncPlan, remote: list[str | None], target: list[str | None]):
        """A new order far from the old (a sort, a shuffle) costs about one move per item;
        say so, and what replacing everything would cost instead: the person chooses."""
        if self.overwrite or not all(writable(uri) for uri in remote + target):
            return
        replace = SyncPlan.between(remote, target).requests
        if plan.requests > max(MANY_REQUESTS, FAR_MORE * replace):
            self.report.append(
                f"This order takes {plan.requests} write requests, as each track is moved "
                f"and keeps its date added; `sync --overwrite` sends {replace} instead, "
                "but every track's date added is reset"
            )

    def _overwrite_plan(self, remote: list[str | None], target: list[str | None]) -> SyncPlan:
        """Replace-all, unless the remote holds entries the API cannot add back (local files,
        unavailable ones) that the file keeps: then edits, which leave them in their slots."""
        if all(writable(uri) for uri in remote):
            return SyncPlan.between(remote, target)
        try:
            return SyncPlan.edits(remote, target)
        except ValueError:  # Spotify holds some the file does not: only a replace drops them
            pass
        dropped = [
            item.id
            for item in self.playlist.items
            if slot_uri(item) in remote and not writable(slot_uri(item)) and on_spotify(item)
        ]
        if dropped:
            items = {item.id: item for item in self.playlist.items}
            self.report.append(
                f"{sync_report.count(dropped, items)} cannot be written through Spotify's API, "
                "so replacing everything removed them from Spotify (they stay in the file): "
                f"{sync_report.names(dropped, items)}"
            )
        return SyncPlan.between(remote, [uri for uri in target if writable(uri)])

    def _merge(self, base: RemoteBase | None, seen: Seen) -> None:
        items = {item.id: item for item in self.playlist.items}
        local = [item.id for item in self.playlist.items]
        if self.overwrite:
            if seen.new:
                self.report.append(
                    f"{sync_report.count(seen.new, seen.new)} added in Spotify "
                    f"{'was' if len(seen.new) == 1 else 'were'} overwritten by the file: "
                    f"{sync_report.names(seen.new, seen.new)}"
                )
            return
        # What the API cannot remove (local files, unavailable entries) stays on Spotify,
        # so it stays in the file too.
        back = [
            i
            for i, uri in zip(seen.ids, seen.uris, strict=True)
            if i not in items and i not in seen.new and not writable(uri)
        ]
        for item_id in back:
            item = seen.known.get(item_id) or item_from_slot(seen.uris[seen.ids.index(item_id)])
            item.id = item_id
            items[item_id] = item
            local.insert(_place(local, seen.ids, item_id), item_id)
        base_ids = [slot.item_id for slot in base.slots] if base is not None else []
        merged: Merge = merge3(base_ids, local, seen.ids)
        items.update(seen.new)
        self.playlist.items = [items[i] for i in merged.order]
        self.added.extend(merged.added_remote)
        self.report.extend(sync_report.lines(merged, items, back, base is not None))

    def _details(self, base: RemoteBase | None, seen: Seen, forced: frozenset):
        remote = self.playlist.remote
        local = Details(self.playlist.name, describe(self.playlist.description), remote.public)
        was = None if base is None else Details(base.name, base.description, base.public)
        merged = merge_details(was, local, seen.details, forced)
        result = merged.result
        self.playlist.name = result.name
        remote.public = result.public
        taken = "description" not in merged.to_spotify
        if taken and undescribe(result.description) != undescribe(local.description):
            self.playlist.description = undescribe(result.description)
        self.report.extend(merged.lines)
        return merged

    def _send_details(self, details) -> bool:
        if not details.to_spotify:
            return False
        self.cancel.raise_if_cancelled()
        self.client.update_details(self.playlist.remote.id, **details.to_spotify)
        self.landed_details = details.result
        self.written += 1
        return True

    def _target(self, on_remote: set[str]) -> tuple[list[str | None], list[BaseSlot]]:
        """The remote wanted: the file's items that have a slot, in order.  An entry the
        API cannot add (a local file, an unavailable one) is only kept where it is."""
        target: list[str | None] = []
        slots: list[BaseSlot] = []
        for item in self.playlist.items:
            if not on_spotify(item):
                continue
            if not removable(item) and item.id not in on_remote:
                continue
            uri = slot_uri(item)
            target.append(uri)
            slots.append(BaseSlot(uri, item.id))
        return target, slots

    def _send(self, plan: SyncPlan, wanted: list[BaseSlot]) -> str | None:
        pid = self.playlist.remote.id
        total = len(plan)
        last = None
        self._progress("write", 0, total, "the playlist is up to date" if not total else "")
        for done, step in enumerate(plan.steps, 1):
            self.cancel.raise_if_cancelled()
            self.unsure = step  # until its answer comes
            last = self._step(pid, step) or last
            self.unsure = None
            self.written += 1
            if self.landed is not None:
                self.landed = landed_after(step, self.landed, wanted)
            self._progress("write", done, total)
        return last

    def _step(self, pid: str, step: SyncStep) -> str:
        client, uris = self.client, list(step.uris)
        if step.kind == StepKind.REPLACE:
            return client.replace_items(pid, uris)
        if step.kind == StepKind.APPEND:
            return client.add_items(pid, uris)
        if step.kind == StepKind.INSERT:
            return client.add_items(pid, uris, position=step.position)
        if step.kind == StepKind.REMOVE:
            return client.remove_items(pid, uris)
        return client.move_items(pid, step.range_start, step.insert_before, step.range_length)


def _unique_ids(playlist: Playlist) -> None:
    """Items copied by hand may share an id; the merge needs one item per id."""
    seen: set[str] = set()
    for item in playlist.items:
        if item.id in seen:
            item.id = new_item_id()
        seen.add(item.id)


def _place(local: list[str], remote_ids: list[str], item_id: str) -> int:
    """Where an item goes back among the local ids: after its nearest predecessor in the
    remote order that the file holds (first when none)."""
    at = remote_ids.index(item_id)
    for before in reversed(remote_ids[:at]):
        if before in local:
            return local.index(before) + 1
    return 0


def _fields(details) -> tuple[str, str, bool]:
    return details.name, details.description, details.public
