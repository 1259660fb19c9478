"""The report pages: the flow through the browser's eyes, four eyes, visibility, validation,
the due list and a permission matrix for every route."""

from __future__ import annotations

import decimal

import pytest

from proposals.extensions import db
from proposals.projects import reporting
from proposals.projects.indicators import Report, ReportState
from tests.reports.conftest import full_values

D = decimal.Decimal
RS = ReportState


def report_in(w, state, fiscal_year=2025):
    """A report of ``w.project`` for ``fiscal_year`` in ``state`` (the lead submits)."""
    report = reporting.start_report(w.project, w.member, fiscal_year)
    reporting.save_report(report, w.member, full_values(w), "NOTE-TEXT", "OUTCOME-TEXT")
    if state in ("submitted", "verified", "superseded"):
        reporting.submit_report(report, w.lead)
    if state in ("verified", "superseded"):
        reporting.verify_report(report, w.verifier)
    if state == "superseded":
        revision = reporting.revise_report(report, w.lead, "REASON-fix")
        reporting.submit_report(revision, w.lead)
        reporting.verify_report(revision, w.verifier)
    db.session.commit()
    return report


def values_form(w, **overrides):
    form = {
        f"value-{w.requests.id}": "3,483",
        f"value-{w.hours.id}": "5,508.5",
        f"value-{w.courses.id}-{w.by_members.id}": "111",
        f"value-{w.courses.id}-{w.by_teachers.id}": "18",
        "notes": "Counted from the sign-in sheets.",
        "outcomes": "Two users became members.",
    }
    return form | overrides


def test_the_whole_flow_through_the_pages(world, client, login, audit_actions):
    w = world
    login(w.member)
    page = client.get(f"/projects/{w.project.id}")
    assert "Prepare a report" in page.text
    response = client.post(
        f"/projects/{w.project.id}/reports/new", data={"fiscal_year": "2025", "quarter": ""}
    )
    assert response.status_code == 302
    report = db.session.query(Report).one()
    assert response.location.endswith(f"/reports/{report.id}/edit")
    form = client.get(f"/reports/{report.id}/edit").text
    assert "Courses: Group members (courses)" in form
    response = client.post(f"/reports/{report.id}/edit", data=values_form(w))
    assert response.status_code == 302
    db.session.expire_all()
    assert reporting.values_of(report)[(w.requests.id, None)] == D(3483)
    assert reporting.values_of(report)[(w.hours.id, None)] == D("5508.5")
    page = client.get(f"/reports/{report.id}").text
    assert "3,483" in page and "129" in page  # 111 + 18: the computed total
    assert "Submit for verification" not in page

    login(w.lead)
    assert "Submit for verification" in client.get(f"/reports/{report.id}").text
    assert client.post(f"/reports/{report.id}/submit").status_code == 302
    page = client.get(f"/reports/{report.id}").text
    assert "Verify: the values become public" not in page
    assert "Another officer verifies the report you submitted." in page

    login(w.verifier)
    assert "Verify: the values become public" in client.get(f"/reports/{report.id}").text
    assert client.post(f"/reports/{report.id}/verify").status_code == 302
    db.session.expire_all()
    assert report.state is RS.VERIFIED
    assert audit_actions() == ["report.create", "report.save", "report.submit", "report.verify"]

    client.post("/logout")
    login_page = client.get(f"/reports/{report.id}")
    assert login_page.status_code == 200 and "3,483" in login_page.text


def test_the_submitter_cannot_verify(world, client, login, snapshot):
    w = world
    report = report_in(w, "submitted")
    before = snapshot()
    login(w.lead)
    assert client.post(f"/reports/{report.id}/verify").status_code == 403
    assert client.post(f"/reports/{report.id}/return", data={"note": "x"}).status_code == 403
    assert snapshot() == before


def test_a_group_member_prepares_but_cannot_submit_or_verify(world, client, login, snapshot):
    w = world
    draft = report_in(w, "draft")
    submitted = report_in(w, "submitted", 2024)
    before = snapshot()
    login(w.member)
    assert client.post(f"/reports/{draft.id}/submit").status_code == 403
    assert client.post(f"/reports/{submitted.id}/verify").status_code == 403
    assert snapshot() == before


def test_an_officer_who_is_not_the_lead_cannot_submit(world, client, login, snapshot):
    w = world
    draft = report_in(w, "draft")
    before = snapshot()
    login(w.other_officer)
    assert client.post(f"/reports/{draft.id}/submit").status_code == 403
    assert client.post(f"/reports/{draft.id}/edit", data=values_form(w)).status_code == 403
    assert snapshot() == before


def test_submitting_an_incomplete_report_lists_what_is_missing(world, client, login, snapshot):
    w = world
    report = reporting.start_report(w.project, w.member, 2025)
    db.session.commit()
    before = snapshot()
    login(w.lead)
    response = client.post(f"/reports/{report.id}/submit")
    assert response.status_code == 409
    assert "No value for “Courses”: “Professional teachers”." in response.text
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("requests", "12.5", "whole numbers"),
        ("hours", "1.234", "two decimals"),
        ("hours", "-3", "0 or more"),
        ("hours", "many", "Enter a number"),
    ],
)
def test_invalid_values_are_refused_beside_the_field(
    world, client, login, snapshot, field, typed, message
):
    w = world
    report = reporting.start_report(w.project, w.member, 2025)
    db.session.commit()
    before = snapshot()
    login(w.member)
    name = f"value-{getattr(w, field).id}"
    response = client.post(f"/reports/{report.id}/edit", data=values_form(w, **{name: typed}))
    assert response.status_code == 400
    assert message in response.text
    assert f'value="{typed}"' in response.text
    assert snapshot() == before


def test_a_verified_report_cannot_be_edited(world, client, login, snapshot):
    w = world
    report = report_in(w, "verified")
    before = snapshot()
    login(w.lead)
    assert client.get(f"/reports/{report.id}/edit").status_code == 409
    assert client.post(f"/reports/{report.id}/edit", data=values_form(w)).status_code == 409
    assert snapshot() == before


def test_a_period_reported_already_is_refused_with_a_link(world, client, login, snapshot):
    w = world
    report = report_in(w, "draft")
    before = snapshot()
    login(w.lead)
    response = client.post(
        f"/projects/{w.project.id}/reports/new", data={"fiscal_year": "2025", "quarter": ""}
    )
    assert response.status_code == 409
    assert f'href="/reports/{report.id}"' in response.text
    assert snapshot() == before


def test_unverified_values_never_appear_on_public_pages(world, client, login):
    w = world
    draft = report_in(w, "draft", 2024)
    submitted = report_in(w, "submitted", 2025)
    for report in (draft, submitted):
        assert client.get(f"/reports/{report.id}").status_code == 404
    page = client.get(f"/projects/{w.project.id}").text
    assert "NOTE-TEXT" not in page and "FY2024" not in page and "FY2025" not in page
    assert "3,483" not in page and "3483" not in page
    login(w.citizen)
    assert client.get(f"/reports/{submitted.id}").status_code == 404
    # Once verified, everybody sees it.
    reporting.verify_report(submitted, w.verifier)
    db.session.commit()
    client.post("/logout")
    assert "FY2025" in client.get(f"/projects/{w.project.id}").text
    assert "3,483" in client.get(f"/reports/{submitted.id}").text


def test_a_revision_stays_private_until_verified_and_history_is_shown(world, client, login):
    w = world
    first = report_in(w, "verified")
    login(w.lead)
    response = client.post(f"/reports/{first.id}/revise", data={"reason": "REASON-typo"})
    assert response.status_code == 302
    revision = db.session.query(Report).filter_by(revision=2).one()
    client.post(
        f"/reports/{revision.id}/edit", data=values_form(w, **{f"value-{w.requests.id}": "9,999"})
    )
    client.post(f"/reports/{revision.id}/submit")
    client.post("/logout")
    public = client.get(f"/reports/{first.id}").text
    assert "9,999" not in public and "REASON-typo" not in public
    assert client.get(f"/reports/{revision.id}").status_code == 404

    login(w.verifier)
    client.post(f"/reports/{revision.id}/verify")
    client.post("/logout")
    page = client.get(f"/reports/{revision.id}").text
    assert "9,999" in page and "REASON-typo" in page and "Revision 1" in page
    old = client.get(f"/reports/{first.id}").text
    assert "Superseded by a correction" in old and "no longer counted" in old


def test_revising_needs_a_reason(world, client, login, snapshot):
    w = world
    report = report_in(w, "verified")
    before = snapshot()
    login(w.lead)
    response = client.post(f"/reports/{report.id}/revise", data={"reason": ""})
    assert response.status_code == 400
    assert "Give the reason for the correction." in response.text
    assert snapshot() == before


def test_returning_needs_a_note_and_goes_back_to_draft(world, client, login, snapshot):
    w = world
    report = report_in(w, "submitted")
    before = snapshot()
    login(w.verifier)
    assert client.post(f"/reports/{report.id}/return", data={"note": ""}).status_code == 400
    assert snapshot() == before
    response = client.post(f"/reports/{report.id}/return", data={"note": "Check the hours"})
    assert response.status_code == 302
    db.session.expire_all()
    assert report.state is RS.DRAFT


def test_a_quarterly_report_is_chosen_on_the_form(world, client, login):
    w = world
    login(w.lead)
    form = client.get(f"/projects/{w.project.id}/reports/new").text
    assert "FY2026" in form and "FY2024" in form and "FY2023" not in form
    response = client.post(
        f"/projects/{w.project.id}/reports/new", data={"fiscal_year": "2026", "quarter": "1"}
    )
    assert response.status_code == 302
    report = db.session.query(Report).one()
    assert (report.fiscal_year, report.quarter) == (2026, 1)
    assert "FY2026 Q1" in client.get(f"/reports/{report.id}").text


def test_the_due_list(world, client, login):
    w = world
    report_in(w, "submitted", 2024)
    login(w.other_officer)
    home = client.get("/").text
    assert 'href="/officer/reports/due"' in home
    page = client.get("/officer/reports/due").text
    assert "Childcare support" in page
    assert "Awaiting verification" in page and "Overdue" in page
    assert "2026-05-31" in page and "2025-05-31" in page
    assert "due by May 31 after the year ends" in page
    login(w.member)
    assert 'href="/officer/reports/due"' not in client.get("/").text


# --- the permission matrix ------------------------------------------------------------------

WHO = ["anonymous", "citizen", "member", "reviewer", "lead", "other_officer", "mayor", "admin"]


def _as(w, who, client, login):
    if who != "anonymous":
        login(getattr(w, who))


def _expect(response, code):
    if code == "login":
        return response.status_code == 302 and "/login" in response.location
    if code == "done":
        return response.status_code == 302 and "/login" not in response.location
    return response.status_code == code


def _route(w, route):
    method, path, state, data = route
    report = None if state is None else report_in(w, state)
    path = path.format(project=w.project.id, report=report.id if report else 0)
    return method, path, data


ROUTES = {
    "new GET": ("get", "/projects/{project}/reports/new", None, None),
    "new POST": ("post", "/projects/{project}/reports/new", None, {"fiscal_year": "2025"}),
    "view draft": ("get", "/reports/{report}", "draft", None),
    "view submitted": ("get", "/reports/{report}", "submitted", None),
    "view verified": ("get", "/reports/{report}", "verified", None),
    "view superseded": ("get", "/reports/{report}", "superseded", None),
    "edit GET": ("get", "/reports/{report}/edit", "draft", None),
    "edit POST": ("post", "/reports/{report}/edit", "draft", {"notes": "x"}),
    "submit": ("post", "/reports/{report}/submit", "draft", None),
    "verify": ("post", "/reports/{report}/verify", "submitted", None),
    "return": ("post", "/reports/{report}/return", "submitted", {"note": "x"}),
    "revise": ("post", "/reports/{report}/revise", "verified", {"reason": "x"}),
    "due": ("get", "/officer/reports/due", None, None),
}

# "login": sent to the login page; "done": the action went through (a redirect).
L, D_, F, N, OK = "login", "done", 403, 404, 200
MATRIX = {
    # anonymous, citizen, member, reviewer, lead, other_officer, mayor, admin
    "new GET": [L, F, OK, F, OK, F, F, F],
    "new POST": [L, F, D_, F, D_, F, F, F],
    "view draft": [N, N, OK, N, OK, OK, N, N],
    "view submitted": [N, N, OK, N, OK, OK, N, N],
    "view verified": [OK] * 8,
    "view superseded": [OK] * 8,
    "edit GET": [L, N, OK, N, OK, F, N, N],
    "edit POST": [L, N, D_, N, D_, F, N, N],
    "submit": [L, N, F, N, D_, F, N, N],
    "verify": [L, N, F, N, F, D_, N, N],
    "return": [L, N, F, N, F, D_, N, N],
    "revise": [L, F, F, F, D_, F, F, F],
    "due": [L, F, F, F, OK, OK, F, F],
}


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("who", range(len(WHO)))
def test_permission_matrix(world, client, login, snapshot, route, who):
    w = world
    method, path, data = _route(w, ROUTES[route])
    expected = MATRIX[route][who]
    _as(w, WHO[who], client, login)
    before = snapshot() if expected != D_ else None
    response = getattr(client, method)(path, data=data)
    assert _expect(response, expected), (WHO[who], route, response.status_code)
    if before is not None and method == "post":
        assert snapshot() == before
