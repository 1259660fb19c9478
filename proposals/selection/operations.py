"""The mayor's office's selection: select or decline each proposal the committee sent.

Every award counts towards ``Call.selected_total``, which the database keeps within the
budget envelope. The total changes only through ``_add_to_total``: one conditional
UPDATE, so that two people selecting at the same moment are decided by the database,
whatever their pages showed them. Functions take the actor, flush, write an audit row
and never commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from proposals.audit.log import record
from proposals.calls.models import Call, Phase
from proposals.committee.models import Recommendation
from proposals.database import utcnow
from proposals.extensions import db
from proposals.selection.models import Selection, SelectionOutcome
from proposals.submissions.models import Proposal, ProposalState
from proposals.submissions.workflow import WorkflowError


def selection_of(proposal: Proposal) -> Selection | None:
    """The mayor's office's decision on ``proposal`` so far, if any."""
    return db.session.scalar(sa.select(Selection).where(Selection.proposal_id == proposal.id))


def call_selections(call: Call) -> dict[int, Selection]:
    """Every decision on ``call``'s proposals, by proposal id: one query."""
    return {
        selection.proposal_id: selection
        for selection in db.session.scalars(
            sa.select(Selection).where(Selection.call_id == call.id)
        )
    }


def can_decide(call: Call) -> bool:
    """Whether the mayor's office can select, decline or reconsider in ``call`` now."""
    return call.phase is Phase.SELECTING


def check_phase(call: Call) -> None:
    """Refuse unless ``call`` is with the mayor's office (sent by the officers, not published)."""
    phase = call.phase
    if phase is Phase.DECIDED:
        raise WorkflowError(
            [_("The decision on this call has been published; it can no longer change.")]
        )
    if phase is not Phase.SELECTING:
        raise WorkflowError(
            [_("The committee's recommendations have not been sent to the mayor's office yet.")]
        )


def _recommendation(proposal: Proposal) -> Recommendation:
    """The committee's recommendation on ``proposal``, which must be open to a decision."""
    check_phase(proposal.call)
    if proposal.state is not ProposalState.ELIGIBLE:
        raise WorkflowError(
            [
                _(
                    "Only eligible proposals can be decided; this one is “%(state)s”.",
                    state=proposal.state.label,
                )
            ]
        )
    recommendation = db.session.scalar(
        sa.select(Recommendation).where(Recommendation.proposal_id == proposal.id)
    )
    if recommendation is None:
        raise WorkflowError([_("The committee has recorded no recommendation on this proposal.")])
    return recommendation


def _check_undecided(proposal: Proposal) -> None:
    existing = selection_of(proposal)
    if existing is not None:
        raise WorkflowError(
            [
                _(
                    "This proposal is already “%(outcome)s”. Reconsider that decision first to "
                    "change it.",
                    outcome=existing.outcome.label,
                )
            ]
        )


def _add_to_total(call: Call, delta: int) -> int:
    """Add ``delta`` yen to ``call.selected_total`` unless that would pass the envelope.

    The one statement that changes the total. The condition is evaluated by the database
    on the row as it is when the statement runs: on PostgreSQL a second transaction waits
    for the first to commit and re-checks the condition on the committed total. Returns
    the new total; raises ``WorkflowError`` when the envelope refuses it. A decision that
    was waiting while the call was published finds ``decided_at`` set and changes nothing.
    """
    result = db.session.execute(
        sa.update(Call)
        .where(
            Call.id == call.id,
            Call.decided_at.is_(None),
            Call.selected_total + delta <= Call.budget_envelope,
        )
        .values(selected_total=Call.selected_total + delta)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        current, envelope, decided_at = db.session.execute(
            sa.select(Call.selected_total, Call.budget_envelope, Call.decided_at).where(
                Call.id == call.id
            )
        ).one()
        if decided_at is not None:
            raise WorkflowError([_("The decision on this call has been published.")])
        raise WorkflowError(
            [
                _(
                    "Selecting this proposal for ¥%(amount)s would bring the total to "
                    "¥%(total)s, over the envelope of ¥%(envelope)s (¥%(left)s left).",
                    amount=f"{delta:,}",
                    total=f"{current + delta:,}",
                    envelope=f"{envelope:,}",
                    left=f"{envelope - current:,}",
                )
            ]
        )
    db.session.expire(call, ["selected_total"])
    return call.selected_total


def _as_dict(selection: Selection) -> dict:
    return {
        "selection_id": selection.id,
        "outcome": selection.outcome.value,
        "awarded_amount": selection.awarded_amount,
        "requested_amount": selection.proposal.requested_total,
        "reason": selection.reason,
        "amount_reason": selection.amount_reason,
        "justification": selection.justification,
    }


def select(
    proposal: Proposal,
    actor,
    *,
    reason: str,
    awarded_amount: int | None = None,
    amount_reason: str = "",
    justification: str = "",
) -> Selection:
    """Select ``proposal`` for funding, by default for the amount it requested.

    An award different from the request needs ``amount_reason``; selecting a proposal the
    committee did not recommend needs ``justification``, which is published. Refused when
    the award would take the call's selected total over the envelope.
    """
    recommendation = _recommendation(proposal)
    _check_undecided(proposal)
    call = proposal.call
    reason = (reason or "").strip()
    amount_reason = (amount_reason or "").strip()
    justification = (justification or "").strip()
    amount = proposal.requested_total if awarded_amount is None else awarded_amount
    problems = []
    if not reason:
        problems.append(_("Give the reason for the decision."))
    if amount <= 0:
        problems.append(_("The award must be more than ¥0."))
    elif amount > call.max_per_proposal:
        problems.append(
            _(
                "The award of ¥%(amount)s is over this call's maximum of ¥%(maximum)s "
                "per proposal.",
                amount=f"{amount:,}",
                maximum=f"{call.max_per_proposal:,}",
            )
        )
    if amount != proposal.requested_total and not amount_reason:
        problems.append(
            _(
                "Say why the award differs from the ¥%(requested)s requested.",
                requested=f"{proposal.requested_total:,}",
            )
        )
    if not recommendation.recommended and not justification:
        problems.append(
            _(
                "The committee did not recommend this proposal: write the justification for "
                "selecting it. It will be published."
            )
        )
    if problems:
        raise WorkflowError(problems)

    total = _add_to_total(call, amount)
    selection = Selection(
        proposal_id=proposal.id,
        call_id=call.id,
        outcome=SelectionOutcome.SELECTED,
        awarded_amount=amount,
        reason=reason,
        amount_reason=amount_reason if amount != proposal.requested_total else None,
        justification=justification if not recommendation.recommended else None,
        decided_by_id=actor.id,
        decided_at=utcnow(),
    )
    db.session.add(selection)
    db.session.flush()
    record(
        actor,
        "selection.select",
        proposal,
        before={"selected_total": total - amount},
        after=_as_dict(selection)
        | {"recommended": recommendation.recommended, "selected_total": total},
    )
    return selection


def decline(proposal: Proposal, actor, *, reason: str) -> Selection:
    """Decline ``proposal``, with a reason the group will read once the decision is published."""
    _recommendation(proposal)
    _check_undecided(proposal)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError([_("Give the reason for the decision.")])
    selection = Selection(
        proposal_id=proposal.id,
        call_id=proposal.call_id,
        outcome=SelectionOutcome.DECLINED,
        awarded_amount=None,
        reason=reason,
        decided_by_id=actor.id,
        decided_at=utcnow(),
    )
    db.session.add(selection)
    db.session.flush()
    record(actor, "selection.decline", proposal, before={}, after=_as_dict(selection))
    return selection


def _remove(selection: Selection) -> tuple[int, int]:
    """Delete ``selection``, giving back its award; returns the total before and after."""
    call = selection.proposal.call
    if selection.is_selected:
        after = _add_to_total(call, -selection.awarded_amount)
        before = after + selection.awarded_amount
    else:
        db.session.refresh(call, ["selected_total"])
        before = after = call.selected_total
    db.session.delete(selection)
    db.session.flush()
    return before, after


def reconsider(proposal: Proposal, actor, *, note: str) -> None:
    """Undo the decision on ``proposal`` before publication; a selection's award is released."""
    check_phase(proposal.call)
    selection = selection_of(proposal)
    if selection is None:
        raise WorkflowError([_("There is no decision on this proposal to reconsider.")])
    note = (note or "").strip()
    if not note:
        raise WorkflowError([_("Say why the decision is reconsidered.")])
    undone = _as_dict(selection)
    total_before, total = _remove(selection)
    record(
        actor,
        "selection.reconsider",
        proposal,
        before=undone | {"selected_total": total_before},
        after={"selected_total": total},
        note=note,
    )


def release_for_withdrawal(proposal: Proposal, actor) -> None:
    """A group withdrew ``proposal``: drop the decision on it and give back its award."""
    selection = selection_of(proposal)
    if selection is None:
        return
    undone = _as_dict(selection)
    total_before, total = _remove(selection)
    record(
        actor,
        "selection.release",
        proposal,
        before=undone | {"selected_total": total_before},
        after={"selected_total": total},
        note=proposal.withdrawal_reason,
    )
