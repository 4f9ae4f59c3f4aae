"""Start-up time: process start to the main window's first paint, against PySide6's own floor.

Each is a fresh interpreter, run in turn, N times each in this one session: a bare PySide6
window, a window of the same shape built from PySide6 alone (a Python item model behind a
filter proxy, a tree, a filter box, a rich-text pane: the framework's own floor), and ours
as ``drive-playlist`` starts it (its command line, then the window), to its first paint
and until it is complete (its playlist side built after the first paint).  Prints the
medians, and the ratios to the floor, each the median of the ratios within a round (the
runs next to each other in time), which a busy machine moves far less than the times.
Targets: first paint at most 1.2x the floor, complete at most 1.4x.

    python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import sys, time


def paint_watcher(window, wait_for_complete):
    # First paint: report it, with the CPU time spent so far.  Then, for our window, report
    # the first paint after it is complete (the playlist side built), and stop.
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class Paints(QObject):
        reported = False

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                if not self.reported:
                    self.reported = True
                    sys.stdout.write(f"painted {time.process_time()}\n"); sys.stdout.flush()
                    if not wait_for_complete:
                        QApplication.instance().exit(0)
                elif window.is_complete:
                    sys.stdout.write(f"complete {time.process_time()}\n"); sys.stdout.flush()
                    QApplication.instance().exit(0)
            return False

    watcher = Paints(window)
    window.installEventFilter(watcher)
    return watcher


class WatchOurWindow:
    # The program imports in its own order: the watcher goes on its window class as the
    # window's module loads, and on each window as it is shown.
    def find_spec(self, name, path, target=None):
        if name != "app.ui.main_window":
            return None
        import importlib.machinery

        spec = importlib.machinery.PathFinder.find_spec(name, path)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            show = module.MainWindow.show

            def show_watched(window):
                window.paint_watcher = paint_watcher(window, True)
                show(window)

            module.MainWindow.show = show_watched

        spec.loader.exec_module = exec_module
        return spec


kind = sys.argv[1]
if kind == "bare":
    from PySide6.QtWidgets import QApplication, QWidget
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1400, 840)
elif kind == "floor":
    # What any window of this shape costs before a line of the program runs: a Python
    # item model (with draggable rows, so its flags use the Qt namespace) behind a filter
    # proxy in a tree, a filter box and a rich-text pane.
    from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import (
        QApplication, QLineEdit, QMainWindow, QSplitter, QTextBrowser, QTreeView, QVBoxLayout,
        QWidget,
    )

    class Rows(QAbstractItemModel):
        rows = [(str(i), f"Title {i}", "Artist", "2011") for i in range(23)]
        def index(self, row, column, parent=QModelIndex()):
            return QModelIndex() if parent.isValid() else self.createIndex(row, column)
        def parent(self, index=QModelIndex()):
            return QModelIndex()
        def rowCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else len(self.rows)
        def columnCount(self, parent=QModelIndex()):
            return 4
        def data(self, index, role=0):
            return self.rows[index.row()][index.column()] if role == 0 else None
        def flags(self, index):
            f = Qt.ItemFlag
            return f.ItemIsEnabled | f.ItemIsSelectable | f.ItemIsDragEnabled

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1400, 840)
    left = QWidget()
    column = QVBoxLayout(left)
    column.addWidget(QLineEdit())
    proxy = QSortFilterProxyModel(window)
    proxy.setSourceModel(Rows(window))
    tree = QTreeView()
    tree.setModel(proxy)
    column.addWidget(tree)
    pane = QTextBrowser()
    pane.setHtml("<h1>A Real Hero</h1><p>" + "words " * 200 + "</p>")
    splitter = QSplitter()
    splitter.addWidget(left)
    splitter.addWidget(pane)
    window.setCentralWidget(splitter)
else:  # the program's own start, as `drive-playlist` runs it: its command line first
    sys.meta_path.insert(0, WatchOurWindow())
    sys.argv[1:] = []
    from app.start import main

    raise SystemExit(main())
watcher = paint_watcher(window, False)
window.show()
app.exec()
"""


def run_once(kind: str, env: dict) -> dict[str, float]:
    """Seconds from starting the process to its first paint ("painted") and, for ours, to
    its complete window ("complete"); with "cpu " before them, the CPU seconds the process
    had used by then, which a busy machine hardly moves.

    The clock stops when the child's line arrives, not when the process ends: shutting
    down is not part of starting up.
    """
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, kind],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    seen: dict[str, float] = {}
    for _ in range(2 if kind == "ours" else 1):
        what, _, cpu = child.stdout.readline().partition(" ")
        if what not in ("painted", "complete"):
            break
        seen[what], seen["cpu " + what] = time.perf_counter() - start, float(cpu)
    _, err = child.communicate(timeout=60)
    if "painted" not in seen or (kind == "ours" and "complete" not in seen):
        raise SystemExit(f"{kind} window never painted:\n{err}")
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["DRIVE_PLAYLIST_HOME"] = tempfile.mkdtemp(prefix="drive-playlist-bench-")
    env["PYTHONPATH"] = str(ROOT)
    # As any installed program runs: its modules' bytecode cached after the first start
    # (the warm-up run below), not compiled again on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    kinds = ("bare", "floor", "ours")
    for kind in kinds:
        run_once(kind, env)  # warm the disk cache for all
    rounds = [{kind: run_once(kind, env) for kind in kinds} for _ in range(args.runs)]

    def median(kind: str, what: str) -> float:
        return statistics.median(r[kind][what] for r in rounds)

    def ratio(what: str, base: str = "floor", to: str = "painted") -> float:
        return statistics.median(r["ours"][what] / r[base][to] for r in rounds)

    bare, floor = median("bare", "painted"), median("floor", "painted")
    print(f"platform: {env['QT_QPA_PLATFORM']}, runs: {args.runs} each, medians")
    print(f"bare PySide6 window, first paint:      {bare * 1000:7.1f} ms")
    print(f"model/view window, no program code:    {floor * 1000:7.1f} ms  ({floor / bare:.2f}x)")
    print(f"Drive Playlist, first paint (entries): {median('ours', 'painted') * 1000:7.1f} ms")
    print(f"Drive Playlist, complete and painted:  {median('ours', 'complete') * 1000:7.1f} ms")
    print(
        f"ratio to the model/view window: first paint {ratio('painted'):.2f}x "
        f"(target <= 1.20x), complete {ratio('complete'):.2f}x (target <= 1.40x)"
    )
    print(
        f"  the same in CPU time: first paint {ratio('cpu painted', to='cpu painted'):.2f}x, "
        f"complete {ratio('cpu complete', to='cpu painted'):.2f}x"
    )
    print(f"ratio to the bare window: first paint {ratio('painted', base='bare'):.2f}x")


if __name__ == "__main__":
    main()
