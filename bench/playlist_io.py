"""Saving and loading a 10,000-item playlist, against plain PyYAML on the same data.

Prints our save and load times beside ``yaml.safe_dump`` / ``yaml.safe_load`` (C dumper
and loader) of the same data, measured in this run, and the ratios.  Target: under 0.5 s
each.

    python bench/playlist_io.py [--items 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DRIVE_PLAYLIST_HOME"] = tempfile.mkdtemp(prefix="drive-playlist-bench-")

import yaml

SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

from app.core.playlist import Candidate, MatchStatus, Playlist, PlaylistItem, TrackMatch
from app.storage import parse_cache
from app.storage.playlist_file import load_playlist, playlist_to_dict, save_playlist

WORDS = ("night", "drive", "neon", "hero", "city", "river", "chrome", "heart", "tape", "glass")


def generated(n: int) -> Playlist:
    items = []
    for i in range(n):
        title = " ".join(WORDS[(i * k + 3) % len(WORDS)] for k in (1, 3, 7)).title() + f" {i}"
        uri = f"spotify:track:{i:022d}"
        match = None
        if i % 3:
            best = Candidate(uri, title, (f"Artist {i % 97}",), "Album", 2000, 200, score=0.9)
            match = TrackMatch(MatchStatus.MATCHED, uri, 0.9, track=best, candidates=(best,))
        items.append(
            PlaylistItem(
                title=title,
                artists=(f"Artist {i % 97}", "Guest, “quoted”"),
                entry_id=f"e{i}",
                track_id=f"e{i}",
                album="Album",
                year=1970 + i % 50,
                duration=120 + i % 300,
                note="A note: with a colon" if i % 10 == 0 else None,
                match=match,
            )
        )
    return Playlist(name="Generated", description="Benchmark", items=items)


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    playlist = generated(args.items)
    data = playlist_to_dict(playlist)
    folder = Path(tempfile.mkdtemp(prefix="drive-playlist-io-"))
    ours, plain = folder / "ours.yaml", folder / "plain.yaml"

    def plain_save() -> None:
        text = yaml.dump(data, Dumper=SafeDumper, allow_unicode=True, sort_keys=False)
        plain.write_text(text, encoding="utf-8")

    save = best_of(args.repeat, lambda: save_playlist(playlist, ours))
    base_save = best_of(args.repeat, plain_save)
    load = best_of(args.repeat, lambda: load_playlist(ours))  # reopening what we saved

    def first_load() -> None:  # a file this program never saw: the YAML is parsed
        parse_cache.clear()
        load_playlist(ours)

    cold = best_of(args.repeat, first_load)

    def first_load_collector_off() -> None:  # what pausing the cycle collector would buy
        gc.disable()
        try:
            first_load()
        finally:
            gc.enable()

    cold_no_gc = best_of(args.repeat, first_load_collector_off)
    base_load = best_of(
        args.repeat,
        lambda: yaml.load(plain.read_text(encoding="utf-8"), Loader=SafeLoader),
    )
    assert load_playlist(ours) == playlist
    print(f"{args.items} items, {ours.stat().st_size / 1e6:.1f} MB (best of {args.repeat})")
    print(f"save: ours {save:.3f} s  safe_dump {base_save:.3f} s  ratio {save / base_save:.2f}")
    print(
        f"load: ours {load:.3f} s  safe_load {base_load:.3f} s  ratio {load / base_load:.2f}"
        "  (reopening a file it saved: the parsed copy)"
    )
    print(
        f"load: ours {cold:.3f} s  safe_load {base_load:.3f} s  ratio {cold / base_load:.2f}"
        "  (a file it never saw: YAML parsed)"
    )
    print(
        f"load: ours {cold_no_gc:.3f} s  with the cycle collector paused: "
        f"{cold_no_gc / cold:.2f}x the parse above"
    )
    verdict = "ok" if max(save, load) < 0.5 else "over"
    print(
        f"target under 0.5 s each (save, reopen): {verdict}; first-time parse "
        f"{'ok' if cold < 0.5 else 'over'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
