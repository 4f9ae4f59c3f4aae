"""The three-way merge of playlist items: which remote slot is which item, and the written
rule that merges the local file's and Spotify's changes since the last sync."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.merge import (
    MOVED_IN_BOTH,
    REMOVED_HERE_MOVED_THERE,
    REMOVED_THERE_MOVED_HERE,
    BaseSlot,
    Merge,
    align,
    merge3,
)


def slots(*pairs: tuple[str | None, str]) -> list[BaseSlot]:
    return [BaseSlot(uri, item) for uri, item in pairs]


# --- align -----------------------------------------------------------------------------------


def test_an_unchanged_remote_is_the_base_slot_for_slot():
    base = slots(("u1", "a"), ("u2", "b"), ("u3", "c"))
    assert align(base, ["u1", "u2", "u3"]) == ["a", "b", "c"]
    assert align([], []) == []
    assert align(base, []) == []


def test_a_slot_added_in_spotify_is_no_base_item():
    base = slots(("u1", "a"), ("u2", "b"))
    assert align(base, ["u9", "u1", "u2", "u8"]) == [None, "a", "b", None]
    assert align([], ["u1"]) == [None]


def test_a_moved_track_is_still_its_item():
    base = slots(("u1", "a"), ("u2", "b"), ("u3", "c"))
    assert align(base, ["u3", "u1", "u2"]) == ["c", "a", "b"]
    assert align(base, ["u2", "u3"]) == ["b", "c"]


def test_of_two_copies_the_one_left_in_order_is_the_one_kept():
    base = slots(("u1", "a"), ("u2", "b"), ("u1", "c"))
    assert align(base, ["u2", "u1"]) == ["b", "c"]  # the first copy was removed
    assert align(base, ["u1", "u2"]) == ["a", "b"]  # the second was
    assert align(base, ["u1", "u1", "u2"]) == ["a", "c", "b"]  # the second was moved
    assert align(base, ["u1", "u2", "u1", "u1"]) == ["a", "b", "c", None]  # one more copy


def test_remaining_copies_pair_in_order():
    base = slots(("u1", "a"), ("u1", "b"), ("u2", "c"))
    assert align(base, ["u2", "u1", "u1"]) == ["c", "a", "b"]


def test_a_slot_without_uri_pairs_only_with_one_without_uri():
    base = slots(("u1", "a"), (None, "b"), ("u3", "c"))
    # u1 then a slot without URI is the longest run left in order: c moved, one slot added.
    assert align(base, ["u3", None, "u1", None]) == ["c", None, "a", "b"]
    assert align(base, [None, "u3"]) == ["b", "c"]
    assert align(slots(("u1", "a")), [None]) == [None]
    assert align(slots((None, "a")), ["u1"]) == [None]


# --- merge3: one side changed ----------------------------------------------------------------


def ids(text: str) -> list[str]:
    return list(text)


def test_nothing_changed():
    merge = merge3(ids("abc"), ids("abc"), ids("abc"))
    assert merge == Merge(tuple("abc"), (), (), (), ())
    assert merge3([], [], []) == Merge((), (), (), (), ())


def test_local_changes_alone_are_the_result():
    merge = merge3(ids("abcde"), ids("eXbcd"), ids("abcde"))  # a removed, X added, e moved
    assert merge.order == tuple("eXbcd")
    assert merge.removed_local == ("a",) and merge.moved_local == ("e",)
    assert not merge.remote_changed_anything and not merge.conflicts


def test_spotify_changes_alone_are_the_result():
    merge = merge3(ids("abcde"), ids("abcde"), ids("eYbcd"))
    assert merge.order == tuple("eYbcd")
    assert merge.added_remote == ("Y",)
    assert merge.removed_remote == ("a",)
    assert merge.moved_remote == ("e",)
    assert not merge.conflicts


def test_additions_in_spotify_keep_their_place_and_order():
    merge = merge3(ids("abc"), ids("abc"), ids("XabYZc"))
    assert merge.order == tuple("XabYZc")
    assert merge.added_remote == tuple("XYZ")


def test_an_addition_in_spotify_follows_its_predecessor_moved_here():
    merge = merge3(ids("abc"), ids("bca"), ids("aXbc"))
    assert merge.order == tuple("bcaX")


def test_an_addition_after_a_track_removed_here_follows_the_one_before():
    merge = merge3(ids("abc"), ids("ac"), ids("abXc"))
    assert merge.order == tuple("aXc")


def test_an_addition_at_the_start_stays_first():
    merge = merge3(ids("abc"), ids("Labc"), ids("Xabc"))
    assert merge.order == tuple("XLabc")


# --- merge3: both sides changed --------------------------------------------------------------


def test_both_sides_additions_and_removals_all_apply():
    merge = merge3(ids("abcdef"), ids("abLcdf"), ids("bcdRef"))
    assert merge.order == tuple("bLcdRf")
    assert merge.removed_remote == ("a",) and merge.removed_local == ("e",)
    assert merge.added_remote == ("R",)
    assert not merge.conflicts


def test_a_removal_on_both_sides_is_no_conflict():
    merge = merge3(ids("abc"), ids("ac"), ids("ac"))
    assert merge.order == tuple("ac") and not merge.conflicts
    assert merge.removed_remote == () and merge.removed_local == ()


def test_a_move_in_spotify_is_kept_among_local_edits():
    merge = merge3(ids("abcdef"), ids("abcLdef"), ids("bcdeaf"))
    assert merge.order == tuple("bcLdeaf")
    assert merge.moved_remote == ("a",)


def test_a_local_move_wins_over_spotify_s_move_of_the_same_item_and_is_reported():
    merge = merge3(ids("abcdef"), ids("bcdaef"), ids("bcdefa"))
    assert merge.order == tuple("bcdaef")
    assert merge.moved_remote == ()
    assert [(c.item_id, c.rule) for c in merge.conflicts] == [("a", MOVED_IN_BOTH)]


def test_the_same_move_on_both_sides_is_no_conflict():
    merge = merge3(ids("abcdef"), ids("bcdaef"), ids("bcdaef"))
    assert merge.order == tuple("bcdaef") and not merge.conflicts


def test_removed_in_spotify_but_moved_here_is_removed_and_reported():
    merge = merge3(ids("abcdef"), ids("bcdeaf"), ids("bcdef"))
    assert merge.order == tuple("bcdef")
    assert merge.removed_remote == ("a",)
    (conflict,) = merge.conflicts
    assert (conflict.item_id, conflict.rule) == ("a", REMOVED_THERE_MOVED_HERE)
    assert "removed in Spotify" in conflict.message


def test_removed_here_but_moved_in_spotify_is_removed_and_reported():
    merge = merge3(ids("abcdef"), ids("bcdef"), ids("bcdeaf"))
    assert merge.order == tuple("bcdef")
    assert merge.removed_local == ("a",)
    (conflict,) = merge.conflicts
    assert (conflict.item_id, conflict.rule) == ("a", REMOVED_HERE_MOVED_THERE)


def test_an_ambiguous_swap_next_to_a_removal_is_no_conflict():
    # Spotify moved b after c, or c before b: with c removed here, nothing of it is lost.
    merge = merge3(ids("abcd"), ids("abd"), ids("acbd"))
    assert merge.order == tuple("abd") and not merge.conflicts
    merge = merge3(ids("abcd"), ids("acbd"), ids("abd"))
    assert merge.order == tuple("abd") and not merge.conflicts


def test_an_item_new_on_both_sides_is_kept_once_where_it_is_here():
    merge = merge3(ids("ab"), ids("aNb"), ids("abN"))
    assert merge.order == tuple("aNb") and merge.added_remote == ()


def test_empty_sides():
    assert merge3(ids("abc"), [], ids("abc")).order == ()
    assert merge3(ids("abc"), ids("abc"), []).order == ()
    assert merge3([], ids("LM"), ids("RS")).order == tuple("RSLM")
    assert merge3([], [], ids("RS")).added_remote == tuple("RS")


def test_without_a_base_the_file_s_order_holds_and_spotify_s_extras_keep_their_place():
    # A link made before bases were kept: what both hold is "new on both sides".
    merge = merge3([], ids("abc"), ids("cXa"))
    assert merge.order == tuple("abcX")
    assert merge.added_remote == ("X",) and not merge.conflicts


def test_conflicts_come_in_the_base_s_order():
    merge = merge3(ids("abcdef"), ids("eacdfb"), ids("acdf"))
    assert merge.order == tuple("acdf")
    assert [(c.item_id, c.rule) for c in merge.conflicts] == [
        ("b", REMOVED_THERE_MOVED_HERE),
        ("e", REMOVED_THERE_MOVED_HERE),
    ]


def test_ids_must_be_unique():
    with pytest.raises(ValueError, match="local"):
        merge3(ids("ab"), ids("aba"), ids("ab"))


def test_five_thousand_items_with_edits_on_both_sides():
    base = [f"i{k}" for k in range(5000)]
    local = [*base[:100], "L1", *base[100:4000], *base[4001:]]
    local.insert(2500, local.pop(10))
    remote = [base[-1], *base[1:2000], "R1", *base[2000:-1]]
    merge = merge3(base, local, remote)
    assert merge.order[0] == base[-1] and "R1" in merge.order and "L1" in merge.order
    assert base[0] not in merge.order and base[4000] not in merge.order
    assert len(merge.order) == 5000


# --- any base, any edits on either side ------------------------------------------------------


@st.composite
def edited(draw, base: list[str], prefix: str) -> list[str]:
    side = list(base)
    fresh = itertools.count()
    for op in draw(st.lists(st.sampled_from("irm"), max_size=8)):
        if op == "i":
            side.insert(draw(st.integers(0, len(side))), f"{prefix}{next(fresh)}")
        elif side and op == "r":
            del side[draw(st.integers(0, len(side) - 1))]
        elif side:
            item = side.pop(draw(st.integers(0, len(side) - 1)))
            side.insert(draw(st.integers(0, len(side))), item)
    return side


@st.composite
def three_sides(draw):
    base = [f"b{k}" for k in range(draw(st.integers(0, 14)))]
    return base, draw(edited(base, "L")), draw(edited(base, "R"))


def best_reading(base: list[str], side: list[str], preferred: set[str]) -> tuple[int, int]:
    """(length, preferred items held) of the best common subsequence: longest, then holding
    the most preferred items (a plain dynamic programme, as a reference)."""
    rows = [[(0, 0)] * (len(side) + 1) for _ in range(len(base) + 1)]
    for i, x in enumerate(base, 1):
        for j, y in enumerate(side, 1):
            best = max(rows[i - 1][j], rows[i][j - 1])
            if x == y:
                length, held = rows[i - 1][j - 1]
                best = max(best, (length + 1, held + (x in preferred)))
            rows[i][j] = best
    return rows[-1][-1]


def restricted(seq, keep) -> list[str]:
    return [x for x in seq if x in keep]


@settings(max_examples=500, deadline=None)
@given(three_sides())
def test_the_merge_holds_every_edit_of_both_sides_and_reports_exactly_the_clashes(sides):
    base, local, remote = sides
    merge = merge3(base, local, remote)
    order = list(merge.order)
    in_base, in_local, in_remote = set(base), set(local), set(remote)

    # Membership: on both sides, or new where it is; a removal anywhere wins.
    expected = {i for i in in_local | in_remote if i not in in_base}
    expected |= in_base & in_local & in_remote
    assert len(order) == len(set(order)) and set(order) == expected
    assert set(merge.added_remote) == in_remote - in_base - in_local
    assert set(merge.removed_remote) == (in_base & in_local) - in_remote
    assert set(merge.removed_local) == (in_base & in_remote) - in_local

    # "Moved" is a fewest-moves reading of each side (the rest stayed in the base's order)
    # that, of those, leaves in place the most items the other side removed.  Merging with
    # the sides swapped gives Spotify's reading as "moved_local".
    moved_in_spotify = set(merge3(base, remote, local).moved_local)
    for side, other, moved in (
        (local, in_remote, set(merge.moved_local)),
        (remote, in_local, moved_in_spotify),
    ):
        common = [i for i in side if i in in_base]
        stayed = [i for i in common if i not in moved]
        assert stayed == restricted(base, set(stayed))
        removed_there = set(common) - other
        assert (len(stayed), len(removed_there & set(stayed))) == best_reading(
            restricted(base, set(common)), common, removed_there
        )

    # The local order holds for all but what Spotify placed.
    placed_by_spotify = set(merge.added_remote) | set(merge.moved_remote)
    spine = set(order) - placed_by_spotify
    assert restricted(order, spine) == restricted(local, spine)
    # What Spotify placed follows what it follows in Spotify (or comes first).
    for item in placed_by_spotify:
        at = remote.index(item)
        before = [i for i in remote[:at] if i in expected]
        at_result = order.index(item)
        assert order[at_result - 1] == before[-1] if before else at_result == 0
    # Spotify's moves are kept only where the local side did not move the item.
    assert not set(merge.moved_remote) & set(merge.moved_local)
    # With one side unchanged, the result is the other side.
    if local == base:
        assert order == remote
    if remote == base:
        assert order == local

    # Conflicts are exactly the clashes of the rule.
    clashes = {
        (i, REMOVED_THERE_MOVED_HERE) for i in set(merge.removed_remote) & set(merge.moved_local)
    }
    clashes |= {(i, REMOVED_HERE_MOVED_THERE) for i in set(merge.removed_local) & moved_in_spotify}
    for i in set(merge.moved_local) & moved_in_spotify & set(order):
        j = order.index(i)
        before_here = order[j - 1] if j else None
        before_there = [x for x in remote[: remote.index(i)] if x in expected]
        if before_here != (before_there[-1] if before_there else None):
            clashes.add((i, MOVED_IN_BOTH))
    assert {(c.item_id, c.rule) for c in merge.conflicts} == clashes
    assert len(merge.conflicts) == len(clashes)
