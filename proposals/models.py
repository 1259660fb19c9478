"""Imports every model so that the metadata, and so Alembic, sees every table."""

from proposals.accounts.models import RoleGrant, User
from proposals.audit.models import AuditEvent
from proposals.calls.models import Call, CallTheme, Criterion
from proposals.committee.models import Recommendation
from proposals.groups.models import Group, GroupTheme, Invitation, Membership
from proposals.mail.models import OutboxMessage
from proposals.notifications.models import Notification
from proposals.projects.indicators import (
    Indicator,
    IndicatorCategory,
    IndicatorRevision,
    Report,
    ReportAttachment,
    ReportValue,
)
from proposals.projects.models import Project
from proposals.questions.models import Answer, Question
from proposals.review.models import (
    CommitteeMember,
    ConflictOfInterest,
    Review,
    ReviewAssignment,
    ReviewReminder,
    ReviewScore,
)
from proposals.selection.models import Selection
from proposals.submissions.models import (
    Attachment,
    BudgetLine,
    PlannedIndicator,
    Proposal,
    ProposalTheme,
)

__all__ = [
    "Answer",
    "Attachment",
    "AuditEvent",
    "BudgetLine",
    "Call",
    "CallTheme",
    "CommitteeMember",
    "ConflictOfInterest",
    "Criterion",
    "Group",
    "GroupTheme",
    "Indicator",
    "IndicatorCategory",
    "IndicatorRevision",
    "Invitation",
    "Membership",
    "Notification",
    "OutboxMessage",
    "PlannedIndicator",
    "Project",
    "Proposal",
    "ProposalTheme",
    "Question",
    "Recommendation",
    "Report",
    "ReportAttachment",
    "ReportValue",
    "Review",
    "ReviewAssignment",
    "ReviewReminder",
    "ReviewScore",
    "RoleGrant",
    "Selection",
    "User",
]
