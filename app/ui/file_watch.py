"""Watching the open playlist file for other writers (a command-line sync, another editor).

When the file on disk is no longer the version the window opened or last saved, the window
reloads it if it holds no unsaved edits (keeping the selection), or offers Reload / Keep
Mine.  Keep Mine keeps the window's items and takes the Spotify link from disk, so a save
never drops a link another writer made.  A file deleted or renamed is reported; nothing
writes it again unless the person says so.

Both the window's own atomic saves and other programs' replace the file's inode, so the
file is watched together with its folder, and a change is only believed once the file's
digest differs from the version the document knows (its own saves record theirs).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from app.core.playlist import Playlist
from app.core.remote_link import keep_items_take_link
from app.storage.file_version import FileVersion, stamp_of
from app.ui.banner import Banner
from app.ui.playlist_document import PlaylistDocument

SETTLE_MS = 150  # a burst of events (temp file, rename, backup) is looked at once


class OpenFileWatch(QObject):
    reloaded = Signal(str)  # the path reloaded without asking
    conflict_offered = Signal(str)  # the path, when Reload / Keep Mine is on offer
    gone = Signal(str)  # the path, deleted or renamed on disk

    def __init__(
        self,
        parent: QObject,
        document: PlaylistDocument,
        banner: Banner,
        panel,
        *,
        save_as: Callable[[], object],
        save_again: Callable[[str], object],
        say: Callable[[str, int], object],
    ):
        """``save_again(path)`` writes over the file whatever happened to it; ``say`` puts a
        line in the status bar."""
        super().__init__(parent)
        self.document, self.banner, self.panel = document, banner, panel
        self._save_as, self._save_over, self._say = save_as, save_again, say
        self.pending: tuple[str, Playlist, FileVersion] | None = None  # offered, not decided
        self._gone_reported: str | None = None
        self._reading = False
        self._again = False
        self._unreadable: str | None = None  # the message shown for an unreadable file
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_disk_event)
        self._watcher.directoryChanged.connect(self._on_disk_event)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.check)
        document.file_changed.connect(self._on_document_file_changed)
        self._on_document_file_changed()

    # -- what is watched ---------------------------------------------------
    def _on_document_file_changed(self) -> None:
        path = self.document.path
        if path != (self.pending[0] if self.pending else None):
            self.pending = None
        if path != self._gone_reported:
            self._gone_reported = None
        wanted = [] if not path else [p for p in (path, os.path.dirname(path)) if os.path.exists(p)]
        current = self._watcher.files() + self._watcher.directories()
        if sorted(current) != sorted(wanted):
            if current:
                self._watcher.removePaths(current)
            if wanted:
                self._watcher.addPaths(wanted)
        if path and self.document.disk is None:
            self._settle.start()  # learn the version on disk (and its link) before a save

    def _on_disk_event(self, _path: str) -> None:
        self._settle.start()

    # -- looking at the file -----------------------------------------------
    def check(self) -> None:
        """Compare the file on disk with the version the document holds; act on a change."""
        path, known = self.document.path, self.document.disk
        if not path:
            return
        if path not in self._watcher.files() and os.path.exists(path):
            self._watcher.addPath(path)  # an atomic rename replaced the file we watched
        stamp = stamp_of(path)
        if stamp is None:
            self._report_gone(path)
            return
        if known is not None and stamp == known.stamp:
            return
        if self._reading:  # one read at a time; look again when it ends
            self._again = True
            return
        self._reading = True
        self.document.read_in_order(
            "Reading the playlist file",
            lambda _cancel, _progress: _read(path),
            lambda result: self._on_read(path, result),
            lambda error: self._on_read(path, error),
        )

    def _on_read(self, path: str, result) -> None:
        self._reading = False
        if self._again:
            self._again = False
            QTimer.singleShot(0, self, self.check)
        if path != self.document.path:
            return  # another file was opened meanwhile
        if isinstance(result, BaseException):
            if not os.path.exists(path):
                self._report_gone(path)
                return
            self._unreadable = (
                f"{os.path.basename(path)} was changed on disk and cannot be read now "
                f"({result}). Your playlist is still open as it was."
            )
            self.banner.show_message(self._unreadable, [("Save Mine Over It", self._save_again)])
            return
        playlist, version = result
        self._gone_reported = None
        if self._unreadable and self.banner.text == self._unreadable:
            self.banner.dismiss()  # the other program has finished writing it
        self._unreadable = None
        known = self.document.disk
        if known is None:
            # Work not based on any version of this file (recovered after a crash): the
            # person's own save decides its items, but the link on disk is kept.
            self._keep_mine(path, playlist, version)
            return
        if version.digest == known.digest:
            self.document.disk = version  # same text, newer stamp: nothing to do
            return
        if self.pending and self.pending[2].digest == version.digest:
            return  # already on offer
        if self.document.dirty:
            self.offer(path, playlist, version)
        else:
            self.reload(path, playlist, version)

    def _report_gone(self, path: str) -> None:
        if self._gone_reported == path:
            return
        self._gone_reported = path
        self.pending = None
        name = os.path.basename(path)
        self.banner.show_message(
            f"{name} was deleted or renamed on disk. Your playlist is still open; "
            "it is not written again unless you save it.",
            [("Save Again", self._save_again), ("Save As…", self._save_as)],
        )
        self.document.autosave()
        self.gone.emit(path)

    def _save_again(self) -> None:
        if self.document.path:
            self._save_over(self.document.path)

    # -- the two outcomes ----------------------------------------------------
    def reload(self, path: str, playlist: Playlist, version: FileVersion) -> None:
        """Take the file's version, keeping the selected items selected where they remain."""
        model = self.document.model
        current = self.panel.current_item()
        selected = [i.id for r in self.panel.selected_rows() if (i := model.item_at(r))]
        if current is not None and current.id in selected:  # it stays the current one
            selected.remove(current.id)
            selected.insert(0, current.id)
        self.pending = None
        self.document.replace(playlist, path, version)
        row_of = {item.id: row for row, item in enumerate(model.items())}
        rows = [row_of[i] for i in selected if i in row_of]
        if rows:
            self.panel.select_rows(rows)
        self._say(f"{os.path.basename(path)} was changed on disk; reloaded it.", 8000)
        self.reloaded.emit(path)

    def offer(self, path: str, playlist: Playlist, version: FileVersion) -> None:
        self.pending = (path, playlist, version)
        mine = self.document.playlist
        news = []
        if playlist.remote and (not mine.remote or mine.remote.id != playlist.remote.id):
            news.append("it is now linked to a Spotify playlist")
        if len(playlist.items) != len(mine.items):
            news.append(f"it has {len(playlist.items)} tracks, yours {len(mine.items)}")
        detail = f" ({'; '.join(news)})" if news else ""
        self.banner.show_message(
            f"{os.path.basename(path)} was changed on disk by another program{detail}. "
            "Reload it, losing your unsaved edits, or keep your edits with its Spotify link.",
            [("Reload", self._reload_pending), ("Keep Mine", self.keep_mine)],
        )
        self.conflict_offered.emit(path)

    def offer_now(self, path: str) -> None:
        """A save or a sync found the file changed: offer the choice again, look now."""
        if path != self.document.path:
            return
        if self.pending and self.pending[0] == path:
            self.offer(*self.pending)
        self.check()

    def _reload_pending(self) -> None:
        if self.pending and self.pending[0] == self.document.path:
            self.reload(*self.pending)

    def keep_mine(self) -> None:
        """Keep the window's items; take the Spotify link the other writer recorded."""
        if not self.pending or self.pending[0] != self.document.path:
            return
        self._keep_mine(*self.pending)
        self._say("Kept your edits; save to write them (the file's Spotify link is kept).", 8000)

    def _keep_mine(self, path: str, theirs: Playlist, version: FileVersion) -> None:
        self.pending = None
        before = (self.document.playlist.remote, self.document.playlist.pending_create)
        keep_items_take_link(self.document.playlist, theirs)
        self.document.adopt_file(path, version)
        if (self.document.playlist.remote, self.document.playlist.pending_create) != before:
            self.document.mark_changed_outside_history()


def _read(path: str):
    from app.storage.file_version import load_versioned

    return load_versioned(path)
