"""The program run as a person runs it: ``python -m app`` in a subprocess, from the project
folder, with the test's environment (its home folder, the fake Spotify's addresses)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.paths import REPO

HANG_GUARD = 60  # seconds: only stops a broken run from hanging the suite


def cli(*args: str, timeout: float = HANG_GUARD) -> subprocess.CompletedProcess:
    """Run ``python -m app ARGS`` and wait for it."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        env=dict(os.environ),
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
