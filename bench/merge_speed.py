"""How long a sync's pure part takes on a 5,000-item playlist edited on both sides.

Ours: pair the remote's slots with the base (align), merge three ways (merge3), and plan the
edits that turn the remote into the merge (SyncPlan.edits).  Baseline, in the same run: the
standard library's diff (difflib.SequenceMatcher) aligning the same base and remote once,
the usual hand-rolled way to tell what changed.  Prints each stage's time and the total
(best of several runs), the baseline, the ratio, and merge3 against its 50 ms budget.
python bench/merge_speed.py [--items N] [--edits N]
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.merge import BaseSlot, align, merge3
from app.core.sync_plan import SyncPlan

BUDGET_MS = 50.0  # for merge3 on 5,000 items
REPEAT = 7  # best of: the machine's other work only ever slows a run down


def edited(items: list[str], edits: int, prefix: str, rng: random.Random) -> list[str]:
    side = list(items)
    for n in range(edits):
        side.insert(rng.randrange(len(side) + 1), side.pop(rng.randrange(len(side))))
        side.insert(rng.randrange(len(side) + 1), f"{prefix}{n}")
        del side[rng.randrange(len(side))]
    return side


def best_ms(run) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=30, help="moves, inserts, removals per side")
    args = parser.parse_args()

    rng = random.Random(2011)
    base = [f"item{k}" for k in range(args.items)]
    uri = {i: f"spotify:track:{k % (args.items - 50)}" for k, i in enumerate(base)}  # some copies
    local = edited(base, args.edits, "local", rng)
    remote_ids = edited(base, args.edits, "remote", rng)
    remote = [uri.get(i, f"spotify:track:{i}") for i in remote_ids]
    slots = [BaseSlot(uri[i], i) for i in base]

    def stages() -> dict[str, float]:
        clock = time.perf_counter
        t0 = clock()
        paired = align(slots, remote)
        t1 = clock()
        ids = [p or f"new{j}" for j, p in enumerate(paired)]
        uri_of = uri | {i: remote[j] for j, i in enumerate(ids) if i not in uri}
        t2 = clock()
        merged = merge3(base, local, ids)
        t3 = clock()
        target = [uri_of.get(i, f"spotify:track:{i}") for i in merged.order]
        t4 = clock()
        SyncPlan.edits(remote, target)
        t5 = clock()
        ms = [(b - a) * 1000 for a, b in ((t0, t1), (t2, t3), (t4, t5), (t0, t5))]
        return dict(zip(("align", "merge3", "edits", "total"), ms, strict=True))

    runs = [stages() for _ in range(REPEAT)]
    ours = {name: min(run[name] for run in runs) for name in runs[0]}
    reference = [uri[i] for i in base]
    base_ms = best_ms(
        lambda: difflib.SequenceMatcher(None, reference, remote, autojunk=False).get_opcodes()
    )
    print(f"items: {args.items}, edits per side: {args.edits} moves + inserts + removals")
    for name in ("align", "merge3", "edits", "total"):
        print(f"ours, {name}: {ours[name]:.1f} ms")
    print(f"baseline (difflib alignment of base and remote only): {base_ms:.1f} ms")
    print(f"ratio ours total/baseline: {ours['total'] / base_ms:.2f}x")
    print(f"merge3 against its {BUDGET_MS:.0f} ms budget: {ours['merge3'] / BUDGET_MS:.2f}")
    return 0 if ours["merge3"] < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
