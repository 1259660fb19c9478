"""Time best_subset on realistic calls (run by hand; pytest does not collect it).

    PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_knapsack.py [--proposals 500] [--seeds 20]

Costs are whole thousands of yen from 300,000 to 2,000,000, values weighted
scores x 100 (0..10,000), envelopes from 10 million to 500 million yen.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from proposals.selection.knapsack import Item, best_subset

ENVELOPES = (10_000_000, 50_000_000, 100_000_000, 250_000_000, 500_000_000)


def realistic_items(rng: random.Random, count: int) -> list[Item]:
    items = []
    for key in range(1, count + 1):
        cost = rng.randrange(300, 2001) * 1000
        # Weighted scores cluster in the middle of the scale.
        value = max(0, min(10_000, round(rng.gauss(6_000, 1_500))))
        items.append(Item(key, cost, value))
    return items


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=500)
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    for envelope in ENVELOPES:
        timings = []
        for seed in range(args.seeds):
            items = realistic_items(random.Random(seed), args.proposals)  # noqa: S311 (reproducible data, not secrets)
            start = time.perf_counter()
            best_subset(items, envelope)
            timings.append((time.perf_counter() - start) * 1000)
        print(
            f"{args.proposals} proposals, envelope {envelope:>13,} yen: "
            f"median {statistics.median(timings):7.1f} ms, max {max(timings):7.1f} ms"
        )


if __name__ == "__main__":
    main()
