"""The fake's reading of a Spotify search query: field filters plus free words.

Matching is word containment after folding case, accents and apostrophes, which is close
enough to Spotify for the cases that matter here: a filter finds every track whose field
holds all of its words, in any order ("Echo & the Bunnymen" finds "Echo and the Bunnymen").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_FILTER = re.compile(r'(track|artist|album|year|isrc):(?:"([^"]*)"|(\S+))', re.IGNORECASE)
_APOSTROPHES = str.maketrans("", "", "'’‘`´")
_WORD = re.compile(r"\w+")


class BadQuery(ValueError):
    """A query the real API would refuse with 400."""


def words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return set(_WORD.findall(folded.translate(_APOSTROPHES)))


SearchKeys = tuple[set[str], set[str], set[str], str, int | None]


def search_keys(track: dict) -> SearchKeys:
    """What a query compares, folded once per track rather than once per search."""
    year = track["album"]["release_date"][:4]
    return (
        words(track["name"]),
        set().union(*(words(a["name"]) for a in track["artists"])),
        words(track["album"]["name"]),
        track.get("external_ids", {}).get("isrc", "").upper(),
        int(year) if year.isdigit() and year != "0000" else None,
    )


@dataclass
class Query:
    track: list[set[str]] = field(default_factory=list)
    artist: list[set[str]] = field(default_factory=list)
    album: list[set[str]] = field(default_factory=list)
    isrc: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    free: set[str] = field(default_factory=set)

    def matches(self, keys: SearchKeys) -> bool:
        name, artists, album, isrc, year = keys
        if not all(w <= name for w in self.track):
            return False
        if not all(w <= artists for w in self.artist):
            return False
        if not all(w <= album for w in self.album):
            return False
        if any(code.upper() != isrc for code in self.isrc):
            return False
        if self.years and (year is None or not self.years[0] <= year <= self.years[1]):
            return False
        return self.free <= name | artists | album


def parse_query(q: str) -> Query:
    if not q or not q.strip():
        raise BadQuery("No search query")
    query = Query()
    for match in _FILTER.finditer(q):
        key, value = match.group(1).lower(), match.group(2) or match.group(3) or ""
        if key == "year":
            query.years = _years(value)
        elif key == "isrc":
            query.isrc.append(value.strip())
        else:
            getattr(query, key).append(words(value))
    query.free = words(_FILTER.sub(" ", q))
    return query


def _years(value: str) -> tuple[int, int]:
    parts = value.split("-")
    if len(parts) > 2 or not all(p.isdigit() and len(p) == 4 for p in parts):
        raise BadQuery(f"Invalid year filter: {value}")
    first, last = int(parts[0]), int(parts[-1])
    return (first, last) if first <= last else (last, first)
