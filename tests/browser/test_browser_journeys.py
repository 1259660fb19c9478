"""End-to-end journeys in headless Chromium: what a citizen, an officer and a visitor see.

The app runs on a loopback port in a thread of this process (``live_server``), on the
test database, with CSRF checks on. The test thread reads the database directly, for
example the outbox to follow an emailed link.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from playwright.sync_api import expect

from proposals.accounts.models import Role
from proposals.calls.models import Call
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.mail.models import OutboxMessage
from proposals.submissions.models import Proposal, ProposalState
from tests.conftest import PASSWORD

TOKYO = ZoneInfo("Asia/Tokyo")
# The smallest file the upload check takes for a PDF: it reads the content, not the name.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


# --- helpers -------------------------------------------------------------------------


def emailed_link(recipient: str, path_prefix: str) -> str:
    """The path of the link starting with ``path_prefix`` in the latest mail to ``recipient``."""
    # End the test thread's transaction so that it sees what the server committed.
    db.session.rollback()
    message = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert message is not None, f"no mail to {recipient}"
    for word in message.body.split():
        parts = urlsplit(word)
        if parts.scheme in ("http", "https") and parts.path.startswith(path_prefix):
            return parts.path
    raise AssertionError(f"no {path_prefix} link in the mail to {recipient}:\n{message.body}")


def fresh(model, **where):
    """The row as the server left it, not as this thread's session remembers it."""
    db.session.rollback()
    return db.session.scalars(sa.select(model).filter_by(**where)).one()


def register(page, email: str, name: str) -> None:
    """Register through the two-step form: address, emailed link, name and password."""
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"We sent a message to {email}.")

    page.goto(emailed_link(email, "/register/"))
    expect(page.get_by_role("heading", name="Finish creating your account")).to_be_visible()
    page.get_by_label("Your name").fill(name)
    # The label reads "Password *"; the asterisk is hidden from screen readers.
    page.get_by_label(re.compile(r"^Password\b")).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text(f"Welcome, {name}. Your account is ready.")).to_be_visible()
    expect(page.get_by_role("heading", name="My groups", exact=True)).to_be_visible()


def log_in(page, user) -> None:
    page.goto("/login")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("You are logged in.")).to_be_visible()


def assert_no_horizontal_overflow(page) -> None:
    # Against the configured width: a mobile browser zooms out to fit a page that is too
    # wide, and window.innerWidth then grows with it.
    width = page.viewport_size["width"]
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= width and widths["inner"] <= width, (
        f"{page.url} is wider than the {width}px screen: {widths}"
    )


# --- 1. a citizen from registration to a submitted proposal --------------------------------


def test_citizen_journey(page, screenshot, make_call, tmp_path):
    call = make_call(phase="open", title="Citizen Partnership 2027")

    page.goto("/")
    expect(page.get_by_role("heading", name="Yamato City Citizen Partnership")).to_be_visible()
    expect(page.get_by_role("link", name="Citizen Partnership 2027")).to_be_visible()
    screenshot("01-home")

    # The first citizen registers and creates a group.
    page.get_by_role("link", name="Register").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    screenshot("02-register")
    register(page, "aiko@example.org", "Aiko Tanaka")

    page.get_by_role("link", name="Create a group").click()
    page.get_by_label("Name of the group").fill("Sakura Play Mornings")
    page.get_by_label("Kind of group").select_option(label="Volunteer group")
    page.get_by_label("About the group").fill("Parents running play mornings since 2019.")
    page.get_by_role("checkbox", name="Childcare").check()
    expect(page.get_by_label("Contact email")).to_have_value("aiko@example.org")
    page.get_by_role("button", name="Create group").click()
    expect(page.get_by_role("heading", name="Sakura Play Mornings")).to_be_visible()
    expect(page.get_by_text("You are the representative")).to_be_visible()

    # ... invites a second person by email, and logs out.
    page.get_by_role("link", name="Invite a member").first.click()
    page.get_by_label("Email address").fill("Bo@Example.org")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to bo@example.org.")).to_be_visible()
    invitations = page.get_by_role("region", name="Pending invitations")
    expect(invitations).to_contain_text("bo@example.org")
    invitation_path = emailed_link("bo@example.org", "/invitations/")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()

    # The second person follows the invitation, registers with that address and joins.
    page.goto(invitation_path)
    invited = page.get_by_role("heading", name="Invitation to join Sakura Play Mornings")
    expect(invited).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Register").click()
    register(page, "bo@example.org", "Bo Suzuki")
    waiting = page.get_by_role("region", name="Invitations waiting for you")
    expect(waiting).to_contain_text("Aiko Tanaka invited you to join Sakura Play Mornings.")
    waiting.get_by_role("button", name="Join Sakura Play Mornings").click()
    expect(page.get_by_text("Welcome to Sakura Play Mornings.")).to_be_visible()
    expect(page.get_by_text("You are a member")).to_be_visible()
    expect(page.get_by_role("region", name="Members (2)")).to_contain_text("Bo Suzuki")
    screenshot("03-group-dashboard")

    # As a member, Bo drafts a proposal for the open call.
    page.get_by_role("link", name="Draft a proposal for Citizen Partnership 2027").click()
    expect(page.get_by_label("Proposing group")).to_have_value(
        str(fresh(Group, name="Sakura Play Mornings").id)
    )
    page.get_by_label("Working title").fill("Play mornings at Sakura community centre")
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_text("Draft started.")).to_be_visible()
    checklist = page.get_by_role("region", name="Before you can submit")
    expect(checklist).to_contain_text("Write a short summary.")

    page.get_by_label("Summary").fill("Weekly play mornings for toddlers and their parents.")
    page.get_by_label("The need").fill("Young parents new to the city are isolated.")
    page.get_by_label("Activities").fill("Two-hour sessions every Wednesday morning.")
    page.get_by_role("checkbox", name="Childcare").check()
    page.get_by_label("Partner city department").fill("Child and Family Division")
    page.get_by_label("What the group does").fill("Runs the sessions, recruits volunteers.")
    page.get_by_label("What the city department does").fill("Lends the room, refers families.")
    page.get_by_label("Who benefits").fill("About 30 families with children under three.")
    page.get_by_label("Timeline").fill("April: start. September: review. March: report.")
    line_1 = page.get_by_role("group", name="Budget line 1")
    line_1.get_by_label("Item").fill("Room hire")
    line_1.get_by_label("Amount (yen)").fill("120000")
    line_2 = page.get_by_role("group", name="Budget line 2")
    line_2.get_by_label("Item").fill("Toys and materials")
    line_2.get_by_label("Amount (yen)").fill("85000")
    indicator = page.get_by_role("group", name="Indicator 1")
    indicator.get_by_label("Indicator", exact=True).fill("Sessions held")
    indicator.get_by_label("Unit").fill("sessions")
    indicator.get_by_label("Baseline").fill("0")
    indicator.get_by_label("Annual target").fill("40")
    page.get_by_role("button", name="Save draft").first.click()

    expect(page.get_by_text("Draft saved.")).to_be_visible()
    # The total is derived from the lines on the server, not typed by anyone.
    total = page.locator(".facts div", has_text="Total requested (as saved)")
    expect(total).to_contain_text("¥205,000")
    expect(checklist).to_contain_text("Everything needed is there.")
    expect(page.get_by_role("group", name="Budget line 2").get_by_label("Item")).to_have_value(
        "Toys and materials"
    )

    # An attachment, checked by its content.
    plan = tmp_path / "activity-plan.pdf"
    plan.write_bytes(MINIMAL_PDF)
    page.get_by_label("File").set_input_files(plan)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Attached “activity-plan.pdf”.")).to_be_visible()
    attachments = page.get_by_role("region", name="Attachments")
    expect(attachments.get_by_role("link", name="activity-plan.pdf")).to_be_visible()
    screenshot("04-proposal-edit")

    # The proposal page, then submitting it.
    checklist.get_by_role("link", name="Review and submit").click()
    expect(
        page.get_by_role("heading", name="Play mornings at Sakura community centre")
    ).to_be_visible()
    budget = page.get_by_role("region", name="Budget")
    expect(budget.get_by_role("row", name="Room hire")).to_contain_text("¥120,000")
    expect(budget.get_by_role("row", name="Total requested")).to_contain_text("¥205,000")
    expect(page.get_by_role("region", name="Planned performance indicators")).to_contain_text(
        "Sessions held"
    )
    expect(page.get_by_role("region", name="Submit")).to_contain_text("Everything needed is there.")
    screenshot("05-proposal-page")

    page.get_by_role("button", name="Submit", exact=True).click()
    expect(
        page.get_by_text("“Play mornings at Sakura community centre” was submitted to")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Sakura Play Mornings")).to_be_visible()
    row = page.get_by_role("row", name="Play mornings at Sakura community centre")
    expect(row).to_contain_text("Submitted")
    expect(row).to_contain_text("¥205,000")
    expect(page.get_by_role("link", name="Submitted (1)")).to_be_visible()
    screenshot("06-dashboard-submitted")

    proposal = fresh(Proposal, call_id=call.id)
    assert proposal.state is ProposalState.SUBMITTED
    assert proposal.created_by.email == "bo@example.org"
    assert proposal.requested_total == 205_000
    assert [a.filename for a in proposal.attachments] == ["activity-plan.pdf"]


# --- 2. the window closes while the page is open ---------------------------------------------


def test_late_submission_is_refused(page, screenshot, clock, make_proposal, make_call):
    call = make_call(phase="open")
    proposal = make_proposal(call=call, title="Evening patrols")
    log_in(page, proposal.group.representative)

    page.goto(f"/proposals/{proposal.id}")
    expect(page.get_by_role("region", name="Submit")).to_contain_text("Everything needed is there.")
    clock.set(call.closes_at + dt.timedelta(minutes=1))
    page.get_by_role("button", name="Submit", exact=True).click()

    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("The proposal could not be submitted")
    expect(problem).to_contain_text("The submission window of this call has closed.")
    expect(page.locator(".badge-state-draft").first).to_have_text("Draft")
    screenshot("07-late-submission")
    assert fresh(Proposal, id=proposal.id).state is ProposalState.DRAFT


# --- 3. an officer opens a call ----------------------------------------------------------------


def test_officer_creates_a_call(page, screenshot, make_user):
    officer = make_user("officer@city.example.jp", roles=[Role.CITY_OFFICER], name="Officer Mori")
    log_in(page, officer)
    today = dt.datetime.now(TOKYO).date()
    opens = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(9, 0))
    closes = dt.datetime.combine(today + dt.timedelta(days=30), dt.time(17, 0))

    page.get_by_role("link", name="Manage calls").click()
    page.get_by_role("link", name="New call").click()
    expect(page.get_by_role("heading", name="New call for proposals")).to_be_visible()
    page.get_by_label("Title").fill("Citizen Partnership 2028")
    page.get_by_label("Fiscal year").fill("2028")
    page.get_by_label("Description").fill("Services **co-produced** with a city department.")
    page.get_by_role("checkbox", name="Elderly people").check()
    expect(page.get_by_label("Timezone of the submission window")).to_have_value("Asia/Tokyo")
    page.get_by_label("Submissions open").fill(opens.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Submissions close").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Budget envelope (yen)").fill("12000000")
    page.get_by_label("Maximum per proposal (yen)").fill("2000000")
    for number, (name, weight, max_score) in enumerate(
        [("Public benefit", "3", "5"), ("Feasibility", "2", "10")], start=1
    ):
        row = page.get_by_role("group", name=f"Criterion {number}")
        row.get_by_label("Criterion").fill(name)
        row.get_by_label("Weight").fill(weight)
        row.get_by_label("Maximum score").fill(max_score)
    screenshot("08-call-form")
    page.get_by_role("button", name="Save the call").click()

    expect(page.get_by_text("The call “Citizen Partnership 2028” was created.")).to_be_visible()
    expect(page.get_by_role("heading", name="Citizen Partnership 2028")).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts.locator("div", has_text="Submissions open")).to_contain_text(
        re.compile(r"9:00\s*AM \(JST\)")
    )
    expect(facts.locator("div", has_text="Submissions close")).to_contain_text(
        re.compile(r"5:00\s*PM \(JST\)")
    )
    expect(facts.locator("div", has_text="Budget envelope")).to_contain_text("¥12,000,000")
    criteria = page.get_by_role("table", name="Scoring criteria")
    expect(criteria.get_by_role("row", name="Public benefit")).to_contain_text("3")
    expect(criteria.get_by_role("row", name="Feasibility")).to_contain_text("10")
    screenshot("09-call-page")

    call = fresh(Call, title="Citizen Partnership 2028")
    # 17:00 in Tokyo is 08:00 UTC: the form's times are the call's timezone, stored in UTC.
    assert call.closes_at == closes.replace(tzinfo=TOKYO).astimezone(dt.UTC)
    assert [c.name for c in call.criteria] == ["Public benefit", "Feasibility"]

    page.get_by_role("link", name="Calls", exact=True).click()
    card = page.get_by_role("article").filter(has_text="Citizen Partnership 2028")
    expect(card).to_contain_text("Open")
    expect(card).to_contain_text(re.compile(r"5:00\s*PM \(JST\)"))


# --- 4. reading without JavaScript ----------------------------------------------------------


def test_public_pages_without_javascript(
    browser, live_server, screenshot, make_call, make_proposal, make_group
):
    call = make_call(phase="closed", title="Citizen Partnership 2025")
    group = make_group(name="Hikari Neighbourhood Association")
    make_proposal(call=call, group=group, title="Snow-free footpaths", state="submitted")
    make_proposal(call=call, group=group, title="Secret plans", state="draft")

    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.get_by_role("heading", name="Past calls")).to_be_visible()
        page.get_by_role("link", name="Citizen Partnership 2025").click()

        received = page.get_by_role("table", name="Proposals received for this call")
        expect(received.get_by_role("row", name="Snow-free footpaths")).to_contain_text(
            "Hikari Neighbourhood Association"
        )
        expect(page.get_by_text("Secret plans")).to_have_count(0)
        screenshot("10-nojs-call-page", page)

        received.get_by_role("link", name="Snow-free footpaths").click()
        expect(page.get_by_role("heading", name="Snow-free footpaths")).to_be_visible()
        expect(page.get_by_role("region", name="The need")).to_contain_text(
            "Young parents are isolated."
        )
        expect(page.get_by_role("region", name="Budget")).to_contain_text("¥500,000")
        # Reading only: no submit or edit controls for a visitor.
        expect(page.get_by_role("button", name="Submit")).to_have_count(0)
        screenshot("11-nojs-proposal-page", page)
    finally:
        context.close()


# --- 5. a phone-sized screen -----------------------------------------------------------------


def test_mobile_layout(browser, live_server, screenshot, make_call, make_proposal, make_group):
    make_call(phase="open", title="Citizen Partnership 2027")
    closed = make_call(phase="closed", title="Citizen Partnership 2025")
    proposal = make_proposal(
        call=closed,
        title="Multilingual disaster-preparedness workshops for foreign residents",
        state="submitted",
    )
    draft = make_proposal(group=make_group(name="Midori Volunteers"), title="Park clean-ups")

    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    try:
        page = context.new_page()
        for name, path in [
            ("12-mobile-home", "/"),
            ("13-mobile-call", f"/calls/{closed.id}"),
            ("14-mobile-proposal", f"/proposals/{proposal.id}"),
        ]:
            page.goto(path)
            expect(page.get_by_role("main")).to_be_visible()
            assert_no_horizontal_overflow(page)
            screenshot(name, page)
        expect(page.get_by_role("heading", name=re.compile("Multilingual"))).to_be_visible()
        expect(page.get_by_role("region", name="Budget")).to_contain_text("¥500,000")

        # A member on a phone: the group's dashboard and the draft form.
        log_in(page, draft.group.representative)
        for name, path in [
            ("15-mobile-dashboard", f"/groups/{draft.group_id}"),
            ("16-mobile-proposal-edit", f"/proposals/{draft.id}/edit"),
        ]:
            page.goto(path)
            expect(page.get_by_role("main")).to_be_visible()
            assert_no_horizontal_overflow(page)
            screenshot(name, page)
        expect(page.get_by_role("group", name="Budget line 1").get_by_label("Item")).to_have_value(
            "Venue hire"
        )
    finally:
        context.close()
