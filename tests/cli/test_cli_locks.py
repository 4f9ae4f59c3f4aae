"""One writer at a time on the command line: two runs on one file end with one playlist that
equals the file, and the run that had to wait says who holds the file."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import time

import pytest

from app.core.playlist import Playlist
from app.storage.playlist_file import load_playlist, save_playlist
from tests.cli.cli_helpers import add_songs, one_line_error, remote_uris, song_playlist
from tests.fakespotify import Fault
from tests.program import HANG_GUARD, cli, start_cli, start_lock_holder, stop_lock_holder

SONGS = 250


@pytest.fixture
def big_file(signed_in, tmp_path):
    path, _ = song_playlist(signed_in, tmp_path / "drive.yaml", "Lock test", SONGS)
    return path


def run_together(*argvs) -> list[tuple[subprocess.Popen, str, str]]:
    procs = [start_cli(*argv) for argv in argvs]
    return [(proc, *proc.communicate(timeout=HANG_GUARD * 2)) for proc in procs]


def busy_line(err: str, holder_pid: int, name: str = "drive.yaml") -> bool:
    """The one line of a run that found the file busy.  The pid may be missing only when
    the holder let go in the instant the waiter gave up (its note went with the lock)."""
    lines = err.strip().splitlines()
    pattern = rf"drive-playlist: {re.escape(name)} is being (synced|matched) by another "
    pattern += rf"drive-playlist(, pid {holder_pid})?"
    return len(lines) == 1 and re.fullmatch(pattern, lines[0]) is not None


def assert_one_writer_won(runs) -> None:
    """One run did the work; the other either waited its turn ("Up to date") or was told
    in one line, naming the winner, that the file was busy."""
    (a, a_out, a_err), (b, b_out, b_err) = runs
    assert sorted([a.returncode, b.returncode]) in ([0, 0], [0, 1]), (a_err, b_err)
    for (proc, out, err), (other, _, _) in ((runs[0], runs[1]), (runs[1], runs[0])):
        if proc.returncode == 1:
            assert busy_line(err, other.pid), err
            assert out == ""
    if a.returncode == b.returncode == 0:
        assert "Up to date" in a_out + b_out, (a_out, b_out)


def assert_remote_equals_file(fake, path) -> None:
    saved = load_playlist(path)
    wanted = [item.spotify_uri for item in saved.items if item.spotify_uri]
    assert len(wanted) == SONGS
    assert remote_uris(fake, path) == wanted
    assert len(set(wanted)) == len(wanted)  # no duplicates
    assert len(fake.own_playlists()) == 1


def test_two_first_syncs_at_once_make_one_playlist(signed_in, big_file):
    runs = run_together(("sync", str(big_file)), ("sync", str(big_file)))
    assert_one_writer_won(runs)
    assert_remote_equals_file(signed_in, big_file)


def test_two_updates_of_a_reordered_file_at_once(signed_in, big_file):
    first = cli("sync", str(big_file))
    assert first.returncode == 0, first.stderr
    playlist = load_playlist(big_file)
    random.Random(7).shuffle(playlist.items)
    save_playlist(playlist, big_file)
    # Slow additions widen the window in which two unordered writers would interleave.
    signed_in.inject(Fault("slow", method="POST", path="items$", times=2, delay=0.5))

    runs = run_together(("sync", str(big_file)), ("sync", str(big_file)))
    assert_one_writer_won(runs)
    assert_remote_equals_file(signed_in, big_file)
    assert remote_uris(signed_in, big_file) == [item.spotify_uri for item in playlist.items]


def test_a_busy_file_is_one_line_naming_the_holder(signed_in, tmp_path):
    path = tmp_path / "drive.yaml"
    save_playlist(Playlist(name="Busy", items=[item for item, _ in add_songs(signed_in, 2)]), path)
    before = path.read_bytes()
    holder = start_lock_holder(path)
    try:
        for command in ("sync", "match"):
            line = one_line_error(cli(command, str(path)), 1)
            purpose = "synced" if command == "sync" else "matched"
            assert line == (
                f"drive-playlist: drive.yaml is being {purpose} by another drive-playlist, "
                f"pid {holder.pid}"
            )
        assert "being written" in one_line_error(cli("new", "-o", str(path), "--force"), 1)
        assert signed_in.count() == 0  # nothing was asked of Spotify
        assert path.read_bytes() == before
    finally:
        stop_lock_holder(holder)
    assert cli("sync", str(path)).returncode == 0


def test_a_sync_killed_while_holding_the_file_does_not_block_the_next(signed_in, big_file):
    signed_in.inject(Fault("slow", method="GET", path="search", times=10_000, delay=0.2))
    victim = start_cli("sync", str(big_file))
    deadline = time.monotonic() + HANG_GUARD
    while signed_in.count("GET", "search") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert victim.poll() is None, victim.communicate()
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=HANG_GUARD)
    signed_in.clear_faults()

    after = cli("sync", str(big_file))
    assert after.returncode == 0, after.stderr
    assert_remote_equals_file(signed_in, big_file)
