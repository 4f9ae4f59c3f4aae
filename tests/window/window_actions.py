"""What a person does in the window, and what the window tests read back from it."""

from __future__ import annotations

from PySide6.QtCore import Qt

WAIT = 20_000  # ms: generous for a loaded machine; a passing run takes a fraction


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
