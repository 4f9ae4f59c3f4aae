"""Faults a test can plant in the fake: rate limits, server errors, dropped connections."""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

KINDS = (
    "429",
    "quota_exceeded",
    "500",
    "502",
    "503",
    "drop",
    "slow",
    "expired_token",
    "lost_response",
)

# The fault kinds answered with an error status instead of the real answer.
ERROR_ANSWERS = {
    "429": (429, "API rate limit exceeded"),
    # The developer account's shared quota is used up: a 429 whose body says so.
    "quota_exceeded": (429, "QUOTA_EXCEEDED"),
    "500": (500, "Server error"),
    "502": (502, "Bad gateway"),
    "503": (503, "Service unavailable"),
    "expired_token": (401, "The access token expired"),
}


@dataclass
class Fault:
    """Answer the next ``times`` API requests matching ``method`` and ``path`` with ``kind``.

    ``path`` is a regular expression searched in the path after ``/v1/`` (``"^me$"``,
    ``r"playlists/[^/]+/items"``); ``method`` is an HTTP method or ``"*"``.
    """

    kind: str
    method: str = "*"
    path: str = ""
    times: int = 1
    retry_after: int = 2  # seconds, for "429" and "quota_exceeded"
    delay: float = 0.0  # seconds, for "slow"
    then: Callable[[], object] | None = field(default=None, compare=False)  # run as it fires
    _pattern: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(KINDS)}")
        if self.times < 1:
            raise ValueError("a fault must fire at least once")
        self.kind = str(self.kind)
        self.method = self.method.upper()
        self._pattern = re.compile(self.path)

    def applies_to(self, method: str, path: str) -> bool:
        return self.method in ("*", method.upper()) and bool(self._pattern.search(path))


class FaultBook:
    """Planted faults, consumed first-planted first; safe to use from many threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        # A copy: counting down must not change the caller's object.
        with self._lock:
            self._faults.append(dataclasses.replace(fault))

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.applies_to(method, path):
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
