"""The indicator arithmetic on plain numbers: years from periods, targets, statuses."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proposals.projects.indicators import Aggregation, Direction
from proposals.projects.results import (
    PeriodValue,
    TrackStatus,
    combine,
    indicator_status,
    meets,
    over_the_years,
    project_status,
    series,
    yearly_figures,
)

HIGHER, LOWER = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
SUM, LATEST, AVERAGE = Aggregation.SUM, Aggregation.LATEST, Aggregation.AVERAGE


def year(fiscal_year, value):
    return PeriodValue(fiscal_year, None, D(value))


def quarter(fiscal_year, number, value):
    return PeriodValue(fiscal_year, number, D(value))


@pytest.mark.parametrize(
    ("aggregation", "expected"), [(SUM, D(60)), (LATEST, D(30)), (AVERAGE, D(20))]
)
def test_periods_combine_as_the_indicator_says(aggregation, expected):
    assert combine([D(10), D(20), D(30)], aggregation) == expected


def test_an_average_is_rounded_to_cents():
    assert combine([D(1), D(1), D(2)], AVERAGE) == D("1.33")
    assert combine([D("0.005"), D(0)], AVERAGE) == D("0.00")


def test_a_years_quarters_are_summed_and_compared_with_the_target_of_the_quarters_reported():
    periods = [quarter(2011, 1, 100), quarter(2011, 2, 120), quarter(2011, 3, 90)]
    [figure] = yearly_figures(periods, SUM, HIGHER, D(100))
    assert (figure.value, figure.target, figure.periods) == (D(310), D(300), 3)
    assert figure.status is TrackStatus.ON_TRACK


def test_the_latest_quarter_stands_for_a_latest_indicator():
    periods = [quarter(2011, 4, 55), quarter(2011, 1, 40), quarter(2011, 2, 70)]
    [figure] = yearly_figures(periods, LATEST, HIGHER, D(60))
    assert (figure.value, figure.target) == (D(55), D(60))
    assert figure.status is TrackStatus.OFF_TRACK


def test_a_yearly_report_is_the_years_figure_even_beside_quarters():
    periods = [quarter(2011, 1, 10), year(2011, 5508), quarter(2011, 2, 10)]
    [figure] = yearly_figures(periods, SUM, HIGHER, D(5000))
    assert (figure.value, figure.target, figure.periods) == (D(5508), D(5000), 1)


def test_years_come_out_oldest_first():
    figures = yearly_figures([year(2012, 3), year(2010, 1), year(2011, 2)], SUM, HIGHER, None)
    assert [(f.fiscal_year, f.value) for f in figures] == [(2010, 1), (2011, 2), (2012, 3)]
    assert all(f.target is None and f.status is TrackStatus.NO_TARGET for f in figures)


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        (D(100), HIGHER, True),
        (D(99), HIGHER, False),
        (D(101), HIGHER, True),
        (D(100), LOWER, True),
        (D(99), LOWER, True),
        (D(101), LOWER, False),
    ],
)
def test_meeting_the_target_depends_on_the_direction(value, direction, expected):
    assert meets(value, D(100), direction) is expected


def test_the_latest_year_decides_the_status():
    recovered = yearly_figures([year(2010, 50), year(2011, 120)], SUM, HIGHER, D(100))
    assert indicator_status(recovered, D(100)) is TrackStatus.ON_TRACK
    slipped = yearly_figures([year(2010, 120), year(2011, 50)], SUM, HIGHER, D(100))
    assert indicator_status(slipped, D(100)) is TrackStatus.OFF_TRACK


def test_waiting_times_fall_to_their_target_when_lower_is_better():
    figures = yearly_figures([year(2010, 30), year(2011, 12)], AVERAGE, LOWER, D(14))
    assert indicator_status(figures, D(14)) is TrackStatus.ON_TRACK


def test_no_figures_is_no_data_and_no_target_is_no_target():
    assert indicator_status([], D(10)) is TrackStatus.NO_DATA
    assert indicator_status([], None) is TrackStatus.NO_DATA
    figures = yearly_figures([year(2011, 1)], SUM, HIGHER, None)
    assert indicator_status(figures, None) is TrackStatus.NO_TARGET


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([TrackStatus.ON_TRACK, TrackStatus.OFF_TRACK, TrackStatus.NO_DATA], TrackStatus.OFF_TRACK),
        ([TrackStatus.ON_TRACK, TrackStatus.NO_TARGET, TrackStatus.NO_DATA], TrackStatus.ON_TRACK),
        ([TrackStatus.NO_TARGET, TrackStatus.NO_DATA], TrackStatus.NO_TARGET),
        ([TrackStatus.NO_DATA], TrackStatus.NO_DATA),
        ([], TrackStatus.NO_DATA),
    ],
)
def test_a_project_is_off_track_when_any_indicator_is(statuses, expected):
    assert project_status(statuses) is expected


@pytest.mark.parametrize(
    ("aggregation", "expected"), [(SUM, D(6)), (LATEST, D(3)), (AVERAGE, D(2))]
)
def test_years_combine_over_the_years_as_periods_do(aggregation, expected):
    figures = yearly_figures(
        [year(2010, 1), year(2011, 2), year(2012, 3)], aggregation, HIGHER, None
    )
    assert over_the_years(figures, aggregation) == expected
    assert over_the_years([], aggregation) is None


def test_a_series_gathers_figures_status_and_total():
    result = series([year(2010, 2900), year(2011, 3483)], SUM, HIGHER, D(3000))
    assert result.status is TrackStatus.ON_TRACK
    assert result.total == D(6383)
    assert result.latest.fiscal_year == 2011
    assert series([], SUM, HIGHER, D(1)).latest is None


# --- properties --------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
quarters = st.dictionaries(st.integers(1, 4), amounts, min_size=1)


@given(quarters, st.sampled_from(list(Aggregation)))
def test_a_years_figure_lies_within_its_quarters_unless_summed(values, aggregation):
    periods = [quarter(2020, number, value) for number, value in values.items()]
    [figure] = yearly_figures(periods, aggregation, HIGHER, None)
    if aggregation is SUM:
        assert figure.value == sum(values.values())
    else:
        assert min(values.values()) - D("0.01") <= figure.value <= max(values.values())
    if aggregation is LATEST:
        assert figure.value == values[max(values)]


@given(st.lists(st.tuples(st.integers(2000, 2030), quarters), max_size=6), st.randoms())
def test_the_order_periods_arrive_in_does_not_matter(years, random):
    periods = [
        quarter(fiscal_year, number, value)
        for fiscal_year, values in dict(years).items()
        for number, value in values.items()
    ]
    shuffled = list(periods)
    random.shuffle(shuffled)
    for aggregation in Aggregation:
        assert yearly_figures(periods, aggregation, HIGHER, D(5)) == yearly_figures(
            shuffled, aggregation, HIGHER, D(5)
        )


@given(amounts, amounts)
def test_a_value_off_its_target_is_on_track_in_exactly_one_direction(value, target):
    higher, lower = meets(value, target, HIGHER), meets(value, target, LOWER)
    if value == target:
        assert higher and lower
    else:
        assert higher != lower
