"""Spotify from the window, end to end against the fake Spotify over real HTTP.

The test plays the person (clicks, keys) and the browser (it follows the authorize
redirect to the program's listener); nothing of the program itself is replaced.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.playlist import MatchStatus
from app.spotify.paths import token_path
from app.storage.playlist_file import load_playlist
from tests.fakespotify import Fault
from tests.fakespotify.catalogue import drive_answer_uri
from tests.fakespotify.helpers import play_browser, sign_in_with_fake, use_free_redirect_port
from tests.window.window_actions import WAIT, run_and_wait
from tests.window.window_helpers import open_on_saved_file


@pytest.fixture
def window(qtbot, dossier, fake_spotify, tmp_path):
    return open_on_saved_file(qtbot, tmp_path, dossier)


def wait_for_task(qtbot, win) -> str:
    with qtbot.waitSignal(win.spotify.finished, timeout=WAIT) as blocker:
        pass
    return blocker.args[0]


def searched(task) -> bool:
    """The review panel's search ended (a cover fetched meanwhile is another task)."""
    return task.label.startswith("Searching Spotify")


def test_sign_in_from_the_window(qtbot, window, fake_spotify, monkeypatch):
    use_free_redirect_port(monkeypatch)
    opened = []

    def browser(url):
        opened.append(url)
        threading.Thread(target=play_browser, args=(url,), daemon=True).start()

    window.account.open_url = browser
    with qtbot.waitSignal(window.account.signed_in, timeout=WAIT) as blocker:
        window.account.sign_in_action.trigger()
        assert window.account.waiting is not None and window.account.waiting.isVisible()
    assert blocker.args == ["Drive Fan"]
    assert opened and opened[0].startswith(fake_spotify.accounts_url + "authorize?")
    assert window.account.waiting is None
    assert "Drive Fan" in window.account.button.text()
    assert token_path().stat().st_mode & 0o777 == 0o600
    window.account.sign_out_action.trigger()
    assert not token_path().exists()
    assert window.account.button.text() == "Spotify: sign in"


def test_sign_in_can_be_cancelled_and_a_refusal_is_explained(
    qtbot, window, fake_spotify, monkeypatch
):
    use_free_redirect_port(monkeypatch)
    window.account.open_url = lambda url: None  # the person never answers in the browser
    window.account.sign_in_action.trigger()
    task = window.account.sign_in_task
    with qtbot.waitSignal(task.done, timeout=WAIT):
        window.account.waiting.cancel_button.click()
    assert window.account.waiting is None and not token_path().exists()

    fake_spotify.deny_next_authorize = True
    window.account.open_url = lambda url: threading.Thread(
        target=play_browser, args=(url,), daemon=True
    ).start()
    window.account.sign_in_action.trigger()
    with qtbot.waitSignal(window.account.sign_in_task.done, timeout=WAIT):
        pass
    assert "refused" in window.banner.text
    assert window.banner.action_labels() == ["Retry"]


def test_without_a_client_id_spotify_says_what_is_missing(qtbot, window, monkeypatch):
    monkeypatch.delenv("SPOTIPY_CLIENT_ID")
    window.account.sign_in_action.trigger()
    assert "client ID" in window.banner.text
    assert window.banner.action_labels() == ["Open Settings"]
    # everything else still works
    window.browser.select_entry("autobahn")
    assert "Kraftwerk" in window.detail.toPlainText()


def test_match_review_create_edit_update(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify)
    summary = run_and_wait(qtbot, window, window.spotify.match_action.trigger)
    items = window.document.playlist.items
    assert all(i.match is not None for i in items)
    assert "22 tracks matched" in summary or "of 22 tracks matched" in summary
    assert items[2].match.uri == drive_answer_uri("A Real Hero")
    state = window.document.model.index(2, 5)  # an icon; its words are tooltip and accessible text
    assert not state.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert state.data(Qt.ItemDataRole.ToolTipRole).startswith("Matched")
    assert state.data(Qt.ItemDataRole.AccessibleTextRole).startswith("Spotify: Matched")

    # The person overrides one match by hand: a search in the review panel, another
    # version, Enter.  (On a small screen, as the tests' is, they open the playlist's tab.)
    if window.columns.tabbed:
        bar = window.columns.tabs.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    window.playlist_panel.select_rows([0])
    window.playlist_panel.table.setCurrentIndex(window.document.model.index(0, 1))
    panel = window.review_panel
    assert panel.model.rowCount() >= 1
    panel.search_edit.setText("Nightcall")
    with qtbot.waitSignal(window.runner.task_finished, timeout=WAIT, check_params_cb=searched):
        qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert panel.model.rowCount() >= 2
    panel.table.setFocus()
    panel.table.selectRow(1)
    other = panel.selected_candidate()
    assert other.uri != items[0].match.uri
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert items[0].match.status == MatchStatus.CHOSEN and items[0].match.uri == other.uri
    assert (
        window.document.model.index(0, 5)
        .data(Qt.ItemDataRole.ToolTipRole)
        .startswith("Chosen by you:")
    )
    window.undo_action.trigger()  # the choice can be undone...
    assert items[0].match.status == MatchStatus.MATCHED
    window.redo_action.trigger()  # ...and redone
    assert items[0].match.uri == other.uri

    summary = run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    (remote,) = fake_spotify.own_playlists()
    local = [i.spotify_uri for i in items if i.spotify_uri]
    assert remote["uris"] == local
    assert "Created the Spotify playlist" in window.banner.text
    assert window.spotify.sync_action.text().replace("&", "") == "Update Spotify Playlist"
    window.document.wait_for_writes()  # the link is saved off the GUI thread
    saved = load_playlist(window.document.path)
    assert saved.remote is not None and saved.remote.id == remote["id"]

    # Edit: remove the first track, move the last to the top, then update in place.
    window.playlist_panel.select_rows([0])
    window.playlist_panel.remove_selected()
    window.document.move_rows([len(items) - 1], 0)
    run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    assert len(fake_spotify.own_playlists()) == 1
    assert fake_spotify.own_playlists()[0]["uris"] == [
        i.spotify_uri for i in items if i.spotify_uri
    ]
    assert "Updated the Spotify playlist" in window.banner.text


def test_review_next_walks_the_doubtful_items(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify)
    window.files.new_playlist("empty")
    # An item nobody can match with certainty: a title the catalogue has twice.
    from app.core.playlist import PlaylistItem

    window.document.add_items(
        [
            PlaylistItem(title="Oh My Love", artists=("Unknown Singer",)),
            PlaylistItem(title="Autobahn", artists=("Kraftwerk",), album="Autobahn", duration=1363),
            PlaylistItem(title="Zzz No Such Song", artists=("Nobody At All",)),
        ]
    )
    run_and_wait(qtbot, window, window.spotify.match_action.trigger)
    statuses = [i.match.status for i in window.document.playlist.items]
    assert statuses[1] == MatchStatus.MATCHED
    assert statuses[2] == MatchStatus.NOT_FOUND
    doubtful = [
        r for r, s in enumerate(statuses) if s in (MatchStatus.REVIEW, MatchStatus.NOT_FOUND)
    ]
    visited = []
    for _ in doubtful:
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F8)
        visited.append(window.playlist_panel.table.currentIndex().row())
    assert sorted(visited) == doubtful
    # A search in the person's own words, then a pick.
    window.playlist_panel.select_rows([2])
    window.playlist_panel.table.setCurrentIndex(window.document.model.index(2, 1))
    panel = window.review_panel
    panel.search_edit.setText("Nightcall Kavinsky")
    with qtbot.waitSignal(window.runner.task_finished, timeout=WAIT, check_params_cb=searched):
        qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert panel.model.rowCount() > 0
    assert panel.model.candidates[0].title.startswith("Nightcall")
    panel.choose_button.click()
    assert window.document.playlist.items[2].match.status == MatchStatus.CHOSEN


def test_cancel_in_the_middle_of_a_sync_then_finish(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify)
    fake_spotify.inject(Fault("slow", method="GET", path=r"^search", times=1000, delay=0.05))
    task = window.spotify.sync()
    qtbot.waitUntil(
        lambda: (
            sum(1 for i in window.document.playlist.items if i.match) > 0
            or fake_spotify.count("GET", "search") >= 3
        ),
        timeout=WAIT,
    )
    with qtbot.waitSignal(window.spotify.finished, timeout=WAIT) as blocker:
        window.task_status.cancel_button.click()
    assert blocker.args == ["cancelled"]
    assert task.cancelled
    assert "What was done is kept" in window.banner.text
    done_before = sum(1 for i in window.document.playlist.items if i.match)
    assert done_before < len(window.document.playlist.items)
    fake_spotify.pending_faults().clear()
    run_and_wait(qtbot, window, lambda: window.banner.trigger("Finish Now"))
    (remote,) = fake_spotify.own_playlists()
    assert remote["uris"] == [
        i.spotify_uri for i in window.document.playlist.items if i.spotify_uri
    ]


def test_a_rate_limit_shows_its_countdown(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify)
    fake_spotify.inject(Fault("429", method="GET", path=r"^search", times=1, retry_after=2))
    seen = []
    window.spotify.match()
    window.spotify.task.progressed.connect(
        lambda p: seen.append(window.task_status.label.text()) if p.wait else None
    )
    wait_for_task(qtbot, window)
    assert any("continuing in" in text for text in seen), seen
    assert all(i.match for i in window.document.playlist.items)


def test_a_network_failure_shows_the_banner_and_loses_nothing(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify)
    window.playlist_panel.select_rows([0])
    window.playlist_panel.remove_selected()  # unsaved work in the window
    before = [i.title for i in window.document.playlist.items]
    fake_spotify.stop()  # the network is gone
    summary = run_and_wait(qtbot, window, window.spotify.match_action.trigger)
    assert summary.startswith("failed")
    assert window.banner.isVisible() and "Retry" in window.banner.action_labels()
    assert "Traceback" not in window.banner.text
    assert [i.title for i in window.document.playlist.items] == before
    assert window.document.dirty


def test_deleted_remote_offers_a_new_playlist(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify)
    run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    (remote,) = fake_spotify.own_playlists()
    fake_spotify.delete_playlist(remote["id"])
    assert run_and_wait(qtbot, window, window.spotify.sync_action.trigger) == "gone"
    assert window.banner.action_labels() == ["Create New"]
    run_and_wait(qtbot, window, lambda: window.banner.trigger("Create New"))
    (fresh,) = fake_spotify.own_playlists()
    assert fresh["id"] != remote["id"]
    assert window.document.playlist.remote.id == fresh["id"]


def test_matched_item_shows_its_cover_with_attribution(qtbot, window, fake_spotify):
    from app.spotify.artwork import cover_path

    sign_in_with_fake(fake_spotify)
    run_and_wait(qtbot, window, window.spotify.match_action.trigger)
    item = window.document.playlist.items[2]  # A Real Hero
    with qtbot.waitSignal(window.covers.ready, timeout=WAIT):
        window.playlist_panel.select_rows([2])
        window.playlist_panel.table.setCurrentIndex(window.document.model.index(2, 1))
    text = window.detail.toPlainText()
    assert "On Spotify" in text and "Track data and artwork from Spotify" in text
    assert "Play on Spotify" in text
    assert fake_spotify.image_requests == 1
    assert cover_path(item.match.track.image_url).exists()  # cached in the per-user folder
    # Selecting it again uses the cache: no second download of that cover.  (Row 0's own
    # cover may be fetched in the background meanwhile.)
    window.playlist_panel.select_rows([0])
    window.playlist_panel.table.setCurrentIndex(window.document.model.index(2, 1))
    window.runner.wait_all()
    cover = urlsplit(item.match.track.image_url).path
    assert fake_spotify.image_paths.count(cover) == 1


def test_new_playlists_follow_the_public_setting(qtbot, window, fake_spotify):
    from app.storage.settings import Settings, save_settings

    save_settings(Settings(public_by_default=True))
    sign_in_with_fake(fake_spotify)
    run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    (remote,) = fake_spotify.own_playlists()
    assert remote["public"] is True and window.document.playlist.remote.public is True


def test_a_lost_create_answer_then_no_network_still_makes_one_playlist(qtbot, window, fake_spotify):
    sign_in_with_fake(fake_spotify)
    fake_spotify.inject(Fault("lost_response", method="POST", path=r"^me/playlists$"))
    fake_spotify.inject(Fault("drop", method="GET", path=r"^me$", times=4))
    summary = run_and_wait(qtbot, window, window.spotify.sync_action.trigger)
    assert summary.startswith("failed")
    window.document.wait_for_writes()
    # The create marker reached the file before the create was sent.
    on_disk = load_playlist(window.document.path)
    assert on_disk.remote is None and on_disk.pending_create is not None
    assert len(fake_spotify.own_playlists()) == 1  # made, its answer lost

    run_and_wait(qtbot, window, window.spotify.sync_action.trigger)

    (remote,) = fake_spotify.own_playlists()
    assert window.document.playlist.remote.id == remote["id"]
    assert window.document.playlist.pending_create is None
    local = [i.spotify_uri for i in window.document.playlist.items if i.spotify_uri]
    assert remote["uris"] == local
    window.document.wait_for_writes()
    assert load_playlist(window.document.path).remote.id == remote["id"]
