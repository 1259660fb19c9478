"""``flask demo load``: the demo goes in through the domain functions, once."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

import proposals.database
from proposals.accounts.models import Role, RoleGrant, User
from proposals.audit.models import AuditEvent
from proposals.calls.models import Call, Criterion, Phase
from proposals.committee.models import Recommendation
from proposals.demo import data, loader
from proposals.extensions import db
from proposals.groups.models import Group, Invitation, Membership
from proposals.mail.models import OutboxMessage
from proposals.notifications.models import Notification
from proposals.projects.indicators import (
    Indicator,
    IndicatorCategory,
    IndicatorRevision,
    Report,
    ReportValue,
)
from proposals.projects.models import Project
from proposals.questions.models import Answer, Question
from proposals.review.models import (
    CommitteeMember,
    ConflictOfInterest,
    Review,
    ReviewAssignment,
    ReviewScore,
)
from proposals.selection.models import Selection
from proposals.submissions.models import BudgetLine, PlannedIndicator, Proposal, ProposalState
from proposals.submissions.workflow import WorkflowError

PAST_YEARS = [2003, 2004, 2005, 2006]


def load(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    db.session.rollback()  # see what the command committed, not an older snapshot
    return result


def past_proposals():
    return db.session.scalars(
        sa.select(Proposal).join(Call).where(Call.fiscal_year.in_(PAST_YEARS))
    ).all()


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_load_creates_the_four_past_calls_with_47_proposals(runner):
    system_clock = proposals.database.clock
    result = load(runner)

    assert proposals.database.clock is system_clock
    calls = db.session.scalars(sa.select(Call).order_by(Call.fiscal_year)).all()
    assert [c.fiscal_year for c in calls] == [*PAST_YEARS, 2026, 2027]
    for call in calls[:4]:
        assert call.timezone == "Asia/Tokyo"
        assert call.opens_at.astimezone(call.zone).year == call.fiscal_year
        assert call.closes_at.astimezone(call.zone).year == call.fiscal_year
        assert call.phase is Phase.DECIDED
        assert len(call.criteria) >= 4 and "**" in call.description

    past = past_proposals()
    assert len(past) == 47
    for proposal in past:
        assert proposal.state in (ProposalState.SELECTED, ProposalState.NOT_SELECTED)
        assert proposal.call.opens_at < proposal.submitted_at < proposal.call.closes_at
        local = proposal.submitted_at.astimezone(proposal.call.zone)
        assert dt.time(9, 30) <= local.time() <= dt.time(17, 30)  # office hours in Tokyo
        assert 2 <= len(proposal.budget_lines) <= 5
        assert proposal.requested_total == sum(line.amount for line in proposal.budget_lines)
        assert 0 < proposal.requested_total <= proposal.call.max_per_proposal
        assert 1 <= len(proposal.indicators) <= 3
        assert proposal.group.is_member(proposal.created_by)
        assert proposal.is_public

    assert count(Group) >= 12
    titles = {p.title for p in past}
    assert "Child-care courses for families in a supermarket" in titles
    assert "南林間わが町防災マップづくりと合同避難訓練" in titles

    assert calls[4].phase is Phase.IN_REVIEW
    current = calls[5]
    assert current.phase is Phase.OPEN
    states = [p.state for p in db.session.scalars(sa.select(Proposal).filter_by(call=current))]
    assert states.count(ProposalState.SUBMITTED) >= 2
    assert states.count(ProposalState.DRAFT) >= 3
    assert "proposals: 61 created, 0 skipped" in result.output
    assert "decisions: 4 created, 0 skipped" in result.output


def test_every_role_has_an_account_that_logs_in_with_its_documented_password(runner, app):
    load(runner)

    for account in data.DEMO_ACCOUNTS:
        user = db.session.scalar(sa.select(User).filter_by(email=account.email))
        assert user.check_password(account.password), account.email
        assert user.roles == set(account.roles)
    # One real login through the form for each role, and for a citizen.
    per_role = {}
    for account in data.DEMO_ACCOUNTS:
        per_role.setdefault(account.roles[:1], account)
    assert {roles[0] for roles in per_role if roles} == set(Role)
    assert () in per_role
    for account in per_role.values():
        client = app.test_client()
        response = client.post(
            "/login?next=/healthz",
            data={"email": account.email, "password": account.password},
        )
        assert response.status_code == 302, account.email
        assert response.headers["Location"].endswith("/healthz")
        user = db.session.scalar(sa.select(User).filter_by(email=account.email))
        with client.session_transaction() as session:
            assert session["_user_id"] == user.get_id()

    wrong = app.test_client().post(
        "/login", data={"email": "admin@kyodo.example", "password": "kyodo-demo-officer"}
    )
    assert wrong.status_code == 400


def test_groups_have_their_members_one_of_them_in_two_groups(runner):
    load(runner)

    aiko = db.session.scalar(sa.select(User).filter_by(email=data.TWO_GROUP_MEMBER))
    groups = db.session.scalars(
        sa.select(Group.name).join(Membership).where(Membership.user_id == aiko.id)
    ).all()
    assert sorted(groups) == sorted(
        ["大和子育て支援ネットワーク", "NPO Yamato Child Care Advisors"]
    )
    hana = db.session.scalar(sa.select(User).filter_by(email="hana@kyodo.example"))
    childcare = db.session.scalar(sa.select(Group).filter_by(name="大和子育て支援ネットワーク"))
    assert childcare.representative == hana
    # Members joined by invitation, accepted once.
    assert all(i.accepted_at is not None for i in db.session.scalars(sa.select(Invitation)))
    assert count(Invitation) == 3


def test_loading_twice_doubles_nothing(runner):
    load(runner)
    models = (
        User,
        RoleGrant,
        Group,
        Membership,
        Invitation,
        Call,
        Criterion,
        Proposal,
        BudgetLine,
        PlannedIndicator,
        CommitteeMember,
        ConflictOfInterest,
        ReviewAssignment,
        Review,
        ReviewScore,
        Question,
        Answer,
        Recommendation,
        Selection,
        Project,
        Indicator,
        IndicatorCategory,
        IndicatorRevision,
        Report,
        ReportValue,
        Notification,
        OutboxMessage,
        AuditEvent,
    )
    first = {model.__name__: count(model) for model in models}

    result = load(runner)

    assert {model.__name__: count(model) for model in models} == first
    assert "skipped account admin@kyodo.example (already there)" in result.output
    assert "accounts: 0 created" in result.output
    assert "proposals: 0 created, 61 skipped" in result.output
    assert "decisions: 0 created, 4 skipped" in result.output
    assert "reports: 0 created" in result.output
    assert first["Proposal"] == 61 and first["Project"] == 20
    assert first["Report"] > 60


def test_submissions_are_audited_at_the_time_they_were_made(runner):
    load(runner)

    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.object_type == "proposals")
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ).all()
    by_proposal = {}
    for event in events:
        by_proposal.setdefault(event.object_id, []).append(event)
    for proposal in past_proposals():
        trail = by_proposal[proposal.id]
        selection = db.session.scalar(sa.select(Selection).filter_by(proposal_id=proposal.id))
        mayor = (
            [f"selection.{'select' if selection.is_selected else 'decline'}"] if selection else []
        )
        outcome = "select" if proposal.state is ProposalState.SELECTED else "not_select"
        assert [e.action for e in trail] == [
            "proposal.create",
            "proposal.update",
            "proposal.submit",
            "proposal.mark_eligible",
            *mayor,
            f"proposal.{outcome}",
        ]
        submitted = trail[2]
        assert [e.created_at for e in trail] == sorted(e.created_at for e in trail)
        assert submitted.created_at == proposal.submitted_at
        assert submitted.actor_id == proposal.created_by_id
        assert trail[0].created_at == proposal.created_at
        assert trail[0].created_at.year == proposal.call.fiscal_year

    admin = db.session.scalar(sa.select(User).filter_by(email=data.ADMIN_EMAIL))
    grants = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "user.grant_role")
    ).all()
    # The first administrator is made as by the command line, every other role by the admin.
    assert sorted((e.actor_id or 0, e.after["role"]) for e in grants) == sorted(
        (0 if Role.ADMIN in a.roles else admin.id, role.value)
        for a in data.DEMO_ACCOUNTS
        for role in a.roles
    )
    assert {e.action for e in db.session.scalars(sa.select(AuditEvent))} >= {
        "user.create",
        "group.create",
        "group.invite",
        "group.join",
        "call.create",
    }


def test_a_failed_load_restores_the_clock_and_loading_again_completes_it(runner, monkeypatch):
    system_clock = proposals.database.clock
    moments = []

    def refuse(proposal, actor):
        moments.append(proposals.database.utcnow())
        raise WorkflowError(["refused for the test"])

    monkeypatch.setattr(loader, "submit", refuse)
    result = runner.invoke(args=["demo", "load"])

    assert result.exit_code != 0
    assert proposals.database.clock is system_clock
    assert moments and moments[0].year == 2003  # the clock was inside the 2003 window
    db.session.rollback()
    assert count(User) == len(data.DEMO_ACCOUNTS)  # committed before the calls
    assert count(Call) == 0 and count(Proposal) == 0  # the unfinished call rolled back

    monkeypatch.undo()
    load(runner)
    assert len(past_proposals()) == 47
    assert count(User) == len(data.DEMO_ACCOUNTS)
