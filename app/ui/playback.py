"""Listening from the window: play entries on the person's Spotify, show and follow what plays.

Every request runs on the background runner; the GUI thread only decides and shows.  The
player is asked what plays only while the window is visible and something plays, the next
look timed from the track's progress, and less often after a refusal or a rate limit.
What it needs of the window it asks through a :class:`WindowView` of narrow callables; what
the window should show (the playing entry, a row to review) it says by its signals.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QWidget

from app.core.dossier import Dossier, Entry, Track
from app.core.playlist import MatchStatus, Playlist, PlaylistItem
from app.ui.background import BackgroundRunner
from app.ui.banner import Banner
from app.ui.now_playing import NowPlayingStrip
from app.ui.playlist_document import PlaylistDocument
from app.ui.spotify_account import SpotifyAccount
from app.ui.task_status import TaskStatus

TICK_MS = 1000  # the progress bar moves on its own between looks at the player
BACKOFF_START = 10.0  # seconds after a failed look; doubles up to BACKOFF_CAP
BACKOFF_CAP = 120.0
FOLLOW_KEY = "playback/follow"


def _poll_tuning() -> dict:
    # A look at the player never sits out a rate limit or retries: the next look will.
    return {"max_rate_wait": 0, "read_attempts": 1}


@dataclass(frozen=True, slots=True)
class WindowView:
    """What playback asks of the window it serves."""

    current_entry: Callable[[], Entry | None]  # the entry selected in the list
    focused_row: Callable[[], int | None]  # the playlist's current row while it has the focus
    current_row: Callable[[], int | None]  # the playlist's current row
    visible: Callable[[], bool]  # shown, not minimised: worth a look at the player
    add_tracks: Callable[[list[Track]], object]  # to the playlist, as the person adds them
    say: Callable[[str, int], object]  # a line in the status bar, for so many ms


class Playback(QObject):
    changed = Signal(object)  # Playing | None, after each look at the player
    failed = Signal(str)  # the line shown, for tests and the status bar
    marked = Signal(object)  # the playing entry's id (None: none), for the list and the map
    follow_requested = Signal(object, object)  # entry id, item id to bring into view
    review_requested = Signal(int)  # a playlist row whose match the person is to decide

    def __init__(
        self,
        parent: QWidget,
        document: PlaylistDocument,
        dossier: Dossier,
        settings: QSettings,
        view: WindowView,
        *,
        runner: BackgroundRunner,
        account: SpotifyAccount,
        banner: Banner,
        status: TaskStatus,
    ):
        super().__init__(parent)
        self.parent_widget, self.document, self.dossier = parent, document, dossier
        self.settings, self.view, self.status = settings, view, status
        self.runner, self.banner, self.account = runner, banner, account
        self.playing = None  # the last answer from the player
        self._seen_at = 0.0  # monotonic time of that answer
        self._poll_task = None
        self._command_task = None
        self._backoff = 0.0
        self._cover_url: str | None = None
        self._followed: str | None = None
        self._planned = 0.0
        self._uri_entries: dict[str, str] = {}  # tracks played from the entry list
        self._matched: dict[str, PlaylistItem] = {}  # entries matched on the spot
        self._after_sign_in = None
        self.picker = None

        self.play_selected_action = self._action("&Play Selected", "Ctrl+P", self.play_selected)
        self.play_selected_action.setToolTip(
            "Play the selected entry's track, or the playlist from the selected track"
        )
        self.play_pause_action = self._action("Play/Pa&use", None, self.play_pause)
        self.next_action = self._action("&Next Track", "Ctrl+Right", self.next)
        self.previous_action = self._action("P&revious Track", "Ctrl+Left", self.previous)
        self.devices_action = self._action("Play on &Device…", None, self.pick_device)
        self.follow_action = self._action("&Follow Playback", None, self._on_follow_toggled)
        self.follow_action.setCheckable(True)
        self.follow_action.setToolTip("Select the playing entry so its story shows")
        self.follow_action.setChecked(settings.value(FOLLOW_KEY, False, type=bool))
        self.devices_action.setIconText("Devices")
        self.follow_action.setIconText("Follow")

        self.strip = NowPlayingStrip(
            (
                self.previous_action,
                self.play_pause_action,
                self.next_action,
                self.devices_action,
                self.follow_action,
            ),
            parent,
        )
        self.strip.hide()  # until playback is first used or something plays

        self._poll_timer = QTimer(self)
        self._poll_timer.setSingleShot(True)
        self._poll_timer.timeout.connect(self.refresh)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._advance_progress)
        self.account.signed_in.connect(self._on_signed_in)

    def _action(self, text: str, keys: str | None, slot) -> QAction:
        action = QAction(text, self.parent_widget)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        return action

    def menu_actions(self) -> list:
        return [
            self.play_selected_action,
            self.play_pause_action,
            self.next_action,
            self.previous_action,
            self.devices_action,
            self.follow_action,
        ]

    # -- commands ----------------------------------------------------------
    def play_selected(self) -> None:
        """From the playlist when it has the focus, otherwise the selected entry."""
        row = self.view.focused_row()
        if row is not None:
            self.play_playlist_from(row)
        else:
            self.play_entry()

    def play_entry(self, entry=None) -> None:
        entry = entry or self.view.current_entry()
        if entry is None:
            self._say("Select an entry to play.")
            return
        tracks = entry.picks or entry.tracks
        if not tracks:
            self._say(f"“{entry.title}” has no track to play.")
            return
        track = tracks[0]
        row = self.document.playlist.row_of_track(track)
        if row is not None:  # a match made there (or made now) belongs to the playlist
            item = self.document.playlist.items[row]
        else:
            item = self._matched.get(track.id) or PlaylistItem.from_track(track)
        self._start_play(None, "Playing", item=item, row=row)

    def play_playlist_from(self, row: int) -> None:
        item = self.document.playlist.items[row]
        self._start_play(lambda: (row, True), "Playing the playlist", item=item, row=row)

    def _start_play(self, where, label, *, item: PlaylistItem, row: int | None = None) -> None:
        """Match the item first when it has no Spotify track yet, then play it."""
        if not self._ready(lambda: self._start_play(where, label, item=item, row=row)):
            return
        from app.spotify.player import PlayRequest

        playlist = copy.deepcopy(self.document.playlist) if where else None
        wanted = copy.deepcopy(item)
        needs_match = wanted.spotify_uri is None and not (
            wanted.match and wanted.match.awaits_review
        )
        from app.spotify.config import market as configured_market

        market = configured_market()

        def work(cancel, progress):
            from app.spotify.auth import signed_in_client
            from app.spotify.matcher import match_playlist
            from app.spotify.player import Player

            client = signed_in_client(on_progress=progress, cancel=cancel)
            if needs_match:  # one look-up, by the same rules as Match on Spotify
                match_playlist(Playlist(name="", items=[wanted]), client, market=market,
                               cancel=cancel, max_workers=1)  # fmt: skip
            if wanted.spotify_uri is None:
                return wanted, None
            player = Player(client)
            if playlist is not None:
                index, whole = where()
                playlist.items[index] = wanted  # with the match made just now
                player.play_from(playlist, index, whole=whole)
            else:
                player.play(PlayRequest(uris=(wanted.spotify_uri,)))
            return wanted, player.state()

        def success(result) -> None:
            matched, playing = result
            self._take_match(item, matched, row)
            if matched.spotify_uri is None:
                self._explain_unmatched(matched, row)
                return
            if matched.entry_id:
                self._uri_entries[matched.spotify_uri] = matched.entry_id
            self._show(playing)

        self._command(f"{label} on Spotify", work, success)

    def play_pause(self) -> None:
        if self.playing is not None and self.playing.is_playing:
            self._simple("pause", "Pausing")
        elif self.playing is not None and self.playing.uri:
            self._simple("resume", "Resuming")
        else:
            self.play_selected()

    def next(self) -> None:
        self._simple("next", "Next track")

    def previous(self) -> None:
        self._simple("previous", "Previous track")

    def _simple(self, command: str, label: str) -> None:
        if not self._ready(lambda: self._simple(command, label)):
            return

        def work(cancel, progress):
            from app.spotify.auth import signed_in_client
            from app.spotify.player import Player

            player = Player(signed_in_client(on_progress=progress, cancel=cancel))
            getattr(player, command)()
            return player.state()

        self._command(f"{label} on Spotify", work, self._show)

    def _command(self, label: str, work, on_success) -> None:
        if self._command_task is not None:
            return  # one command at a time: a double press must not skip twice
        self.strip.show()
        task = self.runner.run(label, work, on_success, self._on_failure)
        self._command_task = task
        task.done.connect(self._on_command_done)
        self.status.follow(task)

    def _on_command_done(self) -> None:
        self._command_task = None

    def _ready(self, retry) -> bool:
        """Signed in with the playback scopes; otherwise say why and offer the sign-in."""
        from app.spotify.errors import SpotifyError
        from app.spotify.player import check_playback_scopes

        if not self.account.is_signed_in:
            self._after_sign_in = retry
            self.banner.show_message(
                "Sign in to Spotify to play here: Spotify plays on your phone, computer or "
                "speaker, controlled from this window.",
                [("Sign In…", self._sign_in_for_playback)],
            )
            return False
        try:
            check_playback_scopes()
        except SpotifyError as error:
            self._after_sign_in = retry
            self.banner.show_message(str(error), [("Sign In Again", self._sign_in_for_playback)])
            self.failed.emit(str(error))
            return False
        return True

    def _sign_in_for_playback(self) -> None:
        from app.spotify.config import PLAYBACK_SCOPES

        self.account.sign_in(extra_scopes=PLAYBACK_SCOPES)

    def _on_signed_in(self, _name: str) -> None:
        from app.spotify.auth import missing_scopes
        from app.spotify.config import PLAYBACK_SCOPES

        retry, self._after_sign_in = self._after_sign_in, None
        if retry is not None:
            retry()
        elif not missing_scopes(PLAYBACK_SCOPES):
            self.refresh()  # one look: show what already plays (and follow it from there)

    # -- matches -----------------------------------------------------------
    def _take_match(self, original: PlaylistItem, matched: PlaylistItem, row) -> None:
        """Keep a match made on the spot: in the playlist (one undo step) or for the session."""
        if matched.match == original.match:
            return
        if row is not None and self.document.model.item_at(row) is original:
            from app.ui.playlist_undo import SetMatches

            self.document.undo_stack.push(
                SetMatches(self.document.model, {original.id: matched.match}, "Match to play")
            )
        elif matched.track_id:
            self._matched[matched.track_id] = matched

    def _explain_unmatched(self, item: PlaylistItem, row) -> None:
        status = item.match.status if item.match else MatchStatus.NOT_FOUND
        if status == MatchStatus.REVIEW:
            text = (
                f"“{item.title}” has several likely versions on Spotify: choose one in the "
                "review panel, then play it."
            )
            self.banner.show_message(text, [("Review", lambda: self._review(item, row))])
        else:
            text = f"“{item.title}” was not found on Spotify, so it cannot be played."
            actions = [("Search by Hand", lambda: self._review(item, row))]
            self.banner.show_message(text, actions)
        self.failed.emit(text)

    def _review(self, item: PlaylistItem, row) -> None:
        if row is None:  # an entry not in the playlist: the review happens there
            self.view.add_tracks([self.dossier.track(item.track_id)])
            row = len(self.document.playlist.items) - 1
            if item.match is not None:
                from app.ui.playlist_undo import SetMatches

                added = self.document.playlist.items[row]
                self.document.undo_stack.push(
                    SetMatches(self.document.model, {added.id: item.match}, "Match to play")
                )
        self.review_requested.emit(row)

    # -- devices -----------------------------------------------------------
    def pick_device(self) -> None:
        from app.ui.device_picker import DevicePicker

        if not self._ready(self.pick_device):
            return
        if self.picker is None:
            self.picker = DevicePicker(self.parent_widget)
            self.picker.refresh_requested.connect(self._load_devices)
            self.picker.picked.connect(self.transfer)
        self.picker.show()
        self.picker.raise_()
        self._load_devices()

    def _load_devices(self) -> None:
        picker = self.picker
        picker.show_looking()

        def work(cancel, progress):
            from app.spotify.auth import signed_in_client
            from app.spotify.player import Player

            return Player(signed_in_client(on_progress=progress, cancel=cancel)).devices()

        def failure(error: BaseException) -> None:
            picker.show_failure(str(error))

        self.runner.run("Looking for Spotify devices", work, picker.show_devices, failure)

    def transfer(self, device) -> None:
        def work(cancel, progress):
            from app.spotify.auth import signed_in_client
            from app.spotify.player import Player

            player = Player(signed_in_client(on_progress=progress, cancel=cancel))
            player.transfer(device, play=True)
            return player.state()

        def success(playing) -> None:
            if self.picker is not None:
                self.picker.hide()
            self.view.say(f"Spotify now plays on {device.name}", 4000)
            self._show(playing)

        self._command(f"Moving playback to {device.name}", work, success)

    # -- failures ----------------------------------------------------------
    def _on_failure(self, error: BaseException) -> None:
        from app.core.tasks import Cancelled
        from app.spotify.player import (
            DeviceRestricted,
            NoActiveDevice,
            NotAvailable,
            PlaybackScopeMissing,
            PremiumRequired,
        )

        if isinstance(error, Cancelled):
            return
        text = str(error)
        if isinstance(error, NoActiveDevice | DeviceRestricted):
            self.banner.show_message(text, [("Pick Device…", self.pick_device)])
        elif isinstance(error, PlaybackScopeMissing):
            self.banner.show_message(text, [("Sign In Again", self._sign_in_for_playback)])
        elif isinstance(error, NotAvailable):
            row = self._selected_playlist_row()
            actions = [("Review", lambda: self._review_row(row))] if row is not None else []
            self.banner.show_message(text, actions)
        elif isinstance(error, PremiumRequired):
            self.banner.show_message(text)
        else:
            self.account.explain(error)
            text = self.banner.text or text
        self.failed.emit(text)

    def _selected_playlist_row(self) -> int | None:
        return self.view.current_row()

    def _review_row(self, row: int) -> None:
        self._review(self.document.playlist.items[row], row)

    def _say(self, text: str) -> None:
        self.view.say(text, 4000)

    # -- what plays --------------------------------------------------------
    def refresh(self) -> None:
        """Look at the player now (when the window is visible and no look is under way)."""
        self._poll_timer.stop()
        if self._poll_task is not None:
            return
        if not self.view.visible():
            from app.spotify.player import POLL_PAUSED

            self._plan(POLL_PAUSED)  # no request now: just look again later
            return

        def work(cancel, progress):
            from app.spotify.auth import signed_in_client
            from app.spotify.player import Player

            client = signed_in_client(cancel=cancel, **_poll_tuning())
            return Player(client).state()

        self._poll_task = self.runner.run("Checking what plays on Spotify", work,
                                          self._on_polled, self._on_poll_failed)  # fmt: skip
        self._poll_task.done.connect(self._on_poll_done)

    def next_look_in(self) -> float | None:
        """The wait planned before the next look at the player; None when none is."""
        return self._planned if self._poll_timer.isActive() else None

    def _plan(self, seconds: float) -> None:
        self._planned = seconds
        self._poll_timer.start(int(seconds * 1000))

    def _on_poll_done(self) -> None:
        self._poll_task = None

    def _on_polled(self, playing) -> None:
        self._backoff = 0.0
        self._show(playing, schedule=True)

    def _on_poll_failed(self, error: BaseException) -> None:
        from app.spotify.errors import NetworkError, RateLimited

        if isinstance(error, RateLimited | NetworkError):
            wait = getattr(error, "retry_after", 0) or 0
            self._backoff = min(BACKOFF_CAP, max(wait, self._backoff * 2 or BACKOFF_START))
            self._plan(self._backoff)
        # Anything else stops the looking quietly; the next command starts it again.

    def _show(self, playing, schedule: bool = True) -> None:
        from app.spotify.player import next_poll

        self.playing, self._seen_at = playing, time.monotonic()
        if playing is None or playing.uri is None:
            self.strip.show_nothing()
            self._tick.stop()
        else:
            self.strip.show()
            self.strip.show_playing(playing)
            self._fetch_cover(playing)
            if playing.is_playing:
                self._tick.start()
            else:
                self._tick.stop()
        self._mark(playing.uri if playing else None)
        if schedule:
            delay = next_poll(playing)
            if delay is None:
                self._poll_timer.stop()
            else:
                self._plan(delay)
        self.changed.emit(playing)

    def _advance_progress(self) -> None:
        playing = self.playing
        if playing is None or not playing.is_playing or not self.view.visible():
            self._tick.stop()
            return
        elapsed = int((time.monotonic() - self._seen_at) * 1000)
        self.strip.show_progress(playing.progress_ms + elapsed, playing.duration_ms)

    def _fetch_cover(self, playing) -> None:
        url = playing.image_url
        if not url or url == self._cover_url:
            return
        self._cover_url = url

        def work(cancel, progress):
            from app.spotify.artwork import fetch_cover

            return fetch_cover(url)

        def done(data: bytes) -> None:
            if self.playing is not None and self.playing.image_url == url:
                self.strip.show_cover(QImage.fromData(data))

        self.runner.run("Fetching the playing track's cover", work, done, lambda _e: None)

    # -- marking and following ---------------------------------------------
    def playing_ids(self, uri: str | None) -> tuple[str | None, str | None]:
        """(entry id, playlist item id) of the track ``uri``, as far as the window knows."""
        if not uri:
            return None, None
        item = next((i for i in self.document.playlist.items if i.spotify_uri == uri), None)
        if item is not None:
            return item.entry_id or self._uri_entries.get(uri), item.id
        return self._uri_entries.get(uri), None

    def _mark(self, uri: str | None) -> None:
        entry_id, item_id = self.playing_ids(uri)
        self.document.model.set_playing(item_id)
        self.marked.emit(entry_id)
        if self.follow_action.isChecked() and uri and uri != self._followed:
            self._followed = uri
            self.follow_requested.emit(entry_id, item_id)

    def _on_follow_toggled(self, on: bool) -> None:
        self.settings.setValue(FOLLOW_KEY, bool(on))
        self._followed = None
        if on and self.playing is not None:
            self._mark(self.playing.uri)
