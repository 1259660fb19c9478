"""The rubric's arithmetic, with numbers worked out by hand."""

from __future__ import annotations

import pytest

from proposals.review.scoring import (
    DISAGREEMENT_SPREAD,
    CriterionSpec,
    proposal_result,
    weighted_score,
)

# Weight 3 out of 5, weight 2 out of 10: the weights sum to 5.
RUBRIC = [CriterionSpec(id=1, weight=3, max_score=5), CriterionSpec(id=2, weight=2, max_score=10)]


def test_weighted_score_normalises_each_criterion_by_its_maximum():
    # (3 * 5/5 + 2 * 5/10) / 5 * 100 = (3 + 1) / 5 * 100 = 80
    assert weighted_score({1: 5, 2: 5}, RUBRIC) == pytest.approx(80.0)
    # (3 * 0 + 2 * 10/10) / 5 * 100 = 40
    assert weighted_score({1: 0, 2: 10}, RUBRIC) == pytest.approx(40.0)
    assert weighted_score({1: 0, 2: 0}, RUBRIC) == 0
    assert weighted_score({1: 5, 2: 10}, RUBRIC) == pytest.approx(100.0)


def test_weights_matter():
    # The same raw fractions, swapped between a heavy and a light criterion.
    heavy_good = weighted_score({1: 5, 2: 0}, RUBRIC)  # 3/5 * 100 = 60
    light_good = weighted_score({1: 0, 2: 10}, RUBRIC)  # 2/5 * 100 = 40
    assert heavy_good == pytest.approx(60.0)
    assert light_good == pytest.approx(40.0)


def test_weighted_score_refuses_incomplete_or_out_of_range_reviews():
    with pytest.raises(ValueError, match="not scored"):
        weighted_score({1: 5}, RUBRIC)
    with pytest.raises(ValueError, match="outside"):
        weighted_score({1: 6, 2: 0}, RUBRIC)
    with pytest.raises(ValueError, match="outside"):
        weighted_score({1: -1, 2: 0}, RUBRIC)
    with pytest.raises(ValueError):
        weighted_score({}, [])


def test_proposal_result_mean_means_spread_and_std_dev():
    result = proposal_result([{1: 5, 2: 5}, {1: 0, 2: 10}], RUBRIC)
    assert result.reviews == 2
    assert result.mean == pytest.approx(60.0)  # (80 + 40) / 2
    assert result.criterion_means == {1: pytest.approx(2.5), 2: pytest.approx(7.5)}
    assert result.spread == pytest.approx(40.0)
    assert result.std_dev == pytest.approx(20.0)  # population: sqrt((20² + 20²) / 2)
    assert result.disagreement is True


def test_three_reviewers():
    # 80, 40 and (3 * 4/5 + 2 * 6/10) / 5 * 100 = (2.4 + 1.2) / 5 * 100 = 72
    result = proposal_result([{1: 5, 2: 5}, {1: 0, 2: 10}, {1: 4, 2: 6}], RUBRIC)
    assert result.mean == pytest.approx(64.0)
    assert result.spread == pytest.approx(40.0)
    # deviations 16, -24, 8: sqrt((256 + 576 + 64) / 3) = sqrt(298.67)
    assert result.std_dev == pytest.approx(17.2820, abs=1e-4)
    assert result.criterion_means[1] == pytest.approx(3.0)


def test_single_review_has_no_spread():
    result = proposal_result([{1: 3, 2: 4}], RUBRIC)
    assert result.mean == pytest.approx(52.0)  # (1.8 + 0.8) / 5 * 100
    assert result.spread == 0 and result.std_dev == 0
    assert result.disagreement is False


def test_no_reviews_no_result():
    assert proposal_result([], RUBRIC) is None


@pytest.mark.parametrize(
    ("low", "high", "flagged"),
    [(40, 70, True), (40, 69, False), (41, 70, False), (0, 100, True), (50, 50, False)],
)
def test_disagreement_threshold_edge(low, high, flagged):
    rubric = [CriterionSpec(id=1, weight=1, max_score=100)]
    result = proposal_result([{1: low}, {1: high}], rubric)
    assert result.spread == pytest.approx(high - low)
    assert result.disagreement is flagged


def test_threshold_is_thirty_points():
    assert DISAGREEMENT_SPREAD == 30


def test_threshold_edge_with_fractions_that_do_not_add_up_exactly():
    # 7/10 and 4/10 of weight 3 out of 3: 70.0 and 40.00000000000001 in floating point.
    rubric = [CriterionSpec(id=1, weight=3, max_score=10)]
    assert proposal_result([{1: 7}, {1: 4}], rubric).disagreement is True
