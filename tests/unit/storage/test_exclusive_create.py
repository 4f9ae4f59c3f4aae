"""Creating a file that must not exist: of several processes racing, exactly one wins.

The atomic writer's exclusive mode links its finished temporary file to the name, which
fails if anything holds the name by then, so a file that appeared during the write is
never replaced.  Real processes, started together behind a barrier.
"""

from __future__ import annotations

import multiprocessing

import pytest

from app.storage.atomic import write_atomic

RACERS = 8


def _race(path: str, n: int, barrier, results) -> None:
    barrier.wait()
    try:
        write_atomic(path, f"written by {n}\n" * 1000, exclusive=True)
    except FileExistsError:
        results.put((n, "exists"))
    else:
        results.put((n, "created"))


def test_racing_creators_one_wins_and_nothing_is_replaced(tmp_path):
    path = tmp_path / "raced.yaml"
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(RACERS), context.Queue()
    racers = [
        context.Process(target=_race, args=(str(path), n, barrier, results)) for n in range(RACERS)
    ]
    for racer in racers:
        racer.start()
    outcomes = dict(results.get(timeout=120) for _ in racers)
    for racer in racers:
        racer.join(timeout=60)
    winners = [n for n, outcome in outcomes.items() if outcome == "created"]
    assert len(winners) == 1, outcomes
    assert path.read_text() == f"written by {winners[0]}\n" * 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raced.yaml"]  # no temporary left


def test_exclusive_refuses_an_existing_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("precious")
    with pytest.raises(FileExistsError):
        write_atomic(path, "other", exclusive=True)
    assert path.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]
