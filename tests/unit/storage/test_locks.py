"""The writer lock: one writer per playlist file and per Spotify playlist, across processes
and threads."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.storage import locks
from app.storage.locks import Busy, writer_lock
from tests.paths import REPO
from tests.program import LOCK_HOLDER, start_lock_holder, stop_lock_holder


@pytest.fixture
def playlist(tmp_path) -> Path:
    path = tmp_path / "drive.yaml"
    path.write_text("name: Drive\n", encoding="utf-8")
    return path


def test_second_process_is_refused_with_the_holders_pid(playlist):
    holder = start_lock_holder(playlist)
    try:
        with pytest.raises(Busy) as caught, writer_lock(path=playlist, wait=0.2):
            pytest.fail("took a lock another process holds")
        assert str(caught.value) == (
            f"drive.yaml is being synced by another drive-playlist, pid {holder.pid}"
        )
        assert caught.value.holder_pid == holder.pid
        assert caught.value.holder_command.split()[1] == "-c"  # the holder's command line
        assert caught.value.what == "drive.yaml"
    finally:
        stop_lock_holder(holder)
    with writer_lock(path=playlist, wait=5):  # free again once the holder let go
        pass


def test_the_purpose_is_named(playlist):
    holder = start_lock_holder(playlist)
    try:
        busy = pytest.raises(Busy, match=r"^drive\.yaml is being matched by another")
        with busy, writer_lock(path=playlist, purpose="matched", wait=0):
            pass
    finally:
        stop_lock_holder(holder)


def test_a_symbolic_link_and_its_target_share_one_lock(playlist, tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(playlist)
    holder = start_lock_holder(link)
    try:
        with pytest.raises(Busy), writer_lock(path=playlist, wait=0):
            pass
    finally:
        stop_lock_holder(holder)


def test_the_remote_playlist_is_locked_too(playlist, tmp_path):
    other_file = tmp_path / "copy.yaml"
    other_file.write_text("name: Drive\n", encoding="utf-8")
    holder = start_lock_holder(other_file, "PL123")
    try:
        both = writer_lock(path=playlist, playlist_id="PL123", wait=0.1)
        with pytest.raises(Busy) as caught, both:
            pass
        assert str(caught.value).startswith("Spotify playlist PL123 is being synced")
        # The file's own lock, taken first, was let go when the playlist's was refused.
        with writer_lock(path=playlist, wait=0):
            pass
    finally:
        stop_lock_holder(holder)


def test_a_killed_holder_leaves_no_lock_and_its_note_is_not_believed(playlist):
    holder = start_lock_holder(playlist)
    where = locks.lock_path(locks.file_key(playlist), beside=playlist)
    note = where.with_name(where.name + locks.HOLDER_SUFFIX)
    assert json.loads(note.read_text())["pid"] == holder.pid
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    assert note.exists()  # the killed process could not clean up
    assert locks.read_holder(where) == (None, None)
    with writer_lock(path=playlist, wait=5):
        assert json.loads(note.read_text())["pid"] == os.getpid()
    assert not note.exists()


def test_a_note_naming_a_dead_process_gives_no_pid(playlist):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead_pid = int(dead.stdout)
    ready, done = threading.Event(), threading.Event()
    where = locks.lock_path(locks.file_key(playlist), beside=playlist)

    def hold():
        with writer_lock(path=playlist):
            note = where.with_name(where.name + locks.HOLDER_SUFFIX)
            note.write_text(json.dumps({"pid": dead_pid, "command": "x"}))
            ready.set()
            done.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert ready.wait(30)
        with pytest.raises(Busy) as caught, writer_lock(path=playlist, wait=0):
            pass
        assert caught.value.holder_pid is None
        assert str(caught.value) == "drive.yaml is being synced by another drive-playlist"
    finally:
        done.set()
        thread.join(30)


def test_the_same_thread_may_nest(playlist):
    with writer_lock(path=playlist, playlist_id="PL1", wait=0):
        with writer_lock(path=playlist, wait=0):
            pass
        with writer_lock(path=playlist, playlist_id="PL1", wait=0):
            pass
        # Still held after the inner ones let go: another process is refused.
        probe = subprocess.run(
            [sys.executable, "-c", LOCK_HOLDER.replace("wait=30", "wait=0"), str(playlist), ""],
            cwd=REPO,
            env=dict(os.environ),
            input="",
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert probe.returncode != 0 and "Busy" in probe.stderr


def test_another_thread_waits_for_the_holder(playlist):
    held, release = threading.Event(), threading.Event()

    def hold():
        with writer_lock(path=playlist):
            held.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(30)
    try:
        with pytest.raises(Busy), writer_lock(path=playlist, wait=0.05):
            pass
    finally:
        release.set()
        thread.join(30)
    with writer_lock(path=playlist, wait=0):
        pass


def test_threads_read_modify_write_one_at_a_time(playlist):
    """Each thread reads a counter, yields, and writes it back plus one: none is lost."""
    counter = playlist.with_name("counter")
    counter.write_text("0")
    rounds, workers = 20, 4
    started = threading.Barrier(workers)

    def work():
        started.wait(30)
        for _ in range(rounds):
            with writer_lock(path=playlist, playlist_id="PL1", wait=60):
                value = int(counter.read_text())
                threading.Event().wait(0.001)  # let another thread run mid-update
                counter.write_text(str(value + 1))

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert int(counter.read_text()) == rounds * workers


def test_locks_go_beside_the_file_when_the_home_folder_is_unusable(playlist, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "home-is-a-file"
    not_a_folder.write_text("")
    monkeypatch.setenv("DRIVE_PLAYLIST_HOME", str(not_a_folder))
    where = locks.lock_path(locks.file_key(playlist), beside=playlist)
    assert where.parent == playlist.parent
    assert where.name.startswith(".drive.yaml.")
    holder = start_lock_holder(playlist)
    try:
        with pytest.raises(Busy) as caught, writer_lock(path=playlist, wait=0):
            pass
        assert caught.value.holder_pid == holder.pid
    finally:
        stop_lock_holder(holder)
