"""Longest increasing and common subsequences, against plain dynamic programmes."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.subsequence import MAX_PAIRS, common_subsequence, longest_increasing


def reference_increasing(values, prefer) -> tuple[int, int]:
    """(length, preferred held) of the best strictly increasing subsequence."""
    best: list[tuple[int, int]] = []
    for i, v in enumerate(values):
        ends = [best[j] for j in range(i) if values[j] < v]
        length, held = max(ends, default=(0, 0))
        best.append((length + 1, held + prefer[i]))
    return max(best, default=(0, 0))


def reference_lcs(a, b) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal = 0
        for j, y in enumerate(b, 1):
            diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def test_small_cases():
    assert longest_increasing([]) == []
    assert longest_increasing([3, 1, 2]) == [1, 2]
    assert longest_increasing([1, 1, 1]) in ([0], [1], [2])
    # Two neighbours swapped: either could have moved; the preferred one stays.
    assert longest_increasing([0, 2, 1, 3], [False, True, False, False]) == [0, 1, 3]
    assert longest_increasing([0, 2, 1, 3], [False, False, True, False]) == [0, 2, 3]
    assert common_subsequence([], ["a"]) == []
    assert common_subsequence("abcd", "acbd") in (
        [(0, 0), (1, 2), (3, 3)],
        [(0, 0), (2, 1), (3, 3)],
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.booleans()), max_size=30), st.booleans())
def test_longest_increasing_is_longest_then_most_preferred(pairs, use_prefer):
    values = [v for v, _ in pairs]
    prefer = [p and use_prefer for _, p in pairs]
    chain = longest_increasing(values, prefer if use_prefer else None)
    assert chain == sorted(chain)
    assert all(values[a] < values[b] for a, b in itertools.pairwise(chain))
    length, held = reference_increasing(values, prefer)
    assert len(chain) == length
    if use_prefer:
        assert sum(prefer[i] for i in chain) == held


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcd"), max_size=25), st.lists(st.sampled_from("abcd"), max_size=25)
)
def test_common_subsequence_is_a_longest_one(a, b):
    pairs = common_subsequence(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in itertools.pairwise(pairs))
    assert len(pairs) == reference_lcs(a, b)


def test_lists_of_one_value_repeated_take_the_quick_pairing_and_stay_right():
    size = int(MAX_PAIRS**0.5) + 10  # more equal pairs than the exact search takes
    a = ["x"] * size + ["y"]
    b = ["y"] + ["x"] * (size - 3)
    pairs = common_subsequence(a, b)
    assert len(pairs) == size - 3
    assert all(a[i] == b[j] == "x" for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in itertools.pairwise(pairs))
