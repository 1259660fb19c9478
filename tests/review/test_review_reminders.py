"""``flask reviews remind``: reviewers hear once of unfinished reviews as the deadline nears."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from proposals.accounts.models import User
from proposals.calls.models import Phase
from proposals.extensions import db
from proposals.groups.models import Membership
from proposals.mail.models import OutboxMessage
from proposals.notifications.models import Notification
from proposals.review import operations
from proposals.review.models import ReviewReminder
from proposals.review.reminders import send_review_reminders

# NOW is 03:00 UTC on 1 June 2026; two days later is noon in Tokyo (Babel puts a narrow
# no-break space before "PM").
DUE = "Jun 3, 2026, 12:00\u202fPM (JST)"


def _reminded():
    """(reviewer email, notification message) of every reminder notification."""
    return sorted(
        db.session.execute(
            sa.select(User.email, Notification.message)
            .join(User, User.id == Notification.user_id)
            .where(Notification.kind == "review.reminder")
        ).all()
    )


def _mails():
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.subject.contains("due by"))
    ).all()


def _submit(proposal, reviewer):
    assignment = operations.assignment_of(proposal, reviewer)
    scores = {criterion.id: (4, "") for criterion in proposal.call.criteria}
    operations.save_review(assignment, reviewer, scores, submit=True)
    db.session.commit()


@pytest.fixture
def committee(clock, in_review, reviewers, appointed, officer):
    """A call in review due in two days: Aoki has 2 reviews to do, Baba has submitted hers,
    Chiba has one draft and one to start."""

    def committee(due_in=dt.timedelta(days=2)):
        call, proposals = in_review(3)
        aoki, baba, chiba = appointed(call, reviewers(3, names={0: "Aoki", 1: "Baba", 2: "Chiba"}))
        for proposal in proposals[:2]:
            operations.assign(proposal, aoki, officer)
        operations.assign(proposals[0], baba, officer)
        operations.assign(proposals[1], chiba, officer)
        operations.assign(proposals[2], chiba, officer)
        db.session.commit()
        _submit(proposals[0], baba)
        operations.save_review(
            operations.assignment_of(proposals[1], chiba),
            chiba,
            {call.criteria[0].id: (3, "")},
            submit=False,
        )
        call.review_due_at = clock.now + due_in
        db.session.commit()
        db.session.execute(sa.delete(Notification))
        db.session.execute(sa.delete(OutboxMessage))
        db.session.commit()
        return call, proposals, (aoki, baba, chiba)

    return committee


def test_each_reviewer_with_unfinished_reviews_gets_one_notification_and_one_mail(
    committee, runner
):
    call, _proposals, (aoki, baba, chiba) = committee()
    assert call.phase is Phase.IN_REVIEW

    result = runner.invoke(args=["reviews", "remind"])

    assert result.exit_code == 0, result.output
    assert "Sent 2 review reminders" in result.output
    assert _reminded() == [
        (aoki.email, f"2 reviews due by {DUE}: Citizen Partnership 2027"),
        (chiba.email, f"2 reviews due by {DUE}: Citizen Partnership 2027"),
    ]
    mails = _mails()
    assert sorted(mail.recipient for mail in mails) == [aoki.email, chiba.email]
    assert all("/review/" in mail.body and "Jun 3, 2026" in mail.body for mail in mails)
    # The command delivers what it committed (no request ends to do it).
    assert all(mail.sent_at is not None for mail in mails)
    link = db.session.scalar(sa.select(Notification.link).limit(1))
    assert link == "/review/"


def test_running_it_again_sends_nothing_new(committee, runner, clock):
    committee()
    runner.invoke(args=["reviews", "remind"])
    clock.advance(days=1)

    result = runner.invoke(args=["reviews", "remind"])

    assert "Sent 0 review reminders" in result.output
    assert len(_reminded()) == 2
    assert len(_mails()) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewReminder)) == 2


def test_one_reminder_says_review_in_the_singular(committee):
    call, proposals, (aoki, _baba, chiba) = committee()
    _submit(proposals[0], aoki)
    _submit(proposals[1], chiba)

    sent = send_review_reminders()
    db.session.commit()

    assert [(reminder.reviewer_id, reminder.pending) for reminder in sent] == [
        (aoki.id, 1),
        (chiba.id, 1),
    ]
    assert _reminded()[0][1].startswith("1 review due by Jun 3, 2026")


def test_nobody_hears_before_the_last_three_days(committee, clock, runner):
    committee(due_in=dt.timedelta(days=3, minutes=1))

    result = runner.invoke(args=["reviews", "remind"])
    assert "Sent 0 review reminders" in result.output
    assert _reminded() == []

    clock.advance(minutes=1)
    result = runner.invoke(args=["reviews", "remind"])
    assert "Sent 2 review reminders" in result.output


def test_an_overdue_call_still_in_review_reminds_too(committee, clock):
    committee(due_in=dt.timedelta(days=1))
    clock.advance(days=5)

    assert len(send_review_reminders()) == 2


def test_moving_the_deadline_makes_a_new_reminder_due(committee, clock):
    call, _proposals, _members = committee()
    send_review_reminders()
    db.session.commit()

    call.review_due_at = clock.now + dt.timedelta(days=1)
    db.session.commit()

    assert len(send_review_reminders()) == 2
    db.session.commit()
    assert len(_reminded()) == 4


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda call, now: setattr(call, "review_due_at", None), id="no deadline"),
        pytest.param(lambda call, now: setattr(call, "review_closed_at", now), id="review closed"),
    ],
)
def test_calls_without_a_deadline_or_out_of_review_remind_nobody(committee, clock, change):
    call, _proposals, _members = committee()
    change(call, clock.now)
    db.session.commit()

    assert send_review_reminders() == []
    assert _reminded() == []


def test_an_open_call_reminds_nobody(clock, make_call):
    call = make_call("open")
    call.review_due_at = call.closes_at + dt.timedelta(hours=1)
    clock.set(call.closes_at - dt.timedelta(hours=1))
    db.session.commit()

    assert send_review_reminders() == []


def test_conflicted_assignments_do_not_count(committee):
    call, proposals, (aoki, _baba, chiba) = committee()
    # Aoki has since joined the group proposing the first proposal: automatically conflicted.
    db.session.add(Membership(group=proposals[0].group, user=aoki))
    db.session.commit()

    sent = {reminder.reviewer_id: reminder.pending for reminder in send_review_reminders()}

    assert sent == {aoki.id: 1, chiba.id: 2}


def test_a_disabled_reviewer_is_not_reminded(committee):
    _call, _proposals, (aoki, _baba, chiba) = committee()
    aoki.is_disabled = True
    db.session.commit()

    assert [reminder.reviewer_id for reminder in send_review_reminders()] == [chiba.id]


def test_the_database_keeps_one_reminder_per_call_reviewer_and_deadline(committee):
    call, _proposals, (aoki, _baba, _chiba) = committee()
    for _ in range(2):
        db.session.add(
            ReviewReminder(
                call_id=call.id, reviewer_id=aoki.id, due_at=call.review_due_at, pending=2
            )
        )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_queue_and_the_officers_page_show_the_deadline(committee, client, login, officer):
    call, _proposals, (aoki, baba, _chiba) = committee()

    login(aoki)
    html = client.get("/review/").get_data(as_text=True)
    assert f"Reviews due by {DUE}" in html
    assert html.count("Due by Jun 3, 2026") == 2

    login(baba)
    html = client.get("/review/").get_data(as_text=True)
    # Her one review is submitted: nothing is due from her.
    assert "Due by Jun 3" not in html

    login(officer)
    html = client.get(f"/officer/calls/{call.id}/review").get_data(as_text=True)
    assert f"Reviews are due by {DUE}." in html


def test_the_officers_page_says_when_no_deadline_is_set(in_review, client, login, officer):
    call, _proposals = in_review(1)
    login(officer)
    html = client.get(f"/officer/calls/{call.id}/review").get_data(as_text=True)
    assert "No review deadline is set." in html
    assert f"/officer/calls/{call.id}/edit" in html
