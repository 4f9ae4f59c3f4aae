"""The open playlist: its file, its undo history, its unsaved state and its autosave."""

from __future__ import annotations

import collections
import contextlib
import copy
import os
import threading
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.core.dossier import Dossier
from app.core.playlist import Playlist, PlaylistItem
from app.storage.file_version import FileVersion
from app.ui.background import BackgroundRunner
from app.ui.playlist_model import PlaylistTableModel
from app.ui.playlist_undo import AddItems, MoveItems, RemoveItems, SetField

AUTOSAVE_INTERVAL_MS = 60_000


def snapshot_of(playlist: Playlist) -> Playlist:
    """A copy another thread may read or change: items copied (their matches are
    immutable), the remote copied; cheap even for thousands of items."""
    return replace(
        playlist,
        items=[copy.copy(item) for item in playlist.items],
        remote=copy.copy(playlist.remote),
    )


class PlaylistDocument(QObject):
    changed = Signal()  # title, dirty state or contents changed
    save_failed = Signal(object)  # the exception of a background save
    replaced = Signal()  # a whole new playlist was loaded
    file_changed = Signal()  # the path, or the version of the file on disk, changed

    def __init__(
        self,
        playlist: Playlist,
        dossier: Dossier | None,
        runner: BackgroundRunner,
        parent=None,
    ):
        super().__init__(parent)
        self.dossier = dossier
        self._runner = runner  # its ordered lane: one file write at a time, in order
        self.path: str | None = None
        self.disk: FileVersion | None = None  # the version of ``path`` this document holds
        self.session = os.urandom(4).hex()
        self.model = PlaylistTableModel(playlist, dossier, self)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_history_changed)
        self.undo_stack.indexChanged.connect(self._on_history_changed)
        self.model.on_rows_dropped = self.move_rows
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_INTERVAL_MS)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()
        self._remote_dirty = False  # Spotify bookkeeping changed outside the undo history
        self._outside_changes = 0
        self._replacements = 0
        self._edit_count = 0  # every move of the undo history, so undo + a new edit counts
        self.undo_stack.indexChanged.connect(self._count_edit)
        self._written: collections.deque[str] = collections.deque(maxlen=8)
        self._written_guard = threading.Lock()

    def _count_edit(self, *_args) -> None:
        self._edit_count += 1

    def _on_history_changed(self, *_args) -> None:
        self.changed.emit()

    # -- state -------------------------------------------------------------
    @property
    def playlist(self) -> Playlist:
        return self.model.playlist

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean() or self._remote_dirty

    def mark_changed_outside_history(self) -> None:
        """For changes that are not undoable edits (the remote id after a sync)."""
        self._remote_dirty = True
        self._outside_changes += 1
        self.changed.emit()

    @property
    def display_name(self) -> str:
        return os.path.basename(self.path) if self.path else "Untitled playlist"

    def replace(
        self, playlist: Playlist, path: str | None, version: FileVersion | None = None
    ) -> None:
        self.model.set_playlist(playlist)
        self._replacements += 1
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._remote_dirty = False
        self.replaced.emit()
        self.adopt_file(path, version)
        self.changed.emit()

    # -- edits (all undoable) ---------------------------------------------
    def add_items(self, items: list[PlaylistItem], row: int | None = None) -> None:
        if items:
            at = self.model.rowCount() if row is None else row
            self.undo_stack.push(AddItems(self.model, at, items))

    def remove_rows(self, rows: list[int]) -> None:
        rows = [r for r in rows if 0 <= r < self.model.rowCount()]
        if rows:
            self.undo_stack.push(RemoveItems(self.model, rows))

    def move_rows(self, rows: list[int], dest: int) -> None:
        rows = [r for r in rows if 0 <= r < self.model.rowCount()]
        if not rows:
            return
        command = MoveItems(self.model, rows, dest)
        if command.changes_anything:
            self.undo_stack.push(command)

    def shift_rows(self, rows: list[int], step: int) -> list[int]:
        """Alt+Up / Alt+Down: move the selected block one place; returns the new rows."""
        rows = sorted(set(rows))
        if not rows:
            return rows
        if (step < 0 and rows[0] == 0) or (step > 0 and rows[-1] >= self.model.rowCount() - 1):
            return rows
        dest = rows[0] - 1 if step < 0 else rows[-1] + 2
        command = MoveItems(self.model, rows, dest, "Move up" if step < 0 else "Move down")
        self.undo_stack.push(command)
        return [r + step for r in rows]

    def set_name(self, name: str) -> None:
        if name != self.playlist.name:
            self.undo_stack.push(
                SetField("name", lambda: self.playlist.name, self._apply_name, name)
            )

    def set_description(self, text: str) -> None:
        if text != self.playlist.description:
            self.undo_stack.push(
                SetField(
                    "description", lambda: self.playlist.description, self._apply_description, text
                )
            )

    def _apply_name(self, name: str) -> None:
        self.playlist.name = name
        self.changed.emit()

    def _apply_description(self, text: str) -> None:
        self.playlist.description = text
        self.changed.emit()

    # -- files -------------------------------------------------------------
    @property
    def edits(self) -> tuple[int, int]:
        """The person's edits so far (and whole replacements), not the Spotify bookkeeping."""
        return self._replacements, self._edit_count

    @property
    def generation(self) -> tuple[int, int, int]:
        """Changes so far: equal generations mean nothing was edited in between."""
        return self._replacements, self._edit_count, self._outside_changes

    def adopt_file(self, path: str | None, version: FileVersion | None) -> None:
        """The file on disk now holds ``version`` of this document (or the document has none)."""
        self.path, self.disk = path, version
        self.file_changed.emit()

    def write_file(
        self,
        path: str,
        *,
        overwrite: bool = False,
        on_saved: Callable[[], object] | None = None,
        on_failed: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Save a copy to ``path`` off the GUI thread, holding the file's writer lock.

        The document's own file is only written while it still holds the version this
        document knows, so another program's save (a link made by a command-line sync) is
        never overwritten unseen: the write fails with ChangedOnDisk instead.  ``overwrite``
        (a person's explicit Save Again) skips that check; another path is a new file.
        """
        from app.storage.file_version import save_versioned

        snapshot, generation = self.snapshot(), self.generation
        own_file = not overwrite and path == self.path
        known_then = self.disk if own_file else None
        playlist_id = snapshot.remote.id if snapshot.remote else None

        def work(_cancel, _progress):
            from app.ui.locking import writer_lock  # off the GUI thread: it brings filelock

            # Read when the write runs, not when it was asked: the writes before it (one
            # at a time, in order) have written by then, and what they wrote is either
            # adopted already or among written_digests().
            known = self.disk if own_file and self.path == path else known_then
            with writer_lock(path=path, playlist_id=playlist_id, purpose="changed"):
                version = save_versioned(snapshot, path, known, also=self.written_digests())
            with self._written_guard:
                self._written.append(version.digest)
            return version

        def saved(version: FileVersion) -> None:
            # Unless another playlist was opened meanwhile (then this one's save is done).
            if self._replacements == generation[0]:
                self.playlist.created = snapshot.created
                self.playlist.modified = snapshot.modified
                self.adopt_file(path, version)
                if self.generation == generation:
                    self._remote_dirty = False
                    self.undo_stack.setClean()
                    self.clear_autosave()
                self.changed.emit()
            if on_saved is not None:
                on_saved()

        def failed(error: BaseException) -> None:
            if on_failed is not None:
                on_failed(error)

        self._runner.run_in_order("Saving", work, saved, failed)

    def snapshot(self) -> Playlist:
        return snapshot_of(self.playlist)

    def written_digests(self) -> list[str]:
        """The versions this document wrote lately, for any thread: a file holding one of
        them was not changed by anyone else since (the document may not have heard yet)."""
        with self._written_guard:
            return list(self._written)

    def autosave(self, done=None) -> None:
        """Write unsaved work to the per-user folder, off the GUI thread; ``done()`` is
        called once it is written (or could not be).

        No writer lock: the autosave file is this window's own (named by its session),
        and the playlist file itself is not touched."""
        if not self.dirty:
            if done is not None:
                done()
            return
        snapshot, path, session = self.snapshot(), self.path, self.session

        def work(_cancel, _progress):
            # Imported here, off the GUI thread: a first import costs tens of milliseconds.
            from app.storage.autosave import write_autosave

            # Autosave is a safety net: a full disk must not interrupt the person.
            with contextlib.suppress(OSError):
                write_autosave(snapshot, path, session)

        finish = (lambda *_: done()) if done is not None else (lambda *_: None)
        self._runner.run_in_order("Autosaving", work, finish, finish)

    def save_in_background(self, path: str, done=None) -> None:
        """Save without blocking the window (used when Spotify work records its link);
        ``done()`` is called once the file is written (or could not be).  When it could
        not, the work goes to the autosave and ``save_failed`` says why."""

        def failed(error: BaseException) -> None:
            self._on_background_save_failed(error)
            if done is not None:
                done()

        self.write_file(path, on_saved=done, on_failed=failed)

    def record_now(self, done=None) -> None:
        """Write the document at once, to its file or else to the autosave, so a crash can't
        lose what just happened (a Spotify playlist created for it); ``done()`` once written."""
        if self.path:
            self.save_in_background(self.path, done)
        else:
            self.autosave(done)

    def _on_background_save_failed(self, error: BaseException) -> None:
        self.save_failed.emit(error)
        self.autosave()

    def read_in_order(self, label: str, work, on_success, on_failure) -> None:
        """Read the file after every write asked before (so a read never sees a half-way
        state of this window's own saves as someone else's)."""
        self._runner.run_in_order(label, work, on_success, on_failure)

    @property
    def writing(self) -> bool:
        """A write (or a read after writes) is under way or not yet reported."""
        return self._runner.busy_in_order

    def wait_for_writes(self) -> None:
        self._runner.wait_in_order()

    def clear_autosave(self) -> None:
        from app.storage.autosave import clear_session

        with contextlib.suppress(OSError):
            clear_session(self.session)
