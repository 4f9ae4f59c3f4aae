"""The playlist's details (name, description, public) merged three ways, like its items.

For each detail: changed only in the file, it goes to Spotify; changed only in Spotify, the
file takes it; changed on both sides to different values, the file wins and the report
says so.  A file without a base (linked by an older version) takes Spotify's details: the
person may have renamed it there, and the file's own name is in the report.
The description on Spotify is the file's, followed by a signature (and, on a playlist made
by a create whose answer may be lost, a tag): both are ignored when comparing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SIGNATURE = "Made with Drive Playlist."
MAX_DESCRIPTION = 300  # Spotify's limit
_TAG = re.compile(r"\s*\[dp-[0-9a-f]{8}\]$")


def describe(text: str | None, tag: str | None = None) -> str:
    """The remote description: what the playlist is, then where it came from (<= 300)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    tail = f"{SIGNATURE} [{tag}]" if tag else SIGNATURE
    if not text:
        return tail
    room = MAX_DESCRIPTION - len(tail) - 1
    if len(text) > room:
        text = text[: room - 1].rstrip() + "…"
    return f"{text} {tail}"


def undescribe(remote: str | None) -> str:
    """The file's description for a remote one (signature and tag taken off)."""
    text = _TAG.sub("", (remote or "").strip())
    return text.removesuffix(SIGNATURE).strip()


def same_description(a: str | None, b: str | None) -> bool:
    return undescribe(a) == undescribe(b)


@dataclass(frozen=True, slots=True)
class Details:
    name: str
    description: str  # as Spotify shows it (describe() of the file's)
    public: bool


@dataclass(frozen=True, slots=True)
class DetailsMerge:
    result: Details
    to_spotify: dict  # the fields to send (PUT playlists/{id})
    lines: tuple[str, ...]  # what happened, for the report


def merge_details(
    base: Details | None, local: Details, remote: Details, forced: frozenset = frozenset()
) -> DetailsMerge:
    """``forced``: fields the person set for this run (``--name``, ``--public``)."""
    send: dict = {}
    lines: list[str] = []
    result = {}
    for field, label in (("name", "name"), ("description", "description"), ("public", "")):
        mine, theirs = getattr(local, field), getattr(remote, field)
        equal = same_description if field == "description" else (lambda a, b: a == b)
        if equal(mine, theirs):
            result[field] = theirs
            continue
        was = None if base is None else getattr(base, field)
        local_changed = field in forced or (base is not None and not equal(mine, was))
        remote_changed = base is None or not equal(theirs, was)
        if local_changed:
            result[field] = mine
            send[field] = mine
            lines.append(_pushed(field, mine, theirs, conflict=remote_changed and base is not None))
        else:
            result[field] = theirs
            lines.append(_kept(field, mine, theirs, label))
    return DetailsMerge(Details(**result), send, tuple(lines))


def _visibility(public: bool) -> str:
    return "public" if public else "private"


def _pushed(field: str, mine, theirs, conflict: bool) -> str:
    if field == "public":
        line = f"The Spotify playlist was made {_visibility(mine)}, as in the file"
    elif field == "name":
        line = f"Renamed on Spotify: “{theirs}” → “{mine}”"
    else:
        line = "The file's description was sent to Spotify"
    if conflict:
        line += " (it was changed in Spotify too: the file's wins)"
    return line


def _kept(field: str, mine, theirs, label: str) -> str:
    if field == "public":
        return f"Made {_visibility(theirs)} in Spotify: kept"
    if field == "name":
        return f"Renamed in Spotify to “{theirs}”: the file takes that name (was “{mine}”)"
    return f"The {label} changed in Spotify: the file takes it"
