"""My groups, and a group's dashboard: details, members, proposals, open calls."""

from __future__ import annotations

import re

from proposals.submissions.models import ProposalState


def test_my_groups_lists_the_users_groups_with_role_and_proposal_counts(
    client, login, world, make_call, make_proposal, make_group
):
    call = make_call()
    make_proposal(group=world.group, call=call, state=ProposalState.DRAFT)
    make_proposal(group=world.group, call=call, state=ProposalState.DRAFT)
    make_proposal(group=world.group, call=call, state=ProposalState.SUBMITTED)
    make_proposal(group=world.other_group, call=call, state=ProposalState.WITHDRAWN)
    make_group(world.member, name="Hikari Neighbourhood Association")

    login(world.member)
    page = client.get("/groups/").get_data(as_text=True)
    assert "Minato Volunteers" not in page
    rows = re.findall(r"<tr>.*?</tr>", page, re.S)
    sakura = next(row for row in rows if "Sakura Childcare NPO" in row)
    hikari = next(row for row in rows if "Hikari Neighbourhood Association" in row)
    assert "Member" in sakura and "Representative" not in sakura
    assert "Representative" in hikari
    # Draft, submitted, eligible, ineligible, withdrawn, selected, not selected
    assert re.findall(r'<td class="num">(\d+)</td>', sakura) == ["2", "1"] + ["0"] * 5
    assert re.findall(r'<td class="num">(\d+)</td>', hikari) == ["0"] * 7
    assert 'href="/groups/new"' in page


def test_my_groups_without_a_group_says_what_to_do(client, login, world):
    login(world.citizen)
    page = client.get("/groups/").get_data(as_text=True)
    assert "You are not in a group yet" in page
    assert "Create a group" in page


def test_the_dashboard_shows_details_members_and_the_representative(client, login, world):
    login(world.member)
    response = client.get(f"/groups/{world.group.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Sakura Childcare NPO" in page and "Incorporated NPO" in page
    members = page[page.index('id="members-heading"') :]
    assert "Aiko Rep" in members and "Ben Member" in members
    assert "Members (2)" in page
    assert re.search(r"Aiko Rep\s*<span class=\"badge badge-representative\">Representative", page)
    # Management is the representative's.
    assert "Edit details" not in page and "Pending invitations" not in page
    assert "Leave the group" in page


def test_the_dashboard_lists_proposals_with_links_and_filters_by_state(
    client, login, world, make_call, make_proposal
):
    call = make_call(title="Citizen Partnership 2027")
    draft = make_proposal(group=world.group, call=call, title="Play mornings")
    submitted = make_proposal(
        group=world.group,
        call=call,
        title="Japanese classes for children",
        state=ProposalState.SUBMITTED,
        budget=(("Teachers", 1_200_000),),
    )
    make_proposal(group=world.other_group, call=call, title="Somebody else's plan")
    login(world.member)

    page = client.get(f"/groups/{world.group.id}").get_data(as_text=True)
    assert f'href="/proposals/{draft.id}"' in page
    assert f'href="/proposals/{submitted.id}"' in page
    assert "¥1,200,000" in page and "¥500,000" in page
    assert "Somebody else" not in page
    assert "Draft (1)" in page and "Submitted (1)" in page and "All (2)" in page

    page = client.get(f"/groups/{world.group.id}?state=submitted").get_data(as_text=True)
    assert "Japanese classes for children" in page and "Play mornings" not in page
    page = client.get(f"/groups/{world.group.id}?state=withdrawn").get_data(as_text=True)
    assert "No proposals in the state “Withdrawn”" in page


def test_the_proposals_list_is_paginated(client, login, world, make_call, make_proposal):
    call = make_call()
    for number in range(21):
        make_proposal(group=world.group, call=call, title=f"Proposal number {number:02d}")
    login(world.representative)
    first = client.get(f"/groups/{world.group.id}").get_data(as_text=True)
    second = client.get(f"/groups/{world.group.id}?page=2").get_data(as_text=True)
    first_titles = set(re.findall(r"Proposal number \d\d", first))
    second_titles = set(re.findall(r"Proposal number \d\d", second))
    assert len(first_titles) == 20 and len(second_titles) == 1
    assert not first_titles & second_titles
    assert "Page 1 of 2" in first
    assert client.get(f"/groups/{world.group.id}?page=3").status_code == 404


def test_open_calls_offer_a_draft_link_for_this_group(client, login, world, make_call):
    open_call = make_call("open", title="Open call 2027")
    make_call("closed", title="Closed call 2026")
    make_call("upcoming", title="Upcoming call 2028")
    login(world.member)
    page = client.get(f"/groups/{world.group.id}").get_data(as_text=True)
    assert "Open call 2027" in page
    assert "Closed call 2026" not in page and "Upcoming call 2028" not in page
    assert f"/calls/{open_call.id}/proposals/new?group_id={world.group.id}" in page


def test_without_open_calls_the_dashboard_says_so(client, login, world, make_call):
    make_call("closed")
    login(world.member)
    page = client.get(f"/groups/{world.group.id}").get_data(as_text=True)
    assert "No call is open for submissions at the moment." in page


def test_the_representative_sees_management_and_pending_invitations(client, login, world, invite):
    invite(world.group, "newcomer@example.org")
    login(world.representative)
    page = client.get(f"/groups/{world.group.id}").get_data(as_text=True)
    assert "Edit details" in page and "Invite a member" in page
    assert "Pending invitations" in page and "newcomer@example.org" in page
    assert "Withdraw" in page
    assert "hand over the role to another member before you can leave" in page

    login(world.member)
    page = client.get(f"/groups/{world.group.id}").get_data(as_text=True)
    assert "newcomer@example.org" not in page


def test_the_members_page_is_paginated_and_marks_the_representative(
    client, login, world, make_user
):
    from proposals.extensions import db
    from proposals.groups.models import Membership

    for number in range(20):
        db.session.add(
            Membership(group=world.group, user=make_user(name=f"Zz member {number:02d}"))
        )
    db.session.commit()
    login(world.member)
    first = client.get(f"/groups/{world.group.id}/members").get_data(as_text=True)
    assert "Page 1 of 2 (22 in all)" in first
    # The representative comes first, marked.
    table = first[first.index("<tbody>") :]
    assert table.index("Aiko Rep") < table.index("Ben Member")
    assert "Representative" in first
    assert "Remove" not in first and "Hand over" not in first
    second = client.get(f"/groups/{world.group.id}/members?page=2").get_data(as_text=True)
    assert len(re.findall(r"Zz member \d\d", second)) == 2
