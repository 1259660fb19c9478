"""A proposal's attachment files: the proposal's rules (drafts only, a cap per proposal, audit
rows) on top of the shared upload storage in ``proposals.uploads``, which checks each file by
its content, stores it outside static/ under a random key and keeps files in step with the
transaction (no orphan file after a rollback, no row pointing at nothing after a commit).
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _

from proposals import uploads
from proposals.audit.log import record
from proposals.extensions import db
from proposals.submissions.models import Attachment, Proposal, ProposalState

# Re-exported: the proposal's forms, views and tests know them by this module.
from proposals.uploads import (  # noqa: F401
    ACCEPT_ATTRIBUTE,
    ACCEPTED,
    ACCEPTED_LABELS,
    CSV,
    MAX_FILENAME_LENGTH,
    FileKind,
    detect_kind,
    sanitise_filename,
)

MAX_ATTACHMENTS_PER_PROPOSAL = 20

# One error for every refused file, whichever layer refused it.
AttachmentError = uploads.UploadError


def path_of(attachment: Attachment) -> Path:
    return uploads.path_of_key(attachment.storage_key)


def store(proposal: Proposal, actor, upload) -> Attachment:
    """Check ``upload`` (a werkzeug FileStorage) and attach it to the draft ``proposal``.

    Writes the file, adds the row and an ``attachment.add`` audit row; never commits.
    Raises AttachmentError with a message for the person uploading.
    """
    if proposal.state is not ProposalState.DRAFT:
        raise AttachmentError(_("A submitted proposal is frozen; attachments cannot change."))
    if len(proposal.attachments) >= MAX_ATTACHMENTS_PER_PROPOSAL:
        raise AttachmentError(
            _(
                "A proposal can have at most %(max)s attachments. Remove one first.",
                max=MAX_ATTACHMENTS_PER_PROPOSAL,
            )
        )
    stored = uploads.save(upload)
    attachment = Attachment(
        proposal=proposal,
        filename=stored.filename,
        content_type=stored.mimetype,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.key,
        uploaded_by=actor,
    )
    db.session.add(attachment)
    db.session.flush()
    record(
        actor,
        "attachment.add",
        proposal,
        after={
            "attachment": attachment.id,
            "filename": attachment.filename,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
        },
    )
    return attachment


def open(attachment: Attachment):  # shadows the builtin on purpose: attachments.open(...)
    """The stored file, opened for reading in binary."""
    return path_of(attachment).open("rb")


def delete(attachment: Attachment, actor) -> None:
    """Remove an attachment from its draft; the file goes once the transaction commits."""
    proposal = attachment.proposal
    if proposal.state is not ProposalState.DRAFT:
        raise AttachmentError(_("A submitted proposal is frozen; attachments cannot change."))
    record(
        actor,
        "attachment.remove",
        proposal,
        before={
            "attachment": attachment.id,
            "filename": attachment.filename,
            "sha256": attachment.sha256,
        },
    )
    uploads.discard(attachment.storage_key)
    proposal.attachments.remove(attachment)
    db.session.flush()


def download(attachment: Attachment):
    """The attachment as a download a browser never renders (404 if its file is missing)."""
    return uploads.download(
        attachment.storage_key,
        mimetype=attachment.content_type,
        filename=attachment.filename,
        etag=attachment.sha256,
    )
