"""File menu behaviour: new, open, recent, save, import, export, and never losing work
(a save that failed is explained, and a crashed session's autosave is offered back)."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from app.core.dossier import Dossier
from app.core.presets import make_preset
from app.storage.located import LoadError
from app.ui.banner import Banner
from app.ui.playlist_document import PlaylistDocument

PLAYLIST_FILTER = "Drive Playlist files (*.yaml *.yml);;All files (*)"
EXPORT_FORMATS = {
    "m3u8": "M3U8 playlist (*.m3u8)",
    "xspf": "XSPF playlist (*.xspf)",
    "jspf": "JSPF playlist (*.jspf)",
    "csv": "CSV, Exportify columns (*.csv)",
}
IMPORT_FILTER = "Playlists (*.m3u8 *.m3u *.xspf *.jspf *.csv);;All files (*)"
MAX_RECENT = 8


Say = Callable[[str, int], object]  # a line for the status bar, and for how many ms


class FileActions:
    """Owns the File menu's actions.  The window supplies the document, a banner, a way to
    say a line in its status bar, and itself only as the parent of actions and dialogs."""

    def __init__(
        self,
        parent: QWidget,
        document: PlaylistDocument,
        dossier: Dossier,
        settings: QSettings,
        banner: Banner,
        say: Say,
    ):
        self.parent, self.document, self.dossier = parent, document, dossier
        self.settings, self.banner, self.say = settings, banner, say
        # Set by the window: what to do when the file turns out to have changed on disk.
        self.changed_on_disk: Callable[[str], object] = lambda _path: None
        document.save_failed.connect(self._on_background_save_failed)
        w = parent
        self.new_action = QAction("&New Playlist", w, shortcut=QKeySequence.StandardKey.New)
        self.new_action.setToolTip(f"A new playlist of {dossier.film.title} and its influences")
        self.new_action.triggered.connect(lambda: self.new_playlist("influences"))
        self.new_empty_action = QAction(
            "New &Empty Playlist", w, shortcut=QKeySequence("Ctrl+Shift+N")
        )
        self.new_empty_action.triggered.connect(lambda: self.new_playlist("empty"))
        self.open_action = QAction("&Open…", w, shortcut=QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_dialog)
        self.recent_menu = QMenu("Open &Recent", w)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.save_action = QAction("&Save", w, shortcut=QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        self.save_as_action = QAction("Save &As…", w, shortcut=QKeySequence("Ctrl+Shift+S"))
        self.save_as_action.triggered.connect(self.save_as)
        self.import_action = QAction("&Import…", w, shortcut=QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_dialog)
        self.export_menu = QMenu("&Export", w)
        self.export_actions: dict[str, QAction] = {}
        for fmt, label in EXPORT_FORMATS.items():
            action = self.export_menu.addAction(label.split(" (")[0] + "…")
            action.triggered.connect(lambda _=False, f=fmt: self.export_dialog(f))
            self.export_actions[fmt] = action

    def populate(self, menu: QMenu) -> None:
        for action in (self.new_action, self.new_empty_action, self.open_action):
            menu.addAction(action)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        menu.addAction(self.save_action)
        menu.addAction(self.save_as_action)
        menu.addSeparator()
        menu.addAction(self.import_action)
        menu.addMenu(self.export_menu)
        menu.addSeparator()

    # -- unsaved work ------------------------------------------------------
    def confirm_discard(self) -> bool:
        """True when it is fine to replace or close the playlist (saved, or the person says so)."""
        if not self.document.dirty:
            return True
        box = QMessageBox(self.parent)
        box.setObjectName("unsavedChanges")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to “{self.document.playlist.name}”?")
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # -- new / open --------------------------------------------------------
    def new_playlist(self, preset: str) -> None:
        if self.confirm_discard():
            self.document.clear_autosave()
            self.document.replace(make_preset(preset, self.dossier), None)

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(
            self.parent, "Open playlist", self._folder(), PLAYLIST_FILTER
        )
        if path:
            self.open_path(path, confirmed=True)

    def open_path(self, path: str, confirmed: bool = False) -> bool:
        if not confirmed and not self.confirm_discard():
            return False
        from app.storage.file_version import load_versioned

        try:
            playlist, version = load_versioned(path)
        except LoadError as error:
            self.banner.show_message(
                f"Could not open the playlist. {error}", [("Open Another…", self.open_dialog)]
            )
            return False
        self.document.clear_autosave()
        self.document.replace(playlist, os.path.abspath(path), version)
        self._remember(path)
        return True

    # -- save --------------------------------------------------------------
    def save(self) -> bool:
        if not self.document.path:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = os.path.join(self._folder(), _file_name(self.document.playlist.name))
        path, _ = QFileDialog.getSaveFileName(
            self.parent, "Save playlist", suggested, PLAYLIST_FILTER
        )
        if not path:
            return False
        if not path.endswith((".yaml", ".yml")):
            path += ".yaml"
        return self._save_to(path)

    def _save_to(self, path: str, overwrite: bool = False) -> bool:
        """Save, and wait for it: the file is written on a worker thread (which may first
        wait for another drive-playlist's lock) while the window keeps painting."""
        outcome: list[BaseException | None] = []
        loop = QEventLoop()

        def settle(error: BaseException | None) -> None:
            outcome.append(error)
            loop.quit()

        self.document.write_file(
            os.path.abspath(path),
            overwrite=overwrite,
            on_saved=lambda: settle(None),
            on_failed=settle,
        )
        if not outcome:
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        error = outcome[0]
        if error is not None:
            self.explain_save_failure(path, error)
            return False
        self._remember(path)
        self.say(f"Saved {path}", 4000)
        return True

    def save_again(self, path: str) -> bool:
        """The person's word: write over ``path`` whatever happened to it (deleted, renamed)."""
        return self._save_to(path, overwrite=True)

    def explain_save_failure(self, path: str, error: BaseException) -> None:
        """Why a save (in the window or in the background) wrote nothing, and what next."""
        from app.storage.file_version import ChangedOnDisk
        from app.storage.locks import Busy

        name = os.path.basename(path)
        if isinstance(error, ChangedOnDisk) and not error.gone:
            self.changed_on_disk(path)  # the person decides: Reload or Keep Mine
        elif isinstance(error, ChangedOnDisk):
            self.banner.show_message(
                f"{name} was deleted or renamed since it was opened, so it was not written "
                "again. Your playlist is still open and nothing was lost.",
                [
                    ("Save Again", lambda: self.save_again(path)),
                    ("Save As…", self.save_as),
                ],
            )
        elif isinstance(error, Busy):
            self.banner.show_message(
                f"Not saved yet: {error}. Your playlist is still open and nothing was lost.",
                [("Retry", lambda: self._save_to(path))],
            )
        else:
            why = error.strerror if isinstance(error, OSError) and error.strerror else error
            self.banner.show_message(
                f"Could not save to {path}: {why}. Your playlist is "
                "still open and nothing was lost.",
                [("Save As…", self.save_as)],
            )

    def _on_background_save_failed(self, error: BaseException) -> None:
        from app.storage.file_version import ChangedOnDisk
        from app.storage.locks import Busy

        if isinstance(error, ChangedOnDisk | Busy) and self.document.path:
            self.explain_save_failure(self.document.path, error)
            return
        self.banner.show_message(
            f"Could not save the playlist: {error}. It is autosaved; save it elsewhere "
            "with Save As.",
            [("Save As…", self.save_as)],
        )

    # -- after a crash -----------------------------------------------------
    def offer_recovery(self) -> bool:
        """After a crash: offer the newest autosaved playlist of an earlier session."""
        from app.storage.autosave import discard, recoverable

        try:
            found = recoverable(exclude_session=self.document.session)
        except OSError:
            return False
        if not found:
            return False
        latest = found[0]
        box = QMessageBox(self.parent)
        box.setObjectName("recoverAutosave")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Recover unsaved playlist")
        origin = latest.original_path or "a playlist that was never saved"
        box.setText(
            f"Drive Playlist closed without saving “{latest.name}” "
            f"({latest.item_count} tracks, from {origin})."
        )
        box.setInformativeText("Recover it now? You can then save it where you like.")
        recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(recover)
        box.exec()
        if box.clickedButton() is drop:
            for item in found:
                discard(item)
            return False
        if box.clickedButton() is not recover:
            return False
        from app.storage.playlist_file import load_playlist

        try:
            playlist = load_playlist(str(latest.path))
        except LoadError as error:
            self.banner.show_message(f"The autosaved playlist could not be read: {error}")
            return False
        self.document.replace(playlist, latest.original_path)
        self.document.mark_changed_outside_history()
        discard(latest)
        self.say("Recovered the unsaved playlist. Save it to keep it.", 6000)
        return True

    # -- import / export ---------------------------------------------------
    def import_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(
            self.parent, "Import playlist", self._folder(), IMPORT_FILTER
        )
        if path:
            self.import_path(path, confirmed=True)

    def import_path(self, path: str, confirmed: bool = False) -> bool:
        if not confirmed and not self.confirm_discard():
            return False
        from app.storage.formats import format_for_path, import_text
        from app.storage.located import read_text

        try:
            fmt = format_for_path(path)
            text = read_text(path, newline="")  # a CR in a CSV cell is text
            playlist = import_text(text, fmt, source=path, dossier=self.dossier)
        except (LoadError, ValueError) as error:
            self.banner.show_message(f"Could not import {path}: {error}")
            return False
        self.document.clear_autosave()
        self.document.replace(playlist, None)
        self.document.mark_changed_outside_history()
        self.say(f"Imported {len(playlist.items)} tracks from {os.path.basename(path)}", 4000)
        return True

    def export_dialog(self, fmt: str) -> None:
        suggested = os.path.join(self._folder(), _file_name(self.document.playlist.name, fmt))
        path, _ = QFileDialog.getSaveFileName(
            self.parent, f"Export as {fmt.upper()}", suggested, EXPORT_FORMATS[fmt]
        )
        if path:
            self.export_path(path, fmt)

    def export_path(self, path: str, fmt: str) -> bool:
        from app.storage.atomic import write_atomic
        from app.storage.formats import export_text

        try:
            text = export_text(self.document.playlist, fmt, dossier=self.dossier)
            write_atomic(path, text, backup=False)
        except (OSError, ValueError) as error:
            self.banner.show_message(f"Could not export to {path}: {error}")
            return False
        self.say(f"Exported {path}", 4000)
        return True

    # -- recent files ------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.settings.value("recent/files", [])
        files = [value] if isinstance(value, str) else list(value or [])
        return [f for f in files if isinstance(f, str)]

    def _remember(self, path: str) -> None:
        path = os.path.abspath(path)
        files = [path] + [f for f in self.recent_files() if f != path]
        self.settings.setValue("recent/files", files[:MAX_RECENT])
        self.settings.setValue("recent/folder", os.path.dirname(path))

    def _folder(self) -> str:
        folder = self.settings.value("recent/folder", "")
        return (
            folder if isinstance(folder, str) and os.path.isdir(folder) else os.path.expanduser("~")
        )

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for number, path in enumerate(files, 1):
            action = self.recent_menu.addAction(f"&{number} {os.path.basename(path)}")
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not files:
            self.recent_menu.addAction("No recent playlists").setEnabled(False)


def _file_name(name: str, extension: str = "yaml") -> str:
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in name).strip()
    return f"{safe or 'playlist'}.{extension}"
