"""How long the window's event loop is ever blocked during a full match and sync.

A 1,000-item playlist is matched and built on a fake Spotify with 50 ms latency per
request, from the real window (offscreen).  A 2 ms heartbeat timer measures every gap
in the event loop; the longest gap minus the interval is the worst stall.  The same
heartbeat over an idle window for one second is the baseline.  Target: under 50 ms.

    python bench/ui_stall.py [--items 1000] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from app.core.playlist import Playlist, PlaylistItem
from tests.fakespotify import FakeSpotify
from tests.fakespotify.catalogue import generated_catalogue
from tests.spotify_helpers import sign_in_with_fake

INTERVAL_MS = 2


class Heartbeat:
    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.worst = 0
        self.last = 0

    def start(self) -> None:
        self.worst = 0
        self.clock.start()
        self.last = 0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return max(0, self.worst - INTERVAL_MS)

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last)
        self.last = now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()

    catalogue = generated_catalogue(args.items, seed=1)
    fake = FakeSpotify(latency=args.latency)
    fake.load_catalogue(catalogue.tracks)
    fake.start()
    home = tempfile.mkdtemp(prefix="drive-playlist-bench-")
    os.environ.update(
        DRIVE_PLAYLIST_HOME=home,
        DRIVE_PLAYLIST_SPOTIFY_API_URL=fake.api_url,
        DRIVE_PLAYLIST_SPOTIFY_ACCOUNTS_URL=fake.accounts_url,
        SPOTIPY_CLIENT_ID=fake.client_id,
    )
    sign_in_with_fake(fake)

    from app.storage.dossier_file import load_dossier
    from app.ui.launch import make_application, settle
    from app.ui.main_window import MainWindow

    app = make_application(["bench"])
    playlist = Playlist(
        name="Stall test",
        description="Generated test tracks.",
        items=[PlaylistItem(**fields) for fields in catalogue.items],
    )
    settings = QSettings(str(Path(home) / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(load_dossier(), settings, playlist)
    window.show()
    settle()  # as the program does once its window is up
    for _ in range(20):
        app.processEvents()

    beat = Heartbeat()
    beat.start()
    idle_until = time.perf_counter() + 1.0
    while time.perf_counter() < idle_until:
        app.processEvents()
        time.sleep(0.0005)
    idle = beat.stop()

    finished = []
    window.spotify.finished.connect(finished.append)
    beat.start()
    start = time.perf_counter()
    QTimer.singleShot(0, window.spotify.sync)
    while not finished:
        app.processEvents()
        time.sleep(0.0005)
    total = time.perf_counter() - start
    stall = beat.stop()
    resolved = sum(1 for i in window.document.playlist.items if i.spotify_uri)
    remote = [p for p in fake.playlists.values()]

    print(f"{args.items} items, fake latency {args.latency * 1000:.0f} ms per request")
    print(
        f"result: {finished[0]}; {resolved} resolved; {len(remote)} playlist(s) on the fake "
        f"with {len(remote[0]['uris']) if remote else 0} tracks"
    )
    print(
        f"match + sync wall time: {total:.2f} s, requests: {len(fake.requests)}, "
        f"most in flight: {fake.max_in_flight}"
    )
    print(
        f"longest event-loop stall: {stall:.0f} ms (idle baseline {idle:.0f} ms; "
        f"target < 50 ms: {'met' if stall < 50 else 'NOT met'})"
    )
    window.document.undo_stack.setClean()
    window.document._remote_dirty = False
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    fake.stop()


if __name__ == "__main__":
    main()
