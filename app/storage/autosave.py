"""Unsaved work kept safe in the per-user folder, one file per running window.

Each window has a session id; its autosave is ``autosave/<session>.yaml``, an ordinary
playlist file plus an ``autosave`` block saying where the work came from and when it was
saved.  A clean exit deletes the session's file, so whatever is left after a start-up
belongs to a window that did not close cleanly.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from app.core.playlist import Playlist
from app.storage.atomic import write_atomic
from app.storage.home import state_dir
from app.storage.located import read_text
from app.storage.playlist_file import now_iso, playlist_to_dict
from app.storage.yaml_writer import dump

FOLDER = "autosave"
_SAFE_SESSION = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True, slots=True)
class Recovery:
    """An autosave left by a session that did not close cleanly."""

    path: Path
    original_path: str | None  # the file the work was opened from, None if never saved
    name: str
    saved_at: str  # ISO 8601
    item_count: int
    session: str


def _file_for(session: str) -> Path:
    if not _SAFE_SESSION.fullmatch(session):
        session = hashlib.sha256(session.encode("utf-8", "replace")).hexdigest()[:32]
    return state_dir(FOLDER) / f"{session}.yaml"


def write_autosave(playlist: Playlist, original_path: str | None, session: str) -> Path:
    """Save ``playlist`` as this session's autosave (atomically) and return its path."""
    data = playlist_to_dict(playlist)
    data["autosave"] = {
        "session": session,
        "saved_at": now_iso(),
        "original_path": None if original_path is None else os.fspath(original_path),
    }
    path = _file_for(session)
    write_atomic(path, dump(data), backup=False)
    return path


def _read(path: Path) -> Recovery | None:
    from app.storage.yamlio import load

    try:
        data = load(read_text(str(path)), str(path))
        info = data["autosave"]
        items = data.get("items") or []
        return Recovery(
            path=path,
            original_path=info.get("original_path"),
            name=str(data.get("name") or "Untitled playlist"),
            saved_at=str(info.get("saved_at") or ""),
            item_count=len(items) if isinstance(items, list) else 0,
            session=str(info.get("session") or path.stem),
        )
    except Exception:  # a damaged autosave is simply not offered
        return None


def recoverable(exclude_session: str | None = None) -> list[Recovery]:
    """Autosaves of other sessions, newest first."""
    folder = state_dir(FOLDER)
    own = _file_for(exclude_session).name if exclude_session else None
    found = []
    for path in folder.glob("*.yaml"):
        if path.name == own:
            continue
        recovery = _read(path)
        if recovery is not None:
            found.append(recovery)
    found.sort(key=lambda r: (r.saved_at, r.path.name), reverse=True)
    return found


def discard(recovery: Recovery) -> None:
    with contextlib.suppress(FileNotFoundError):
        recovery.path.unlink()


def clear_session(session: str) -> None:
    """A clean exit (or a save) removes the session's own autosave."""
    with contextlib.suppress(FileNotFoundError):
        _file_for(session).unlink()
