"""The influence graph and its layout, derived from the dossier's own data."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from app.core.dossier import EntryKind, Section
from app.core.graph_layout import SPARSE_STEP, TRACK_STEP, layout_graph, map_of
from app.core.influence_graph import (
    ALBUM_ID,
    NodeKind,
    Relation,
    build_graph,
    entry_node_id,
)
from app.storage.dossier_file import load_dossier
from tests.paths import DATA

SMALL = DATA / "small-dossier.yaml"
SCORE_CUES = [
    "rubber-head",
    "i-drive",
    "he-had-a-good-time",
    "they-broke-his-pelvis",
    "kick-your-teeth",
    "wheres-the-deluxe-version",
    "see-you-in-four",
    "after-the-chase",
    "hammer",
    "wrong-floor",
    "skull-crushing",
    "my-name-on-a-car",
    "on-the-beach",
    "bride-of-deluxe",
]


@pytest.fixture(scope="module")
def graph(dossier):
    return build_graph(dossier)


def relations(graph, a: str, b: str) -> tuple[Relation, ...]:
    for edge in graph.edges:
        if {edge.source, edge.target} == {a, b}:
            return edge.relations
    return ()


def test_drive_node_count_and_kinds(graph, dossier):
    kinds = Counter(node.kind for node in graph.nodes)
    assert len(graph.nodes) == 34
    assert kinds == {
        NodeKind.ALBUM: 1,
        NodeKind.TRACK: 19,
        NodeKind.FILM: 3,
        NodeKind.INFLUENCE_TRACK: 1,
        NodeKind.PERSON: 10,
    }
    # the same counts, read from the data itself
    influences = dossier.section(Section.INFLUENCE)
    assert kinds[NodeKind.TRACK] == len(dossier.section(Section.FEATURED))
    assert kinds[NodeKind.FILM] == sum(e.kind == EntryKind.FILM for e in influences)
    assert kinds[NodeKind.INFLUENCE_TRACK] == sum(e.kind == EntryKind.TRACK for e in influences)
    people = {n.label for n in graph.nodes if n.kind == NodeKind.PERSON}
    named = {p.name for p in dossier.people.values()}
    for entry in influences:
        named |= {*entry.directors, *entry.writers, *entry.music_by}
    assert people == named
    assert "John Hughes" in people and "Nicolas Winding Refn" in people


def test_edges_carry_the_relations_the_dossier_names(graph):
    autobahn, refn = entry_node_id("autobahn"), "person:refn"
    for cue in SCORE_CUES:
        assert relations(graph, autobahn, entry_node_id(cue)) == (Relation.SHAPED,)
        assert Relation.CREDITED_ON in relations(graph, "person:martinez", entry_node_id(cue))
        assert relations(graph, ALBUM_ID, entry_node_id(cue)) == (Relation.ON_ALBUM,)
    assert relations(graph, refn, autobahn) == (Relation.QUOTED_ABOUT,)
    horror = [e for e in graph.edges if e.source == entry_node_id("texas-chain-saw-massacre")]
    shaped = [e for e in horror if e.relation == Relation.SHAPED]
    assert len(shaped) == 14 and {e.wording for e in shaped} == {"Score given its horror tone"}
    assert set(relations(graph, refn, ALBUM_ID)) == {Relation.DIRECTED, Relation.QUOTED_ABOUT}
    # the film's theme song on the album: it shaped the track and is the same recording
    assert relations(graph, entry_node_id("goodbye-uncle-tom"), entry_node_id("oh-my-love")) == (
        Relation.SHAPED,
        Relation.SAME_SONG,
    )
    assert relations(graph, "person:tobe hooper", entry_node_id("texas-chain-saw-massacre")) == (
        Relation.DIRECTED,
        Relation.WROTE,
        Relation.MUSIC,
    )
    # the article's own framing has no speaker, so it links nobody
    assert all(e.source in {n.id for n in graph.nodes} for e in graph.edges)
    # no track artist who is not otherwise a person of the dossier becomes one
    assert graph.node("person:kavinsky") is None


def test_another_dossier_makes_its_own_graph():
    graph = build_graph(load_dossier(str(SMALL)))
    assert Counter(n.kind for n in graph.nodes) == {
        NodeKind.ALBUM: 1,
        NodeKind.TRACK: 2,
        NodeKind.FILM: 1,
        NodeKind.PERSON: 3,  # Ada (director, quoted), Bo (composer, credited), Cy
    }
    assert graph.node(ALBUM_ID).label == "Night Film (1999)"


def test_layout_is_deterministic_and_reads_left_to_right(graph, dossier):
    first, second = layout_graph(graph), layout_graph(build_graph(load_dossier()))
    assert first.positions == second.positions
    x = {n: p[0] for n, p in first.positions.items()}
    y = {n: p[1] for n, p in first.positions.items()}
    tracks = [entry_node_id(e.id) for e in dossier.section(Section.FEATURED)]
    influences = [entry_node_id(e.id) for e in dossier.section(Section.INFLUENCE)]
    assert len({x[t] for t in tracks}) == 1  # one column, in album order
    assert [y[t] for t in tracks] == sorted(y[t] for t in tracks)
    assert all(x[i] < x[tracks[0]] < x[ALBUM_ID] for i in influences)
    people = [n.id for n in graph.nodes if n.kind == NodeKind.PERSON]
    for person in people:  # at an edge of the picture
        assert x[person] < min(x[i] for i in influences) or x[person] > x[ALBUM_ID]
    # Martinez, credited on the cues, stands right; the makers of the films left
    assert x["person:martinez"] > x[ALBUM_ID] > x["person:john hughes"]
    # nodes sharing a column never overlap
    columns: dict[float, list[float]] = {}
    for _node_id, (px, py) in first.positions.items():
        columns.setdefault(px, []).append(py)
    for px, ys in columns.items():
        ys.sort()
        step = TRACK_STEP if px == x[tracks[0]] else SPARSE_STEP
        assert all(b - a >= step - 1e-6 for a, b in itertools.pairwise(ys)), px


def test_the_layout_is_kept_per_dossier(dossier):
    graph, layout = map_of(dossier)
    assert map_of(dossier) == (graph, layout)
    assert map_of(dossier)[1] is layout  # not computed again
    other = load_dossier()
    assert map_of(other)[1] is not layout  # another dossier object: its own
