"""The scoring rubric's arithmetic: pure functions, no database, no Flask.

A review gives each criterion a score from 0 to the criterion's maximum. Its weighted
score is normalised to 0..100 so that calls with different maxima and weights compare:

    weighted = sum(weight * score / max_score) / sum(weight) * 100

A proposal's result is the mean of its submitted reviews' weighted scores, the mean
score per criterion, and how far the reviewers were apart. Floats are fine here (these
are statistics, not money); round only for display.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Reviewers who are 30 or more points apart (on the 0..100 scale) judged the proposal
# very differently: on a five-point criterion that is a "good" against a "poor". The
# committee should talk about it before recommending rather than trust the mean.
DISAGREEMENT_SPREAD = 30.0


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: int
    max_score: int


@dataclass(frozen=True)
class ProposalResult:
    reviews: int
    mean: float  # 0..100
    criterion_means: dict[int, float]  # criterion id -> mean raw score (0..max)
    spread: float  # max - min of the reviewers' weighted scores
    std_dev: float  # population standard deviation of the weighted scores
    disagreement: bool


def weighted_score(scores: Mapping[int, int], criteria: Sequence[CriterionSpec]) -> float:
    """One complete review's weighted score on 0..100. Every criterion must be scored."""
    if not criteria:
        raise ValueError("a rubric needs at least one criterion")
    missing = [c.id for c in criteria if c.id not in scores]
    if missing:
        raise ValueError(f"criteria not scored: {missing}")
    for c in criteria:
        if not 0 <= scores[c.id] <= c.max_score:
            raise ValueError(f"score {scores[c.id]} of criterion {c.id} outside 0..{c.max_score}")
    total_weight = sum(c.weight for c in criteria)
    return sum(c.weight * scores[c.id] / c.max_score for c in criteria) / total_weight * 100


def proposal_result(
    reviews: Sequence[Mapping[int, int]], criteria: Sequence[CriterionSpec]
) -> ProposalResult | None:
    """The result of a proposal's submitted reviews; None when there are none yet."""
    if not reviews:
        return None
    weighted = [weighted_score(review, criteria) for review in reviews]
    spread = max(weighted) - min(weighted)
    mean = statistics.fmean(weighted)
    return ProposalResult(
        reviews=len(reviews),
        mean=mean,
        criterion_means={
            c.id: statistics.fmean(review[c.id] for review in reviews) for c in criteria
        },
        spread=spread,
        # In floats: statistics.pstdev's exact fractions cost too much on a call's thousands
        # of proposals, and the deviation is only shown to one decimal.
        std_dev=math.sqrt(statistics.fmean([(w - mean) ** 2 for w in weighted])) if spread else 0.0,
        # A tiny tolerance so that a spread of exactly 30 (computed as 29.999...) counts.
        disagreement=spread >= DISAGREEMENT_SPREAD - 1e-9,
    )


@dataclass(frozen=True)
class MeanScore:
    """Only the mean of a proposal's result, for rankings of many proposals."""

    reviews: int
    mean: float  # 0..100, the same value as ProposalResult.mean


def mean_score(
    reviews: Sequence[Mapping[int, int]], criteria: Sequence[CriterionSpec]
) -> MeanScore:
    """The mean weighted score of a proposal's submitted reviews (at least one)."""
    return MeanScore(
        reviews=len(reviews),
        mean=statistics.fmean(weighted_score(review, criteria) for review in reviews),
    )
