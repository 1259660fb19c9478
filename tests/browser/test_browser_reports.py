"""A yearly report in a browser: the lead officer enters it, another officer verifies it,
and the public project page and its chart show the new figure."""

from __future__ import annotations

import decimal
import re

from playwright.sync_api import expect

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.projects.indicators import Aggregation, Direction, Indicator, IndicatorKind
from proposals.projects.models import Project
from proposals.submissions.models import ProposalState
from tests.browser.test_browser_decisions import switch_to

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def test_a_report_is_entered_verified_and_charted(
    page, screenshot, make_user, make_call, make_group, make_proposal
):
    lead = make_user(roles=[Role.CITY_OFFICER], name="Lead Officer Ota")
    verifier = make_user(roles=[Role.CITY_OFFICER], name="Verifier Officer Kato")
    call = make_call("closed", title="Citizen Partnership 2024")
    call.fiscal_year = 2024
    group = make_group(name="Childcare Support Network")
    proposal = make_proposal(call=call, group=group, state=ProposalState.SELECTED)
    project = Project(
        proposal=proposal,
        call=call,
        group=group,
        title="Childcare support",
        department="Child and Family Division",
        awarded_amount=1_400_000,
        lead_officer_id=lead.id,
    )
    db.session.add(project)
    db.session.flush()
    db.session.add(
        Indicator(
            project_id=project.id,
            position=0,
            name="Service requests",
            unit="requests",
            kind=IndicatorKind.COUNT,
            aggregation=Aggregation.SUM,
            direction=Direction.HIGHER_IS_BETTER,
            target=decimal.Decimal(3000),
        )
    )
    db.session.commit()

    # Nothing is public yet.
    page.goto(f"/projects/{project.id}")
    expect(page.get_by_text("3,483")).to_have_count(0)

    # The lead officer enters fiscal 2025 and submits it.
    switch_to(page, lead)
    page.goto(f"/projects/{project.id}")
    page.get_by_role("link", name="Prepare a report").click()
    page.get_by_label("Fiscal year").select_option(label="FY2025")
    page.get_by_label("Period").select_option(label="The whole year")
    page.get_by_role("button", name="Open a draft report").click()
    page.get_by_label(re.compile(r"Service requests \(requests\)")).fill("3,483")
    page.get_by_label("Qualitative outcomes").fill("Twelve users became members.")
    page.get_by_role("button", name="Save the draft").click()
    # Evidence: the sign-in sheets, as a PDF.
    page.get_by_label("Evidence file").set_input_files(
        {"name": "sign-in sheets.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_role("link", name="sign-in sheets.pdf")).to_be_visible()
    page.get_by_role("button", name="Submit for verification").click()
    screenshot("reports-01-submitted")
    report_url = page.url

    # The submitter cannot verify; another officer does.
    expect(page.get_by_role("button", name=re.compile("^Verify"))).to_have_count(0)
    switch_to(page, verifier)
    page.goto(report_url)
    page.get_by_role("button", name="Verify: the values become public").click()
    screenshot("reports-02-verified")

    # The public page shows the new point, in the table and in the chart.
    page.get_by_role("button", name="Log out").click()
    page.goto(f"/projects/{project.id}")
    results = page.locator("table", has_text="FY2025")
    expect(results.first).to_contain_text("3,483")
    chart = page.get_by_role("img", name=re.compile("Service requests"))
    expect(chart.first).to_be_visible()
    svg = page.request.get(chart.first.get_attribute("src")).text()
    assert "3,483" in svg or "3483" in svg
    # One year reported: the target is still drawn, as a line across the chart.
    target = re.search(r'class="series serie-1 color-1"><path d="M([^"]+)" class="line', svg)
    assert target and len(target.group(1).replace("L", " ").split()) >= 4
    screenshot("reports-03-public-chart")

    # The verified report's evidence is public: listed and downloadable, never rendered.
    page.goto(report_url)
    link = page.get_by_role("link", name="sign-in sheets.pdf")
    expect(link).to_be_visible()
    download = page.request.get(link.get_attribute("href"))
    assert download.ok and download.body() == PDF
    assert download.headers["x-content-type-options"] == "nosniff"
