"""The one validator: data checked against a format's declared description, with one wording.

Each file format describes its fields once, as typed ``msgspec.Struct`` classes (what is
required, of what kind, within what bounds, which fields are allowed).  :func:`check`
converts parsed data to those classes; a mistake becomes the format's own error, naming
the field path and saying in this module's words what was expected and what was found.
The same description gives the JSON Schema for editors (:func:`json_schema`).

``Meta(extra={"noun": ...})`` on a type names it in errors where the plain kind would not
say enough ("[item id, URI] or [item id]").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import msgspec
from msgspec import inspect as mi

from app.storage.located import FieldPath

T = TypeVar("T")

# What a parsed value is, in errors: one word list for every format.
TEXT, WHOLE, NUMBER, TRUTH = "text", "whole number", "number", "true or false"


def kind(value: Any) -> str:
    """What ``value`` is, as an error says it ("got ...")."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return TRUTH
    if isinstance(value, int):
        return WHOLE
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, str):
        return TEXT if value.strip() else "empty text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def expected(what: str, value: Any) -> str:
    """The one wording of a value of the wrong kind; a hint where quotes would mend it."""
    hint = ""
    if what == TEXT and isinstance(value, int | float | dt.date):
        hint = " (put it in quotes)"
    return f"expected {what}, got {kind(value)}{hint}"


Fail = Callable[[FieldPath, str], Exception]


class Description(msgspec.Struct, gc=False):
    """The base of every format's structs.  They hold text, numbers, lists and other
    structs, never a cycle, so the cycle collector need not track them: tracked, the tens
    of thousands made reading a big playlist set off collections that made reopening it
    a tenth slower (bench/playlist_io.py)."""


def check(data: Any, description: type[T], fail: Fail, at: FieldPath = ()) -> T:
    """``data`` as ``description`` says; else ``fail(path, message)`` for the first mistake.

    ``at``: where ``data`` sits in the file, for the path in the error."""
    try:
        return msgspec.convert(data, description)
    except msgspec.ValidationError as exc:
        path, message = _explain(str(exc), data, description)
        raise fail((*at, *path), message) from None


def one_by_one(description: type[T], *lists: str) -> type[T]:
    """``description`` with the fields ``lists`` left unchecked, for a caller that checks
    their items in turn with :func:`each` and lets each go once built: a big file's parsed
    data and what is made from it are then never both held whole."""
    fields: list[tuple] = []
    for f in msgspec.structs.fields(description):
        kind = Any if f.name in lists else f.type
        if f.required:
            fields.append((f.name, kind))
        elif f.default_factory is not msgspec.NODEFAULT:
            fields.append((f.name, kind, msgspec.field(default_factory=f.default_factory)))
        else:
            fields.append((f.name, kind, f.default))
    config = description.__struct_config__  # type: ignore[attr-defined]
    return msgspec.defstruct(
        description.__name__,
        fields,
        kw_only=True,
        forbid_unknown_fields=config.forbid_unknown_fields,
        gc=config.gc,
        module=description.__module__,
    )


def each(
    items: Any, description: type[T], fail: Fail, at: FieldPath, *, let_go: bool, required=False
) -> Iterator[tuple[int, T]]:
    """The items of a list :func:`one_by_one` left unchecked, each checked as
    ``description`` says, with its index; ``let_go``: the list is this reading's own, and
    each item leaves it once checked."""
    if items is None:
        if required:
            raise fail(at[:-1], f"missing required field {at[-1]!r}")
        return
    if not isinstance(items, list):
        raise fail(at, expected("a list", items))
    many = list[description]  # type: ignore[valid-type]
    for start in range(0, len(items), _PART):
        part = items[start : start + _PART]
        try:
            checked = msgspec.convert(part, many)
        except msgspec.ValidationError as exc:
            path, message = _explain(str(exc), part, many)
            where = (*at, start + path[0], *path[1:]) if path else at
            raise fail(where, message) from None
        if let_go:
            items[start : start + _PART] = [None] * len(part)
        del part
        yield from enumerate(checked, start)


# Items checked by one call of each(): a call per item costs more than the checks of a
# small one (a JSPF track with only a title), and a few hundred are not worth holding twice.
_PART = 256


_WHERE = re.compile(r" - at `\$(.*)`$")
_KEY_WHERE = re.compile(r" - at `key` in `\$(.*)`$")
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_MISSING = re.compile(r"Object missing required field `(.+)`$")
_UNKNOWN = re.compile(r"Object contains unknown field `(.+)`$")
_EXPECTED = re.compile(r"Expected `[^`]+`(?:, got `[^`]+`)?(.*)$")
_BOUND = re.compile(r" (>=|<=|>|<) (-?\d+(?:\.\d+)?)$")
_BOUND_WORDS = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than"}


def _explain(error: str, data: Any, description: type) -> tuple[FieldPath, str]:
    """msgspec's message (``Expected `int`, got `str` - at `$.items[0].year```) in ours."""
    key_where = _KEY_WHERE.search(error)
    if key_where:
        return _steps(key_where.group(1)), "a field name must be text"
    where = _WHERE.search(error)
    path = _steps(where.group(1)) if where else ()
    problem = error[: where.start()] if where else error
    missing = _MISSING.match(problem)
    if missing:
        return path, f"missing required field {missing.group(1)!r}"
    info = _type_at(mi.type_info(description), path)
    unknown = _UNKNOWN.match(problem)
    if unknown:
        name = unknown.group(1)
        allowed = ", ".join(sorted(f.encode_name for f in _struct(info).fields))
        return (*path, name), f"unknown field {name!r} (allowed: {allowed})"
    wrong = _EXPECTED.match(problem)
    if not wrong:  # a message of the format's own, from a check in its description
        return path, problem
    value = _value_at(data, path)
    if value is None and path and isinstance(path[-1], str):  # left empty: left out
        return path[:-1], f"missing required field {path[-1]!r}"
    bound = _BOUND.search(wrong.group(1))
    if bound and isinstance(value, int | float):
        words = _BOUND_WORDS[bound.group(1)]
        return path, f"expected {_noun(info)} of {words} {bound.group(2)}, got {value!r}"
    return path, expected(_noun(info), value)


def _steps(text: str) -> FieldPath:
    return tuple(key if key else int(index) for key, index in _STEP.findall(text))


def _value_at(data: Any, path: FieldPath) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _plain(info: Any) -> Any:
    """The type under its metadata, and without the None of an optional field."""
    while isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        others = [t for t in info.types if not isinstance(t, mi.NoneType)]
        if len(others) == 1:
            return _plain(others[0])
    return info


def _struct(info: Any) -> Any:
    info = _plain(info)
    if isinstance(info, mi.UnionType):
        info = next(t for t in info.types if isinstance(_plain(t), mi.StructType))
    return _plain(info)


_SEQUENCES = (mi.ListType, mi.VarTupleType)  # a list in the file, either way


def _type_at(info: Any, path: FieldPath) -> Any:
    for step in path:
        info = _plain(info)
        if isinstance(info, mi.UnionType):  # text or a list of text, say: the list
            want = mi.StructType if isinstance(step, str) else _SEQUENCES
            info = next((_plain(t) for t in info.types if isinstance(_plain(t), want)), info)
        if isinstance(step, str) and isinstance(info, mi.StructType):
            info = next((f.type for f in info.fields if f.encode_name == step), mi.AnyType())
        elif isinstance(step, int) and isinstance(info, _SEQUENCES):
            info = info.item_type
        else:
            return mi.AnyType()
    return info


_NOUNS = {
    mi.StrType: TEXT,
    mi.IntType: WHOLE,
    mi.FloatType: NUMBER,
    mi.BoolType: TRUTH,
    mi.StructType: "a mapping of fields",
    mi.AnyType: "a value",
}


def _noun(info: Any) -> str:
    """What a type is called in an error: its own ``noun`` if it has one."""
    while isinstance(info, mi.Metadata):
        if info.extra and "noun" in info.extra:
            return info.extra["noun"]
        info = info.type
    if isinstance(info, mi.UnionType):
        return " or ".join(_noun(t) for t in info.types if not isinstance(t, mi.NoneType))
    if isinstance(info, _SEQUENCES):
        item = _plain(info.item_type)
        return f"a list of {_noun(item)}" if type(item) in (mi.StrType,) else "a list"
    return _NOUNS.get(type(info), "a value")


def json_schema(description: type, **about: Any) -> dict:
    """The JSON Schema of ``description`` for editors: ``about`` (``$schema``, ``title``...)
    first, then the top-level object inline and the rest under ``$defs``.

    Written as a person would: a field that may be left empty is shown as what it holds
    when filled, and a type's own ``extra_json_schema`` type stands for the union under it
    (text that may also be written as a number is text)."""
    schema = _tidy(msgspec.json.schema(description))
    defs = schema.pop("$defs", {})
    top = defs.pop(schema.pop("$ref").rsplit("/", 1)[-1])
    top.pop("title", None)
    out = {**about, **top}
    if defs:
        out["$defs"] = defs
    return out


def _tidy(node: Any) -> Any:
    if isinstance(node, list):
        return [_tidy(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _tidy(v) for k, v in node.items()}
    choices = node.get("anyOf")
    if choices is not None and "type" in node:
        del node["anyOf"]
    elif choices is not None:
        filled = [c for c in choices if c != {"type": "null"}]
        if len(filled) == 1:
            del node["anyOf"]
            if node.get("default", 0) is None:
                del node["default"]
            node = {**filled[0], **node}
    return node
