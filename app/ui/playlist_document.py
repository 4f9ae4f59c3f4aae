"""The open playlist: its file, its undo history, its unsaved state and its autosave."""

from __future__ import annotations

import contextlib
import os

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.core.dossier import Dossier
from app.core.playlist import Playlist, PlaylistItem
from app.ui.playlist_model import PlaylistTableModel
from app.ui.playlist_undo import AddItems, MoveItems, RemoveItems, SetField

AUTOSAVE_INTERVAL_MS = 60_000


class PlaylistDocument(QObject):
    changed = Signal()  # title, dirty state or contents changed
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

    def autosave(self) -> None:
        if not self.dirty:
            return
        from app.storage.autosave import write_autosave

        # Autosave is a safety net: a full disk must not interrupt the person.
        with contextlib.suppress(OSError):
            write_autosave(self.playlist, self.path, self.session)

    def clear_autosave(self) -> None:
        from app.storage.autosave import clear_session

        with contextlib.suppress(OSError):
            clear_session(self.session)
