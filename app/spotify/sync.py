"""Build the playlist on Spotify once, then keep it equal to the local list.

A sync matches what is unmatched, creates the remote playlist on the first run (and
reports it at once so the caller saves the id: an interrupted run never leads to a second
playlist), then makes the remote items equal the local resolved URIs, in order, with the
plan from app.core.sync_plan.  A write whose answer was lost (MaybeApplied) is never
repeated blindly: the remote is read again and the plan redone from what is really there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.core.playlist import Playlist, PlaylistItem, RemotePlaylist, spotify_url_for
from app.core.sync_plan import StepKind, SyncPlan, fingerprint
from app.spotify.errors import ApiError, MaybeApplied, PlaylistGone
from app.spotify.matcher import MatchReport, match_playlist
from app.spotify.progress import CancelToken, Progress, ProgressCallback
from app.storage.search_cache import SearchCache

SIGNATURE = "Made with Drive Playlist."
MAX_DESCRIPTION = 300  # Spotify's limit
MAX_RECOVERIES = 3  # lost answers re-checked per run before giving up


@dataclass(slots=True)
class SyncResult:
    url: str | None
    created: bool
    unmatched: list[PlaylistItem]
    requests: int  # HTTP requests this sync sent, searches included
    snapshot_id: str | None
    changed: bool = False  # False when the remote already matched (items and details)
    match: MatchReport | None = None
    written: int = 0  # playlist write requests (PUT/POST items)


def describe(playlist: Playlist) -> str:
    """The remote description: what the playlist is, then where it came from (<= 300 chars)."""
    text = re.sub(r"\s+", " ", playlist.description or "").strip()
    if not text:
        return SIGNATURE
    room = MAX_DESCRIPTION - len(SIGNATURE) - 1
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return f"{text} {SIGNATURE}"


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
    on_remote_created: Callable[[Playlist], object] | None = None,
) -> SyncResult:
    """Make the remote playlist equal the local one; see the module docstring."""
    run = _SyncRun(playlist, client, progress, cancel or CancelToken(), cache, on_remote_created)
    before = client.requests_made
    report = match_playlist(
        playlist, client, market=market, cache=cache, progress=progress, cancel=run.cancel
    )
    uris = local_uris(playlist)
    run.cancel.raise_if_cancelled()
    if playlist.remote is None:
        run.create(name or playlist.name, public)
        run.write(uris)
    else:
        try:
            run.check_remote(name, public, uris)
            if run.remote_uris is not None:
                run.write(uris)
        except PlaylistGone as gone:
            if not create_if_gone:
                raise PlaylistGone(
                    gone.playlist_id,
                    f"the Spotify playlist {gone.playlist_id} no longer exists or is not "
                    "yours; create a new one to continue",
                ) from None
            run.forget_remote()
            run.create(name or playlist.name, public)
            run.write(uris)
    return SyncResult(
        url=playlist.remote.url,
        created=run.created,
        unmatched=[i for i in playlist.items if not i.spotify_uri],
        requests=client.requests_made - before,
        snapshot_id=playlist.remote.snapshot_id,
        changed=run.written > 0 or run.created or run.details_changed,
        match=report,
        written=run.written,
    )


class _SyncRun:
    def __init__(self, playlist, client, progress, cancel, cache, on_remote_created):
        self.playlist, self.client, self.cache = playlist, client, cache
        self.progress, self.cancel, self.on_remote_created = progress, cancel, on_remote_created
        self.created = False
        self.written = 0
        self.details_changed = False
        self.remote_uris: list[str] | None = None  # None: the remote is known to be equal

    def _report(self, phase: str, done: int, total: int, message: str = "") -> None:
        if self.progress is not None:
            self.progress(Progress(phase, done, total, message))

    # -- the playlist itself --

    def create(self, name: str, public: bool | None) -> None:
        public = bool(public)
        description = describe(self.playlist)
        self._report("create", 0, 1, f"creating “{name}” on Spotify")
        for attempt in range(MAX_RECOVERIES + 1):
            self.cancel.raise_if_cancelled()
            try:
                made = self.client.create_playlist(name, description, public)
                break
            except MaybeApplied as lost:
                # It may exist already: adopt it rather than make a second one.
                try:
                    made = _find_new_playlist(self.client, name, description)
                except ApiError:
                    raise lost from None
                if made is not None:
                    break
                if attempt == MAX_RECOVERIES:
                    raise
        url = (made.get("external_urls") or {}).get("spotify") or spotify_url_for(
            f"spotify:playlist:{made['id']}"
        )
        self.playlist.remote = RemotePlaylist(
            id=made["id"], snapshot_id=made.get("snapshot_id"), url=url, public=public
        )
        self.created = True
        self.remote_uris = []
        self._report("create", 1, 1, f"created “{name}”")
        if self.on_remote_created is not None:
            self.on_remote_created(self.playlist)  # the id must reach the file before any write

    def forget_remote(self) -> None:
        if self.cache is not None and self.playlist.remote is not None:
            self.cache.forget_written(self.playlist.remote.id)
        self.playlist.remote = None

    def check_remote(self, name: str | None, public: bool | None, uris: list[str]) -> None:
        """Read the remote; leaves ``remote_uris`` None when nothing needs writing."""
        remote = self.playlist.remote
        info = self.client.get_playlist(remote.id)
        changes = {}
        if name and name != info.get("name"):
            changes["name"] = name
        if public is not None and public != info.get("public"):
            changes["public"] = public
        if changes:
            self.cancel.raise_if_cancelled()
            self.client.update_details(remote.id, **changes)
            self.details_changed = True
            remote.public = changes.get("public", remote.public)
        remote.url = (info.get("external_urls") or {}).get("spotify") or remote.url
        snapshot = info.get("snapshot_id")
        last = self.cache.last_written(remote.id) if self.cache is not None else None
        if snapshot and last == (snapshot, fingerprint(uris)):
            remote.snapshot_id = snapshot
            return  # nobody changed it since our last write, and neither did we
        self.cancel.raise_if_cancelled()
        self.remote_uris = self.client.item_uris(remote.id)
        remote.snapshot_id = snapshot

    # -- the items --

    def write(self, uris: list[str]) -> None:
        remote = self.playlist.remote
        remote_uris = list(self.remote_uris or [])
        for attempt in range(MAX_RECOVERIES + 1):
            plan = SyncPlan.between(remote_uris, uris)
            try:
                remote_uris = self._perform(plan, remote_uris)
                break
            except MaybeApplied:
                if attempt == MAX_RECOVERIES:
                    raise
                # Learn what landed and plan again from there.
                self.cancel.raise_if_cancelled()
                remote_uris = self.client.item_uris(remote.id)
        if self.cache is not None and remote.snapshot_id:
            self.cache.remember_written(remote.id, remote.snapshot_id, fingerprint(uris))

    def _perform(self, plan: SyncPlan, remote_uris: list[str]) -> list[str]:
        remote = self.playlist.remote
        total = len(plan)
        self._report("write", 0, total, "the playlist is up to date" if not total else "")
        for done, step in enumerate(plan.steps, 1):
            self.cancel.raise_if_cancelled()
            if step.kind == StepKind.REPLACE:
                snapshot = self.client.replace_items(remote.id, list(step.uris))
                remote_uris = list(step.uris)
            else:
                snapshot = self.client.add_items(remote.id, list(step.uris))
                remote_uris = remote_uris + list(step.uris)
            self.written += 1
            remote.snapshot_id = snapshot or remote.snapshot_id
            self._report("write", done, total, f"wrote {len(remote_uris)} tracks")
        return remote_uris


def _find_new_playlist(client, name: str, description: str) -> dict | None:
    """The playlist a lost create may have made: same name and description, still empty."""
    me = None
    for found in client.my_playlists():
        owner = (found.get("owner") or {}).get("id")
        if owner is not None and me is None:
            me = (client.me() or {}).get("id")
        total = (found.get("items") or found.get("tracks") or {}).get("total", 0)
        if (
            found.get("name") == name
            and (found.get("description") or description) == description
            and not total
            and (owner is None or owner == me)
        ):
            return found
    return None
