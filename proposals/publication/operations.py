"""Publishing a call's decision: the moment the committee's and the mayor's work goes public.

Until ``publish`` runs, the recommendations, selections and scores live in tables only the
city reads, and every proposal the committee saw is still just "eligible". Publishing
sets each one's final state, creates a project for each selected proposal, tells every
group its outcome and stamps ``call.decided_at``: the public call page then shows the funnel
and each proposal's outcome. Never commits and never reads the request.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from proposals.audit.log import record
from proposals.calls.models import Call, Phase
from proposals.calls.queries import is_public_clause
from proposals.committee.models import Recommendation
from proposals.database import utcnow
from proposals.extensions import db
from proposals.mail.outbox import queue_mail
from proposals.notifications.operations import notify, path_for
from proposals.permissions import Permission, can
from proposals.projects.models import Project, ProjectStatus
from proposals.projects.operations import seed_indicators
from proposals.selection.models import Selection, SelectionOutcome
from proposals.submissions import workflow
from proposals.submissions.models import Proposal, ProposalState
from proposals.submissions.workflow import WorkflowError

S = ProposalState


@dataclass(frozen=True)
class Funnel:
    """How far the call's proposals went: each number counts proposals, the last is yen."""

    submitted: int
    eligible: int
    recommended: int
    selected: int
    awarded_total: int


def _selected_clause():
    # Published: the proposal's state says it. Before publication the state is still
    # "eligible" and the mayor's office's selection says what publishing will make it,
    # so the confirmation page shows the very numbers the public page will.
    return sa.or_(
        Proposal.state == S.SELECTED,
        sa.and_(Proposal.state == S.ELIGIBLE, Selection.outcome == SelectionOutcome.SELECTED),
    )


def funnel(call: Call) -> Funnel:
    """The call's funnel, in one query.

    - submitted: the proposals that became public (submitted, not withdrawn before the
      window closed);
    - eligible: those that passed the eligibility check: eligible, selected, not selected,
      and those withdrawn after the check (a withdrawn proposal with an eligibility
      decision was eligible, since an ineligible one cannot be withdrawn);
    - recommended: those the committee recommended (even if later withdrawn);
    - selected and awarded_total: those selected and the yen awarded to them.
    """
    passed_eligibility = sa.or_(
        Proposal.state.in_([S.ELIGIBLE, S.SELECTED, S.NOT_SELECTED]),
        sa.and_(Proposal.state == S.WITHDRAWN, Proposal.eligibility_decided_at.is_not(None)),
    )
    selected = _selected_clause()
    row = db.session.execute(
        sa.select(
            sa.func.count(Proposal.id),
            sa.func.count(sa.case((passed_eligibility, Proposal.id))),
            sa.func.count(sa.case((Recommendation.recommended.is_(True), Proposal.id))),
            sa.func.count(sa.case((selected, Proposal.id))),
            sa.func.coalesce(sa.func.sum(sa.case((selected, Selection.awarded_amount))), 0),
        )
        .select_from(Proposal)
        .join(Call, Call.id == Proposal.call_id)
        .outerjoin(Recommendation, Recommendation.proposal_id == Proposal.id)
        .outerjoin(Selection, Selection.proposal_id == Proposal.id)
        .where(Proposal.call_id == call.id, is_public_clause())
    ).one()
    return Funnel(*(int(value) for value in row))


def undecided_recommended(call: Call) -> list[Proposal]:
    """Eligible proposals the committee recommended that the mayor's office has neither
    selected nor declined: publishing waits for them."""
    return list(
        db.session.scalars(
            sa.select(Proposal)
            .join(Recommendation, Recommendation.proposal_id == Proposal.id)
            .outerjoin(Selection, Selection.proposal_id == Proposal.id)
            .where(
                Proposal.call_id == call.id,
                Proposal.state == S.ELIGIBLE,
                Recommendation.recommended.is_(True),
                Selection.id.is_(None),
            )
            .order_by(Proposal.title, Proposal.id)
        )
    )


def publication_problems(call: Call) -> list[str]:
    """Everything that keeps the decision on ``call`` from being published now."""
    phase = call.phase
    if phase is Phase.DECIDED:
        return [_("The decision on this call has already been published.")]
    if phase is not Phase.SELECTING:
        return [
            _(
                "The decision can be published only once the officers have sent the "
                "committee's recommendations to the mayor's office."
            )
        ]
    return [
        _(
            "The committee recommended “%(title)s”: select or decline it before publishing.",
            title=proposal.title,
        )
        for proposal in undecided_recommended(call)
    ]


@dataclass(frozen=True)
class Preview:
    """What publishing ``call`` now would do, for the confirmation page."""

    funnel: Funnel
    selected: list[tuple[Proposal, Selection]]
    not_selected: int
    problems: list[str]


def preview(call: Call) -> Preview:
    """The outcome publishing would give: the proposals to be selected with their awards,
    how many would not be, and what blocks publication."""
    rows = db.session.execute(
        sa.select(Proposal, Selection)
        .outerjoin(Selection, Selection.proposal_id == Proposal.id)
        .where(Proposal.call_id == call.id, Proposal.state == S.ELIGIBLE)
        .options(joinedload(Proposal.group))  # the page names each group
        .order_by(Proposal.title, Proposal.id)
    ).all()
    selected = [
        (proposal, selection)
        for proposal, selection in rows
        if selection is not None and selection.is_selected
    ]
    return Preview(
        funnel=funnel(call),
        selected=selected,
        not_selected=len(rows) - len(selected),
        problems=publication_problems(call),
    )


def publish(call: Call, actor) -> list[Project]:
    """Publish the mayor's office's decision on ``call``; returns the projects created.

    Each eligible proposal becomes selected (its selection says so) or not selected, a
    project is created for each selected one, every group hears its outcome, and the call
    is decided. Refused, with every reason, outside the selection phase, a second time, or
    while a proposal the committee recommended has no decision.
    """
    if not can(actor, Permission.PUBLISH_DECISION, call):
        raise WorkflowError([_("Only the mayor's office can publish the decision.")])
    # Two people pressing "Publish" at once: the second waits here, then finds it decided.
    db.session.refresh(call, with_for_update=True)
    problems = publication_problems(call)
    if problems:
        raise WorkflowError(problems)

    # Locked, and re-read, so that a withdrawal committed meanwhile is seen and one
    # still to come waits and then finds the proposal decided.
    proposals = db.session.scalars(
        sa.select(Proposal)
        .where(Proposal.call_id == call.id, Proposal.state == S.ELIGIBLE)
        .order_by(Proposal.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    selections = {
        selection.proposal_id: selection
        for selection in db.session.scalars(
            sa.select(Selection).where(Selection.call_id == call.id)
        )
    }
    recommendations = {
        recommendation.proposal_id: recommendation
        for recommendation in db.session.scalars(
            sa.select(Recommendation).where(Recommendation.call_id == call.id)
        )
    }

    projects: list[Project] = []
    declined: list[Proposal] = []
    for proposal in proposals:
        selection = selections.get(proposal.id)
        if selection is not None and selection.is_selected:
            workflow.mark_selected(proposal, actor)
            project = Project(
                proposal_id=proposal.id,
                call_id=call.id,
                group_id=proposal.group_id,
                title=proposal.title,
                department=proposal.department,
                awarded_amount=selection.awarded_amount,
                status=ProjectStatus.ACTIVE,
            )
            db.session.add(project)
            projects.append(project)
        else:
            workflow.mark_not_selected(proposal, actor)
            declined.append(proposal)

    call.decided_at = utcnow()
    db.session.flush()
    for project in projects:
        seed_indicators(project, actor)
    awarded_total = sum(project.awarded_amount for project in projects)
    record(
        actor,
        "call.publish",
        call,
        before={"phase": Phase.SELECTING.value},
        after={
            "phase": Phase.DECIDED.value,
            "selected": len(projects),
            "not_selected": len(declined),
            "awarded_total": awarded_total,
            "projects": [project.id for project in projects],
        },
    )
    for project in projects:
        _tell_selected(project.proposal, selections[project.proposal_id], project)
    for proposal in declined:
        _tell_not_selected(proposal, recommendations.get(proposal.id), selections.get(proposal.id))
    return projects


# --- telling the groups ------------------------------------------------------------------


def _tell_group(proposal: Proposal, message: str, subject: str, body: str) -> None:
    """In the app to every member; by mail to the group's contact and representative."""
    group = proposal.group
    link = path_for("submissions.view", proposal_id=proposal.id)
    for membership in group.memberships:
        notify(membership.user, "publication.outcome", message, link)
    body = body + "\n\n" + _("The decision: %(link)s", link=link)
    recipients = dict.fromkeys(
        address.lower() for address in (group.contact_email, group.representative.email) if address
    )
    for recipient in recipients:
        queue_mail(recipient, subject, body)


def _yen(amount: int) -> str:
    return f"¥{amount:,}"


def _tell_selected(proposal: Proposal, selection: Selection, project: Project) -> None:
    call = proposal.call
    amount = _yen(selection.awarded_amount)
    body = _(
        "The mayor's office selected your proposal “%(title)s” to %(call)s. "
        "The city awards %(amount)s.\n\nReason: %(reason)s",
        title=proposal.title,
        call=call.title,
        amount=amount,
        reason=selection.reason,
    )
    if selection.awarded_amount != proposal.requested_total and selection.amount_reason:
        body += "\n\n" + _(
            "You requested %(requested)s. Why the amount differs: %(why)s",
            requested=_yen(proposal.requested_total),
            why=selection.amount_reason,
        )
    body += "\n\n" + _(
        "The project's page: %(link)s", link=path_for("projects.view", project_id=project.id)
    )
    _tell_group(
        proposal,
        _(
            "Your proposal “%(title)s” was selected, with %(amount)s awarded.",
            title=proposal.title,
            amount=amount,
        ),
        _("Your proposal “%(title)s” was selected", title=proposal.title),
        body,
    )


def _tell_not_selected(
    proposal: Proposal, recommendation: Recommendation | None, selection: Selection | None
) -> None:
    call = proposal.call
    parts = [
        _(
            "The decision on %(call)s was published: your proposal “%(title)s” was not selected.",
            call=call.title,
            title=proposal.title,
        )
    ]
    if recommendation is not None:
        if recommendation.recommended:
            verdict = _("The committee recommended the proposal.")
        else:
            verdict = _("The committee did not recommend the proposal.")
        reasons = _("Committee's reasons: %(rationale)s", rationale=recommendation.rationale)
        parts.append(f"{verdict} {reasons}")
    if selection is not None:
        parts.append(_("Mayor's office's reasons: %(reason)s", reason=selection.reason))
    _tell_group(
        proposal,
        _("Your proposal “%(title)s” was not selected.", title=proposal.title),
        _("Your proposal “%(title)s” was not selected", title=proposal.title),
        "\n\n".join(parts),
    )
