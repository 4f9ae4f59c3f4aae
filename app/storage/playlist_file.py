"""The playlist file: YAML with a format marker and a version, read strictly, written atomically.

Reading takes the fast path first (the C parser without positions); only when the data
turns out to be wrong is the file parsed again with positions, so the error can still name
the line, column and field.  Reading never writes anything.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from app.core.merge import BaseSlot
from app.core.playlist import (
    Candidate,
    ItemKind,
    MatchStatus,
    PendingCreate,
    Playlist,
    PlaylistItem,
    RemoteBase,
    RemotePlaylist,
    TrackMatch,
    new_item_id,
    spotify_uri_for,
    spotify_uri_kind,
)
from app.storage import parse_cache, yaml_writer
from app.storage.atomic import write_atomic
from app.storage.located import FieldPath, LoadError, Located, read_text
from app.storage.migrations import CURRENT_VERSION, MigrationError, migrate, path_in_file
from app.storage.parse_cache import build_cached

FORMAT_MARKER = "drive-playlist"
NEWER = "made by a newer version of Drive Playlist"

_TEXT, _INT, _BOOL, _NUM = "text", "whole number", "true or false", "number"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, int):
        return _INT
    if isinstance(value, float):
        return _NUM
    if isinstance(value, str):
        return _TEXT
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


class _Reader:
    """Typed access to parsed data; every mistake is a LoadError at its place."""

    def __init__(self, located: Located):
        self.loc = located

    def fail(self, path: FieldPath, message: str) -> LoadError:
        return self.loc.error(path, message)

    def mapping(self, value: Any, path: FieldPath) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected a mapping of fields, got {_kind(value)}")
        return value

    def get(self, data: dict, key: str, path: FieldPath, kind: str, *, required: bool = False):
        if key not in data or data[key] is None:
            if required:
                raise self.fail(path, f"missing required field {key!r}")
            return None
        value = data[key]
        if kind is _TEXT:
            ok = isinstance(value, str)
        elif kind is _BOOL:
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            ok = ok and (kind is _NUM or isinstance(value, int))
        if not ok:
            hint = " (put it in quotes)" if kind == _TEXT and _kind(value) != "a mapping" else ""
            raise self.fail((*path, key), f"expected {kind}, got {_kind(value)}{hint}")
        return value

    def count(self, data: dict, key: str, path: FieldPath) -> int | None:
        value = self.get(data, key, path, _INT)
        if value is not None and value < 0:
            raise self.fail((*path, key), f"expected a whole number of at least 0, got {value}")
        return value

    def texts(self, data: dict, key: str, path: FieldPath, *, required: bool = False) -> tuple:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(path, f"missing required field {key!r}")
            return ()
        if isinstance(value, str):  # one artist written without brackets
            return (value,)
        if not isinstance(value, list):
            raise self.fail((*path, key), f"expected a list of text, got {_kind(value)}")
        for i, part in enumerate(value):
            if not isinstance(part, str):
                raise self.fail((*path, key, i), f"expected text, got {_kind(part)}")
        return tuple(value)

    def timestamp(self, data: dict, key: str, path: FieldPath) -> str | None:
        value = data.get(key)
        if isinstance(value, dt.date):  # YAML reads an unquoted ISO 8601 time as a datetime
            return value.isoformat()
        return self.get(data, key, path, _TEXT)

    def uri(self, data: dict, key: str, path: FieldPath) -> str | None:
        value = self.get(data, key, path, _TEXT)
        if value is None:
            return None
        if value.startswith("https://"):
            value = spotify_uri_for(value) or value
        if spotify_uri_kind(value) is None:  # a track, an episode or a local file
            raise self.fail(
                (*path, key), f"expected a Spotify URI like spotify:track:ID, got {value!r}"
            )
        return value


def _candidate(r: _Reader, value: Any, path: FieldPath) -> Candidate:
    data = r.mapping(value, path)
    return Candidate(
        uri=r.uri(data, "uri", path) or r.get(data, "uri", path, _TEXT, required=True),
        title=r.get(data, "title", path, _TEXT, required=True),
        artists=r.texts(data, "artists", path),
        album=r.get(data, "album", path, _TEXT),
        year=r.get(data, "year", path, _INT),
        duration=r.count(data, "duration", path),
        url=r.get(data, "url", path, _TEXT),
        image_url=r.get(data, "image_url", path, _TEXT),
        isrc=r.get(data, "isrc", path, _TEXT),
        score=float(r.get(data, "score", path, _NUM) or 0.0),
    )


def _match(r: _Reader, value: Any, path: FieldPath) -> TrackMatch:
    data = r.mapping(value, path)
    uri = r.uri(data, "uri", path)
    status_text = r.get(data, "status", path, _TEXT)
    if status_text is None:
        if uri is None:
            raise r.fail(path, "missing required field 'uri' (or a 'status')")
        status = MatchStatus.CHOSEN  # a URI written by hand is a person's choice
    else:
        try:
            status = MatchStatus(status_text)
        except ValueError:
            known = ", ".join(s.value for s in MatchStatus)
            raise r.fail(
                (*path, "status"), f"unknown status {status_text!r} (known: {known})"
            ) from None
    if status in (MatchStatus.MATCHED, MatchStatus.CHOSEN) and uri is None:
        raise r.fail(path, f"missing required field 'uri' (status is {status.value})")
    track = data.get("track")
    candidates = data.get("candidates") or []
    if not isinstance(candidates, list):
        raise r.fail((*path, "candidates"), f"expected a list, got {_kind(candidates)}")
    score = r.get(data, "score", path, _NUM)
    offered = tuple(_candidate(r, c, (*path, "candidates", i)) for i, c in enumerate(candidates))
    if track is not None:
        chosen = _candidate(r, track, (*path, "track"))
    else:  # written once, in the list (see _match_dict)
        chosen = next((c for c in offered if uri is not None and c.uri == uri), None)
    return TrackMatch(
        status=status,
        uri=uri,
        score=None if score is None else float(score),
        chosen_by_user=bool(r.get(data, "chosen_by_user", path, _BOOL)),
        track=chosen,
        candidates=offered,
        market=r.get(data, "market", path, _TEXT),
    )


def _item_kind(r: _Reader, data: dict, path: FieldPath) -> ItemKind:
    text = r.get(data, "kind", path, _TEXT)
    try:
        return ItemKind(text or ItemKind.TRACK)
    except ValueError:
        known = ", ".join(k.value for k in ItemKind)
        raise r.fail((*path, "kind"), f"unknown kind {text!r} (known: {known})") from None


def _item(r: _Reader, value: Any, path: FieldPath) -> PlaylistItem:
    data = r.mapping(value, path)
    spotify = data.get("spotify")
    return PlaylistItem(
        kind=_item_kind(r, data, path),
        id=r.get(data, "id", path, _TEXT) or new_item_id(),
        entry_id=r.get(data, "entry", path, _TEXT),
        track_id=r.get(data, "track", path, _TEXT),
        title=r.get(data, "title", path, _TEXT, required=True),
        artists=r.texts(data, "artists", path),
        album=r.get(data, "album", path, _TEXT),
        year=r.get(data, "year", path, _INT),
        duration=r.count(data, "duration", path),
        note=r.get(data, "note", path, _TEXT),
        match=None if spotify is None else _match(r, spotify, (*path, "spotify")),
    )


def _remote(r: _Reader, value: Any, path: FieldPath) -> RemotePlaylist:
    data = r.mapping(value, path)
    base = data.get("base")
    return RemotePlaylist(
        id=r.get(data, "playlist_id", path, _TEXT, required=True),
        snapshot_id=r.get(data, "snapshot_id", path, _TEXT),
        url=r.get(data, "url", path, _TEXT),
        public=bool(r.get(data, "public", path, _BOOL)),
        owner=r.get(data, "owner", path, _TEXT),
        base=None if base is None else _base(r, base, (*path, "base")),
    )


def _base(r: _Reader, value: Any, path: FieldPath) -> RemoteBase:
    data = r.mapping(value, path)
    slots = data.get("slots") or []
    if not isinstance(slots, list):
        raise r.fail((*path, "slots"), f"expected a list of slots, got {_kind(slots)}")
    return RemoteBase(
        snapshot_id=r.get(data, "snapshot_id", path, _TEXT),
        name=r.get(data, "name", path, _TEXT) or "",
        description=r.get(data, "description", path, _TEXT) or "",
        public=bool(r.get(data, "public", path, _BOOL)),
        slots=tuple(_slot(r, slot, (*path, "slots", i)) for i, slot in enumerate(slots)),
    )


def _slot(r: _Reader, value: Any, path: FieldPath) -> BaseSlot:
    """``[item id, URI]``, or ``[item id]`` for a slot without a URI."""
    ok = isinstance(value, list) and 1 <= len(value) <= 2
    if not ok or not all(isinstance(part, str) and part for part in value):
        raise r.fail(path, f"expected [item id, URI] or [item id], got {_kind(value)}")
    return BaseSlot(uri=value[1] if len(value) == 2 else None, item_id=value[0])


def _pending(r: _Reader, value: Any, path: FieldPath) -> PendingCreate:
    data = r.mapping(value, path)
    return PendingCreate(
        tag=r.get(data, "tag", path, _TEXT, required=True),
        name=r.get(data, "name", path, _TEXT, required=True),
    )


def _version(r: _Reader, data: Any) -> int:
    data = r.mapping(data, ())
    marker = data.get("format")
    if marker != FORMAT_MARKER:
        where = ("format",) if "format" in data else ()
        raise r.fail(where, f"not a Drive Playlist file (expected 'format: {FORMAT_MARKER}')")
    version = r.get(data, "version", (), _INT, required=True)
    if version > CURRENT_VERSION:
        raise r.fail(
            ("version",),
            f"version {version} was {NEWER} (this one reads up to {CURRENT_VERSION}); "
            "update Drive Playlist to open it",
        )
    if version < 0:
        raise r.fail(("version",), f"expected a version from 0 to {CURRENT_VERSION}")
    return version


def playlist_from_located(located: Located) -> Playlist:
    """Validate (after migrating) parsed data into a Playlist; errors are located."""
    r = _Reader(located)
    version = _version(r, located.data)
    data = located.data
    if version < CURRENT_VERSION:
        try:
            data = migrate(data, version)
        except MigrationError as exc:
            raise r.fail(exc.path, exc.message) from None
    try:
        return _playlist(r, data, located.spare)
    except LoadError as exc:
        if exc.origin == id(located) and exc.path is not None:
            exc.path = path_in_file(exc.path, version)  # named as now, placed as written
        raise


def _playlist(r: _Reader, data: dict, spare: bool) -> Playlist:
    items = data.get("items")
    if items is None:
        items = []
    elif not isinstance(items, list):
        raise r.fail(("items",), f"expected a list of items, got {_kind(items)}")
    remote = data.get("spotify")
    pending = data.get("spotify_create")
    built = []
    for i, item in enumerate(items):
        built.append(_item(r, item, ("items", i)))
        if spare:
            items[i] = None  # used: freed now, not held whole beside the items
    return Playlist(
        name=r.get(data, "name", (), _TEXT, required=True),
        description=r.get(data, "description", (), _TEXT) or "",
        items=built,
        dossier=r.get(data, "dossier", (), _TEXT),
        created=r.timestamp(data, "created", ()),
        modified=r.timestamp(data, "modified", ()),
        remote=None if remote is None else _remote(r, remote, ("spotify",)),
        pending_create=None if pending is None else _pending(r, pending, ("spotify_create",)),
    )


def playlist_from_dict(data: Any, file: str = "<playlist>") -> Playlist:
    """Validate plain data (as YAML would give) into a Playlist, without positions."""
    return playlist_from_located(Located(data, file))


def parse_playlist(text: str, file: str) -> Playlist:
    """A playlist from YAML text; ``file`` names it in errors."""
    return build_cached("playlist", text, file, playlist_from_located)


def load_playlist(path: str | os.PathLike) -> Playlist:
    """Read, migrate and validate a playlist file; raises LoadError naming the place."""
    path = os.fspath(path)
    return parse_playlist(read_text(path), path)


def _prune(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None and v != () and v != []}


def _candidate_dict(c: Candidate, *, score: bool) -> dict:
    out = {
        "uri": c.uri,
        "title": c.title,
        "artists": list(c.artists),
        "album": c.album,
        "year": c.year,
        "duration": c.duration,
        "url": c.url,
        "image_url": c.image_url,
        "isrc": c.isrc,
    }
    if score or c.score:  # the chosen track's own score only when it has one
        out["score"] = c.score
    return _prune(out)


def _match_dict(m: TrackMatch) -> dict:
    # The chosen track is usually one of the candidates: then it is not written twice
    # (a third of a big matched playlist's file) and reading takes it from the list.
    shared = m.track is not None and m.track in m.candidates and m.track.uri == m.uri
    out = {
        "status": m.status.value,
        "uri": m.uri,
        "score": m.score,
        "chosen_by_user": m.chosen_by_user,
        "market": m.market,
        "track": None if m.track is None or shared else _candidate_dict(m.track, score=False),
        "candidates": [_candidate_dict(c, score=True) for c in m.candidates],
    }
    return _prune(out)


def _item_dict(item: PlaylistItem) -> dict:
    return _prune(
        {
            "id": item.id,
            "entry": item.entry_id,
            "track": item.track_id,
            "title": item.title,
            "artists": list(item.artists),
            "album": item.album,
            "year": item.year,
            "duration": item.duration,
            "note": item.note,
            "spotify": None if item.match is None else _match_dict(item.match),
            "kind": None if item.kind == ItemKind.TRACK else item.kind.value,
        }
    )


def _remote_dict(remote: RemotePlaylist) -> dict:
    base = remote.base
    return _prune(
        {
            "playlist_id": remote.id,
            "snapshot_id": remote.snapshot_id,
            "url": remote.url,
            "public": remote.public,
            "owner": remote.owner,
            "base": None
            if base is None
            else {
                "snapshot_id": base.snapshot_id,
                "name": base.name,
                "description": base.description,
                "public": base.public,
                "slots": [
                    [slot.item_id] if slot.uri is None else [slot.item_id, slot.uri]
                    for slot in base.slots
                ],
            },
        }
    )


def playlist_to_dict(playlist: Playlist) -> dict:
    remote = playlist.remote
    out = {
        "format": FORMAT_MARKER,
        "version": CURRENT_VERSION,
        "name": playlist.name,
        "description": playlist.description or None,
        "created": playlist.created,
        "modified": playlist.modified,
        "dossier": playlist.dossier,
        "spotify": None if remote is None else _remote_dict(remote),
        "spotify_create": None
        if playlist.pending_create is None
        else {"tag": playlist.pending_create.tag, "name": playlist.pending_create.name},
        "items": [_item_dict(item) for item in playlist.items],
    }
    return {k: v for k, v in out.items() if v is not None}


def dumps_playlist(playlist: Playlist) -> str:
    return yaml_writer.dump(playlist_to_dict(playlist))


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def save_playlist(
    playlist: Playlist, path: str | os.PathLike, *, backup: bool = True, exclusive: bool = False
) -> str:
    """Write atomically, keeping the old file as PATH.bak; stamp ``created`` once, ``modified``.
    Returns the text written.

    ``exclusive``: only create PATH, FileExistsError if it exists (see write_atomic)."""
    stamp = now_iso()
    created = playlist.created or stamp
    previous = playlist.created, playlist.modified
    playlist.created, playlist.modified = created, stamp
    data = playlist_to_dict(playlist)
    text = yaml_writer.dump(data)
    try:
        write_atomic(path, text, backup=backup, exclusive=exclusive)
    except BaseException:
        playlist.created, playlist.modified = previous  # nothing was saved
        raise
    # We know what this text reads back as: reopening the file needs no parse.
    parse_cache.store(parse_cache.key_for("playlist", text), data)
    return text
