"""Publishing a call's decision: the domain functions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.audit.models import AuditEvent
from proposals.calls.models import Phase
from proposals.database import utcnow
from proposals.extensions import db
from proposals.mail.models import OutboxMessage
from proposals.notifications.models import Notification
from proposals.projects.models import Project, ProjectStatus
from proposals.publication import operations
from proposals.publication.operations import Funnel
from proposals.selection.models import Selection
from proposals.submissions import workflow
from proposals.submissions.models import ProposalState
from proposals.submissions.workflow import WorkflowError

S = ProposalState


def _published(selecting, mayor):
    projects = operations.publish(selecting.call, mayor)
    db.session.commit()
    return projects


def _mails_to(user):
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == user.email)
    ).all()


def _notifications_of(user):
    return db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)).all()


# --- what publishing does ----------------------------------------------------------------


def test_publishing_sets_every_final_state_and_decides_the_call(selecting, mayor):
    call, p = selecting.call, selecting.p
    _published(selecting, mayor)
    assert call.decided_at is not None
    assert call.phase is Phase.DECIDED
    states = {name: getattr(p, name).state for name in vars(p)}
    assert states == {
        "alpha": S.SELECTED,
        "bravo": S.NOT_SELECTED,
        "charlie": S.NOT_SELECTED,
        "delta": S.SELECTED,
        "echo": S.INELIGIBLE,
        "foxtrot": S.WITHDRAWN,
        "golf": S.WITHDRAWN,
        "hotel": S.DRAFT,
    }


def test_a_project_is_created_for_each_selected_proposal(selecting, mayor):
    p = selecting.p
    projects = _published(selecting, mayor)
    rows = db.session.scalars(sa.select(Project).order_by(Project.title)).all()
    assert rows == sorted(projects, key=lambda project: project.title)
    assert [
        (r.proposal_id, r.title, r.group_id, r.call_id, r.department, r.awarded_amount, r.status)
        for r in rows
    ] == [
        (
            p.alpha.id,
            "Alpha project",
            p.alpha.group_id,
            selecting.call.id,
            "Child and Family Division",
            500_000,
            ProjectStatus.ACTIVE,
        ),
        (
            p.delta.id,
            "Delta project",
            p.delta.group_id,
            selecting.call.id,
            "Child and Family Division",
            400_000,
            ProjectStatus.ACTIVE,
        ),
    ]


def test_each_change_is_audited(selecting, mayor):
    p = selecting.p
    projects = _published(selecting, mayor)
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.actor_id == mayor.id).order_by(AuditEvent.id)
    ).all()
    transitions = {
        (event.object_id, event.action, event.before["state"], event.after["state"])
        for event in events
        if event.object_type == "proposals"
    }
    assert transitions == {
        (p.alpha.id, "proposal.select", "eligible", "selected"),
        (p.delta.id, "proposal.select", "eligible", "selected"),
        (p.bravo.id, "proposal.not_select", "eligible", "not_selected"),
        (p.charlie.id, "proposal.not_select", "eligible", "not_selected"),
    }
    assert len(events) == 5
    publish_event = events[-1]
    assert publish_event.action == "call.publish"
    assert publish_event.object_id == selecting.call.id
    assert publish_event.before == {"phase": "selecting"}
    assert publish_event.after == {
        "phase": "decided",
        "selected": 2,
        "not_selected": 2,
        "awarded_total": 900_000,
        "projects": [project.id for project in projects],
    }


def test_every_member_of_a_decided_group_is_notified(selecting, mayor):
    _published(selecting, mayor)
    members, groups = selecting.members, selecting.groups
    for name in ("alpha", "bravo", "charlie", "delta"):
        for user in (members.__dict__[name], groups[name].representative):
            [notification] = _notifications_of(user)
            assert notification.kind == "publication.outcome"
            assert notification.link == f"/proposals/{selecting.p.__dict__[name].id}"
    assert "selected, with ¥500,000 awarded" in _notifications_of(members.alpha)[0].message
    assert "was not selected" in _notifications_of(members.bravo)[0].message
    # Groups whose proposals never reached the committee hear nothing now.
    for name in ("echo", "foxtrot", "golf", "hotel"):
        assert _notifications_of(members.__dict__[name]) == []
        assert _mails_to(groups[name].representative) == []


def test_selected_groups_are_mailed_the_amount_and_the_reason(selecting, mayor):
    _published(selecting, mayor)
    [mail] = _mails_to(selecting.groups["alpha"].representative)
    assert mail.subject == "Your proposal “Alpha project” was selected"
    assert "¥500,000" in mail.body
    assert "REASON-ALPHA fits the plan" in mail.body
    assert "/projects/" in mail.body
    # A different amount than requested comes with its reason.
    [mail] = _mails_to(selecting.groups["delta"].representative)
    assert "¥400,000" in mail.body
    assert "You requested ¥500,000" in mail.body
    assert "AMOUNT-DELTA" in mail.body


def test_groups_not_selected_are_mailed_the_reasons_at_each_tier(selecting, mayor):
    _published(selecting, mayor)
    [mail] = _mails_to(selecting.groups["bravo"].representative)
    assert mail.subject == "Your proposal “Bravo project” was not selected"
    assert "The committee recommended the proposal." in mail.body
    assert "RATIONALE-BRAVO" in mail.body
    assert "REASON-BRAVO" in mail.body
    [mail] = _mails_to(selecting.groups["charlie"].representative)
    assert "The committee did not recommend the proposal." in mail.body
    assert "RATIONALE-CHARLIE" in mail.body
    # Charlie had no decision of the mayor's office of its own.
    assert "Mayor's office's reasons" not in mail.body


def test_the_group_contact_is_mailed_once(selecting, mayor, make_user):
    group = selecting.groups["alpha"]
    group.contact_email = "office@alpha.example.org"
    db.session.commit()
    _published(selecting, mayor)
    recipients = db.session.scalars(
        sa.select(OutboxMessage.recipient).where(
            OutboxMessage.subject == "Your proposal “Alpha project” was selected"
        )
    ).all()
    assert sorted(recipients) == sorted(["office@alpha.example.org", group.representative.email])


# --- refusals ----------------------------------------------------------------------------


def test_a_recommended_proposal_without_a_decision_blocks_publication(selecting, mayor, snapshot):
    db.session.delete(
        db.session.scalar(sa.select(Selection).filter_by(proposal_id=selecting.p.bravo.id))
    )
    db.session.commit()
    before = snapshot()
    with pytest.raises(WorkflowError) as refused:
        operations.publish(selecting.call, mayor)
    db.session.rollback()
    assert refused.value.problems == [
        "The committee recommended “Bravo project”: select or decline it before publishing."
    ]
    assert snapshot() == before


def test_every_undecided_recommendation_is_listed(selecting, mayor):
    for proposal in (selecting.p.alpha, selecting.p.bravo):
        db.session.delete(
            db.session.scalar(sa.select(Selection).filter_by(proposal_id=proposal.id))
        )
    db.session.commit()
    assert operations.publication_problems(selecting.call) == [
        "The committee recommended “Alpha project”: select or decline it before publishing.",
        "The committee recommended “Bravo project”: select or decline it before publishing.",
    ]


def test_a_withdrawn_recommended_proposal_does_not_block(selecting, mayor):
    bravo = selecting.p.bravo
    db.session.delete(db.session.scalar(sa.select(Selection).filter_by(proposal_id=bravo.id)))
    bravo.state, bravo.withdrawn_at, bravo.withdrawal_reason = S.WITHDRAWN, utcnow(), "Moved."
    db.session.commit()
    assert operations.publication_problems(selecting.call) == []


def test_publishing_twice_is_refused(selecting, mayor, snapshot):
    _published(selecting, mayor)
    before = snapshot()
    with pytest.raises(WorkflowError, match="already been published"):
        operations.publish(selecting.call, mayor)
    db.session.rollback()
    assert snapshot() == before


def test_publishing_before_the_selection_phase_is_refused(selecting, mayor, snapshot):
    selecting.call.recommendations_closed_at = None
    db.session.commit()
    before = snapshot()
    with pytest.raises(WorkflowError, match="sent the committee's recommendations"):
        operations.publish(selecting.call, mayor)
    db.session.rollback()
    assert snapshot() == before


@pytest.mark.parametrize("roles", [(), (Role.CITY_OFFICER,), (Role.ADMIN,), (Role.REVIEWER,)])
def test_only_the_mayors_office_publishes(selecting, make_user, roles, snapshot):
    actor = make_user(roles=roles)
    before = snapshot()
    with pytest.raises(WorkflowError, match="Only the mayor's office"):
        operations.publish(selecting.call, actor)
    db.session.rollback()
    assert snapshot() == before


def test_the_final_states_are_set_only_in_the_selection_phase(selecting, mayor, make_call):
    alpha = selecting.p.alpha
    selecting.call.recommendations_closed_at = None
    db.session.commit()
    with pytest.raises(WorkflowError, match="only when the call's decision is published"):
        workflow.mark_selected(alpha, mayor)
    with pytest.raises(WorkflowError, match="cannot be selected"):
        workflow.mark_selected(selecting.p.echo, mayor)
    with pytest.raises(WorkflowError, match="cannot be marked not selected"):
        workflow.mark_not_selected(selecting.p.foxtrot, mayor)
    db.session.rollback()


# --- the funnel ----------------------------------------------------------------------------


def test_the_funnel_before_and_after_publication(selecting, mayor):
    # Public: all but golf (withdrawn before the window closed) and hotel (a draft).
    # Eligible: alpha..delta and foxtrot (withdrawn after the check); not echo.
    expected = Funnel(submitted=6, eligible=5, recommended=2, selected=2, awarded_total=900_000)
    assert operations.funnel(selecting.call) == expected
    _published(selecting, mayor)
    assert operations.funnel(selecting.call) == expected


def test_the_funnel_of_an_empty_call(make_call):
    assert operations.funnel(make_call("closed")) == Funnel(0, 0, 0, 0, 0)


def test_the_funnel_counts_only_its_own_call(selecting, make_call, make_proposal):
    other = make_call("closed", title="Another call")
    make_proposal(call=other, state=S.ELIGIBLE)
    assert operations.funnel(selecting.call).submitted == 6
    assert operations.funnel(other) == Funnel(1, 1, 0, 0, 0)


def test_the_preview_says_what_publishing_will_do(selecting):
    preview = operations.preview(selecting.call)
    assert [proposal.title for proposal, _selection in preview.selected] == [
        "Alpha project",
        "Delta project",
    ]
    assert preview.not_selected == 2
    assert preview.problems == []
