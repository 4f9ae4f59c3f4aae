"""Help ▸ Keyboard Shortcuts and About: what the program says about itself."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from app import __version__

# Every shortcut a person can use, as Help lists it; a new shortcut is added here too.
SHORTCUTS = (
    ("Ctrl+F", "Filter the entries; Escape clears the filter"),
    ("↑ ↓ Home End", "Move through the entries or the playlist"),
    ("Enter, Ctrl+Return", "Add the selected entry's tracks to the playlist"),
    ("Delete", "Remove the selected playlist tracks"),
    ("Alt+↑ / Alt+↓", "Move the selected playlist tracks"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo any playlist edit"),
    ("Ctrl+N, Ctrl+Shift+N", "New playlist from the preset / empty"),
    ("Ctrl+O, Ctrl+S, Ctrl+Shift+S", "Open, save, save as"),
    ("Ctrl+I", "Import a playlist (M3U8, XSPF, JSPF, CSV)"),
    ("Ctrl+M", "Match the playlist on Spotify"),
    ("F8", "Review the next doubtful Spotify match"),
    ("Ctrl+U", "Create or update the Spotify playlist"),
    ("Space", "Play or pause on Spotify (in the entry list or the playlist)"),
    ("Ctrl+P", "Play the selected entry, or the playlist from the selected track"),
    ("Ctrl+Right / Ctrl+Left", "Next / previous track on Spotify"),
    ("Ctrl+Shift+M", "Show or hide the influence map"),
    ("Ctrl+= / Ctrl+- / Ctrl+0", "In the map: zoom in, zoom out, fit it to the view"),
    ("Ctrl+Q", "Quit"),
)


def populate(menu: QMenu, parent: QWidget) -> None:
    """The Help menu's actions, their dialogs over ``parent``."""
    shortcuts = QAction("&Keyboard Shortcuts", parent, shortcut=QKeySequence("F1"))
    shortcuts.triggered.connect(lambda: show_shortcuts(parent))
    menu.addAction(shortcuts)
    about = QAction("&About Drive Playlist", parent)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: show_about(parent))
    menu.addAction(about)


def show_shortcuts(parent: QWidget) -> None:
    rows = "".join(f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>" for keys, what in SHORTCUTS)
    QMessageBox.information(parent, "Keyboard Shortcuts", f"<table>{rows}</table>")


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "About Drive Playlist",
        f"<h3>Drive Playlist {__version__}</h3>"
        "<p>Explore the music of a film, read what its makers said about it, and turn "
        "it into a playlist.</p>",
    )
