"""Adversarial 1 MB inputs for every reader, against a plain 1 MB file of the same format.

For playlist YAML, dossier YAML, M3U8, XSPF, JSPF and CSV: alias bombs, deep nesting,
long lines, many entities, many line breaks, huge numbers.  The plain file of each format
really is about 1 MB of what the program writes (the Drive preset's items repeated with
varied titles, two in three matched); the dossier attacks sit inside a valid dossier, so
they reach its validation.  Each file is read in fresh child processes, the median of
``--runs`` of them: some timed, others under tracemalloc for the peak memory the reading
allocates (Python's allocations, the same measure for every row; the parse cache starts
empty in each).  Target: every hostile input within 5x the plain file's time and 2x its
memory, or refused faster than that.

Beside each figure, its floor: the result's own objects, as a ratio to the same plain
figure.  Memory: what is still held once reading is over (the playlist itself); time:
building the same objects again from their already-split values.  Many tiny items take
more memory than a tenth as many realistic ones of the same total size, whatever reads them.

    python bench/hostile.py [--size 1000000] [--only FORMAT] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TIME_TARGET, MEMORY_TARGET = 5.0, 2.0
CHILD_TIMEOUT = 120  # seconds: a reader past this is reported as such, not waited for
CHILD_MEMORY = 4 * 2**30  # address-space cap for a child, so a bomb cannot take the machine

HEAD = "format: drive-playlist\nversion: 1\nname: Hostile\n"


def fill(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def realistic(count: int):
    """``count`` items as the program writes them: the Drive preset's items in turn, each
    title varied, two in three matched (the chosen track plus a runner-up, as matching
    keeps them)."""
    from app.core.playlist import Candidate, MatchStatus, Playlist, TrackMatch
    from app.core.presets import make_preset
    from app.storage.dossier_file import load_dossier

    preset = make_preset("influences", load_dossier(use_cache=False))
    items = []
    for n in range(count):
        base = preset.items[n % len(preset.items)]
        title = f"{base.title} (take {n})"
        match = None
        if n % 3:
            best = Candidate(
                f"spotify:track:{n:022d}", title, base.artists, base.album, base.year,
                base.duration or 240, f"https://open.spotify.com/track/{n:022d}", score=0.93,
            )  # fmt: skip
            other = Candidate(f"spotify:track:{n + 1:022d}", title, base.artists, score=0.61)
            match = TrackMatch(MatchStatus.MATCHED, best.uri, 0.93, track=best,
                               candidates=(best, other), market="SE")  # fmt: skip
        items.append(replace(base, title=title, match=match, id=f"{n:012x}"))
    return Playlist(name=preset.name, description=preset.description, items=items,
                    dossier=preset.dossier)  # fmt: skip


def written(fmt: str, playlist) -> str:
    from app.storage.formats import export_text
    from app.storage.playlist_file import dumps_playlist

    return dumps_playlist(playlist) if fmt == "playlist" else export_text(playlist, fmt)


def plain_file(fmt: str, size: int) -> str:
    """About ``size`` bytes of realistic items in ``fmt``: scaled from a sample, then
    topped up, so every format's plain file really is that size."""
    per_item = len(written(fmt, realistic(200)).encode()) / 200
    count = max(1, int(size / per_item))
    text = written(fmt, realistic(count))
    while len(text.encode()) < size * 0.99:
        count += max(1, count // 100)
        text = written(fmt, realistic(count))
    return text


def yaml_hostile(head: str, size: int) -> dict[str, str]:
    room = size - len(head)
    anchors = "a: &a [l, l, l, l, l, l, l, l, l]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    return {
        "alias bomb (9 levels)": head + anchors + "#" + fill(" ", room - len(anchors)) + "\n",
        "aliases, many": head + "a: &a [x]\nb: [" + fill("*a, ", room - 20) + "*a]\n",
        "deep nesting": head + "x: " + "[" * (room // 2) + "]" * (room // 2) + "\n",
        "long line": head + "x: " + fill("w", room) + "\n",
        "many line breaks": head + 'x: "' + fill("\n", room) + '"\n',
        "many entities": head + "x: [" + fill("a, ", room) + "a]\n",
        "many small items": head + "items:\n" + fill("- {title: a}\n", room - 40),
        "bad value at the end": head
        + "items:\n"
        + fill("- {title: a}\n", room - 40)
        + "- {title: a, year: x}\n",
        "many keys": head + "x: {" + "".join(f"k{i}: 1, " for i in range(room // 12)) + "z: 1}\n",
        "huge number": head + "x: " + fill("9", room) + "\n",
        "base-60 number": head + "x: 1" + fill(":0", room) + "\n",
    }


SMALL_DOSSIER = ROOT / "tests" / "data" / "small-dossier.yaml"


def plain_dossier(size: int) -> str:
    base = SMALL_DOSSIER.read_text(encoding="utf-8")
    extra, n = [], 0
    while len(base) + sum(map(len, extra)) < size:
        extra.append(
            f"  - id: film-{n}\n    kind: film\n    title: Film number {n}\n    year: 1980\n"
            f"    directors: [Someone Example]\n    influenced: [lullaby]\n"
            f"    description: A film that shaped the sound of the night, number {n}.\n"
        )
        n += 1
    return base + "".join(extra)


def dossier_hostile(size: int) -> dict[str, str]:
    """The same attacks as for a playlist, each inside a valid dossier (the small one,
    then influences that hold them), so they reach the reader's validation and are not
    refused at the top for an unknown field."""
    head = SMALL_DOSSIER.read_text(encoding="utf-8")
    entry = "  - {id: hostile, kind: film, title: T, "  # ...field: value}
    room = size - len(head) - len(entry) - 20

    def small(count: int) -> str:
        return "".join(f"  - {{id: e{n}, kind: film, title: a}}\n" for n in range(count))

    count = room // len("  - {id: e00000, kind: film, title: a}\n")
    anchors = "[&a [l, l, l, l, l, l, l, l, l], " + ", ".join(
        f"&{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    return {
        "alias bomb (9 levels)": head + entry + "notes: " + anchors + "]}\n#" + fill(" ", room),
        "aliases, many": head + entry + "notes: [&a x, " + fill("*a, ", room) + "*a]}\n",
        "deep nesting": head + entry + "notes: " + "[" * (room // 2) + "]" * (room // 2) + "}\n",
        "long line": head + entry + "description: " + fill("w", room) + "}\n",
        "many line breaks": head + entry + 'description: "x' + fill("\n", room) + '"}\n',
        "many entities": head + entry + "notes: [" + fill("a, ", room) + "a]}\n",
        "many small items": head + small(count),
        "bad value at the end": head
        + small(count)
        + "  - {id: z, kind: film, title: a, year: x}\n",
        "many keys": head + entry + "".join(f"k{i}: 1, " for i in range(room // 12)) + "z: 1}\n",
        "huge number": head + entry + "year: " + fill("9", room) + "}\n",
        "base-60 number": head + entry + "year: 1" + fill(":0", room) + "}\n",
    }


def other_hostile(fmt: str, size: int) -> dict[str, str]:
    if fmt == "m3u8":
        return {
            "long line": "#EXTM3U\n#EXTINF:1,A - " + fill("w", size) + "\nx.mp3\n",
            "many line breaks": "#EXTM3U\n" + fill("\n", size),
            "CR-only line ends": "#EXTM3U\r" + fill("#EXTINF:1,A - T\rx.mp3\r", size),
            "many entries": "#EXTM3U\n" + fill("#EXTINF:1,A - T\nx.mp3\n", size),
            "huge duration": "#EXTM3U\n#EXTINF:" + fill("9", size) + ",A - T\nx.mp3\n",
        }
    if fmt == "xspf":
        head = '<?xml version="1.0"?><playlist version="1" xmlns="http://xspf.org/ns/0/">'
        track = "<trackList><track><title>{}</title><creator>A</creator></track></trackList>"
        tail = "</playlist>"
        laughs = '<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">' + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        return {
            "long line": head + track.format(fill("w", size)) + tail,
            "many line breaks": head + track.format(fill("\n", size)) + tail,
            "many entities": head + track.format(fill("&amp;", size)) + tail,
            "entity bomb (DTD)": '<?xml version="1.0"?>'
            + laughs
            + "]>"
            + head[21:]
            + track.format("&i;")
            + tail,
            "deep nesting": head + fill("<x>", size // 2) + tail,
            "many tracks": head
            + "<trackList>"
            + fill("<track><title>T</title></track>", size)
            + "</trackList>"
            + tail,
            "huge duration": head
            + "<trackList><track><title>T</title><duration>"
            + fill("9", size)
            + "</duration></track></trackList>"
            + tail,
        }
    if fmt == "jspf":

        def wrap(track: str) -> str:
            return '{"playlist": {"title": "H", "track": [' + track + "]}}"

        return {
            "long line": wrap('{"title": "' + fill("w", size) + '"}'),
            "many line breaks": wrap('{"title": "' + fill("\\n", size) + '"}'),
            "many escapes": wrap('{"title": "' + fill("\\u00e9", size) + '"}'),
            "deep nesting": wrap(
                '{"title": "T", "extension": ' + "[" * (size // 2) + "]" * (size // 2) + "}"
            ),
            "many tracks": wrap(fill('{"title": "T"},', size) + '{"title": "T"}'),
            "huge duration": wrap('{"title": "T", "duration": ' + fill("9", size) + "}"),
        }
    header = "Track URI,Track Name,Artist Name(s),Album Name,Duration (ms)\n"
    return {
        "long line": header + ",T" + fill("w", size) + ",A,B,1000\n",
        "many line breaks": header + ',"' + fill("\n", size) + '",A,B,1000\n',
        "many columns": header + fill("x,", size) + "\n",
        "many rows": header + fill(",T,A,B,1000\n", size),
        "huge duration": header + ",T,A,B," + fill("9", size) + "\n",
    }


CHILD = r"""
import dataclasses, json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
kind, path, what = sys.argv[2], sys.argv[3], sys.argv[5]
from app.storage.located import LoadError
from app.storage.playlist_file import parse_playlist
from app.storage.dossier_file import load_dossier
from app.storage.formats import import_text
import app.storage.yamlio, app.core.playlist  # loaded before measuring
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[4]), int(sys.argv[4])))
text = open(path, encoding="utf-8", newline="").read()
if what == "memory":
    import tracemalloc
    tracemalloc.start()
start = time.perf_counter()
result = None
try:
    if kind == "playlist":
        result = parse_playlist(text, path)
    elif kind == "dossier":
        result = load_dossier(path, use_cache=False)
    else:
        result = import_text(text, kind, source=path)
    outcome = "read"
except LoadError as exc:
    outcome = "refused: " + exc.message[:60]
except MemoryError:
    outcome = "OUT OF MEMORY"
except Exception as exc:
    outcome = f"CRASH {type(exc).__name__}: {str(exc)[:50]}"
seconds = time.perf_counter() - start
out = {"seconds": seconds, "outcome": outcome, "kb": 0, "held_kb": 0, "floor_s": 0.0}
if what == "memory":
    # peak while reading; what is still held after it is the result itself (its floor)
    held, peak = tracemalloc.get_traced_memory()
    out["kb"], out["held_kb"] = peak / 1024, held / 1024
elif result is not None:
    # The time floor: the same objects built again from their already-split values
    # (shallowly; items get fresh ids, as a format without ids gives them).
    objects = result.entries if kind == "dossier" else result.items
    values = []
    for obj in objects:
        fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.init}
        if kind != "dossier":
            del fields["id"]
        values.append((type(obj), fields))
    del objects, result
    start = time.perf_counter()
    rebuilt = [cls(**fields) for cls, fields in values]
    out["floor_s"] = time.perf_counter() - start
print(json.dumps(out))
"""


def measure(kind: str, path: Path, runs: int) -> dict:
    """The median of ``runs`` fresh children for the time, and of as many more (under
    tracemalloc, which slows them) for the memory: a busy machine moves single runs."""
    timed = [_child(kind, path, "time") for _ in range(runs)]
    first = timed[0]
    if first["outcome"].isupper() or first["outcome"].startswith(("STILL", "CHILD", "CRASH")):
        return first
    traced = [_child(kind, path, "memory") for _ in range(runs)]
    return {
        "outcome": first["outcome"],
        "seconds": statistics.median(t["seconds"] for t in timed),
        "floor_s": statistics.median(t["floor_s"] for t in timed),
        "kb": statistics.median(t["kb"] for t in traced),
        "held_kb": statistics.median(t["held_kb"] for t in traced),
    }


def _child(kind: str, path: Path, what: str) -> dict:
    env = dict(os.environ, DRIVE_PLAYLIST_HOME=tempfile.mkdtemp(prefix="drive-playlist-hostile-"))
    args = [sys.executable, "-c", CHILD, str(ROOT), kind, str(path), str(CHILD_MEMORY), what]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=CHILD_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        return {"seconds": float(CHILD_TIMEOUT), "kb": 0, "outcome": "STILL RUNNING (killed)"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"seconds": 0.0, "kb": 0, "outcome": f"CHILD DIED ({done.returncode})"}
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--only", help="one of playlist, dossier, m3u8, xspf, jspf, csv")
    parser.add_argument("--runs", type=int, default=3, help="children per figure (median)")
    args = parser.parse_args()
    size = args.size
    os.environ["DRIVE_PLAYLIST_HOME"] = tempfile.mkdtemp(prefix="drive-playlist-hostile-")

    corpus: dict[str, tuple[str, dict[str, str]]] = {}
    for kind in ("playlist", "dossier", "m3u8", "xspf", "jspf", "csv"):
        if args.only and kind != args.only:
            continue
        if kind == "playlist":
            corpus[kind] = (plain_file(kind, size), yaml_hostile(HEAD, size))
        elif kind == "dossier":
            corpus[kind] = (plain_dossier(size), dossier_hostile(size))
        else:
            corpus[kind] = (plain_file(kind, size), other_hostile(kind, size))

    folder = Path(tempfile.mkdtemp(prefix="drive-playlist-hostile-corpus-"))
    worst_time = worst_memory = 0.0
    failures, below_floor = [], []
    print(f"median of {args.runs} fresh children; memory: tracemalloc peak while reading; "
          "floor: the result's own objects (time: built again from split values; "
          "memory: held after reading), as x plain")  # fmt: skip
    print(f"{'format':<9}{'input':<24}{'MB':>5}{'time s':>9}{'x plain':>9}{'floor':>7}"
          f"{'peak MB':>9}{'x plain':>9}{'floor':>7}  outcome")  # fmt: skip
    for kind, (plain, hostile) in corpus.items():
        runs = {"plain": plain, **hostile}
        base = None
        for number, (name, text) in enumerate(runs.items()):
            path = folder / f"{kind}-{number}.in"
            path.write_text(text, encoding="utf-8")
            result = measure(kind, path, args.runs)
            if base is None:
                base = result
            t_ratio = result["seconds"] / max(base["seconds"], 1e-6)
            m_ratio = max(result["kb"], 1) / max(base["kb"], 1)
            read = result["outcome"] == "read"
            t_floor = result.get("floor_s", 0) / max(base["seconds"], 1e-6)
            m_floor = result.get("held_kb", 0) / max(base["kb"], 1)
            if name != "plain":
                worst_time, worst_memory = max(worst_time, t_ratio), max(worst_memory, m_ratio)
                if t_ratio > TIME_TARGET or m_ratio > MEMORY_TARGET:
                    failures.append(f"{kind} {name}")
                    if read and (t_floor > TIME_TARGET or m_floor > MEMORY_TARGET):
                        below_floor.append(f"{kind} {name}")
            floors = (f"{t_floor:>7.2f}", f"{m_floor:>7.2f}") if read else (f"{'-':>7}",) * 2
            print(
                f"{kind:<9}{name:<24}{len(text.encode()) / 1e6:>5.1f}{result['seconds']:>9.3f}"
                f"{t_ratio:>9.2f}{floors[0]}{result['kb'] / 1024:>9.1f}{m_ratio:>9.2f}"
                f"{floors[1]}  {result['outcome']}"
            )
    print(f"worst hostile/plain: time {worst_time:.2f}x (target {TIME_TARGET:g}x), "
          f"memory {worst_memory:.2f}x (target {MEMORY_TARGET:g}x)")  # fmt: skip
    print("over target: " + (", ".join(failures) if failures else "none"))
    print("of which the result's own objects exceed the target: "
          + (", ".join(below_floor) if below_floor else "none"))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
