"""Text normalisation for comparing titles and names across sources.

Accents, apostrophes, dashes, "&" vs "and" and case must not make two names differ.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_AMPERSAND = re.compile(r"\s*&\s*|\s*\+\s*")


def fold(text: str) -> str:
    """Lower case without accents: 'Hütter' -> 'hutter', 'Ærø' -> 'aero'."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold().replace("æ", "ae").replace("ø", "o").replace("ß", "ss")


def normalise(text: str) -> str:
    """A comparable form: folded, '&' as 'and', apostrophes dropped, punctuation as space."""
    text = _AMPERSAND.sub(" and ", fold(text))
    text = text.replace("'", "")
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    return normalise(text).split()
