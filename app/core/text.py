"""Text normalisation for comparing titles and names across sources.

Accents, apostrophes, dashes, "&" vs "and" and case must not make two names differ.
Shop titles also carry decorations (" - 2009 Remaster", "(feat. X)", "(From "Drive")")
that say which version or who else sings; :func:`parse_title` takes them apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_AMPERSAND = re.compile(r"\s*&\s*|\s*\+\s*")
_DOUBLE_QUOTES = re.compile(r"[\"“”„‟″«»]")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def whole_characters(text: str) -> str:
    """Half a UTF-16 surrogate pair is no character, and no file can hold one: each
    becomes U+FFFD, the replacement character, wherever text is written."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def fold(text: str) -> str:
    """Lower case without accents: 'Hütter' -> 'hutter', 'Ærø' -> 'aero'."""
    if text.isascii():
        return text.replace("`", "'").lower()  # nothing to decompose: the common case, fast
    # Apostrophes are unified before decomposing ("´" would become a space and an
    # accent) and after it ("ŉ" decomposes to "ʼn").
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES)).translate(_APOSTROPHES)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold().replace("æ", "ae").replace("ø", "o").replace("ß", "ss")


@lru_cache(maxsize=8192)  # matching compares the same few titles and names many times
def normalise(text: str) -> str:
    """A comparable form: folded, '&' as 'and', apostrophes dropped, punctuation as space."""
    text = _AMPERSAND.sub(" and ", fold(text))
    text = text.replace("'", "")
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    return normalise(text).split()


def strip_article(name: str) -> str:
    """'The Chromatics' and 'Chromatics' are one band: drop a leading 'the' (normalised)."""
    name = normalise(name)
    if name.startswith("the ") and len(name) > 4:
        return name[4:]
    return name


def without_quotes(text: str) -> str:
    """Double quotes removed (they would end a quoted search phrase), spaces tidied."""
    return _SPACES.sub(" ", _DOUBLE_QUOTES.sub(" ", text)).strip()


# -- artist credits ---------------------------------------------------------------------

# Words that join a main artist to a guest.  "&" and "and" are not among them: they
# are part of many band names ("Echo & the Bunnymen").
_FEATURING = r"(?:feat\.?|ft\.?|featuring|with|w/)"
_CREDIT_SPLIT = re.compile(
    rf"\s*[,;]\s*|\s+/\s+|\s+{_FEATURING}\s+|\s+(?:x|vs\.?)\s+", re.IGNORECASE
)
_LEADING_FEATURING = re.compile(rf"^\s*{_FEATURING}\s+", re.IGNORECASE)


def split_credit(credit: str) -> tuple[str, ...]:
    """'College feat. Electric Youth' or 'Suzanne Vega with Joe Jackson' -> the names."""
    names = (n.strip() for n in _CREDIT_SPLIT.split(credit))
    return tuple(n for n in names if n)


def split_credits(credits: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(name for credit in credits for name in split_credit(credit))


_JOINED = re.compile(r"\s*[&+]\s*")


def credit_pieces(credit: str) -> tuple[str, ...]:
    """Every name a credit may be made of, "&" and "+" split too: "Echo & the Bunnymen"
    gives "Echo" and "the Bunnymen".  For looking a credit up, never for showing names:
    a lookup also tries the whole credit, so a band's name still matches as itself."""
    pieces = (p.strip() for name in split_credit(credit) for p in _JOINED.split(name))
    return tuple(p for p in pieces if p)


# -- titles -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TitleParts:
    """A title taken apart: the song's name, guests named in it, and version notes."""

    core: str
    featured: tuple[str, ...] = ()
    decorations: tuple[str, ...] = ()  # "2009 Remaster", "Single Edit", 'From "Drive"'


_BRACKETED = re.compile(r"\s*[\(\[]([^\(\)\[\]]*)[\)\]]")
_DASH_SUFFIX = re.compile(r"\s+[-–—]\s+")
_TRAILING_FEATURING = re.compile(r"\s+(?:feat\.?|ft\.?|featuring)\s+(.+)$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def parse_title(title: str) -> TitleParts:
    """'A Real Hero (feat. Electric Youth) - Single Edit' ->
    core 'A Real Hero', featured ('Electric Youth',), decorations ('Single Edit',)."""
    pieces: list[str] = []

    def take(match: re.Match[str]) -> str:
        pieces.append(match.group(1))
        return " "

    core = _BRACKETED.sub(take, title)
    core, *suffixes = _DASH_SUFFIX.split(core)
    pieces.extend(suffixes)
    trailing = _TRAILING_FEATURING.search(core)
    if trailing:
        pieces.append("feat. " + trailing.group(1))
        core = core[: trailing.start()]
    featured: list[str] = []
    decorations: list[str] = []
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        lead = _LEADING_FEATURING.match(piece)
        if lead:
            featured.extend(split_credit(piece[lead.end() :]))
        else:
            decorations.append(piece)
    core = _SPACES.sub(" ", core).strip()
    if not normalise(core):  # a title that is nothing but a bracket, e.g. "(Untitled)"
        return TitleParts(title.strip(), tuple(featured))
    return TitleParts(core, tuple(featured), tuple(decorations))
