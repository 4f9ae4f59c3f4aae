"""What a film dossier file holds: its one description.

``dossier_file`` checks a dossier against these structs (``described.check``) and builds
the domain model from them; ``resources/dossier.schema.json``, for editors, is generated
from them (``python -m app.storage.dossier_format`` writes it again; a test checks it is
current).  What a struct cannot say (that an id refers to something, that a featured entry
has a number) ``dossier_file`` checks.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from msgspec import Meta

from app.core.dossier import UNCONFIRMABLE, EntryKind
from app.storage.described import Description, json_schema

SCHEMA_VERSION = 1
ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"

# Text; a number is taken as its text (a title like 1974 is still a title).  Blank text is
# refused where it is built (dossier_file).
Text = Annotated[
    str | int | float,
    Meta(extra={"noun": "text"}, extra_json_schema={"type": "string", "minLength": 1}),
]
Ident = Annotated[
    str | int,
    Meta(extra={"noun": "text"}, extra_json_schema={"type": "string", "pattern": ID_PATTERN}),
]
# A list of text; one item may be written without brackets.  (A tuple: the list as the
# domain keeps it, made once.)
Texts = Annotated[
    str | tuple[Annotated[str, Meta(min_length=1, extra={"noun": "text"})], ...],
    Meta(extra={"noun": "a list of text"}),
]
Year = Annotated[int, Meta(ge=0)]
Seconds = Annotated[int, Meta(ge=0)]


def _about(text: str, **schema: Any) -> Meta:
    return Meta(description=text, extra_json_schema=schema or None)


class Film(Description, forbid_unknown_fields=True, kw_only=True):
    title: Text
    year: Year
    directors: Texts | None = None
    composers: Texts | None = None
    album: Text | None = None
    album_label: Text | None = None
    album_year: Annotated[
        Year | None,
        _about("The year the album came out; featured tracks' year. Defaults to the film's year."),
    ] = None
    summary: Text | None = None
    sources: Annotated[
        Texts | None, _about("Ids of the sources the film's facts and summary come from.")
    ] = None


class Person(Description, forbid_unknown_fields=True, kw_only=True):
    id: Ident
    name: Text
    role: Text


class Source(Description, forbid_unknown_fields=True, kw_only=True):
    id: Ident
    publication: Text
    title: Text
    date: Text | None = None
    url: Text | None = None


class Commentary(Description, forbid_unknown_fields=True, kw_only=True):
    """A quote (``segments``, with a ``speaker``) or the article's own words (``context``)."""

    id: Ident
    about: Annotated[Texts, _about("Entry ids, or the dossier id for the film itself.")]
    source: Text
    speaker: Annotated[
        Text | None, _about("A person id; leave out for the article's own words.")
    ] = None
    segments: Annotated[
        Texts | None, _about("The quoted words, verbatim, one item per quoted passage.")
    ] = None
    context: Annotated[
        Text | None,
        _about(
            "The article's own words, not a quote: for a quote, those that break it after its"
            " first passage (e.g. 'says Refn'); with no speaker, the article's framing."
        ),
    ] = None
    video: Annotated[
        Text | None,
        _about(
            "Caption of the video the article shows beside this passage, as the article gives"
            " it (not a link)."
        ),
    ] = None


# What the struct cannot say but an editor can check: one of the two is there.
_QuoteOrContext = Annotated[
    Commentary,
    Meta(extra_json_schema={"anyOf": [{"required": ["segments"]}, {"required": ["context"]}]}),
]


class Track(Description, forbid_unknown_fields=True, kw_only=True):
    """One playable listing of a film or album entry."""

    title: Text
    artists: Texts
    id: Annotated[Text | None, _about("Defaults to '<entry id>/<title slug>'.")] = None
    featuring: Texts | None = None
    credited_as: Annotated[Text | None, _about("The credit exactly as the release prints it.")] = (
        None
    )
    album: Text | None = None
    year: Year | None = None
    duration: Annotated[
        Seconds | None, _about("Seconds. Leave out when no source confirms it.")
    ] = None
    default: Annotated[
        bool | None, _about("One of the entry's default picks for the preset playlist.")
    ] = None
    same_as: Annotated[
        Text | None,
        _about(
            "Id of the dossier track this listing stands for (a song two entries share):"
            " the playlist holds it once."
        ),
    ] = None
    note: Text | None = None


class Entry(Description, forbid_unknown_fields=True, kw_only=True):
    """A featured track, or an influence (a track, film or album)."""

    id: Ident
    title: Text
    kind: Annotated[
        Text | None,
        _about(
            "A track entry is itself a playable track; a film or album lists 'tracks'.",
            enum=[k.value for k in EntryKind],
            default=EntryKind.TRACK.value,
        ),
    ] = None
    number: Annotated[
        Year | None, _about("Position on the film's album (required for featured entries).")
    ] = None
    artists: Texts | None = None
    featuring: Texts | None = None
    credited_as: Annotated[Text | None, _about("The credit exactly as the release prints it.")] = (
        None
    )
    album: Text | None = None
    label: Text | None = None
    year: Annotated[
        Year | None,
        _about(
            "The entry's year; for a featured entry, the album's year (defaults to the"
            " film's album_year, else its year)."
        ),
    ] = None
    original_year: Annotated[
        Year | None,
        _about(
            "The year the song itself first came out, where a source gives it; shown instead"
            " of the album's year."
        ),
    ] = None
    duration: Seconds | None = None
    directors: Texts | None = None
    writers: Texts | None = None
    music_by: Texts | None = None
    theme: Annotated[bool | None, _about("The film's theme song.")] = None
    description: Text | None = None
    why: Annotated[Text | None, _about("Why an influence is in the dossier.")] = None
    notes: Annotated[Texts | None, _about("Facts that correct or qualify the commentary.")] = None
    influenced: Annotated[Texts | None, _about("Ids of entries this one shaped.")] = None
    shaped_label: Annotated[
        Text | None,
        _about(
            "Names the 'influenced' relation on this entry's page, e.g. 'Played whole in"
            " Drive, as its songs were'. Default 'Shaped'."
        ),
    ] = None
    shaped_by_label: Annotated[
        Text | None,
        _about(
            "Names the same relation on the page of each entry listed in 'influenced', e.g."
            " 'Played whole, as in'. Default 'Shaped by'."
        ),
    ] = None
    related: Annotated[
        Texts | None,
        _about("Ids of other related entries (not already linked by 'influenced')."),
    ] = None
    sources: Annotated[Texts | None, _about("Ids of the sources its facts come from.")] = None
    credit_note: Annotated[
        Text | None,
        _about("How sources spell the artist credit differently; shown beside the credit."),
    ] = None
    unconfirmed: Annotated[
        Texts | None,
        _about(
            "Facts left out because no source confirms them; the entry says so.",
            type="array",
            items={"enum": list(UNCONFIRMABLE)},
        ),
    ] = None
    tracks: list[Track] | None = None


class DossierFile(Description, forbid_unknown_fields=True, kw_only=True):
    """One film's music: featured tracks, influences and commentary. Version 1."""

    schema_version: Annotated[int, Meta(extra_json_schema={"const": SCHEMA_VERSION})]
    id: Ident
    film: Film
    people: list[Person] | None = None
    sources: list[Source] | None = None
    commentary: list[_QuoteOrContext] | None = None
    featured: list[Entry]
    influences: list[Entry] | None = None


def schema() -> dict:
    """The JSON Schema of a dossier file, for editors."""
    return json_schema(
        DossierFile,
        **{
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://drive-playlist.invalid/dossier.schema.json",
            "title": "Drive Playlist film dossier",
        },
    )


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m app.storage.dossier_format: write the schema again
    from app.storage.home import resource_path

    resource_path("dossier.schema.json").write_text(schema_text(), encoding="utf-8")
