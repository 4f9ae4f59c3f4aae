"""Progress reports and cancellation for long work, shared by every layer that runs it.

Spotify runs, file writes and cover downloads all take a :class:`CancelToken` and report
:class:`Progress`; the window runs them on worker threads and the command line on its own,
cancelling on a button or on Ctrl+C.  Plain Python (``threading.Event``), so any thread may
cancel while another works.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


class Cancelled(Exception):
    """The work stopped because it was asked to; what was done before is kept."""

    def __init__(self, message: str = "cancelled"):
        super().__init__(message)


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
