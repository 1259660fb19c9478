"""The questions thread through the browser: the flow, who may do what, refusals, escaping."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from proposals.extensions import db
from proposals.mail.outbox import deliver_committed_mail
from proposals.notifications.models import Notification
from proposals.questions import operations
from proposals.questions.models import Answer, Question
from proposals.submissions.models import ProposalState

EVERYONE = [
    "anonymous",
    "citizen",
    "other_member",
    "member",
    "representative",
    "reviewer",
    "conflicted",
    "outsider_reviewer",
    "officer",
    "mayor",
    "admin",
]
READERS = {"member", "representative", "reviewer", "officer", "mayor"}
ASKERS = {"reviewer", "officer"}
ANSWERERS = {"member", "representative"}
FOLLOWERS = {"officer"}


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _paths(cast, question):
    base = f"/proposals/{cast.proposal.id}/questions"
    return {
        "ask": (base, "ask-body"),
        "answer": (f"{base}/{question.id}/answers", f"answer-{question.id}-body"),
        "follow_up": (f"{base}/{question.id}/follow-ups", f"follow-up-{question.id}-body"),
    }


@pytest.fixture
def asked(cast):
    question = operations.ask(cast.proposal, cast.reviewer, "How many families come each week?")
    db.session.commit()
    # Delivered now, as a request would, so that no later request changes the outbox.
    deliver_committed_mail()
    return question


# --- the flow -------------------------------------------------------------------------------


def test_ask_answer_and_follow_up_through_the_pages(client, login, cast, audit_actions):
    login(cast.officer)
    response = client.post(
        f"/proposals/{cast.proposal.id}/questions", data={"ask-body": "Who leads the sessions?"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/proposals/{cast.proposal.id}#questions")
    question = db.session.scalars(sa.select(Question)).one()

    login(cast.member)
    page = client.get(f"/proposals/{cast.proposal.id}").get_data(as_text=True)
    assert 'id="questions"' in page and f'id="question-{question.id}"' in page
    assert "Who leads the sessions?" in page
    assert "Officer Ota (City officer)" in page
    assert "Awaiting an answer" in page
    assert f'name="answer-{question.id}-body"' in page
    assert 'name="ask-body"' not in page
    response = client.post(
        f"/proposals/{cast.proposal.id}/questions/{question.id}/answers",
        data={f"answer-{question.id}-body": "Our two childcare workers.\r\nAnd volunteers."},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/proposals/{cast.proposal.id}#question-{question.id}"
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your answer was sent." in page
    assert "You (Seya Play Club)" in page

    login(cast.officer)
    page = client.get(f"/proposals/{cast.proposal.id}").get_data(as_text=True)
    assert "Member Mai (Seya Play Club)" in page
    assert "Our two childcare workers.\nAnd volunteers." in page
    assert "Answered" in page
    response = client.post(
        f"/proposals/{cast.proposal.id}/questions/{question.id}/follow-ups",
        data={f"follow-up-{question.id}-body": "Are they qualified?"},
    )
    assert response.status_code == 302
    assert [a.body for a in question.answers] == [
        "Our two childcare workers.\nAnd volunteers.",
        "Are they qualified?",
    ]
    assert audit_actions()[-3:] == ["question.ask", "question.answer", "question.follow_up"]


def test_the_group_never_learns_which_reviewer_asked(client, login, cast, asked):
    for person in (cast.member, cast.representative, cast.mayor):
        login(person)
        page = client.get(f"/proposals/{cast.proposal.id}").get_data(as_text=True)
        assert "How many families come each week?" in page
        assert "Committee member" in page
        assert "Reviewer Rika" not in page
    login(cast.officer)
    page = client.get(f"/proposals/{cast.proposal.id}").get_data(as_text=True)
    assert "Reviewer Rika (Committee member)" in page
    login(cast.reviewer)
    page = client.get(f"/proposals/{cast.proposal.id}").get_data(as_text=True)
    assert "You (Committee member)" in page


def test_times_are_shown_in_the_calls_timezone(client, login, cast, asked):
    login(cast.member)
    page = client.get(f"/proposals/{cast.proposal.id}").get_data(as_text=True)
    # The frozen clock is 03:00 UTC: 12:00 in Tokyo.
    assert "12:00" in page and "(JST)" in page


def test_the_group_is_notified_with_a_link_to_the_thread(client, login, cast):
    login(cast.reviewer)
    client.post(f"/proposals/{cast.proposal.id}/questions", data={"ask-body": "Why Mondays?"})
    question = db.session.scalars(sa.select(Question)).one()
    notes = db.session.scalars(sa.select(Notification).order_by(Notification.user_id)).all()
    assert {n.user_id for n in notes} == {cast.representative.id, cast.member.id}
    assert {n.link for n in notes} == {f"/proposals/{cast.proposal.id}#question-{question.id}"}
    from proposals.mail.models import OutboxMessage

    mails = db.session.scalars(sa.select(OutboxMessage)).all()
    assert {m.recipient for m in mails} == {"club@example.org", "rep@example.org"}
    assert all(
        f"http://kyodo.test/proposals/{cast.proposal.id}#question-{question.id}" in m.body
        for m in mails
    )


def test_the_group_dashboard_counts_questions_awaiting_an_answer(client, login, cast, asked):
    login(cast.member)
    page = client.get(f"/groups/{cast.group.id}").get_data(as_text=True)
    assert "1 question from the city or the committee is awaiting your answer" in page
    operations.answer(asked, cast.member, "About thirty.")
    db.session.commit()
    page = client.get(f"/groups/{cast.group.id}").get_data(as_text=True)
    assert "awaiting your answer" not in page


# --- who may do what ------------------------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_who_sees_the_thread_on_the_proposal_page(client, login, cast, asked, who):
    person = cast.person(who)
    if person is not None:
        login(person)
    response = client.get(f"/proposals/{cast.proposal.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert ("How many families come each week?" in page) is (who in READERS)
    assert ('id="questions"' in page) is (who in READERS)
    assert ('name="ask-body"' in page) is (who in ASKERS)
    assert (f'name="answer-{asked.id}-body"' in page) is (who in ANSWERERS)
    assert (f'name="follow-up-{asked.id}-body"' in page) is (who in FOLLOWERS)


@pytest.mark.parametrize("who", EVERYONE)
def test_permission_matrix(client, login, cast, asked, snapshot, who):
    person = cast.person(who)
    if person is not None:
        login(person)
    response = client.get(f"/proposals/{cast.proposal.id}/questions")
    if who == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == (200 if who in READERS else 403)
        if who not in READERS:
            assert "How many families" not in response.get_data(as_text=True)

    for action, allowed in (("ask", ASKERS), ("answer", ANSWERERS), ("follow_up", FOLLOWERS)):
        before = snapshot()
        path, name = _paths(cast, asked)[action]
        response = client.post(path, data={name: "A message."})
        if who == "anonymous":
            assert response.status_code == 302 and "/login" in response.headers["Location"]
        elif who in allowed:
            assert response.status_code == 302, action
            continue
        else:
            assert response.status_code == 403, action
        assert snapshot() == before, action


def test_a_conflicted_reviewer_gets_nothing_of_a_draft_or_a_missing_thread(
    client, login, cast, asked, make_proposal
):
    draft = make_proposal(call=cast.call, group=cast.group, state=ProposalState.DRAFT)
    login(cast.conflicted)
    assert client.get(f"/proposals/{draft.id}/questions").status_code == 404
    assert (
        client.post(f"/proposals/{draft.id}/questions", data={"ask-body": "x"}).status_code == 404
    )
    login(cast.officer)
    assert client.get(f"/proposals/{draft.id}/questions").status_code == 404
    assert client.get("/proposals/999/questions").status_code == 404
    assert client.post("/proposals/999/questions", data={"ask-body": "x"}).status_code == 404


def test_a_question_of_another_proposal_is_not_found(
    client, login, cast, asked, make_proposal, make_group
):
    other = make_proposal(call=cast.call, group=make_group(), state=ProposalState.ELIGIBLE)
    login(cast.officer)
    response = client.post(
        f"/proposals/{other.id}/questions/{asked.id}/follow-ups",
        data={f"follow-up-{asked.id}-body": "Crossed wires"},
    )
    assert response.status_code == 404
    login(cast.member)
    response = client.post(
        f"/proposals/{cast.proposal.id}/questions/999/answers", data={"answer-999-body": "x"}
    )
    assert response.status_code == 404
    assert _count(Answer) == 0


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, message",
    [("", "Write the message."), ("   ", "Write the message."), ("y" * 5001, "5000 characters")],
)
def test_a_bad_text_is_refused_on_its_field_keeping_the_text(
    client, login, cast, asked, snapshot, body, message
):
    login(cast.officer)
    before = snapshot()
    response = client.post(f"/proposals/{cast.proposal.id}/questions", data={"ask-body": body})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'id="ask-body-errors"' in page
    assert '<a href="#ask-body">Your question to the group</a>' in page
    if body.strip():
        assert body in page
    assert snapshot() == before

    login(cast.member)
    response = client.post(
        f"/proposals/{cast.proposal.id}/questions/{asked.id}/answers",
        data={f"answer-{asked.id}-body": body},
    )
    assert response.status_code == 400
    assert f'id="answer-{asked.id}-body-errors"' in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize("phase", ["selecting", "decided"])
def test_after_the_committee_the_thread_is_read_only(
    client, login, cast, asked, set_phase, snapshot, phase
):
    set_phase(cast.call, phase)
    before = snapshot()
    for person, action in (
        (cast.officer, "ask"),
        (cast.member, "answer"),
        (cast.officer, "follow_up"),
    ):
        login(person)
        path, name = _paths(cast, asked)[action]
        response = client.post(path, data={name: "Typed with care."})
        assert response.status_code == 409, action
        page = response.get_data(as_text=True)
        assert "The review of this call is over" in page
        assert "Typed with care." in page
        assert snapshot() == before

    login(cast.member)
    page = client.get(f"/proposals/{cast.proposal.id}").get_data(as_text=True)
    assert "How many families come each week?" in page
    assert f'name="answer-{asked.id}-body"' not in page
    login(cast.officer)
    page = client.get(f"/proposals/{cast.proposal.id}").get_data(as_text=True)
    assert 'name="ask-body"' not in page and "follow-up-" not in page


def test_recommending_is_still_open(client, login, cast, asked, set_phase):
    set_phase(cast.call, "recommending")
    login(cast.member)
    response = client.post(
        f"/proposals/{cast.proposal.id}/questions/{asked.id}/answers",
        data={f"answer-{asked.id}-body": "Thirty."},
    )
    assert response.status_code == 302


def test_no_question_on_a_withdrawn_proposal(
    client, login, cast, make_proposal, make_group, snapshot
):
    withdrawn = make_proposal(call=cast.call, group=make_group(), state=ProposalState.WITHDRAWN)
    login(cast.officer)
    before = snapshot()
    response = client.post(f"/proposals/{withdrawn.id}/questions", data={"ask-body": "Why?"})
    assert response.status_code == 409
    assert "withdrawn" in response.get_data(as_text=True)
    assert snapshot() == before


def test_no_question_while_the_window_is_open(client, login, cast, make_proposal, snapshot):
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    login(cast.officer)
    before = snapshot()
    response = client.post(f"/proposals/{proposal.id}/questions", data={"ask-body": "Early?"})
    assert response.status_code == 409
    assert snapshot() == before
    # Nor a thread on the page: there is nothing to show yet.
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert 'id="questions"' not in page


# --- escaping -------------------------------------------------------------------------------


def test_messages_are_escaped(client, login, cast):
    login(cast.officer)
    client.post(
        f"/proposals/{cast.proposal.id}/questions",
        data={"ask-body": "<script>alert('q')</script>"},
    )
    question = db.session.scalars(sa.select(Question)).one()
    login(cast.member)
    client.post(
        f"/proposals/{cast.proposal.id}/questions/{question.id}/answers",
        data={f"answer-{question.id}-body": '<img src=x onerror="alert(1)">'},
    )
    for person in (cast.member, cast.officer):
        login(person)
        page = client.get(f"/proposals/{cast.proposal.id}").get_data(as_text=True)
        assert "<script>alert(" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#39;q&#39;)&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page


def test_the_forms_carry_their_csrf_token(app, client, login, cast, asked, monkeypatch):
    import re

    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    login(cast.member)
    page = client.get(f"/proposals/{cast.proposal.id}").get_data(as_text=True)
    name = f"answer-{asked.id}-csrf_token"
    token = re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)
    path, field = _paths(cast, asked)["answer"]
    assert client.post(path, data={field: "Thirty."}).status_code == 400
    assert _count(Answer) == 0
    assert client.post(path, data={field: "Thirty.", name: token}).status_code == 302
    assert _count(Answer) == 1
