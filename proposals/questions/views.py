"""The questions thread of a proposal: asking, answering and following up.

The thread shows on the proposal page (templates/questions/_thread.html); a refused
message is shown again on the thread's own page, with the text as it was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from proposals.extensions import db
from proposals.permissions import Permission, authorize, can
from proposals.questions import operations
from proposals.questions.forms import MessageForm
from proposals.questions.models import Answer, Question, Voice
from proposals.submissions.models import Proposal
from proposals.submissions.workflow import WorkflowError

bp = Blueprint("questions", __name__)

ASK = "ask"


def _answer_prefix(question_id: int) -> str:
    return f"answer-{question_id}"


def _follow_up_prefix(question_id: int) -> str:
    return f"follow-up-{question_id}"


def _message_form(prefix: str, **kwargs) -> MessageForm:
    """The message box of one form on the thread; the prefix keeps the boxes apart."""
    labels = {
        ASK: _("Your question to the group"),
        "answer": _("Your answer"),
        "follow-up": _("Your follow-up"),
    }
    kind = ASK if prefix == ASK else prefix.rsplit("-", 1)[0]
    return MessageForm(prefix=prefix, label=labels[kind], **kwargs)


# --- what the thread template needs ----------------------------------------------------------


@dataclass
class Thread:
    """The thread of one proposal as ``current_user`` may see it and act on it."""

    proposal: Proposal
    visible: bool = False
    questions: list[Question] = field(default_factory=list)
    open: bool = False
    closed_note: str = ""
    may_ask: bool = False
    may_answer: bool = False
    may_follow_up: bool = False
    is_member: bool = False
    reveal_reviewers: bool = False
    bound: MessageForm | None = None

    @property
    def shown(self) -> bool:
        return self.visible and (bool(self.questions) or self.open)

    def form(self, prefix: str) -> MessageForm:
        """The form posted last, with its text and errors, or an empty one."""
        if self.bound is not None and self.bound._prefix == f"{prefix}-":
            return self.bound
        return _message_form(prefix, formdata=None)

    def signature(self, message: Question | Answer) -> str:
        """Who wrote ``message``, as this reader may know it: the group never learns which
        committee member asked."""
        voice = message.asked_as if isinstance(message, Question) else message.written_as
        author = message.author
        if author.id == current_user.id:
            name = _("You")
        elif voice is Voice.COMMITTEE and not self.reveal_reviewers:
            return voice.label
        else:
            name = author.display_name
        role = self.proposal.group.name if voice is Voice.GROUP else voice.label
        return _("%(name)s (%(role)s)", name=name, role=role)


def question_thread(proposal: Proposal, bound: MessageForm | None = None) -> Thread:
    thread = Thread(proposal=proposal, bound=bound)
    if not can(current_user, Permission.VIEW_QUESTIONS, proposal):
        return thread
    thread.visible = True
    thread.questions = operations.questions_of(proposal)
    thread.open = operations.is_open(proposal)
    thread.closed_note = " ".join(operations.closed_problems(proposal))
    thread.may_ask = thread.open and can(current_user, Permission.ASK_QUESTION, proposal)
    thread.may_answer = thread.open and can(current_user, Permission.ANSWER_QUESTION, proposal)
    thread.may_follow_up = thread.open and can(
        current_user, Permission.FOLLOW_UP_QUESTION, proposal
    )
    thread.is_member = proposal.group.is_member(current_user)
    # Officers appoint the committee; everybody else reads "Committee member".
    thread.reveal_reviewers = can(current_user, Permission.FOLLOW_UP_QUESTION, proposal)
    return thread


@bp.app_context_processor
def _thread_global():
    return {"question_thread": question_thread}


# --- loading ---------------------------------------------------------------------------------


def _proposal_or_404(proposal_id: int, *, lock: bool = False) -> Proposal:
    # Writers lock the proposal so a message and a state change (a withdrawal, the end of
    # the review) cannot cross.
    if lock:
        proposal = db.session.get(Proposal, proposal_id, with_for_update=True)
    else:  # the page names the call and the group: one query for the three
        proposal = db.session.get(
            Proposal,
            proposal_id,
            options=[
                joinedload(Proposal.call, innerjoin=True),
                joinedload(Proposal.group, innerjoin=True),
            ],
        )
    if proposal is None:
        abort(404)
    return proposal


def _question_or_404(proposal: Proposal, question_id: int) -> Question:
    question = operations.question_of(proposal, question_id)
    if question is None:
        abort(404)
    return question


def _render(proposal: Proposal, form=None, problems=(), status=200):
    return render_template(
        "questions/form.html",
        proposal=proposal,
        call=proposal.call,
        question_form=form,
        problems=problems,
    ), status


def _refused(proposal: Proposal, form: MessageForm, error: WorkflowError):
    db.session.rollback()
    if isinstance(error, operations.MessageError):
        form.body.errors = list(error.problems)
        return _render(proposal, form, status=400)
    return _render(proposal, form, problems=error.problems, status=409)


# --- pages -----------------------------------------------------------------------------------


@bp.get("/proposals/<int:proposal_id>/questions")
@login_required
def thread(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    authorize(current_user, Permission.VIEW_QUESTIONS, proposal)
    return _render(proposal)


@bp.post("/proposals/<int:proposal_id>/questions")
@login_required
def ask(proposal_id: int):
    proposal = _proposal_or_404(proposal_id, lock=True)
    authorize(current_user, Permission.ASK_QUESTION, proposal)
    form = _message_form(ASK)
    if not form.validate():
        return _render(proposal, form, status=400)
    try:
        operations.ask(proposal, current_user, form.body.data)
    except WorkflowError as error:
        return _refused(proposal, form, error)
    db.session.commit()
    flash(_("Your question was sent to the group."), "success")
    return redirect(url_for("submissions.view", proposal_id=proposal.id, _anchor="questions"))


def _reply(proposal_id: int, question_id: int, permission, prefix, write, done: str):
    """An answer or a follow-up to one question: the two differ in who writes and how."""
    proposal = _proposal_or_404(proposal_id, lock=True)
    authorize(current_user, permission, proposal)
    question = _question_or_404(proposal, question_id)
    form = _message_form(prefix(question.id))
    if not form.validate():
        return _render(proposal, form, status=400)
    try:
        write(question, current_user, form.body.data)
    except WorkflowError as error:
        return _refused(proposal, form, error)
    db.session.commit()
    flash(done, "success")
    return redirect(
        url_for("submissions.view", proposal_id=proposal.id, _anchor=f"question-{question.id}")
    )


@bp.post("/proposals/<int:proposal_id>/questions/<int:question_id>/answers")
@login_required
def answer(proposal_id: int, question_id: int):
    return _reply(
        proposal_id,
        question_id,
        Permission.ANSWER_QUESTION,
        _answer_prefix,
        operations.answer,
        _("Your answer was sent."),
    )


@bp.post("/proposals/<int:proposal_id>/questions/<int:question_id>/follow-ups")
@login_required
def follow_up(proposal_id: int, question_id: int):
    return _reply(
        proposal_id,
        question_id,
        Permission.FOLLOW_UP_QUESTION,
        _follow_up_prefix,
        operations.follow_up,
        _("Your follow-up was sent to the group."),
    )
