"""Parsed copies of YAML files, keyed by their exact content, so a file read or written
before opens without parsing YAML again.

A dossier at every start and a playlist the program itself saved are the common cases.
The key is a hash of the text (with the kind and the program's version), so an edit made
anywhere, however small, means a fresh parse.  Copies are JSON holding their own key (a
copy that was replaced by another one is not trusted); at most MAX_ENTRIES are kept, the
least recently used going first.

Everything here is best effort and must never make a command slower, wrong or stuck: a
copy that is not a regular file, is larger than its text could give, or does not hold its
key is ignored; a copy that cannot be written leaves no temporary file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from app import __version__
from app.storage.atomic import write_atomic
from app.storage.home import state_dir
from app.storage.located import LoadError, Located

T = TypeVar("T")

MAX_ENTRIES = 32
FOLDER = "parsed"
# A temporary file older than this was left by a crash: swept at the next store.
STALE_TEMP_SECONDS = 600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NOFOLLOW


def key_for(kind: str, text: str) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"{kind}\0{__version__}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return f"{kind}-{digest.hexdigest()}"


def entry_limit(text: str) -> int:
    """The most bytes a copy of ``text`` can take: JSON spells a YAML value in at most a
    few times its characters (``n`` is ``false``), plus room for the key."""
    return 8 * len(text) + 4096


def _folder() -> Path:
    return state_dir("cache") / FOLDER


def load(key: str, max_bytes: int) -> Any | None:
    """The data stored under ``key``, or None (no copy, or one that cannot be trusted)."""
    try:
        path = _folder() / f"{key}.json"
        fd = os.open(path, _OPEN_FLAGS)  # non-blocking: a FIFO must not hang the command
    except OSError:
        return None
    try:
        with open(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
                return None
            raw = fh.read(max_bytes + 1)
        if len(raw) > max_bytes:
            return None
        entry = json.loads(raw)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key or "data" not in entry:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used
    return entry["data"]


def store(key: str, data: Any) -> None:
    store_entry(key, entry_for(key, data))


def entry_for(key: str, data: Any) -> bytes | None:
    """The copy of ``data`` as stored under ``key``; None for data JSON cannot hold (dates)."""
    try:
        text = json.dumps({"key": key, "data": data}, ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return None


def store_entry(key: str, raw: bytes | None) -> None:
    """Keep a copy made by :func:`entry_for` (nothing for None)."""
    if raw is None:
        return
    try:
        folder = _folder()
        folder.mkdir(exist_ok=True)
    except OSError:
        return  # nowhere to keep it: only costs a parse
    # A copy lost to a power cut is only a parse again: no fsync; a link planted in the
    # folder is replaced, never written through.
    with contextlib.suppress(OSError):  # a full disk, most likely: nothing half-written stays
        write_atomic(
            folder / f"{key}.json", raw, backup=False, mode=0o600, durable=False, follow_link=False
        )
    with contextlib.suppress(OSError):
        _prune(folder)


def clear() -> None:
    with contextlib.suppress(OSError):
        for path in _folder().glob("*.json"):
            with contextlib.suppress(OSError):
                path.unlink()


def _prune(folder: Path) -> None:
    """Keep the MAX_ENTRIES most recently used copies; sweep temporary files left by a crash."""
    now = time.time()
    copies = []
    with os.scandir(folder) as found:
        for item in found:
            try:
                modified = item.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            if item.name.endswith(".json"):
                copies.append((modified, item.path))
            elif item.name.endswith(".tmp") and now - modified > STALE_TEMP_SECONDS:
                with contextlib.suppress(OSError):
                    os.unlink(item.path)
    copies.sort(reverse=True)
    for _, old in copies[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            os.unlink(old)


def build_cached(kind: str, text: str, file: str, build: Callable[[Located], T]) -> T:
    """``build`` from the cached copy of ``text`` when there is one, else from a parse
    (which is then cached).  Errors always come from a parse, so they name the place."""
    key = key_for(kind, text)
    cached = load(key, entry_limit(text))
    if cached is not None:
        with contextlib.suppress(LoadError):
            return build(Located(cached, file, spare=True))
    from app.storage.yamlio import build as build_from_yaml  # the parser only when needed

    copies: list[bytes | None] = []

    def build_and_keep(located: Located) -> T:
        # The copy is made before building, for the build may let go of the parsed data
        # as it uses it (see Located.spare): a big file's data and what is built from it
        # are then not both held whole.
        copies.append(entry_for(key, located.data))
        return build(located)

    result = build_from_yaml(text, file, build_and_keep, f"a {kind} file")
    store_entry(key, copies[-1])
    return result
