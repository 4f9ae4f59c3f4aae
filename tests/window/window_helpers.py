"""The real window as the window tests open it: shown, active (shortcuts need it), and
closed at teardown without asking about unsaved edits."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.storage.dossier_file import load_dossier
from app.ui.launch import make_application, window_settings
from app.ui.main_window import MainWindow

WAIT = 20_000  # ms: generous for a loaded machine; a passing run takes a fraction


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


def click_entry(qtbot, window, entry_id: str) -> None:
    """Click the entry's title in the entry list, scrolled to it, as a person would; the
    detail pane then shows it."""
    tree = window.browser.tree
    index = window.browser.proxy.mapFromSource(window.browser.model.index_of(entry_id))
    assert index.isValid(), entry_id
    tree.scrollTo(index)
    rect = tree.visualRect(index.siblingAtColumn(1))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.detail.current_entry_id == entry_id


def visible_ids(window) -> set[str]:
    """The ids of the entries the entry list shows under its groups."""
    proxy = window.browser.proxy
    ids = set()
    for g in range(proxy.rowCount()):
        group = proxy.index(g, 0)
        for r in range(proxy.rowCount(group)):
            ids.add(window.browser.model.entry_at(proxy.mapToSource(proxy.index(r, 0, group))).id)
    return ids


def titles(win) -> list[str]:
    """The playlist's titles, in order."""
    return [i.title for i in win.document.playlist.items]


def run_and_wait(qtbot, win, start) -> str:
    """Start a Spotify task from the window and wait for it to finish; its message."""
    with qtbot.waitSignal(win.spotify.finished, timeout=WAIT) as blocker:
        start()
    return blocker.args[0]
