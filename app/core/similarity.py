"""How alike two titles, names, artist lists, lengths and years are: each a number in 0..1.

Small pure functions in the manner of MusicBrainz Picard: words are compared by
normalised edit distance, a multi-word text by pairing its words in any order, and a
length by a difference that costs linearly up to :data:`DURATION_SPAN` seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from app.core.text import normalise, split_credits, strip_article

# Two words at least this alike are taken as the same word and paired off.
WORD_MATCH_MIN = 0.6
# A word of the longer text with no partner costs this fraction of a word, so
# "Drive" against "Music from Drive" is still somewhat alike.
LEFTOVER_WORD_COST = 0.4
# Lengths this many seconds apart (or more) score 0; equal lengths score 1.
DURATION_SPAN = 30
# Release years this far apart (or more) score 0; reissues make a year a weak signal.
YEAR_SPAN = 10
# A guest artist of the item that the candidate does not credit costs this much.
MISSING_ARTIST_COST = 0.15
MAX_MISSING_ARTIST_COST = 0.3
# An artist the candidate credits and the item does not (a remixer, a second singer).
EXTRA_ARTIST_COST = 0.05
MAX_EXTRA_ARTIST_COST = 0.15
# Reading a single credit "Kavinsky & Lovefoxxx" as two names is a guess: discount it.
AMPERSAND_SPLIT_FACTOR = 0.9


@lru_cache(maxsize=4096)
def word_similarity(a: str, b: str) -> float:
    """1 - edit distance / length of the longer word (words already normalised)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return 1.0 - previous[-1] / len(a)


def word_list_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Order-free: the closest pairs of words are matched first; leftovers cost a little.

    Symmetric by construction: the shorter list (ties: the smaller) is paired into the other.
    """
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    short, long_ = sorted((list(a), list(b)), key=lambda ws: (len(ws), ws))
    pairs = sorted(
        ((word_similarity(x, y), i, j) for i, x in enumerate(short) for j, y in enumerate(long_)),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    used_short: set[int] = set()
    used_long: set[int] = set()
    total = 0.0
    for score, i, j in pairs:
        if score < WORD_MATCH_MIN:
            break
        if i in used_short or j in used_long:
            continue
        used_short.add(i)
        used_long.add(j)
        total += score
    leftover = len(long_) - len(used_long)
    return total / (len(short) + LEFTOVER_WORD_COST * leftover)


def text_similarity(a: str, b: str) -> float:
    """Titles and album names: normalised, then compared word by word in any order."""
    return word_list_similarity(normalise(a).split(), normalise(b).split())


def name_similarity(a: str, b: str) -> float:
    """One artist's name against another's; a leading 'The' does not count."""
    return word_list_similarity(strip_article(a).split(), strip_article(b).split())


def _credit_parts(wanted: Sequence[str], offered: Sequence[str]) -> tuple[float, float]:
    """(how well the main artist is found, what missing guests and extra names cost)."""
    if not wanted or not offered:
        return 0.0, 1.0
    best = [max(name_similarity(w, o) for o in offered) for w in wanted]
    main, guests = best[0], best[1:]
    missing = min(MAX_MISSING_ARTIST_COST, MISSING_ARTIST_COST * sum(1 - g for g in guests))
    extras = sum(1 for o in offered if max(name_similarity(w, o) for w in wanted) < WORD_MATCH_MIN)
    return main, missing + min(MAX_EXTRA_ARTIST_COST, EXTRA_ARTIST_COST * extras)


def _split_ampersands(names: Sequence[str]) -> list[str]:
    return [piece for name in names for piece in normalise(name).split(" and ") if piece]


def artist_similarity(wanted: Sequence[str], offered: Sequence[str]) -> float:
    """The item's artists (main first, then guests) against a candidate's credits.

    Credits are split at "feat.", "ft.", "featuring", "with" and commas first, so
    "College feat. Electric Youth" and ("College", "Electric Youth") are the same. The main
    artist must be there; a missing guest or an extra name costs a little.
    """
    if wanted and [normalise(w) for w in wanted] == [normalise(o) for o in offered]:
        return 1.0  # the same credits, even ones that do not read as names
    wanted_names = list(split_credits(wanted))
    offered_names = list(split_credits(offered))
    main, cost = _credit_parts(wanted_names, offered_names)
    whole = max(0.0, main * (1.0 - cost))
    if whole < 1.0:
        # "Kavinsky & Lovefoxxx" may be two artists, but only if the halves account for
        # every name on both sides: "Echo" alone is not half of "Echo & the Bunnymen".
        split_main, split_cost = _credit_parts(
            _split_ampersands(wanted_names), _split_ampersands(offered_names)
        )
        if split_cost == 0.0:
            whole = max(whole, split_main * AMPERSAND_SPLIT_FACTOR)
    return whole


def duration_similarity(a: int | float, b: int | float) -> float:
    """Seconds: 1 when equal, falling linearly to 0 at :data:`DURATION_SPAN` apart."""
    return 1.0 - min(abs(a - b), DURATION_SPAN) / DURATION_SPAN


def year_similarity(a: int, b: int) -> float:
    return 1.0 - min(abs(a - b), YEAR_SPAN) / YEAR_SPAN


def weighted_mean(parts: Sequence[tuple[float, float]]) -> float:
    """Mean of (score, weight) pairs; components that are absent are simply not passed."""
    total_weight = sum(w for _, w in parts)
    if total_weight <= 0:
        return 0.0
    return sum(s * w for s, w in parts) / total_weight
