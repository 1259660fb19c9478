"""Fixtures of the open data tests: a decided call with two projects and their reports in
every state, and a call still being decided whose private work must never be exported."""

from __future__ import annotations

import datetime as dt
import decimal
from types import SimpleNamespace

import pytest

from proposals.accounts.models import Role
from proposals.committee.models import Recommendation
from proposals.database import utcnow
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
from proposals.projects.models import Project
from proposals.selection.models import Selection, SelectionOutcome
from proposals.submissions.models import ProposalState

S = ProposalState
RS = ReportState

# Text and numbers that exist only in private work or unverified reports.
PRIVATE_MARKERS = ("PRIVATE-", "7777", "8888", "2999", "Golf", "Hotel")


@pytest.fixture
def private_markers():
    return PRIVATE_MARKERS


def _recommend(proposal, officer, recommended, rationale, votes=(4, 1, 0)):
    db.session.add(
        Recommendation(
            proposal_id=proposal.id,
            call_id=proposal.call_id,
            recommended=recommended,
            votes_for=votes[0],
            votes_against=votes[1],
            votes_abstain=votes[2],
            rationale=rationale,
            recorded_by_id=officer.id,
        )
    )


def _decide(proposal, mayor, *, amount=None, reason, amount_reason=None, justification=None):
    db.session.add(
        Selection(
            proposal_id=proposal.id,
            call_id=proposal.call_id,
            outcome=SelectionOutcome.SELECTED if amount else SelectionOutcome.DECLINED,
            awarded_amount=amount,
            reason=reason,
            amount_reason=amount_reason,
            justification=justification,
            decided_by_id=mayor.id,
        )
    )
    if amount:
        proposal.call.selected_total += amount


def add_indicator(project, position, name, unit, kind, categories=()):
    indicator = Indicator(
        project=project,
        position=position,
        name=name,
        unit=unit,
        kind=kind,
        aggregation=Aggregation.SUM,
        direction=Direction.HIGHER_IS_BETTER,
        target=decimal.Decimal("100"),
        categories=[
            IndicatorCategory(position=i, name=category) for i, category in enumerate(categories)
        ],
    )
    db.session.add(indicator)
    db.session.flush()
    return indicator


def add_report(project, fiscal_year, quarter, state, values, *, submitter, verifier, revision=1):
    """A report with ``values``: {(indicator, category name or None): value}."""
    now = utcnow()
    report = Report(
        project=project,
        fiscal_year=fiscal_year,
        quarter=quarter,
        revision=revision,
        revision_reason="Corrected count." if revision > 1 else None,
        state=state,
        prepared_by_id=submitter.id,
    )
    if state is not RS.DRAFT:
        report.submitted_by_id, report.submitted_at = submitter.id, now
    if state in (RS.VERIFIED, RS.SUPERSEDED):
        report.verified_by_id, report.verified_at = verifier.id, now
    for (indicator, category), value in values.items():
        category_id = None
        if category is not None:
            [category_id] = [c.id for c in indicator.categories if c.name == category]
        report.values.append(
            ReportValue(
                indicator_id=indicator.id, category_id=category_id, value=decimal.Decimal(value)
            )
        )
    db.session.add(report)
    db.session.flush()
    return report


@pytest.fixture
def officers(make_user):
    return SimpleNamespace(
        first=make_user(roles=[Role.CITY_OFFICER], name="Officer Ota"),
        second=make_user(roles=[Role.CITY_OFFICER], name="Officer Sato"),
        mayor=make_user(roles=[Role.MAYORS_OFFICE], name="Mayor's Office Mori"),
    )


@pytest.fixture
def build_structure(make_call, make_proposal, make_group, officers):
    """Build the calls, proposals, decisions, projects and indicators (no reports).

    Called twice in the round trip: the same order of creation gives the same ids."""

    def build(people=None):
        people = people or officers
        first, mayor = people.first, people.mayor
        call = make_call("closed", officer=first, title="Citizen Partnership 2011")
        groups = {
            name: make_group(name=f"{name} group")
            for name in ("Alpha", "Bravo", "Charlie", "Delta", "Golf", "Hotel")
        }

        def proposal(name, state, the_call=call):
            return make_proposal(
                call=the_call, group=groups[name], state=state, title=f"{name} project"
            )

        p = SimpleNamespace(
            alpha=proposal("Alpha", S.SELECTED),
            bravo=proposal("Bravo", S.NOT_SELECTED),
            charlie=proposal("Charlie", S.NOT_SELECTED),
            delta=proposal("Delta", S.SELECTED),
            golf=proposal("Golf", S.WITHDRAWN),  # withdrawn while the call was open
            hotel=proposal("Hotel", S.DRAFT),
        )
        _recommend(p.alpha, first, True, "Strong reach", votes=(4, 1, 0))
        _recommend(p.bravo, first, True, "Good but costly", votes=(3, 2, 0))
        _recommend(p.charlie, first, False, "Too vague", votes=(1, 4, 0))
        _recommend(p.delta, first, False, "Unproven group", votes=(2, 3, 0))
        _decide(p.alpha, mayor, amount=500_000, reason="Fits the plan")
        _decide(p.bravo, mayor, reason="Overlaps an existing service")
        _decide(
            p.delta,
            mayor,
            amount=400_000,
            reason="Serves an unserved district",
            amount_reason="Materials are covered by the city",
            justification="The only proposal for the northern district",
        )
        call.review_closed_at = call.closes_at + dt.timedelta(days=5)
        call.recommendations_closed_at = call.closes_at + dt.timedelta(days=6)
        call.decided_at = call.closes_at + dt.timedelta(days=7)

        # A call whose committee and mayor's office are still at work: all of it private.
        pending = make_call("closed", officer=first, title="Citizen Partnership 2027")
        india = make_proposal(
            call=pending, group=groups["Bravo"], state=S.ELIGIBLE, title="India project"
        )
        _recommend(india, first, True, "PRIVATE-RATIONALE")
        pending.review_closed_at = pending.closes_at + dt.timedelta(days=1)
        pending.recommendations_closed_at = pending.closes_at + dt.timedelta(days=2)
        _decide(india, mayor, amount=300_000, reason="PRIVATE-REASON")

        alpha = Project(
            proposal=p.alpha,
            call=call,
            group=p.alpha.group,
            title="Childcare support",
            department="Child and Family Division",
            awarded_amount=500_000,
            lead_officer_id=first.id,
        )
        delta = Project(
            proposal=p.delta,
            call=call,
            group=p.delta.group,
            title="Community centre, Delta",
            department="Community Division",
            awarded_amount=400_000,
            lead_officer_id=first.id,
        )
        db.session.add_all([alpha, delta])
        db.session.flush()
        requests = add_indicator(alpha, 0, "Service requests", "requests", IndicatorKind.COUNT)
        hours = add_indicator(alpha, 1, "Activity hours", "hours", IndicatorKind.HOURS)
        courses = add_indicator(
            delta,
            0,
            "Courses",
            "courses",
            IndicatorKind.COUNT,
            categories=("Group members", "Professional teachers", "Other citizens"),
        )
        users = add_indicator(delta, 1, "Users", "people", IndicatorKind.PEOPLE)
        db.session.commit()
        return SimpleNamespace(
            call=call,
            pending=pending,
            india=india,
            p=p,
            alpha=alpha,
            delta=delta,
            requests=requests,
            hours=hours,
            courses=courses,
            users=users,
        )

    return build


def add_reports(world, officers):
    """Reports in every state; only the verified ones' values are public."""
    first, second = officers.first, officers.second
    w = world
    add_report(
        w.alpha,
        2011,
        None,
        RS.SUPERSEDED,
        {(w.requests, None): "2999", (w.hours, None): "5000"},
        submitter=first,
        verifier=second,
    )
    add_report(
        w.alpha,
        2011,
        None,
        RS.VERIFIED,
        {(w.requests, None): "3483", (w.hours, None): "5508.5"},
        submitter=first,
        verifier=second,
        revision=2,
    )
    add_report(
        w.alpha,
        2010,
        None,
        RS.VERIFIED,
        {(w.requests, None): "2100", (w.hours, None): "4200.25"},
        submitter=first,
        verifier=second,
    )
    add_report(
        w.alpha,
        2012,
        None,
        RS.SUBMITTED,
        {(w.requests, None): "7777"},
        submitter=first,
        verifier=None,
    )
    add_report(
        w.alpha, 2013, None, RS.DRAFT, {(w.requests, None): "8888"}, submitter=first, verifier=None
    )
    add_report(
        w.delta,
        2011,
        None,
        RS.VERIFIED,
        {
            (w.courses, "Group members"): "111",
            (w.courses, "Professional teachers"): "18",
            (w.courses, "Other citizens"): "33",
            (w.users, None): "20308",
        },
        submitter=second,
        verifier=first,
    )
    add_report(
        w.delta,
        2012,
        1,
        RS.VERIFIED,
        {(w.users, None): "5100"},
        submitter=second,
        verifier=first,
    )
    db.session.commit()


@pytest.fixture
def world(build_structure, officers):
    world = build_structure()
    add_reports(world, officers)
    return world
