"""The committee's recommendation on each eligible proposal, and its ranked report.

The committee meets once review is closed and votes on each eligible proposal; an
officer, acting as its secretary, records the outcome here. Never commits and never
reads the request: the views commit once. Every change writes an audit row.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from proposals.accounts.models import Role, RoleGrant, User
from proposals.audit.log import record
from proposals.calls.models import Call, Phase
from proposals.committee.models import Recommendation
from proposals.extensions import db
from proposals.mail.outbox import queue_mail
from proposals.notifications.operations import notify, path_for
from proposals.review.models import CommitteeMember
from proposals.review.operations import call_conflicts, call_results, is_conflicted
from proposals.review.scoring import ProposalResult
from proposals.submissions.models import Proposal, ProposalState
from proposals.submissions.workflow import WorkflowError


class VoteError(WorkflowError):
    """The recorded vote does not add up; ``by_field`` holds each field's message.

    A mistake in what the secretary typed (shown as 400 beside the fields), as opposed
    to a plain ``WorkflowError``: the call or proposal is not in a state to record (409).
    """

    def __init__(self, by_field: dict[str, str]):
        super().__init__(list(by_field.values()))
        self.by_field = by_field


# --- questions ------------------------------------------------------------------------------


def recommendation_of(proposal: Proposal) -> Recommendation | None:
    return db.session.scalar(
        sa.select(Recommendation).where(Recommendation.proposal_id == proposal.id)
    )


def _committee(call: Call) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .join(CommitteeMember, CommitteeMember.user_id == User.id)
            .where(CommitteeMember.call_id == call.id)
            .order_by(User.display_name, User.id)
        )
    )


def voting_members(proposal: Proposal) -> int:
    """The committee members of the call who may vote on ``proposal``: every appointed
    member except those with a conflict of interest (group members, declared conflicts)."""
    return sum(1 for user in _committee(proposal.call) if not is_conflicted(proposal, user))


@dataclass(frozen=True)
class Voters:
    """Who may vote on one proposal: how many, and the conflicted members left out."""

    voting: int
    excluded: list[User]


def call_voters(call: Call) -> dict[int, Voters]:
    """``Voters`` for every proposal of ``call``, keyed by proposal id: three queries."""
    members = _committee(call)
    conflicts = call_conflicts(call)
    proposal_ids = db.session.scalars(sa.select(Proposal.id).where(Proposal.call_id == call.id))
    voters = {}
    for proposal_id in proposal_ids:
        excluded = [user for user in members if (proposal_id, user.id) in conflicts]
        voters[proposal_id] = Voters(voting=len(members) - len(excluded), excluded=excluded)
    return voters


def call_recommendations(call: Call, *, with_recorder: bool = True) -> dict[int, Recommendation]:
    """Every recommendation recorded for ``call``, keyed by proposal id: one query (with
    who recorded each, unless ``with_recorder`` is false)."""
    query = sa.select(Recommendation).where(Recommendation.call_id == call.id)
    if with_recorder:
        query = query.options(joinedload(Recommendation.recorded_by))
    return {row.proposal_id: row for row in db.session.scalars(query)}


def missing_recommendations(call: Call) -> list[Proposal]:
    """The eligible proposals of ``call`` the committee has not yet recommended on."""
    return list(
        db.session.scalars(
            sa.select(Proposal)
            .outerjoin(Recommendation, Recommendation.proposal_id == Proposal.id)
            .where(
                Proposal.call_id == call.id,
                Proposal.state == ProposalState.ELIGIBLE,
                Recommendation.id.is_(None),
            )
            .order_by(Proposal.id)
        )
    )


# --- recording ------------------------------------------------------------------------------


def _check_votes(recommended: bool, votes: dict[str, int], rationale: str, voting: int) -> None:
    problems: dict[str, str] = {}
    for name, value in votes.items():
        if value is None or value < 0:
            problems[name] = _("Enter the number of votes as a whole number, 0 or more.")
    if not problems:
        cast = sum(votes.values())
        if cast < 1:
            problems["votes_for"] = _("Enter the committee's vote: at least one vote.")
        elif cast > voting:
            problems["votes_for"] = _(
                "%(cast)s votes were entered but only %(voting)s committee members may vote "
                "on this proposal (conflicted members do not vote).",
                cast=cast,
                voting=voting,
            )
        elif recommended and votes["votes_for"] <= votes["votes_against"]:
            problems["recommended"] = _(
                "A proposal can only be recommended when more members voted for it than "
                "against it (%(yes)s for, %(no)s against).",
                yes=votes["votes_for"],
                no=votes["votes_against"],
            )
        elif not recommended and votes["votes_for"] > votes["votes_against"]:
            problems["recommended"] = _(
                "The majority voted for this proposal (%(yes)s for, %(no)s against): "
                "record it as recommended, or correct the votes.",
                yes=votes["votes_for"],
                no=votes["votes_against"],
            )
    if not rationale:
        problems["rationale"] = _("Write the committee's rationale.")
    if problems:
        raise VoteError(problems)


def _as_dict(row: Recommendation) -> dict:
    return {
        "recommended": row.recommended,
        "votes_for": row.votes_for,
        "votes_against": row.votes_against,
        "votes_abstain": row.votes_abstain,
        "rationale": row.rationale,
    }


def record_recommendation(
    proposal: Proposal,
    actor,
    *,
    recommended: bool,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    rationale: str,
) -> Recommendation:
    """Record (or correct) the committee's recommendation on an eligible proposal.

    Only while the call is in the "committee recommending" phase. The votes of the
    members who may vote (``voting_members``) must add up to at least one and at most
    that number, and the outcome must agree with the majority: recommended needs more
    votes for than against.
    """
    call = proposal.call
    problems = []
    if call.phase is not Phase.RECOMMENDING:
        problems.append(
            _(
                "Recommendations can only be recorded while the call is in the “%(phase)s” phase.",
                phase=Phase.RECOMMENDING.label,
            )
        )
    if proposal.state is not ProposalState.ELIGIBLE:
        problems.append(_("The committee only recommends on eligible proposals."))
    if problems:
        raise WorkflowError(problems)
    rationale = (rationale or "").strip()
    votes = {
        "votes_for": votes_for,
        "votes_against": votes_against,
        "votes_abstain": votes_abstain,
    }
    _check_votes(recommended, votes, rationale, voting_members(proposal))

    row = recommendation_of(proposal)
    before = _as_dict(row) if row is not None else None
    actor_id = actor.id  # read before the new row is in the session: no premature autoflush
    if row is None:
        row = Recommendation(proposal_id=proposal.id, call_id=call.id)
    row.recommended = recommended
    row.votes_for, row.votes_against, row.votes_abstain = votes_for, votes_against, votes_abstain
    row.rationale = rationale
    row.recorded_by_id = actor_id
    db.session.add(row)
    after = _as_dict(row)
    if before == after:
        return row
    db.session.flush()
    record(
        actor,
        "recommendation.record",
        row,
        before=before,
        after={"proposal_id": proposal.id, **after},
    )
    return row


# --- sending to the mayor's office ----------------------------------------------------------


def check_complete(call: Call) -> None:
    """Refuse to send the report on while an eligible proposal has no recommendation."""
    missing = missing_recommendations(call)
    if missing:
        titles = "; ".join(f"“{proposal.title}”" for proposal in missing)
        raise WorkflowError(
            [
                _(
                    "The committee has not recommended on every eligible proposal yet. "
                    "Missing: %(titles)s",
                    titles=titles,
                )
            ]
        )


def mayors_office() -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(RoleGrant.role == Role.MAYORS_OFFICE, User.is_disabled.is_(False))
            .order_by(User.id)
        )
    )


def notify_report_ready(call: Call) -> None:
    """Tell everyone in the mayor's office, in the app and by mail, that the report is ready."""
    link = path_for("committee.report", call_id=call.id)
    for user in mayors_office():
        notify(
            user,
            "committee.report_ready",
            _("The committee report of %(call)s is ready.", call=call.title),
            link,
        )
        queue_mail(
            user.email,
            _("The committee report of %(call)s is ready", call=call.title),
            _(
                "The partnership committee has made its recommendations on the proposals "
                "to %(call)s. Read the ranked report and select the proposals to fund: %(link)s",
                call=call.title,
                link=link,
            ),
        )


# --- the report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    """One proposal of the committee report, in ranking order."""

    rank: int | None  # None: no submitted review, so no score to rank by
    proposal: Proposal
    result: ProposalResult | None
    recommendation: Recommendation | None
    running_total: int  # requested cost of this and every row above it
    within_envelope: bool  # the running total is still within the call's budget envelope
    crosses_envelope: bool  # the first row whose running total passes the envelope

    @property
    def requested(self) -> int:
        return self.proposal.requested_total


def committee_report(call: Call) -> list[ReportRow]:
    """The eligible proposals of ``call`` ranked by weighted score (equal scores share a
    rank; unscored proposals come last, unranked), with the running total of requested
    cost down the ranking and the committee's recommendation."""
    # The report does not show who recorded each: no need to load them.
    recommendations = call_recommendations(call, with_recorder=False)
    rows = []
    running = 0
    crossed = False
    rank = None
    previous = None
    for position, (proposal, result) in enumerate(call_results(call), start=1):
        if result is not None:
            if previous is None or result.mean != previous:
                rank = position
            previous = result.mean
        running += proposal.requested_total
        within = running <= call.budget_envelope
        rows.append(
            ReportRow(
                rank=rank if result is not None else None,
                proposal=proposal,
                result=result,
                recommendation=recommendations.get(proposal.id),
                running_total=running,
                within_envelope=within,
                crosses_envelope=not within and not crossed,
            )
        )
        crossed = crossed or not within
    return rows
