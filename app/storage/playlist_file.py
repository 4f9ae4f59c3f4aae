"""The playlist file: YAML with a format marker and a version, read strictly, written atomically.

What the file holds is described once (the structs below); ``described.check`` holds the
data to it, and the YAML reader places a mistake at its line and column.  A file read or
written before opens from its parsed copy (``parse_cache``).  Reading never writes anything.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated, Any

from msgspec import Meta

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
from app.storage.described import WHOLE, Description, Fail, check, each, expected, one_by_one
from app.storage.located import FieldPath, LoadError, Located, read_text
from app.storage.migrations import CURRENT_VERSION, MigrationError, migrate, path_in_file
from app.storage.parse_cache import build_cached

FORMAT_MARKER = "drive-playlist"
NEWER = "made by a newer version of Drive Playlist"

# -- the file's description: what each field holds -------------------------------------

Count = Annotated[int, Meta(ge=0)]
# One artist may be written without brackets.  Lists come out of the check as the tuples
# the domain keeps: made once.
Texts = str | tuple[str, ...]
# A slot of the last synced base: ``[item id, URI]``, or ``[item id]`` for one without a URI.
Slot = Annotated[
    list[Annotated[str, Meta(min_length=1)]],
    Meta(min_length=1, max_length=2, extra={"noun": "[item id, URI] or [item id]"}),
]


class _Candidate(Description):
    uri: str
    title: str
    artists: Texts | None = None
    album: str | None = None
    year: int | None = None
    duration: Count | None = None
    url: str | None = None
    image_url: str | None = None
    isrc: str | None = None
    score: float | None = None


class _Match(Description):
    """``status`` may be left out where a URI is written by hand (a person's choice)."""

    status: str | None = None
    uri: str | None = None
    score: float | None = None
    chosen_by_user: bool | None = None
    market: str | None = None
    track: _Candidate | None = None  # left out when it is one of the candidates
    candidates: tuple[_Candidate, ...] | None = None


class _Item(Description):
    title: str
    kind: str | None = None  # "track" when left out
    id: str | None = None
    entry: str | None = None
    track: str | None = None
    artists: Texts | None = None
    album: str | None = None
    year: int | None = None
    duration: Count | None = None
    note: str | None = None
    spotify: _Match | None = None


class _Base(Description):
    snapshot_id: str | None = None
    name: str | None = None
    description: str | None = None
    public: bool | None = None
    slots: list[Slot] | None = None


class _Remote(Description):
    playlist_id: str
    snapshot_id: str | None = None
    url: str | None = None
    public: bool | None = None
    owner: str | None = None
    base: _Base | None = None


class _Pending(Description):
    tag: str
    name: str


class _PlaylistFile(Description):
    """The current version; older ones are migrated to it first.  Other fields are ignored
    (a newer minor addition, or a note of the person's)."""

    format: str
    version: int
    name: str
    description: str | None = None
    dossier: str | None = None
    created: str | None = None
    modified: str | None = None
    spotify: _Remote | None = None
    spotify_create: _Pending | None = None
    items: list[_Item] | None = None


# Checked a part at a time: each item as it is built, then let go (see _playlist).
_Top = one_by_one(_PlaylistFile, "items")


# -- from the checked description to the domain ----------------------------------------


def _uri(value: str | None, at: FieldPath, fail: Fail) -> str | None:
    """``at``: the mapping holding the URI (its path is made only for an error)."""
    if value is None:
        return None
    if value.startswith("https://"):
        value = spotify_uri_for(value) or value
    if spotify_uri_kind(value) is None:  # a track, an episode or a local file
        message = f"expected a Spotify URI like spotify:track:ID, got {value!r}"
        raise fail((*at, "uri"), message)
    return value


def _texts(value: Texts | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else value


def _candidate(c: _Candidate, path: FieldPath, fail: Fail) -> Candidate:
    return Candidate(
        uri=_uri(c.uri, path, fail),
        title=c.title,
        artists=_texts(c.artists),
        album=c.album,
        year=c.year,
        duration=c.duration,
        url=c.url,
        image_url=c.image_url,
        isrc=c.isrc,
        score=float(c.score or 0.0),
    )


def _match(m: _Match, path: FieldPath, fail: Fail) -> TrackMatch:
    uri = _uri(m.uri, path, fail)
    if m.status is None:
        if uri is None:
            raise fail(path, "missing required field 'uri' (or a 'status')")
        status = MatchStatus.CHOSEN  # a URI written by hand is a person's choice
    else:
        try:
            status = MatchStatus(m.status)
        except ValueError:
            known = ", ".join(s.value for s in MatchStatus)
            raise fail((*path, "status"), f"unknown status {m.status!r} (known: {known})") from None
    if status in (MatchStatus.MATCHED, MatchStatus.CHOSEN) and uri is None:
        raise fail(path, f"missing required field 'uri' (status is {status.value})")
    offered = tuple(
        _candidate(c, (*path, "candidates", i), fail) for i, c in enumerate(m.candidates or ())
    )
    if m.track is not None:
        chosen = _candidate(m.track, (*path, "track"), fail)
    else:  # written once, in the list (see _match_dict)
        chosen = next((c for c in offered if uri is not None and c.uri == uri), None)
    return TrackMatch(
        status=status,
        uri=uri,
        score=None if m.score is None else float(m.score),
        chosen_by_user=bool(m.chosen_by_user),
        track=chosen,
        candidates=offered,
        market=m.market,
    )


def _item(item: _Item, path: FieldPath, fail: Fail) -> PlaylistItem:
    try:
        kind = ItemKind(item.kind or ItemKind.TRACK)
    except ValueError:
        known = ", ".join(k.value for k in ItemKind)
        raise fail((*path, "kind"), f"unknown kind {item.kind!r} (known: {known})") from None
    spotify = item.spotify
    return PlaylistItem(
        kind=kind,
        id=item.id or new_item_id(),
        entry_id=item.entry,
        track_id=item.track,
        title=item.title,
        artists=_texts(item.artists),
        album=item.album,
        year=item.year,
        duration=item.duration,
        note=item.note,
        match=None if spotify is None else _match(spotify, (*path, "spotify"), fail),
    )


def _remote(remote: _Remote) -> RemotePlaylist:
    base = remote.base
    return RemotePlaylist(
        id=remote.playlist_id,
        snapshot_id=remote.snapshot_id,
        url=remote.url,
        public=bool(remote.public),
        owner=remote.owner,
        base=None if base is None else _base(base),
    )


def _base(base: _Base) -> RemoteBase:
    return RemoteBase(
        snapshot_id=base.snapshot_id,
        name=base.name or "",
        description=base.description or "",
        public=bool(base.public),
        slots=tuple(
            BaseSlot(uri=slot[1] if len(slot) == 2 else None, item_id=slot[0])
            for slot in base.slots or ()
        ),
    )


def _version(data: Any, fail: Fail) -> int:
    if not isinstance(data, dict):
        raise fail((), expected("a mapping of fields", data))
    marker = data.get("format")
    if marker != FORMAT_MARKER:
        where = ("format",) if "format" in data else ()
        raise fail(where, f"not a Drive Playlist file (expected 'format: {FORMAT_MARKER}')")
    version = data.get("version")
    if version is None:
        raise fail((), "missing required field 'version'")
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail(("version",), expected(WHOLE, version))
    if version > CURRENT_VERSION:
        raise fail(
            ("version",),
            f"version {version} was {NEWER} (this one reads up to {CURRENT_VERSION}); "
            "update Drive Playlist to open it",
        )
    if version < 0:
        raise fail(("version",), f"expected a version from 0 to {CURRENT_VERSION}")
    return version


def playlist_from_located(located: Located) -> Playlist:
    """Validate (after migrating) parsed data into a Playlist; errors name the field."""
    fail = located.error
    version = _version(located.data, fail)
    data = located.data
    if version < CURRENT_VERSION:
        try:
            data = migrate(data, version)
        except MigrationError as exc:
            raise fail(exc.path, exc.message) from None
    try:
        return _playlist(data, fail, located.spare)
    except LoadError as exc:
        if exc.origin == id(located) and exc.path is not None:
            exc.path = path_in_file(exc.path, version)  # named as now, placed as written
        raise


def _playlist(data: dict, fail: Fail, spare: bool) -> Playlist:
    stamps = {k: data[k].isoformat() for k in ("created", "modified") if _is_date(data.get(k))}
    if stamps:  # YAML reads an unquoted ISO 8601 time as a date: it is kept as written
        data = {**data, **stamps}
    top = check(data, _Top, fail)
    built = [
        _item(item, ("items", i), fail)
        for i, item in each(top.items, _Item, fail, ("items",), let_go=spare)
    ]
    return Playlist(
        name=top.name,
        description=top.description or "",
        items=built,
        dossier=top.dossier,
        created=top.created,
        modified=top.modified,
        remote=None if top.spotify is None else _remote(top.spotify),
        pending_create=None
        if top.spotify_create is None
        else PendingCreate(tag=top.spotify_create.tag, name=top.spotify_create.name),
    )


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date)


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
