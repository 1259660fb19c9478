"""Who may do what: the one place where authorisation is decided.

Views call ``authorize(user, Permission.X, obj)`` before any change; templates call
``can(...)`` to decide which buttons to show. Object-level rules live here too: a
group's drafts exist only for its members, so everybody else gets 404, not 403.
"""

from __future__ import annotations

import enum

from werkzeug.exceptions import Forbidden, NotFound

from proposals.accounts.models import Role


class Permission(enum.StrEnum):
    # administration
    MANAGE_ROLES = "manage_roles"
    VIEW_AUDIT_LOG = "view_audit_log"
    VIEW_OUTBOX = "view_outbox"
    # groups
    CREATE_GROUP = "create_group"
    VIEW_GROUP_DASHBOARD = "view_group_dashboard"
    EDIT_GROUP = "edit_group"
    INVITE_MEMBER = "invite_member"
    HAND_OVER_GROUP = "hand_over_group"
    LEAVE_GROUP = "leave_group"
    REMOVE_MEMBER = "remove_member"
    # calls
    MANAGE_CALLS = "manage_calls"
    ADVANCE_CALL_PHASE = "advance_call_phase"
    VIEW_SUBMISSIONS = "view_submissions"
    # proposals
    CREATE_PROPOSAL = "create_proposal"
    VIEW_PROPOSAL = "view_proposal"
    EDIT_PROPOSAL = "edit_proposal"
    SUBMIT_PROPOSAL = "submit_proposal"
    WITHDRAW_PROPOSAL = "withdraw_proposal"
    VIEW_ATTACHMENT = "view_attachment"
    CHECK_ELIGIBILITY = "check_eligibility"
    # review
    MANAGE_REVIEW = "manage_review"
    VIEW_REVIEW_QUEUE = "view_review_queue"
    VIEW_COMMITTEE_CALL = "view_committee_call"
    DECLARE_CONFLICT = "declare_conflict"
    SCORE_PROPOSAL = "score_proposal"
    VIEW_SCORES = "view_scores"
    # questions to the group (obj is the proposal)
    VIEW_QUESTIONS = "view_questions"
    ASK_QUESTION = "ask_question"
    ANSWER_QUESTION = "answer_question"
    FOLLOW_UP_QUESTION = "follow_up_question"
    # the committee's recommendation (obj is the call)
    RECORD_RECOMMENDATION = "record_recommendation"
    VIEW_COMMITTEE_REPORT = "view_committee_report"
    # the mayor's selection and its publication (obj is the call)
    SELECT_PROPOSALS = "select_proposals"
    PUBLISH_DECISION = "publish_decision"
    # projects and their results (obj is the project, or the report where said)
    VIEW_OFFICER_PROJECTS = "view_officer_projects"
    TAKE_PROJECT_LEAD = "take_project_lead"
    MANAGE_PROJECT = "manage_project"
    VIEW_PROJECT_REPORTS = "view_project_reports"
    PREPARE_REPORT = "prepare_report"
    SUBMIT_REPORT = "submit_report"
    VERIFY_REPORT = "verify_report"  # obj is the report
    VIEW_REPORTS_DUE = "view_reports_due"
    VIEW_REPORT_EVIDENCE = "view_report_evidence"  # obj is the report
    EDIT_REPORT_EVIDENCE = "edit_report_evidence"  # obj is the report
    IMPORT_INDICATOR_VALUES = "import_indicator_values"


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _has_role(user, role: Role) -> bool:
    return _authenticated(user) and user.has_role(role)


def _is_officer(user) -> bool:
    return _has_role(user, Role.CITY_OFFICER)


def _is_mayors_office(user) -> bool:
    return _has_role(user, Role.MAYORS_OFFICE)


def _sent_to_mayor(call) -> bool:
    """The committee's report reaches the mayor's office when the officers send it."""
    return call.recommendations_closed_at is not None


def _is_member(user, group) -> bool:
    return _authenticated(user) and group.is_member(user)


def _can_view_proposal(user, proposal) -> bool:
    from proposals.submissions.models import ProposalState

    if _is_member(user, proposal.group):
        return True
    if proposal.state is ProposalState.DRAFT:
        return False
    if _is_officer(user) or _is_mayors_office(user) or _has_role(user, Role.ADMIN):
        return True
    return proposal.is_public


def _is_on_committee(user, call) -> bool:
    """Whether ``user`` sits on the committee of ``call``."""
    from proposals.review.operations import is_appointed

    return _has_role(user, Role.REVIEWER) and is_appointed(call, user)


def _is_appointed_reviewer(user, proposal) -> bool:
    return _is_on_committee(user, proposal.call)


def _can_score(user, proposal) -> bool:
    """An appointed, assigned, non-conflicted reviewer; the phase is the domain's to say."""
    from proposals.review.operations import assignment_of, is_conflicted

    return (
        _is_appointed_reviewer(user, proposal)
        and assignment_of(proposal, user) is not None
        and not is_conflicted(proposal, user)
    )


def _can_view_scores(user, proposal) -> bool:
    """Officers; a reviewer only once they have submitted their own review (no anchoring).
    Groups and the public never (publication is a later step)."""
    from proposals.review.operations import has_submitted

    if _is_officer(user):
        return True
    if _is_mayors_office(user) and _sent_to_mayor(proposal.call):
        return True
    return _can_score(user, proposal) and has_submitted(proposal, user)


def _is_committee_reader(user, proposal) -> bool:
    """An appointed reviewer of the call who is not conflicted on this proposal."""
    from proposals.review.operations import is_conflicted

    return _is_appointed_reviewer(user, proposal) and not is_conflicted(proposal, user)


def _can_view_questions(user, proposal) -> bool:
    """The question thread is between the city, the committee and the group; a conflicted
    reviewer never sees it."""
    if proposal.state.value == "draft":
        return False
    return (
        _is_member(user, proposal.group)
        or _is_officer(user)
        or _is_mayors_office(user)
        or _is_committee_reader(user, proposal)
    )


def _is_draft_of_member(user, proposal) -> bool:
    from proposals.submissions.models import ProposalState

    return proposal.state is ProposalState.DRAFT and _is_member(user, proposal.group)


def _can_withdraw(user, proposal) -> bool:
    from proposals.submissions import workflow

    return _is_member(user, proposal.group) and workflow.can_withdraw(proposal)


def _is_project_lead(user, project) -> bool:
    return _is_officer(user) and project.lead_officer_id == user.id


def _can_take_project_lead(user, project) -> bool:
    """Any officer takes a project nobody leads; a lead hands it over to another officer."""
    return _is_officer(user) and project.lead_officer_id in (None, user.id)


def _can_verify(user, report) -> bool:
    """Four eyes: an officer other than the one who submitted the report."""
    return _is_officer(user) and report.submitted_by_id not in (None, user.id)


def _can_view_report(user, report) -> bool:
    """Verified reports (and the revisions they superseded) are public; drafts and reports
    awaiting verification are the group's and the officers'."""
    return report.state.value in ("verified", "superseded") or (
        _is_officer(user) or _is_member(user, report.project.group)
    )


def _can_edit_report_evidence(user, report) -> bool:
    """Who prepares the report adds and removes its evidence; whether the report is still a
    draft is the domain's to say, with a reason."""
    return _is_project_lead(user, report.project) or _is_member(user, report.project.group)


_RULES = {
    Permission.MANAGE_ROLES: lambda user, obj: _has_role(user, Role.ADMIN),
    Permission.VIEW_AUDIT_LOG: lambda user, obj: _has_role(user, Role.ADMIN),
    Permission.VIEW_OUTBOX: lambda user, obj: _has_role(user, Role.ADMIN),
    Permission.CREATE_GROUP: lambda user, obj: _authenticated(user),
    Permission.VIEW_GROUP_DASHBOARD: _is_member,
    Permission.EDIT_GROUP: lambda user, group: (
        _authenticated(user) and group.is_representative(user)
    ),
    Permission.INVITE_MEMBER: lambda user, group: (
        _authenticated(user) and group.is_representative(user)
    ),
    Permission.HAND_OVER_GROUP: lambda user, group: (
        _authenticated(user) and group.is_representative(user)
    ),
    Permission.LEAVE_GROUP: lambda user, group: (
        _is_member(user, group) and not group.is_representative(user)
    ),
    Permission.REMOVE_MEMBER: lambda user, group: (
        _authenticated(user) and group.is_representative(user)
    ),
    Permission.MANAGE_CALLS: lambda user, obj: _is_officer(user),
    Permission.ADVANCE_CALL_PHASE: lambda user, obj: _is_officer(user),
    Permission.VIEW_SUBMISSIONS: lambda user, obj: _is_officer(user),
    # obj is the group; whether the call is open is the workflow's to say, with a reason.
    Permission.CREATE_PROPOSAL: _is_member,
    Permission.VIEW_PROPOSAL: _can_view_proposal,
    Permission.EDIT_PROPOSAL: _is_draft_of_member,
    Permission.SUBMIT_PROPOSAL: _is_draft_of_member,
    Permission.WITHDRAW_PROPOSAL: _can_withdraw,
    Permission.VIEW_ATTACHMENT: _can_view_proposal,
    # obj is the proposal; whether the call's phase allows it is the workflow's to say.
    Permission.CHECK_ELIGIBILITY: lambda user, proposal: (
        _is_officer(user) and _can_view_proposal(user, proposal)
    ),
    Permission.MANAGE_REVIEW: lambda user, obj: _is_officer(user),
    Permission.VIEW_REVIEW_QUEUE: lambda user, obj: _has_role(user, Role.REVIEWER),
    # obj is the call: its committee members see the proposals to declare conflicts early.
    Permission.VIEW_COMMITTEE_CALL: _is_on_committee,
    # obj is the proposal.
    Permission.DECLARE_CONFLICT: _is_appointed_reviewer,
    Permission.SCORE_PROPOSAL: _can_score,
    Permission.VIEW_SCORES: _can_view_scores,
    # obj is the proposal; whether the phase allows asking is the domain's to say.
    Permission.VIEW_QUESTIONS: _can_view_questions,
    Permission.ASK_QUESTION: lambda user, proposal: (
        proposal.state.value != "draft"
        and (_is_officer(user) or _is_committee_reader(user, proposal))
    ),
    Permission.ANSWER_QUESTION: lambda user, proposal: (
        proposal.state.value != "draft" and _is_member(user, proposal.group)
    ),
    # An officer adding to a question's thread (obj is the proposal).
    Permission.FOLLOW_UP_QUESTION: lambda user, proposal: (
        proposal.state.value != "draft" and _is_officer(user)
    ),
    # obj is the call.
    Permission.RECORD_RECOMMENDATION: lambda user, call: _is_officer(user),
    Permission.VIEW_COMMITTEE_REPORT: lambda user, call: (
        _is_officer(user) or (_is_mayors_office(user) and _sent_to_mayor(call))
    ),
    Permission.SELECT_PROPOSALS: lambda user, call: _is_mayors_office(user),
    Permission.PUBLISH_DECISION: lambda user, call: _is_mayors_office(user),
    # The officers' list of every project, with and without a lead.
    Permission.VIEW_OFFICER_PROJECTS: lambda user, obj: _is_officer(user),
    Permission.TAKE_PROJECT_LEAD: _can_take_project_lead,
    # Only the project's lead officer changes its record and its indicators.
    Permission.MANAGE_PROJECT: _is_project_lead,
    # Drafts and reports awaiting verification: the group, and the city's officers.
    Permission.VIEW_PROJECT_REPORTS: lambda user, project: (
        _is_officer(user) or _is_member(user, project.group)
    ),
    Permission.PREPARE_REPORT: lambda user, project: (
        _is_project_lead(user, project) or _is_member(user, project.group)
    ),
    Permission.SUBMIT_REPORT: _is_project_lead,
    Permission.VERIFY_REPORT: _can_verify,
    Permission.VIEW_REPORTS_DUE: lambda user, obj: _is_officer(user),
    Permission.IMPORT_INDICATOR_VALUES: lambda user, obj: _is_officer(user),
    Permission.VIEW_REPORT_EVIDENCE: _can_view_report,
    Permission.EDIT_REPORT_EVIDENCE: _can_edit_report_evidence,
}

# Permissions on an object the user may not even know exists: refusing them with
# 404 rather than 403 keeps one group's drafts invisible to everybody else.
_HIDDEN_UNLESS = {
    Permission.VIEW_GROUP_DASHBOARD: _is_member,
    # A group's management pages sit beside its dashboard: outsiders get 404 there too.
    Permission.EDIT_GROUP: _is_member,
    Permission.INVITE_MEMBER: _is_member,
    Permission.HAND_OVER_GROUP: _is_member,
    Permission.LEAVE_GROUP: _is_member,
    Permission.REMOVE_MEMBER: _is_member,
    Permission.EDIT_PROPOSAL: _can_view_proposal,
    Permission.SUBMIT_PROPOSAL: _can_view_proposal,
    Permission.WITHDRAW_PROPOSAL: _can_view_proposal,
    Permission.VIEW_PROPOSAL: _can_view_proposal,
    Permission.VIEW_ATTACHMENT: _can_view_proposal,
    Permission.CHECK_ELIGIBILITY: _can_view_proposal,
    # Only the committee of the call learns that a proposal is being scored.
    Permission.SCORE_PROPOSAL: lambda user, proposal: (
        _is_officer(user) or _is_appointed_reviewer(user, proposal)
    ),
    Permission.VIEW_SCORES: lambda user, proposal: (
        _is_officer(user) or _is_mayors_office(user) or _is_appointed_reviewer(user, proposal)
    ),
    Permission.VIEW_COMMITTEE_CALL: _is_on_committee,
    # A thread is part of a proposal: who may not see the proposal may not learn of it.
    Permission.VIEW_QUESTIONS: _can_view_proposal,
    Permission.ASK_QUESTION: _can_view_proposal,
    Permission.ANSWER_QUESTION: _can_view_proposal,
    Permission.FOLLOW_UP_QUESTION: _can_view_proposal,
    # A report's evidence is part of the report: who may not see it may not learn of it.
    Permission.VIEW_REPORT_EVIDENCE: _can_view_report,
    Permission.EDIT_REPORT_EVIDENCE: _can_view_report,
}


def can(user, permission: Permission, obj=None) -> bool:
    return bool(_RULES[permission](user, obj))


def authorize(user, permission: Permission, obj=None) -> None:
    """Raise 404 if ``user`` may not know ``obj`` exists, 403 if they may not do this."""
    if can(user, permission, obj):
        return
    visible = _HIDDEN_UNLESS.get(permission)
    if visible is not None and not visible(user, obj):
        raise NotFound()
    raise Forbidden()
