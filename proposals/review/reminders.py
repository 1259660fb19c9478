"""Reminding committee reviewers of their unfinished reviews as a call's deadline nears.

``flask reviews remind`` runs this daily (cron). Never commits: the command does.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlalchemy as sa
from flask_babel import ngettext

from proposals.accounts.models import User
from proposals.calls.models import Call, Phase
from proposals.database import utcnow
from proposals.extensions import db
from proposals.mail.outbox import queue_mail
from proposals.notifications.operations import notify, path_for
from proposals.review.models import CommitteeMember, Review, ReviewAssignment, ReviewReminder
from proposals.review.operations import call_conflicts
from proposals.submissions.models import Proposal, ProposalState
from proposals.templating import format_local

# Reviewers hear of a deadline this long before it (and after it, while the review lasts).
REMINDER_LEAD = dt.timedelta(days=3)


def calls_due(now: dt.datetime) -> list[Call]:
    """Calls in review whose review deadline is within ``REMINDER_LEAD`` of ``now``, or past."""
    calls = db.session.scalars(
        sa.select(Call)
        .where(
            Call.review_due_at.is_not(None),
            Call.review_due_at <= now + REMINDER_LEAD,
            Call.review_closed_at.is_(None),
        )
        .order_by(Call.id)
    )
    return [call for call in calls if call.phase_at(now) is Phase.IN_REVIEW]


def pending_reviews(call: Call) -> Counter[int]:
    """Reviewer id -> how many of their assigned proposals of ``call`` still await their
    submitted review. Only appointed reviewers, eligible proposals and no conflicts count."""
    rows = db.session.execute(
        sa.select(ReviewAssignment.reviewer_id, ReviewAssignment.proposal_id)
        .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
        .join(
            CommitteeMember,
            sa.and_(
                CommitteeMember.call_id == Proposal.call_id,
                CommitteeMember.user_id == ReviewAssignment.reviewer_id,
            ),
        )
        .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)
        .where(
            Proposal.call_id == call.id,
            Proposal.state == ProposalState.ELIGIBLE,
            Review.submitted_at.is_(None),
        )
    )
    conflicts = call_conflicts(call)
    return Counter(
        reviewer_id
        for reviewer_id, proposal_id in rows
        if (proposal_id, reviewer_id) not in conflicts
    )


def send_review_reminders() -> list[ReviewReminder]:
    """Remind each reviewer with unfinished reviews of every call whose deadline is near:
    one notification and one mail per call, reviewer and deadline, however often it runs.

    Returns the reminders sent now. Moving a call's deadline makes a new reminder due.
    """
    now = utcnow()
    sent = []
    for call in calls_due(now):
        pending = pending_reviews(call)
        if not pending:
            continue
        already = set(
            db.session.scalars(
                sa.select(ReviewReminder.reviewer_id).where(
                    ReviewReminder.call_id == call.id,
                    ReviewReminder.due_at == call.review_due_at,
                )
            )
        )
        waiting = [reviewer_id for reviewer_id in sorted(pending) if reviewer_id not in already]
        if not waiting:
            continue
        # A disabled account cannot sign in to review: no point reminding it.
        reviewers = db.session.scalars(
            sa.select(User).where(User.id.in_(waiting), User.is_disabled.is_(False))
        ).all()
        for reviewer in sorted(reviewers, key=lambda user: user.id):
            sent.append(_remind(call, reviewer, pending[reviewer.id], now))
    db.session.flush()
    return sent


def _remind(call: Call, reviewer: User, count: int, now: dt.datetime) -> ReviewReminder:
    reminder = ReviewReminder(
        call_id=call.id,
        reviewer_id=reviewer.id,
        due_at=call.review_due_at,
        pending=count,
        sent_at=now,
    )
    db.session.add(reminder)
    due = format_local(call.review_due_at, call.timezone)
    link = path_for("review.queue")
    summary = ngettext(
        "%(num)d review due by %(due)s: %(call)s",
        "%(num)d reviews due by %(due)s: %(call)s",
        count,
        due=due,
        call=call.title,
    )
    notify(reviewer, "review.reminder", summary, link)
    queue_mail(
        reviewer.email,
        summary,
        ngettext(
            "You have %(num)d review to submit for %(call)s by %(due)s. "
            "Your review queue lists it: %(link)s",
            "You have %(num)d reviews to submit for %(call)s by %(due)s. "
            "Your review queue lists them: %(link)s",
            count,
            call=call.title,
            due=due,
            link=link,
        ),
    )
    return reminder
