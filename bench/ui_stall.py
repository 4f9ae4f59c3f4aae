"""How long the window's event loop is ever blocked during a full match and sync.

A 1,000-item playlist is matched and built on a fake Spotify with 50 ms latency per
request, from the real window (offscreen).  A 2 ms heartbeat timer measures every gap
in the event loop; the longest gap minus the interval is the worst stall.  The same
heartbeat over an idle window for one second is the baseline.  A second run syncs a new
playlist while the now-playing strip follows a track playing on Spotify (polling the
player, moving its progress bar, fetching covers).  Target: under 50 ms for both.

The window tunes the whole process (launch.py: a short GIL switch interval, and the
start-up objects frozen out of the collector's sight).  ``--compare`` runs the bench
three times, as the program runs and with each tuning undone, and prints the stalls
side by side: what each one buys.

    python bench/ui_stall.py [--items 1000] [--latency 0.05] [--compare]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer

from app.core.playlist import Playlist, PlaylistItem
from app.spotify.config import PLAYBACK_SCOPES
from tests.fakespotify import FakeSpotify
from tests.fakespotify.accounts import DEFAULT_SCOPE
from tests.fakespotify.catalogue import generated_catalogue
from tests.fakespotify.helpers import sign_in_with_fake

INTERVAL_MS = 2
# Python's own switch interval, for the comparison without the window's.
DEFAULT_SWITCH_INTERVAL = sys.getswitchinterval()
UNDO = ("switch-interval", "freeze")


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


def _sign_in(fake, home: str) -> None:
    """A fresh per-user folder (so the second run's searches are not cached) and a token."""
    os.environ["DRIVE_PLAYLIST_HOME"] = home
    scope = " ".join([DEFAULT_SCOPE, *PLAYBACK_SCOPES])
    sign_in_with_fake(fake, scope=scope)


def _wait_for(signal) -> list:
    """Run the event loop until ``signal`` fires; its arguments.

    An event loop, not a loop over processEvents(): PySide6 6.12 drops a reference to
    None on each processEvents() call, and tens of thousands of them kill the process.
    """
    loop = QEventLoop()
    got: list = []

    def done(*args) -> None:
        got.extend(args)
        loop.quit()

    signal.connect(done)
    loop.exec()
    signal.disconnect(done)
    return got


def _run_for(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _stall_during_sync(window, beat) -> tuple[float, float, str]:
    beat.start()
    start = time.perf_counter()
    QTimer.singleShot(0, window.spotify.sync)
    (result,) = _wait_for(window.spotify.finished)
    total = time.perf_counter() - start
    return beat.stop(), total, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument(
        "--undo", choices=UNDO, action="append", default=[], help="run without this tuning"
    )
    parser.add_argument("--compare", action="store_true", help="with and without each tuning")
    args = parser.parse_args()
    if args.compare:
        compare(args)
        return

    catalogue = generated_catalogue(args.items, seed=1)
    fake = FakeSpotify(latency=args.latency)
    fake.load_catalogue(catalogue.tracks)
    fake.start()
    os.environ.update(
        DRIVE_PLAYLIST_SPOTIFY_API_URL=fake.api_url,
        DRIVE_PLAYLIST_SPOTIFY_ACCOUNTS_URL=fake.accounts_url,
        SPOTIPY_CLIENT_ID=fake.client_id,
    )
    _sign_in(fake, tempfile.mkdtemp(prefix="drive-playlist-bench-"))

    from app.storage.dossier_file import load_dossier
    from app.ui.launch import make_application, settle
    from app.ui.main_window import MainWindow

    app = make_application(["bench"])
    if "switch-interval" in args.undo:
        sys.setswitchinterval(DEFAULT_SWITCH_INTERVAL)

    def playlist(name: str) -> Playlist:
        return Playlist(
            name=name,
            description="Generated test tracks.",
            items=[PlaylistItem(**fields) for fields in catalogue.items],
        )

    home = os.environ["DRIVE_PLAYLIST_HOME"]
    settings = QSettings(str(Path(home) / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(load_dossier(), settings, playlist("Stall test"))
    window.show()
    settle()  # as the program does once its window is up
    if "freeze" in args.undo:
        gc.unfreeze()
    start = time.perf_counter()
    gc.collect()  # what the collector's full pass costs the GUI thread from now on
    full_collection = time.perf_counter() - start
    _run_for(0.2)

    beat = Heartbeat()
    beat.start()
    _run_for(1.0)
    idle = beat.stop()

    stall, total, result = _stall_during_sync(window, beat)
    resolved = sum(1 for i in window.document.playlist.items if i.spotify_uri)
    remote = list(fake.playlists.values())
    requests = len(fake.requests)

    # The playback run: the same sync of a new playlist (searches not cached), while the
    # now-playing strip follows a track playing on the person's phone.
    _sign_in(fake, tempfile.mkdtemp(prefix="drive-playlist-bench-"))
    window.document.replace(playlist("Stall test, listening"), None)
    fake.player.add_device("Bench Phone", "Smartphone", active=True)
    first = catalogue.items[0]
    # Near its end, so the strip also meets a track change (and a new cover) during the run.
    fake.player.play_now(catalogue.uris[0], progress_ms=max(0, first["duration"] * 1000 - 8000))
    fake.player.queue = catalogue.uris[:50]  # then carries on through them
    looks = []
    window.playback.changed.connect(looks.append)
    QTimer.singleShot(0, window.playback.refresh)
    _wait_for(window.playback.changed)
    fake.reset_stats()
    played_stall, played_total, played_result = _stall_during_sync(window, beat)
    polls = fake.count("GET", "me/player")

    if args.undo:
        print(f"without: {', '.join(args.undo)}")
    print(f"one full garbage collection after start-up: {full_collection * 1000:.1f} ms")
    print(f"{args.items} items, fake latency {args.latency * 1000:.0f} ms per request")
    print(
        f"result: {result}; {resolved} resolved; {len(remote)} playlist(s) on the fake "
        f"with {len(remote[0]['uris']) if remote else 0} tracks"
    )
    print(
        f"match + sync wall time: {total:.2f} s, requests: {requests}, "
        f"most in flight: {fake.max_in_flight}"
    )
    print(
        f"longest event-loop stall: {stall:.0f} ms (idle baseline {idle:.0f} ms; "
        f"target < 50 ms: {'met' if stall < 50 else 'NOT met'})"
    )
    print(
        f"with now-playing polling: {played_result}; wall time {played_total:.2f} s, "
        f"{polls} looks at the player ({len(looks)} answers shown)"
    )
    print(
        f"longest event-loop stall while listening: {played_stall:.0f} ms "
        f"(idle baseline {idle:.0f} ms, ratio to the plain sync's "
        f"{played_stall / stall if stall else float('nan'):.2f}; "
        f"target < 50 ms: {'met' if played_stall < 50 else 'NOT met'})"
    )
    window.document.undo_stack.setClean()
    window.document._remote_dirty = False
    window.close()
    window.deleteLater()
    app.sendPostedEvents()  # the deferred deletes
    fake.stop()


def gil_wait(interval: float, seconds: float = 0.5) -> tuple[float, float]:
    """How long a thread that wakes (as the GUI thread does for an event) waits for the
    GIL while another thread computes in Python: median and worst, in seconds."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(interval)
    stop = threading.Event()

    def compute() -> None:
        while not stop.is_set():
            sum(range(1000))

    worker = threading.Thread(target=compute)
    worker.start()
    waits = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        time.sleep(0.001)  # lets go of the GIL, as waiting for an event does
        waits.append(time.perf_counter() - start - 0.001)
    stop.set()
    worker.join()
    sys.setswitchinterval(previous)
    return statistics.median(waits), max(waits)


def compare(args) -> None:
    """Each run in a fresh interpreter, in turn; the stall lines of each, side by side."""
    from app.ui.launch import GUI_SWITCH_INTERVAL

    for label, interval in (
        ("the window's", GUI_SWITCH_INTERVAL),
        ("Python's default", DEFAULT_SWITCH_INTERVAL),
    ):
        median, worst = gil_wait(interval)
        print(
            f"waiting for the GIL beside a computing thread, {label} switch interval "
            f"({interval * 1000:.0f} ms): median {median * 1000:.1f} ms, "
            f"worst {worst * 1000:.1f} ms"
        )
    common = [sys.executable, __file__, "--items", str(args.items), "--latency", str(args.latency)]
    for label, undo in (
        ("as the program runs", []),
        ("default switch interval", ["--undo", "switch-interval"]),
        ("start-up objects not frozen", ["--undo", "freeze"]),
    ):
        out = subprocess.run(
            [*common, *undo], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        stalls = [line for line in out if "stall" in line or "collection" in line]
        print(f"{label}:")
        for line in stalls:
            print(f"    {line}")


if __name__ == "__main__":
    main()
