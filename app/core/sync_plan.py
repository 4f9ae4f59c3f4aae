"""The requests that turn a remote playlist's items into the list we want.

Pure: the sync engine reads the remote URIs, asks for a plan, and performs its steps in order.
Spotify takes at most 100 URIs per request.  Two kinds of plan:

``SyncPlan.between`` overwrites: PUT the first 100, POST the rest (or only POST when the
target extends the remote).  Every item gets a new "date added".

``SyncPlan.edits`` edits in place, by these rules in order of importance:

1. The result is exactly the target, duplicates included (``apply`` simulates the API).
2. Few requests, and an item that stays is never deleted and put back (it keeps its date
   added): the longest common subsequence of remote and target stays where it is, the rest
   of what is kept is moved (PUT range_start/insert_before/range_length), and only what the
   target does not hold is removed.  Contiguous inserts share one request, and so do
   contiguous moved runs.  (Keeping the longest run in place is the fewest requests for
   one edit, and, checked exhaustively on short lists, for lists without copies of a URI;
   with copies, a shorter run kept can now and then save a request.)
3. The playlist is never seen shorter than it should be: INSERTs first (each one
   anchored after the item it follows in the target, among the items that stay), then
   REMOVEs, then MOVEs, which do not change the length.

Duplicates are the one exception the API forces: DELETE removes every copy of a URI, so
when the target keeps some but fewer copies than the remote has, the URI is removed and the
target's copies are inserted back right after the removal (listed in ``reinserted``, to be
reported).  Inserts that touch such a reinsertion in the target wait for it too, to share
its request.

Entries that cannot be written through the API (no URI: unavailable; ``spotify:local:``
local files) are never inserted or removed, only moved: ``edits`` refuses a target whose
such entries differ from the remote's.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from app.core.merge import BaseSlot
from app.core.playlist import spotify_uri_kind
from app.core.subsequence import common_subsequence

BATCH = 100  # the API's limit of URIs per playlist-items request
T = TypeVar("T")


class StepKind(StrEnum):
    REPLACE = "replace"  # PUT {"uris"}: the remote becomes exactly these (<=100) URIs
    APPEND = "append"  # POST {"uris"}: at the end (<=100)
    INSERT = "insert"  # POST {"uris", "position"} (<=100)
    REMOVE = "remove"  # DELETE {"items": [{"uri"}...]}: every occurrence of each URI
    MOVE = "move"  # PUT {"range_start", "insert_before", "range_length"}: keeps added_at


@dataclass(frozen=True, slots=True)
class SyncStep:
    kind: StepKind
    uris: tuple[str, ...] = ()
    position: int | None = None  # INSERT
    range_start: int | None = None  # MOVE
    insert_before: int | None = None  # MOVE
    range_length: int | None = None  # MOVE


def writable(uri: str | None) -> bool:
    """Whether the API can insert or remove this entry (not an unavailable or local one)."""
    return uri is not None and spotify_uri_kind(uri) != "local"


@dataclass(frozen=True, slots=True)
class SyncPlan:
    """The requests that make the remote equal the target, in order."""

    steps: tuple[SyncStep, ...] = ()
    reinserted: tuple[str, ...] = ()  # removed and put back: fewer, but some, copies stay

    @property
    def is_empty(self) -> bool:
        return not self.steps

    @property
    def requests(self) -> int:
        return len(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    @classmethod
    def between(cls, remote: Sequence[str], local: Sequence[str]) -> SyncPlan:
        """Overwrite: the remote becomes ``local``, every item added anew."""
        remote, local = list(remote), list(local)
        if remote == local:
            return cls()
        if local[: len(remote)] == remote:
            # Append only: also where an interrupted run stopped (it always writes a prefix).
            return cls(_appends(local[len(remote) :]))
        head = SyncStep(StepKind.REPLACE, tuple(local[:BATCH]))
        return cls((head, *_appends(local[BATCH:])))

    @classmethod
    def edits(cls, remote: Sequence[str | None], target: Sequence[str | None]) -> SyncPlan:
        """Edit in place, by the rules in this module's docstring."""
        return _EditPlanner(list(remote), list(target)).plan()

    def apply(self, remote: Sequence[str | None]) -> list[str | None]:
        """The remote after these steps, each applied as the API applies it; ValueError for
        a step the API would refuse."""
        items = list(remote)
        for step in self.steps:
            items = apply_step(step, items)
        return items


def apply_step(step: SyncStep, items: list[str | None]) -> list[str | None]:
    """One step as the API applies it (a new list); ValueError when the API would refuse it."""
    if len(step.uris) > BATCH:
        raise ValueError(f"{step.kind}: {len(step.uris)} URIs, more than {BATCH}")
    if step.kind in (StepKind.APPEND, StepKind.INSERT, StepKind.REMOVE) and not step.uris:
        raise ValueError(f"{step.kind}: no URIs")
    if step.kind is not StepKind.MOVE and not all(writable(u) for u in step.uris):
        raise ValueError(f"{step.kind}: an entry the API cannot write")
    if step.kind is StepKind.REPLACE:
        return list(step.uris)
    if step.kind is StepKind.APPEND:
        return items + list(step.uris)
    if step.kind is StepKind.INSERT:
        at = step.position
        if at is None or not 0 <= at <= len(items):
            raise ValueError(f"insert: position {at} outside 0..{len(items)}")
        return items[:at] + list(step.uris) + items[at:]
    if step.kind is StepKind.REMOVE:
        gone = set(step.uris)
        return [u for u in items if u not in gone]
    start, before, length = step.range_start, step.insert_before, step.range_length
    if start is None or before is None or length is None:
        raise ValueError("move: range_start, insert_before and range_length are required")
    if not (start >= 0 and length >= 1 and start + length <= len(items)):
        raise ValueError(f"move: range {start}+{length} outside 0..{len(items)}")
    if not 0 <= before <= len(items) or start < before < start + length:
        raise ValueError(f"move: insert_before {before} invalid for range {start}+{length}")
    return _moved_block(items, start, before, length)


def landed_after(
    step: SyncStep, slots: Sequence[BaseSlot], wanted: Sequence[BaseSlot]
) -> list[BaseSlot] | None:
    """The remote's ``slots``, each paired with its item, after ``step`` landed.  A slot the
    step adds is paired with the first item of ``wanted`` (the target's slots) that has its
    URI and is not on the remote yet; None when one has no such item."""
    if step.kind is StepKind.MOVE:
        return _moved_block(list(slots), step.range_start, step.insert_before, step.range_length)
    if step.kind is StepKind.REMOVE:
        gone = set(step.uris)
        return [slot for slot in slots if slot.uri not in gone]
    kept = [] if step.kind is StepKind.REPLACE else list(slots)
    present = {slot.item_id for slot in kept}
    spare: dict[str | None, deque[BaseSlot]] = defaultdict(deque)
    for slot in wanted:
        if slot.item_id not in present:
            spare[slot.uri].append(slot)
    added = []
    for uri in step.uris:
        if not spare[uri]:
            return None
        added.append(spare[uri].popleft())
    at = len(kept) if step.position is None else step.position
    return kept[:at] + added + kept[at:]


def _moved_block(items: list[T], start: int, before: int, length: int) -> list[T]:
    """``items`` with the block at ``start`` put before what was at ``before`` (a new list)."""
    block = items[start : start + length]
    rest = items[:start] + items[start + length :]
    at = before if before <= start else before - length
    return rest[:at] + block + rest[at:]


def _appends(uris: list[str]) -> tuple[SyncStep, ...]:
    return tuple(
        SyncStep(StepKind.APPEND, tuple(uris[i : i + BATCH])) for i in range(0, len(uris), BATCH)
    )


class _EditPlanner:
    """Simulates on tokens, so copies of one URI are told apart: token j < len(remote) is the
    remote's j-th entry, token len(remote) + k the target's k-th entry, inserted."""

    def __init__(self, remote: list[str | None], target: list[str | None]) -> None:
        self.remote, self.target = remote, target
        self.steps: list[SyncStep] = []

    def uri(self, token: int) -> str | None:
        held = len(self.remote)
        return self.remote[token] if token < held else self.target[token - held]

    def plan(self) -> SyncPlan:
        remote, target = self.remote, self.target
        if remote == target:
            return SyncPlan()
        fixed_remote = Counter(u for u in remote if not writable(u))
        fixed_target = Counter(u for u in target if not writable(u))
        if fixed_remote != fixed_target:
            raise ValueError(
                "the target's unavailable and local-file entries differ from the remote's "
                "(the API can neither add nor remove them)"
            )
        have, want = Counter(remote), Counter(target)
        # A URI's remote copies stay when the target has at least as many; otherwise all go
        # (DELETE takes every copy) and the target's copies, if any, come back.
        staying = [j for j, u in enumerate(remote) if want[u] >= have[u]]
        # (Only writable URIs: the others' counts are equal, checked above.)
        dropped = [u for u in dict.fromkeys(remote) if u is not None and want[u] < have[u]]
        reinserted = [u for u in dropped if want[u]]
        held = len(remote)
        token_of = [held + k for k in range(len(target))]
        in_place = [False] * len(target)
        paired = [False] * len(staying)
        for s, k in common_subsequence([remote[j] for j in staying], target):
            token_of[k] = staying[s]
            in_place[k] = paired[s] = True
        # The other staying copies are moved, each to a spare target copy of its URI.
        spare: dict[str | None, deque[int]] = defaultdict(deque)
        for k, u in enumerate(target):
            if not in_place[k] and want[u] >= have[u]:
                spare[u].append(k)
        moved = [False] * len(target)
        for s, j in enumerate(staying):
            if not paired[s]:
                k = spare[remote[j]].popleft()
                token_of[k] = j
                moved[k] = True

        self.token_of, self.moved = token_of, moved
        self.items = list(range(held))
        early, late = self._insert_runs(set(reinserted))
        for run in early:
            self._insert(run)
        for start in range(0, len(dropped), BATCH):
            self._remove(dropped[start : start + BATCH])
        for run in late:
            self._insert(run)
        self._moves()
        return SyncPlan(tuple(self.steps), tuple(reinserted))

    # -- inserts --

    def _insert_runs(self, late_uris: set[str | None]) -> tuple[list[list[int]], list[list[int]]]:
        """Maximal runs of inserted target positions, contiguous once moved entries are set
        aside (a moved entry can go between two inserted ones afterwards); a run holding a
        reinsertion must wait for the removal."""
        token_of, moved, held = self.token_of, self.moved, len(self.remote)
        early: list[list[int]] = []
        late: list[list[int]] = []
        run: list[int] = []
        for k in [*range(len(self.target)), None]:
            if k is not None and moved[k]:
                continue
            if k is not None and token_of[k] >= held:
                run.append(k)
                continue
            if run:
                (late if any(self.target[i] in late_uris for i in run) else early).append(run)
                run = []
        return early, late

    def _insert(self, run: list[int]) -> None:
        # Right after the entry the run follows in the target, leaving moved ones aside.
        token_of = self.token_of
        k = run[0] - 1
        while k >= 0 and self.moved[k]:
            k -= 1
        at = self.items.index(token_of[k]) + 1 if k >= 0 else 0
        for start in range(0, len(run), BATCH):
            chunk = run[start : start + BATCH]
            uris = tuple(self.target[i] for i in chunk)
            if at == len(self.items):
                step = SyncStep(StepKind.APPEND, uris)
            else:
                step = SyncStep(StepKind.INSERT, uris, position=at)
            self.steps.append(step)
            self.items[at:at] = [token_of[i] for i in chunk]
            at += len(chunk)

    # -- removals --

    def _remove(self, uris: list[str]) -> None:
        self.steps.append(SyncStep(StepKind.REMOVE, tuple(uris)))
        gone = set(uris)
        self.items = [t for t in self.items if self.uri(t) not in gone]

    # -- moves --

    def _moves(self) -> None:
        """Each run of moved entries, left to right in the target, goes right after the entry
        it follows there (already in its place by then), in as few blocks as lie contiguous."""
        token_of, moved = self.token_of, self.moved
        k = 0
        n = len(self.target)
        while k < n:
            if not moved[k]:
                k += 1
                continue
            items = self.items
            start = items.index(token_of[k])
            length = 1
            while (
                k + length < n
                and moved[k + length]
                and start + length < len(items)
                and items[start + length] == token_of[k + length]
            ):
                length += 1
            before = items.index(token_of[k - 1]) + 1 if k else 0
            if before != start:
                self.steps.append(
                    SyncStep(
                        StepKind.MOVE, range_start=start, insert_before=before, range_length=length
                    )
                )
                self.items = _moved_block(items, start, before, length)
            k += length


def fingerprint(uris: Sequence[str]) -> str:
    """A short, order-sensitive digest of a URI list (what we wrote last, without storing it)."""
    digest = hashlib.sha256("\n".join(uris).encode("utf-8"))
    return digest.hexdigest()[:32]


def floor_requests(tracks: int) -> int:
    """The fewest writes that can fill an empty playlist with ``tracks`` URIs."""
    return -(-tracks // BATCH)
