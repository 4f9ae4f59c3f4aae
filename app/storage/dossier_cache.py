"""A JSON copy of each dossier that validated, so start-up need not parse YAML.

The key is the file's resolved path, size and modification time plus the schema version
and the program version; any change to the file makes a fresh parse.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from typing import Any

from app import __version__
from app.storage.home import state_dir


def _entry(path: str) -> tuple[str, list]:
    real = os.path.realpath(path)
    st = os.stat(real)
    name = hashlib.sha1(real.encode(), usedforsecurity=False).hexdigest()[:16]
    return name, [real, st.st_size, st.st_mtime_ns]


def load(path: str, schema_version: int) -> Any | None:
    try:
        name, key = _entry(path)
        with open(state_dir("cache") / f"dossier-{name}.json", encoding="utf-8") as fh:
            cached = json.load(fh)
    except (OSError, ValueError):
        return None
    if cached.get("key") != [*key, schema_version, __version__]:
        return None
    return cached.get("data")


def store(path: str, schema_version: int, data: Any) -> None:
    """Best effort: a cache that cannot be written only costs the next start a parse."""
    with contextlib.suppress(OSError, TypeError, ValueError):
        name, key = _entry(path)
        target = state_dir("cache") / f"dossier-{name}.json"
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(
            json.dumps({"key": [*key, schema_version, __version__], "data": data}), encoding="utf-8"
        )
        os.replace(tmp, target)
