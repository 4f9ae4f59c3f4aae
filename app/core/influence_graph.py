"""The dossier as a graph: the album, its tracks, the influences and the people around them.

Every edge carries the relations the dossier itself names (an influence's ``influenced``
list, a track that is ``same_as`` another, who is quoted about what, who directed, wrote
or scored a film, who is credited on a track); nothing is inferred.  People are the
dossier's speakers plus everyone named as a director, writer or composer; a track artist
becomes a link only when that name is already one of these people (Cliff Martinez on his
score cues), so bands do not crowd the picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.core.dossier import Dossier, Entry, EntryKind, Section
from app.core.text import normalise


class NodeKind(StrEnum):
    ALBUM = "album"
    TRACK = "track"  # a track of the album
    FILM = "film"  # an influence that is a film
    INFLUENCE_TRACK = "influence track"  # an influence that is a recording
    PERSON = "person"


class Relation(StrEnum):
    """What an edge means, worded to read from its source to its target."""

    ON_ALBUM = "on the album"
    SHAPED = "shaped"
    SAME_SONG = "same song"
    RELATED = "related"
    QUOTED_ABOUT = "quoted about"
    DIRECTED = "directed"
    WROTE = "wrote"
    MUSIC = "music for"
    CREDITED_ON = "credited on"


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: NodeKind
    label: str
    entry_id: str | None = None  # the entry it stands for; None for the album and people
    detail: str = ""  # a second line: artist, year, role


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    relations: tuple[Relation, ...]
    wording: str | None = None  # the dossier's own name for it ("Score given its horror tone")

    @property
    def relation(self) -> Relation:
        """The main relation, the one the edge is drawn as."""
        return self.relations[0]


@dataclass(slots=True)
class InfluenceGraph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    _by_id: dict[str, Node] = field(default_factory=dict, repr=False)
    _around: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {n.id: n for n in self.nodes}
        self._around = {n.id: set() for n in self.nodes}
        for edge in self.edges:
            self._around[edge.source].add(edge.target)
            self._around[edge.target].add(edge.source)

    def node(self, node_id: str) -> Node | None:
        return self._by_id.get(node_id)

    def neighbours(self, node_id: str) -> set[str]:
        return self._around.get(node_id, set())


ALBUM_ID = "album"


def entry_node_id(entry_id: str) -> str:
    return f"entry:{entry_id}"


def _person_node_id(key: str) -> str:
    return f"person:{key}"


def _entry_kind(entry: Entry) -> NodeKind:
    if entry.section == Section.FEATURED:
        return NodeKind.TRACK
    if entry.kind == EntryKind.FILM:
        return NodeKind.FILM
    return NodeKind.INFLUENCE_TRACK


def _entry_detail(entry: Entry) -> str:
    if entry.kind == EntryKind.FILM:
        who = ", ".join(entry.directors)
        return f"film, {entry.year}" + (f", dir. {who}" if who else "") if entry.year else "film"
    parts = [entry.artist_line] if entry.artist_line else []
    if entry.year:
        parts.append(str(entry.year))
    return " · ".join(parts)


class _Builder:
    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.nodes: dict[str, Node] = {}
        self.edges: dict[frozenset[str], tuple[str, str, list[Relation]]] = {}
        self.wording: dict[frozenset[str], str] = {}
        self.people_by_name: dict[str, str] = {}  # normalised name -> node id

    def link(self, source: str, target: str, relation: Relation) -> None:
        if source == target or source not in self.nodes or target not in self.nodes:
            return
        key = frozenset((source, target))
        if key not in self.edges:
            self.edges[key] = (source, target, [relation])
        elif relation not in self.edges[key][2]:
            self.edges[key][2].append(relation)

    def person(self, name: str, role: str, key: str | None = None) -> str:
        """The node of the person of that name, made on first mention."""
        folded = normalise(name)
        node_id = self.people_by_name.get(folded)
        if node_id is None:
            node_id = _person_node_id(key or folded)
            self.nodes[node_id] = Node(node_id, NodeKind.PERSON, name, detail=role)
            self.people_by_name[folded] = node_id
        return node_id

    def build(self) -> InfluenceGraph:
        dossier, film = self.dossier, self.dossier.film
        # The album stands for the film too: commentary about the film links here.
        self.nodes[ALBUM_ID] = Node(
            ALBUM_ID, NodeKind.ALBUM, f"{film.title} ({film.year})", detail=film.album or ""
        )
        for entry in dossier.entries:
            node_id = entry_node_id(entry.id)
            self.nodes[node_id] = Node(
                node_id, _entry_kind(entry), entry.title, entry.id, _entry_detail(entry)
            )
        for person in dossier.people.values():
            self.person(person.name, person.role, person.id)
        for name in film.directors:
            self.link(self.person(name, "Director"), ALBUM_ID, Relation.DIRECTED)
        for name in film.composers:
            self.link(self.person(name, "Composer"), ALBUM_ID, Relation.MUSIC)
        for entry in dossier.entries:
            for names, role, relation in (
                (entry.directors, "Director", Relation.DIRECTED),
                (entry.writers, "Writer", Relation.WROTE),
                (entry.music_by, "Composer", Relation.MUSIC),
            ):
                for name in names:
                    self.link(self.person(name, role), entry_node_id(entry.id), relation)

        for entry in dossier.entries:
            node_id = entry_node_id(entry.id)
            if entry.section == Section.FEATURED:
                self.link(ALBUM_ID, node_id, Relation.ON_ALBUM)
            for target in entry.influenced:
                self.link(node_id, entry_node_id(target), Relation.SHAPED)
                if entry.shaped_label:
                    self.wording[frozenset((node_id, entry_node_id(target)))] = entry.shaped_label
            for track in entry.tracks:
                same = dossier.track(track.same_as) if track.same_as else None
                if same is not None:
                    self.link(node_id, entry_node_id(same.entry_id), Relation.SAME_SONG)
            for name in (*entry.artists, *entry.featuring):
                person = self.people_by_name.get(normalise(name))
                if person is not None:
                    self.link(person, node_id, Relation.CREDITED_ON)
        for entry in dossier.entries:  # the dossier's looser links, where nothing closer is
            for target in entry.related:
                if frozenset((entry_node_id(entry.id), entry_node_id(target))) not in self.edges:
                    self.link(entry_node_id(entry.id), entry_node_id(target), Relation.RELATED)

        for comment in dossier.commentary:
            if comment.speaker is None:
                continue  # the article's own framing: nobody to link
            speaker = self.person(comment.speaker.name, comment.speaker.role, comment.speaker.id)
            for about in comment.about:
                target = ALBUM_ID if about == dossier.id else entry_node_id(about)
                self.link(speaker, target, Relation.QUOTED_ABOUT)

        edges = tuple(
            Edge(s, t, tuple(r), self.wording.get(key)) for key, (s, t, r) in self.edges.items()
        )
        return InfluenceGraph(tuple(self.nodes.values()), edges)


def build_graph(dossier: Dossier) -> InfluenceGraph:
    return _Builder(dossier).build()
