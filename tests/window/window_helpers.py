"""The real window opened on a saved playlist, as the window tests start it."""

from __future__ import annotations

from app.storage.dossier_file import load_dossier
from app.ui.launch import make_application, window_settings
from app.ui.main_window import MainWindow


def forget_changes(win) -> None:
    """Let background work end and drop unsaved edits, so closing asks nothing."""
    win.runner.wait_all()
    win.document.wait_for_writes()
    win.document.undo_stack.setClean()
    win.document._remote_dirty = False


def open_on_saved_file(qtbot, tmp_path, dossier=None) -> MainWindow:
    """A shown, active window whose playlist is saved, as a person who saved it would have."""
    make_application()
    win = MainWindow(dossier or load_dossier(), window_settings())
    qtbot.addWidget(win, before_close_func=forget_changes)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    assert win.files._save_to(str(tmp_path / "drive.yaml"))
    return win
