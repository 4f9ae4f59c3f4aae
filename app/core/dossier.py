"""The domain of a film's music: entries, the tracks they contribute, and commentary.

Plain data, no I/O: the storage layer builds these from YAML and the UI reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


def credit_line(
    artists: tuple[str, ...], featuring: tuple[str, ...] = (), credited_as: str | None = None
) -> str:
    """The one artist credit a track shows everywhere: the release's own wording when the
    dossier gives it, else the artists with any featured ones after "featuring"."""
    if credited_as:
        return credited_as
    line = ", ".join(artists)
    if featuring:
        line += " featuring " + ", ".join(featuring)
    return line


# The facts an entry may mark as left out for want of a source (``Entry.unconfirmed``).
UNCONFIRMABLE = ("year", "original_year", "duration", "album", "label")


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
    we would have to re-punctuate.  ``context`` is the article's own words: for a quote,
    those that break it after its first passage ("says Refn"); with no speaker, the
    article's framing itself.  ``video`` names what the article shows beside the passage.
    """

    id: str
    about: tuple[str, ...]
    segments: tuple[str, ...]
    source: Source
    speaker: Person | None = None
    context: str | None = None  # the article's words after the first passage, e.g. "says Refn"
    video: str | None = None  # caption of the video the article places beside the passage

    @property
    def is_quote(self) -> bool:
        return self.speaker is not None

    @property
    def text(self) -> str:
        return " ".join(self.segments)

    @property
    def pieces(self) -> list[tuple[bool, str]]:
        """(quoted?, text) in the article's order: the narration after the first passage."""
        quoted = [(True, s) for s in self.segments]
        if not self.context:
            return quoted
        return [*quoted[:1], (False, self.context), *quoted[1:]]

    @property
    def searchable(self) -> str:
        """Everything of it a person may look for: the quote, the narration, the video."""
        return " ".join([*self.segments, self.context or "", self.video or ""])


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
    same_as: str | None = None  # id of the dossier track this listing stands for
    note: str | None = None
    credited_as: str | None = None

    @property
    def all_artists(self) -> tuple[str, ...]:
        return self.artists + self.featuring

    @property
    def artist_line(self) -> str:
        return credit_line(self.artists, self.featuring, self.credited_as)


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
    year: int | None = None  # a featured entry's: the album's year
    original_year: int | None = None  # the year the song itself first came out
    duration: int | None = None
    directors: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()
    music_by: tuple[str, ...] = ()
    theme: bool = False  # the film's theme song
    description: str | None = None
    why: str | None = None  # why an influence is in the dossier
    notes: tuple[str, ...] = ()  # facts that correct or qualify what the commentary says
    influenced: tuple[str, ...] = ()  # ids of entries this one shaped
    shaped_label: str | None = None  # names that relation on this entry's page
    shaped_by_label: str | None = None  # ... and on the page of each entry it shaped
    related: tuple[str, ...] = ()  # other links
    sources: tuple[str, ...] = ()  # ids of the sources its facts come from
    credit_note: str | None = None  # how sources spell the credit differently
    unconfirmed: tuple[str, ...] = ()  # fields left out because no source confirms them
    tracks: tuple[Track, ...] = ()

    @property
    def artist_line(self) -> str:
        return credit_line(self.artists or self.directors, self.featuring, self.credited_as)

    @property
    def year_label(self) -> str:
        """The song's own year where known; else an album track's year says it is the album's."""
        if self.original_year:
            return str(self.original_year)
        if not self.year:
            return ""
        return f"{self.year} (album)" if self.section == Section.FEATURED else str(self.year)

    @property
    def default_tracks(self) -> tuple[Track, ...]:
        return tuple(t for t in self.tracks if t.default)

    @property
    def picks(self) -> tuple[Track, ...]:
        """What adding the entry to a playlist adds: its one track, else its default picks."""
        return self.tracks if len(self.tracks) == 1 else self.default_tracks


@dataclass(frozen=True, slots=True)
class Film:
    title: str
    year: int
    directors: tuple[str, ...]
    composers: tuple[str, ...]
    album: str | None = None
    album_label: str | None = None
    album_year: int | None = None
    summary: str | None = None
    sources: tuple[str, ...] = ()


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

    @property
    def quote_count(self) -> int:
        """How much of the commentary is quoted words of a person (the rest is the article's)."""
        return sum(1 for c in self.commentary if c.is_quote)

    def commentary_about(self, target_id: str) -> list[Commentary]:
        """Commentary on an entry, or on the film itself when ``target_id`` is the dossier id."""
        return self._about.get(target_id, [])

    def credit_for(self, track_id: str | None) -> str | None:
        """The credit a dossier track shows in every view; None for a track not in it."""
        track = self._tracks.get(track_id) if track_id else None
        return track.artist_line if track else None

    def influenced_by(self, entry_id: str) -> list[Entry]:
        """Entries that list ``entry_id`` among what they influenced."""
        return [e for e in self.entries if entry_id in e.influenced]

    def speakers(self) -> list[Person]:
        seen = {c.speaker.id: c.speaker for c in self.commentary if c.speaker}
        return list(seen.values())
