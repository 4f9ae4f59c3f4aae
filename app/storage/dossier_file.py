"""Reading a film dossier (YAML) into the domain model, with exact error locations.

The rules here mirror ``resources/dossier.schema.json`` (which editors can use); a test
keeps the two in step.  Every problem is reported as one :class:`LoadError` naming the
file, line, column and field path.
"""

from __future__ import annotations

import re
from typing import Any

from app.core.dossier import (
    UNCONFIRMABLE,
    Commentary,
    Dossier,
    Entry,
    EntryKind,
    Film,
    Person,
    Section,
    Source,
    Track,
)
from app.storage.home import data_path
from app.storage.located import FieldPath, LoadError, Located, read_text
from app.storage.parse_cache import build_cached

SCHEMA_VERSION = 1
BUNDLED = "drive.yaml"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_STR, _INT, _BOOL, _STRS = "text", "whole number", "true or false", "list of text"


def bundled_dossier_path() -> str:
    return str(data_path(BUNDLED))


def load_dossier(path: str | None = None, *, use_cache: bool = True) -> Dossier:
    """Read and validate a dossier.

    A dossier read before comes from the parsed-copy cache (keyed by its exact text),
    which spares start-up the YAML parser.
    """
    path = path or bundled_dossier_path()
    text = read_text(path)
    if use_cache:
        return build_cached("dossier", text, path, dossier_from_located)
    from app.storage import yamlio

    return yamlio.build(text, path, dossier_from_located, "a dossier file")


class _Reader:
    """Typed access to the parsed document; every mistake becomes a located LoadError."""

    def __init__(self, located: Located):
        self.loc = located

    def fail(self, path: FieldPath, message: str) -> LoadError:
        return self.loc.error(path, message)

    def mapping(self, value: Any, path: FieldPath, allowed: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected a mapping of fields, got {_kind(value)}")
        for key in value:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                raise self.fail((*path, key), f"unknown field (allowed: {hint})")
        return value

    def sequence(self, obj: dict, key: str, path: FieldPath, required: bool = False) -> list:
        value = obj.get(key)
        if value is None:
            if required:
                raise self.fail(path, f"missing required field '{key}'")
            return []
        if not isinstance(value, list):
            raise self.fail((*path, key), f"expected a list, got {_kind(value)}")
        return value

    def get(self, obj: dict, key: str, path: FieldPath, kind: str, required: bool = False) -> Any:
        value = obj.get(key)
        if value is None:
            if required:
                raise self.fail(path, f"missing required field '{key}'")
            return () if kind == _STRS else None
        where = (*path, key)
        if kind == _STR:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)  # a title like 1974 is still a title
            if not isinstance(value, str) or not value.strip():
                raise self.fail(where, f"expected {kind}, got {_kind(value)}")
            return value.strip()
        if kind == _INT:
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.fail(where, f"expected {kind}, got {_kind(value)}")
            if value < 0:
                raise self.fail(where, "must not be negative")
            return value
        if kind == _BOOL:
            if not isinstance(value, bool):
                raise self.fail(where, f"expected {kind}, got {_kind(value)}")
            return value
        if kind == _STRS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list):
                raise self.fail(where, f"expected {kind}, got {_kind(value)}")
            for i, item in enumerate(value):
                if not isinstance(item, str) or not item.strip():
                    raise self.fail((*where, i), f"expected text, got {_kind(item)}")
            return tuple(v.strip() for v in value)
        raise AssertionError(kind)

    def ident(self, obj: dict, key: str, path: FieldPath) -> str:
        value = self.get(obj, key, path, _STR, required=True)
        if not _ID.match(value):
            raise self.fail(
                (*path, key), f"id {value!r} must be lower-case letters, digits and dashes"
            )
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


_TOP = {"schema_version", "id", "film", "people", "sources", "commentary", "featured", "influences"}
_FILM = {
    "title",
    "year",
    "directors",
    "composers",
    "album",
    "album_label",
    "album_year",
    "summary",
    "sources",
}
_PERSON = {"id", "name", "role"}
_SOURCE = {"id", "publication", "title", "date", "url"}
_COMMENT = {"id", "about", "speaker", "source", "segments", "context", "video"}
_ENTRY = {
    "id",
    "kind",
    "number",
    "title",
    "artists",
    "featuring",
    "credited_as",
    "album",
    "label",
    "year",
    "original_year",
    "duration",
    "directors",
    "writers",
    "music_by",
    "theme",
    "description",
    "why",
    "notes",
    "influenced",
    "shaped_label",
    "shaped_by_label",
    "related",
    "sources",
    "credit_note",
    "unconfirmed",
    "tracks",
}
_TRACK = {
    "id",
    "title",
    "artists",
    "featuring",
    "credited_as",
    "album",
    "year",
    "duration",
    "default",
    "same_as",
    "note",
}


def dossier_from_located(loc: Located) -> Dossier:
    r = _Reader(loc)
    top = r.mapping(loc.data, (), _TOP)
    version = r.get(top, "schema_version", (), _INT, required=True)
    if version != SCHEMA_VERSION:
        raise r.fail(
            ("schema_version",),
            f"version {version} is not supported (this program reads version {SCHEMA_VERSION})",
        )
    dossier_id = r.ident(top, "id", ())

    f = r.mapping(top.get("film"), ("film",), _FILM)
    film = Film(
        title=r.get(f, "title", ("film",), _STR, True),
        year=r.get(f, "year", ("film",), _INT, True),
        directors=r.get(f, "directors", ("film",), _STRS),
        composers=r.get(f, "composers", ("film",), _STRS),
        album=r.get(f, "album", ("film",), _STR),
        album_label=r.get(f, "album_label", ("film",), _STR),
        album_year=r.get(f, "album_year", ("film",), _INT),
        summary=r.get(f, "summary", ("film",), _STR),
        sources=r.get(f, "sources", ("film",), _STRS),
    )

    people: dict[str, Person] = {}
    for i, raw in enumerate(r.sequence(top, "people", ())):
        path = ("people", i)
        p = r.mapping(raw, path, _PERSON)
        pid = _unique(r, r.ident(p, "id", path), people, path)
        people[pid] = Person(
            pid, r.get(p, "name", path, _STR, True), r.get(p, "role", path, _STR, True)
        )

    sources: dict[str, Source] = {}
    for i, raw in enumerate(r.sequence(top, "sources", ())):
        path = ("sources", i)
        s = r.mapping(raw, path, _SOURCE)
        sid = _unique(r, r.ident(s, "id", path), sources, path)
        sources[sid] = Source(
            sid,
            r.get(s, "publication", path, _STR, True),
            r.get(s, "title", path, _STR, True),
            r.get(s, "date", path, _STR),
            r.get(s, "url", path, _STR),
        )

    entries: list[Entry] = []
    seen: dict[str, Entry] = {}
    track_ids: dict[str, FieldPath] = {}
    for section, key in ((Section.FEATURED, "featured"), (Section.INFLUENCE, "influences")):
        raws = r.sequence(top, key, (), required=section == Section.FEATURED)
        for i, raw in enumerate(raws):
            if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"] in seen:
                raise r.fail((key, i, "id"), f"duplicate id {raw['id']!r}")
            entry = _entry(r, raw, (key, i), section, film, sources, track_ids)
            _unique(r, entry.id, seen, (key, i))
            seen[entry.id] = entry
            entries.append(entry)
            if loc.spare:
                raws[i] = None  # used: freed now, not held whole beside the entries

    commentary: list[Commentary] = []
    comment_ids: dict[str, Any] = {}
    for i, raw in enumerate(r.sequence(top, "commentary", ())):
        path = ("commentary", i)
        c = r.mapping(raw, path, _COMMENT)
        cid = _unique(r, r.ident(c, "id", path), comment_ids, path)
        comment_ids[cid] = True
        about = r.get(c, "about", path, _STRS, True)
        for j, target in enumerate(about):
            if target != dossier_id and target not in seen:
                raise r.fail((*path, "about", j), f"refers to unknown entry {target!r}")
        source_id = r.get(c, "source", path, _STR, True)
        if source_id not in sources:
            raise r.fail((*path, "source"), f"refers to unknown source {source_id!r}")
        speaker_id = r.get(c, "speaker", path, _STR)
        if speaker_id is not None and speaker_id not in people:
            raise r.fail((*path, "speaker"), f"refers to unknown person {speaker_id!r}")
        segments = r.get(c, "segments", path, _STRS)
        context = r.get(c, "context", path, _STR)
        if speaker_id and not segments:
            raise r.fail(path, "a quote needs 'segments' (the quoted words)")
        if not segments and not context:
            raise r.fail(path, "needs 'segments' (a quote) or 'context' (the article's words)")
        commentary.append(
            Commentary(
                cid,
                about,
                segments,
                sources[source_id],
                people[speaker_id] if speaker_id else None,
                context,
                r.get(c, "video", path, _STR),
            )
        )

    for j, sid in enumerate(film.sources):
        if sid not in sources:
            raise r.fail(("film", "sources", j), f"refers to unknown source {sid!r}")
    for entry, (key, i) in zip(entries, _entry_paths(top), strict=True):
        for field_name in ("influenced", "related"):
            for j, target in enumerate(getattr(entry, field_name)):
                if target not in seen:
                    raise r.fail((key, i, field_name, j), f"refers to unknown entry {target!r}")
        for j, sid in enumerate(entry.sources):
            if sid not in sources:
                raise r.fail((key, i, "sources", j), f"refers to unknown source {sid!r}")
        for track in entry.tracks:
            if track.same_as and track.same_as not in track_ids:
                raise r.fail(
                    track_ids[track.id], f"same_as refers to unknown track {track.same_as!r}"
                )

    return Dossier(version, dossier_id, film, people, sources, entries, commentary, loc.file)


def _entry_paths(top: dict):
    for key in ("featured", "influences"):
        for i in range(len(top.get(key) or [])):
            yield key, i


def _unique(r: _Reader, ident: str, seen: dict, path: FieldPath) -> str:
    if ident in seen:
        raise r.fail((*path, "id"), f"duplicate id {ident!r}")
    return ident


def _entry(
    r: _Reader,
    raw: Any,
    path: FieldPath,
    section: Section,
    film: Film,
    sources: dict,
    track_ids: dict[str, FieldPath],
) -> Entry:
    e = r.mapping(raw, path, _ENTRY)
    eid = r.ident(e, "id", path)
    kind_name = r.get(e, "kind", path, _STR) or "track"
    try:
        kind = EntryKind(kind_name)
    except ValueError:
        allowed = ", ".join(k.value for k in EntryKind)
        raise r.fail((*path, "kind"), f"unknown kind {kind_name!r} (allowed: {allowed})") from None
    featured = section == Section.FEATURED
    title = r.get(e, "title", path, _STR, True)
    artists = r.get(e, "artists", path, _STRS)
    featuring = r.get(e, "featuring", path, _STRS)
    # Featured tracks belong to the film's album unless they say otherwise; their `year`
    # is the album's (the song's own is `original_year`).
    album = r.get(e, "album", path, _STR) or (film.album if featured else None)
    album_year = film.album_year or film.year
    year = r.get(e, "year", path, _INT) or (album_year if featured else None)
    unconfirmed = r.get(e, "unconfirmed", path, _STRS)
    for j, name in enumerate(unconfirmed):
        if name not in UNCONFIRMABLE:
            allowed = ", ".join(UNCONFIRMABLE)
            raise r.fail((*path, "unconfirmed", j), f"unknown field {name!r} (allowed: {allowed})")
    duration = r.get(e, "duration", path, _INT)
    number = r.get(e, "number", path, _INT)
    if featured and number is None:
        raise r.fail(path, "missing required field 'number' (the album position)")
    if kind == EntryKind.TRACK and not artists:
        raise r.fail(path, "missing required field 'artists'")

    tracks: list[Track] = []
    raw_tracks = r.sequence(e, "tracks", path)
    credited_as = r.get(e, "credited_as", path, _STR)
    if kind == EntryKind.TRACK:
        if raw_tracks:
            raise r.fail((*path, "tracks"), "a track entry is itself the track; remove 'tracks'")
        tracks.append(
            Track(
                eid,
                eid,
                title,
                artists,
                featuring,
                album,
                year,
                duration,
                default=True,
                credited_as=credited_as,
            )
        )
        _claim_track(r, eid, path, track_ids)
    for j, raw_track in enumerate(raw_tracks):
        tpath = (*path, "tracks", j)
        t = r.mapping(raw_track, tpath, _TRACK)
        ttitle = r.get(t, "title", tpath, _STR, True)
        tid = r.get(t, "id", tpath, _STR) or f"{eid}/{_slug(ttitle)}"
        _claim_track(r, tid, tpath, track_ids)
        tartists = r.get(t, "artists", tpath, _STRS, True)
        tracks.append(
            Track(
                tid,
                eid,
                ttitle,
                tartists,
                r.get(t, "featuring", tpath, _STRS),
                r.get(t, "album", tpath, _STR) or album,
                r.get(t, "year", tpath, _INT) or year,
                r.get(t, "duration", tpath, _INT),
                bool(r.get(t, "default", tpath, _BOOL)),
                r.get(t, "same_as", tpath, _STR),
                r.get(t, "note", tpath, _STR),
                r.get(t, "credited_as", tpath, _STR),
            )
        )
    return Entry(
        id=eid,
        section=section,
        kind=kind,
        title=title,
        artists=artists,
        featuring=featuring,
        credited_as=credited_as,
        number=number,
        album=album,
        label=r.get(e, "label", path, _STR),
        year=year,
        original_year=r.get(e, "original_year", path, _INT),
        duration=duration,
        directors=r.get(e, "directors", path, _STRS),
        writers=r.get(e, "writers", path, _STRS),
        music_by=r.get(e, "music_by", path, _STRS),
        theme=bool(r.get(e, "theme", path, _BOOL)),
        description=r.get(e, "description", path, _STR),
        why=r.get(e, "why", path, _STR),
        notes=r.get(e, "notes", path, _STRS),
        influenced=r.get(e, "influenced", path, _STRS),
        shaped_label=r.get(e, "shaped_label", path, _STR),
        shaped_by_label=r.get(e, "shaped_by_label", path, _STR),
        related=r.get(e, "related", path, _STRS),
        sources=r.get(e, "sources", path, _STRS),
        credit_note=r.get(e, "credit_note", path, _STR),
        unconfirmed=unconfirmed,
        tracks=tuple(tracks),
    )


def _claim_track(r: _Reader, tid: str, path: FieldPath, track_ids: dict[str, FieldPath]) -> None:
    if tid in track_ids:
        raise r.fail(path, f"duplicate track id {tid!r}")
    track_ids[tid] = path


def _slug(text: str) -> str:
    from app.core.text import normalise

    return normalise(text).replace(" ", "-") or "track"
