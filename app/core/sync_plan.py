"""How to turn a remote playlist's contents into the local list with the fewest requests.

Pure: the sync engine reads the remote URIs, asks for a plan, and performs its steps.
Spotify takes at most 100 URIs per request; PUT replaces everything, POST appends.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

BATCH = 100  # the API's limit of URIs per playlist-items request


class StepKind(StrEnum):
    REPLACE = "replace"  # PUT: the remote becomes exactly these URIs
    APPEND = "append"  # POST: these URIs go at the end


@dataclass(frozen=True, slots=True)
class SyncStep:
    kind: StepKind
    uris: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SyncPlan:
    """The requests that make ``remote`` equal ``local``, in order."""

    steps: tuple[SyncStep, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.steps

    @property
    def requests(self) -> int:
        return len(self.steps)

    @classmethod
    def between(cls, remote: Sequence[str], local: Sequence[str]) -> SyncPlan:
        remote, local = list(remote), list(local)
        if remote == local:
            return cls()
        if local[: len(remote)] == remote:
            # Append only: also where an interrupted run stopped (it always writes a prefix).
            return cls(_appends(local[len(remote) :]))
        head = SyncStep(StepKind.REPLACE, tuple(local[:BATCH]))
        return cls((head, *_appends(local[BATCH:])))

    def __len__(self) -> int:
        return len(self.steps)


def _appends(uris: list[str]) -> tuple[SyncStep, ...]:
    return tuple(
        SyncStep(StepKind.APPEND, tuple(uris[i : i + BATCH])) for i in range(0, len(uris), BATCH)
    )


def fingerprint(uris: Sequence[str]) -> str:
    """A short, order-sensitive digest of a URI list (what we wrote last, without storing it)."""
    digest = hashlib.sha256("\n".join(uris).encode("utf-8"))
    return digest.hexdigest()[:32]


def floor_requests(tracks: int) -> int:
    """The fewest writes that can fill an empty playlist with ``tracks`` URIs."""
    return -(-tracks // BATCH)
