"""The exact score-maximising set of proposals within a budget envelope.

The mayor's office asks which recommended proposals would give the highest total
score without exceeding the envelope. That is the 0/1 knapsack problem, and a
greedy pick by score per yen can miss the optimum, so this module solves it
exactly.

Costs are yen (hundreds of thousands to millions) and envelopes hundreds of
millions, so a table over every yen of capacity is out of the question. We keep
instead, item by item in order of value per yen, the Pareto frontier of partial
selections (no other partial selection is cheaper and at least as valuable),
and drop every partial selection whose Dantzig bound (the linear relaxation over
the items still to come) cannot reach the best value already achieved. Both
rules only discard selections that cannot end up better than one kept, so the
result is exact; the bound keeps the frontier small on realistic calls, where a
proposal's score does not grow with its cost (500 proposals: tens of
milliseconds, see tests/benchmarks/bench_knapsack.py). Adversarial inputs whose
values are proportional to their costs can take far longer: the problem is
NP-hard, and exactness is not traded for speed.

Ties are broken deterministically: the highest total value, then the lowest
total cost, then the selection containing the smallest key on which two equally
good selections differ (with integer proposal ids: prefer the earlier
proposals). Keys must therefore be distinct and mutually comparable.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Item:
    """One candidate: ``cost`` in yen, ``value`` its weighted score (an integer)."""

    key: Hashable
    cost: int
    value: int


@dataclass(frozen=True)
class Optimum:
    """The chosen keys and their total cost and value."""

    keys: frozenset
    cost: int
    value: int


EMPTY = Optimum(frozenset(), 0, 0)


def _preferred(mask_a: int, mask_b: int) -> int:
    """Of two equally valuable and costly selections, the one holding the smallest
    differing key (bit i stands for the i-th smallest key)."""
    difference = mask_a ^ mask_b
    lowest = difference & -difference
    return mask_a if mask_a & lowest else mask_b


def best_subset(items: Sequence[Item], capacity: int) -> Optimum:
    """The exact 0/1 knapsack optimum of ``items`` within ``capacity``.

    Maximises the total value with total cost at most ``capacity``; ties as the
    module docstring says. Items costing more than the capacity and items of no
    value are never chosen. Raises ``ValueError`` for negative costs or values
    or repeated keys.
    """
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError("knapsack item keys must be distinct")
    if any(item.cost < 0 or item.value < 0 for item in items):
        raise ValueError("knapsack costs and values must not be negative")
    if capacity < 0:
        return EMPTY

    # Free items of some value belong to every optimum: taking them costs nothing.
    free = [item for item in items if item.cost == 0 and item.value > 0]
    candidates = [item for item in items if 0 < item.cost <= capacity and item.value > 0]
    free_value = sum(item.value for item in free)
    if not candidates:
        return Optimum(frozenset(item.key for item in free), 0, free_value)

    rank = {key: i for i, key in enumerate(sorted(item.key for item in candidates))}
    # Exact ratios: the Dantzig bound is only valid when items really are in
    # decreasing value-per-yen order, which floats could get wrong on near ties.
    candidates.sort(key=lambda item: (-Fraction(item.value, item.cost), rank[item.key]))
    costs = [item.cost for item in candidates]
    values = [item.value for item in candidates]
    bits = [1 << rank[item.key] for item in candidates]
    n = len(candidates)
    prefix_cost = [0]
    prefix_value = [0]
    for cost, value in zip(costs, values, strict=True):
        prefix_cost.append(prefix_cost[-1] + cost)
        prefix_value.append(prefix_value[-1] + value)

    def bound(start: int, cost: int, value: int) -> int:
        """The best value reachable from a partial selection using items start..n-1
        (the linear relaxation, rounded down since values are integers)."""
        limit = prefix_cost[start] + capacity - cost
        # The last item (index stop - 1) that still fits entirely, in ratio order.
        stop = bisect.bisect_right(prefix_cost, limit, start) - 1
        total = value + prefix_value[stop] - prefix_value[start]
        if stop < n:
            total += (limit - prefix_cost[stop]) * values[stop] // costs[stop]
        return total

    # The greedy selection is feasible, so its value is a first lower bound.
    best_value = 0
    room = capacity
    for cost, value in zip(costs, values, strict=True):
        if cost <= room:
            room -= cost
            best_value += value

    # The frontier: (cost, value, mask), cost increasing and value strictly increasing.
    frontier: list[tuple[int, int, int]] = [(0, 0, 0)]
    for index in range(n):
        cost_i, value_i, bit_i = costs[index], values[index], bits[index]
        limit = capacity - cost_i
        with_item = [(c + cost_i, v + value_i, m | bit_i) for c, v, m in frontier if c <= limit]
        merged = frontier + with_item
        merged.sort(key=lambda state: (state[0], -state[1]))
        nxt = index + 1
        kept: list[tuple[int, int, int]] = []
        top = -1
        for state in merged:
            c, v, m = state
            if v > top:
                if bound(nxt, c, v) >= best_value:
                    kept.append(state)
                top = v
                if v > best_value:
                    best_value = v
            elif v == top and kept and kept[-1][0] == c and kept[-1][1] == v:
                kept[-1] = (c, v, _preferred(kept[-1][2], m))
        frontier = kept

    # Values increase strictly along the frontier: its last state is the optimum.
    cost, value, mask = frontier[-1]
    by_rank = sorted(rank, key=rank.__getitem__)
    chosen = {by_rank[i] for i in range(mask.bit_length()) if mask >> i & 1}
    chosen.update(item.key for item in free)
    return Optimum(frozenset(chosen), cost, value + free_value)


def cached_best_subset(items: Sequence[Item], capacity: int) -> Optimum:
    """``best_subset``, remembered in this process for the exact same items and capacity.

    The key is the whole input, so a changed score, cost, proposal set or envelope is a
    different key and the answer is always the exact optimum of what is asked; repeated
    views of a selection page reuse it instead of solving the knapsack again.
    """
    return _cached(tuple(items), capacity)


@functools.lru_cache(maxsize=64)
def _cached(items: tuple[Item, ...], capacity: int) -> Optimum:
    return best_subset(items, capacity)
