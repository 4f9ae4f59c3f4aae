"""Matching and building the Spotify playlist from the window, off the GUI thread.

The engine works on a copy of the playlist in a worker thread; its results (matches, the
remote playlist's id) are applied to the open document on the GUI thread
(spotify_results.py), also when the run stops half-way, so what was done is kept and the
next run completes it.  This controller asks the window for nothing: it is handed the
document and the services it uses, and says what the window should show by its signals.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence

from app.core.playlist import MatchStatus, Playlist, RemotePlaylist
from app.storage.file_version import ensure_unchanged
from app.ui.background import BackgroundRunner, Task
from app.ui.banner import Banner
from app.ui.playlist_document import PlaylistDocument
from app.ui.spotify_account import SpotifyAccount
from app.ui.spotify_results import RunStart, report_lines, take_results
from app.ui.task_status import TaskStatus


def _defaults() -> tuple[str | None, bool]:
    """The market and public-by-default settings; an unreadable settings file only loses
    the defaults (the settings dialog says what is wrong with it)."""
    from app.storage.located import LoadError
    from app.storage.settings import load_settings

    try:
        settings = load_settings()
    except LoadError:
        return None, False
    return settings.market, settings.public_by_default


class _Checkpoint(QObject):
    """Carries the engine's checkpoints (a create about to be sent, a playlist just created)
    from the worker to the GUI thread, which saves the file and then lets the worker go on."""

    reached = Signal(object, object, object)  # RemotePlaylist | None, PendingCreate | None, Event


def _checkpoint_for(signal: _Checkpoint, cancel):
    """The engine's checkpoint callback: returns once the window has saved the file."""

    def checkpoint(playlist: Playlist) -> None:
        saved = threading.Event()
        signal.reached.emit(copy.deepcopy(playlist.remote), playlist.pending_create, saved)
        while not saved.wait(0.05):
            cancel.raise_if_cancelled()

    return checkpoint


class SpotifyWork(QObject):
    finished = Signal(str)  # what happened, for tests and the status bar
    created = Signal()  # a sync created the Spotify playlist (its report is on show)
    review_requested = Signal()  # the person asked for the next doubtful match
    rows_to_show = Signal(list)  # rows the person asked to see selected

    def __init__(
        self,
        parent: QObject,
        document: PlaylistDocument,
        runner: BackgroundRunner,
        account: SpotifyAccount,
        banner: Banner,
        status: TaskStatus,
        *,
        explain_file: Callable[[str, BaseException], object],
        check_file: Callable[[], object],
    ):
        """``explain_file(path, error)`` says why the file could not be written (or offers
        Reload / Keep Mine); ``check_file()`` looks at the file on disk now."""
        super().__init__(parent)
        self.document, self.runner = document, runner
        self.account, self.banner, self.status = account, banner, status
        self._explain_file, self._check_file = explain_file, check_file
        self.task: Task | None = None
        self._merge_left_for_later = False  # the last sync kept the person's concurrent edits
        self._checkpoint = _Checkpoint(self)
        self._checkpoint.reached.connect(self._on_checkpoint)

        self.match_action = QAction("&Match on Spotify", parent, shortcut=QKeySequence("Ctrl+M"))
        self.match_action.setToolTip("Find the Spotify track for every item not matched yet")
        self.match_action.triggered.connect(self.match)
        self.sync_action = QAction(
            "&Create Spotify Playlist", parent, shortcut=QKeySequence("Ctrl+U")
        )
        self.sync_action.triggered.connect(lambda: self.sync())
        self.open_action = QAction("&Open Playlist in Spotify", parent)
        self.open_action.triggered.connect(self.open_in_spotify)
        document.changed.connect(self.refresh_actions)
        self.refresh_actions()

    # -- presentation ------------------------------------------------------
    def refresh_actions(self) -> None:
        remote = self.document.playlist.remote
        self.sync_action.setText(
            "&Update Spotify Playlist" if remote else "&Create Spotify Playlist"
        )
        self.open_action.setEnabled(bool(remote and remote.url))
        busy = self.task is not None
        self.match_action.setEnabled(not busy)
        self.sync_action.setEnabled(not busy)

    def open_in_spotify(self) -> None:
        remote = self.document.playlist.remote
        if remote and remote.url:
            QDesktopServices.openUrl(QUrl(remote.url))

    # -- runs --------------------------------------------------------------
    def match(self) -> Task | None:
        return self._start("Matching on Spotify", sync=False)

    def sync(self, create_new: bool = False) -> Task | None:
        verb = "Updating" if self.document.playlist.remote else "Creating"
        return self._start(f"{verb} the Spotify playlist", sync=True, create_new=create_new)

    def _start(self, label: str, sync: bool, create_new: bool = False) -> Task | None:
        if self.task is not None:
            return None
        if not self.document.playlist.items:
            self.banner.show_message("The playlist is empty: add some tracks first.")
            return None
        working = self.document.snapshot()
        self._merge_left_for_later = False
        market, public_default = _defaults()
        # A new Spotify playlist gets the default; an existing one keeps what it is.
        public = public_default if self.document.playlist.remote is None or create_new else None
        checkpoint_signal = self._checkpoint

        def work(cancel, progress):
            from app.spotify.auth import signed_in_client
            from app.spotify.matcher import match_playlist
            from app.spotify.sync import sync_playlist
            from app.storage.search_cache import SearchCache

            client = signed_in_client(on_progress=progress, cancel=cancel)
            cache = SearchCache()
            if not sync:
                return match_playlist(
                    working, client, market=market, cache=cache, progress=progress, cancel=cancel
                )
            return sync_playlist(
                working,
                client,
                public=public,
                progress=progress,
                cancel=cancel,
                market=market,
                cache=cache,
                create_if_gone=create_new,
                checkpoint=_checkpoint_for(checkpoint_signal, cancel),
            )

        document = self.document
        path, known = document.path, document.disk
        before = RunStart.of(document, working)
        playlist_id = working.remote.id if working.remote else None

        def locked(cancel, progress):
            from app.ui.locking import lending_lock  # off the GUI thread: it brings filelock

            # One writer at a time for the whole run, and only on the file as this window
            # knows it: a link another program recorded meanwhile is never ignored.
            with lending_lock(path=path, playlist_id=playlist_id, purpose="changed"):
                if path:
                    ensure_unchanged(path, known, also=document.written_digests())
                return work(cancel, progress)

        def success(result) -> None:
            merged = self._apply(working, before)
            added = list(result.added_from_spotify) if sync and merged else []
            self._report(result, sync, added)

        def failure(error: BaseException) -> None:
            self._apply(working, before, finished=False)  # keep what was done before it stopped
            self._explain(error, sync)

        self.task = self.runner.run(label, locked, success, failure)
        self.task.done.connect(self._on_done)
        self.status.follow(self.task)
        self.refresh_actions()
        return self.task

    def _on_done(self) -> None:
        self.task = None
        self.refresh_actions()

    # -- results -----------------------------------------------------------
    def _apply(self, working: Playlist, before: RunStart, finished: bool = True) -> bool:
        """Take the worker's results; True when the document took its merge of Spotify's
        changes (see take_results).  A new link is recorded in the file at once."""
        taken = take_results(self.document, working, before, finished)
        if taken.left_for_later:
            self._merge_left_for_later = True
        if taken.remote != self.document.playlist.remote and taken.remote is not None:
            self._on_remote_created(taken.remote)
        return taken.merged

    def _on_checkpoint(self, remote, pending, saved: threading.Event) -> None:
        """Save the create marker, or the new playlist's id, before the engine goes on
        (it waits for ``saved``)."""
        playlist = self.document.playlist
        if pending != playlist.pending_create:
            playlist.pending_create = pending
            self.document.mark_changed_outside_history()
        if remote is not None and remote != playlist.remote:
            self._on_remote_created(remote, saved.set)
        else:
            self.document.record_now(saved.set)

    def _on_remote_created(self, remote: RemotePlaylist, done=None) -> None:
        current = self.document.playlist.remote
        if remote == current:
            if done is not None:
                done()
            return
        self.document.playlist.remote = remote
        self.document.mark_changed_outside_history()
        if current is None or current.id != remote.id:
            # A new remote playlist: record its id on disk at once, so that a crash now
            # can never lead the next run to create a second one.
            self.document.record_now(done)
        elif done is not None:
            done()
        self.refresh_actions()

    def _report(self, result, sync: bool, added: list[str]) -> None:
        playlist = self.document.playlist
        counts = {status: 0 for status in MatchStatus}
        for item in playlist.items:
            if item.match:
                counts[item.match.status] += 1
        review, missing = counts[MatchStatus.REVIEW], counts[MatchStatus.NOT_FOUND]
        resolved = counts[MatchStatus.MATCHED] + counts[MatchStatus.CHOSEN]
        summary = f"{resolved} of {len(playlist.items)} tracks matched"
        if review:
            summary += f", {review} to review"
        if missing:
            summary += f", {missing} not found"
        actions = []
        if review:
            actions.append(("Review Next", self.review_requested.emit))
        if sync and playlist.remote and playlist.remote.url:
            verb = "Created" if result.created else ("Updated" if result.changed else "Checked")
            text = f"{verb} the Spotify playlist: {summary}."
            if result.unmatched:
                names = ", ".join(f"“{i.title}”" for i in result.unmatched[:5])
                more = len(result.unmatched) - 5
                text += f" Left out: {names}" + (f" and {more} more." if more > 0 else ".")
            text += report_lines(result.report)
            if self._merge_left_for_later:
                text += (
                    " What changed in Spotify is not in the window yet, because you edited "
                    "the playlist while it ran; the next update merges them."
                )
            if added:
                actions.insert(0, ("Show Added", lambda: self.show_items(added)))
            actions.insert(0, ("Open in Spotify", self.open_in_spotify))
            self.banner.show_message(text, actions)
        else:
            self.banner.show_message(f"Matching done: {summary}.", actions)
        if sync and result.created:
            self.created.emit()
        self.finished.emit(summary)

    def show_items(self, item_ids: list[str]) -> None:
        """Select these items in the playlist (those still in it)."""
        row_of = {item.id: row for row, item in enumerate(self.document.model.items())}
        rows = sorted(row_of[i] for i in item_ids if i in row_of)
        if rows:
            self.rows_to_show.emit(rows)

    def _explain(self, error: BaseException, sync: bool) -> None:
        from app.core.tasks import Cancelled
        from app.spotify.errors import PlaylistGone
        from app.storage.file_version import ChangedOnDisk
        from app.storage.locks import Busy

        if isinstance(error, Cancelled):
            self.banner.show_message(
                "Stopped. What was done is kept; run it again to finish.",
                [("Finish Now", self.sync if sync else self.match)],
            )
            self.finished.emit("cancelled")
            return
        if isinstance(error, PlaylistGone):
            self.banner.show_message(
                f"{error} — the Spotify playlist this file was linked to is gone.",
                [("Create New", lambda: self.sync(create_new=True))],
            )
            self.finished.emit("gone")
            return
        retry = self.sync if sync else self.match
        if isinstance(error, ChangedOnDisk) and self.document.path:
            # The run sent nothing: first the file as it is now (reloaded, or the person's
            # choice of Reload / Keep Mine), then the person runs it again.
            if error.gone or self.document.dirty:  # deleted; or Reload / Keep Mine
                self._explain_file(self.document.path, error)
            else:
                self.banner.show_message(
                    f"Nothing was sent to Spotify: {error}, so it is being reloaded first.",
                    [("Retry", retry)],
                )
                self._check_file()
            self.finished.emit("changed on disk")
            return
        if isinstance(error, Busy):
            self.banner.show_message(
                f"Not started: {error}. Nothing was changed; try again when it is done.",
                [("Retry", retry)],
            )
            self.finished.emit("busy")
            return
        self.account.explain(error, retry=retry)
        self.finished.emit(f"failed: {error}")
