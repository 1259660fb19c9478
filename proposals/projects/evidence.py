"""A report's evidence: files attached to a draft report (sign-in sheets, photos, tallies).

Stored by ``proposals.uploads`` (checked by content, random keys, files in step with the
transaction). Evidence belongs to one revision of a report: it changes only while that
revision is a draft; a correction is a new revision with evidence of its own, and the
superseded revision keeps (and shows) its own.
"""

from __future__ import annotations

from flask_babel import gettext as _

from proposals import uploads
from proposals.audit.log import record
from proposals.extensions import db
from proposals.projects.indicators import Report, ReportAttachment, ReportState

MAX_ATTACHMENTS_PER_REPORT = 10

EvidenceError = uploads.UploadError


def _check_draft(report: Report) -> None:
    if report.state is not ReportState.DRAFT:
        raise EvidenceError(
            _(
                "Evidence can change only while the report is a draft. A verified report is "
                "corrected by a new revision, with evidence of its own."
            )
        )


def attach(report: Report, actor, upload) -> ReportAttachment:
    """Check ``upload`` (a werkzeug FileStorage) and attach it to the draft ``report``.

    Writes the file, adds the row and a ``report.attach`` audit row; never commits.
    Raises EvidenceError with a message for the person uploading, writing nothing.
    """
    _check_draft(report)
    if len(report.attachments) >= MAX_ATTACHMENTS_PER_REPORT:
        raise EvidenceError(
            _(
                "A report can have at most %(max)s evidence files. Remove one first.",
                max=MAX_ATTACHMENTS_PER_REPORT,
            )
        )
    stored = uploads.save(upload)
    attachment = ReportAttachment(
        filename=stored.filename,
        content_type=stored.mimetype,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.key,
        uploaded_by_id=actor.id,
    )
    report.attachments.append(attachment)
    db.session.flush()
    record(
        actor,
        "report.attach",
        report,
        after={
            "attachment": attachment.id,
            "filename": attachment.filename,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
        },
    )
    return attachment


def detach(attachment: ReportAttachment, actor) -> None:
    """Remove evidence from its draft report; the file goes once the transaction commits."""
    report = attachment.report
    _check_draft(report)
    record(
        actor,
        "report.detach",
        report,
        before={
            "attachment": attachment.id,
            "filename": attachment.filename,
            "sha256": attachment.sha256,
        },
    )
    uploads.discard(attachment.storage_key)
    report.attachments.remove(attachment)
    db.session.flush()


def download(attachment: ReportAttachment):
    """The evidence as a download a browser never renders (404 if its file is missing)."""
    return uploads.download(
        attachment.storage_key,
        mimetype=attachment.content_type,
        filename=attachment.filename,
        etag=attachment.sha256,
    )
