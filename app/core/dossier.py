"""The domain of a film's music: entries, the tracks they contribute, and commentary.

Plain data, no I/O: the storage layer builds these from YAML and the UI reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Section(StrEnum):
    FEATURED = "featured"
    INFLUENCE = "influence"


class EntryKind(StrEnum):
    TRACK = "track"
    FILM = "film"
    ALBUM = "album"


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    role: str  # "Director", "Composer", ...


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    publication: str
    title: str
    date: str | None = None
    url: str | None = None

    def citation(self) -> str:
        parts = [self.publication, f"“{self.title}”"]
        if self.date:
            parts.append(self.date)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Commentary:
    """What someone said about one or more entries.

    ``segments`` are the quoted passages exactly as printed; an article often breaks one
    quote with "says Refn", so a quote is a list of verbatim pieces rather than one string
    we would have to re-punctuate.  ``speaker`` is None for the article's own framing.
    """

    id: str
    about: tuple[str, ...]
    segments: tuple[str, ...]
    source: Source
    speaker: Person | None = None
    context: str | None = None  # the article's words around the quote, e.g. "explains Refn of..."

    @property
    def is_quote(self) -> bool:
        return self.speaker is not None

    @property
    def text(self) -> str:
        return " ".join(self.segments)


@dataclass(frozen=True, slots=True)
class Track:
    """A recording a playlist can hold."""

    id: str
    entry_id: str
    title: str
    artists: tuple[str, ...]
    featuring: tuple[str, ...] = ()
    album: str | None = None
    year: int | None = None
    duration: int | None = None  # seconds; None where no source confirms it
    default: bool = False  # one of the entry's default picks for a preset
    same_as: str | None = None  # id of another track that is the same recording
    note: str | None = None

    @property
    def all_artists(self) -> tuple[str, ...]:
        return self.artists + self.featuring

    @property
    def artist_line(self) -> str:
        line = ", ".join(self.artists)
        if self.featuring:
            line += " feat. " + ", ".join(self.featuring)
        return line


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    section: Section
    kind: EntryKind
    title: str
    artists: tuple[str, ...] = ()
    featuring: tuple[str, ...] = ()
    credited_as: str | None = None
    number: int | None = None  # position on the album, for featured tracks
    album: str | None = None
    label: str | None = None
    year: int | None = None
    duration: int | None = None
    directors: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()
    music_by: tuple[str, ...] = ()
    theme: bool = False  # the film's theme song
    description: str | None = None
    why: str | None = None  # why an influence is in the dossier
    notes: tuple[str, ...] = ()  # facts that correct or qualify what the commentary says
    influenced: tuple[str, ...] = ()  # ids of entries this one shaped
    related: tuple[str, ...] = ()  # other links (same recording, same film)
    sources: tuple[str, ...] = ()  # ids of the sources its facts come from
    tracks: tuple[Track, ...] = ()

    @property
    def artist_line(self) -> str:
        if self.credited_as:
            return self.credited_as
        line = ", ".join(self.artists or self.directors)
        if self.featuring:
            line += " featuring " + ", ".join(self.featuring)
        return line

    @property
    def default_tracks(self) -> tuple[Track, ...]:
        return tuple(t for t in self.tracks if t.default)


@dataclass(frozen=True, slots=True)
class Film:
    title: str
    year: int
    directors: tuple[str, ...]
    composers: tuple[str, ...]
    album: str | None = None
    album_label: str | None = None
    summary: str | None = None


@dataclass(slots=True)
class Dossier:
    schema_version: int
    id: str
    film: Film
    people: dict[str, Person]
    sources: dict[str, Source]
    entries: list[Entry]
    commentary: list[Commentary]
    path: str | None = None
    _by_id: dict[str, Entry] = field(default_factory=dict, repr=False)
    _tracks: dict[str, Track] = field(default_factory=dict, repr=False)
    _about: dict[str, list[Commentary]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.entries}
        self._tracks = {t.id: t for e in self.entries for t in e.tracks}
        self._about = {}
        for c in self.commentary:
            for target in c.about:
                self._about.setdefault(target, []).append(c)

    def entry(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def track(self, track_id: str) -> Track | None:
        return self._tracks.get(track_id)

    @property
    def tracks(self) -> list[Track]:
        return list(self._tracks.values())

    def section(self, section: Section) -> list[Entry]:
        return [e for e in self.entries if e.section == section]

    def commentary_about(self, target_id: str) -> list[Commentary]:
        """Commentary on an entry, or on the film itself when ``target_id`` is the dossier id."""
        return self._about.get(target_id, [])

    def influenced_by(self, entry_id: str) -> list[Entry]:
        """Entries that list ``entry_id`` among what they influenced."""
        return [e for e in self.entries if entry_id in e.influenced]

    def speakers(self) -> list[Person]:
        seen = {c.speaker.id: c.speaker for c in self.commentary if c.speaker}
        return list(seen.values())
