"""The ``fields=`` filter of Spotify's playlist reads: ``snapshot_id,items.total``,
``items(added_at,item(uri,type))``.  A dot walks into one field, parentheses list the
fields kept of an object (or of each object of a list).  Exclusions (``!name``) are not
offered by this fake; asking for one is answered 400, as any filter it cannot read.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*|[(),.])")


class BadFields(ValueError):
    pass


def parse(text: str) -> dict:
    """``a,b.c,d(e,f)`` -> {"a": {}, "b": {"c": {}}, "d": {"e": {}, "f": {}}} ({} = all)."""
    tokens, at = [], 0
    while at < len(text):
        found = _TOKEN.match(text, at)
        if not found:
            raise BadFields(f"Invalid fields: {text!r}")
        tokens.append(found.group(1))
        at = found.end()
    tree, rest = _list(tokens)
    if rest:
        raise BadFields(f"Invalid fields: {text!r}")
    return tree


def _list(tokens: list[str]) -> tuple[dict, list[str]]:
    tree: dict = {}
    while True:
        name, tokens = _field(tokens)
        _merge(tree, name)
        if tokens[:1] != [","]:
            return tree, tokens
        tokens = tokens[1:]


def _field(tokens: list[str]) -> tuple[dict, list[str]]:
    if not tokens or (not tokens[0][0].isalpha() and tokens[0][0] != "_"):
        raise BadFields("Invalid fields")
    name, tokens = tokens[0], tokens[1:]
    if tokens[:1] == ["."]:
        inner, tokens = _field(tokens[1:])
        return {name: inner}, tokens
    if tokens[:1] == ["("]:
        inner, tokens = _list(tokens[1:])
        if tokens[:1] != [")"]:
            raise BadFields("Invalid fields: unbalanced parentheses")
        return {name: inner}, tokens[1:]
    return {name: {}}, tokens


def _merge(into: dict, more: dict) -> None:
    for key, sub in more.items():
        if key in into and into[key] and sub:
            _merge(into[key], sub)
        else:
            into[key] = {} if key in into and not into[key] else sub


def keep(value, tree: dict):
    """``value`` with only the fields ``tree`` names (an empty tree keeps everything)."""
    if not tree:
        return value
    if isinstance(value, list):
        return [keep(v, tree) for v in value]
    if not isinstance(value, dict):
        return value
    return {key: keep(value[key], sub) for key, sub in tree.items() if key in value}
