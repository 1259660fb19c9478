"""Indicator arithmetic: reported periods into yearly figures, figures against targets.

Pure functions on plain numbers (no Flask, no database), so the rules are tested alone.

The rules:

- **A year's figure.** A yearly report (no quarter) is the year's figure. Without one, the
  year's quarters combine by the indicator's aggregation: ``sum`` adds them, ``latest`` takes
  the last quarter reported, ``average`` takes their mean (to two decimals).
- **A year's target.** The indicator's target is set per reporting period (a year, or a
  quarter), so the year's target combines the same way over the periods reported: a ``sum``
  indicator reported for three quarters is compared with three times its quarterly target.
  A partial year is thus judged on what was due so far.
- **Meeting a target.** "Higher is better": the figure is at least the target. "Lower is
  better": the figure is at most the target.
- **An indicator's status** is that of its latest fiscal year with a figure: on track when
  that figure meets its target, off track when not; "no target" when the indicator has none;
  "no data" when nothing was reported (and verified) yet.
- **A project's status**: off track when any indicator is; else on track when any indicator
  is; else "no target" when some indicator has figures but no target; else "no data".
- **Over the years** figures combine by the same aggregation: ``sum`` adds the years,
  ``latest`` takes the latest year, ``average`` the mean of the years.
"""

from __future__ import annotations

import decimal
import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from proposals.projects.indicators import Aggregation, Direction

CENTS = Decimal("0.01")


class TrackStatus(enum.StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return str(TRACK_LABELS[self])


TRACK_LABELS = {
    TrackStatus.ON_TRACK: _l("On track"),
    TrackStatus.OFF_TRACK: _l("Off track"),
    TrackStatus.NO_TARGET: _l("No target"),
    TrackStatus.NO_DATA: _l("No verified results yet"),
}


@dataclass(frozen=True)
class PeriodValue:
    """An indicator's verified value for one period: a fiscal year, or one of its quarters."""

    fiscal_year: int
    quarter: int | None
    value: Decimal


@dataclass(frozen=True)
class YearFigure:
    fiscal_year: int
    value: Decimal
    target: Decimal | None
    # How many periods made the figure: 1 for a yearly report, else the quarters reported.
    periods: int
    meets_target: bool | None

    @property
    def status(self) -> TrackStatus:
        if self.meets_target is None:
            return TrackStatus.NO_TARGET
        return TrackStatus.ON_TRACK if self.meets_target else TrackStatus.OFF_TRACK


def combine(values: Sequence[Decimal], aggregation: Aggregation) -> Decimal:
    """The values of consecutive periods (in order) as one figure."""
    if not values:
        raise ValueError("nothing to combine")
    if aggregation is Aggregation.SUM:
        return sum(values, Decimal(0))
    if aggregation is Aggregation.LATEST:
        return values[-1]
    mean = sum(values, Decimal(0)) / len(values)
    return mean.quantize(CENTS, rounding=decimal.ROUND_HALF_UP)


def meets(value: Decimal, target: Decimal, direction: Direction) -> bool:
    if direction is Direction.LOWER_IS_BETTER:
        return value <= target
    return value >= target


def yearly_figures(
    periods: Iterable[PeriodValue],
    aggregation: Aggregation,
    direction: Direction,
    target: Decimal | None,
) -> list[YearFigure]:
    """One figure per fiscal year with a value, oldest first, each against its target."""
    by_year: dict[int, dict[int | None, Decimal]] = defaultdict(dict)
    for period in periods:
        by_year[period.fiscal_year][period.quarter] = period.value
    figures = []
    for year in sorted(by_year):
        reported = by_year[year]
        if None in reported:
            values = [reported[None]]
        else:
            values = [reported[quarter] for quarter in sorted(reported)]
        value = combine(values, aggregation)
        year_target = None if target is None else combine([target] * len(values), aggregation)
        figures.append(
            YearFigure(
                fiscal_year=year,
                value=value,
                target=year_target,
                periods=len(values),
                meets_target=None if year_target is None else meets(value, year_target, direction),
            )
        )
    return figures


def indicator_status(figures: Sequence[YearFigure], target: Decimal | None) -> TrackStatus:
    """Judged on the latest year with a figure (``figures`` oldest first)."""
    if not figures:
        return TrackStatus.NO_DATA
    if target is None:
        return TrackStatus.NO_TARGET
    return figures[-1].status


def project_status(statuses: Iterable[TrackStatus]) -> TrackStatus:
    """A project is off track when any of its indicators is (see the module's rules)."""
    present = set(statuses)
    for status in (TrackStatus.OFF_TRACK, TrackStatus.ON_TRACK, TrackStatus.NO_TARGET):
        if status in present:
            return status
    return TrackStatus.NO_DATA


def over_the_years(figures: Sequence[YearFigure], aggregation: Aggregation) -> Decimal | None:
    """The figures of all the years as one (``None`` when there are none)."""
    if not figures:
        return None
    return combine([figure.value for figure in figures], aggregation)


@dataclass(frozen=True)
class IndicatorSeries:
    """What a chart and its table show for one indicator."""

    figures: list[YearFigure]
    status: TrackStatus
    total: Decimal | None

    @property
    def latest(self) -> YearFigure | None:
        return self.figures[-1] if self.figures else None


def series(
    periods: Iterable[PeriodValue],
    aggregation: Aggregation,
    direction: Direction,
    target: Decimal | None,
) -> IndicatorSeries:
    figures = yearly_figures(periods, aggregation, direction, target)
    return IndicatorSeries(
        figures=figures,
        status=indicator_status(figures, target),
        total=over_the_years(figures, aggregation),
    )
