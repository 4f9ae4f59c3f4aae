"""The one YAML reader: safe, bounded by the size of the text, and exact about mistakes.

Only PyYAML's safe loader is used (the C one when present): a tag that would construct an
object is an error.  The data is built straight from the parser's events (PyYAML's node
tree is the slow part of reading a big file, and holds a position for every value).
Positions are looked for only when something is wrong: a mistake the reader finds is at
the event in hand; one that a validator finds later in the data is placed by
:func:`find_place`, which reads the text again up to that value.

The work is bounded by the size of the text: aliases are refused (the program never
writes anchors, and an alias is how a few hundred bytes expand to gigabytes), nesting is
capped, and so is the length of a number.  Every YAML file goes through :func:`load`, so
these rules live here only.  What the program writes is written by ``yaml_writer``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import GeneratorType
from typing import Any, TypeVar

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

from app.storage.located import FieldPath, LoadError, Located, format_path, read_text

T = TypeVar("T")

__all__ = ["build", "find_place", "load", "read"]

try:
    SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    SafeLoader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
# What a value that cannot be read was meant to be, by its tag.
_TAG_NOUNS = {
    "tag:yaml.org,2002:bool": "true/false value",
    _INT: "whole number",
    _FLOAT: "number",
    "tag:yaml.org,2002:timestamp": "date",
    "tag:yaml.org,2002:binary": "base64 text",
    "tag:yaml.org,2002:null": "null",
}
# Deeper than any file the program reads needs; a bound on memory and on recursion later.
MAX_DEPTH = 64
# Python's own limit on converting digits to an int; a base-60 number (1:2:3) would
# otherwise grow without one, at quadratic cost.
MAX_NUMBER_CHARS = 4300
# A plain scalar longer than that is text or a (refused) number; YAML's own patterns
# would take tens of bytes per character to decide (1:0:0:…), this one takes none.
_NUMBER_LIKE = re.compile(r"[-+]?(?:0x[0-9a-fA-F_]+|[0-9_:.eE+-]+)")

_NO_KEY = object()  # a mapping waiting for its next key
_MERGE_KEY = object()  # '<<': the value's mappings are merged into the one holding it
_UNSEEN = object()


class _Refused(Exception):
    """A rule of the reader broken at ``event`` (``path``: where in the data, when it says)."""

    def __init__(self, event, message: str, path: FieldPath | None = None):
        self.event, self.message, self.path = event, message, path


def _tag_refused(tag: str) -> str:
    return f"tag {tag!r} is not allowed (only plain YAML is read)"


def _unreadable(tag: str, value: str) -> str:
    shown = value if len(value) <= 40 else value[:39] + "…"
    noun = _TAG_NOUNS.get(tag) or f"{tag.replace('tag:yaml.org,2002:', '!!')} value"
    return f"{shown!r} is not a valid {noun}"


class _Scalars:
    """What each scalar means: the one rule, for values and for keys."""

    def __init__(self, loader):
        self.loader = loader
        # Every implicit non-text scalar (number, date, true/false, null, '<<') starts
        # with one of these characters, by PyYAML's own table.
        self.maybe_not_text = loader.yaml_implicit_resolvers
        self.known: dict[str, Any] = {}  # plain values met before (all immutable)

    def value(self, ev, *, key: bool = False) -> Any:
        tag, value = ev.tag, ev.value
        if tag is None or tag == "!":
            if not ev.implicit[0] or (value and value[0] not in self.maybe_not_text):
                return value  # quoted, or plain text
            known = self.known.get(value, _UNSEEN)
            if known is not _UNSEEN:
                return known
            if len(value) > MAX_NUMBER_CHARS:
                tag = _INT if _NUMBER_LIKE.fullmatch(value) else _STR
            else:
                tag = self.loader.resolve(ScalarNode, value, ev.implicit)
            if tag == _MERGE:
                return _MERGE_KEY if key else value
            data = value if tag == _STR else self._construct(ev, tag, value)
            self.known[value] = data
            return data
        if tag == _STR:
            return value
        return self._construct(ev, tag, value)

    def _construct(self, ev, tag: str, value: str) -> Any:
        if tag in (_INT, _FLOAT) and len(value) > MAX_NUMBER_CHARS:
            raise _Refused(ev, f"a number longer than {MAX_NUMBER_CHARS} characters is not allowed")
        loader = self.loader
        constructor = loader.yaml_constructors.get(tag)
        if constructor is None:
            raise _Refused(ev, _tag_refused(tag))
        node = ScalarNode(tag, value, ev.start_mark, ev.end_mark, ev.style)
        try:
            # Called directly: construct_object would keep every node until the end.
            data = constructor(loader, node)
            if isinstance(data, GeneratorType):  # collections are built in two steps
                steps, data = data, next(data)
                for _ in steps:
                    pass
            return data
        except yaml.constructor.ConstructorError as exc:
            if "could not determine a constructor" in str(exc.problem):
                raise _Refused(ev, _tag_refused(tag)) from None
            raise _Refused(ev, _unreadable(tag, value)) from None
        except Exception:  # the safe constructors fail on bad values with plain exceptions
            raise _Refused(ev, _unreadable(tag, value)) from None


def _path_of(stack: list, keys: list) -> FieldPath:
    """Where the value about to be placed goes: made only for an error message."""
    path: list = []
    innermost = len(stack) - 1
    for level, (container, key) in enumerate(zip(stack, keys, strict=True)):
        if container.__class__ is list:  # the next item's index, or the one being filled
            path.append(len(container) - (level < innermost))
        elif key is _NO_KEY:
            break  # only the innermost mapping can be waiting for a key
        elif key is not _MERGE_KEY:
            path.append(key)
    return tuple(path)


def _build(loader, text: str, what: str) -> Any:
    """One pass over the events with an explicit stack: no call per value, no position kept."""
    get = loader.get_event
    scalars = _Scalars(loader)
    maybe_not_text = scalars.maybe_not_text
    stack: list = []  # containers being filled
    keys: list = []  # per container: for a mapping, the key waiting for its value
    merges: dict[int, list[dict]] = {}  # by id of the mapping: mappings merged into it
    root: Any = None
    documents = 0
    while True:
        ev = get()
        kind = ev.__class__
        if kind is ScalarEvent:
            value = ev.value
            tag = ev.tag
            if tag is None and not ev.implicit[0]:
                pass  # quoted: text
            elif tag is not None or (not value or value[0] in maybe_not_text):
                is_key = bool(stack) and keys[-1] is _NO_KEY and stack[-1].__class__ is dict
                try:
                    value = scalars.value(ev, key=is_key)
                except _Refused as refused:
                    refused.path = _path_of(stack, keys)
                    raise
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if ev.tag not in (None, "!", _MAP if kind is MappingStartEvent else _SEQ):
                raise _Refused(ev, _tag_refused(ev.tag))
            if len(stack) >= MAX_DEPTH:
                raise _Refused(ev, f"nested more than {MAX_DEPTH} levels deep")
            value = {} if kind is MappingStartEvent else []
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            done = stack.pop()
            keys.pop()
            if merges and id(done) in merges:
                for merged in merges.pop(id(done)):
                    for k, v in merged.items():
                        done.setdefault(k, v)
            if not stack:
                root = done
            elif stack[-1].__class__ is dict:  # its key was kept while it was filled
                if keys[-1] is _MERGE_KEY:
                    _merge(ev, done, stack, keys, merges)
                keys[-1] = _NO_KEY
            continue
        elif kind is AliasEvent:
            raise _Refused(ev, f"aliases (*{ev.anchor}) are not allowed in {what}")
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Refused(ev, "expected one document, found another")
            continue
        elif kind is StreamEndEvent:
            return root
        else:  # stream start, document end
            continue
        if not stack:
            root = value
        else:
            top = stack[-1]
            if top.__class__ is list:
                top.append(value)
            elif keys[-1] is _NO_KEY:
                _take_key(ev, kind, value, top, stack, keys, text)
                continue
            elif kind is not ScalarEvent:
                if keys[-1] is not _MERGE_KEY:  # merged once it is complete
                    top[keys[-1]] = value
            else:  # the key stays, for the path of an error, until the value is complete
                if keys[-1] is _MERGE_KEY:
                    _merge(ev, value, stack, keys, merges)
                else:
                    top[keys[-1]] = value
                keys[-1] = _NO_KEY
        if kind is not ScalarEvent:
            stack.append(value)
            keys.append(_NO_KEY)


def _merge(ev, value: Any, stack: list, keys: list, merges: dict) -> None:
    """``<<: mapping`` or ``<<: [mappings]``: their keys are added to the mapping holding it."""
    merged = value if value.__class__ is list else [value]
    if not all(m.__class__ is dict for m in merged):
        raise _Refused(ev, "a merge ('<<') needs a mapping", _path_of(stack, keys))
    merges.setdefault(id(stack[-1]), []).extend(merged)


def _take_key(ev, kind, key, mapping: dict, stack: list, keys: list, text: str) -> None:
    if kind is not ScalarEvent:
        raise _Refused(ev, "a mapping key must be plain text", _path_of(stack, keys))
    if key is not _MERGE_KEY:
        try:
            seen = key in mapping
        except TypeError:  # unhashable: a !!set key
            raise _Refused(ev, "a mapping key must be plain text", _path_of(stack, keys)) from None
        if seen:
            path = (*_path_of(stack, keys), key)
            first = find_place(text, path, key=True)
            first_line = "" if first is None else f" (first at line {first[0]})"
            raise _Refused(ev, f"duplicate key {key!r}{first_line}", path)
    keys[-1] = key


def load(text: str, file: str, what: str = "this file") -> Any:
    """Parse YAML safely into plain data; LoadError with line and column on any problem.

    ``what`` names the kind of file in the refusal of an alias ("a playlist file")."""
    try:
        loader = SafeLoader(text)
    except UnicodeEncodeError:  # a lone surrogate, which no UTF-8 file can hold
        raise _control_character(text, file) from None
    try:
        return _build(loader, text, what)
    except _Refused as refused:
        mark = refused.event.start_mark
        path = refused.path
        field = format_path(path) if path else None
        error = LoadError(file, refused.message, mark.line + 1, mark.column + 1, field)
        error.path = path
        raise error from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise LoadError(file, f"YAML syntax: {problem}", line, col) from None
    except yaml.reader.ReaderError:
        raise _control_character(text, file) from None
    except yaml.YAMLError as exc:
        raise LoadError(file, f"YAML: {exc}") from None
    finally:
        loader.dispose()


def read(path: str, what: str = "this file") -> Any:
    """The data of the YAML file at ``path`` (see :func:`load`)."""
    return load(read_text(path), path, what)


def _control_character(text: str, file: str) -> LoadError:
    """The reader's own message spans lines and gives no line: say where, in one line."""
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad is None:
        return LoadError(file, "YAML: the text holds a character YAML does not allow")
    line = text.count("\n", 0, bad.start()) + 1
    column = bad.start() - text.rfind("\n", 0, bad.start())
    code = f"U+{ord(bad.group()):04X}"
    return LoadError(file, f"control character {code} is not allowed in YAML", line, column)


def find_place(text: str, path: FieldPath, *, key: bool = False) -> tuple[int, int] | None:
    """The line and column where the value at ``path`` starts (with ``key``: where its key
    is), reading no further than that; None when the text has no such path.

    Often the mistake is at the end of a big file: this builds nothing, and reads only the
    keys of the mappings on the way to ``path``.  Called on text :func:`load` has read."""
    loader = SafeLoader(text)
    keys = _Scalars(loader)
    target = len(path)
    # One frame per open container: [on the way to path, is a mapping, waiting for a
    # key, the key (of a mapping) or the next index (of a sequence)].
    stack: list[list] = []
    try:
        while True:
            event = loader.get_event()
            kind = event.__class__
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                continue
            if kind in (StreamStartEvent, DocumentStartEvent, DocumentEndEvent):
                continue
            if kind is StreamEndEvent or kind is AliasEvent:
                return None
            if not stack:
                on_way = True
                if target == 0:
                    return _mark_of(event)
            else:
                frame = stack[-1]
                if frame[1]:
                    if frame[2]:  # this event is the key
                        if kind is not ScalarEvent:
                            return None
                        if frame[0]:
                            frame[3] = keys.value(event, key=True)
                            depth = len(stack)
                            if key and depth == target and path[-1] == frame[3]:
                                return _mark_of(event)
                        frame[2] = False
                        continue
                    step = frame[3]
                    frame[2] = True
                else:
                    step = frame[3]
                    frame[3] += 1
                depth = len(stack)
                on_way = frame[0] and path[depth - 1] == step
                if on_way and depth == target:
                    return _mark_of(event)
            if kind is not ScalarEvent:
                mapping = kind is MappingStartEvent
                stack.append([on_way and len(stack) < target, mapping, mapping, 0])
    except (yaml.YAMLError, _Refused):
        return None
    finally:
        loader.dispose()


def _mark_of(event) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def build(text: str, file: str, make: Callable[[Located], T], what: str = "this file") -> T:
    """``make`` something from the YAML ``text``; a mistake ``make`` finds in the data is
    placed in the text (line and column) only then."""
    located = Located(load(text, file, what), file, spare=True)  # the data is this reading's own
    try:
        return make(located)
    except LoadError as exc:
        if exc.origin != id(located) or exc.path is None or exc.line is not None:
            raise
        exc.__traceback__, located.data = None, None  # not kept while reading again
        place = exc.path
        while True:  # a missing field is reported at the mapping that lacks it
            found = find_place(text, place)
            if found is not None or not place:
                break
            place = place[:-1]
        if found is not None:
            exc.line, exc.column = found
        raise exc from None
