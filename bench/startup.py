"""Start-up time: process start to the main window's first paint, against a bare PySide6 window.

Both are run as fresh interpreters, alternately, N times each in this one session;
prints the medians and the ratio (target: at most 1.3x the bare window).

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
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            sys.stdout.write("painted\n"); sys.stdout.flush()
            QApplication.instance().exit(0)
        return False

kind = sys.argv[1]
if kind == "bare":
    from PySide6.QtWidgets import QWidget
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1400, 840)
else:
    from app.ui.launch import make_application, window_settings
    from app.storage.dossier_file import load_dossier
    from app.ui.main_window import MainWindow
    app = make_application(sys.argv[:1])
    window = MainWindow(load_dossier(), window_settings())
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""


def run_once(kind: str, env: dict) -> float:
    """Seconds from starting the process to the child reporting its first paint.

    The clock stops when that line arrives, not when the process ends: shutting down is
    not part of starting up.
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
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = child.communicate(timeout=60)
    if "painted" not in line:
        raise SystemExit(f"{kind} window never painted:\n{err}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["DRIVE_PLAYLIST_HOME"] = tempfile.mkdtemp(prefix="drive-playlist-bench-")
    env["PYTHONPATH"] = str(ROOT)
    run_once("bare", env)  # warm the disk cache for both
    run_once("ours", env)
    times: dict[str, list[float]] = {"bare": [], "ours": []}
    for _ in range(args.runs):
        for kind in times:
            times[kind].append(run_once(kind, env))
    bare = statistics.median(times["bare"])
    ours = statistics.median(times["ours"])
    print(f"platform: {env['QT_QPA_PLATFORM']}, runs: {args.runs} each")
    print(f"bare PySide6 window, median: {bare * 1000:7.1f} ms")
    print(f"Drive Playlist window, median: {ours * 1000:7.1f} ms")
    print(f"ratio: {ours / bare:.2f}x (target <= 1.30x)")


if __name__ == "__main__":
    main()
