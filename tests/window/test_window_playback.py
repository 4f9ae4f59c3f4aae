"""Listening from the window: keys and clicks in the real window, the fake Spotify's player
over real HTTP.  Nothing of the program is replaced."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from app.core.playlist import MatchStatus
from app.spotify.auth import granted_scopes
from app.spotify.config import COVER_SCOPES, PLAYBACK_SCOPES
from tests.fakespotify.accounts import DEFAULT_SCOPE
from tests.fakespotify.catalogue import drive_answer_uri
from tests.fakespotify.helpers import play_browser, sign_in_with_fake, use_free_redirect_port
from tests.fakespotify.openapi_check import all_problems
from tests.window.window_actions import WAIT
from tests.window.window_helpers import open_on_saved_file

FULL_SCOPE = " ".join([DEFAULT_SCOPE, *PLAYBACK_SCOPES, *COVER_SCOPES])
NIGHTCALL = drive_answer_uri("Nightcall")
HERO = drive_answer_uri("A Real Hero")


@pytest.fixture
def window(qtbot, fake_spotify, tmp_path):
    return open_on_saved_file(qtbot, tmp_path)


def _played(qtbot, win, start):
    with qtbot.waitSignal(win.playback.changed, timeout=WAIT) as blocker:
        start()
    return blocker.args[0]


def _focus_playlist_row(win, row: int) -> None:
    """The row selected and current in the playlist, with the focus, as a click leaves it."""
    win.playlist_panel.select_rows([row])
    win.playlist_panel.table.setCurrentIndex(win.document.model.index(row, 1))
    win.columns.show_playlist()  # a tab of its own on a small screen
    win.playlist_panel.table.setFocus()


def _refused(qtbot, win, start) -> str:
    with qtbot.waitSignal(win.playback.failed, timeout=WAIT) as blocker:
        start()
    return blocker.args[0]


def _entry_marked(win, entry_id: str) -> bool:
    index = win.browser.model.index_of(entry_id).siblingAtColumn(1)
    return win.browser.model.data(index, Qt.ItemDataRole.DecorationRole) is not None


def test_space_plays_the_selected_entry_matching_it_first_then_pauses(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify, scope=FULL_SCOPE)
    fake_spotify.player.add_device("Laptop", active=True)
    tree = window.browser.tree
    window.browser.select_entry("nightcall")
    tree.setFocus()
    playing = _played(qtbot, window, lambda: qtbot.keyClick(tree, Qt.Key.Key_Space))
    assert fake_spotify.player.current_uri == NIGHTCALL and fake_spotify.player.is_playing
    assert playing.uri == NIGHTCALL
    # matched on the spot, with one look-up, and kept in the playlist as an undoable step
    item = window.document.playlist.items[0]
    assert item.match.status == MatchStatus.MATCHED and item.spotify_uri == NIGHTCALL
    assert window.document.undo_stack.undoText() == "Match to play"
    assert window.playback.strip.isVisible()
    assert window.playback.strip.title.full_text() == "Nightcall"
    assert "Kavinsky" in window.playback.strip.artist.full_text()
    assert _entry_marked(window, "nightcall")
    assert (
        window.document.model.data(
            window.document.model.index(0, 1), Qt.ItemDataRole.DecorationRole
        )
        is not None
    )

    _played(qtbot, window, lambda: qtbot.keyClick(tree, Qt.Key.Key_Space))
    assert not fake_spotify.player.is_playing
    assert window.playback.play_pause_action.text() == "Play"
    _played(
        qtbot,
        window,
        lambda: qtbot.keyClick(tree, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier),
    )
    assert fake_spotify.player.is_playing  # next, on a one-track list, plays it again
    assert all_problems(fake_spotify.requests) == []


def test_play_the_playlist_from_an_item_and_follow_playback(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify, scope=FULL_SCOPE)
    fake_spotify.player.add_device("Laptop", active=True)
    with qtbot.waitSignal(window.spotify.finished, timeout=WAIT):
        window.spotify.sync()  # a playlist on Spotify: it plays as that playlist
    remote = window.document.playlist.remote.id
    _focus_playlist_row(window, 2)
    _played(qtbot, window, window.playback.play_selected_action.trigger)
    assert fake_spotify.player.current_uri == HERO
    assert fake_spotify.player.context_uri == f"spotify:playlist:{remote}"

    window.playback.follow_action.trigger()  # on
    window.browser.select_entry("autobahn")  # the person reads about something else...
    _played(qtbot, window, window.playback.next_action.trigger)  # ...and the track changes
    after = fake_spotify.player.current_uri
    assert after == window.document.playlist.items[3].spotify_uri
    assert window.playlist_panel.current_item() is window.document.playlist.items[3]
    assert window.browser.current_entry().id == "oh-my-love"
    assert "Oh My Love" in window.detail.toPlainText()
    assert _entry_marked(window, "oh-my-love") and not _entry_marked(window, "a-real-hero")

    # Something started on the phone: the next look at the player follows it too.
    fake_spotify.player.play_now(NIGHTCALL, progress_ms=5000)
    _played(qtbot, window, window.playback.refresh)
    assert window.browser.current_entry().id == "nightcall"
    assert window.playback.strip.progress.value() > 0


def test_no_active_device_says_what_to_do_and_the_picker_moves_playback(
    qtbot, window, fake_spotify
):
    sign_in_with_fake(fake_spotify, scope=FULL_SCOPE)
    window.browser.select_entry("nightcall")
    window.browser.tree.setFocus()
    line = _refused(qtbot, window, window.playback.play_selected_action.trigger)
    assert "Open Spotify on your phone or computer, then pick it here" in line
    assert window.banner.action_labels() == ["Pick Device…"]
    assert window.browser.isEnabled()  # nothing blocks the window

    fake_spotify.player.add_device("Hotel Speaker", "Speaker", restricted=True)
    phone = fake_spotify.player.add_device("Pocket Phone", "Smartphone")
    window.banner.trigger("Pick Device…")
    picker = window.playback.picker
    assert picker.isVisible()
    qtbot.waitUntil(lambda: len(picker.devices()) == 2, timeout=WAIT)
    assert [d.name for d in picker.devices()] == ["Hotel Speaker", "Pocket Phone"]
    assert picker.list.currentItem().text().startswith("Pocket Phone")  # the restricted one
    assert not picker.list.item(0).flags() & Qt.ItemFlag.ItemIsEnabled  # cannot be picked
    fake_spotify.player.queue = [NIGHTCALL]  # paused on the phone earlier
    _played(qtbot, window, picker.play_button.click)
    assert fake_spotify.player.active.id == phone.id
    assert not picker.isVisible()
    assert window.playback.playing.device.name == "Pocket Phone"


def test_a_free_account_hears_why_it_cannot_play(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify, scope=FULL_SCOPE)
    fake_spotify.player.add_device("Laptop", active=True)
    fake_spotify.player.premium = False
    window.browser.select_entry("nightcall")
    line = _refused(qtbot, window, window.playback.play_selected_action.trigger)
    assert "Premium" in line and window.banner.isVisible()
    line = _refused(qtbot, window, window.playback.next_action.trigger)
    assert "PREMIUM_REQUIRED" in line


def test_a_track_spotify_does_not_have_says_so(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify, scope=FULL_SCOPE)
    fake_spotify.player.add_device("Laptop", active=True)
    from app.core.playlist import PlaylistItem

    window.document.add_items([PlaylistItem(title="Zzz No Such Song", artists=("Nobody",))])
    row = len(window.document.playlist.items) - 1
    _focus_playlist_row(window, row)
    line = _refused(qtbot, window, window.playback.play_selected_action.trigger)
    assert line == "“Zzz No Such Song” was not found on Spotify, so it cannot be played."
    assert window.banner.action_labels() == ["Search by Hand"]
    assert window.document.playlist.items[row].match.status == MatchStatus.NOT_FOUND
    assert fake_spotify.count("PUT", "me/player/play") == 0

    # A track Spotify has, but not in the person's country.
    fake_spotify.player.unavailable.add(NIGHTCALL)
    window.browser.select_entry("nightcall")
    window.browser.tree.setFocus()
    line = _refused(qtbot, window, window.playback.play_selected_action.trigger)
    assert "not available in your market" in line


def test_an_earlier_sign_in_is_asked_to_add_playback_and_then_plays(
    qtbot, window, fake_spotify, monkeypatch
):
    use_free_redirect_port(monkeypatch)
    sign_in_with_fake(fake_spotify)  # playlists only
    fake_spotify.player.add_device("Laptop", active=True)
    window.browser.select_entry("nightcall")
    line = _refused(qtbot, window, window.playback.play_selected_action.trigger)
    assert "sign in again" in line and "playlists are not affected" in line
    assert window.banner.action_labels() == ["Sign In Again"]
    assert fake_spotify.count("PUT", "me/player/play") == 0  # nothing sent without consent

    window.account.open_url = lambda url: threading.Thread(
        target=play_browser, args=(url,), daemon=True
    ).start()
    _played(qtbot, window, lambda: window.banner.trigger("Sign In Again"))
    asked = fake_spotify.accounts_requests[0].query["scope"].split()
    assert set(asked) >= set(DEFAULT_SCOPE.split()) | set(PLAYBACK_SCOPES)
    assert set(PLAYBACK_SCOPES) <= granted_scopes()
    assert fake_spotify.player.current_uri == NIGHTCALL  # the wish is carried out after


def test_the_help_lists_the_playback_keys(window):
    from app.ui.help_dialogs import SHORTCUTS

    listed = " ".join(keys for keys, _what in SHORTCUTS)
    for action in (window.playback.next_action, window.playback.previous_action,
                   window.playback.play_selected_action):  # fmt: skip
        assert action.shortcut().toString() in listed
    assert "Space" in listed


def test_the_player_is_asked_gently(qtbot, window, fake_spotify):
    from tests.fakespotify import Fault

    sign_in_with_fake(fake_spotify, scope=FULL_SCOPE)
    playback = window.playback
    _played(qtbot, window, playback.refresh)  # nothing plays: no further look planned
    assert playback.playing is None and playback.next_look_in() is None

    fake_spotify.player.add_device("Laptop", active=True)
    fake_spotify.player.play_now(HERO, progress_ms=10_000)
    _played(qtbot, window, playback.refresh)
    assert 1 <= playback.next_look_in() <= 5  # playing: every few seconds
    fake_spotify.player.play_now(HERO, progress_ms=fake_spotify.tracks[HERO.rpartition(":")[2]][
        "duration_ms"] - 2000)  # fmt: skip
    _played(qtbot, window, playback.refresh)
    assert playback.next_look_in() <= 2.5  # just after the track should end

    fake_spotify.inject(Fault("429", method="GET", path="^me/player$", retry_after=40))
    playback.refresh()
    # backs off at least as long as Spotify asks
    qtbot.waitUntil(lambda: (playback.next_look_in() or 0) >= 30, timeout=WAIT)
    assert fake_spotify.count("GET", "me/player") == 4  # the 429 was not retried at once

    window.hide()  # not visible: the timer runs, but no request is made
    looks = fake_spotify.count("GET", "me/player")
    playback.refresh()
    window.runner.wait_all()
    assert fake_spotify.count("GET", "me/player") == looks
    assert playback.next_look_in() is not None


def test_a_doubtful_match_goes_to_review_and_offline_is_said(qtbot, window, fake_spotify):
    from app.core.playlist import PlaylistItem

    sign_in_with_fake(fake_spotify, scope=FULL_SCOPE)
    fake_spotify.player.add_device("Laptop", active=True)
    window.document.add_items([PlaylistItem(title="Oh My Love", artists=())])
    row = len(window.document.playlist.items) - 1
    _focus_playlist_row(window, row)
    line = _refused(
        qtbot, window, lambda: qtbot.keyClick(window.playlist_panel.table, Qt.Key.Key_Space)
    )
    assert "several likely versions" in line
    assert window.document.playlist.items[row].match.status == MatchStatus.REVIEW
    window.banner.trigger("Review")
    assert window.review_panel.model.rowCount() > 1  # the candidates, to choose from
    assert fake_spotify.count("PUT", "me/player/play") == 0

    fake_spotify.stop()
    window.browser.select_entry("nightcall")
    window.browser.tree.setFocus()
    line = _refused(qtbot, window, window.playback.play_selected_action.trigger)
    assert "cannot reach Spotify" in line and "Traceback" not in line


def test_a_playlist_edited_since_its_sync_still_plays_from_the_item(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify, scope=FULL_SCOPE)
    fake_spotify.player.add_device("Laptop", active=True)
    with qtbot.waitSignal(window.spotify.finished, timeout=WAIT):
        window.spotify.sync()
    remote = fake_spotify.playlists[window.document.playlist.remote.id]
    remote["uris"].remove(HERO)  # someone removed it in Spotify
    _focus_playlist_row(window, 2)
    _played(qtbot, window, window.playback.play_selected_action.trigger)
    assert fake_spotify.player.current_uri == HERO
    assert fake_spotify.player.queue[:2] == [
        i.spotify_uri for i in window.document.playlist.items[2:4]
    ]
