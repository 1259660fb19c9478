"""Questions to the proposing group: asking, answering, following up, and who hears of it.

The city's officers and the call's non-conflicted committee ask while the call is in review
or the committee is recommending; the group answers in the same phases. Afterwards the
thread stays with the proposal, read-only. Never commits and never reads the request.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from proposals.accounts.models import User
from proposals.audit.log import record
from proposals.calls.models import Call, Phase
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import Group, Membership
from proposals.mail.outbox import queue_mail
from proposals.notifications.operations import notify, path_for
from proposals.permissions import Permission, can
from proposals.questions.models import BODY_MAX_LENGTH, Answer, Question, Voice
from proposals.submissions.models import Proposal, ProposalState
from proposals.submissions.workflow import WorkflowError

# Questions are about a proposal still under consideration, while the city and the
# committee are forming their view of it.
OPEN_PHASES = frozenset({Phase.IN_REVIEW, Phase.RECOMMENDING})
OPEN_STATES = frozenset({ProposalState.SUBMITTED, ProposalState.ELIGIBLE})


class MessageError(WorkflowError):
    """The text of a question or an answer was refused (shown on the field, status 400)."""


# --- reading --------------------------------------------------------------------------------


def is_open(proposal: Proposal) -> bool:
    """Whether questions may be asked and answered on ``proposal`` now."""
    return proposal.state in OPEN_STATES and proposal.call.phase in OPEN_PHASES


def closed_problems(proposal: Proposal) -> list[str]:
    """Why the thread of ``proposal`` is read-only now, for the user; empty when open."""
    phase = proposal.call.phase
    if phase in (Phase.UPCOMING, Phase.OPEN):
        return [
            _(
                "Questions can be asked once the submission window has closed, "
                "while the proposal is reviewed."
            )
        ]
    if phase not in OPEN_PHASES:
        return [_("The review of this call is over: its questions can no longer change.")]
    if proposal.state not in OPEN_STATES:
        return [
            _(
                "This proposal is %(state)s: its questions can no longer change.",
                state=proposal.state.label.lower(),
            )
        ]
    return []


def questions_of(proposal: Proposal) -> list[Question]:
    """The questions on ``proposal``, oldest first, with their answers and authors."""
    return list(
        db.session.scalars(
            sa.select(Question)
            .where(Question.proposal_id == proposal.id)
            .options(
                selectinload(Question.author),
                selectinload(Question.answers).selectinload(Answer.author),
            )
            .order_by(Question.created_at, Question.id)
        )
    )


def question_of(proposal: Proposal, question_id: int) -> Question | None:
    """The question ``question_id`` if it belongs to ``proposal``."""
    question = db.session.get(Question, question_id)
    if question is None or question.proposal_id != proposal.id:
        return None
    return question


def awaiting_answer_count(group: Group) -> int:
    """How many questions to ``group`` have no answer from it yet and can still be answered."""
    now = utcnow()
    answered = (
        sa.select(Answer.id)
        .where(Answer.question_id == Question.id, Answer.written_as == Voice.GROUP)
        .correlate(Question)
        .exists()
    )
    return db.session.scalar(
        sa.select(sa.func.count(Question.id))
        .join(Proposal, Proposal.id == Question.proposal_id)
        .join(Call, Call.id == Proposal.call_id)
        .where(
            Proposal.group_id == group.id,
            Proposal.state.in_(OPEN_STATES),
            # The phases in review or recommending: see Call.phase_at.
            Call.closes_at <= now,
            Call.recommendations_closed_at.is_(None),
            Call.decided_at.is_(None),
            ~answered,
        )
    )


# --- writing --------------------------------------------------------------------------------


def _clean(body: str | None) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise MessageError([_("Write the message.")])
    if len(body) > BODY_MAX_LENGTH:
        raise MessageError(
            [
                _(
                    "Keep the message to %(maximum)s characters; it has %(length)s.",
                    maximum=f"{BODY_MAX_LENGTH:,}",
                    length=f"{len(body):,}",
                )
            ]
        )
    return body


def _check_open(proposal: Proposal) -> None:
    problems = closed_problems(proposal)
    if problems:
        raise WorkflowError(problems)


def _voice_of_asker(proposal: Proposal, actor) -> Voice:
    if can(actor, Permission.FOLLOW_UP_QUESTION, proposal):
        return Voice.OFFICER
    if can(actor, Permission.ASK_QUESTION, proposal):
        return Voice.COMMITTEE
    raise WorkflowError([_("Only the city's officers and the committee ask questions.")])


def ask(proposal: Proposal, actor, body: str) -> Question:
    """Ask the group a question about ``proposal``; its members and contacts are told."""
    body = _clean(body)
    _check_open(proposal)
    question = Question(
        proposal_id=proposal.id,
        author_id=actor.id,
        asked_as=_voice_of_asker(proposal, actor),
        body=body,
    )
    db.session.add(question)
    db.session.flush()
    record(
        actor,
        "question.ask",
        question,
        after={"proposal_id": proposal.id, "asked_as": question.asked_as.value},
    )
    _tell_group(proposal, question, question.asked_as, body, follow_up=False)
    return question


def answer(question: Question, actor, body: str) -> Answer:
    """The group answers ``question``; whoever asked or followed up is told."""
    proposal = question.proposal
    body = _clean(body)
    _check_open(proposal)
    if not can(actor, Permission.ANSWER_QUESTION, proposal):
        raise WorkflowError([_("Only the proposing group answers its questions.")])
    reply = _add(question, actor, Voice.GROUP, body, "question.answer")
    for user in _city_participants(question, actor):
        notify(
            user,
            "question.answered",
            _(
                "%(group)s answered a question on “%(title)s”.",
                group=proposal.group.name,
                title=proposal.title,
            ),
            thread_link(question),
        )
    return reply


def follow_up(question: Question, actor, body: str) -> Answer:
    """An officer adds to ``question``'s thread; the group and the other participants hear."""
    proposal = question.proposal
    body = _clean(body)
    _check_open(proposal)
    if not can(actor, Permission.FOLLOW_UP_QUESTION, proposal):
        raise WorkflowError([_("Only the city's officers follow up on a question.")])
    reply = _add(question, actor, Voice.OFFICER, body, "question.follow_up")
    _tell_group(proposal, question, Voice.OFFICER, body, follow_up=True)
    for user in _city_participants(question, actor):
        notify(
            user,
            "question.followed_up",
            _("A city officer followed up on a question on “%(title)s”.", title=proposal.title),
            thread_link(question),
        )
    return reply


def _add(question: Question, actor, voice: Voice, body: str, action: str) -> Answer:
    reply = Answer(question=question, author_id=actor.id, written_as=voice, body=body)
    db.session.add(reply)
    db.session.flush()
    record(
        actor,
        action,
        reply,
        after={"question_id": question.id, "written_as": voice.value},
    )
    return reply


# --- who hears of it ------------------------------------------------------------------------


def thread_link(question: Question, *, external: bool = False) -> str:
    """The proposal page, at ``question``'s thread."""
    path = path_for("submissions.view", proposal_id=question.proposal_id)
    if external and has_request_context():
        path = url_for("submissions.view", proposal_id=question.proposal_id, _external=True)
    return f"{path}#question-{question.id}"


def _city_participants(question: Question, actor) -> list[User]:
    """The asker and the officers who followed up, but not ``actor``, nor anybody who may
    no longer read the thread (a reviewer who has since declared a conflict, say)."""
    people = {question.author_id: question.author}
    for reply in question.answers:
        if reply.written_as is not Voice.GROUP:
            people.setdefault(reply.author_id, reply.author)
    people.pop(actor.id, None)
    return [
        user
        for user in people.values()
        if can(user, Permission.VIEW_QUESTIONS, question.proposal)
        and not question.proposal.group.is_member(user)
    ]


def _tell_group(proposal: Proposal, question: Question, voice: Voice, body: str, *, follow_up):
    """Every member in the app; the group's contact address and representative by mail."""
    title = proposal.title
    link = thread_link(question)
    if follow_up:
        message = _("A city officer followed up on a question about “%(title)s”.", title=title)
    elif voice is Voice.OFFICER:
        message = _("A city officer asked a question about “%(title)s”.", title=title)
    else:
        message = _("A committee member asked a question about “%(title)s”.", title=title)
    members = db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.group_id == proposal.group_id)
        .order_by(User.id)
    )
    kind = "question.followed_up" if follow_up else "question.asked"
    for member in members:
        notify(member, kind, message, link)

    group = proposal.group
    recipients = dict.fromkeys(
        address.lower() for address in (group.contact_email, group.representative.email) if address
    )
    subject = _("A question about your proposal “%(title)s”", title=title)
    text = _(
        "%(message)s\n\n%(body)s\n\nPlease answer on the proposal's page: %(link)s",
        message=message,
        body=body,
        link=thread_link(question, external=True),
    )
    for recipient in recipients:
        queue_mail(recipient, subject, text)
