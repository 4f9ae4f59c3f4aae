"""Starting the window: the application object, the dossier, and a broken dossier's recovery."""

from __future__ import annotations

import gc
import os
import sys

# The dossier's reader is imported before PySide6: PySide reads the source of every module
# imported after it (for its __feature__ switch), and the reader's modules (msgspec's among
# them) then cost the first paint 9 ms more (bench/startup.py: 1.63x the floor, now 1.57x).
# isort: off
from app import __version__
from app.core.dossier import Dossier
from app.storage.dossier_file import load_dossier
from app.storage.home import resource_path, state_file
from app.storage.located import LoadError

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.ui import theme
# isort: on

# The window's process-wide tuning lives here and nowhere else; each is kept for what
# `python bench/ui_stall.py --compare` shows it buys, as run and with that one undone.

# Background work (Spotify, file writes) runs in Python threads.  A shorter switch
# interval hands the GIL back to the GUI thread sooner: woken beside a computing thread,
# it waits a median 1.2 ms for the GIL, against 5-7 ms at Python's default 5 ms.
GUI_SWITCH_INTERVAL = 0.001


def settle() -> None:
    """After start-up: move everything built so far out of the garbage collector's sight.

    A full collection otherwise walks the hundreds of thousands of objects that Qt's
    bindings and the modules create once: 66 ms of a frozen window, in the middle of
    Spotify work; with them frozen it takes under 0.1 ms.
    """
    gc.collect()
    gc.freeze()


def window_settings() -> QSettings:
    """Window geometry and splitter state, kept in the per-user folder like all state."""
    return QSettings(str(state_file("window.ini")), QSettings.Format.IniFormat)


def make_application(argv: list[str] | None = None) -> QApplication:
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("drive-playlist")
    app.setApplicationDisplayName("Drive Playlist")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("drive-playlist")
    app.setWindowIcon(QIcon(str(resource_path("icon.svg"))))
    theme.apply(app)
    return app


def ask_for_dossier(error: LoadError, parent=None) -> str | None:
    """Show why a dossier failed to load and offer another; None when the person quits."""
    box = QMessageBox(parent)
    box.setObjectName("dossierError")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("The dossier could not be opened")
    box.setText("This film dossier has a problem, so it can't be shown.")
    box.setInformativeText(str(error))
    open_button = box.addButton("Open Another…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.exec()
    if box.clickedButton() is not open_button:
        return None
    path, _ = QFileDialog.getOpenFileName(
        parent,
        "Open a film dossier",
        "",
        "Film dossiers (*.yaml *.yml);;All files (*)",
    )
    return path or None


def open_dossier_interactively(path: str | None) -> Dossier | None:
    while True:
        try:
            return load_dossier(path)
        except LoadError as error:
            path = ask_for_dossier(error)
            if path is None:
                return None


def no_display_reason() -> str | None:
    """On Linux without a display Qt would abort with a page of plugin names: say it plainly."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "the commands work without one: see drive-playlist --help"
    )


def run_window(dossier_path: str | None = None, playlist_path: str | None = None) -> int:
    reason = no_display_reason()
    if reason:
        sys.stderr.write(f"drive-playlist: {reason}\n")
        return 2
    app = make_application()
    dossier = open_dossier_interactively(dossier_path)
    if dossier is None:
        return 2
    from app.ui.main_window import MainWindow

    window = MainWindow(dossier, window_settings(), progressive=True)
    window.show()
    QTimer.singleShot(500, settle)  # once the window is painted, not before

    def after_first_paint() -> None:
        if playlist_path:
            window.open_playlist_path(playlist_path)
        else:
            QTimer.singleShot(0, window.offer_recovery)
        QTimer.singleShot(0, window.account.load_profile)

    window.when_complete(after_first_paint)
    return app.exec()
