"""A save killed at any moment leaves the old file or the new one, never a mixture.

A child process saves two different playlists in turn, as fast as it can; it is
SIGKILLed at random moments, many times, and after every kill the file must load and be
exactly one of the two (and so must its backup).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage.playlist_file import load_playlist
from tests.paths import REPO

KILLS = 40

CHILD = """
import sys
from app.core.playlist import Playlist, PlaylistItem
from app.storage.playlist_file import save_playlist

def version(tag, n):
    items = [PlaylistItem(title=f"{tag} {i}", artists=("A", tag), duration=i, id=f"{tag}{i:08d}")
             for i in range(n)]
    return Playlist(name=tag, items=items, created="2026-01-01T00:00:00+00:00")

path = sys.argv[1]
a, b = version("alpha", 400), version("beta", 900)
save_playlist(a, path)
print("ready", flush=True)
while True:
    save_playlist(b, path)
    save_playlist(a, path)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_during_save_never_leaves_a_broken_file(tmp_path):
    path = tmp_path / "playlist.yaml"
    rng = random.Random(20111)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    seen = set()
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
            time.sleep(rng.uniform(0, 0.06))  # a random moment, not a timing assertion
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            child.stdout.close()
            child.stderr.close()
        for candidate in (path, Path(f"{path}.bak")):
            if candidate.exists():
                playlist = load_playlist(candidate)
                expected = 400 if playlist.name == "alpha" else 900
                assert playlist.name in ("alpha", "beta")
                assert len(playlist.items) == expected
                assert playlist.items[-1].title == f"{playlist.name} {expected - 1}"
        seen.add(load_playlist(path).name)
    assert seen  # the file was there after every kill
