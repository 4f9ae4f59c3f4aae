"""Each kind of trouble ``match`` and ``sync`` meet, as a person sees it: one line with its own
advice and the exit status the README promises (2: setup or argument, 1: Spotify or network).
"""

from __future__ import annotations

import io
import time

import pytest

from app.cli.spotify_commands import ProgressLine
from app.core.tasks import Progress
from app.storage.playlist_file import load_playlist
from tests.cli.cli_helpers import one_line_error, song_playlist
from tests.fakespotify import Fault
from tests.fakespotify.helpers import free_port, write_token
from tests.program import cli

SAVED = "(progress so far is saved)"
CREATE_NEW = "--create-new"


@pytest.fixture
def song_file(signed_in, tmp_path):
    return song_playlist(signed_in, tmp_path / "songs.yaml", "Error test", 4)


def test_a_long_rate_limit_says_how_long_to_wait_and_nothing_about_a_new_playlist(
    signed_in, song_file
):
    path, _ = song_file
    before = path.read_text(encoding="utf-8")
    signed_in.inject(Fault("429", method="GET", path="search", times=1000, retry_after=5400))
    line = one_line_error(cli("sync", str(path)), 1)
    assert "wait 1 h 30 min" in line and "rate limit" in line and "again" in line
    assert CREATE_NEW not in line
    assert SAVED not in line  # nothing was found before the limit: nothing to save
    assert path.read_text(encoding="utf-8") == before


def test_progress_made_before_the_error_is_saved_and_said_so(signed_in, song_file):
    path, right = song_file
    signed_in.inject(Fault("429", method="POST", path="^me/playlists$", retry_after=7200))
    line = one_line_error(cli("sync", str(path)), 1)
    assert "2 h" in line and line.endswith(SAVED) and CREATE_NEW not in line
    kept = load_playlist(path)
    assert [item.match.uri for item in kept.items] == right  # the matches survived
    assert kept.remote is None and signed_in.own_playlists() == []


def test_a_used_up_quota_is_not_a_wait(signed_in, song_file):
    path, _ = song_file
    signed_in.inject(
        Fault("quota_exceeded", method="GET", path="search", times=1000, retry_after=30)
    )
    proc = cli("match", str(path))
    line = one_line_error(proc, 1)
    assert "QUOTA_EXCEEDED" in line and "will not help" in line
    assert "wait 30 s" not in line and CREATE_NEW not in line
    # Not sat through, not retried: each item's search was sent once.
    assert "asks to wait" not in proc.stderr
    assert signed_in.count("GET", "search") <= 4


def test_a_refused_sign_in_asks_for_login(signed_in, song_file):
    path, _ = song_file
    write_token(
        {
            "access_token": "fakeaccess-stale",
            "token_type": "Bearer",
            "expires_in": 3600,
            "refresh_token": "fakerefresh-revoked",
            "scope": "playlist-modify-private playlist-modify-public",
            "expires_at": int(time.time()) - 60,
        }
    )
    line = one_line_error(cli("sync", str(path)), 1)
    assert "drive-playlist login" in line and CREATE_NEW not in line


def test_tokens_refused_again_after_a_refresh_ask_for_login(signed_in, song_file):
    path, _ = song_file
    signed_in.inject(Fault("expired_token", method="GET", path="search", times=1000))
    line = one_line_error(cli("match", str(path)), 1)
    assert "drive-playlist login" in line and CREATE_NEW not in line


def test_no_network_says_so(signed_in, song_file, monkeypatch):
    path, _ = song_file
    monkeypatch.setenv("DRIVE_PLAYLIST_SPOTIFY_API_URL", f"http://127.0.0.1:{free_port()}/v1/")
    line = one_line_error(cli("sync", str(path)), 1)
    assert "cannot reach Spotify" in line and "connection" in line
    assert CREATE_NEW not in line and SAVED not in line


def test_a_playlist_that_is_no_longer_yours_is_the_one_case_for_create_new(signed_in, song_file):
    path, _ = song_file
    assert cli("sync", str(path)).returncode == 0
    linked = load_playlist(path).remote.id
    signed_in.set_owner(linked, "someone-else")
    line = one_line_error(cli("sync", str(path)), 1)
    assert linked in line and f"drive-playlist sync {path} {CREATE_NEW}" in line


def test_setup_and_argument_trouble_exit_2(signed_in, song_file, monkeypatch):
    path, _ = song_file
    assert "--name" in one_line_error(cli("sync", str(path), "--name", " "), 2)
    monkeypatch.delenv("SPOTIPY_CLIENT_ID")
    for command in ("match", "sync"):
        assert "client id" in one_line_error(cli(command, str(path)), 2)


def test_a_short_rate_limit_is_waited_out_and_a_log_shows_it(signed_in, song_file):
    path, right = song_file
    signed_in.inject(Fault("429", method="GET", path="search", times=1, retry_after=2))
    proc = cli("sync", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "Spotify asks to wait 2 s (rate limit)" in proc.stderr.splitlines()
    assert list(signed_in.playlists[load_playlist(path).remote.id]["uris"]) == right


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _wait_out(line: ProgressLine, clock: _Clock, seconds: int) -> None:
    """Report a wait once a second, as the client does."""
    for left in range(seconds, 0, -1):
        line(Progress("rate-limit", 0, 0, f"Spotify asks to wait {left} s (rate limit)", left))
        clock.now += 1


def test_a_wait_through_a_pipe_is_one_line_per_ten_seconds():
    clock, pipe = _Clock(), io.StringIO()
    line = ProgressLine(pipe, clock=clock)
    line(Progress("search", 1, 4, "matched 1 of 4"))  # plain progress stays off a log
    _wait_out(line, clock, 35)
    _wait_out(line, clock, 3)  # a second wait is announced at once
    assert pipe.getvalue().splitlines() == [
        "Spotify asks to wait 35 s (rate limit)",
        "Spotify asks to wait 25 s (rate limit)",
        "Spotify asks to wait 15 s (rate limit)",
        "Spotify asks to wait 5 s (rate limit)",
        "Spotify asks to wait 3 s (rate limit)",
    ]


def test_a_wait_on_a_terminal_is_a_countdown_in_one_line():
    clock, terminal = _Clock(), _Terminal()
    line = ProgressLine(terminal, clock=clock)
    _wait_out(line, clock, 12)
    line.finish()
    shown = terminal.getvalue()
    assert "\n" not in shown  # updated in place
    assert shown.count("\r\x1b[2K") == 13
    assert "wait 12 s" in shown and "wait 1 s" in shown


def test_ctrl_c_during_a_rate_limit_wait_stops_at_once(signed_in, song_file):
    """A person who will not sit through a wait presses Ctrl+C: the run ends now, not after it."""
    import signal

    from tests.program import start_cli

    path, _ = song_file
    before = path.read_text(encoding="utf-8")
    signed_in.inject(Fault("429", method="GET", path="search", times=1, retry_after=90))
    proc = start_cli("sync", str(path))
    first = proc.stderr.readline()  # the wait is announced as it starts (stderr is a pipe)
    assert "asks to wait" in first, first
    asked = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=60)
    assert time.monotonic() - asked < 10  # well inside the 90 s Spotify asked for
    assert proc.returncode == 130, (first, rest)
    assert "Traceback" not in rest and "interrupted" in rest
    load_playlist(path)  # whatever was saved loads
    if path.read_text(encoding="utf-8") != before:  # the other songs' matches were kept
        assert SAVED in rest
