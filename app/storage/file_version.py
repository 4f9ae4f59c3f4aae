"""Which version of a playlist file a window holds, so it notices when another program wrote it.

A version is the digest of the file's text; the stamp (inode, modification time, size)
only answers "maybe unchanged?" cheaply, because an atomic save replaces the inode and
a save within the same clock tick can keep the time.  The digest decides.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection
from dataclasses import dataclass

from app.core.playlist import Playlist
from app.storage.located import LoadError, read_text

Stamp = tuple[int, int, int]


class ChangedOnDisk(Exception):
    """The file is no longer the version the window opened or last saved."""

    def __init__(self, path: str, gone: bool = False):
        self.path, self.gone = path, gone
        name = os.path.basename(path)
        what = "was deleted or renamed" if gone else "was changed by another program"
        super().__init__(f"{name} {what} since it was opened")


@dataclass(frozen=True, slots=True)
class FileVersion:
    digest: str
    stamp: Stamp | None = None


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamp_of(path: str) -> Stamp | None:
    """The file's cheap identity now, or None when there is no file there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def read_version(path: str) -> tuple[str, FileVersion]:
    """The file's text and its version; a LoadError (``no such file``...) when unreadable."""
    stamp = stamp_of(path)  # before reading: a write in between shows up as a changed stamp
    text = read_text(path)
    return text, FileVersion(digest_of(text), stamp)


def load_versioned(path: str) -> tuple[Playlist, FileVersion]:
    from app.storage.playlist_file import parse_playlist

    text, version = read_version(path)
    return parse_playlist(text, path), version


def ensure_unchanged(path: str, known: FileVersion | None, also: Collection[str] = ()) -> None:
    """Raise ChangedOnDisk unless ``path`` still holds ``known`` or one of the digests in
    ``also`` (versions the caller wrote itself); no version known: nothing to compare
    (e.g. a first save to a new place)."""
    if known is None:
        return
    try:
        _text, now = read_version(path)
    except LoadError:
        if not os.path.exists(path):
            raise ChangedOnDisk(path, gone=True) from None
        raise ChangedOnDisk(path) from None
    if now.digest != known.digest and now.digest not in also:
        raise ChangedOnDisk(path)


def save_versioned(
    playlist: Playlist, path: str, known: FileVersion | None, also: Collection[str] = ()
) -> FileVersion:
    """Save ``playlist`` over ``path`` if the file is still ``known`` (or one of ``also``,
    see ensure_unchanged); returns the version written."""
    from app.storage.playlist_file import save_playlist

    ensure_unchanged(path, known, also)
    text = save_playlist(playlist, path)
    return FileVersion(digest_of(text), stamp_of(path))
