"""Safe YAML reading that remembers where every value came from.

Only PyYAML's safe loader is used (the C one when present): a tag that would construct an
object is an error.  Values keep their line and column so that a validation error can
name the exact place in the file.

The work is bounded by the size of the text: aliases are refused (the program never
writes anchors, and an alias is how a few hundred bytes expand to gigabytes), nesting is
capped, and so is the length of a number.  Every reader goes through the full reader
here before it refuses anything, so these rules live in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import GeneratorType
from typing import Any, TypeVar

import yaml

from app.storage.located import FieldPath, LoadError, Located, format_path, read_text

T = TypeVar("T")

__all__ = ["dump", "load_located", "read_located"]

try:
    SafeLoader: type = yaml.CSafeLoader
    SafeDumper: type = yaml.CSafeDumper
except AttributeError:  # PyYAML built without libyaml
    SafeLoader = yaml.SafeLoader
    SafeDumper = yaml.SafeDumper

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


def _resolve_long(value: str) -> str:
    return _INT if _NUMBER_LIKE.fullmatch(value) else _STR


# First characters of every implicit non-string scalar in YAML 1.1 (numbers, dates,
# booleans such as yes/on/true, null, '~', merge '<<' and value '=').
_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfFyYoO<=")


def _tag_refused(tag: str) -> str:
    return f"tag {tag!r} is not allowed (only plain YAML is read)"


def _unreadable(tag: str, value: str) -> str:
    shown = value if len(value) <= 40 else value[:39] + "…"
    noun = _TAG_NOUNS.get(tag) or f"{tag.replace('tag:yaml.org,2002:', '!!')} value"
    return f"{shown!r} is not a valid {noun}"


class _FastResolverMixin:
    """Quoted scalars are strings without trying every implicit pattern: most of a
    dossier or playlist is quoted or plain text, and PyYAML's general resolver is the
    slowest part of reading a large file."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                if implicit[1]:
                    return _STR  # quoted
            elif value and value[0] not in _MAYBE_NOT_TEXT:
                return _STR  # plain, and no YAML 1.1 number/bool/null/date starts so
        return super().resolve(kind, value, implicit)


class _Loader(_FastResolverMixin, SafeLoader):
    pass


def _mark_of(event) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


class _Frame:
    __slots__ = ("first_line", "key", "key_event", "merges", "path", "value")

    def __init__(self, value, path):
        self.value, self.path = value, path
        self.key = _NO_KEY
        self.key_event = None
        self.first_line: dict = {}
        self.merges: list = []


_NO_KEY = object()
_MERGE_KEY = object()


class _EventBuilder:
    """Builds Python data straight from libyaml's event stream, recording positions.

    Composing PyYAML node objects is the slow part of reading a large file; building from
    events is several times faster.  Plain strings need no constructor; anything else
    (numbers, booleans, dates, explicit tags) goes through PyYAML's safe constructor,
    which refuses object-constructing tags; a value it cannot read is an error at its
    place.  Aliases and deep nesting are refused (see the module's docstring).
    """

    def __init__(self, loader, file: str, what: str):
        self.loader, self.file, self.what = loader, file, what
        self.marks: dict[FieldPath, tuple[int, int]] = {}

    def error(self, event, message: str, path: FieldPath = ()) -> LoadError:
        return LoadError(self.file, message, *_mark_of(event), format_path(path) if path else None)

    def scalar(self, event, path: FieldPath, *, key: bool = False) -> Any:
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            plain = event.implicit[0]
            if not plain or (value and value[0] not in _MAYBE_NOT_TEXT):
                return value
            if len(value) > MAX_NUMBER_CHARS:
                tag = _resolve_long(value)
            else:
                tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
            if tag == _STR:
                return value
            if tag == _MERGE:
                return _MERGE_KEY if key else value
        elif tag == _STR:
            return value
        if tag in (_INT, _FLOAT) and len(value) > MAX_NUMBER_CHARS:
            raise self.error(
                event, f"a number longer than {MAX_NUMBER_CHARS} characters is not allowed", path
            )
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        constructor = self.loader.yaml_constructors.get(tag)
        if constructor is None:
            raise self.error(event, _tag_refused(tag), path)
        try:
            # Called directly: construct_object would keep every node (and its marks)
            # until the end, several times the size of the file.
            data = constructor(self.loader, node)
            if isinstance(data, GeneratorType):  # collections are built in two steps
                steps, data = data, next(data)
                for _ in steps:
                    pass
            return data
        except yaml.constructor.ConstructorError as exc:
            if "could not determine a constructor" in str(exc.problem):
                raise self.error(event, _tag_refused(tag), path) from None
            raise self.error(event, _unreadable(tag, value), path) from None
        except Exception:  # the safe constructors fail on bad values with plain exceptions
            raise self.error(event, _unreadable(tag, value), path) from None

    def run(self) -> Any:
        loader, marks = self.loader, self.marks
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        while True:
            event = loader.get_event()
            kind = event.__class__
            if kind is yaml.StreamEndEvent:
                return root
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.error(event, "expected one document, found another")
                continue
            if kind in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
                continue
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                value = frame.value
                if frame.merges:
                    for merged in frame.merges:
                        for k, v in merged.items():
                            value.setdefault(k, v)
                if not stack:
                    root = value
                continue
            parent = stack[-1] if stack else None
            # Where does the next value go?
            if parent is not None and isinstance(parent.value, dict) and parent.key is _NO_KEY:
                self._take_key(parent, event, kind)
                continue
            if parent is None:
                path: FieldPath = ()
            elif isinstance(parent.value, dict):
                path = (*parent.path, parent.key) if parent.key is not _MERGE_KEY else parent.path
            else:
                path = (*parent.path, len(parent.value))
            if kind is yaml.AliasEvent:
                raise self.alias(event)
            marks[path] = _mark_of(event)
            if kind is yaml.ScalarEvent:
                value = self.scalar(event, path)
                self._place(parent, value, event)
                if parent is None:
                    root = value
                continue
            tag = event.tag
            if kind is yaml.MappingStartEvent:
                if tag not in (None, "!", _MAP):
                    raise self.error(event, _tag_refused(tag))
                container: Any = {}
            else:
                if tag not in (None, "!", _SEQ):
                    raise self.error(event, _tag_refused(tag))
                container = []
            if len(stack) >= MAX_DEPTH:
                raise self.error(event, f"nested more than {MAX_DEPTH} levels deep")
            self._place(parent, container, event)
            stack.append(_Frame(container, path))

    def alias(self, event) -> LoadError:
        return self.error(event, f"aliases (*{event.anchor}) are not allowed in {self.what}")

    def _take_key(self, frame: _Frame, event, kind) -> None:
        if kind is yaml.ScalarEvent:
            key = self.scalar(event, frame.path, key=True)
        elif kind is yaml.AliasEvent:
            raise self.alias(event)
        else:
            raise self.error(event, "a mapping key must be plain text", frame.path)
        if key is not _MERGE_KEY:
            try:
                hash(key)
            except TypeError:
                raise self.error(event, "a mapping key must be plain text", frame.path) from None
            if key in frame.first_line:
                raise self.error(
                    event,
                    f"duplicate key {key!r} (first at line {frame.first_line[key]})",
                    (*frame.path, key),
                )
            frame.first_line[key] = event.start_mark.line + 1
        frame.key = key

    def _place(self, parent: _Frame | None, value: Any, event) -> None:
        if parent is None:
            return
        if isinstance(parent.value, list):
            parent.value.append(value)
            return
        if parent.key is _MERGE_KEY:
            merged = value if isinstance(value, list) else [value]
            if not all(isinstance(m, dict) for m in merged):
                raise self.error(event, "a merge ('<<') needs a mapping", parent.path)
            parent.merges.extend(merged)
        else:
            parent.value[parent.key] = value
        parent.key = _NO_KEY


def find_place(text: str, path: FieldPath) -> tuple[int, int] | None:
    """The line and column where ``path`` starts, reading no further than that; None when
    the text has no such path (or reads differently from how it was built).

    Used when plain YAML (see :func:`load_plain`) read fine but its data did not: often
    the mistake is at the end of a big file, so this walks the events building nothing,
    and reads only the keys of the mappings on the way to ``path``."""
    loader = _Loader(text)
    keys = _EventBuilder(loader, "", "")
    target = len(path)
    # One frame per open container: [on the way to path, is a mapping, waiting for a
    # key, the key (of a mapping) or the next index (of a sequence)].
    stack: list[list] = []
    documents = 0
    try:
        while True:
            event = loader.get_event()
            kind = event.__class__
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return None
                continue
            if kind is yaml.StreamStartEvent or kind is yaml.DocumentEndEvent:
                continue
            if kind is yaml.StreamEndEvent or kind is yaml.AliasEvent:
                return None
            if not stack:
                on_way = True
                if target == 0:
                    return _mark_of(event)
            else:
                frame = stack[-1]
                if frame[1]:
                    if frame[2]:  # this event is the key
                        if kind is not yaml.ScalarEvent:
                            return None
                        if frame[0]:
                            frame[3] = keys.scalar(event, (), key=True)
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
            if kind is not yaml.ScalarEvent:
                if len(stack) >= MAX_DEPTH:
                    return None
                mapping = kind is yaml.MappingStartEvent
                on_way = on_way and len(stack) < target
                stack.append([on_way, mapping, mapping, 0])
    except (yaml.YAMLError, LoadError):
        return None
    finally:
        loader.dispose()


def load_located(text: str, file: str, what: str = "this file") -> Located:
    """Parse YAML safely; raise :class:`LoadError` with line and column on any problem.

    ``what`` names the kind of file in the refusal of an alias ("a playlist file")."""
    try:
        loader = _Loader(text)
    except UnicodeEncodeError:  # a lone surrogate, which no UTF-8 file can hold
        raise _control_character(text, file) from None
    builder = _EventBuilder(loader, file, what)
    try:
        data = builder.run()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        if "could not determine a constructor" in problem:
            message = f"tag {problem.split('tag ')[-1]} is not allowed (only plain YAML is read)"
        else:
            message = f"YAML syntax: {problem}"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise LoadError(file, message, line, col) from None
    except yaml.reader.ReaderError:
        raise _control_character(text, file) from None
    except yaml.YAMLError as exc:
        raise LoadError(file, f"YAML: {exc}") from None
    finally:
        loader.dispose()
    return Located(data, builder.marks, file)


def _control_character(text: str, file: str) -> LoadError:
    """The reader's own message spans lines and gives no line: say where, in one line."""
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad is None:
        return LoadError(file, "YAML: the text holds a character YAML does not allow")
    line = text.count("\n", 0, bad.start()) + 1
    column = bad.start() - text.rfind("\n", 0, bad.start())
    code = f"U+{ord(bad.group()):04X}"
    return LoadError(file, f"control character {code} is not allowed in YAML", line, column)


class NeedsFullReader(Exception):
    """Something the fast reader leaves to the full one (anchors, tags, duplicates)."""


def load_plain(text: str) -> Any:
    """Plain YAML straight from the C parser's events, skipping the node tree.

    Several times faster than ``yaml.load`` on big files; anything unusual (anchors,
    aliases, explicit tags, merge or duplicate keys, deep nesting, long numbers, values
    that cannot be read) raises NeedsFullReader: the full reader then handles it.
    """
    from yaml.events import (
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )
    from yaml.nodes import ScalarNode

    try:
        loader = SafeLoader(text)
    except UnicodeEncodeError:  # a lone surrogate: the full reader names its place
        raise NeedsFullReader from None
    get, resolvers, cache = loader.get_event, loader.yaml_implicit_resolvers, {}

    def scalar(ev) -> Any:
        value = ev.value
        if ev.tag == "!" or (ev.tag is None and not ev.implicit[0]):
            return value  # quoted
        if ev.tag is not None:
            raise NeedsFullReader
        if not value or value[0] not in resolvers:
            return value
        if value not in cache:
            if len(value) > MAX_NUMBER_CHARS:
                tag = _resolve_long(value)
            else:
                tag = loader.resolve(ScalarNode, value, ev.implicit)
            if tag == _STR:
                cache[value] = value
            elif tag == _MERGE or len(value) > MAX_NUMBER_CHARS:
                raise NeedsFullReader
            else:
                try:
                    cache[value] = loader.yaml_constructors[tag](loader, ScalarNode(tag, value))
                except Exception:  # e.g. 2011-02-30: the full reader says where
                    raise NeedsFullReader from None
        return cache[value]

    def document() -> Any:
        """One pass over the events with an explicit stack: no call per value."""
        stack: list = []  # containers being filled
        keys: list = []  # for mappings: the key waiting for its value (or _NO_KEY)
        root: Any = None
        while True:
            ev = get()
            kind = type(ev)
            if kind is ScalarEvent:
                if ev.anchor is not None:
                    raise NeedsFullReader
                tag, value = ev.tag, ev.value
                if tag == "!" or (tag is None and not ev.implicit[0]):
                    pass  # quoted: text
                elif tag is not None:
                    raise NeedsFullReader
                elif value and value[0] in resolvers:
                    value = scalar(ev)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if ev.anchor is not None or ev.tag is not None:
                    raise NeedsFullReader
                value = {} if kind is MappingStartEvent else []
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                done = stack.pop()
                keys.pop()
                if not stack:
                    return done
                continue
            else:
                raise NeedsFullReader  # an alias, or something else unusual
            if not stack:
                root = value
                if kind is ScalarEvent:
                    return root
            else:
                top = stack[-1]
                if top.__class__ is list:
                    top.append(value)
                elif keys[-1] is _NO_KEY:
                    if kind is not ScalarEvent or value == "<<" or value in top:
                        raise NeedsFullReader  # a complex, merge or duplicate key
                    if not isinstance(value, str | int | float | bool):
                        raise NeedsFullReader
                    keys[-1] = value
                    continue
                else:
                    top[keys[-1]] = value
                    keys[-1] = _NO_KEY
            if kind is not ScalarEvent:
                if len(stack) >= MAX_DEPTH:
                    raise NeedsFullReader
                stack.append(value)
                keys.append(_NO_KEY)

    try:
        get()
        if loader.check_event(StreamEndEvent):
            return None
        get()
        data = document()
        get()
        if not loader.check_event(StreamEndEvent):
            raise NeedsFullReader  # a second document: the full reader reports it
        return data
    finally:
        loader.dispose()


def build_from_yaml(
    text: str, file: str, build: Callable[[Located], T], what: str = "this file"
) -> T:
    """Parse and build on the fast path; only when anything is wrong or unusual, parse
    again with positions, so the error names the line and column."""
    located = Located(None, {}, file, spare=True)  # the data is this reading's own
    try:
        located.data = load_plain(text)
        return build(located)
    except LoadError as exc:
        # The place of one value is found by reading up to it: keeping the place of every
        # value of a big file costs several times its size.  (Not for an error found in
        # data the build derived, e.g. migrated: its path may read differently here.)
        place = None
        if exc.origin == id(located) and exc.path is not None:
            exc.__traceback__, located.data = None, None  # not kept while reading again
            place = find_place(text, exc.path)
        if place is not None:
            exc.line, exc.column = place
            raise exc from None
    except (yaml.YAMLError, NeedsFullReader):
        pass
    located = load_located(text, file, what)
    located.spare = True
    return build(located)


def read_located(path: str, what: str = "this file") -> Located:
    return load_located(read_text(path), path, what)


def dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=SafeDumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
