"""The open playlist: its file, its undo history, its unsaved state and its autosave."""

from __future__ import annotations

import contextlib
import copy
import os

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.core.dossier import Dossier
from app.core.playlist import Playlist, PlaylistItem
from app.ui.background import BackgroundRunner
from app.ui.playlist_model import PlaylistTableModel
from app.ui.playlist_undo import AddItems, MoveItems, RemoveItems, SetField

AUTOSAVE_INTERVAL_MS = 60_000


def snapshot_of(playlist: Playlist) -> Playlist:
    """A copy another thread may read or change: items copied (their matches are
    immutable), the remote copied; cheap even for thousands of items."""
    return Playlist(
        name=playlist.name,
        description=playlist.description,
        items=[copy.copy(item) for item in playlist.items],
        dossier=playlist.dossier,
        created=playlist.created,
        modified=playlist.modified,
        remote=copy.copy(playlist.remote),
        pending_create=playlist.pending_create,
    )


class PlaylistDocument(QObject):
    changed = Signal()  # title, dirty state or contents changed
    save_failed = Signal(str)
    replaced = Signal()  # a whole new playlist was loaded

    def __init__(self, playlist: Playlist, dossier: Dossier | None, parent=None):
        super().__init__(parent)
        self.dossier = dossier
        self.path: str | None = None
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
        self.writer = BackgroundRunner(self)  # file writes that must not block the window
        self._writes: list = []

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
        self.changed.emit()

    @property
    def display_name(self) -> str:
        return os.path.basename(self.path) if self.path else "Untitled playlist"

    def replace(self, playlist: Playlist, path: str | None) -> None:
        self.model.set_playlist(playlist)
        self.path = path
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._remote_dirty = False
        self.replaced.emit()
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
    def save(self, path: str) -> None:
        from app.storage.playlist_file import save_playlist

        save_playlist(self.playlist, path)
        self.path = path
        self._remote_dirty = False
        self.undo_stack.setClean()
        self.clear_autosave()
        self.changed.emit()

    def snapshot(self) -> Playlist:
        return snapshot_of(self.playlist)

    def autosave(self, done=None) -> None:
        """Write unsaved work to the per-user folder, off the GUI thread; ``done()`` is
        called once it is written (or could not be)."""
        if not self.dirty:
            if done is not None:
                done()
            return
        from app.storage.autosave import write_autosave

        snapshot, path, session = self.snapshot(), self.path, self.session

        def work(_cancel, _progress):
            # Autosave is a safety net: a full disk must not interrupt the person.
            with contextlib.suppress(OSError):
                write_autosave(snapshot, path, session)

        finish = (lambda *_: done()) if done is not None else None
        self._write_in_order("Autosaving", work, finish, finish)

    def save_in_background(self, path: str, done=None) -> None:
        """Save without blocking the window (used when Spotify work records its link);
        ``done()`` is called once the file is written (or could not be)."""
        from app.storage.playlist_file import save_playlist

        snapshot, index = self.snapshot(), self.undo_stack.index()

        def work(_cancel, _progress):
            save_playlist(snapshot, path)
            return snapshot

        def saved(result: Playlist) -> None:
            self.playlist.created, self.playlist.modified = result.created, result.modified
            if self.undo_stack.index() == index:
                self._remote_dirty = False
                self.undo_stack.setClean()
                self.clear_autosave()
            self.changed.emit()
            if done is not None:
                done()

        def failed(error: BaseException) -> None:
            self._on_background_save_failed(error)
            if done is not None:
                done()

        self._write_in_order("Saving", work, saved, failed)

    def _on_background_save_failed(self, error: BaseException) -> None:
        self.save_failed.emit(str(error))
        self.autosave()

    def _write_in_order(self, label, work, on_success=None, on_failure=None) -> None:
        """One file write at a time, in the order asked: a later save never loses to an
        earlier one that finishes last."""
        self._writes.append((label, work, on_success, on_failure))
        if len(self._writes) == 1:
            self._next_write()

    def _next_write(self) -> None:
        if not self._writes:
            return
        label, work, on_success, on_failure = self._writes[0]

        def finished(*_args) -> None:
            self._writes.pop(0)
            self._next_write()

        task = self.writer.run(label, work, on_success, on_failure or (lambda _e: None))
        task.done.connect(finished)

    def wait_for_writes(self) -> None:
        self.writer.wait_all()

    def clear_autosave(self) -> None:
        from app.storage.autosave import clear_session

        with contextlib.suppress(OSError):
            clear_session(self.session)
