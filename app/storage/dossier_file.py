"""Reading a film dossier (YAML) into the domain model, with exact error locations.

What the file holds is described once, in ``dossier_format`` (which also gives
``resources/dossier.schema.json`` for editors); this module checks a dossier against it
and builds the domain model.  Every problem is reported as one :class:`LoadError` naming
the file, line, column and field path.
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
from app.storage import dossier_format as fmt
from app.storage.described import TEXT, Fail, check, each, expected, one_by_one
from app.storage.dossier_format import ID_PATTERN, SCHEMA_VERSION
from app.storage.home import data_path
from app.storage.located import FieldPath, Located, read_text
from app.storage.parse_cache import build_cached

BUNDLED = "drive.yaml"
# Checked a part at a time: each entry as it is built, then let go (see dossier_from_located).
_Top = one_by_one(fmt.DossierFile, "featured", "influences")
_ID = re.compile(ID_PATTERN)


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


class _Builder:
    """The checked description to the domain model, with what a struct cannot say: text
    not blank, ids well formed and unique, references that lead somewhere."""

    def __init__(self, fail: Fail):
        self.fail = fail

    # A field's path is made only to name it in an error: made for every field of every
    # entry, the tuples cost more than the checks.
    def text(self, value: Any, at: FieldPath, key: str) -> str | None:
        if value is None:
            return None
        text = value.strip() if isinstance(value, str) else str(value)
        if not text:
            raise self.fail((*at, key), expected(TEXT, value))
        return text

    def texts(self, value: Any, at: FieldPath, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return (self.text(value, at, key),)  # type: ignore[return-value]
        if any(v[0].isspace() or v[-1].isspace() for v in value):  # quoted with spaces
            stripped = tuple(v.strip() for v in value)
            if not all(stripped):
                j = stripped.index("")
                raise self.fail((*at, key, j), expected(TEXT, value[j]))
            return stripped
        return value

    def ident(self, value: Any, at: FieldPath, key: str = "id") -> str:
        ident = self.text(value, at, key)
        if not _ID.match(ident):  # type: ignore[arg-type]
            raise self.fail(
                (*at, key), f"id {ident!r} must be lower-case letters, digits and dashes"
            )
        return ident  # type: ignore[return-value]

    def unique(self, ident: str, seen: dict, path: FieldPath) -> str:
        if ident in seen:
            raise self.fail((*path, "id"), f"duplicate id {ident!r}")
        return ident


def dossier_from_located(loc: Located) -> Dossier:
    fail = loc.error
    top = check(loc.data, _Top, fail)
    b = _Builder(fail)
    if top.schema_version != SCHEMA_VERSION:
        raise fail(
            ("schema_version",),
            f"version {top.schema_version} is not supported "
            f"(this program reads version {SCHEMA_VERSION})",
        )
    dossier_id = b.ident(top.id, (), "id")

    f, at = top.film, ("film",)
    film = Film(
        title=b.text(f.title, at, "title"),  # type: ignore[arg-type]
        year=f.year,
        directors=b.texts(f.directors, at, "directors"),
        composers=b.texts(f.composers, at, "composers"),
        album=b.text(f.album, at, "album"),
        album_label=b.text(f.album_label, at, "album_label"),
        album_year=f.album_year,
        summary=b.text(f.summary, at, "summary"),
        sources=b.texts(f.sources, at, "sources"),
    )

    people: dict[str, Person] = {}
    for i, p in enumerate(top.people or ()):
        path = ("people", i)
        pid = b.unique(b.ident(p.id, path, "id"), people, path)
        people[pid] = Person(pid, b.text(p.name, path, "name"), b.text(p.role, path, "role"))  # type: ignore[arg-type]

    sources: dict[str, Source] = {}
    for i, s in enumerate(top.sources or ()):
        path = ("sources", i)
        sid = b.unique(b.ident(s.id, path, "id"), sources, path)
        sources[sid] = Source(
            sid,
            b.text(s.publication, path, "publication"),  # type: ignore[arg-type]
            b.text(s.title, path, "title"),  # type: ignore[arg-type]
            b.text(s.date, path, "date"),
            b.text(s.url, path, "url"),
        )

    entries: list[Entry] = []
    seen: dict[str, Entry] = {}
    track_ids: dict[str, FieldPath] = {}
    for section, key in ((Section.FEATURED, "featured"), (Section.INFLUENCE, "influences")):
        raws = getattr(top, key)
        required = section == Section.FEATURED
        for i, raw in each(raws, fmt.Entry, fail, (key,), let_go=loc.spare, required=required):
            path = (key, i)
            b.unique(b.ident(raw.id, path, "id"), seen, path)  # before its tracks' ids
            entry = _entry(b, raw, path, section, film, track_ids)
            seen[entry.id] = entry
            entries.append(entry)
        if required:
            featured = len(entries)  # they come first, then the influences

    commentary: list[Commentary] = []
    comment_ids: dict[str, Any] = {}
    for i, c in enumerate(top.commentary or ()):
        path = ("commentary", i)
        cid = b.unique(b.ident(c.id, path, "id"), comment_ids, path)
        comment_ids[cid] = True
        about = b.texts(c.about, path, "about")
        for j, target in enumerate(about):
            if target != dossier_id and target not in seen:
                raise fail((*path, "about", j), f"refers to unknown entry {target!r}")
        source_id = b.text(c.source, path, "source")
        if source_id not in sources:
            raise fail((*path, "source"), f"refers to unknown source {source_id!r}")
        speaker_id = b.text(c.speaker, path, "speaker")
        if speaker_id is not None and speaker_id not in people:
            raise fail((*path, "speaker"), f"refers to unknown person {speaker_id!r}")
        segments = b.texts(c.segments, path, "segments")
        context = b.text(c.context, path, "context")
        if speaker_id and not segments:
            raise fail(path, "a quote needs 'segments' (the quoted words)")
        if not segments and not context:
            raise fail(path, "needs 'segments' (a quote) or 'context' (the article's words)")
        commentary.append(
            Commentary(
                cid,
                about,
                segments,
                sources[source_id],  # type: ignore[index]
                people[speaker_id] if speaker_id else None,
                context,
                b.text(c.video, path, "video"),
            )
        )

    for j, sid in enumerate(film.sources):
        if sid not in sources:
            raise fail(("film", "sources", j), f"refers to unknown source {sid!r}")
    for n, entry in enumerate(entries):  # the featured entries, then the influences
        key, i = ("featured", n) if n < featured else ("influences", n - featured)
        for field_name in ("influenced", "related"):
            for j, target in enumerate(getattr(entry, field_name)):
                if target not in seen:
                    raise fail((key, i, field_name, j), f"refers to unknown entry {target!r}")
        for j, sid in enumerate(entry.sources):
            if sid not in sources:
                raise fail((key, i, "sources", j), f"refers to unknown source {sid!r}")
        for track in entry.tracks:
            if track.same_as and track.same_as not in track_ids:
                raise fail(
                    track_ids[track.id], f"same_as refers to unknown track {track.same_as!r}"
                )

    return Dossier(
        top.schema_version, dossier_id, film, people, sources, entries, commentary, loc.file
    )


def _entry(
    b: _Builder,
    e: fmt.Entry,
    path: FieldPath,
    section: Section,
    film: Film,
    track_ids: dict[str, FieldPath],
) -> Entry:
    eid = b.ident(e.id, path, "id")
    kind_name = b.text(e.kind, path, "kind") or "track"
    try:
        kind = EntryKind(kind_name)
    except ValueError:
        allowed = ", ".join(k.value for k in EntryKind)
        raise b.fail((*path, "kind"), f"unknown kind {kind_name!r} (allowed: {allowed})") from None
    featured = section == Section.FEATURED
    title = b.text(e.title, path, "title")
    artists = b.texts(e.artists, path, "artists")
    featuring = b.texts(e.featuring, path, "featuring")
    # Featured tracks belong to the film's album unless they say otherwise; their `year`
    # is the album's (the song's own is `original_year`).
    album = b.text(e.album, path, "album") or (film.album if featured else None)
    album_year = film.album_year or film.year
    year = e.year or (album_year if featured else None)
    unconfirmed = b.texts(e.unconfirmed, path, "unconfirmed")
    for j, name in enumerate(unconfirmed):
        if name not in UNCONFIRMABLE:
            allowed = ", ".join(UNCONFIRMABLE)
            raise b.fail((*path, "unconfirmed", j), f"unknown field {name!r} (allowed: {allowed})")
    if featured and e.number is None:
        raise b.fail(path, "missing required field 'number' (the album position)")
    if kind == EntryKind.TRACK and not artists:
        raise b.fail(path, "missing required field 'artists'")

    tracks: list[Track] = []
    raw_tracks = e.tracks or []
    credited_as = b.text(e.credited_as, path, "credited_as")
    if kind == EntryKind.TRACK:
        if raw_tracks:
            raise b.fail((*path, "tracks"), "a track entry is itself the track; remove 'tracks'")
        tracks.append(
            Track(
                eid,
                eid,
                title,  # type: ignore[arg-type]
                artists,
                featuring,
                album,
                year,
                e.duration,
                default=True,
                credited_as=credited_as,
            )
        )
        _claim_track(b, eid, path, track_ids)
    for j, t in enumerate(raw_tracks):
        tpath = (*path, "tracks", j)
        ttitle = b.text(t.title, tpath, "title")
        tid = b.text(t.id, tpath, "id") or f"{eid}/{_slug(ttitle)}"  # type: ignore[arg-type]
        _claim_track(b, tid, tpath, track_ids)
        tracks.append(
            Track(
                tid,
                eid,
                ttitle,  # type: ignore[arg-type]
                b.texts(t.artists, tpath, "artists"),
                b.texts(t.featuring, tpath, "featuring"),
                b.text(t.album, tpath, "album") or album,
                t.year or year,
                t.duration,
                bool(t.default),
                b.text(t.same_as, tpath, "same_as"),
                b.text(t.note, tpath, "note"),
                b.text(t.credited_as, tpath, "credited_as"),
            )
        )
    return Entry(
        id=eid,
        section=section,
        kind=kind,
        title=title,  # type: ignore[arg-type]
        artists=artists,
        featuring=featuring,
        credited_as=credited_as,
        number=e.number,
        album=album,
        label=b.text(e.label, path, "label"),
        year=year,
        original_year=e.original_year,
        duration=e.duration,
        directors=b.texts(e.directors, path, "directors"),
        writers=b.texts(e.writers, path, "writers"),
        music_by=b.texts(e.music_by, path, "music_by"),
        theme=bool(e.theme),
        description=b.text(e.description, path, "description"),
        why=b.text(e.why, path, "why"),
        notes=b.texts(e.notes, path, "notes"),
        influenced=b.texts(e.influenced, path, "influenced"),
        shaped_label=b.text(e.shaped_label, path, "shaped_label"),
        shaped_by_label=b.text(e.shaped_by_label, path, "shaped_by_label"),
        related=b.texts(e.related, path, "related"),
        sources=b.texts(e.sources, path, "sources"),
        credit_note=b.text(e.credit_note, path, "credit_note"),
        unconfirmed=unconfirmed,
        tracks=tuple(tracks),
    )


def _claim_track(b: _Builder, tid: str, path: FieldPath, track_ids: dict[str, FieldPath]) -> None:
    if tid in track_ids:
        raise b.fail(path, f"duplicate track id {tid!r}")
    track_ids[tid] = path


def _slug(text: str) -> str:
    from app.core.text import normalise

    return normalise(text).replace(" ", "-") or "track"
