"""Who sees and does what with a proposal, and escaping of what groups type."""

from __future__ import annotations

import pytest

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.submissions.models import Attachment

ROLES = ("anonymous", "citizen", "other_member", "officer", "admin", "member")


@pytest.fixture
def people(make_user, make_group):
    """One of each kind of visitor, around group A (the proposers) and group B."""
    member = make_user(name="Member of A")
    group_a = make_group(member, name="Group A")
    other = make_user(name="Member of B")
    make_group(other, name="Group B")
    return {
        "group": group_a,
        "anonymous": None,
        "citizen": make_user(),
        "other_member": other,
        "officer": make_user(roles=[Role.CITY_OFFICER]),
        "admin": make_user(roles=[Role.ADMIN]),
        "member": member,
    }


def _attach(login, upload, proposal, files):
    login(proposal.group.representative)
    assert upload(proposal, "plan.pdf", files.pdf).status_code == 302
    db.session.expire_all()
    return proposal.attachments[0]


# Expected status per role, for a draft of group A: only its members know it exists.
DRAFT_MATRIX = {
    # route: (anonymous, citizen, other_member, officer, admin, member)
    "view": (404, 404, 404, 404, 404, 200),
    "edit": (302, 404, 404, 404, 404, 200),
    "download": (404, 404, 404, 404, 404, 200),
}


@pytest.mark.parametrize("route", DRAFT_MATRIX)
def test_draft_pages_matrix(client, login, act_as, people, make_proposal, files, upload, route):
    proposal = make_proposal(group=people["group"])
    attachment = _attach(login, upload, proposal, files)
    url = {
        "view": f"/proposals/{proposal.id}",
        "edit": f"/proposals/{proposal.id}/edit",
        "download": f"/proposals/{proposal.id}/attachments/{attachment.id}",
    }[route]
    statuses = []
    for role in ROLES:
        act_as(people[role])
        with client.get(url) as response:
            statuses.append(response.status_code)
    assert tuple(statuses) == DRAFT_MATRIX[route]


# Changes to a draft of group A, refused to everybody else without a trace.
CHANGES = {
    "edit": lambda p: (f"/proposals/{p.id}/edit", {"title": "Taken over", "save": "Save"}),
    "submit": lambda p: (f"/proposals/{p.id}/submit", {}),
    "withdraw": lambda p: (f"/proposals/{p.id}/withdraw", {"reason": "Because"}),
    "remove": lambda p: (f"/proposals/{p.id}/attachments/{p.attachments[0].id}/remove", {}),
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("role", ["citizen", "other_member", "officer", "admin"])
def test_others_get_404_on_changes_to_a_draft_and_nothing_changes(
    client, login, act_as, people, make_proposal, files, upload, snapshot, change, role
):
    proposal = make_proposal(group=people["group"])
    _attach(login, upload, proposal, files)
    url, data = CHANGES[change](proposal)
    act_as(people[role])
    before = snapshot()
    assert client.post(url, data=data).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("change", CHANGES)
def test_anonymous_changes_go_to_login_and_nothing_changes(
    client, login, act_as, people, make_proposal, files, upload, snapshot, change
):
    proposal = make_proposal(group=people["group"])
    _attach(login, upload, proposal, files)
    url, data = CHANGES[change](proposal)
    act_as(None)
    before = snapshot()
    response = client.post(url, data=data)
    assert response.status_code == 302
    assert "login" in response.location
    assert snapshot() == before


def test_submitted_proposal_visibility_follows_the_window(
    client, act_as, people, make_call, make_proposal, clock
):
    call = make_call(now=clock.now)
    proposal = make_proposal(group=people["group"], call=call, state="submitted")
    url = f"/proposals/{proposal.id}"

    def statuses():
        result = []
        for role in ROLES:
            act_as(people[role])
            result.append(client.get(url).status_code)
        return result

    # While the window is open: the group, officers and administrators.
    assert statuses() == [404, 404, 404, 200, 200, 200]
    clock.set(call.closes_at)
    # Once it has closed: the public too.
    assert statuses() == [200] * len(ROLES)


def test_withdrawn_during_the_window_never_becomes_public(
    client, act_as, people, make_call, make_proposal, clock
):
    call = make_call(now=clock.now)
    proposal = make_proposal(group=people["group"], call=call, state="withdrawn")
    clock.set(call.closes_at)
    act_as(None)
    assert client.get(f"/proposals/{proposal.id}").status_code == 404
    act_as(people["member"])
    assert client.get(f"/proposals/{proposal.id}").status_code == 200


def test_other_group_cannot_withdraw_a_public_proposal(
    client, act_as, people, make_call, make_proposal, clock, snapshot
):
    call = make_call(now=clock.now)
    proposal = make_proposal(group=people["group"], call=call, state="submitted")
    clock.set(call.closes_at)
    act_as(people["other_member"])
    before = snapshot()
    # It can see the proposal now, so it is told "forbidden", not "not found".
    response = client.post(f"/proposals/{proposal.id}/withdraw", data={"reason": "x"})
    assert response.status_code == 403
    assert snapshot() == before


def test_public_page_shows_every_section(client, people, make_call, make_proposal, clock):
    call = make_call(now=clock.now)
    proposal = make_proposal(group=people["group"], call=call, state="submitted")
    clock.set(call.closes_at)
    text = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    for expected in (
        "Play mornings",
        "Young parents are isolated.",
        "Weekly sessions in the community centre.",
        "Child and Family Division",
        "Runs the sessions and recruits volunteers.",
        "Provides the room and refers families.",
        "Families with children under three.",
        "April to March.",
        "Venue hire",
        "¥300,000",
        "¥500,000",
        "Sessions held",
        "Submitted",
    ):
        assert expected in text, expected
    assert 'class="roles"' in text
    assert f"/proposals/{proposal.id}/edit" not in text
    assert "/submit" not in text and "Reason for withdrawing" not in text


def test_new_proposal_for_a_group_is_members_only(client, act_as, people, make_call, snapshot):
    call = make_call()
    act_as(people["other_member"])
    before = snapshot()
    response = client.post(
        f"/calls/{call.id}/proposals/new",
        data={"group_id": people["group"].id, "title": "Not ours"},
    )
    assert response.status_code == 400
    assert snapshot() == before


SCRIPT = "<script>alert(1)</script>"


def test_what_groups_type_is_escaped(client, login, make_proposal, edit_data, files, upload):
    proposal = make_proposal(title=SCRIPT)
    login(proposal.group.representative)
    client.post(
        f"/proposals/{proposal.id}/edit",
        data=edit_data(proposal, summary=SCRIPT, city_role=SCRIPT, lines=[(SCRIPT, 1)]),
    )
    # The uploaded name is sanitised ("/" ends a path) ...
    assert upload(proposal, f"{SCRIPT}.pdf", files.pdf).status_code == 302
    # ... and a name stored before that, or by another route, is still escaped.
    db.session.add(
        Attachment(
            proposal_id=proposal.id,
            filename=f"{SCRIPT}.csv",
            content_type="text/csv",
            size=1,
            sha256="0" * 64,
            storage_key="0" * 32,
            uploaded_by_id=proposal.group.representative_id,
        )
    )
    db.session.commit()

    for url in (f"/proposals/{proposal.id}", f"/proposals/{proposal.id}/edit"):
        text = client.get(url).get_data(as_text=True)
        assert "<script" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;.csv" in text
        assert ">script.pdf<" in text


def test_changing_a_submitted_proposal(client, act_as, people, make_proposal, snapshot):
    """Members are told it is frozen (409); officers who may see it are refused (403)."""
    proposal = make_proposal(group=people["group"], state="submitted")
    before = snapshot()
    expected = {"member": 409, "officer": 403, "admin": 403, "other_member": 404}
    for role, status in expected.items():
        act_as(people[role])
        assert client.get(f"/proposals/{proposal.id}/edit").status_code == status, role
        assert client.post(f"/proposals/{proposal.id}/submit").status_code == status, role
    assert snapshot() == before
