"""Writing a file so that it is always either the old version or the new one.

The text goes to a temporary file in the same folder (same file system, so the final
rename is atomic), is flushed and fsynced, then renamed over the target; the folder is
fsynced so the rename itself survives a power cut.  A crash at any moment leaves the old
file or the new file, never a mixture.

Creating a file that must not exist yet (``exclusive``) links the temporary file to its
name instead of renaming it: a link fails when the name exists, so of several processes
creating one file exactly one succeeds, and a file that appeared meanwhile is never
replaced.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time

BACKUP_SUFFIX = ".bak"


def _umask() -> int:
    # os.umask can only be read by setting it; /proc avoids that race where it exists.
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: str) -> None:
    # Not every platform can open a folder (Windows); there the rename is as durable as it gets.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _keep_backup(path: str) -> None:
    """Make ``path.bak`` the current ``path``, itself atomically (link or copy, then rename)."""
    folder, name = os.path.split(path)
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".bak-tmp", dir=folder)
    os.close(fd)
    try:
        try:
            os.unlink(temp)
            os.link(path, temp)  # a hard link keeps the old contents once path is replaced
        except OSError:
            shutil.copy2(path, temp)  # file systems without hard links
        os.replace(temp, path + BACKUP_SUFFIX)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _create(temp: str, path: str) -> None:
    """Give the finished ``temp`` the name ``path`` only if nothing has it yet."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:  # no hard links here: reserve the name, then rename over the reservation
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(temp, path)
        return
    os.unlink(temp)


def write_atomic(
    path: str | os.PathLike,
    text: str | bytes,
    *,
    backup: bool = True,
    exclusive: bool = False,
    mode: int | None = None,
    durable: bool = True,
    follow_link: bool = True,
) -> None:
    """Replace ``path`` with ``text`` (UTF-8, or bytes as they are) atomically.

    ``backup`` keeps the previous file as ``path.bak``.  An existing file keeps its
    permission bits; a new one gets the usual ones for the user's umask, or ``mode`` when
    given (the temporary file is the owner's alone from its first byte either way).  A
    symbolic link is followed so the link stays a link; ``follow_link=False`` replaces the
    link itself, for files in the program's own folders where a planted link must not
    redirect the write.  ``exclusive`` creates the file only if it does not exist, raising
    FileExistsError otherwise, even if it appears during the write.  ``durable=False``
    skips the fsyncs: for copies that are rebuilt when lost (caches), where a power cut
    may cost the copy but never leaves half of one under its name.
    """
    path = os.fspath(path)
    path = os.path.realpath(path) if follow_link else os.path.abspath(path)
    folder, name = os.path.split(path)
    try:
        existing = os.stat(path) if follow_link else os.lstat(path)
    except FileNotFoundError:
        existing = None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise IsADirectoryError(21, "Is a folder", path)
    if existing is not None and exclusive:
        raise FileExistsError(17, "File exists", path)
    if mode is None:
        mode = stat.S_IMODE(existing.st_mode) if existing else 0o666 & ~_umask()
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with open(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        with contextlib.suppress(OSError):  # some file systems refuse chmod; content matters
            os.chmod(temp, mode)
        if exclusive:
            _create(temp, path)
        else:
            if backup and existing is not None:
                _keep_backup(path)
            os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if durable:
        _fsync_dir(folder)
    _sweep_leftovers(folder, name)


LEFTOVER_AGE = 600  # seconds: far longer than any save takes


def _sweep_leftovers(folder: str, name: str) -> None:
    """Remove temporary files an earlier save of this file left when it was killed."""
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not entry.name.startswith(f".{name}.") or not entry.name.endswith(
                (".tmp", ".bak-tmp")
            ):
                continue
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > LEFTOVER_AGE:
                    os.unlink(entry.path)
