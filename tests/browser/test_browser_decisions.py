"""The whole decision journey in a browser: the officer appoints and assigns, two reviewers
score, the committee's recommendation is recorded, the mayor's office selects and
publishes, and the public call page shows the funnel."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from proposals.accounts.models import Role
from tests.browser.test_browser_journeys import log_in

SCORES = {"Public benefit": "5", "Feasibility": "4"}


def switch_to(page, user) -> None:
    if page.get_by_role("button", name="Log out").count():
        page.get_by_role("button", name="Log out").click()
    log_in(page, user)


def score(page, title: str, scores: dict[str, str]) -> None:
    page.goto("/review/")
    page.get_by_role("link", name=re.compile(f"Score “{title}”")).click()
    for criterion, value in scores.items():
        page.get_by_label(f"Score for “{criterion}”").fill(value)
        page.get_by_label(f"Comment on “{criterion}”").fill(f"{criterion}: convincing.")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text(f"Your review of “{title}” was submitted.")).to_be_visible()


def recommend(page, title: str, *, recommended: bool, votes: tuple[int, int, int], why: str):
    section = page.get_by_role("region", name=re.compile(re.escape(title)))
    section.get_by_label("Recommended", exact=True).check() if recommended else (
        section.get_by_label("Not recommended", exact=True).check()
    )
    for label, number in zip(("Votes for", "Votes against", "Abstentions"), votes, strict=True):
        section.get_by_label(label).fill(str(number))
    section.get_by_label("Rationale").fill(why)
    section.get_by_role("button", name="Record the recommendation").click()
    expect(
        page.get_by_text(f"The committee's recommendation on “{title}” was recorded.")
    ).to_be_visible()


def test_the_decision_journey(page, screenshot, make_user, make_call, make_group, make_proposal):
    officer = make_user(roles=[Role.CITY_OFFICER], name="Officer Ota")
    mayor = make_user(roles=[Role.MAYORS_OFFICE], name="Mayor's Office Mori")
    first = make_user(roles=[Role.REVIEWER], name="Reviewer Aoki")
    second = make_user(roles=[Role.REVIEWER], name="Reviewer Baba")
    call = make_call(
        "closed", title="Citizen Partnership 2026", budget=1_000_000, max_per_proposal=800_000
    )
    make_proposal(
        call=call,
        group=make_group(name="Sakura Childcare"),
        state="eligible",
        title="Play mornings",
        budget=[("Room and toys", 600_000)],
    )
    make_proposal(
        call=call,
        group=make_group(name="Hikari Neighbours"),
        state="eligible",
        title="Night patrols",
        budget=[("Lights and vests", 500_000)],
    )

    # The officer appoints two reviewers and assigns them automatically.
    log_in(page, officer)
    page.goto(f"/officer/calls/{call.id}/review")
    for reviewer in (first, second):
        page.get_by_label("Reviewer to appoint").select_option(
            label=f"{reviewer.display_name} <{reviewer.email}>"
        )
        page.get_by_role("button", name="Appoint").click()
    page.get_by_role("button", name="Assign automatically").click()
    expect(page.get_by_text("Every eligible proposal has its reviewers.")).to_be_visible()
    screenshot("decisions-01-assigned")

    # Both reviewers score both proposals; Play mornings scores higher.
    for reviewer in (first, second):
        switch_to(page, reviewer)
        score(page, "Play mornings", SCORES)
        score(page, "Night patrols", {"Public benefit": "2", "Feasibility": "2"})
    screenshot("decisions-02-scored")

    # The officer closes review and records the committee's meeting.
    switch_to(page, officer)
    page.goto(f"/calls/{call.id}")
    page.get_by_role("button", name="Close review").click()
    page.goto(f"/officer/calls/{call.id}/committee")
    recommend(
        page,
        "Play mornings",
        recommended=True,
        votes=(2, 0, 0),
        why="Isolated young parents, a tried method.",
    )
    recommend(
        page,
        "Night patrols",
        recommended=False,
        votes=(0, 1, 1),
        why="The police already patrol the area.",
    )
    screenshot("decisions-03-committee")
    page.get_by_role("button", name="Send to the mayor's office").click()

    # The mayor's office selects within the envelope and publishes.
    switch_to(page, mayor)
    page.get_by_role("link", name="Mayor's office", exact=True).click()
    page.get_by_role("link", name="Citizen Partnership 2026").click()
    expect(
        page.get_by_role("heading", name="Score-maximising set within the envelope")
    ).to_be_visible()
    # Each proposal is decided on its own page, linked from the ranking.
    page.get_by_role("link", name="Play mornings").first.click()
    decision = page.locator("article", has_text="Play mornings").first
    decision.get_by_text("Select", exact=True).click()
    decision.get_by_label("Reason for selecting").fill("Serves the most families for the money.")
    decision.get_by_role("button", name="Select this proposal").click()
    expect(page.get_by_text("The proposal was selected.")).to_be_visible()
    screenshot("decisions-04-selection")
    page.get_by_role("link", name="Review and publish the decision").click()
    page.get_by_role("button", name="Publish the decision").click()

    # The public sees the funnel and the reasons.
    page.get_by_role("button", name="Log out").click()
    page.goto(f"/calls/{call.id}")
    decision = page.get_by_role("region", name="Decision")
    expect(decision).to_be_visible()
    for stage, number in (
        ("Submitted", "2"),
        ("Eligible", "2"),
        ("Recommended by the committee", "1"),
        ("Selected by the mayor’s office", "1"),
    ):
        expect(
            decision.locator(".funnel-stage", has_text=stage).locator(".funnel-number")
        ).to_have_text(number)
    expect(decision).to_contain_text("Serves the most families for the money.")
    expect(decision).to_contain_text("The police already patrol the area.")
    expect(decision).to_contain_text("¥600,000")
    screenshot("decisions-05-public-funnel")
