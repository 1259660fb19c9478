"""The domain rules of questions: phases, states, texts, audit, notifications and mail."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from proposals.audit.models import AuditEvent
from proposals.extensions import db
from proposals.questions import operations
from proposals.questions.models import Answer, Question, Voice
from proposals.review import operations as review
from proposals.submissions.models import ProposalState
from proposals.submissions.workflow import WorkflowError


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_an_officer_asks_and_the_group_answers(cast, audit_actions):
    question = operations.ask(cast.proposal, cast.officer, "  How many families?  ")
    db.session.commit()
    assert question.asked_as is Voice.OFFICER
    assert question.body == "How many families?"
    assert not question.answered

    reply = operations.answer(question, cast.member, "About forty.")
    db.session.commit()
    assert reply.written_as is Voice.GROUP
    assert question.answered
    assert [a.body for a in operations.questions_of(cast.proposal)[0].answers] == ["About forty."]
    assert audit_actions()[-2:] == ["question.ask", "question.answer"]
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "question.ask")
    ).one()
    assert event.actor_id == cast.officer.id
    assert event.object_type == "questions" and event.object_id == question.id
    assert event.after == {"proposal_id": cast.proposal.id, "asked_as": "officer"}


def test_a_reviewer_asks_as_the_committee(cast):
    question = operations.ask(cast.proposal, cast.reviewer, "Who runs the sessions?")
    assert question.asked_as is Voice.COMMITTEE


def test_officers_follow_up_and_the_thread_keeps_its_order(cast, clock, audit_actions):
    question = operations.ask(cast.proposal, cast.reviewer, "Where?")
    clock.advance(minutes=5)
    operations.answer(question, cast.member, "In the centre.")
    clock.advance(minutes=5)
    operations.follow_up(question, cast.officer, "Which centre?")
    clock.advance(minutes=5)
    operations.answer(question, cast.representative, "Seya community centre.")
    db.session.commit()
    db.session.expire_all()
    [thread] = operations.questions_of(cast.proposal)
    assert [(a.written_as, a.body) for a in thread.answers] == [
        (Voice.GROUP, "In the centre."),
        (Voice.OFFICER, "Which centre?"),
        (Voice.GROUP, "Seya community centre."),
    ]
    assert audit_actions()[-3:] == ["question.answer", "question.follow_up", "question.answer"]


@pytest.mark.parametrize(
    "phase, allowed",
    [
        ("in_review", True),
        ("recommending", True),
        ("selecting", False),
        ("decided", False),
    ],
)
def test_questions_are_open_in_review_and_recommending_only(cast, set_phase, phase, allowed):
    question = operations.ask(cast.proposal, cast.officer, "Before.")
    db.session.commit()
    set_phase(cast.call, phase)
    assert operations.is_open(cast.proposal) is allowed
    if allowed:
        operations.ask(cast.proposal, cast.officer, "Now?")
        operations.answer(question, cast.member, "Yes.")
        operations.follow_up(question, cast.officer, "Thanks.")
        return
    for attempt in (
        lambda: operations.ask(cast.proposal, cast.officer, "Now?"),
        lambda: operations.answer(question, cast.member, "Yes."),
        lambda: operations.follow_up(question, cast.officer, "Thanks."),
    ):
        with pytest.raises(WorkflowError) as refused:
            attempt()
        assert "review of this call is over" in refused.value.problems[0]
    # Still readable.
    assert operations.questions_of(cast.proposal) == [question]


def test_no_question_while_the_window_is_open(make_user, make_proposal):
    from proposals.accounts.models import Role

    officer = make_user(roles=[Role.CITY_OFFICER])
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    assert proposal.call.is_open
    with pytest.raises(WorkflowError) as refused:
        operations.ask(proposal, officer, "Early?")
    assert "once the submission window has closed" in refused.value.problems[0]
    assert _count(Question) == 0


@pytest.mark.parametrize(
    "state, allowed",
    [
        (ProposalState.SUBMITTED, True),
        (ProposalState.ELIGIBLE, True),
        (ProposalState.INELIGIBLE, False),
        (ProposalState.WITHDRAWN, False),
    ],
)
def test_questions_only_on_proposals_under_consideration(
    cast, make_proposal, make_group, state, allowed
):
    proposal = make_proposal(call=cast.call, group=make_group(), state=state)
    if allowed:
        operations.ask(proposal, cast.officer, "A question.")
        return
    with pytest.raises(WorkflowError) as refused:
        operations.ask(proposal, cast.officer, "A question.")
    assert state.label.lower() in refused.value.problems[0]
    assert _count(Question) == 0


@pytest.mark.parametrize(
    "body, message",
    [("", "Write the message."), ("   \n ", "Write the message."), ("x" * 5001, "5,000")],
)
def test_the_text_is_checked(cast, body, message):
    with pytest.raises(operations.MessageError) as refused:
        operations.ask(cast.proposal, cast.officer, body)
    assert message in refused.value.problems[0]
    question = operations.ask(cast.proposal, cast.officer, "x" * 5000)
    with pytest.raises(operations.MessageError):
        operations.answer(question, cast.member, body)


def test_who_may_write_what_is_checked_by_the_domain_too(cast):
    with pytest.raises(WorkflowError):
        operations.ask(cast.proposal, cast.member, "Asking ourselves?")
    with pytest.raises(WorkflowError):
        operations.ask(cast.proposal, cast.conflicted, "Conflicted?")
    with pytest.raises(WorkflowError):
        operations.ask(cast.proposal, cast.outsider_reviewer, "Not appointed?")
    question = operations.ask(cast.proposal, cast.reviewer, "Fine.")
    with pytest.raises(WorkflowError):
        operations.answer(question, cast.officer, "Answering for them?")
    with pytest.raises(WorkflowError):
        operations.follow_up(question, cast.reviewer, "Only officers follow up.")
    with pytest.raises(WorkflowError):
        operations.answer(question, cast.other_member, "Another group.")


def test_the_group_hears_of_a_question(cast, notifications_of, outbox):
    question = operations.ask(cast.proposal, cast.reviewer, "How many volunteers?")
    db.session.commit()
    link = f"/proposals/{cast.proposal.id}#question-{question.id}"
    for person in (cast.representative, cast.member):
        [note] = notifications_of(person)
        assert note.kind == "question.asked"
        assert note.link == link
        assert note.message == "A committee member asked a question about “Play mornings”."
    for person in (cast.officer, cast.reviewer, cast.other_member, cast.conflicted):
        assert notifications_of(person) == []
    mails = outbox()
    assert sorted(m.recipient for m in mails) == ["club@example.org", "rep@example.org"]
    for mail in mails:
        assert "Play mornings" in mail.subject
        assert "How many volunteers?" in mail.body
        assert link in mail.body
        assert "Reviewer Rika" not in mail.body


def test_one_mail_when_the_contact_is_the_representative(cast, outbox):
    cast.group.contact_email = "REP@example.org"
    db.session.commit()
    operations.ask(cast.proposal, cast.officer, "One mail?")
    db.session.commit()
    assert [m.recipient for m in outbox()] == ["rep@example.org"]


def test_the_asker_and_following_officers_hear_of_an_answer(
    cast, make_user, notifications_of, outbox
):
    from proposals.accounts.models import Role

    second_officer = make_user(roles=[Role.CITY_OFFICER])
    question = operations.ask(cast.proposal, cast.reviewer, "Where?")
    operations.follow_up(question, second_officer, "And when?")
    db.session.commit()
    mails_before = len(outbox())
    # The reviewer who asked hears of the officer's follow-up.
    assert [n.kind for n in notifications_of(cast.reviewer)] == ["question.followed_up"]

    operations.answer(question, cast.member, "Seya, on Mondays.")
    db.session.commit()
    link = f"/proposals/{cast.proposal.id}#question-{question.id}"
    for person in (cast.reviewer, second_officer):
        note = notifications_of(person)[-1]
        assert note.kind == "question.answered"
        assert note.link == link
        assert note.message == "Seya Play Club answered a question on “Play mornings”."
    # Nobody else: not the officer who took no part, nor the group itself.
    assert notifications_of(cast.officer) == []
    assert [n.kind for n in notifications_of(cast.member)] == [
        "question.asked",
        "question.followed_up",
    ]
    assert len(outbox()) == mails_before


def test_an_asker_who_became_conflicted_hears_nothing(cast, notifications_of):
    question = operations.ask(cast.proposal, cast.reviewer, "Where?")
    review.declare_conflict(cast.proposal, cast.reviewer, "I joined their board.")
    operations.answer(question, cast.member, "Seya.")
    db.session.commit()
    assert notifications_of(cast.reviewer) == []


def test_questions_awaiting_the_groups_answer(cast, make_proposal, set_phase):
    assert operations.awaiting_answer_count(cast.group) == 0
    first = operations.ask(cast.proposal, cast.officer, "One?")
    operations.ask(cast.proposal, cast.reviewer, "Two?")
    db.session.commit()
    assert operations.awaiting_answer_count(cast.group) == 2
    operations.follow_up(first, cast.officer, "Still one?")
    assert operations.awaiting_answer_count(cast.group) == 2
    operations.answer(first, cast.member, "Yes.")
    db.session.commit()
    assert operations.awaiting_answer_count(cast.group) == 1
    set_phase(cast.call, "recommending")
    assert operations.awaiting_answer_count(cast.group) == 1
    set_phase(cast.call, "selecting")
    assert operations.awaiting_answer_count(cast.group) == 0


def test_answers_go_with_their_question(cast):
    question = operations.ask(cast.proposal, cast.officer, "Where?")
    operations.answer(question, cast.member, "Seya.")
    db.session.commit()
    db.session.delete(question)
    db.session.commit()
    assert _count(Answer) == 0
