"""Starting and editing drafts: the form, blank and partial rows, the derived total."""

from __future__ import annotations

import sqlalchemy as sa

from proposals.extensions import db
from proposals.submissions.models import Proposal, ProposalState
from proposals.themes import Theme


def _proposals():
    return list(db.session.scalars(sa.select(Proposal).order_by(Proposal.id)))


# --- starting a draft -------------------------------------------------------------------


def test_member_starts_a_draft_and_lands_on_the_edit_page(
    client, login, make_user, make_group, make_call, audit_actions
):
    user = make_user()
    group = make_group(user)
    call = make_call()
    login(user)

    page = client.get(f"/calls/{call.id}/proposals/new")
    assert page.status_code == 200
    assert group.name in page.get_data(as_text=True)

    response = client.post(
        f"/calls/{call.id}/proposals/new", data={"group_id": group.id, "title": "Play mornings"}
    )
    [proposal] = _proposals()
    assert response.status_code == 302
    assert response.location.endswith(f"/proposals/{proposal.id}/edit")
    assert (proposal.title, proposal.group_id, proposal.call_id) == (
        "Play mornings",
        group.id,
        call.id,
    )
    assert proposal.state is ProposalState.DRAFT
    assert proposal.created_by_id == user.id
    assert audit_actions() == ["proposal.create"]


def test_only_the_users_own_groups_are_offered(
    client, login, make_user, make_group, make_call, snapshot
):
    user = make_user()
    mine = make_group(user, name="Hiyoko Childcare NPO")
    theirs = make_group(name="Other Neighbourhood Association")
    call = make_call()
    login(user)

    page = client.get(f"/calls/{call.id}/proposals/new?group_id={theirs.id}")
    text = page.get_data(as_text=True)
    assert mine.name in text
    assert theirs.name not in text

    before = snapshot()
    response = client.post(
        f"/calls/{call.id}/proposals/new", data={"group_id": theirs.id, "title": "Sneaky"}
    )
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_user_without_a_group_is_told_how_to_get_one(client, login, make_user, make_call):
    call = make_call()
    login(make_user())
    page = client.get(f"/calls/{call.id}/proposals/new")
    assert page.status_code == 200
    assert "Proposals are made by citizen groups" in page.get_data(as_text=True)
    assert client.post(f"/calls/{call.id}/proposals/new", data={"title": "x"}).status_code == 200
    assert _proposals() == []


def test_a_draft_needs_a_title(client, login, make_group, make_call):
    group = make_group()
    call = make_call()
    login(group.representative)
    response = client.post(f"/calls/{call.id}/proposals/new", data={"group_id": group.id})
    assert response.status_code == 400
    assert "Give the proposal a title." in response.get_data(as_text=True)
    assert _proposals() == []


def test_no_draft_for_a_call_that_is_not_open(client, login, make_group, make_call):
    group = make_group()
    login(group.representative)
    for phase in ("upcoming", "closed"):
        call = make_call(phase)
        page = client.get(f"/calls/{call.id}/proposals/new")
        assert page.status_code == 409
        assert "This call is not open for submissions." in page.get_data(as_text=True)
        response = client.post(
            f"/calls/{call.id}/proposals/new", data={"group_id": group.id, "title": "Late"}
        )
        assert response.status_code == 409
        assert "This call is not open for submissions." in response.get_data(as_text=True)
    assert _proposals() == []


def test_new_proposal_needs_login_and_an_existing_call(client, login, make_user, make_call):
    call = make_call()
    response = client.get(f"/calls/{call.id}/proposals/new")
    assert response.status_code == 302
    assert "login" in response.location
    login(make_user())
    assert client.get("/calls/999/proposals/new").status_code == 404


# --- the edit form ----------------------------------------------------------------------


def test_edit_page_shows_every_section_labelled(client, login, make_proposal):
    proposal = make_proposal()
    login(proposal.group.representative)
    page = client.get(f"/proposals/{proposal.id}/edit")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for label in (
        "Title",
        "Summary",
        "The need",
        "Activities",
        "Partner city department",
        "What the group does",
        "What the city department does",
        "Who benefits",
        "Timeline",
        "Themes",
        "Item",
        "Amount (yen)",
        "Indicator",
        "Unit",
        "Baseline",
        "Annual target",
        "Add a budget line",
        "Add an indicator",
        "Save draft",
    ):
        assert label in text, label
    assert 'class="roles"' in text
    assert 'for="group_role"' in text and 'for="city_role"' in text
    assert 'for="budget_lines-0-item"' in text
    assert 'value="Venue hire"' in text
    assert "¥500,000" in text  # the total, shown


def test_partial_draft_saves_with_only_a_title(
    client, login, make_user, make_group, make_call, audit_actions
):
    user = make_user()
    group = make_group(user)
    call = make_call()
    login(user)
    client.post(f"/calls/{call.id}/proposals/new", data={"group_id": group.id, "title": "Draft"})
    [proposal] = _proposals()

    response = client.post(
        f"/proposals/{proposal.id}/edit",
        data={
            "title": "  Play mornings  ",
            "need": "Young parents are isolated.",
            "themes": ["childcare"],
            "budget_lines-0-item": "Venue hire",
            "budget_lines-0-amount": "300,000",
            "budget_lines-1-item": "",
            "budget_lines-1-amount": "",
            "save": "Save draft",
        },
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/proposals/{proposal.id}/edit")
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.title == "Play mornings"
    assert proposal.need == "Young parents are isolated."
    assert proposal.summary == ""
    assert proposal.themes == [Theme.CHILDCARE]
    assert [(line.item, line.amount) for line in proposal.budget_lines] == [("Venue hire", 300000)]
    assert proposal.indicators == []
    assert audit_actions() == ["proposal.create", "proposal.update"]

    page = client.get(response.location)
    text = page.get_data(as_text=True)
    assert "Draft saved." in text
    # The checklist names what is still missing.
    assert "Write a short summary." in text
    assert "Plan at least one performance indicator." in text
    assert "Give the proposal a title." not in text


def test_saving_without_a_title_is_refused(client, login, make_proposal, edit_data, snapshot):
    proposal = make_proposal()
    login(proposal.group.representative)
    before = snapshot()
    response = client.post(
        f"/proposals/{proposal.id}/edit", data=edit_data(proposal, title="   ", need="changed")
    )
    assert response.status_code == 400
    assert "Give the proposal a title." in response.get_data(as_text=True)
    assert snapshot() == before


def test_summary_over_500_characters_is_refused(client, login, make_proposal, edit_data, snapshot):
    proposal = make_proposal()
    login(proposal.group.representative)
    before = snapshot()
    response = client.post(
        f"/proposals/{proposal.id}/edit", data=edit_data(proposal, summary="あ" * 501)
    )
    assert response.status_code == 400
    assert "Field cannot be longer than 500 characters." in response.get_data(as_text=True)
    assert snapshot() == before
    ok = client.post(f"/proposals/{proposal.id}/edit", data=edit_data(proposal, summary="あ" * 500))
    assert ok.status_code == 302


def test_total_is_derived_from_the_lines_and_never_typed(client, login, make_proposal, edit_data):
    proposal = make_proposal()
    login(proposal.group.representative)
    response = client.post(
        f"/proposals/{proposal.id}/edit",
        data=edit_data(
            proposal,
            lines=[("Venue hire", 120000), ("Materials", "80000"), ("Insurance", "5,000")],
            total="1",
            requested_total="999999999",
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.requested_total == 205_000
    assert [line.position for line in proposal.budget_lines] == [0, 1, 2]
    page = client.get(f"/proposals/{proposal.id}/edit").get_data(as_text=True)
    assert "¥205,000" in page
    assert 'name="total"' not in page and 'name="requested_total"' not in page


def test_blank_rows_are_ignored_and_partial_rows_get_field_messages(
    client, login, make_proposal, edit_data, snapshot
):
    proposal = make_proposal()
    login(proposal.group.representative)
    before = snapshot()
    response = client.post(
        f"/proposals/{proposal.id}/edit",
        data=edit_data(
            proposal,
            lines=[("Venue hire", ""), ("", "5000"), ("", ""), ("Materials", "-3"), ("Tea", "abc")],
            indicators=[("Sessions held", "", "", ""), ("", "", "", "")],
        ),
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter the amount in yen." in text
    assert "Say what this amount is for." in text
    assert "Enter a number of 0 or more." in text
    assert "Enter a whole number, for example 300000." in text
    assert "Give the unit" in text
    assert "Enter the annual target." in text
    assert 'id="budget_lines-0-amount-errors"' in text  # the message sits at its field
    assert 'id="budget_lines-2-item-errors"' not in text  # the blank row has none
    assert snapshot() == before


def test_add_a_budget_line_saves_and_shows_one_more_empty_row(
    client, login, make_proposal, edit_data
):
    proposal = make_proposal()
    login(proposal.group.representative)
    data = edit_data(proposal, lines=[("Venue hire", 300000), ("Materials", 200000), ("", "")])
    del data["save"]
    data["add_line"] = "Add a budget line"
    data["need"] = "Saved too."
    response = client.post(f"/proposals/{proposal.id}/edit", data=data)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Draft saved." in text
    # two saved lines, the blank one that was there and one more
    assert 'name="budget_lines-3-item"' in text
    assert 'name="budget_lines-4-item"' not in text
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).need == "Saved too."


def test_add_an_indicator_saves_and_shows_one_more_empty_row(
    client, login, make_proposal, edit_data
):
    proposal = make_proposal()
    login(proposal.group.representative)
    data = edit_data(
        proposal, indicators=[("Sessions held", "sessions", 0, 40), ("Families", "families", 5, 60)]
    )
    del data["save"]
    data["add_indicator"] = "Add an indicator"
    response = client.post(f"/proposals/{proposal.id}/edit", data=data)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="indicators-2-name"' in text
    assert 'name="indicators-3-name"' not in text
    db.session.expire_all()
    saved = db.session.get(Proposal, proposal.id).indicators
    assert [(i.name, i.baseline, i.annual_target) for i in saved] == [
        ("Sessions held", 0, 40),
        ("Families", 5, 60),
    ]


def test_saving_unchanged_draft_writes_no_audit_row(
    client, login, make_proposal, edit_data, audit_actions
):
    proposal = make_proposal()
    login(proposal.group.representative)
    response = client.post(f"/proposals/{proposal.id}/edit", data=edit_data(proposal))
    assert response.status_code == 302
    assert audit_actions() == []


def test_group_id_in_the_address_preselects_that_group(
    client, login, make_user, make_group, make_call
):
    user = make_user()
    make_group(user, name="Aaa Volunteers")
    second = make_group(user, name="Zzz Neighbourhood Association")
    call = make_call()
    login(user)
    text = client.get(f"/calls/{call.id}/proposals/new?group_id={second.id}").get_data(as_text=True)
    assert f'<option selected value="{second.id}">' in text
