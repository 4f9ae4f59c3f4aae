"""Building a playlist in the window: add, remove, reorder, undo, save, reopen, recover."""

from __future__ import annotations

import os
import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.presets import make_preset
from app.storage.playlist_file import load_playlist
from tests.window.window_actions import titles
from tests.window.window_helpers import open_window

CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)


@pytest.fixture
def window(qtbot, dossier):
    return open_window(qtbot, dossier, make_preset("empty", dossier))


def press(win, key, modifiers=Qt.KeyboardModifier.NoModifier):
    """A key press where a person's would go: to the widget that has the focus."""
    target = QApplication.focusWidget() or win
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(target, key, modifiers)


def select_entry(win, entry_id):
    assert win.browser.select_entry(entry_id)
    win.browser.tree.setFocus()


def answer_next_dialog(button_text: str):
    """Click a button of the next modal message box, as a person would."""

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, click)


def test_a_new_window_starts_from_the_preset(qtbot, dossier):
    win = open_window(qtbot, dossier)
    assert len(win.document.playlist.items) == 22
    assert not win.document.dirty
    assert "22 tracks" in win.playlist_panel.total_label.text()
    assert "of unknown length" in win.playlist_panel.total_label.text()


def test_enter_adds_the_selected_entry(qtbot, window):
    select_entry(window, "a-real-hero")
    qtbot.keyClick(window.browser.tree, Qt.Key.Key_Return)
    assert titles(window) == ["A Real Hero"]
    assert window.document.dirty and window.isWindowModified()


def test_double_click_adds_and_a_film_gives_its_default_picks(qtbot, window):
    select_entry(window, "pretty-in-pink")
    tree = window.browser.tree
    rect = tree.visualRect(tree.currentIndex().siblingAtColumn(1))
    # a real double-click is press, release, then the double-click event
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert titles(window) == ["If You Leave", "Pretty in Pink"]


def test_context_menu_adds_all_of_a_films_tracks(qtbot, window):
    select_entry(window, "pretty-in-pink")
    menu = window.browser.context_menu_for(window.browser.tree.currentIndex())
    labels = [a.text() for a in menu.actions()]
    assert labels == ["Add 2 Tracks to Playlist", "Add All 10 Tracks"]
    menu.actions()[1].trigger()
    assert len(titles(window)) == 10


def test_add_link_in_the_detail_pane(qtbot, window):
    from PySide6.QtCore import QUrl

    select_entry(window, "pretty-in-pink")
    window.detail.anchorClicked.emit(QUrl("add:pretty-in-pink/shellshock"))
    assert titles(window) == ["Shellshock"]


def test_adding_a_duplicate_warns_and_offers_to_add_again(qtbot, window):
    select_entry(window, "nightcall")
    qtbot.keyClick(window.browser.tree, Qt.Key.Key_Return)
    qtbot.keyClick(window.browser.tree, Qt.Key.Key_Return)
    assert titles(window) == ["Nightcall"]
    assert "already in the playlist" in window.banner.text
    window.banner.trigger("Add Again")
    assert titles(window) == ["Nightcall", "Nightcall"]


def test_the_same_recording_counts_as_a_duplicate(qtbot, window):
    select_entry(window, "oh-my-love")
    qtbot.keyClick(window.browser.tree, Qt.Key.Key_Return)
    select_entry(window, "goodbye-uncle-tom")
    qtbot.keyClick(window.browser.tree, Qt.Key.Key_Return)
    assert titles(window) == ["Oh My Love"]
    assert "“Oh My Love” is already in the playlist." in window.banner.text


def test_delete_removes_and_undo_redo_by_keyboard(qtbot, dossier):
    win = open_window(qtbot, dossier)
    table = win.playlist_panel.table
    win.playlist_panel.select_rows([0, 1])
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert titles(win)[:2] == ["A Real Hero", "Oh My Love"]
    assert len(titles(win)) == 20
    press(win, Qt.Key.Key_Z, CTRL)
    assert titles(win)[:3] == ["Nightcall", "Under Your Spell", "A Real Hero"]
    assert not win.document.dirty  # back where the file was
    press(win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(titles(win)) == 20
    win.document.undo_stack.setClean()


def test_alt_up_and_down_reorder(qtbot, dossier):
    win = open_window(qtbot, dossier)
    if win.columns.tabbed:  # a small screen (as the tests' is): the person opens the tab
        bar = win.columns.tabs.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    table = win.playlist_panel.table
    win.playlist_panel.select_rows([2])  # A Real Hero
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    assert titles(win)[:3] == ["A Real Hero", "Nightcall", "Under Your Spell"]
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)  # already at the top: nothing happens
    assert titles(win)[0] == "A Real Hero"
    qtbot.keyClick(table, Qt.Key.Key_Down, ALT)
    assert titles(win)[:2] == ["Nightcall", "A Real Hero"]
    assert win.playlist_panel.selected_rows() == [1]
    for _ in range(3):
        press(win, Qt.Key.Key_Z, CTRL)
    assert titles(win)[:3] == ["Nightcall", "Under Your Spell", "A Real Hero"]
    win.document.undo_stack.setClean()


def test_drag_and_drop_reorders_and_adds(qtbot, dossier):
    win = open_window(qtbot, dossier)
    model = win.document.model
    # drag rows 0 and 1 below row 4
    mime = model.mimeData([model.index(0, 0), model.index(1, 0)])
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, 5, 0, model.index(-1, -1))
    assert titles(win)[:5] == [
        "A Real Hero",
        "Oh My Love",
        "Tick of the Clock",
        "Nightcall",
        "Under Your Spell",
    ]
    # drag entries from the tree into the playlist at row 1
    tree_model = win.browser.model
    texas = tree_model.mimeData([tree_model.index_of("texas-chain-saw-massacre")])
    assert model.dropMimeData(texas, Qt.DropAction.CopyAction, 1, 0, model.index(-1, -1))
    assert "has no track to add" in win.banner.text  # no confirmed track titles
    autobahn = tree_model.mimeData([tree_model.index_of("autobahn")])
    assert model.dropMimeData(autobahn, Qt.DropAction.CopyAction, 1, 0, model.index(-1, -1))
    assert titles(win).count("Autobahn") == 1  # already there: warned, not doubled
    assert "“Autobahn” is already in the playlist." in win.banner.text
    win.document.remove_rows([19])  # Autobahn, at the end
    assert model.dropMimeData(autobahn, Qt.DropAction.CopyAction, 1, 0, model.index(-1, -1))
    assert titles(win)[1] == "Autobahn"
    win.playlist_panel.table.setFocus()
    for _ in range(3):  # the add, the removal, the move
        press(win, Qt.Key.Key_Z, CTRL)
    press(win, Qt.Key.Key_Z, CTRL)
    assert titles(win)[:3] == ["Nightcall", "Under Your Spell", "A Real Hero"]
    win.document.undo_stack.setClean()


def test_name_and_description_edits_are_undoable(qtbot, window):
    window.playlist_panel.name_edit.setFocus()
    qtbot.keyClicks(window.playlist_panel.name_edit, "Night")
    assert window.document.playlist.name.endswith("Night")
    press(window, Qt.Key.Key_Z, CTRL)
    assert window.document.playlist.name == "Drive playlist"
    assert window.playlist_panel.name_edit.text() == "Drive playlist"


def test_selecting_a_playlist_item_shows_its_commentary(qtbot, dossier):
    win = open_window(qtbot, dossier)
    win.playlist_panel.select_rows([19])  # Autobahn
    win.playlist_panel.table.setCurrentIndex(win.document.model.index(19, 1))
    assert "Late ’70s bands like Kraftwerk" in win.detail.toPlainText()


def test_save_quit_reopen(qtbot, dossier, tmp_path):
    win = open_window(qtbot, dossier)
    win.playlist_panel.select_rows([0])
    win.playlist_panel.remove_selected()
    path = tmp_path / "mine.yaml"
    assert win.files._save_to(str(path))
    assert not win.document.dirty
    assert "mine.yaml" in win.windowTitle()
    qtbot.keyClick(win.playlist_panel.name_edit, Qt.Key.Key_A)  # edit, then Ctrl+S
    press(win, Qt.Key.Key_S, CTRL)
    assert not win.document.dirty
    win.close()

    again = open_window(qtbot, dossier, make_preset("empty", dossier))
    assert again.open_playlist_path(str(path))
    assert titles(again)[0] == "Under Your Spell" and len(titles(again)) == 21
    assert again.document.playlist.name == "Drive and its influencesa"
    assert load_playlist(path).items[0].title == "Under Your Spell"
    assert again.files.recent_files()[0] == str(path)


def test_a_broken_playlist_file_shows_where_and_changes_nothing(qtbot, window, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("format: drive-playlist\nversion: 1\nname: [oops\n", encoding="utf-8")
    before = path.read_bytes()
    assert not window.open_playlist_path(str(path))
    assert re.search(re.escape(str(path)) + r":\d+:\d+: YAML syntax", window.banner.text)
    assert path.read_bytes() == before
    assert titles(window) == []


def test_closing_with_unsaved_changes_asks(qtbot, dossier):
    win = open_window(qtbot, dossier)
    win.playlist_panel.select_rows([0])
    win.playlist_panel.remove_selected()
    answer_next_dialog("Cancel")
    assert not win.close()
    assert win.isVisible()
    answer_next_dialog("Discard")
    assert win.close()


def test_recovery_after_a_crash(qtbot, dossier):
    crashed = open_window(qtbot, dossier)
    crashed.playlist_panel.select_rows([0, 1, 2])
    crashed.playlist_panel.remove_selected()
    crashed.document.autosave()  # what the timer does every minute
    crashed.document.wait_for_writes()
    crashed.hide()  # the process "dies": no close, no cleanup

    fresh = open_window(qtbot, dossier)
    answer_next_dialog("Recover")
    assert fresh.offer_recovery()
    assert len(titles(fresh)) == 19 and titles(fresh)[0] == "Oh My Love"
    assert fresh.document.dirty  # recovered work is unsaved until saved
    fresh.document.undo_stack.setClean()
    fresh.document._remote_dirty = False
    crashed.document.undo_stack.setClean()
    # nothing more to recover once taken
    other = open_window(qtbot, dossier)
    assert not other.offer_recovery()


@pytest.mark.parametrize("fmt", ["m3u8", "xspf", "jspf", "csv"])
def test_export_then_import_from_the_window(qtbot, dossier, tmp_path, fmt):
    win = open_window(qtbot, dossier)
    out = tmp_path / f"drive.{fmt}"
    assert win.files.export_path(str(out), fmt)
    assert f"Exported {out}" in win.statusBar().currentMessage()
    text = out.read_text(encoding="utf-8")
    assert "A Real Hero" in text and "Kraftwerk" in text
    other = open_window(qtbot, dossier, make_preset("empty", dossier))
    assert other.files.import_path(str(out))
    assert titles(other) == titles(win)
    # imported items are linked back to their dossier entries, so commentary shows
    assert other.document.playlist.items[19].entry_id == "autobahn"


def test_a_broken_import_is_reported_and_changes_nothing(qtbot, window, tmp_path):
    bad = tmp_path / "bad.xspf"
    bad.write_text("<playlist><trackList><track>", encoding="utf-8")
    assert not window.files.import_path(str(bad))
    assert str(bad) in window.banner.text
    assert titles(window) == []


def test_importing_a_pipe_is_refused_at_once_and_changes_nothing(qtbot, window, tmp_path):
    """Opened for reading, a pipe nobody writes to would freeze the window for good."""
    pipe = tmp_path / "pipe.m3u8"
    os.mkfifo(pipe)
    assert not window.files.import_path(str(pipe))
    assert "is not a regular file" in window.banner.text
    assert titles(window) == []
