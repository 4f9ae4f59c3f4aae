"""Parsed copies of YAML files, keyed by their exact content, so a file read or written
before opens without parsing YAML again.

A dossier at every start and a playlist the program itself saved are the common cases.
The key is a hash of the text (with the kind and the program's version), so an edit made
anywhere, however small, means a fresh parse.  Copies are JSON; at most MAX_ENTRIES are
kept, the least recently used going first.  Everything here is best effort: a cache that
cannot be read or written only costs a parse.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from typing import Any, TypeVar

from app import __version__
from app.storage.home import state_dir
from app.storage.located import LoadError, Located

T = TypeVar("T")

MAX_ENTRIES = 32
FOLDER = "parsed"


def key_for(kind: str, text: str) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"{kind}\0{__version__}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return f"{kind}-{digest.hexdigest()}"


def load(key: str) -> Any | None:
    path = state_dir("cache") / FOLDER / f"{key}.json"
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        os.utime(path)  # recently used
    except (OSError, ValueError):
        return None
    return data


def store(key: str, data: Any) -> None:
    with contextlib.suppress(OSError, TypeError, ValueError):
        folder = state_dir("cache") / FOLDER
        folder.mkdir(exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, folder / f"{key}.json")
        _prune(folder)


def clear() -> None:
    folder = state_dir("cache") / FOLDER
    for path in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            path.unlink()


def _prune(folder) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()


def build_cached(kind: str, text: str, file: str, build: Callable[[Located], T]) -> T:
    """``build`` from the cached copy of ``text`` when there is one, else from a parse
    (which is then cached).  Errors always come from a parse, so they name the place."""
    key = key_for(kind, text)
    cached = load(key)
    if cached is not None:
        with contextlib.suppress(LoadError):
            return build(Located(cached, {}, file))
    from app.storage.yamlio import build_from_yaml  # the parser only when needed

    parsed: list[Any] = []

    def build_and_keep(located: Located) -> T:
        result = build(located)
        parsed.append(located.data)
        return result

    result = build_from_yaml(text, file, build_and_keep)
    store(key, parsed[-1])
    return result
