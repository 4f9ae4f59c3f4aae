"""The real window opened as the window tests start it: shown, active (shortcuts need
it), and closed at teardown without asking about unsaved edits."""

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


def open_window(qtbot, dossier=None, playlist=None, *, size=None) -> MainWindow:
    """A shown, active window on ``dossier`` (the bundled one by default) and ``playlist``
    (the program's preset by default), ``size`` wide and high if given."""
    make_application()
    win = MainWindow(dossier or load_dossier(), window_settings(), playlist)
    qtbot.addWidget(win, before_close_func=forget_changes)
    if size:
        win.resize(*size)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def open_on_saved_file(qtbot, tmp_path, dossier=None) -> MainWindow:
    """A shown, active window whose playlist is saved, as a person who saved it would have."""
    win = open_window(qtbot, dossier)
    assert win.files._save_to(str(tmp_path / "drive.yaml"))
    return win
