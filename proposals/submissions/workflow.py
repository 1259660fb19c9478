"""The proposal workflow: the one module that changes a proposal's state.

Each transition is a function taking the actor explicitly. It checks the current
state against ``TRANSITIONS``, checks the call's rules, changes the state, writes
an audit event and flushes. It never commits and never reads the request.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from proposals.audit.log import record
from proposals.calls.models import Phase
from proposals.database import utcnow
from proposals.extensions import db
from proposals.submissions.models import Proposal, ProposalState

S = ProposalState

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[ProposalState], ProposalState]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "withdraw": (frozenset({S.SUBMITTED}), S.WITHDRAWN),
}

SUMMARY_MAX_LENGTH = 500

# Fields a proposal must have before it can be submitted, with the message shown.
REQUIRED_TEXT = {
    "title": _l("Give the proposal a title."),
    "summary": _l("Write a short summary."),
    "need": _l("Describe the need the proposal answers."),
    "activities": _l("Describe the activities."),
    "department": _l("Name the partner city department."),
    "group_role": _l("Say what the group will do."),
    "city_role": _l("Say what the city department will do."),
    "beneficiaries": _l("Say who will benefit."),
    "timeline": _l("Give a timeline."),
}


class WorkflowError(Exception):
    """A transition was refused. ``problems`` lists every reason, for the user."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _check_state(proposal: Proposal, action: str) -> ProposalState:
    sources, target = TRANSITIONS[action]
    if proposal.state not in sources:
        raise WorkflowError(
            [
                _(
                    "A proposal in state “%(state)s” cannot be %(action)s.",
                    state=proposal.state.label,
                    action=_ACTION_PAST[action],
                )
            ]
        )
    return target


_ACTION_PAST = {"submit": _l("submitted"), "withdraw": _l("withdrawn")}


def submission_problems(proposal: Proposal) -> list[str]:
    """Everything that keeps ``proposal`` from being submitted now, in words for the group."""
    problems = [
        str(message)
        for field, message in REQUIRED_TEXT.items()
        if not (getattr(proposal, field) or "").strip()
    ]
    if not proposal.budget_lines:
        problems.append(_("Add at least one budget line."))
    elif proposal.requested_total <= 0:
        problems.append(_("The budget total must be more than ¥0."))
    call = proposal.call
    if proposal.requested_total > call.max_per_proposal:
        problems.append(
            _(
                "The budget total of ¥%(total)s is over this call's maximum of ¥%(maximum)s "
                "per proposal.",
                total=f"{proposal.requested_total:,}",
                maximum=f"{call.max_per_proposal:,}",
            )
        )
    if not proposal.indicators:
        problems.append(_("Plan at least one performance indicator."))
    phase = call.phase
    if phase is Phase.UPCOMING:
        problems.append(_("Submissions to this call have not opened yet."))
    elif phase is not Phase.OPEN:
        problems.append(_("The submission window of this call has closed."))
    return problems


def submit(proposal: Proposal, actor) -> None:
    """Submit a draft. Checks completeness and the call's rules at this moment, on the server."""
    target = _check_state(proposal, "submit")
    problems = submission_problems(proposal)
    if problems:
        raise WorkflowError(problems)
    before = proposal.state
    proposal.state = target
    proposal.submitted_at = utcnow()
    _log(actor, proposal, "submit", before, None)


def can_withdraw(proposal: Proposal) -> bool:
    sources, _target = TRANSITIONS["withdraw"]
    return proposal.state in sources and proposal.call.phase is not Phase.DECIDED


def withdraw(proposal: Proposal, actor, reason: str) -> None:
    """Withdraw a submitted proposal, with a reason, until the call's decision is made."""
    target = _check_state(proposal, "withdraw")
    if proposal.call.phase is Phase.DECIDED:
        raise WorkflowError(
            [_("The decision on this call has been made; it is too late to withdraw.")]
        )
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError([_("Give a reason for withdrawing.")])
    before = proposal.state
    proposal.state = target
    proposal.withdrawn_at = utcnow()
    proposal.withdrawal_reason = reason
    _log(actor, proposal, "withdraw", before, reason)


def _log(actor, proposal: Proposal, action: str, before: ProposalState, note) -> None:
    proposal.updated_at = utcnow()
    db.session.flush()
    record(
        actor,
        f"proposal.{action}",
        proposal,
        before={"state": before.value},
        after={"state": proposal.state.value},
        note=note,
    )
