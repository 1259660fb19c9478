"""Builders for the charts' tests: decided calls, projects, indicators and reports in any state,
written directly so that each test says exactly which values are verified."""

from __future__ import annotations

import datetime as dt
import decimal
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.extensions import db
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
from proposals.projects.models import Project, ProjectStatus
from proposals.submissions.models import ProposalState


@pytest.fixture
def officers(make_user):
    return SimpleNamespace(
        lead=make_user(roles=[Role.CITY_OFFICER], name="Officer Lead"),
        checker=make_user(roles=[Role.CITY_OFFICER], name="Officer Checker"),
    )


@pytest.fixture
def decided_call(make_call):
    """A call whose decision is published (``decided_at`` set)."""

    def decided_call(title="Citizen Partnership 2011", budget=50_000_000):
        call = make_call(
            "closed", title=title, budget=budget, max_per_proposal=min(budget, 10_000_000)
        )
        call.review_closed_at = call.closes_at + dt.timedelta(days=10)
        call.recommendations_closed_at = call.closes_at + dt.timedelta(days=20)
        call.decided_at = call.closes_at + dt.timedelta(days=30)
        db.session.commit()
        return call

    return decided_call


@pytest.fixture
def make_project(make_proposal, decided_call, officers):
    def make_project(
        title="Childcare support",
        *,
        call=None,
        group=None,
        awarded=1_000_000,
        status=ProjectStatus.ACTIVE,
        themes=(),
    ):
        call = call or decided_call()
        proposal = make_proposal(call=call, group=group, state=ProposalState.SELECTED, title=title)
        proposal.themes = themes
        project = Project(
            proposal=proposal,
            call=call,
            group=proposal.group,
            title=title,
            awarded_amount=awarded,
            status=status,
            discontinued_reason="Stopped." if status is ProjectStatus.DISCONTINUED else None,
            lead_officer=officers.lead,
        )
        db.session.add(project)
        db.session.commit()
        return project

    return make_project


@pytest.fixture
def make_indicator():
    def make_indicator(
        project,
        name="Service requests",
        *,
        unit="requests",
        kind=IndicatorKind.COUNT,
        aggregation=Aggregation.SUM,
        direction=Direction.HIGHER_IS_BETTER,
        target=None,
        categories=(),
    ):
        position = db.session.scalar(
            sa.select(sa.func.count()).where(Indicator.project_id == project.id)
        )
        indicator = Indicator(
            project=project,
            position=position,
            name=name,
            unit=unit,
            kind=kind,
            aggregation=aggregation,
            direction=direction,
            target=None if target is None else decimal.Decimal(target),
            categories=[
                IndicatorCategory(position=i, name=category)
                for i, category in enumerate(categories)
            ],
        )
        db.session.add(indicator)
        db.session.commit()
        return indicator

    return make_indicator


@pytest.fixture
def make_report(officers):
    """A report in ``state`` with ``values``: {indicator: number, or {category name: number}}."""

    def make_report(
        project, fiscal_year, values, *, quarter=None, state=ReportState.VERIFIED, revision=1
    ):
        state = ReportState(state)
        moment = dt.datetime(fiscal_year + 1, 5, 1, tzinfo=dt.UTC)
        report = Report(
            project=project,
            fiscal_year=fiscal_year,
            quarter=quarter,
            revision=revision,
            revision_reason=None if revision == 1 else "Corrected a typo.",
            state=state,
            prepared_by=officers.lead,
        )
        if state is not ReportState.DRAFT:
            report.submitted_by, report.submitted_at = officers.lead, moment
        if state in (ReportState.VERIFIED, ReportState.SUPERSEDED):
            report.verified_by, report.verified_at = officers.checker, moment
        for indicator, value in values.items():
            if isinstance(value, dict):
                by_name = {category.name: category for category in indicator.categories}
                for name, part in value.items():
                    report.values.append(
                        ReportValue(
                            indicator_id=indicator.id,
                            category_id=by_name[name].id,
                            value=decimal.Decimal(part),
                        )
                    )
            else:
                report.values.append(
                    ReportValue(indicator_id=indicator.id, value=decimal.Decimal(value))
                )
        db.session.add(report)
        db.session.commit()
        return report

    return make_report


@pytest.fixture
def count_queries():
    """``with count_queries() as counter: ...`` then ``counter.count`` SQL statements ran."""
    from contextlib import contextmanager

    @contextmanager
    def count_queries():
        class Counter:
            count = 0

        counter = Counter()

        def before(*args, **kwargs):
            counter.count += 1

        sa.event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", before)

    return count_queries
