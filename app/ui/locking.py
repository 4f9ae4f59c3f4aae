"""The one-writer-at-a-time lock, as the window's background work takes it.

Taking the lock may wait for another drive-playlist to finish, so it is only ever taken on
a worker thread: waiting must never freeze the window.

The window's Spotify work (a match or sync) holds the lock for its whole run, and the
window records what that work learns (a new playlist's id) at once, by a file save on
another worker thread.  The storage lock makes every other thread wait like another
process would, so that save would wait for the run that asked for it.  Instead the
Spotify work *lends* its lock to the window's own file writes: a write whose keys are
already held by this window's work goes ahead under them, and the work keeps the lock
until every such write is done.  The window's work never writes the file itself, so the
two never interleave; other processes still wait for both.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator

from app.storage.locks import Busy
from app.storage.locks import writer_lock as storage_lock

__all__ = ["Busy", "lending_lock", "writer_lock"]

_lent: dict[str, int] = {}  # a key held by this window's work -> writes running under it
_changed = threading.Condition()


def _keys(path: str | None, playlist_id: str | None) -> dict[str, str | None]:
    return {
        "path": None if path is None else "file:" + os.path.realpath(path),
        "playlist": None if not playlist_id else "playlist:" + playlist_id,
    }


def _on_worker() -> None:
    if threading.current_thread() is threading.main_thread():
        raise RuntimeError("the writer lock is taken on a worker thread, never the GUI thread")


@contextlib.contextmanager
def lending_lock(
    *, path: str | None = None, playlist_id: str | None = None, purpose: str = "synced"
) -> Iterator[None]:
    """For the window's Spotify work: hold the lock, and let the window's own saves share it."""
    _on_worker()
    keys = [k for k in _keys(path, playlist_id).values() if k]
    with storage_lock(path=path, playlist_id=playlist_id, purpose=purpose):
        with _changed:
            for key in keys:
                _lent[key] = 0
        try:
            yield
        finally:
            with _changed:
                _changed.wait_for(lambda: all(_lent.get(k, 0) == 0 for k in keys))
                for key in keys:
                    _lent.pop(key, None)


@contextlib.contextmanager
def writer_lock(
    *, path: str | None = None, playlist_id: str | None = None, purpose: str = "saved"
) -> Iterator[None]:
    """For the window's file writes: under the window's own running work's lock if it holds
    these keys, else the lock itself (waiting briefly, then Busy)."""
    _on_worker()
    keys = _keys(path, playlist_id)
    with _changed:
        borrowed = [k for k in keys.values() if k and k in _lent]
        for key in borrowed:
            _lent[key] += 1
    try:
        own_path = path if keys["path"] and keys["path"] not in borrowed else None
        own_id = playlist_id if keys["playlist"] and keys["playlist"] not in borrowed else None
        if own_path or own_id:
            with storage_lock(path=own_path, playlist_id=own_id, purpose=purpose):
                yield
        else:
            yield
    finally:
        with _changed:
            for key in borrowed:
                _lent[key] -= 1
            _changed.notify_all()
