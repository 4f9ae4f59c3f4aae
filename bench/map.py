"""The influence map: layout and first paint, and the longest frame while zooming and panning.

For the bundled Drive dossier and a generated one of 1,000 entries (the linked one of
tests/data/generated_dossier.py: influences that shaped its tracks and films with directors,
so it has edges to draw):
- layout: building the graph and placing its nodes;
- shown: from View ▸ Influence Map to the map painted, in the window;
- frames: the longest and median repaint while the 1,000-entry map is zoomed and panned by
  script, beside a plain QGraphicsView holding the same number of items and no edges,
  driven by the same script in the same run.
Targets: Drive map shown < 150 ms; 1,000 entries < 1.5 s; longest frame < 33 ms.

    python bench/map.py [--entries 1000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DRIVE_PLAYLIST_HOME"] = tempfile.mkdtemp(prefix="drive-playlist-bench-")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsEllipseItem, QGraphicsScene, QGraphicsView
from scale import Painted

from app.core.graph_layout import layout_graph
from app.core.influence_graph import build_graph
from app.storage.dossier_file import bundled_dossier_path, load_dossier
from app.ui.launch import make_application, settle, window_settings
from app.ui.main_window import MainWindow
from tests.data.generated_dossier import write_generated_dossier

WINDOW = (1600, 900)


def open_window(app: QApplication, path: str) -> MainWindow:
    window = MainWindow(load_dossier(path, use_cache=False), window_settings())
    window.resize(*WINDOW)
    window.show()
    app.processEvents()
    settle()
    return window


def show_map(app: QApplication, window: MainWindow) -> float:
    """View ▸ Influence Map until the map's canvas has painted."""
    start = time.perf_counter()
    window.map_dock.action.trigger()
    viewport = window.map_dock.map.view.viewport()
    watcher = Painted()
    viewport.installEventFilter(watcher)
    while not watcher.painted:
        app.processEvents()
    elapsed = time.perf_counter() - start
    viewport.removeEventFilter(watcher)
    return elapsed


def layout_time(path: str) -> float:
    dossier = load_dossier(path)
    start = time.perf_counter()
    layout_graph(build_graph(dossier))
    return time.perf_counter() - start


def frames(view: QGraphicsView, zoom) -> list[float]:
    """Fit, zoom in on the middle in steps, pan across, zoom back out: each step timed from
    the change (with whatever the view does about it) to the repainted viewport."""
    times = []

    def frame(change) -> None:
        start = time.perf_counter()
        change()
        view.viewport().repaint()
        times.append(time.perf_counter() - start)

    frame(lambda: None)
    for _ in range(12):
        frame(lambda: zoom(1.25))
    bar, vbar = view.horizontalScrollBar(), view.verticalScrollBar()
    for _ in range(20):
        frame(lambda: bar.setValue(bar.value() + 60))
    for _ in range(10):
        frame(lambda: vbar.setValue(vbar.value() - 40))
    for _ in range(12):
        frame(lambda: zoom(0.8))
    return times


def plain_view(window: MainWindow, count: int) -> QGraphicsView:
    """The baseline: the same number of dots at the map's places, nothing else."""
    positions = list(window.map_dock.map.layout_.positions.values())[:count]
    scene = QGraphicsScene()
    brush = QBrush(QColor("#c9a7ff"))
    for x, y in positions:
        dot = QGraphicsEllipseItem(QRectF(x - 7, y - 7, 14, 14))
        dot.setBrush(brush)
        scene.addItem(dot)
    view = QGraphicsView(scene)
    scene.setParent(view)  # kept alive with the view
    view.setRenderHints(QPainter.RenderHint.Antialiasing)
    view.resize(window.map_dock.map.view.size())
    view.show()
    QApplication.processEvents()
    view.fitInView(scene.itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
    return view


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    args = parser.parse_args()
    app = make_application(["bench"])
    big = Path(tempfile.mkdtemp()) / "big.yaml"
    write_generated_dossier(big, args.entries, linked=True)
    big_label = f"{args.entries:,} entries"

    results = {}
    for label, path in (("Drive dossier", bundled_dossier_path()), (big_label, str(big))):
        layout = layout_time(path)
        window = open_window(app, path)
        shown = show_map(app, window)
        results[label] = (layout, shown, len(window.map_dock.map.nodes), window)

    window = results[big_label][3]
    view = window.map_dock.map.view
    window.map_dock.map.fit()
    app.processEvents()
    in_view = len(view.items(view.viewport().rect()))
    map_frames = frames(view, view.zoom_by)
    plain = plain_view(window, results[big_label][2])
    app.processEvents()
    plain_in_view = len(plain.items(plain.viewport().rect()))
    plain_frames = frames(plain, lambda f: plain.scale(f, f))

    for label, (layout, shown, nodes, _w) in results.items():
        print(
            f"{label:>14}: {nodes:5d} nodes; layout {layout * 1000:7.1f} ms; "
            f"map shown {shown * 1000:7.1f} ms"
        )
    worst, median = max(map_frames), statistics.median(map_frames)
    base_worst, base_median = max(plain_frames), statistics.median(plain_frames)
    print(
        f"zoom/pan {big_label}: longest frame {worst * 1000:6.1f} ms, median "
        f"{median * 1000:6.1f} ms ({len(map_frames)} frames; {in_view} items in view at first)"
    )
    print(
        f"   plain view, same items, no edges: longest {base_worst * 1000:6.1f} ms, "
        f"median {base_median * 1000:6.1f} ms ({plain_in_view} items in view at first)"
    )
    drive_shown = results["Drive dossier"][1]
    big_shown = results[big_label][1]
    print(
        f"ratios: {big_label} shown / Drive shown {big_shown / drive_shown:.1f}x; "
        f"longest frame / plain view {worst / base_worst:.1f}x; "
        f"median frame / plain view {median / base_median:.1f}x"
    )
    print(
        f"targets: Drive shown < 150 ms ({'met' if drive_shown < 0.15 else 'NOT met'}), "
        f"{big_label} shown < 1500 ms ({'met' if big_shown < 1.5 else 'NOT met'}), "
        f"longest frame < 33 ms ({'met' if worst < 0.033 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
