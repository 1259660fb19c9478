"""The queries behind the charts and dashboards: verified values only, a few queries a page.

Only VERIFIED reports count. A SUPERSEDED report is an older verified revision, and drafts and
submitted reports are not yet checked: none of them is ever counted. Every function takes a
``select`` of project ids (or one project) and runs a fixed number of queries whatever the
number of projects, indicators or years; the arithmetic is in ``results``.
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.sql import Select

from proposals.extensions import db
from proposals.projects import results
from proposals.projects.indicators import (
    Aggregation,
    Direction,
    Indicator,
    IndicatorCategory,
    IndicatorKind,
    Report,
    ReportState,
    ReportValue,
)
from proposals.projects.models import Project
from proposals.projects.results import IndicatorSeries, PeriodValue, TrackStatus, YearFigure


@dataclass(frozen=True)
class IndicatorInfo:
    """The columns of an indicator that the arithmetic needs."""

    id: int
    project_id: int
    name: str
    unit: str
    kind: IndicatorKind
    aggregation: Aggregation
    direction: Direction
    target: decimal.Decimal | None


@dataclass(frozen=True)
class CategorySeries:
    """One category's yearly figures (e.g. courses taught by professional teachers)."""

    id: int
    name: str
    figures: list[YearFigure]

    def value_in(self, fiscal_year: int) -> decimal.Decimal | None:
        for figure in self.figures:
            if figure.fiscal_year == fiscal_year:
                return figure.value
        return None


@dataclass(frozen=True)
class IndicatorResult:
    indicator: IndicatorInfo
    series: IndicatorSeries
    # The indicator's breakdown, in its order; empty without categories (or when not asked).
    categories: tuple[CategorySeries, ...] = ()


@dataclass(frozen=True)
class ProjectResults:
    project_id: int
    indicators: list[IndicatorResult]

    @property
    def status(self) -> TrackStatus:
        return results.project_status(item.series.status for item in self.indicators)


def _verified_reports() -> Select:
    """The current verified report of each period: the verified one with no later verified
    revision (only one should exist; this keeps a slip from ever counting twice)."""
    later = sa.orm.aliased(Report)
    newer_verified = (
        sa.select(later.id)
        .where(
            later.project_id == Report.project_id,
            later.fiscal_year == Report.fiscal_year,
            later.quarter.is_not_distinct_from(Report.quarter),
            later.state == ReportState.VERIFIED,
            later.revision > Report.revision,
        )
        .exists()
    )
    return sa.select(Report).where(Report.state == ReportState.VERIFIED, ~newer_verified)


def _period_values_query(project_ids: Select, *, latest_year_only: bool, indicator_id=None):
    report = _verified_reports().subquery()
    # An indicator with categories is the sum of its categories; else its own value.
    category_sum = sa.func.sum(sa.case((ReportValue.category_id.is_not(None), ReportValue.value)))
    own_value = sa.func.sum(sa.case((ReportValue.category_id.is_(None), ReportValue.value)))
    query = (
        sa.select(
            ReportValue.indicator_id,
            report.c.fiscal_year,
            report.c.quarter,
            sa.func.coalesce(category_sum, own_value).label("value"),
        )
        .join(report, report.c.id == ReportValue.report_id)
        .where(report.c.project_id.in_(project_ids))
        .group_by(ReportValue.indicator_id, report.c.fiscal_year, report.c.quarter)
    )
    if indicator_id is not None:
        query = query.where(ReportValue.indicator_id == indicator_id)
    if latest_year_only:
        latest = (
            sa.select(
                ReportValue.indicator_id.label("indicator_id"),
                sa.func.max(report.c.fiscal_year).label("fiscal_year"),
            )
            .join(report, report.c.id == ReportValue.report_id)
            .where(report.c.project_id.in_(project_ids))
            .group_by(ReportValue.indicator_id)
            .subquery()
        )
        query = query.join(
            latest,
            sa.and_(
                latest.c.indicator_id == ReportValue.indicator_id,
                latest.c.fiscal_year == report.c.fiscal_year,
            ),
        )
    return query


def period_values(
    project_ids: Select, *, latest_year_only: bool = False, indicator_id: int | None = None
) -> dict[int, list[PeriodValue]]:
    """Verified values by indicator id, one per period: one query."""
    query = _period_values_query(
        project_ids, latest_year_only=latest_year_only, indicator_id=indicator_id
    )
    found: dict[int, list[PeriodValue]] = defaultdict(list)
    for indicator, year, quarter, value in db.session.execute(query):
        found[indicator].append(PeriodValue(year, quarter, decimal.Decimal(value)))
    return found


def category_series(
    project_ids: Select, indicators: Iterable[IndicatorInfo], *, indicator_id: int | None = None
) -> dict[int, tuple[CategorySeries, ...]]:
    """Each indicator's categories with their verified yearly figures: two queries.

    A category's year combines its quarters by the indicator's aggregation, like the total;
    categories have no target of their own (the target is the indicator's)."""
    infos = {info.id: info for info in indicators}
    names = sa.select(IndicatorCategory.id, IndicatorCategory.indicator_id, IndicatorCategory.name)
    if indicator_id is not None:
        names = names.where(IndicatorCategory.indicator_id == indicator_id)
    else:
        names = names.join(Indicator, Indicator.id == IndicatorCategory.indicator_id).where(
            Indicator.project_id.in_(project_ids)
        )
    categories = db.session.execute(
        names.order_by(IndicatorCategory.indicator_id, IndicatorCategory.position)
    ).all()
    if not categories:
        return {}
    report = _verified_reports().subquery()
    query = (
        sa.select(
            ReportValue.category_id,
            report.c.fiscal_year,
            report.c.quarter,
            sa.func.sum(ReportValue.value),
        )
        .join(report, report.c.id == ReportValue.report_id)
        .where(report.c.project_id.in_(project_ids), ReportValue.category_id.is_not(None))
        .group_by(ReportValue.category_id, report.c.fiscal_year, report.c.quarter)
    )
    if indicator_id is not None:
        query = query.where(ReportValue.indicator_id == indicator_id)
    periods: dict[int, list[PeriodValue]] = defaultdict(list)
    for category, year, quarter, value in db.session.execute(query):
        periods[category].append(PeriodValue(year, quarter, decimal.Decimal(value)))
    found: dict[int, list[CategorySeries]] = defaultdict(list)
    for category, indicator, name in categories:
        info = infos.get(indicator)
        if info is None:
            continue
        figures = results.yearly_figures(
            periods.get(category, []), info.aggregation, info.direction, None
        )
        found[indicator].append(CategorySeries(category, name, figures))
    return {indicator: tuple(items) for indicator, items in found.items()}


def indicators_of(project_ids: Select) -> list[IndicatorInfo]:
    """The indicators of the projects, in each project's order: one query."""
    rows = db.session.execute(
        sa.select(
            Indicator.id,
            Indicator.project_id,
            Indicator.name,
            Indicator.unit,
            Indicator.kind,
            Indicator.aggregation,
            Indicator.direction,
            Indicator.target,
        )
        .where(Indicator.project_id.in_(project_ids))
        .order_by(Indicator.project_id, Indicator.position, Indicator.id)
    )
    return [IndicatorInfo(*row) for row in rows]


def project_results(
    project_ids: Select | Iterable[int],
    *,
    latest_year_only: bool = False,
    with_categories: bool = False,
) -> dict[int, ProjectResults]:
    """Each project's indicators with their yearly figures and status: two queries (four
    ``with_categories``, which adds each category's yearly figures).

    ``latest_year_only`` reads only each indicator's latest year, which is all a status needs.
    """
    if not isinstance(project_ids, Select):
        project_ids = sa.select(Project.id).where(Project.id.in_(list(project_ids)))
    indicators = indicators_of(project_ids)
    values = period_values(project_ids, latest_year_only=latest_year_only)
    categories = category_series(project_ids, indicators) if with_categories else {}
    by_project: dict[int, list[IndicatorResult]] = defaultdict(list)
    for info in indicators:
        computed = results.series(
            values.get(info.id, []), info.aggregation, info.direction, info.target
        )
        by_project[info.project_id].append(
            IndicatorResult(info, computed, categories.get(info.id, ()))
        )
    return {
        project_id: ProjectResults(project_id, items) for project_id, items in by_project.items()
    }


def results_of_project(project: Project) -> ProjectResults:
    """One project's results for its page, with each indicator's categories."""
    ids = sa.select(Project.id).where(Project.id == project.id)
    return project_results(ids, with_categories=True).get(
        project.id, ProjectResults(project.id, [])
    )


def indicator_series(indicator: Indicator) -> IndicatorSeries:
    """One indicator's yearly figures, for its chart: one query."""
    ids = sa.select(Project.id).where(Project.id == indicator.project_id)
    values = period_values(ids, indicator_id=indicator.id)
    return results.series(
        values.get(indicator.id, []), indicator.aggregation, indicator.direction, indicator.target
    )


def indicator_categories(indicator: Indicator) -> tuple[CategorySeries, ...]:
    """One indicator's categories with their yearly figures, for its chart: two queries
    (one when it has no categories)."""
    ids = sa.select(Project.id).where(Project.id == indicator.project_id)
    info = IndicatorInfo(
        indicator.id,
        indicator.project_id,
        indicator.name,
        indicator.unit,
        indicator.kind,
        indicator.aggregation,
        indicator.direction,
        indicator.target,
    )
    return category_series(ids, [info], indicator_id=indicator.id).get(indicator.id, ())


# --- totals of a call, or of the whole programme --------------------------------------------

# Percentages of different projects do not add up; every other kind does, unit by unit.
SUMMABLE_KINDS = (IndicatorKind.HOURS, IndicatorKind.PEOPLE, IndicatorKind.COUNT, IndicatorKind.YEN)


@dataclass
class Total:
    """The results of one kind and unit added over projects, with what those projects got."""

    kind: IndicatorKind
    unit: str
    latest_year: decimal.Decimal = decimal.Decimal(0)
    all_years: decimal.Decimal = decimal.Decimal(0)
    projects: int = 0
    awarded: int = 0

    @property
    def yen_per_unit(self) -> decimal.Decimal | None:
        if not self.all_years:
            return None
        return (decimal.Decimal(self.awarded) / self.all_years).quantize(decimal.Decimal(1))


@dataclass
class Summary:
    projects: int
    awarded: int
    latest_year: int | None
    statuses: dict[TrackStatus, int]
    totals: list[Total]
    results: dict[int, ProjectResults]


def summary(projects: Iterable, project_ids: Select) -> Summary:
    """Totals by kind and unit for the latest fiscal year reported and for all years, the
    projects on and off track, and the awarded amounts: two queries beyond ``projects``
    (projects or rows with their ``id`` and ``awarded_amount``)."""
    projects = list(projects)
    found = project_results(project_ids)
    awarded_by_project = {project.id: project.awarded_amount for project in projects}
    years = [
        item.series.latest.fiscal_year
        for result in found.values()
        for item in result.indicators
        if item.series.latest is not None
    ]
    latest_year = max(years) if years else None
    totals: dict[tuple[IndicatorKind, str], Total] = {}
    counted: dict[tuple[IndicatorKind, str], set[int]] = defaultdict(set)
    for project_id, result in found.items():
        for item in result.indicators:
            info, computed = item.indicator, item.series
            if info.kind not in SUMMABLE_KINDS or computed.total is None:
                continue
            key = (info.kind, info.unit.strip().lower())
            total = totals.setdefault(key, Total(kind=info.kind, unit=info.unit.strip()))
            total.all_years += computed.total
            for figure in computed.figures:
                if figure.fiscal_year == latest_year:
                    total.latest_year += figure.value
            if project_id not in counted[key]:
                counted[key].add(project_id)
                total.projects += 1
                total.awarded += awarded_by_project.get(project_id, 0)
    statuses = dict.fromkeys(TrackStatus, 0)
    for project in projects:
        result = found.get(project.id)
        statuses[result.status if result else TrackStatus.NO_DATA] += 1
    order = {kind: position for position, kind in enumerate(SUMMABLE_KINDS)}
    return Summary(
        projects=len(projects),
        awarded=sum(project.awarded_amount for project in projects),
        latest_year=latest_year,
        statuses=statuses,
        totals=sorted(totals.values(), key=lambda t: (order[t.kind], t.unit.lower())),
        results=found,
    )
