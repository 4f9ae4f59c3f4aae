"""Reading each written format at 1, 2, 4 and 10 MB: the time per MB must stay flat.

For the five formats the program writes (playlist YAML, M3U8, XSPF, JSPF, CSV) and two
shapes each, many ordinary tracks and one title made of line breaks (the shape that
once made XSPF reading quadratic), prints the seconds per MB at each size and its ratio
to the 1 MB figure of the same run: a reader that is linear stays near 1.0.  Target:
10 MB of any of them in under 10 s.

    python bench/import_scale.py [--sizes 1 2 4 10] [--formats yaml xspf ...]
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
os.environ["DRIVE_PLAYLIST_HOME"] = tempfile.mkdtemp(prefix="drive-playlist-bench-")

from app.core.playlist import MatchStatus, Playlist, PlaylistItem, TrackMatch
from app.storage import parse_cache
from app.storage.formats import export_text, import_text
from app.storage.playlist_file import dumps_playlist, parse_playlist

MB = 1_000_000
FORMATS = ("yaml", "m3u8", "xspf", "jspf", "csv")


def tracks(n: int) -> Playlist:
    items = [
        PlaylistItem(
            title=f"Night Drive Song {i}, “quoted” & <tagged>",
            artists=(f"Artist {i % 97}", "Guest Player"),
            album="Night Film (Original Soundtrack)",
            year=1980 + i % 40,
            duration=120 + i % 300,
            note="A note\nover two lines" if i % 5 == 0 else None,
            match=TrackMatch(MatchStatus.CHOSEN, uri=f"spotify:track:{i:022d}"),
        )
        for i in range(n)
    ]
    return Playlist(name="Scale", description="Benchmark", items=items)


def line_breaks(chars: int) -> Playlist:
    """One title of nothing but short lines (M3U8 turns them into spaces: one long line)."""
    title = "a\n" * (chars // 2)
    return Playlist(name="Breaks", items=[PlaylistItem(title=title, artists=("A",))])


def write(fmt: str, playlist: Playlist) -> str:
    return dumps_playlist(playlist) if fmt == "yaml" else export_text(playlist, fmt)


def read(fmt: str, text: str) -> Playlist:
    if fmt == "yaml":
        parse_cache.clear()  # a file never seen: the YAML is really parsed
        return parse_playlist(text, "scale.yaml")
    return import_text(text, fmt, source=f"scale.{fmt}")


def sized(fmt: str, shape: str, megabytes: float) -> str:
    """A file of the shape, about ``megabytes`` MB, scaled from a small sample."""
    target = int(megabytes * MB)
    if shape == "tracks":
        per_item = len(write(fmt, tracks(200)).encode()) / 200
        return write(fmt, tracks(max(1, int(target / per_item))))
    per_char = len(write(fmt, line_breaks(10_000)).encode()) / 10_000
    return write(fmt, line_breaks(int(target / per_char)))


def timed(fmt: str, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        read(fmt, text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 10])
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print("seconds per MB (ratio to the smallest size's; linear stays near 1.0)")
    header = "".join(f"{f'{s:g} MB':>16}" for s in args.sizes)
    print(f"{'format':<7}{'shape':<13}{header}   {args.sizes[-1]:g} MB: seconds (under 10?)")
    worst = 0.0
    for fmt in args.formats:
        for shape in ("tracks", "line breaks"):
            cells, base, largest = [], None, 0.0
            for size in args.sizes:
                text = sized(fmt, shape, size)
                real = len(text.encode()) / MB
                seconds = timed(fmt, text, args.repeat)
                per_mb = seconds / real
                base = base or per_mb
                cells.append(f"{per_mb:8.3f} ({per_mb / base:4.2f})")
                largest = seconds
            worst = max(worst, largest)
            verdict = "ok" if largest < 10 else "OVER"
            row = "".join(f"{c:>16}" for c in cells)
            print(f"{fmt:<7}{shape:<13}{row}   {largest:.2f} s {verdict}")
    print(f"slowest at {args.sizes[-1]:g} MB: {worst:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
