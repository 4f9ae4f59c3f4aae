"""Matching a playlist item to the right Spotify track: search queries, scores, a decision.

Pure functions of an item and the candidates a search returned. A candidate's score is a
weighted mean of the components both sides know (title, artists, album, length, year),
cut down for versions the item did not ask for (karaoke, covers, remixes, live takes...).
The best candidate is accepted only above :data:`ACCEPT_THRESHOLD` and at least
:data:`MIN_MARGIN` ahead of the runner-up; otherwise a person reviews the candidates.
A runner-up that is the same recording (:func:`same_recording`: another release of it, a
reissue of the album with ISRCs of its own) is no reason for doubt; between editions of one
album that score alike, the original release is the match and the others stay candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core.playlist import Candidate, MatchStatus, PlaylistItem, TrackMatch
from app.core.similarity import (
    DURATION_SPAN,
    artist_similarity,
    duration_similarity,
    text_similarity,
    weighted_mean,
    year_similarity,
)
from app.core.text import TitleParts, normalise, parse_title, strip_article, without_quotes

# Weights of the score's components. Artists weigh as much as the title so that the
# right title by the wrong artist (a cover, a namesake) stays under the threshold.
TITLE_WEIGHT = 0.30
ARTIST_WEIGHT = 0.30
DURATION_WEIGHT = 0.20
ALBUM_WEIGHT = 0.10
YEAR_WEIGHT = 0.05

# The right title by the right artists on another release (album and year differ, as
# with a compilation or a reissue) scores 0.30 + 0.30 of 0.75 = 0.8: still accepted. The
# right title on the right album by someone else scores at most 0.65 of 0.95: not.
ACCEPT_THRESHOLD = 0.75
# Ahead of the runner-up by this much, or a person decides: a single edit (a 5% cost)
# does not beat the album version of the same title when the length is unknown.
MIN_MARGIN = 0.08
# Two candidates whose lengths differ by at most this many seconds (and whose titles and
# artists agree) are one recording released twice: no reason to doubt the match.
SAME_RECORDING_SECONDS = 2
# A part of an album's name that marks another edition of the same release, not other
# music: "Drive (Original Motion Picture Soundtrack) [10th Anniversary Edition]" is the
# 2011 album again, "Autobahn (2009 Remaster)" the 1974 one.  Reissues get ISRCs of their
# own, so two codes alone do not make two recordings.
EDITION_TAIL = re.compile(
    r"\b(?:edition|remaster(?:ed)?|anniversary|deluxe|expanded|reissue[ds]?|bonus tracks?)\b"
)

# Versions the item may not want, with the fraction of the score each one costs. The
# first group is looked for everywhere (title, album, artist names: a "Karaoke Hits
# Band" is a karaoke version); the second only in a title's or album's decorations,
# where "Live" or "Mix" describe the version rather than being part of a name.
ANYWHERE_PENALTIES: dict[str, tuple[str, float]] = {
    "karaoke": (r"karaoke", 0.6),
    "in the style of": (r"in the style of", 0.6),
    "originally performed": (r"originally (?:performed|by)", 0.6),
    "made famous": (r"made famous", 0.6),
    "tribute": (r"tribute", 0.5),
    "cover": (r"cover(?:s|ed)?(?: version)?", 0.5),
    "lullaby": (r"lullab(?:y|ies)", 0.6),
    "8-bit": (r"8 ?bit", 0.6),
    "sped up": (r"sped up|speed up", 0.6),
    "slowed": (r"slowed", 0.6),
}
DECORATION_PENALTIES: dict[str, tuple[str, float]] = {
    "instrumental": (r"instrumental", 0.4),
    "live": (r"live", 0.3),
    "remix": (r"re ?mix(?:ed|es)?|rmx|(?<!original )mix|dub", 0.35),
    "re-recorded": (r"re ?record(?:ed|ing)?", 0.3),
    "acoustic": (r"acoustic", 0.3),
    "demo": (r"demo", 0.3),
    "reverb": (r"reverb", 0.3),
    "extended": (r"extended", 0.1),
    "edit": (r"edit", 0.05),
}
_PATTERNS = {
    name: re.compile(rf"\b(?:{pattern})\b")
    for name, (pattern, _) in (ANYWHERE_PENALTIES | DECORATION_PENALTIES).items()
}
_PENALTY = {name: cost for name, (_, cost) in (ANYWHERE_PENALTIES | DECORATION_PENALTIES).items()}


def version_tags(text: str, *, anywhere_only: bool = False) -> frozenset[str]:
    """Which version markers a text carries ("Nightcall - Karaoke Version" -> karaoke)."""
    folded = normalise(text)
    names = ANYWHERE_PENALTIES if anywhere_only else _PATTERNS
    return frozenset(name for name in names if _PATTERNS[name].search(folded))


def _candidate_tags(title: TitleParts, candidate: Candidate) -> frozenset[str]:
    album = parse_title(candidate.album) if candidate.album else None
    tags = set(version_tags(candidate.title, anywhere_only=True))
    for text in (*title.decorations, *(album.decorations if album else ())):
        tags |= version_tags(text)
    for text in (candidate.album or "", *candidate.artists):
        tags |= version_tags(text, anywhere_only=True)
    return frozenset(tags)


def wanted_tags(item: PlaylistItem) -> frozenset[str]:
    """Versions the item asks for in its own title or note: those cost nothing."""
    return version_tags(" ".join(filter(None, (item.title, item.note))))


def version_factor(item: PlaylistItem, candidate: Candidate) -> float:
    """1.0, or less for each version marker on the candidate that the item did not ask for."""
    unwanted = _candidate_tags(parse_title(candidate.title), candidate) - wanted_tags(item)
    factor = 1.0
    for tag in unwanted:
        factor *= 1.0 - _PENALTY[tag]
    return factor


def album_similarity(wanted: str, offered: str) -> float:
    """The full names, or just their cores ("Autobahn" in "Autobahn (2009 Remaster)")."""
    return max(
        text_similarity(wanted, offered),
        text_similarity(parse_title(wanted).core, parse_title(offered).core),
    )


def score_parts(item: PlaylistItem, candidate: Candidate) -> dict[str, float]:
    """Each component the two sides both know, by name, in 0..1."""
    want, offer = parse_title(item.title), parse_title(candidate.title)
    title = text_similarity(want.core, offer.core)
    if version_tags(" ".join(want.decorations)):
        # The item names a version ("Nightcall (Dusk Remix)"): which one matters too.
        versions = text_similarity(" ".join(want.decorations), " ".join(offer.decorations))
        title = (title + versions) / 2
    parts = {
        "title": title,
        "artists": artist_similarity(
            (*item.artists, *want.featured), (*candidate.artists, *offer.featured)
        ),
    }
    if item.duration is not None and candidate.duration is not None:
        parts["duration"] = duration_similarity(item.duration, candidate.duration)
    if item.album and candidate.album:
        parts["album"] = album_similarity(item.album, candidate.album)
    if item.year is not None and candidate.year is not None:
        parts["year"] = year_similarity(item.year, candidate.year)
    return parts


_WEIGHTS = {
    "title": TITLE_WEIGHT,
    "artists": ARTIST_WEIGHT,
    "duration": DURATION_WEIGHT,
    "album": ALBUM_WEIGHT,
    "year": YEAR_WEIGHT,
}


def score_candidate(item: PlaylistItem, candidate: Candidate) -> float:
    """How well a candidate fits the item, 0.0 .. 1.0."""
    parts = score_parts(item, candidate)
    mean = weighted_mean([(score, _WEIGHTS[name]) for name, score in parts.items()])
    return min(1.0, max(0.0, mean * version_factor(item, candidate)))


# -- search queries -----------------------------------------------------------------------


_LEADING_THE = re.compile(r"^the\s+(?=\S)", re.IGNORECASE)


def _field(name: str, value: str) -> str:
    return f'{name}:"{value}"'


def query_plan(item: PlaylistItem) -> list[str]:
    """Spotify search ``q`` strings, strictest first, without repeats.

    The year narrows only a search without an album: with one, it would hide the reissues
    (a 2009 remaster of a 1974 recording) that the album filter already finds. The market
    travels beside ``q`` in the request, so the queries do not depend on it.
    """
    title = without_quotes(parse_title(item.title).core) or without_quotes(item.title)
    artist = without_quotes(item.artists[0]) if item.artists else ""
    album = without_quotes(parse_title(item.album).core) if item.album else ""
    loose_artist = _LEADING_THE.sub("", artist)
    base = _field("track", title) + (" " + _field("artist", artist) if artist else "")
    plan = []
    if album:
        plan.append(f"{base} {_field('album', album)}")
    elif item.year is not None and 1000 <= item.year <= 9999:
        plan.append(f"{base} year:{item.year}")
    plan.append(base)
    if loose_artist:
        plan.append(f"{_field('track', title)} {loose_artist}")
    plan.append(" ".join(filter(None, (title, loose_artist))))
    return [q for q in dict.fromkeys(plan) if q.strip()]


# -- the decision ---------------------------------------------------------------------------


def _recording_key(candidate: Candidate) -> tuple:
    parts = parse_title(candidate.title)
    artists = sorted(strip_article(a) for a in (*candidate.artists, *parts.featured))
    tags = version_tags(" ".join(parts.decorations))
    return normalise(parts.core), tuple(artists), tags


def _release(album: str | None) -> tuple[str, tuple[str, ...]] | None:
    """The album's name without its edition tail: one key for the original and its reissues."""
    if not album:
        return None
    parts = parse_title(album)
    kept = tuple(d for d in (normalise(d) for d in parts.decorations) if not EDITION_TAIL.search(d))
    return normalise(parts.core), kept


def is_edition(album: str | None) -> bool:
    """True for an album named as a later edition (remaster, anniversary, deluxe...)."""
    return bool(album) and any(
        EDITION_TAIL.search(normalise(d)) for d in parse_title(album).decorations
    )


def same_release(a: Candidate, b: Candidate) -> bool:
    """Two albums that differ at most by an edition tail."""
    release = _release(a.album)
    return release is not None and release == _release(b.album)


def same_recording(a: Candidate, b: Candidate) -> bool:
    """One recording on two releases: the same ISRC, or the same title, artists and length
    (with two different ISRCs, only on two editions of one album: a reissue)."""
    if a.isrc and b.isrc and a.isrc.strip().upper() == b.isrc.strip().upper():
        return True
    if a.duration is None or b.duration is None:
        return False
    close = abs(a.duration - b.duration) <= SAME_RECORDING_SECONDS
    if not close or _recording_key(a) != _recording_key(b):
        return False
    return not (a.isrc and b.isrc) or same_release(a, b)


# The most the length can tell two editions of one recording apart by (their lengths are
# at most SAME_RECORDING_SECONDS apart): within it, the item does not prefer either.
EDITION_SCORE_SLACK = (
    DURATION_WEIGHT
    / (TITLE_WEIGHT + ARTIST_WEIGHT + DURATION_WEIGHT)
    * SAME_RECORDING_SECONDS
    / DURATION_SPAN
)


def _original_release(best: Candidate, ranked: list[Candidate]) -> Candidate:
    """Among the editions of ``best``'s album that score as well as it does, the original:
    the earliest year, then the album without an edition tail.  Where the item's details
    prefer one edition (its album or year), the scores already tell them apart."""
    editions = [best] + [
        c
        for c in ranked[1:]
        if c.score >= best.score - EDITION_SCORE_SLACK
        and same_release(best, c)
        and same_recording(best, c)
    ]
    return min(
        editions,
        key=lambda c: (c.year if c.year is not None else 10_000, is_edition(c.album)),
    )


def decide(
    item: PlaylistItem,
    candidates: Iterable[Candidate],
    keep: int = 5,
    market: str | None = None,
) -> TrackMatch:
    """Score every candidate, keep the best few, and accept the best only when it is clear.

    Never returns CHOSEN: that is a person's choice.
    """
    best_by_uri: dict[str, Candidate] = {}
    for candidate in candidates:
        scored = candidate.with_score(round(score_candidate(item, candidate), 4))
        held = best_by_uri.get(scored.uri)
        if held is None or scored.score > held.score:
            best_by_uri[scored.uri] = scored
    ranked = sorted(
        best_by_uri.values(), key=lambda c: -c.score
    )  # stable: search order breaks ties
    if not ranked:
        return TrackMatch(MatchStatus.NOT_FOUND, market=market)
    best = _original_release(ranked[0], ranked)
    if best is not ranked[0]:
        ranked.remove(best)
        ranked.insert(0, best)  # the match goes first, its reissue stays a candidate
    runner_up = next((c.score for c in ranked[1:] if not same_recording(best, c)), 0.0)
    kept = tuple(ranked[: max(0, keep)])
    if best.score >= ACCEPT_THRESHOLD and best.score - runner_up >= MIN_MARGIN:
        return TrackMatch(
            MatchStatus.MATCHED,
            uri=best.uri,
            score=best.score,
            track=best,
            candidates=kept,
            market=market,
        )
    return TrackMatch(MatchStatus.REVIEW, score=best.score, candidates=kept, market=market)
