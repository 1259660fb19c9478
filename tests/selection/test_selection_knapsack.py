"""The exact knapsack behind the mayor's office's "best set within the envelope"."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proposals.selection.knapsack import Item, Optimum, best_subset


def brute_force(items, capacity):
    """Every subset of the valuable items, ordered as the module documents: highest value,
    lowest cost, then the set holding the smallest key on which two sets differ."""
    valuable = [item for item in items if item.value > 0]
    keys = sorted(item.key for item in valuable)
    best = None
    for size in range(len(valuable) + 1):
        for subset in itertools.combinations(valuable, size):
            cost = sum(item.cost for item in subset)
            if cost > capacity:
                continue
            value = sum(item.value for item in subset)
            chosen = {item.key for item in subset}
            order = (-value, cost, tuple(key not in chosen for key in keys))
            if best is None or order < best[0]:
                best = (order, Optimum(frozenset(chosen), cost, value))
    return best[1]


@st.composite
def knapsacks(draw, max_cost, max_value):
    costs = draw(st.lists(st.integers(0, max_cost), max_size=12))
    values = draw(st.lists(st.integers(0, max_value), min_size=len(costs), max_size=len(costs)))
    keys = draw(st.permutations(range(len(costs))))
    items = [Item(key, cost, value) for key, cost, value in zip(keys, costs, values, strict=True)]
    capacity = draw(st.integers(0, max_cost * 6))
    return items, capacity


@settings(max_examples=300, deadline=None)
@given(knapsacks(max_cost=2_000_000, max_value=10_000))
def test_equals_the_brute_force_optimum_on_realistic_magnitudes(knapsack):
    items, capacity = knapsack
    optimum = best_subset(items, capacity)
    assert optimum == brute_force(items, capacity)
    assert optimum.cost <= capacity
    chosen = [item for item in items if item.key in optimum.keys]
    assert optimum.cost == sum(item.cost for item in chosen)
    assert optimum.value == sum(item.value for item in chosen)


@settings(max_examples=300, deadline=None)
@given(knapsacks(max_cost=6, max_value=4))
def test_equals_the_brute_force_optimum_when_ties_abound(knapsack):
    items, capacity = knapsack
    assert best_subset(items, capacity) == brute_force(items, capacity)


def test_empty_input_gives_the_empty_optimum():
    assert best_subset([], 10_000_000) == Optimum(frozenset(), 0, 0)


def test_items_costing_more_than_the_envelope_are_skipped():
    items = [Item("big", 20_000_000, 10_000), Item("small", 900_000, 10)]
    assert best_subset(items, 10_000_000) == Optimum(frozenset({"small"}), 900_000, 10)


def test_nothing_fits():
    items = [Item(1, 2_000_000, 9_000), Item(2, 3_000_000, 9_500)]
    assert best_subset(items, 1_000_000) == Optimum(frozenset(), 0, 0)
    assert best_subset(items, 0) == Optimum(frozenset(), 0, 0)


def test_zero_value_items_are_never_chosen_even_when_free():
    items = [Item(1, 500_000, 0), Item(2, 0, 0), Item(3, 400_000, 5_000)]
    assert best_subset(items, 10_000_000) == Optimum(frozenset({3}), 400_000, 5_000)


def test_free_valuable_items_are_always_chosen():
    items = [Item(1, 0, 100), Item(2, 600_000, 5_000)]
    assert best_subset(items, 100_000) == Optimum(frozenset({1}), 0, 100)


def test_an_exact_fit_uses_the_whole_envelope():
    items = [Item(k, 1_000_000, 5_000) for k in range(12)]
    optimum = best_subset(items, 10_000_000)
    assert optimum.cost == 10_000_000
    assert optimum.value == 50_000
    assert optimum.keys == frozenset(range(10))


def test_beats_greedy_by_score_per_yen():
    # Greedy takes the best ratio (A) and then nothing else fits; B and C together score more.
    items = [
        Item("A", 600_000, 7_000),
        Item("B", 500_000, 5_000),
        Item("C", 500_000, 5_000),
    ]
    assert best_subset(items, 1_000_000) == Optimum(frozenset({"B", "C"}), 1_000_000, 10_000)


def test_ties_prefer_the_cheaper_set_then_the_smaller_keys():
    items = [
        Item(3, 1_000_000, 6_000),
        Item(1, 1_000_000, 3_000),
        Item(2, 1_000_000, 3_000),
        Item(4, 900_000, 6_000),
    ]
    # Same value 6,000 from {4} (900,000 yen), {3} or {1, 2}: the cheapest wins.
    assert best_subset(items, 1_000_000) == Optimum(frozenset({4}), 900_000, 6_000)
    # Any two of these score 10,000 for 2,000,000 yen: the set with the smallest key wins.
    same = [Item(k, 1_000_000, 5_000) for k in (5, 2, 9, 7)]
    assert best_subset(same, 2_000_000).keys == frozenset({2, 5})


def test_the_answer_does_not_depend_on_the_input_order():
    rng = random.Random(7)  # noqa: S311 (reproducible data, not secrets)
    items = [
        Item(key, rng.randrange(300, 2001) * 1000, rng.choice([4_000, 5_000, 6_000]))
        for key in range(40)
    ]
    expected = best_subset(items, 12_000_000)
    for _ in range(5):
        rng.shuffle(items)
        assert best_subset(items, 12_000_000) == expected


def test_string_keys_tie_lexicographically():
    items = [Item(name, 1_000_000, 5_000) for name in ("tanaka", "abe", "sato")]
    assert best_subset(items, 1_000_000).keys == frozenset({"abe"})


@pytest.mark.parametrize(
    "items",
    [
        [Item(1, -1, 5)],
        [Item(1, 5, -1)],
        [Item(1, 5, 5), Item(1, 6, 6)],
    ],
)
def test_invalid_items_are_refused(items):
    with pytest.raises(ValueError):
        best_subset(items, 100)


def test_five_hundred_realistic_proposals_are_solved_exactly():
    rng = random.Random(2026)  # noqa: S311 (reproducible data, not secrets)
    items = [
        Item(key, rng.randrange(300, 2001) * 1000, rng.randint(0, 10_000)) for key in range(500)
    ]
    optimum = best_subset(items, 100_000_000)
    assert optimum.cost <= 100_000_000
    # The linear relaxation bounds every selection, so the optimum lies within one item's
    # value of it; and it is at least as good as the greedy pick.
    ranked = sorted(items, key=lambda item: item.value / item.cost, reverse=True)
    room, greedy, relaxed = 100_000_000, 0, 0
    for item in ranked:
        if item.cost <= room:
            room -= item.cost
            greedy += item.value
    room = 100_000_000
    for item in ranked:
        take = min(item.cost, room)
        relaxed += item.value * take / item.cost
        room -= take
    assert greedy <= optimum.value <= relaxed


def test_the_cached_optimum_is_the_exact_optimum_of_the_items_asked():
    from proposals.selection.knapsack import _cached, cached_best_subset

    _cached.cache_clear()
    items = [Item(1, 500, 60), Item(2, 600, 92), Item(3, 500, 84)]
    first = cached_best_subset(items, 1_000)
    assert first == best_subset(items, 1_000)
    assert cached_best_subset(list(items), 1_000) is first  # the same question: no recomputing
    # A changed score, set or envelope is another question with its own exact answer.
    rescored = [Item(1, 500, 60), Item(2, 600, 200), Item(3, 500, 84)]
    assert cached_best_subset(rescored, 1_000).keys == {2}
    assert cached_best_subset(items[:2], 1_000).keys == {2}
    assert cached_best_subset(items, 1_100).keys == {2, 3}
