"""Longest common / increasing subsequences: what stayed in place between two lists.

Pure and fast enough for playlists of many thousands of items: the three-way merge uses it to
tell moved items from items that stayed, and the edit planner to keep the most items in place.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Hashable, Sequence

# Beyond this many equal-value pairs (lists made of a few values repeated many times) the
# exact common subsequence costs too much; pairing each value's copies in order is used instead.
MAX_PAIRS = 400_000


def longest_increasing(values: Sequence[int], prefer: Sequence[bool] | None = None) -> list[int]:
    """Indexes into ``values`` of a longest strictly increasing subsequence, in order.

    With ``prefer``, of all the longest ones, one holding the most preferred indexes (so an
    ambiguous reading, e.g. of two swapped neighbours, is settled on purpose).  Otherwise,
    or among equals, the choice is fixed by the input: deterministic.  O(n log n).
    """
    # Heaviest increasing chain, each index weighing more than all preferences together.
    # A staircase of chain ends: values rising, scores strictly rising; an end that is no
    # lower in value and no better in score than a new one is of no further use.
    unit = len(values) + 1
    ends: list[int] = []  # the last value of a chain
    scores: list[int] = []
    last: list[int] = []  # the index of that last value
    back = [-1] * len(values)
    for i, value in enumerate(values):
        score = unit + (1 if prefer is not None and prefer[i] else 0)
        if not ends or value > ends[-1]:  # lengthens the longest chain: the common case
            if ends:
                score += scores[-1]
                back[i] = last[-1]
            ends.append(value)
            scores.append(score)
            last.append(i)
            continue
        at = bisect_left(ends, value)
        if at:
            score += scores[at - 1]
            back[i] = last[at - 1]
        stop = bisect_right(scores, score, lo=at)
        ends[at:stop] = [value]
        scores[at:stop] = [score]
        last[at:stop] = [i]
    chain: list[int] = []
    i = last[-1] if last else -1
    while i >= 0:
        chain.append(i)
        i = back[i]
    chain.reverse()
    return chain


def common_subsequence(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """Pairs (i, j) with ``a[i] == b[j]``, increasing in both i and j: a longest common
    subsequence (Hunt–Szymanski after trimming the common head and tail), or, for lists of a
    few values repeated so often that this would be slow, each value's copies paired in
    order and the longest increasing chain of those pairs."""
    head = 0
    limit = min(len(a), len(b))
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    pairs = [(i, i) for i in range(head)]
    a_end, b_end = len(a) - tail, len(b) - tail
    pairs += _middle(a, b, head, a_end, head, b_end)
    pairs += [(a_end + k, b_end + k) for k in range(tail)]
    return pairs


def _middle(
    a: Sequence[Hashable], b: Sequence[Hashable], a0: int, a1: int, b0: int, b1: int
) -> list[tuple[int, int]]:
    if a0 >= a1 or b0 >= b1:
        return []
    # Each value's positions in b, last first: each i offers its j's in decreasing order,
    # so a strictly increasing chain of j's takes at most one j per i, and the longest such
    # chain is a longest common subsequence.
    where_in_b: dict[Hashable, list[int]] = {}
    for j in range(b1 - 1, b0 - 1, -1):
        where_in_b.setdefault(b[j], []).append(j)
    from_a: list[int] = []
    to_b: list[int] = []
    for i in range(a0, a1):
        js = where_in_b.get(a[i])
        if js:
            to_b.extend(js)
            from_a.extend([i] * len(js))
            if len(to_b) > MAX_PAIRS:
                from_a, to_b = _copies_in_order(a, a0, a1, where_in_b)
                break
    chain = longest_increasing(to_b)
    return [(from_a[k], to_b[k]) for k in chain]


def _copies_in_order(
    a: Sequence[Hashable], a0: int, a1: int, where_in_b: dict[Hashable, list[int]]
) -> tuple[list[int], list[int]]:
    """Each value's k-th copy in a paired with its k-th copy in b."""
    taken: dict[Hashable, int] = defaultdict(int)
    from_a: list[int] = []
    to_b: list[int] = []
    for i in range(a0, a1):
        js = where_in_b.get(a[i])
        if js and taken[a[i]] < len(js):
            taken[a[i]] += 1
            from_a.append(i)
            to_b.append(js[-taken[a[i]]])
    return from_a, to_b
