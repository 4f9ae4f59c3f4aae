"""Three-way merge of a playlist's items: the local file, the remote playlist, and the base.

The base is the remote playlist as both copies agreed at the last sync.  Each side is compared
with it, both sides' changes are applied, and where they clash a written rule decides and the
clash is reported.  Pure: ids in, ids out.

Identity.  Local items have stable ids.  ``align`` says which remote slot is which base slot
(and so which local item), pairing slots by URI; a slot that pairs with none was added in
Spotify.  A track removed and added back on one side is a new id with the same URI: a new
item like any other, not a conflict (the caller may say so).

THE RULE (what ``merge3`` does):

1. Membership.  An item is in the result when it is on both sides, or when it is new (not in
   the base) on the side that has it.  A base item missing from either side was removed there,
   and a removal wins: it is dropped from the result.
2. Conflicts: one side removed an item the other side moved.  A removal is an act on that one
   item; a move may be the side effect of reordering others.  So the removal wins, the item is
   dropped, and the clash is reported so the user can put it back:
     ``removed-in-spotify-moved-here``: removed in Spotify, moved in the local file;
     ``removed-here-moved-in-spotify``: removed from the local file, moved in Spotify.
   An item moved on both sides keeps its local place (rule 3); when it then follows another
   item than it follows in Spotify, Spotify's move is lost, and reported: ``moved-in-both``.
3. Order.  The local order is the spine.  An item Spotify moved that the local side did not
   move goes right after its nearest predecessor in Spotify's order that is in the result (or
   first); items added in Spotify go the same way, so they keep their order among themselves.
   A move made locally wins over Spotify's move of the same item.

"Moved" on a side: a base item present there that is not in the longest subsequence the
side's order has in common with the base's (moving one item far moves that item, not the
many it passed).  Where several such readings exist (two neighbours swapped: which one
moved?), the one leaving in place the most items the other side removed is taken, so as
few removals as the side's order allows clash with a move.
Deterministic; O(n log n).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.subsequence import common_subsequence, longest_increasing

REMOVED_THERE_MOVED_HERE = "removed-in-spotify-moved-here"
REMOVED_HERE_MOVED_THERE = "removed-here-moved-in-spotify"
MOVED_IN_BOTH = "moved-in-both"


@dataclass(frozen=True, slots=True)
class BaseSlot:
    """One slot of the remote playlist at the last sync: its URI (None when it has none)
    and the local item it is."""

    uri: str | None
    item_id: str


def align(base: Sequence[BaseSlot], remote: Sequence[str | None]) -> list[str | None]:
    """For each current remote slot (its URI, None = no URI), the item id of the base slot it
    is, or None when the slot was added in Spotify.

    Slots pair by URI: first the longest order-preserving pairing (so of two copies, the one
    that stayed in place is the one kept), then the remaining equal URIs in order (so a moved
    track is still the same item).  Each base slot is used at most once; a slot without a URI
    pairs only with a base slot without one.
    """
    result: list[str | None] = [None] * len(remote)
    paired_remote = [False] * len(remote)
    used_base = [False] * len(base)
    for i, j in common_subsequence([slot.uri for slot in base], remote):
        result[j] = base[i].item_id
        paired_remote[j] = True
        used_base[i] = True
    left: dict[str | None, deque[int]] = defaultdict(deque)
    for i, slot in enumerate(base):
        if not used_base[i]:
            left[slot.uri].append(i)
    for j, uri in enumerate(remote):
        if not paired_remote[j] and left.get(uri):
            result[j] = base[left[uri].popleft()].item_id
    return result


@dataclass(frozen=True, slots=True)
class Conflict:
    """One clash between the two sides, settled by the rule named in ``rule``."""

    item_id: str
    rule: str  # REMOVED_THERE_MOVED_HERE, REMOVED_HERE_MOVED_THERE or MOVED_IN_BOTH
    message: str  # one line to follow "<title> was " (the caller adds the title)


@dataclass(frozen=True, slots=True)
class Merge:
    order: tuple[str, ...]  # merged item ids, in order
    added_remote: tuple[str, ...]  # added in Spotify, kept (in Spotify's order)
    removed_remote: tuple[str, ...]  # removed in Spotify and so dropped from the local file
    moved_remote: tuple[str, ...]  # moved in Spotify, and that move was kept
    conflicts: tuple[Conflict, ...]
    removed_local: tuple[str, ...] = ()  # removed locally and so to be removed in Spotify
    moved_local: tuple[str, ...] = ()  # base items the local side moved

    @property
    def remote_changed_anything(self) -> bool:
        return bool(self.added_remote or self.removed_remote or self.moved_remote)


_MESSAGES = {  # each reads after the item's title and "was"
    REMOVED_THERE_MOVED_HERE: "removed in Spotify and moved here: removed, as a removal wins",
    REMOVED_HERE_MOVED_THERE: "removed here and moved in Spotify: removed, as a removal wins",
    MOVED_IN_BOTH: "moved both here and in Spotify: it stays where it was moved here",
}


def merge3(base: Sequence[str], local: Sequence[str], remote: Sequence[str]) -> Merge:
    """Merge by THE RULE in this module's docstring.

    Three sequences of unique ids. base: ids at the last sync; local: the file's ids now
    (unmatched items included: they are just local-only ids); remote: ids of the remote slots
    now (base ids for aligned slots, fresh ids for slots added in Spotify).
    """
    base_at = {item: i for i, item in enumerate(base)}
    in_local, in_remote = set(local), set(remote)
    for name, ids in (("base", base), ("local", local), ("remote", remote)):
        if len(set(ids)) != len(ids):
            raise ValueError(f"merge3: the {name} ids are not unique")
    moved_local = _moved(base_at, local, in_remote)
    moved_remote = _moved(base_at, remote, in_local)

    def kept(item: str) -> bool:
        if item in base_at:
            return item in in_local and item in in_remote
        return True  # new on the side that has it

    added_remote = [i for i in remote if i not in base_at and i not in in_local]
    # Placed by Spotify's order: what Spotify added, and what only Spotify moved.
    floating = set(added_remote) | {
        i for i in remote if i in moved_remote and i not in moved_local and i in in_local
    }

    # The result as a linked list over the local spine, so placing each floating item is O(1).
    spine = [i for i in local if kept(i) and i not in floating]
    after: dict[str | None, str | None] = {}
    previous: str | None = None  # None stands for "the start"
    for item in spine:
        after[previous] = item
        previous = item
    after[previous] = None
    remote_predecessor: dict[str, str | None] = {}
    anchor: str | None = None
    for item in remote:
        if not kept(item):
            continue
        remote_predecessor[item] = anchor
        if item in floating:
            after[item] = after[anchor]
            after[anchor] = item
        anchor = item
    order: list[str] = []
    item = after[None]
    while item is not None:
        order.append(item)
        item = after[item]

    conflicts: list[Conflict] = []
    result_predecessor = dict(zip(order, [None, *order], strict=False))
    for item in base:
        rule = None
        if item in in_local and item not in in_remote and item in moved_local:
            rule = REMOVED_THERE_MOVED_HERE
        elif item in in_remote and item not in in_local and item in moved_remote:
            rule = REMOVED_HERE_MOVED_THERE
        elif (
            item in moved_local
            and item in moved_remote
            and result_predecessor[item] != remote_predecessor[item]
        ):
            rule = MOVED_IN_BOTH
        if rule:
            conflicts.append(Conflict(item, rule, _MESSAGES[rule]))

    return Merge(
        order=tuple(order),
        added_remote=tuple(added_remote),
        removed_remote=tuple(i for i in base if i in in_local and i not in in_remote),
        moved_remote=tuple(i for i in remote if i in floating and i in base_at),
        conflicts=tuple(conflicts),
        removed_local=tuple(i for i in base if i in in_remote and i not in in_local),
        moved_local=tuple(i for i in local if i in moved_local),
    )


def _moved(base_at: dict[str, int], side: Sequence[str], other_side: set[str]) -> set[str]:
    """The base items on ``side`` outside the longest run it keeps in the base's order.

    Of several longest runs (two neighbours swapped: which one moved?), the one keeping the
    most items the other side removed: a clash is reported only where it must be.
    """
    present = [item for item in side if item in base_at]
    stayed = longest_increasing(
        [base_at[item] for item in present], [item not in other_side for item in present]
    )
    return set(present) - {present[k] for k in stayed}
