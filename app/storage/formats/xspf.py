"""XSPF version 1 (xspf.org): the XML playlist most players and converters read.

Written with ElementTree.  Read with expat directly, for two reasons: a file from
elsewhere must not be able to use a DTD or entities (the "billion laughs"), and an error
should name its line, which ElementTree's elements do not remember.  An element's text
arrives in many pieces (one per line break): they are collected and joined once, so
reading stays linear in the file's size.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from xml.parsers import expat

from app.core.dossier import Dossier
from app.core.playlist import Playlist, PlaylistItem
from app.storage.formats import (
    FormatError,
    annotation_for,
    join_artists,
    pinned,
    seconds_from_digits,
    split_artists,
    whole_ms,
)

NS = "http://xspf.org/ns/0/"
# Characters XML 1.0 cannot carry at all; line breaks are written as \n (XML reads \r as \n).
# (Half surrogate pairs become U+FFFD, as in every format: see export_text.)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SINGLE = ("title", "creator", "annotation", "info", "image", "album", "trackNum", "duration")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _add(parent: ET.Element, tag: str, text: str | int | None) -> None:
    if text is not None and text != "":
        ET.SubElement(parent, tag).text = xml_text(str(text))


def export(playlist: Playlist, dossier: Dossier | None = None) -> str:
    root = ET.Element("playlist", {"version": "1", "xmlns": NS})
    _add(root, "title", playlist.name)
    _add(root, "annotation", playlist.description)
    _add(root, "date", playlist.created)
    tracks = ET.SubElement(root, "trackList")
    for item in playlist.items:
        track = ET.SubElement(tracks, "track")
        _add(track, "location", item.spotify_url)
        _add(track, "identifier", item.spotify_uri)
        _add(track, "title", item.title)
        _add(track, "creator", join_artists(item))
        _add(track, "annotation", annotation_for(item, dossier))
        _add(track, "album", item.album)
        _add(track, "duration", whole_ms(item.duration))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


class Element:
    """A parsed element: namespace, local name, attributes, text, children, first line.

    A plain class whose lists are made only when needed: a big playlist has tens of
    thousands of elements, most with no attributes or children."""

    __slots__ = ("attrs", "children", "line", "name", "ns", "pieces", "text")

    def __init__(self, ns: str, name: str, attrs: dict[str, str], line: int):
        self.ns, self.name, self.attrs, self.line = ns, name, attrs, line
        self.text = ""
        self.children: list[Element] = _NONE
        self.pieces: list[str] = _NONE  # the text as it arrives

    def all(self, name: str) -> list[Element]:
        return [c for c in self.children if c.ns == NS and c.name == name]


_NONE: list = []  # shared, never appended to: see Element


class _Refused(Exception):
    pass


class _TooDeep(Exception):
    pass


# Deeper than any playlist needs (XSPF itself is four levels, extensions a few more); a
# file nested deeper is refused while it is read, before its elements are all built.
MAX_DEPTH = 64


def parse_xml(
    text: str, source: str, take: Callable[[Element, list[Element]], bool] | None = None
) -> Element:
    """Untrusted XML into Elements: no DTD, no entities, errors with line and column.

    ``take(element, ancestors)`` is offered each element as it ends: when it returns
    True, the element has been used and is not kept in its parent."""
    for marker in ("<!DOCTYPE", "<!ENTITY"):
        if marker in text:
            line = text.count("\n", 0, text.index(marker)) + 1
            raise FormatError(source, f"{marker} is not accepted in a playlist", line)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True  # fewer, longer pieces of text
    stack: list[Element] = []
    top: list[Element] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise _TooDeep
        ns, _, name = tag.rpartition(" ")
        element = Element(ns, name, attrs, parser.CurrentLineNumber)
        if stack:
            parent = stack[-1]
            if parent.children is _NONE:
                parent.children = [element]
            else:
                parent.children.append(element)
        else:
            top.append(element)
        stack.append(element)

    def end(_tag: str) -> None:
        element = stack.pop()
        if element.pieces is not _NONE:
            element.text = "".join(element.pieces)
            element.pieces = _NONE
        if take is not None and stack and take(element, stack):
            stack[-1].children.pop()  # the last child: it has only just ended

    def chars(data: str) -> None:
        if stack:
            element = stack[-1]
            if element.pieces is _NONE:
                element.pieces = [data]
            else:
                element.pieces.append(data)

    def refuse(*_args) -> None:
        raise _Refused

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(text, True)
    except _Refused:
        line = parser.CurrentLineNumber
        raise FormatError(source, "DTDs and entities are not accepted", line) from None
    except _TooDeep:
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        raise FormatError(
            source, f"nested more than {MAX_DEPTH} levels deep", line, column
        ) from None
    except expat.ExpatError as exc:
        message = expat.errors.messages.get(exc.code, str(exc))
        raise FormatError(source, f"XML: {message}", exc.lineno, exc.offset + 1) from None
    finally:
        # The handlers refer to the parser and it to them: without this the cycle kept
        # every element alive after reading, until the cycle collector came by.
        parser.StartElementHandler = parser.EndElementHandler = None
        parser.CharacterDataHandler = None
    return top[0]


def _single(parent: Element, name: str, source: str) -> Element | None:
    found = parent.all(name)
    if len(found) > 1:
        raise FormatError(source, f"more than one <{name}> in <{parent.name}>", found[1].line)
    return found[0] if found else None


def _text(parent: Element, name: str, source: str) -> str | None:
    element = _single(parent, name, source)
    return None if element is None else element.text.strip()


def _track(element: Element, source: str) -> PlaylistItem:
    for name in _SINGLE:
        _single(element, name, source)
    duration = None
    ms = _text(element, "duration", source)
    if ms is not None:
        try:
            duration = seconds_from_digits(ms)
        except ValueError as exc:
            line = element.all("duration")[0].line
            raise FormatError(source, f"<duration> {ms[:40]!r}: {exc}", line) from None
    match = None
    for uri in element.all("identifier") + element.all("location"):
        match = match or pinned(uri.text)
    return PlaylistItem(
        title=_text(element, "title", source) or "",
        artists=split_artists(_text(element, "creator", source)),
        album=_text(element, "album", source) or None,
        duration=duration,
        note=_text(element, "annotation", source) or None,
        match=match,
    )


def _is_xspf(root: Element) -> bool:
    return root.ns == NS and root.name == "playlist" and root.attrs.get("version") in ("0", "1")


def parse(text: str, source: str):
    items: list[PlaylistItem] = []

    def take(element: Element, ancestors: list[Element]) -> bool:
        # A track of the playlist's list becomes an item as soon as it ends: the
        # elements of every track, kept until the end, took several times the items.
        if element.name != "track" or element.ns != NS or len(ancestors) != 2:
            return False
        tracks, root = ancestors[1], ancestors[0]
        if tracks.name != "trackList" or tracks.ns != NS or not _is_xspf(root):
            return False
        items.append(_track(element, source))
        return True

    root = parse_xml(text, source, take)
    if root.ns != NS or root.name != "playlist":
        raise FormatError(source, f"not an XSPF playlist (the root is <{root.name}>)", root.line)
    if root.attrs.get("version") not in ("0", "1"):
        version = root.attrs.get("version")
        raise FormatError(source, f"unsupported XSPF version {version!r} (1 expected)", root.line)
    lists = root.all("trackList")
    if len(lists) != 1:
        where = lists[1].line if lists else root.line
        raise FormatError(source, f"expected one <trackList>, found {len(lists)}", where)
    for name in ("title", "creator", "annotation", "info", "location", "identifier", "date"):
        _single(root, name, source)
    # (A <track> outside the list is no track, as XSPF has it.)
    return (
        _text(root, "title", source),
        _text(root, "annotation", source),
        _text(root, "date", source) or None,
        items,
    )
