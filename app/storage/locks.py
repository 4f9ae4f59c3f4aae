"""One writer at a time for a playlist file and for a Spotify playlist.

Two programs that read, change and write the same playlist (a sync in a terminal, the
window's background work) would otherwise interleave their writes.  Each writer holds a
lock keyed by the file's real path and, when known, by the remote playlist id, for the
whole read-modify-write.

The locks are ``filelock`` locks (``flock`` where the file system has it, so the kernel
releases the lock of a killed process) in the per-user folder under ``locks/``, named by a
hash of the key; beside the playlist file when that folder is unusable.  Next to each lock
a small JSON note says who holds it (pid and command line) so the loser can name the
holder.  The note is only believed while that process is alive and is the same program:
a killed holder leaves a note behind but no lock.

Within one process the same thread may take a lock it already holds (nested work), while
another thread waits like another process would: ``filelock`` gives each thread its own
descriptor.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from app.storage.atomic import write_atomic
from app.storage.home import state_dir

LOCKS_FOLDER = "locks"
HOLDER_SUFFIX = ".holder.json"
DEFAULT_WAIT = 2.0  # seconds: long enough for a short save to finish, short enough to answer


class Busy(Exception):
    """Another writer holds the lock; says who, when the holder left a believable note."""

    def __init__(self, what: str, purpose: str, holder_pid: int | None, holder_command: str | None):
        self.what = what
        self.purpose = purpose
        self.holder_pid = holder_pid
        self.holder_command = holder_command
        text = f"{what} is being {purpose} by another drive-playlist"
        if holder_pid is not None:
            text += f", pid {holder_pid}"
        super().__init__(text)


def file_key(path: str | os.PathLike) -> str:
    # The real path: a symbolic link and its target, or two spellings of a folder, are one file.
    return "file:" + os.path.realpath(os.fspath(path))


def playlist_key(playlist_id: str) -> str:
    return "spotify-playlist:" + playlist_id


def _lock_name(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".lock"


def _usable_folder(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def lock_path(key: str, beside: str | os.PathLike | None = None) -> Path:
    """Where the lock for ``key`` lives: the per-user folder, else beside the file."""
    try:
        folder = state_dir(LOCKS_FOLDER)
        if _usable_folder(folder):
            return folder / _lock_name(key)
    except OSError:
        pass
    if beside is not None:
        real = Path(os.path.realpath(os.fspath(beside)))
        return real.parent / f".{real.name}.{_lock_name(key)}"
    return Path(tempfile.gettempdir()) / f"drive-playlist-{_lock_name(key)}"


# One FileLock per lock file in this process: the same thread re-entering counts up on it,
# another thread gets its own descriptor from it and so waits for the first.
_instances: dict[str, FileLock] = {}
_instances_guard = threading.Lock()


def _file_lock(path: Path) -> FileLock:
    with _instances_guard:
        lock = _instances.get(str(path))
        if lock is None:
            lock = _instances[str(path)] = FileLock(str(path), thread_local=True)
        return lock


def _command_line() -> str:
    return _proc_command(os.getpid()) or " ".join([sys.executable, *sys.argv])


def _holder_note(path: Path) -> Path:
    return path.with_name(path.name + HOLDER_SUFFIX)


def _write_note(path: Path) -> None:
    note = _holder_note(path)
    body = json.dumps({"pid": os.getpid(), "command": _command_line(), "since": time.time()})
    # The note is only a courtesy for the loser's message: failing to write it never stops work.
    with contextlib.suppress(OSError):
        write_atomic(note, body, backup=False, durable=False, follow_link=False)


def _remove_note(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(_holder_note(path))


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        return True  # os.kill(pid, 0) would send Ctrl+C there; the note is removed on release
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


def _proc_command(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None  # no /proc on this system: the pid check alone must do
    return " ".join(part.decode("utf-8", "replace") for part in raw.split(b"\0") if part)


def read_holder(path: Path) -> tuple[int | None, str | None]:
    """The holder's pid and command from its note, or (None, None) when not believable."""
    try:
        data = json.loads(_holder_note(path).read_text(encoding="utf-8"))
        pid, command = int(data["pid"]), str(data["command"])
    except (OSError, ValueError, KeyError, TypeError):
        return None, None
    if not _alive(pid):
        return None, None
    running = _proc_command(pid)
    if running is not None and running != command:
        return None, None  # the pid now belongs to another program: the note is stale
    return pid, command


def _acquire(lock: FileLock, path: Path, deadline: float, what: str, purpose: str) -> None:
    try:
        lock.acquire(timeout=max(0.0, deadline - time.monotonic()))
    except Timeout:
        pid, command = read_holder(path)
        raise Busy(what, purpose, pid, command) from None
    if lock.lock_counter == 1:
        _write_note(path)


def _release(lock: FileLock, path: Path) -> None:
    if lock.lock_counter == 1:
        _remove_note(path)
    lock.release()


@contextmanager
def writer_lock(
    *,
    path: str | os.PathLike | None = None,
    playlist_id: str | None = None,
    purpose: str = "synced",
    wait: float = DEFAULT_WAIT,
) -> Iterator[None]:
    """One writer at a time per playlist file (keyed by its real path) and per remote playlist id.

    Waits up to ``wait`` seconds in all, then raises :class:`Busy`.  The file's lock is
    always taken before the playlist id's, so two writers never hold one each and wait
    for the other.
    """
    wanted: list[tuple[Path, str]] = []
    if path is not None:
        wanted.append((lock_path(file_key(path), beside=path), Path(os.fspath(path)).name))
    if playlist_id:
        wanted.append(
            (lock_path(playlist_key(playlist_id), beside=path), f"Spotify playlist {playlist_id}")
        )
    deadline = time.monotonic() + wait
    held: list[tuple[FileLock, Path]] = []
    try:
        for where, what in wanted:
            lock = _file_lock(where)
            _acquire(lock, where, deadline, what, purpose)
            held.append((lock, where))
        yield
    finally:
        for lock, where in reversed(held):
            _release(lock, where)
