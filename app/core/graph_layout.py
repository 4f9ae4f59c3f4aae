"""Where each node of the influence graph sits: a layered picture, read left to right.

Influences stand left of the album's tracks they shaped, the tracks in album order in the
middle (so the score cues that share influences stay together), the album right of them,
and people at the edges, on the side where most of what they are linked to is.  Each
node of a sparse layer is placed at the mean height of its neighbours, then pushed apart
just enough not to overlap: no randomness, a fixed amount of work, the same picture for
the same dossier.  A layer too long for one column wraps into several.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.dossier import Dossier
from app.core.influence_graph import InfluenceGraph, NodeKind, build_graph

TRACK_STEP = 21.0  # vertical distance between album tracks: one line of label
SPARSE_STEP = 44.0  # between other nodes: their label sits under them
TRACK_COLUMN = 230.0  # a track's width: the node and its label on the right
SPARSE_COLUMN = 190.0
LAYER_GAP = 90.0
WRAP_AT = 40  # nodes in one column before a layer wraps

# Layers, left to right.
PEOPLE_LEFT, INFLUENCES, TRACKS, ALBUM, PEOPLE_RIGHT = range(5)
_LAYER_OF_KIND = {
    NodeKind.FILM: INFLUENCES,
    NodeKind.INFLUENCE_TRACK: INFLUENCES,
    NodeKind.TRACK: TRACKS,
    NodeKind.ALBUM: ALBUM,
}


@dataclass(frozen=True, slots=True)
class Layout:
    positions: dict[str, tuple[float, float]]  # node id -> centre
    width: float
    height: float


def _layer(graph: InfluenceGraph, node_id: str, kind: NodeKind) -> int:
    if kind != NodeKind.PERSON:
        return _LAYER_OF_KIND[kind]
    layers = [
        _LAYER_OF_KIND.get(graph.node(n).kind, ALBUM) for n in sorted(graph.neighbours(node_id))
    ]
    if layers and sum(layers) / len(layers) <= (INFLUENCES + TRACKS) / 2:
        return PEOPLE_LEFT
    return PEOPLE_RIGHT


def _spread(wanted: list[float], step: float) -> list[float]:
    """Heights as close to ``wanted`` (already sorted) as a ``step`` apart allows."""
    placed: list[float] = []
    for y in wanted:
        placed.append(max(y, placed[-1] + step) if placed else y)
    # Pushing only downwards drifts the group: centre it back on what was wanted.
    shift = (sum(wanted) - sum(placed)) / len(placed) if placed else 0.0
    return [y + shift for y in placed]


def layout_graph(graph: InfluenceGraph) -> Layout:
    layers: dict[int, list[str]] = {}
    for node in graph.nodes:  # dossier order within a layer: album order for the tracks
        layers.setdefault(_layer(graph, node.id, node.kind), []).append(node.id)

    heights: dict[str, float] = {}
    columns: dict[str, int] = {}  # column within the node's layer, when it wraps

    def grid(ids: list[str], step: float) -> None:
        for i, node_id in enumerate(ids):
            columns[node_id], row = divmod(i, WRAP_AT)
            heights[node_id] = row * step

    def around(ids: list[str], step: float) -> None:
        """Each at its neighbours' mean height (those placed so far), then spread."""

        def wanted(node_id: str) -> float | None:
            ys = [heights[n] for n in graph.neighbours(node_id) if n in heights]
            return sum(ys) / len(ys) if ys else None

        known = [(w, i, n) for i, n in enumerate(ids) if (w := wanted(n)) is not None]
        if len(ids) > WRAP_AT or not known:
            grid(sorted(ids, key=lambda n: (wanted(n) is None, wanted(n) or 0.0)), step)
            return
        known.sort()
        loose = [n for n in ids if wanted(n) is None]
        ys = _spread([w for w, _i, _n in known], step)
        for (_w, _i, node_id), y in zip(known, ys, strict=True):
            heights[node_id] = y
        for k, node_id in enumerate(loose, 1):  # nothing to lean on: below the rest
            heights[node_id] = ys[-1] + k * step

    grid(layers.get(TRACKS, []), TRACK_STEP)
    around(layers.get(INFLUENCES, []), SPARSE_STEP)
    around(layers.get(ALBUM, []), SPARSE_STEP)
    around(layers.get(PEOPLE_LEFT, []), SPARSE_STEP)
    around(layers.get(PEOPLE_RIGHT, []), SPARSE_STEP)

    positions: dict[str, tuple[float, float]] = {}
    x = 0.0
    for layer in range(PEOPLE_LEFT, PEOPLE_RIGHT + 1):
        ids = layers.get(layer)
        if not ids:
            continue
        width = TRACK_COLUMN if layer == TRACKS else SPARSE_COLUMN
        for node_id in ids:
            positions[node_id] = (x + columns.get(node_id, 0) * width, heights[node_id])
        x += (max(columns.get(n, 0) for n in ids) + 1) * width + LAYER_GAP
    if not positions:
        return Layout({}, 0.0, 0.0)
    top = min(y for _x, y in positions.values())
    positions = {n: (px, py - top) for n, (px, py) in positions.items()}
    width = max(px for px, _y in positions.values())
    height = max(py for _x, py in positions.values())
    return Layout(positions, width, height)


_KEPT: list[tuple[Dossier, InfluenceGraph, Layout]] = []
KEEP = 4  # dossiers whose map is kept; a window shows one


def map_of(dossier: Dossier) -> tuple[InfluenceGraph, Layout]:
    """The dossier's graph and layout, computed on first use and kept."""
    for kept, graph, layout in _KEPT:
        if kept is dossier:
            return graph, layout
    graph = build_graph(dossier)
    layout = layout_graph(graph)
    _KEPT.insert(0, (dossier, graph, layout))
    del _KEPT[KEEP:]
    return graph, layout
