"""Progress reports and cancellation for long Spotify work, shared by the window and the CLI.

Both are plain Python (``threading.Event``) so a worker thread can run the work while the
window or a Ctrl+C handler cancels it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from app.spotify.errors import Cancelled


@dataclass(slots=True)
class Progress:
    phase: str  # "sign-in", "search", "sync", "rate-limit", ...
    done: int
    total: int
    message: str = ""
    wait: float | None = None  # seconds left of a rate-limit wait


ProgressCallback = Callable[[Progress], None]  # may be called from worker threads


class CancelToken:
    """A one-way switch: once cancelled, every wait returns at once and work stops."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True if cancelled meanwhile (so the caller stops)."""
        return self._event.wait(max(0.0, seconds))
