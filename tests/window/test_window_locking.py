"""The writer lock as the window takes it: on worker threads only, and shared by the
window's running Spotify work with the window's own saves (the engine waits for those)."""

from __future__ import annotations

import threading

import pytest

from app.storage.locks import Busy
from app.storage.locks import writer_lock as storage_lock
from app.ui.locking import lending_lock, writer_lock


def test_never_on_the_gui_thread(tmp_path):
    with pytest.raises(RuntimeError, match="worker thread"), writer_lock(path=str(tmp_path / "f")):
        pass
    with pytest.raises(RuntimeError, match="worker thread"), lending_lock(path=str(tmp_path / "f")):
        pass


def in_thread(target) -> threading.Thread:
    errors = []

    def run():
        try:
            target()
        except BaseException as error:  # shown by the test, not lost in the thread
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.errors = errors
    thread.start()
    return thread


def held_by_someone(path: str) -> bool:
    try:
        with storage_lock(path=path, wait=0.05):
            return False
    except Busy:
        return True


def test_a_save_during_the_windows_own_sync_shares_its_lock(tmp_path):
    path = str(tmp_path / "drive.yaml")
    working, saving, save_may_end = threading.Event(), threading.Event(), threading.Event()
    steps = []

    def sync():
        with lending_lock(path=path, playlist_id="p1"):
            working.set()
            saving.wait(30)
            steps.append("sync done")
        steps.append("sync released")

    def save():
        working.wait(30)
        with writer_lock(path=path, playlist_id="p1"):  # the sync holds it: no waiting
            steps.append("saved")
            saving.set()
            save_may_end.wait(30)

    runs = [in_thread(sync), in_thread(save)]
    saving.wait(30)
    assert held_by_someone(path)
    save_may_end.set()
    for run in runs:
        run.join(30)
        assert not run.errors
    assert steps == ["saved", "sync done", "sync released"]
    assert not held_by_someone(path)


def test_the_sync_keeps_the_lock_until_the_save_it_lent_to_ends(tmp_path):
    path = str(tmp_path / "drive.yaml")
    inside, sync_may_end, save_may_end = threading.Event(), threading.Event(), threading.Event()

    def sync():
        with lending_lock(path=path):
            inside.set()
            sync_may_end.wait(30)

    def save():
        inside.wait(30)
        with writer_lock(path=path):
            sync_may_end.set()  # the sync ends while this save still writes
            save_may_end.wait(30)

    runs = [in_thread(sync), in_thread(save)]
    sync_may_end.wait(30)
    assert held_by_someone(path)  # the sync's body is over, its loan is not
    save_may_end.set()
    for run in runs:
        run.join(30)
        assert not run.errors
    assert not held_by_someone(path)
