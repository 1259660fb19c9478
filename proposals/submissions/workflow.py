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
from proposals.mail.outbox import queue_mail
from proposals.submissions.models import Proposal, ProposalState

S = ProposalState

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[ProposalState], ProposalState]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    # A group may still withdraw an eligible proposal until the decision is made.
    "withdraw": (frozenset({S.SUBMITTED, S.ELIGIBLE}), S.WITHDRAWN),
    "mark_eligible": (frozenset({S.SUBMITTED}), S.ELIGIBLE),
    "mark_ineligible": (frozenset({S.SUBMITTED}), S.INELIGIBLE),
    # An officer correcting a mistaken check.
    "reopen_eligibility": (frozenset({S.ELIGIBLE, S.INELIGIBLE}), S.SUBMITTED),
    # Only the publication of the call's decision (proposals/publication) makes these.
    "select": (frozenset({S.ELIGIBLE}), S.SELECTED),
    "not_select": (frozenset({S.ELIGIBLE}), S.NOT_SELECTED),
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


_ACTION_PAST = {
    "submit": _l("submitted"),
    "withdraw": _l("withdrawn"),
    "mark_eligible": _l("marked eligible"),
    "mark_ineligible": _l("marked ineligible"),
    "reopen_eligibility": _l("reopened for the eligibility check"),
    "select": _l("selected"),
    "not_select": _l("marked not selected"),
}


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
    # A selected proposal gives its award back to the envelope (local import: selection
    # builds on submissions).
    from proposals.selection.operations import release_for_withdrawal

    release_for_withdrawal(proposal, actor)


# --- the eligibility check ------------------------------------------------------------------


def can_check_eligibility(proposal: Proposal) -> bool:
    """Whether the eligibility of ``proposal`` can be decided or reopened now."""
    return proposal.call.phase is Phase.IN_REVIEW and proposal.state in (
        S.SUBMITTED,
        S.ELIGIBLE,
        S.INELIGIBLE,
    )


def _check_eligibility_phase(proposal: Proposal) -> None:
    phase = proposal.call.phase
    if phase in (Phase.UPCOMING, Phase.OPEN):
        raise WorkflowError(
            [
                _(
                    "The submission window of this call is still open; "
                    "check eligibility after it closes."
                )
            ]
        )
    if phase is not Phase.IN_REVIEW:
        raise WorkflowError(
            [_("The review of this call is closed; eligibility can no longer change.")]
        )


def _decide_eligibility(proposal: Proposal, actor, action: str, reason: str | None) -> None:
    """Record the officer's eligibility decision; ``reason`` is required for ineligible."""
    target = _check_state(proposal, action)
    _check_eligibility_phase(proposal)
    if target is S.INELIGIBLE and not reason:
        raise WorkflowError([_("Give the reason why the proposal is ineligible.")])
    before = proposal.state
    proposal.state = target
    proposal.eligibility_decided_at = utcnow()
    proposal.eligibility_decided_by_id = actor.id
    proposal.ineligibility_reason = reason
    _log(actor, proposal, action, before, reason)


def mark_eligible(proposal: Proposal, actor) -> None:
    """Record that a submitted proposal meets the call's requirements; the group is told."""
    _decide_eligibility(proposal, actor, "mark_eligible", None)
    _tell_group(
        proposal,
        _("Your proposal “%(title)s” is eligible", title=proposal.title),
        _(
            "The city checked your proposal “%(title)s” to %(call)s: it meets the call's "
            "requirements and goes on to the committee's review.",
            title=proposal.title,
            call=proposal.call.title,
        ),
    )


def mark_ineligible(proposal: Proposal, actor, reason: str) -> None:
    """Record that a submitted proposal does not meet the call's requirements, with a reason
    the group and the public will read."""
    reason = (reason or "").strip()
    _decide_eligibility(proposal, actor, "mark_ineligible", reason)
    _tell_group(
        proposal,
        _("Your proposal “%(title)s” is not eligible", title=proposal.title),
        _(
            "The city checked your proposal “%(title)s” to %(call)s: it does not meet the "
            "call's requirements and will not be reviewed.\n\nReason: %(reason)s",
            title=proposal.title,
            call=proposal.call.title,
            reason=reason,
        ),
    )


def reopen_eligibility(proposal: Proposal, actor, note: str) -> None:
    """Undo an eligibility decision made by mistake: the proposal is submitted again."""
    target = _check_state(proposal, "reopen_eligibility")
    _check_eligibility_phase(proposal)
    note = (note or "").strip()
    if not note:
        raise WorkflowError([_("Say why the eligibility check is reopened.")])
    before = proposal.state
    proposal.state = target
    proposal.eligibility_decided_at = None
    proposal.eligibility_decided_by_id = None
    proposal.ineligibility_reason = None
    _log(actor, proposal, "reopen_eligibility", before, note)
    _tell_group(
        proposal,
        _("The eligibility of “%(title)s” is being checked again", title=proposal.title),
        _(
            "The city reopened the eligibility check of your proposal “%(title)s” to %(call)s. "
            "You will hear of the outcome.\n\nNote: %(note)s",
            title=proposal.title,
            call=proposal.call.title,
            note=note,
        ),
    )


# --- the published decision -----------------------------------------------------------------


def _publish_outcome(proposal: Proposal, actor, action: str, note: str | None) -> None:
    target = _check_state(proposal, action)
    if proposal.call.phase is not Phase.SELECTING:
        raise WorkflowError(
            [_("A proposal's final outcome is set only when the call's decision is published.")]
        )
    before = proposal.state
    proposal.state = target
    _log(actor, proposal, action, before, note)


def mark_selected(proposal: Proposal, actor, note: str | None = None) -> None:
    """Make an eligible proposal selected: called only by the publication of the decision,
    which tells the group."""
    _publish_outcome(proposal, actor, "select", note)


def mark_not_selected(proposal: Proposal, actor, note: str | None = None) -> None:
    """Make an eligible proposal not selected: called only by the publication of the
    decision, which tells the group."""
    _publish_outcome(proposal, actor, "not_select", note)


def _tell_group(proposal: Proposal, subject: str, body: str) -> None:
    group = proposal.group
    recipients = dict.fromkeys(
        address.lower() for address in (group.contact_email, group.representative.email) if address
    )
    for recipient in recipients:
        queue_mail(recipient, subject, body)


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
