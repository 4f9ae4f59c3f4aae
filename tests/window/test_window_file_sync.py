"""The window and other writers of its file: a command-line sync, another editor, a deletion.

The window has a playlist file open; the command line (a real subprocess, against the fake
Spotify over HTTP) syncs that file and links it.  The window must notice, and never drop
the link with a later save.
"""

from __future__ import annotations

import os
import re

import pytest
from PySide6.QtCore import Qt

from app.storage.dossier_file import load_dossier
from app.storage.file_version import read_version
from app.storage.playlist_file import load_playlist, save_playlist
from app.ui.launch import make_application, window_settings
from app.ui.main_window import MainWindow
from tests.fakespotify.helpers import sign_in_with_fake
from tests.program import cli, start_lock_holder, stop_lock_holder
from tests.window.window_actions import WAIT, run_and_wait, titles
from tests.window.window_helpers import forget_changes, open_on_saved_file


@pytest.fixture
def window(qtbot, fake_spotify, tmp_path):
    win = open_on_saved_file(qtbot, tmp_path)
    sign_in_with_fake(fake_spotify)
    return win


def holds_disk_version(win) -> bool:
    """The window has caught up with the file as it is on disk now."""
    _text, now = read_version(win.document.path)
    return win.document.disk is not None and win.document.disk.digest == now.digest


def cli_sync(path) -> None:
    proc = cli("sync", str(path))
    assert proc.returncode == 0, proc.stderr


def test_a_clean_window_reloads_what_the_cli_synced(qtbot, window, fake_spotify):
    path = window.document.path
    window.playlist_panel.select_rows([2, 3])
    selected = [window.document.playlist.items[r].id for r in (2, 3)]
    cli_sync(path)
    (remote,) = fake_spotify.own_playlists()
    qtbot.waitUntil(lambda: holds_disk_version(window), timeout=WAIT)
    assert window.document.playlist.remote.id == remote["id"]
    assert all(i.match is not None for i in window.document.playlist.items)
    assert not window.document.dirty
    assert "changed on disk; reloaded" in window.statusBar().currentMessage()
    assert [
        window.document.playlist.items[r].id for r in window.playlist_panel.selected_rows()
    ] == (selected)
    assert window.spotify.sync_action.text().replace("&", "") == "Update Spotify Playlist"
    # The window's own update goes to the playlist the command line made.
    run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    assert len(fake_spotify.own_playlists()) == 1


def test_unsaved_edits_keep_mine_keeps_the_link_and_the_edits(qtbot, window, fake_spotify):
    path = window.document.path
    window.playlist_panel.select_rows([0])
    window.playlist_panel.remove_selected()  # unsaved: 21 tracks here, 22 in the file
    mine = titles(window)
    with qtbot.waitSignal(window.file_watch.conflict_offered, timeout=WAIT):
        cli_sync(path)
    (remote,) = fake_spotify.own_playlists()
    assert window.banner.action_labels() == ["Reload", "Keep Mine"]
    assert "drive.yaml was changed on disk" in window.banner.text
    assert "linked to a Spotify playlist" in window.banner.text
    assert titles(window) == mine  # nothing changes until the person chooses

    window.banner.trigger("Keep Mine")
    assert titles(window) == mine
    assert window.document.playlist.remote.id == remote["id"]
    assert window.document.dirty
    window.playlist_panel.table.setFocus()
    qtbot.keyClick(window.playlist_panel.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    window.document.wait_for_writes()
    assert not window.document.dirty
    saved = load_playlist(path)
    assert saved.remote is not None and saved.remote.id == remote["id"]
    assert [i.title for i in saved.items] == mine

    # The next sync updates that playlist: no second one.
    run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    assert len(fake_spotify.own_playlists()) == 1
    assert window.files.save()
    cli_sync(path)
    assert len(fake_spotify.own_playlists()) == 1
    qtbot.waitUntil(lambda: holds_disk_version(window), timeout=WAIT)
    assert fake_spotify.own_playlists()[0]["uris"] == [
        i.spotify_uri for i in load_playlist(path).items if i.spotify_uri
    ]


def test_unsaved_edits_reload_takes_the_file(qtbot, window, fake_spotify):
    path = window.document.path
    window.playlist_panel.select_rows([0])
    window.playlist_panel.remove_selected()
    with qtbot.waitSignal(window.file_watch.conflict_offered, timeout=WAIT):
        cli_sync(path)
    window.banner.trigger("Reload")
    assert len(titles(window)) == 22
    assert window.document.playlist.remote is not None
    assert not window.document.dirty


def test_a_save_never_overwrites_a_change_it_has_not_seen(qtbot, window, fake_spotify):
    """Even before the watcher reports it, a save checks the file is the one it knows."""
    path = window.document.path
    window.playlist_panel.select_rows([0])
    window.playlist_panel.remove_selected()
    other = load_playlist(path)
    other.name = "Renamed elsewhere"
    deafen(window)
    save_playlist(other, path)
    assert not window.files.save()
    qtbot.waitUntil(lambda: window.banner.action_labels() == ["Reload", "Keep Mine"], timeout=WAIT)
    assert load_playlist(path).name == "Renamed elsewhere"  # the other writer's save stands
    window.banner.trigger("Keep Mine")
    assert window.files.save()
    assert len(load_playlist(path).items) == 21


def test_another_editor_writing_in_place_is_noticed(qtbot, window):
    """Not every writer renames a new file into place: some rewrite the same file."""
    path = window.document.path
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    with (
        qtbot.waitSignal(window.file_watch.reloaded, timeout=WAIT),
        open(path, "w", encoding="utf-8") as fh,
    ):
        fh.write(text.replace("name: Drive and its influences", "name: Night drive"))
    assert window.document.playlist.name == "Night drive"
    assert window.playlist_panel.name_edit.text() == "Night drive"


def test_a_deleted_file_is_reported_not_written_again(qtbot, window, fake_spotify):
    path = window.document.path
    window.playlist_panel.select_rows([0])
    window.playlist_panel.remove_selected()
    with qtbot.waitSignal(window.file_watch.gone, timeout=WAIT):
        os.rename(path, path + ".moved")
    assert "drive.yaml was deleted or renamed" in window.banner.text
    assert window.banner.action_labels() == ["Save Again", "Save As…"]
    # Background saves (a sync recording its link) do not bring it back either.
    window.document.save_in_background(path)
    window.document.wait_for_writes()
    qtbot.waitUntil(lambda: not window.document.writing, timeout=WAIT)
    assert not os.path.exists(path)
    assert "deleted or renamed" in window.banner.text
    window.banner.trigger("Save Again")  # the person's word
    assert len(load_playlist(path).items) == 21
    assert not window.document.dirty


def test_the_windows_own_saves_are_not_taken_for_another_writer(qtbot, window):
    reloads, offers = [], []
    window.file_watch.reloaded.connect(reloads.append)
    window.file_watch.conflict_offered.connect(offers.append)
    for _ in range(3):
        window.playlist_panel.select_rows([0])
        window.playlist_panel.remove_selected()
        assert window.files.save()
    # A later external change is still seen, so the watcher is listening after those saves.
    path = window.document.path
    other = load_playlist(path)
    other.name = "Elsewhere"
    with qtbot.waitSignal(window.file_watch.reloaded, timeout=WAIT):
        save_playlist(other, path)
    assert len(reloads) == 1 and not offers
    assert len(titles(window)) == 19


def test_a_held_lock_is_a_banner_with_retry_and_loses_nothing(qtbot, window, fake_spotify):
    """Another drive-playlist holds the file's lock: Save and Update say who, nothing is lost."""
    path = window.document.path
    holder = start_lock_holder(path)
    try:
        window.playlist_panel.select_rows([0])
        window.playlist_panel.remove_selected()
        mine = titles(window)
        assert not window.files.save()
        assert f"drive.yaml is being changed by another drive-playlist, pid {holder.pid}" in (
            window.banner.text
        )
        assert window.banner.action_labels() == ["Retry"]
        assert window.document.dirty and titles(window) == mine
        assert len(load_playlist(path).items) == 22

        assert run_and_wait(qtbot, window, window.spotify.sync_action.trigger) == "busy"
        assert f"pid {holder.pid}" in window.banner.text
        assert window.banner.action_labels() == ["Retry"]
        assert not fake_spotify.own_playlists() and titles(window) == mine
        assert window.spotify.sync_action.isEnabled()
    finally:
        stop_lock_holder(holder)
    run_and_wait(qtbot, window, lambda: window.banner.trigger("Retry"))
    assert len(fake_spotify.own_playlists()) == 1
    assert window.files.save()
    assert len(load_playlist(path).items) == 21


def deafen(win) -> None:
    """The watcher has not heard yet (notifications can come late): the checks must hold."""
    watcher = win.file_watch._watcher
    watcher.removePaths(watcher.files() + watcher.directories())


def test_a_sync_never_starts_from_a_file_it_has_not_seen(qtbot, window, fake_spotify):
    """The command line linked the file; the window, not told yet, must not create another."""
    path = window.document.path
    deafen(window)
    cli_sync(path)
    (remote,) = fake_spotify.own_playlists()
    assert window.document.playlist.remote is None
    assert run_and_wait(qtbot, window, window.spotify.sync_action.trigger) == "changed on disk"
    assert "Nothing was sent to Spotify" in window.banner.text
    qtbot.waitUntil(lambda: window.document.playlist.remote is not None, timeout=WAIT)
    assert window.document.playlist.remote.id == remote["id"]
    run_and_wait(qtbot, window, lambda: window.banner.trigger("Retry"))
    assert len(fake_spotify.own_playlists()) == 1


def test_recovered_work_keeps_the_link_made_after_the_crash(qtbot, window, fake_spotify):
    from tests.window.test_window_playlist import answer_next_dialog

    path = window.document.path
    window.playlist_panel.select_rows([0, 1])
    window.playlist_panel.remove_selected()
    window.document.autosave()
    window.document.wait_for_writes()
    window.hide()  # the process "dies" with unsaved work
    cli_sync(path)  # meanwhile the command line links the file
    (remote,) = fake_spotify.own_playlists()

    make_application()
    fresh = MainWindow(load_dossier(), window_settings())
    qtbot.addWidget(fresh, before_close_func=forget_changes)
    fresh.show()
    answer_next_dialog("Recover")
    assert fresh.offer_recovery()
    qtbot.waitUntil(lambda: fresh.document.disk is not None, timeout=WAIT)
    assert len(titles(fresh)) == 20
    assert fresh.document.playlist.remote.id == remote["id"]
    assert fresh.files.save()
    saved = load_playlist(path)
    assert len(saved.items) == 20 and saved.remote.id == remote["id"]
    window.document.undo_stack.setClean()


def test_a_file_broken_by_another_editor_is_reported_and_can_be_saved_over(qtbot, window):
    path = window.document.path
    window.playlist_panel.select_rows([0])
    window.playlist_panel.remove_selected()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("format: drive-playlist\nversion: 1\nname: [half written\n")
    qtbot.waitUntil(lambda: "cannot be read now" in window.banner.text, timeout=WAIT)
    assert re.search(r"drive\.yaml:\d+:\d+: YAML syntax", window.banner.text)  # where
    assert len(titles(window)) == 21
    assert not window.files.save()  # not over a change never shown as such
    window.banner.trigger("Save Mine Over It")
    assert len(load_playlist(path).items) == 21
    assert not window.document.dirty


def lock_is_held(path: str) -> bool:
    from app.storage.locks import Busy
    from app.storage.locks import writer_lock as storage_lock

    try:
        with storage_lock(path=path, wait=0):
            return False
    except Busy:
        return True


def test_the_cli_mid_sync_makes_the_window_wait_and_say_who(qtbot, window, fake_spotify):
    """A terminal sync sits out a long rate limit, holding the file: the window's Update and
    Save say which program has it, keep everything, and work once it is gone."""
    from tests.fakespotify import Fault
    from tests.program import start_cli

    path = window.document.path
    fake_spotify.inject(Fault("429", method="GET", path=r"^search", times=1, retry_after=90))
    proc = start_cli("sync", path)
    try:
        qtbot.waitUntil(lambda: not fake_spotify.pending_faults(), timeout=WAIT)
        qtbot.waitUntil(lambda: lock_is_held(path), timeout=WAIT)
        window.playlist_panel.select_rows([0])
        window.playlist_panel.remove_selected()
        mine = titles(window)

        assert run_and_wait(qtbot, window, window.spotify.sync_action.trigger) == "busy"
        assert f"drive.yaml is being changed by another drive-playlist, pid {proc.pid}" in (
            window.banner.text
        )
        assert window.banner.action_labels() == ["Retry"]
        assert not window.files.save()
        assert f"pid {proc.pid}" in window.banner.text
        assert titles(window) == mine and window.document.dirty
        assert not fake_spotify.own_playlists()
    finally:
        proc.kill()  # the terminal is closed; the kernel lets go of its lock
        proc.communicate(timeout=60)
    assert not lock_is_held(path)
    assert window.files.save()
    assert [i.title for i in load_playlist(path).items] == mine
    run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    assert len(fake_spotify.own_playlists()) == 1
