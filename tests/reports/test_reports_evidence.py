"""A report's evidence files: checked by content, attached to a draft by those who prepare
it, downloadable exactly by those who may see the report, following the transaction."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from proposals.extensions import db
from proposals.projects import evidence, reporting
from proposals.projects.indicators import ReportAttachment, ReportState
from tests.reports.conftest import full_values

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
# A Windows program: "MZ", then the rest of a DOS header.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240


def _rows() -> list[ReportAttachment]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(ReportAttachment).order_by(ReportAttachment.id)))


def _stored_files(app) -> set[str]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return set(os.listdir(folder)) if folder.exists() else set()


@pytest.fixture
def upload(client):
    """POST ``content`` as evidence of ``report`` named ``name``."""

    def upload(report, name, content):
        # Encoded in memory: the test client would spool a large body to a temporary file
        # that nobody closes (a ResourceWarning, which is an error here).
        boundary, body = encode_multipart(
            {
                "file": FileStorage(
                    io.BytesIO(content), filename=name, content_type="application/pdf"
                )
            }
        )
        return client.post(
            f"/reports/{report.id}/evidence",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )

    return upload


def report_in(w, state, fiscal_year=2025):
    report = reporting.start_report(w.project, w.member, fiscal_year)
    reporting.save_report(report, w.member, full_values(w), "", "")
    if state in ("submitted", "verified"):
        reporting.submit_report(report, w.lead)
    if state == "verified":
        reporting.verify_report(report, w.verifier)
    db.session.commit()
    return report


@pytest.fixture
def draft(world, login):
    report = report_in(world, "draft")
    login(world.member)
    return report


def test_a_pdf_is_attached_shown_and_audited(app, world, client, draft, upload, audit_actions):
    before = _stored_files(app)
    response = upload(draft, "sign-in sheets 2025.pdf", PDF)
    assert response.status_code == 302
    assert response.location.endswith(f"/reports/{draft.id}#evidence")
    [row] = _rows()
    assert (row.report_id, row.filename, row.content_type, row.size) == (
        draft.id,
        "sign-in sheets 2025.pdf",
        "application/pdf",
        len(PDF),
    )
    assert row.uploaded_by_id == world.member.id and row.uploaded_at.tzinfo is not None
    assert _stored_files(app) - before == {row.storage_key}
    assert audit_actions()[-1] == "report.attach"
    page = client.get(f"/reports/{draft.id}").text
    assert "Attached “sign-in sheets 2025.pdf”." in page
    assert f'href="/reports/{draft.id}/evidence/{row.id}"' in page
    assert "sign-in sheets 2025.pdf" in page


def test_a_disguised_program_is_refused_and_nothing_is_written(
    app, client, draft, upload, snapshot
):
    before, files = snapshot(), _stored_files(app)
    response = upload(draft, "attendance.pdf", EXE)
    assert response.status_code == 400
    assert "Files of this type (EXE) are not accepted." in response.text
    assert snapshot() == before
    assert _stored_files(app) == files


def test_an_empty_submission_says_to_choose_a_file(client, draft, snapshot):
    before = snapshot()
    response = client.post(f"/reports/{draft.id}/evidence", data={})
    assert response.status_code == 400
    assert "Choose a file to upload." in response.text
    assert snapshot() == before


def test_the_download_is_a_safe_attachment(client, draft, upload):
    upload(draft, "事業報告.pdf", PDF)
    [row] = _rows()
    response = client.get(f"/reports/{draft.id}/evidence/{row.id}")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''%E4%BA%8B%E6%A5%AD%E5%A0%B1%E5%91%8A.pdf"
        in (response.headers["Content-Disposition"])
    )
    assert "private" in response.headers["Cache-Control"]
    response.close()


@pytest.mark.parametrize("who", ["anonymous", "citizen", "other_group", "reviewer", "mayor"])
def test_a_draft_reports_evidence_is_hidden_from_outsiders(
    world, client, draft, upload, login, make_user, make_group, who
):
    upload(draft, "tally.pdf", PDF)
    [row] = _rows()
    if who == "anonymous":
        client.get("/logout")
        login_user = None
    elif who == "other_group":
        outsider = make_user(name="Other Group Member")
        make_group(members=[outsider], name="Another group")
        login_user = outsider
    else:
        login_user = getattr(world, who)
    if login_user is not None:
        login(login_user)
    else:
        with client.session_transaction() as session:
            session.clear()
    response = client.get(f"/reports/{draft.id}/evidence/{row.id}")
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["member", "lead", "other_officer"])
def test_the_projects_people_download_a_draft_reports_evidence(
    world, client, draft, upload, login, who
):
    upload(draft, "tally.pdf", PDF)
    [row] = _rows()
    login(getattr(world, who))
    response = client.get(f"/reports/{draft.id}/evidence/{row.id}")
    assert response.status_code == 200
    response.close()


def test_evidence_becomes_public_with_the_verified_report(world, client, draft, upload, login):
    upload(draft, "tally.pdf", PDF)
    [row] = _rows()
    reporting.submit_report(draft, world.lead)
    db.session.commit()
    with client.session_transaction() as session:
        session.clear()
    assert client.get(f"/reports/{draft.id}/evidence/{row.id}").status_code == 404
    reporting.verify_report(draft, world.verifier)
    db.session.commit()
    page = client.get(f"/reports/{draft.id}").text
    assert "tally.pdf" in page
    assert "Attach the file" not in page and "Remove tally.pdf" not in page
    response = client.get(f"/reports/{draft.id}/evidence/{row.id}")
    assert response.status_code == 200 and response.data == PDF
    response.close()
    # An id of another report's evidence is not found under this report.
    other = report_in(world, "verified", fiscal_year=2024)
    assert client.get(f"/reports/{other.id}/evidence/{row.id}").status_code == 404


def test_removal_deletes_the_row_and_after_the_commit_the_file(
    app, client, draft, upload, audit_actions
):
    upload(draft, "tally.pdf", PDF)
    [row] = _rows()
    stored = Path(app.config["UPLOAD_FOLDER"]) / row.storage_key
    assert stored.exists()
    response = client.post(f"/reports/{draft.id}/evidence/{row.id}/remove")
    assert response.status_code == 302
    assert _rows() == []
    assert not stored.exists()
    assert audit_actions()[-1] == "report.detach"
    assert "Removed “tally.pdf”." in client.get(f"/reports/{draft.id}").text


class _CommitFailed(Exception):
    pass


def test_a_failed_commit_leaves_no_orphan_file(app, draft, upload, monkeypatch):
    before = _stored_files(app)

    def failing_commit():
        raise _CommitFailed()

    monkeypatch.setattr(db.session, "commit", failing_commit)
    with pytest.raises(_CommitFailed):
        upload(draft, "tally.pdf", PDF)
    assert len(_stored_files(app) - before) == 1  # written, not yet committed
    monkeypatch.undo()
    db.session.remove()  # what the end of the request does
    assert _stored_files(app) == before
    assert _rows() == []


def test_a_failed_removal_keeps_the_file(app, client, draft, upload, monkeypatch):
    upload(draft, "tally.pdf", PDF)
    [row] = _rows()
    stored = Path(app.config["UPLOAD_FOLDER"]) / row.storage_key

    def failing_commit():
        raise _CommitFailed()

    monkeypatch.setattr(db.session, "commit", failing_commit)
    with pytest.raises(_CommitFailed):
        client.post(f"/reports/{draft.id}/evidence/{row.id}/remove")
    monkeypatch.undo()
    db.session.remove()
    assert stored.exists()
    assert len(_rows()) == 1


def test_evidence_changes_only_while_the_report_is_a_draft(
    world, client, draft, upload, login, snapshot
):
    upload(draft, "tally.pdf", PDF)
    [row] = _rows()
    reporting.submit_report(draft, world.lead)
    db.session.commit()
    login(world.lead)
    before = snapshot()
    response = upload(draft, "more.pdf", PDF)
    assert response.status_code == 409
    assert "Evidence can change only while the report is a draft." in response.text
    response = client.post(f"/reports/{draft.id}/evidence/{row.id}/remove")
    assert response.status_code == 409
    assert "Evidence can change only while the report is a draft." in response.text
    assert snapshot() == before


def test_the_number_of_files_is_limited(draft, upload, monkeypatch, snapshot):
    monkeypatch.setattr(evidence, "MAX_ATTACHMENTS_PER_REPORT", 1)
    assert upload(draft, "one.pdf", PDF).status_code == 302
    before = snapshot()
    response = upload(draft, "two.pdf", PDF)
    assert response.status_code == 400
    assert "A report can have at most 1 evidence files. Remove one first." in response.text
    assert snapshot() == before


def test_the_size_limit_of_proposal_attachments_applies(app, draft, upload, monkeypatch, snapshot):
    monkeypatch.setitem(app.config, "MAX_ATTACHMENT_BYTES", 100)
    before = snapshot()
    response = upload(draft, "big.pdf", PDF + b"%" * 200)
    assert response.status_code == 400
    assert "The file is too large: at most" in response.text
    assert snapshot() == before


@pytest.mark.parametrize(
    ("who", "upload_status", "remove_status"),
    [
        ("citizen", 404, 404),
        ("reviewer", 404, 404),
        ("other_officer", 403, 403),  # sees the draft, is not on the project
        ("representative", 302, 302),
        ("lead", 302, 302),
    ],
)
def test_who_adds_and_removes_evidence(
    world, client, draft, upload, login, snapshot, who, upload_status, remove_status
):
    upload(draft, "first.pdf", PDF)
    [row] = _rows()
    login(getattr(world, who))
    before = snapshot()
    assert upload(draft, "second.pdf", PDF).status_code == upload_status
    if upload_status != 302:
        assert snapshot() == before
    response = client.post(f"/reports/{draft.id}/evidence/{row.id}/remove")
    assert response.status_code == remove_status


def test_a_revision_has_its_own_evidence_and_the_superseded_keeps_its(
    world, client, draft, upload, login
):
    upload(draft, "original.pdf", PDF)
    reporting.submit_report(draft, world.lead)
    reporting.verify_report(draft, world.verifier)
    db.session.commit()
    revision = reporting.revise_report(draft, world.lead, "Counted twice.")
    db.session.commit()
    assert revision.attachments == []
    login(world.lead)
    assert upload(revision, "corrected.pdf", PDF).status_code == 302
    reporting.submit_report(revision, world.lead)
    reporting.verify_report(revision, world.verifier)
    db.session.commit()
    db.session.expire_all()
    assert draft.state is ReportState.SUPERSEDED
    with client.session_transaction() as session:
        session.clear()
    old = client.get(f"/reports/{draft.id}").text
    assert "original.pdf" in old and "corrected.pdf" not in old
    new = client.get(f"/reports/{revision.id}").text
    assert "corrected.pdf" in new and "original.pdf" not in new
    [original] = draft.attachments
    response = client.get(f"/reports/{draft.id}/evidence/{original.id}")
    assert response.status_code == 200
    response.close()
