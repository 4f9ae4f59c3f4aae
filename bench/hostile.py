"""Adversarial 1 MB inputs for every reader, against a plain 1 MB file of the same format.

For playlist YAML, dossier YAML, M3U8, XSPF, JSPF and CSV: alias bombs, deep nesting,
long lines, many entities, many line breaks, huge numbers.  Each file is read in a fresh
child process, which reports its time; another fresh child reads it again under
tracemalloc for the peak memory the reading allocates (the parse cache starts empty in
each).  Target: every hostile input within 5x the plain file's
time and 2x its memory, or refused faster than that.

    python bench/hostile.py [--size 1000000] [--only FORMAT]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TIME_TARGET, MEMORY_TARGET = 5.0, 2.0
CHILD_TIMEOUT = 120  # seconds: a reader past this is reported as such, not waited for
CHILD_MEMORY = 4 * 2**30  # address-space cap for a child, so a bomb cannot take the machine

HEAD = "format: drive-playlist\nversion: 1\nname: Hostile\n"


def fill(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def plain_playlist(size: int) -> str:
    from app.core.playlist import MatchStatus, Playlist, PlaylistItem, TrackMatch
    from app.storage.playlist_file import dumps_playlist

    items, n = [], 0
    text = ""
    while len(text) < size:
        for _ in range(500):
            items.append(
                PlaylistItem(
                    title=f"Night drive {n}",
                    artists=("Cliff Martinez",),
                    album="Drive (Original Motion Picture Soundtrack)",
                    year=2011,
                    duration=200 + n % 100,
                    match=TrackMatch(MatchStatus.MATCHED, uri=f"spotify:track:{n:022d}"),
                )
            )
            n += 1
        text = dumps_playlist(Playlist(name="Plain", items=items))
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


def plain_dossier(size: int) -> str:
    base = (ROOT / "tests" / "data" / "small-dossier.yaml").read_text(encoding="utf-8")
    extra, n = [], 0
    while len(base) + sum(map(len, extra)) < size:
        extra.append(
            f"  - id: film-{n}\n    kind: film\n    title: Film number {n}\n    year: 1980\n"
            f"    directors: [Someone Example]\n    influenced: [lullaby]\n"
            f"    description: A film that shaped the sound of the night, number {n}.\n"
        )
        n += 1
    return base + "".join(extra)


def other_plain(fmt: str, size: int) -> str:
    from app.storage.formats import export_text
    from app.storage.playlist_file import parse_playlist

    return export_text(parse_playlist(plain_playlist(size), "plain.yaml"), fmt)


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
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
kind, path = sys.argv[2], sys.argv[3]
from app.storage.located import LoadError
from app.storage.playlist_file import parse_playlist
from app.storage.dossier_file import load_dossier
from app.storage.formats import import_text
import app.storage.yamlio, app.core.playlist  # loaded before measuring
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[4]), int(sys.argv[4])))
text = open(path, encoding="utf-8", newline="").read()
traced = sys.argv[5] == "memory"
if traced:
    import tracemalloc
    tracemalloc.start()
start = time.perf_counter()
try:
    if kind == "playlist":
        parse_playlist(text, path)
    elif kind == "dossier":
        load_dossier(path, use_cache=False)
    else:
        import_text(text, kind, source=path)
    outcome = "read"
except LoadError as exc:
    outcome = "refused: " + exc.message[:60]
except MemoryError:
    outcome = "OUT OF MEMORY"
except Exception as exc:
    outcome = f"CRASH {type(exc).__name__}: {str(exc)[:50]}"
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] // 1024 if traced else 0
print(json.dumps({"seconds": seconds, "kb": peak, "outcome": outcome}))
"""


def measure(kind: str, path: Path) -> dict:
    """Time from one fresh child, peak memory (tracemalloc) from another."""
    timed = _child(kind, path, "time")
    if timed["outcome"].isupper() or timed["outcome"].startswith(("STILL", "CHILD", "CRASH")):
        return timed
    timed["kb"] = _child(kind, path, "memory")["kb"]
    return timed


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
    args = parser.parse_args()
    size = args.size
    os.environ["DRIVE_PLAYLIST_HOME"] = tempfile.mkdtemp(prefix="drive-playlist-hostile-")

    corpus: dict[str, tuple[str, dict[str, str]]] = {
        "playlist": (plain_playlist(size), yaml_hostile(HEAD, size)),
        "dossier": (plain_dossier(size), yaml_hostile("schema_version: 1\nid: x\n", size)),
    }
    for fmt in ("m3u8", "xspf", "jspf", "csv"):
        corpus[fmt] = (other_plain(fmt, size), other_hostile(fmt, size))

    folder = Path(tempfile.mkdtemp(prefix="drive-playlist-hostile-corpus-"))
    worst_time = worst_memory = 0.0
    failures = []
    print(f"{'format':<9}{'input':<24}{'MB':>5}{'time s':>9}{'x plain':>9}"
          f"{'peak MB':>9}{'x plain':>9}  outcome")  # fmt: skip
    for kind, (plain, hostile) in corpus.items():
        if args.only and kind != args.only:
            continue
        runs = {"plain": plain, **hostile}
        base = None
        for name, text in runs.items():
            path = folder / f"{kind}-{len(name)}.in"
            path.write_text(text, encoding="utf-8")
            result = measure(kind, path)
            if base is None:
                base = result
            t_ratio = result["seconds"] / max(base["seconds"], 1e-6)
            m_ratio = max(result["kb"], 1) / max(base["kb"], 1)
            if name != "plain":
                worst_time, worst_memory = max(worst_time, t_ratio), max(worst_memory, m_ratio)
                if t_ratio > TIME_TARGET or m_ratio > MEMORY_TARGET:
                    failures.append(f"{kind} {name}")
            print(
                f"{kind:<9}{name:<24}{len(text.encode()) / 1e6:>5.1f}{result['seconds']:>9.3f}"
                f"{t_ratio:>9.2f}{result['kb'] / 1024:>9.1f}{m_ratio:>9.2f}  {result['outcome']}"
            )
    print(f"worst hostile/plain: time {worst_time:.2f}x (target {TIME_TARGET:g}x), "
          f"memory {worst_memory:.2f}x (target {MEMORY_TARGET:g}x)")  # fmt: skip
    print("over target: " + (", ".join(failures) if failures else "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
