"""The program run as a person runs it: ``python -m app`` in a subprocess, from the project
folder, with the test's environment (its home folder, the fake Spotify's addresses)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.paths import REPO

HANG_GUARD = 60  # seconds: only stops a broken run from hanging the suite


def cli(
    *args: str, timeout: float = HANG_GUARD, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run ``python -m app ARGS`` and wait for it; ``env`` replaces the test's environment."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        env=dict(os.environ) if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_cli(*args: str) -> subprocess.Popen:
    """Start ``python -u -m app ARGS`` with its output piped, and leave it running."""
    return subprocess.Popen(
        [sys.executable, "-u", "-m", "app", *args],
        cwd=REPO,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# Another drive-playlist, as far as the writer lock can tell: a process that takes the lock
# of a file and/or a Spotify playlist, says "held", and keeps it until its stdin closes.
LOCK_HOLDER = """
import sys
from app.storage.locks import writer_lock
path, playlist_id = sys.argv[1] or None, sys.argv[2] or None
with writer_lock(path=path, playlist_id=playlist_id, wait=30):
    print("held", flush=True)
    sys.stdin.read()  # hold until the test closes our stdin (or kills us)
"""


def start_lock_holder(path=None, playlist_id: str | None = None) -> subprocess.Popen:
    """Start another process holding the writer lock; returns once it holds it."""
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(path or ""), playlist_id or ""],
        cwd=REPO,
        env=dict(os.environ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def stop_lock_holder(proc: subprocess.Popen) -> None:
    """Let the holder go, and wait for it to end."""
    proc.stdin.close()
    proc.wait(timeout=HANG_GUARD)
