"""A 10,000-entry dossier: load-and-show time and one filter keystroke.

Prints each figure beside the same measurement on the bundled Drive dossier in this run.
Targets: load-and-show under 1 s; one keystroke's filtering under 50 ms.

    python bench/scale.py [--entries 10000]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DRIVE_PLAYLIST_HOME"] = tempfile.mkdtemp(prefix="drive-playlist-bench-")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from app.storage.dossier_file import bundled_dossier_path, load_dossier
from app.ui.launch import make_application, settle, window_settings
from app.ui.main_window import MainWindow
from tests.data.generated_dossier import write_generated_dossier


class Painted(QObject):
    painted = False

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def load_and_show(app: QApplication, path: str) -> tuple[float, MainWindow]:
    start = time.perf_counter()
    dossier = load_dossier(path, use_cache=False)
    window = MainWindow(dossier, window_settings())
    watcher = Painted(window)
    window.installEventFilter(watcher)
    window.show()
    while not watcher.painted:
        app.processEvents()
    return time.perf_counter() - start, window


def parse_time(path: str, collector_paused: bool, repeat: int = 3) -> float:
    """Reading the dossier file alone, best of ``repeat``; optionally with the cycle
    collector paused around it, to show what that would buy."""
    times = []
    for _ in range(repeat):
        if collector_paused:
            gc.disable()
        try:
            start = time.perf_counter()
            load_dossier(path, use_cache=False)
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def keystroke(app: QApplication, window: MainWindow, text: str) -> float:
    """From the filter text changing to the entry list painted with the result."""
    viewport = window.browser.tree.viewport()
    watcher = Painted()
    viewport.installEventFilter(watcher)
    start = time.perf_counter()
    window.browser.filter_edit.setText(text)  # what one typed character triggers
    while not watcher.painted:
        app.processEvents()
    elapsed = time.perf_counter() - start
    viewport.removeEventFilter(watcher)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    app = make_application(["bench"])
    big = Path(tempfile.mkdtemp()) / "big.yaml"
    write_generated_dossier(big, args.entries)
    # Before any settle(): as the window's first reading of a dossier runs.
    parse_on, parse_paused = parse_time(str(big), False), parse_time(str(big), True)

    results = {}
    for label, path in (
        ("Drive dossier", bundled_dossier_path()),
        (f"{args.entries:,} entries", str(big)),
    ):
        show_time, window = load_and_show(app, path)
        settle()  # as the program does once its window is up
        strokes = []
        for text in ("n", "ne", "neo", "neon", "neon h", "neon he", "neon hea", "neon hear"):
            strokes.append(keystroke(app, window, text))
        window.browser.filter_edit.clear()
        app.processEvents()
        results[label] = (show_time, statistics.median(strokes), max(strokes))
        window.hide()
        window.deleteLater()
        app.processEvents()

    base, big_result = results["Drive dossier"], results[f"{args.entries:,} entries"]
    for label, (show, median, worst) in results.items():
        print(
            f"{label:>16}: load and show {show * 1000:7.1f} ms; filter keystroke "
            f"median {median * 1000:6.1f} ms, worst {worst * 1000:6.1f} ms"
        )
    print(
        f"ratio to the Drive dossier: load and show {big_result[0] / base[0]:.1f}x, "
        f"keystroke {big_result[1] / base[1]:.1f}x"
    )
    print(
        f"reading the {args.entries:,}-entry file alone: {parse_on * 1000:.1f} ms; with the "
        f"cycle collector paused {parse_paused * 1000:.1f} ms ({parse_paused / parse_on:.2f}x)"
    )
    print(
        f"targets: load and show < 1000 ms ({'met' if big_result[0] < 1 else 'NOT met'}), "
        f"keystroke < 50 ms ({'met' if big_result[2] < 0.05 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
