"""The in-place edit planner: the fewest requests that turn the remote into the target,
keeping every item that stays (and its date added), never showing a playlist too short."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.sync_plan import BATCH, StepKind, SyncPlan, SyncStep, apply_step, writable

TRACKS = [f"spotify:track:{i:04d}" for i in range(1000)]


def kinds(plan: SyncPlan) -> list[StepKind]:
    return [step.kind for step in plan.steps]


class Replica:
    """The remote as the API keeps it: each entry with the stamp of when it was added."""

    def __init__(self, uris):
        self.stamps = itertools.count()
        self.entries = [(u, next(self.stamps)) for u in uris]

    def run(self, step: SyncStep) -> None:
        after = apply_step(step, [u for u, _ in self.entries])  # also checks the step is valid
        if step.kind is StepKind.MOVE:
            start, length = step.range_start, step.range_length
            block = self.entries[start : start + length]
            rest = self.entries[:start] + self.entries[start + length :]
            at = step.insert_before
            at = at if at <= start else at - length
            self.entries = rest[:at] + block + rest[at:]
        elif step.kind is StepKind.REMOVE:
            self.entries = [e for e in self.entries if e[0] not in step.uris]
        elif step.kind in (StepKind.INSERT, StepKind.APPEND):
            at = len(self.entries) if step.position is None else step.position
            self.entries[at:at] = [(u, next(self.stamps)) for u in step.uris]
        else:
            self.entries = [(u, next(self.stamps)) for u in step.uris]
        assert [u for u, _ in self.entries] == after


def check(remote, target) -> SyncPlan:
    """Plan, then run it on a replica and check every promise the planner makes."""
    plan = SyncPlan.edits(remote, target)
    replica = Replica(remote)
    first_stamps = {e[1] for e in replica.entries}
    have, want = Counter(remote), Counter(target)
    floor = min(len(remote), len(target))
    owed = 0
    for step in plan.steps:
        assert step.kind in (StepKind.INSERT, StepKind.APPEND, StepKind.REMOVE, StepKind.MOVE)
        assert len(step.uris) <= BATCH
        if step.kind is StepKind.REMOVE:
            assert all(want[u] < have[u] for u in step.uris), "removed a URI whose count stays"
        if owed:  # while copies are owed back, only inserts may run
            assert step.kind in (StepKind.INSERT, StepKind.APPEND, StepKind.REMOVE)
        replica.run(step)
        now = Counter(u for u, _ in replica.entries)
        owed = sum(max(0, want[u] - now[u]) for u in plan.reinserted)
        if not owed:
            assert len(replica.entries) >= floor, "the playlist was seen too short"
    assert [u for u, _ in replica.entries] == list(target)
    assert plan.apply(remote) == list(target)
    # Every copy of a URI the target keeps at least as many of is the same entry as before.
    kept = {e[1] for e in replica.entries if e[1] in first_stamps}
    expected_kept = sum(have[u] for u in have if want[u] >= have[u])
    assert len(kept) == expected_kept
    assert set(plan.reinserted) == {u for u in have if 0 < want[u] < have[u]}
    return plan


# --- the benchmark's cases on 1,000 items ----------------------------------------------------


def test_equal_lists_need_nothing():
    assert SyncPlan.edits(TRACKS, TRACKS).is_empty
    assert SyncPlan.edits([], []).is_empty
    assert SyncPlan.edits([None, "spotify:local:a"], [None, "spotify:local:a"]).is_empty


def test_removing_one_item_is_one_delete():
    target = TRACKS[:500] + TRACKS[501:]
    plan = check(TRACKS, target)
    assert plan.steps == (SyncStep(StepKind.REMOVE, (TRACKS[500],)),)


def test_appending_one_item_is_one_post():
    plan = check(TRACKS, [*TRACKS, "spotify:track:new"])
    assert plan.steps == (SyncStep(StepKind.APPEND, ("spotify:track:new",)),)


def test_inserting_one_item_gives_its_position():
    target = [*TRACKS[:10], "spotify:track:new", *TRACKS[10:]]
    plan = check(TRACKS, target)
    assert plan.steps == (SyncStep(StepKind.INSERT, ("spotify:track:new",), position=10),)


def test_moving_one_item_is_one_reorder_either_way():
    later = TRACKS[:10] + TRACKS[11:900] + [TRACKS[10]] + TRACKS[900:]
    plan = check(TRACKS, later)
    assert plan.steps == (
        SyncStep(StepKind.MOVE, range_start=10, insert_before=900, range_length=1),
    )
    earlier = [TRACKS[700], *TRACKS[:700], *TRACKS[701:]]
    plan = check(TRACKS, earlier)
    to_front = SyncStep(StepKind.MOVE, range_start=700, insert_before=0, range_length=1)
    assert plan.steps == (to_front,)


def test_two_inserts_and_a_removal_insert_first():
    target = [*TRACKS[:100], "spotify:track:x", *TRACKS[100:600], "spotify:track:y"]
    target += TRACKS[600:800] + TRACKS[801:]
    plan = check(TRACKS, target)
    assert kinds(plan) == [StepKind.INSERT, StepKind.INSERT, StepKind.REMOVE]


def test_a_moved_block_is_one_reorder():
    target = TRACKS[:100] + TRACKS[300:900] + TRACKS[100:300] + TRACKS[900:]
    plan = check(TRACKS, target)
    assert plan.requests == 1 and plan.steps[0].range_length == 200


def test_a_reversed_pair_of_blocks_moves_the_smaller():
    target = TRACKS[990:] + TRACKS[:990]
    plan = check(TRACKS, target)
    assert plan.steps == (
        SyncStep(StepKind.MOVE, range_start=990, insert_before=0, range_length=10),
    )


# --- sizes and batches -----------------------------------------------------------------------


def test_an_empty_remote_is_filled_by_appends_of_at_most_100():
    plan = check([], TRACKS[:250])
    assert kinds(plan) == [StepKind.APPEND] * 3
    assert [len(s.uris) for s in plan.steps] == [100, 100, 50]


def test_a_long_insert_is_split_at_consecutive_positions():
    target = TRACKS[:5] + TRACKS[100:350] + TRACKS[5:10]
    plan = check(TRACKS[:10], target)
    assert kinds(plan) == [StepKind.INSERT] * 3
    assert [s.position for s in plan.steps] == [5, 105, 205]


def test_emptying_removes_at_most_100_uris_a_request():
    plan = check(TRACKS[:250], [])
    assert kinds(plan) == [StepKind.REMOVE] * 3
    assert [len(s.uris) for s in plan.steps] == [100, 100, 50]


def test_inserts_on_either_side_of_a_moved_item_share_a_request():
    remote = ["a", "b", "c", "d"]
    target = ["a", "x", "d", "y", "b", "c"]
    plan = check(remote, target)
    assert kinds(plan) == [StepKind.INSERT, StepKind.MOVE]


# --- duplicates ------------------------------------------------------------------------------


def test_dropping_one_of_two_copies_removes_both_and_puts_one_back():
    remote = ["a", "b", "a", "c"]
    plan = check(remote, ["a", "b", "c"])
    assert plan.reinserted == ("a",)
    assert kinds(plan) == [StepKind.REMOVE, StepKind.INSERT]


def test_another_copy_is_only_inserted():
    plan = check(["a", "b", "c"], ["a", "b", "a", "c"])
    assert plan.steps == (SyncStep(StepKind.INSERT, ("a",), position=2),)
    assert plan.reinserted == ()


def test_dropping_every_copy_is_one_delete_and_no_reinsertion():
    plan = check(["a", "b", "a", "c", "a"], ["b", "c"])
    assert plan.steps == (SyncStep(StepKind.REMOVE, ("a",)),)
    assert plan.reinserted == ()


def test_the_copy_that_stayed_in_place_is_the_one_kept():
    # Two copies of a, one moved: the other copy stays put, so only one move.
    plan = check(["a", "b", "c", "a"], ["a", "a", "b", "c"])
    assert plan.requests == 1 and plan.steps[0].kind is StepKind.MOVE


def test_a_reinsertion_and_a_new_neighbour_share_the_insert():
    plan = check(["a", "b", "a"], ["b", "x", "a"])
    assert kinds(plan) == [StepKind.REMOVE, StepKind.APPEND]
    assert plan.steps[1].uris == ("x", "a")


# --- entries the API cannot write ------------------------------------------------------------


def test_unavailable_and_local_entries_are_moved_never_written():
    remote = [None, "a", "spotify:local:x", "b", "c"]
    target = ["a", "b", None, "c", "spotify:local:x", "d"]
    plan = check(remote, target)
    for step in plan.steps:
        assert all(writable(u) for u in step.uris)
    assert StepKind.MOVE in kinds(plan)


@pytest.mark.parametrize(
    "target",
    [
        ["a", None, None],  # one more unavailable entry
        ["a"],  # the unavailable entry dropped
        ["a", None, "spotify:local:y"],  # a local file that is not there
    ],
)
def test_a_target_that_adds_or_drops_unwritable_entries_is_refused(target):
    with pytest.raises(ValueError, match="unavailable and local-file"):
        SyncPlan.edits(["a", None], target)


# --- the simulation refuses what the API refuses ---------------------------------------------


@pytest.mark.parametrize(
    "step",
    [
        SyncStep(StepKind.INSERT, ("x",), position=4),
        SyncStep(StepKind.INSERT, ("x",), position=-1),
        SyncStep(StepKind.INSERT, ("x",)),
        SyncStep(StepKind.APPEND, ()),
        SyncStep(StepKind.APPEND, tuple(TRACKS[:101])),
        SyncStep(StepKind.REMOVE, (None,)),
        SyncStep(StepKind.INSERT, ("spotify:local:x",), position=0),
        SyncStep(StepKind.MOVE, range_start=2, insert_before=0, range_length=2),
        SyncStep(StepKind.MOVE, range_start=0, insert_before=4, range_length=1),
        SyncStep(StepKind.MOVE, range_start=0, insert_before=1, range_length=2),
        SyncStep(StepKind.MOVE, range_start=0, insert_before=2),
    ],
)
def test_apply_refuses_a_step_the_api_would_refuse(step):
    with pytest.raises(ValueError):
        SyncPlan((step,)).apply(["a", "b", "c"])


def test_apply_follows_the_api_s_reorder_examples():
    ten = list("abcdefghij")
    first_to_last = SyncStep(StepKind.MOVE, range_start=0, insert_before=10, range_length=1)
    assert SyncPlan((first_to_last,)).apply(ten) == list("bcdefghija")
    last_to_first = SyncStep(StepKind.MOVE, range_start=9, insert_before=0, range_length=1)
    assert SyncPlan((last_to_first,)).apply(ten) == list("jabcdefghi")
    two_ahead = SyncStep(StepKind.MOVE, range_start=1, insert_before=3, range_length=2)
    assert SyncPlan((two_ahead,)).apply(ten) == ten  # a block moved to where it is


# --- any remote, any target ------------------------------------------------------------------

ENTRY = st.sampled_from(["a", "b", "c", "d", "e", "f", None, "spotify:local:z"])


@st.composite
def remote_and_target(draw):
    remote = draw(st.lists(ENTRY, max_size=40))
    fixed = [u for u in remote if not writable(u)]
    written = draw(st.lists(st.sampled_from("abcdefg"), max_size=40))
    target = written + fixed
    order = draw(st.permutations(range(len(target))))
    return remote, [target[i] for i in order]


@settings(max_examples=400, deadline=None)
@given(remote_and_target())
def test_any_plan_makes_the_target_and_keeps_its_promises(pair):
    remote, target = pair
    check(remote, target)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 300), max_size=300, unique=True),
    st.lists(st.tuples(st.sampled_from("imr"), st.integers(0, 10_000)), max_size=6),
)
def test_a_few_edits_on_a_long_playlist_cost_a_few_requests(remote_ids, edits):
    remote = [f"t{i}" for i in remote_ids]
    target = list(remote)
    fresh = itertools.count()
    for op, where in edits:
        if op == "i":
            target.insert(where % (len(target) + 1), f"new{next(fresh)}")
        elif target and op == "r":
            del target[where % len(target)]
        elif target:
            item = target.pop(where % len(target))
            target.insert((where // 7) % (len(target) + 1), item)
    plan = check(remote, target)
    assert plan.requests <= len(edits)
