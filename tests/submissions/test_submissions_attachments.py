"""Attachments: checked by content, stored outside static/, served as downloads."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import g

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.submissions import attachments
from proposals.submissions.models import Attachment


def _attachments():
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Attachment).order_by(Attachment.id)))


def _stored_files(app) -> set[str]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return set(os.listdir(folder)) if folder.exists() else set()


@pytest.fixture
def draft(make_proposal, login):
    proposal = make_proposal()
    login(proposal.group.representative)
    return proposal


@pytest.mark.parametrize(
    ("name", "kind", "mimetype", "expected_name"),
    [
        ("plan.pdf", "pdf", "application/pdf", "plan.pdf"),
        ("事業計画書.pdf", "pdf", "application/pdf", "事業計画書.pdf"),
        ("photo.png", "png", "image/png", "photo.png"),
        (
            "budget.xlsx",
            "xlsx",
            attachments.ACCEPTED[
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ].mimetype,
            "budget.xlsx",
        ),
        ("予算.csv", "csv", "text/csv", "予算.csv"),
        # The content decides; the name is corrected to match it.
        ("photo.pdf", "png", "image/png", "photo.png"),
    ],
)
def test_accepted_files_are_stored_with_their_checked_type(
    app, client, draft, files, upload, audit_actions, name, kind, mimetype, expected_name
):
    content = getattr(files, kind)
    before = _stored_files(app)

    response = upload(draft, name, content, content_type="application/octet-stream")

    assert response.status_code == 302
    assert response.location.endswith(f"/proposals/{draft.id}/edit#attachments")
    [attachment] = _attachments()
    assert attachment.filename == expected_name
    assert attachment.content_type == mimetype
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.uploaded_by_id == draft.group.representative_id
    # Stored under a random key in the upload folder, nowhere near static/.
    assert _stored_files(app) - before == {attachment.storage_key}
    assert expected_name not in attachment.storage_key
    stored = Path(app.config["UPLOAD_FOLDER"]) / attachment.storage_key
    assert stored.read_bytes() == content
    assert "static" not in stored.parts
    assert audit_actions() == ["attachment.add"]
    page = client.get(f"/proposals/{draft.id}/edit").get_data(as_text=True)
    assert expected_name in page


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("plan.pdf", "html", "not one of the accepted types"),
        ("page.html", "html", "not one of the accepted types"),
        ("drawing.svg", "svg", "not one of the accepted types"),
        ("drawing.csv", "svg", "not plain text in UTF-8"),
        ("page.csv", "html", "not plain text in UTF-8"),
        ("shift-jis.csv", "csv_shift_jis", "not plain text in UTF-8"),
        ("letter.pdf", "docx", "Files of this type (DOCX) are not accepted"),
    ],
)
def test_refused_files_get_a_field_message_and_nothing_is_kept(
    app, draft, files, upload, snapshot, name, kind, message
):
    before_rows, before_files = snapshot(), _stored_files(app)

    response = upload(draft, name, getattr(files, kind), content_type="application/pdf")

    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in text
    assert 'id="file-errors"' in text
    assert snapshot() == before_rows
    assert _stored_files(app) == before_files


def test_csv_with_nul_bytes_is_refused(app, draft, upload, snapshot):
    before = snapshot()
    response = upload(draft, "data.csv", b"a,b\n1,\x002\n")
    assert response.status_code == 400
    assert "not plain text in UTF-8" in response.get_data(as_text=True)
    assert snapshot() == before


def test_empty_upload_and_missing_file_are_refused(draft, client, upload, snapshot):
    before = snapshot()
    assert upload(draft, "empty.pdf", b"").status_code == 400
    response = client.post(f"/proposals/{draft.id}/attachments", data={"upload": "Upload"})
    assert response.status_code == 400
    assert "Choose a file to upload." in response.get_data(as_text=True)
    assert snapshot() == before


def test_oversize_attachment_is_refused(app, draft, files, upload, snapshot):
    limit = app.config["MAX_ATTACHMENT_BYTES"]
    assert limit == 10 * 1024 * 1024
    before_rows, before_files = snapshot(), _stored_files(app)
    content = files.pdf + b"\0" * (limit + 1 - len(files.pdf))

    response = upload(draft, "big.pdf", content)

    assert response.status_code == 400
    assert "The file is too large: at most 10 MB per attachment." in response.get_data(as_text=True)
    assert snapshot() == before_rows
    assert _stored_files(app) == before_files
    exactly = upload(draft, "limit.pdf", content[:limit])
    assert exactly.status_code == 302


def test_request_body_over_the_limit_gets_the_413_error_page(
    app, draft, files, upload, monkeypatch
):
    assert app.config["MAX_CONTENT_LENGTH"] == 25 * 1024 * 1024
    # A small limit keeps the test fast; werkzeug applies it the same way.
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    response = upload(draft, "huge.pdf", files.pdf + b"\0" * 8192)
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "The upload is too large." in text
    assert "<html" in text
    assert _attachments() == []


def test_download_headers(client, draft, files, upload):
    upload(draft, "事業計画書.pdf", files.pdf)
    [attachment] = _attachments()

    with client.get(f"/proposals/{draft.id}/attachments/{attachment.id}") as response:
        response.make_sequence()

    assert response.status_code == 200
    assert response.data == files.pdf
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%E4%BA%8B%E6%A5%AD%E8%A8%88%E7%94%BB%E6%9B%B8.pdf" in disposition
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "private" in response.headers["Cache-Control"]


def test_download_of_another_proposals_attachment_is_404(
    client, draft, files, upload, make_proposal
):
    upload(draft, "plan.pdf", files.pdf)
    [attachment] = _attachments()
    other = make_proposal(group=draft.group, title="Another")
    assert client.get(f"/proposals/{other.id}/attachments/{attachment.id}").status_code == 404
    assert client.get(f"/proposals/{draft.id}/attachments/9999").status_code == 404


def test_attachment_visibility(
    client, login, make_user, make_group, make_proposal, make_call, files, upload, clock
):
    call = make_call(now=clock.now)
    proposal = make_proposal(call=call)
    member = proposal.group.representative
    login(member)
    assert upload(proposal, "plan.pdf", files.pdf).status_code == 302
    [attachment] = _attachments()
    url = f"/proposals/{proposal.id}/attachments/{attachment.id}"
    outsider = make_group().representative
    officer = make_user(roles=[Role.CITY_OFFICER])

    def statuses():
        result = []
        for user in (member, outsider, officer, None):
            with client.session_transaction() as session:
                session.clear()
            g.pop("_login_user", None)  # requests share the test's app context
            if user is not None:
                login(user)
            with client.get(url) as response:
                result.append(response.status_code)
        return result

    # A draft: its group only.
    assert statuses() == [200, 404, 404, 404]
    # Submitted, window open: officers too.
    proposal.state = "submitted"
    proposal.submitted_at = clock.now
    db.session.commit()
    assert statuses() == [200, 404, 200, 404]
    # Window closed: everybody.
    clock.set(call.closes_at)
    assert statuses() == [200, 200, 200, 200]


def test_remove_attachment_while_draft(app, client, draft, files, upload, audit_actions):
    upload(draft, "plan.pdf", files.pdf)
    [attachment] = _attachments()
    stored = Path(app.config["UPLOAD_FOLDER"]) / attachment.storage_key
    assert stored.exists()

    response = client.post(f"/proposals/{draft.id}/attachments/{attachment.id}/remove")

    assert response.status_code == 302
    assert _attachments() == []
    assert not stored.exists()
    assert audit_actions() == ["attachment.add", "attachment.remove"]


def test_remove_is_refused_once_submitted(app, client, draft, files, upload, snapshot):
    upload(draft, "plan.pdf", files.pdf)
    [attachment] = _attachments()
    opens_at = draft.call.opens_at
    draft.state = "submitted"
    draft.submitted_at = opens_at
    db.session.commit()
    before = snapshot()
    response = client.post(f"/proposals/{draft.id}/attachments/{attachment.id}/remove")
    assert response.status_code == 409
    assert snapshot() == before
    assert (Path(app.config["UPLOAD_FOLDER"]) / attachment.storage_key).exists()


def test_remove_needs_post(client, draft, files, upload):
    upload(draft, "plan.pdf", files.pdf)
    [attachment] = _attachments()
    url = f"/proposals/{draft.id}/attachments/{attachment.id}/remove"
    assert client.get(url).status_code == 405
    assert len(_attachments()) == 1


class _CommitFailed(Exception):
    pass


def test_a_failed_commit_leaves_no_orphan_file(app, draft, files, upload, monkeypatch):
    before = _stored_files(app)

    def failing_commit():
        raise _CommitFailed()

    monkeypatch.setattr(db.session, "commit", failing_commit)
    with pytest.raises(_CommitFailed):
        upload(draft, "plan.pdf", files.pdf)
    assert len(_stored_files(app) - before) == 1  # written, not yet committed
    monkeypatch.undo()
    db.session.remove()  # what the end of the request does

    assert _stored_files(app) == before
    assert _attachments() == []


def test_a_failed_removal_keeps_the_file(app, client, draft, files, upload, monkeypatch):
    upload(draft, "plan.pdf", files.pdf)
    [attachment] = _attachments()
    stored = Path(app.config["UPLOAD_FOLDER"]) / attachment.storage_key

    def failing_commit():
        raise _CommitFailed()

    monkeypatch.setattr(db.session, "commit", failing_commit)
    with pytest.raises(_CommitFailed):
        client.post(f"/proposals/{draft.id}/attachments/{attachment.id}/remove")
    monkeypatch.undo()
    db.session.remove()

    assert stored.exists()
    assert len(_attachments()) == 1


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("事業計画書.pdf", "事業計画書.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\hanako\\予算 2027.xlsx", "予算 2027.xlsx"),
        ("a\x00b\x1fc\u202e.pdf", "abc.pdf"),
        # "/" cannot be part of a name: what comes before it was a path.
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        ('a<b>c:d*e?f"g|h.pdf', "abcdefgh.pdf"),
        ("  ..hidden.pdf", "hidden.pdf"),
        ("tab\tand\u3000space.pdf", "tab and space.pdf"),
        ("", ""),
    ],
)
def test_sanitise_filename_keeps_letters_and_drops_paths_and_controls(raw, clean):
    assert attachments.sanitise_filename(raw) == clean


def test_sanitise_filename_shortens_long_names_keeping_the_extension():
    clean = attachments.sanitise_filename("長" * 300 + ".pdf")
    assert len(clean) <= attachments.MAX_FILENAME_LENGTH
    assert clean.endswith(".pdf")


def test_number_of_attachments_is_limited(draft, files, upload, monkeypatch, snapshot):
    monkeypatch.setattr(attachments, "MAX_ATTACHMENTS_PER_PROPOSAL", 1)
    assert upload(draft, "one.pdf", files.pdf).status_code == 302
    before = snapshot()
    response = upload(draft, "two.pdf", files.pdf)
    assert response.status_code == 400
    assert "at most 1 attachments" in response.get_data(as_text=True)
    assert snapshot() == before
