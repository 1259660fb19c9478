"""Fixtures of the report tests: a published project with a lead officer, a group member,
another officer to verify, and three indicators (one broken down by category)."""

from __future__ import annotations

import datetime as dt
import decimal
from types import SimpleNamespace

import pytest

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.projects.indicators import (
    Aggregation,
    Direction,
    Indicator,
    IndicatorCategory,
    IndicatorKind,
)
from proposals.projects.models import Project
from proposals.submissions.models import ProposalState

D = decimal.Decimal


@pytest.fixture
def world(make_user, make_group, make_call, make_proposal, clock):
    """The clock is 1 June 2026 (fiscal 2026); the call is of fiscal 2024, so fiscal 2024 and
    2025 are due (both overdue: fiscal 2025 was due by 31 May 2026)."""
    lead = make_user(roles=[Role.CITY_OFFICER], name="Lead Officer Ota")
    verifier = make_user(roles=[Role.CITY_OFFICER], name="Verifier Officer Kato")
    other_officer = make_user(roles=[Role.CITY_OFFICER], name="Other Officer Sato")
    member = make_user(name="Member Mori")
    citizen = make_user(name="Citizen Chiba")
    reviewer = make_user(roles=[Role.REVIEWER], name="Reviewer Ueda")
    mayor = make_user(roles=[Role.MAYORS_OFFICE], name="Mayor's Office Ito")
    admin = make_user(roles=[Role.ADMIN], name="Admin Abe")
    group = make_group(members=[member], name="Childcare Support Network")
    call = make_call("closed", officer=lead, now=clock.now - dt.timedelta(days=800))
    call.fiscal_year = 2024
    proposal = make_proposal(call=call, group=group, state=ProposalState.SELECTED)
    project = Project(
        proposal=proposal,
        call=call,
        group=group,
        title="Childcare support",
        department="Child and Family Division",
        awarded_amount=500_000,
        lead_officer_id=lead.id,
    )
    db.session.add(project)
    db.session.flush()
    requests = Indicator(
        project_id=project.id,
        position=0,
        name="Service requests",
        unit="requests",
        kind=IndicatorKind.COUNT,
        aggregation=Aggregation.SUM,
        direction=Direction.HIGHER_IS_BETTER,
        target=D(3000),
    )
    hours = Indicator(
        project_id=project.id,
        position=1,
        name="Activity hours",
        unit="hours",
        kind=IndicatorKind.HOURS,
        aggregation=Aggregation.SUM,
        direction=Direction.HIGHER_IS_BETTER,
    )
    courses = Indicator(
        project_id=project.id,
        position=2,
        name="Courses",
        unit="courses",
        kind=IndicatorKind.COUNT,
        aggregation=Aggregation.SUM,
        direction=Direction.HIGHER_IS_BETTER,
        categories=[
            IndicatorCategory(position=0, name="Group members"),
            IndicatorCategory(position=1, name="Professional teachers"),
        ],
    )
    db.session.add_all([requests, hours, courses])
    db.session.commit()
    by_members, by_teachers = courses.categories
    return SimpleNamespace(
        lead=lead,
        verifier=verifier,
        other_officer=other_officer,
        member=member,
        representative=group.representative,
        citizen=citizen,
        reviewer=reviewer,
        mayor=mayor,
        admin=admin,
        group=group,
        call=call,
        project=project,
        requests=requests,
        hours=hours,
        courses=courses,
        by_members=by_members,
        by_teachers=by_teachers,
    )


def full_values(w, requests=3483, hours="5508.5", members=111, teachers=18):
    return {
        (w.requests.id, None): D(requests),
        (w.hours.id, None): D(hours),
        (w.courses.id, w.by_members.id): D(members),
        (w.courses.id, w.by_teachers.id): D(teachers),
    }
