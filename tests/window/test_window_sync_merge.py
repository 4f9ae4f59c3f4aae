"""A sync from the window merges what the person changed in their Spotify app: the merge is
one undo step, its report is in the banner, and what came from Spotify can be selected.
Over HTTP against the fake, whose other-client handle plays the person's phone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.storage.playlist_file import load_playlist
from tests.fakespotify.helpers import sign_in_with_fake
from tests.window.window_actions import WAIT, run_and_wait, titles
from tests.window.window_helpers import open_on_saved_file


@pytest.fixture
def window(qtbot, fake_spotify, tmp_path):
    win = open_on_saved_file(qtbot, tmp_path)
    sign_in_with_fake(fake_spotify)
    run_and_wait(qtbot, win, win.spotify.sync_action.trigger)  # created and linked
    assert win.files.save()
    return win


def phone_tracks(fake, n: int) -> list[str]:
    """Generated test tracks (not real music) the person adds on their phone."""
    return [
        fake.add_track(f"Phone test track {i}", ["Phone Test Artist"], album="Tests", year=2000)[
            "uri"
        ]
        for i in range(n)
    ]


def remote_of(win, fake) -> dict:
    return fake.playlists[win.document.playlist.remote.id]


def test_additions_in_spotify_arrive_as_one_undo_step(qtbot, window, fake_spotify):
    pid = window.document.playlist.remote.id
    before = titles(window)
    x, y = phone_tracks(fake_spotify, 2)
    fake_spotify.other.add(pid, [x, y], position=1)
    fake_spotify.other.rename(pid, "Drive, from my phone")

    run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    after = titles(window)
    assert after == [before[0], "Phone test track 0", "Phone test track 1", *before[1:]]
    assert window.document.playlist.name == "Drive, from my phone"
    assert window.playlist_panel.name_edit.text() == "Drive, from my phone"
    assert remote_of(window, fake_spotify)["uris"][1:3] == [x, y]
    assert len(fake_spotify.playlists) == 1
    text = window.banner.text
    assert "Updated the Spotify playlist" in text
    assert "2 tracks added in Spotify were kept" in text and "Phone test track 0" in text
    assert window.banner.action_labels()[:2] == ["Open in Spotify", "Show Added"]

    window.banner.trigger("Show Added")
    assert window.playlist_panel.selected_rows() == [1, 2]

    stack = window.document.undo_stack
    assert stack.undoText() == "Sync with Spotify"
    window.playlist_panel.table.setFocus()
    qtbot.keyClick(window.playlist_panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert titles(window) == before  # items and name in one step
    assert window.document.playlist.name == "Drive and its influences"
    qtbot.keyClick(
        window.playlist_panel.table,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert titles(window) == after
    assert window.files.save()
    saved = load_playlist(window.document.path)
    assert [i.title for i in saved.items] == after
    assert saved.remote.base is not None


def test_removals_and_moves_in_spotify_are_kept(qtbot, window, fake_spotify):
    pid = window.document.playlist.remote.id
    before = titles(window)
    uris = list(remote_of(window, fake_spotify)["uris"])
    fake_spotify.other.remove(pid, [uris[0]])  # Nightcall, gone from the phone
    fake_spotify.other.move(pid, 5, 1)  # and the sixth track moved to second place
    run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    expected_uris = [u for u in uris if u != uris[0]]
    expected_uris.insert(1, expected_uris.pop(5))
    assert remote_of(window, fake_spotify)["uris"] == expected_uris
    assert [i.spotify_uri for i in window.document.playlist.items if i.spotify_uri] == (
        expected_uris
    )
    assert "Nightcall" not in titles(window) and len(titles(window)) == len(before) - 1
    assert "removed in Spotify" in window.banner.text
    assert "Show Added" not in window.banner.action_labels()
    assert window.document.undo_stack.undoText() == "Sync with Spotify"


def test_edits_made_while_the_sync_runs_are_not_lost(qtbot, window, fake_spotify):
    """The person removes a track while a sync that brings in a phone's addition runs: the
    window keeps their edit, and the next update merges both."""
    pid = window.document.playlist.remote.id
    (x,) = phone_tracks(fake_spotify, 1)
    fake_spotify.other.add(pid, [x], position=0)
    removed = titles(window)[3]
    edited = []

    def edit_now(_progress) -> None:
        # Progress reaches the window before the run's end does: an edit here is one made
        # while the sync runs.
        if not edited:
            edited.append(True)
            window.document.remove_rows([3])

    with qtbot.waitSignal(window.spotify.finished, timeout=WAIT):
        window.spotify.sync().progressed.connect(edit_now)
    assert edited
    assert removed not in titles(window)
    assert "Phone test track 0" not in titles(window)  # not applied over the person's edit
    assert "the next update merges them" in window.banner.text
    assert window.document.undo_stack.undoText().startswith("Remove")

    run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    assert titles(window)[0] == "Phone test track 0"
    assert removed not in titles(window)
    remote = remote_of(window, fake_spotify)["uris"]
    assert remote == [i.spotify_uri for i in window.document.playlist.items if i.spotify_uri]
    assert remote[0] == x and len(fake_spotify.playlists) == 1


def test_a_sync_that_fails_half_way_merges_again_next_time(qtbot, window, fake_spotify):
    """The merge is only taken with a finished run: a run that read Spotify's changes but
    could not write leaves the document's items and base, and the next run merges again."""
    from tests.fakespotify import Fault

    pid = window.document.playlist.remote.id
    base = window.document.playlist.remote.base
    (x,) = phone_tracks(fake_spotify, 1)
    fake_spotify.other.add(pid, [x], position=0)
    removed = titles(window)[4]
    window.document.remove_rows([4])
    mine = titles(window)
    fake_spotify.inject(Fault("500", method="DELETE", path=r"^playlists/.*/items", times=50))
    assert run_and_wait(qtbot, window, window.spotify.sync_action.trigger).startswith("failed")
    assert titles(window) == mine
    assert window.document.playlist.remote.base == base

    fake_spotify.clear_faults()
    run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    assert titles(window)[0] == "Phone test track 0" and removed not in titles(window)
    remote = remote_of(window, fake_spotify)["uris"]
    assert remote == [i.spotify_uri for i in window.document.playlist.items if i.spotify_uri]
    assert len(remote) == len(set(remote)) and len(fake_spotify.playlists) == 1
