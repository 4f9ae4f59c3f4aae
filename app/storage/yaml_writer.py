"""The one YAML writer: every YAML file the program writes (playlists, autosaves, settings).

Block style, keys in the order given, text unquoted where YAML reads it back as the same
text.  Written directly rather than through PyYAML's dumper: that took several times as
long for a 10,000-item playlist (bench/playlist_io.py), and this module then needs no
PyYAML at all.  Whatever it writes, ``yamlio`` reads back as the same data (the tests
check it against PyYAML too).
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.core.text import whole_characters

_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9 _.,:()&!?'/+-]*[A-Za-z0-9_.()&!?'/+-])?")
_NOT_PLAIN = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n"})
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
# YAML refuses these raw, and reads U+0085/U+2028/U+2029 as line breaks: always escaped.
# Half a surrogate pair YAML cannot hold even escaped: see whole_characters.
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ".nan" if value != value else (".inf" if value > 0 else "-.inf")
        text = repr(value)
        return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
    if _PLAIN.fullmatch(value) and value.lower() not in _NOT_PLAIN and ": " not in value:
        return value
    # A JSON string is a valid YAML double-quoted scalar; then escape what YAML refuses.
    quoted = json.dumps(value, ensure_ascii=False)
    return _ESCAPE.sub(_escaped, quoted)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    whole = whole_characters(char)
    return whole if whole != char else f"\\u{ord(char):04x}"


def _inline(value: Any) -> str | None:
    """One-line form for scalars, empty containers and short plain lists; else None."""
    if isinstance(value, dict):
        return None if value else "{}"
    if isinstance(value, list):
        parts = [_scalar(v) if isinstance(v, str) else None for v in value]
        if all(p is not None and not _FLOW_UNSAFE.search(p) for p in parts):
            return f"[{', '.join(parts)}]"  # type: ignore[arg-type]
        return None
    return _scalar(value)


def _block(value: dict | list, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, child in value.items():
            one = _inline(child)
            if one is not None:
                lines.append(f"{pad}{_scalar(key)}: {one}")
            else:
                lines.append(f"{pad}{_scalar(key)}:")
                _block(child, indent + 2 if isinstance(child, dict) else indent, lines)
        return
    for child in value:
        one = _inline(child)
        if one is not None:
            lines.append(f"{pad}- {one}")
        elif isinstance(child, dict):
            start = len(lines)
            _block(child, indent + 2, lines)
            lines[start] = f"{pad}- {lines[start][indent + 2 :]}"
        else:
            lines.append(f"{pad}-")
            _block(child, indent + 2, lines)


def dump(data: dict) -> str:
    """Block-style YAML for plain data (text, numbers, true/false, null, lists, mappings)."""
    lines: list[str] = []
    _block(data, 0, lines)
    return "\n".join(lines) + "\n"
