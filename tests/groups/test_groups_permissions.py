"""Who may use each route of the groups area: the role x action matrix.

Each row runs every actor against one route, in the order below, so that the
actors whose request changes something come last. A refused request writes nothing.
"""

from __future__ import annotations

import pytest

from proposals.extensions import db
from proposals.groups import operations

LOGIN = "login"  # redirected to the login page
ACTORS = ("anonymous", "citizen", "other_member", "officer", "admin", "member", "representative")
SUCCESS = {200, 302}


def _outsiders(status):
    return {"citizen": status, "other_member": status, "officer": status, "admin": status}


def expect(*, anonymous=LOGIN, outsiders, member, representative):
    return {
        "anonymous": anonymous,
        **_outsiders(outsiders),
        "member": member,
        "representative": representative,
    }


def group_form(actor):
    return {
        "name": f"Group of {actor}",
        "kind": "volunteer",
        "contact_email": "contact@example.org",
        "description": "",
    }


EVERY_USER = expect(outsiders=200, member=200, representative=200)
MEMBERS_ONLY = expect(outsiders=404, member=200, representative=200)
REPRESENTATIVE_PAGE = expect(outsiders=404, member=403, representative=200)
REPRESENTATIVE_ACTION = expect(outsiders=404, member=403, representative=302)

# name -> (method, url, form data for an actor, expected status per actor)
ROUTES = {
    "my_groups": ("get", "/groups/", None, EVERY_USER),
    "create_form": ("get", "/groups/new", None, EVERY_USER),
    "create": (
        "post",
        "/groups/new",
        group_form,
        expect(outsiders=302, member=302, representative=302),
    ),
    "dashboard": ("get", "/groups/{group}", None, MEMBERS_ONLY),
    "members": ("get", "/groups/{group}/members", None, MEMBERS_ONLY),
    "edit_form": ("get", "/groups/{group}/edit", None, REPRESENTATIVE_PAGE),
    "edit": ("post", "/groups/{group}/edit", group_form, REPRESENTATIVE_ACTION),
    "invite_form": ("get", "/groups/{group}/invitations/new", None, REPRESENTATIVE_PAGE),
    "invite": (
        "post",
        "/groups/{group}/invitations/new",
        lambda actor: {"email": "friend@example.org"},
        REPRESENTATIVE_ACTION,
    ),
    "revoke": (
        "post",
        "/groups/{group}/invitations/{invitation}/revoke",
        None,
        REPRESENTATIVE_ACTION,
    ),
    "leave": (
        "post",
        "/groups/{group}/leave",
        None,
        expect(outsiders=404, member=302, representative=409),
    ),
    "hand_over": (
        "post",
        "/groups/{group}/hand-over",
        lambda actor: {"new_representative": "{member}"},
        REPRESENTATIVE_ACTION,
    ),
    "remove_member": (
        "post",
        "/groups/{group}/members/{member}/remove",
        None,
        REPRESENTATIVE_ACTION,
    ),
    # The link is for newcomer@example.org, who is none of the actors.
    "invitation_page": (
        "get",
        "/invitations/{token}",
        None,
        expect(anonymous=200, outsiders=200, member=200, representative=200),
    ),
    "accept": (
        "post",
        "/invitations/{token}",
        None,
        expect(outsiders=400, member=400, representative=400),
    ),
    "accept_pending": (
        "post",
        "/invitations/{invitation}/accept",
        None,
        expect(outsiders=404, member=404, representative=404),
    ),
}


@pytest.mark.parametrize("route", ROUTES)
def test_permission_matrix(route, client, login, world, snapshot):
    method, url, data_for, expected = ROUTES[route]
    invitation, token = operations.invite_member(
        world.group, world.representative, "newcomer@example.org"
    )
    db.session.commit()
    values = {
        "group": world.group.id,
        "member": world.member.id,
        "invitation": invitation.id,
        "token": token,
    }
    url = url.format(**values)

    actual = {}
    for actor in ACTORS:
        if actor == "anonymous":
            with client.session_transaction() as session:
                session.clear()
        else:
            login(getattr(world, actor))
        data = data_for(actor) if data_for else None
        if data:
            data = {key: str(value).format(**values) for key, value in data.items()}
        before = snapshot()
        response = getattr(client, method)(url, data=data)
        status = response.status_code
        if status == 302 and "/login" in response.headers["Location"]:
            status = LOGIN
        actual[actor] = status
        if status not in SUCCESS or method == "get":
            assert snapshot() == before, f"{actor} changed the database with {status}"
    assert actual == expected


def test_a_member_of_another_group_cannot_touch_this_one(client, login, world, snapshot):
    """Group B's representative: 404 on group A, whatever they try; nothing changes."""
    login(world.other_member)
    assert client.get(f"/groups/{world.other_group.id}").status_code == 200
    before = snapshot()
    group = world.group.id
    attempts = [
        client.get(f"/groups/{group}"),
        client.get(f"/groups/{group}/members"),
        client.post(f"/groups/{group}/edit", data=group_form("intruder")),
        client.post(f"/groups/{group}/invitations/new", data={"email": "other@example.org"}),
        client.post(f"/groups/{group}/hand-over", data={"new_representative": world.member.id}),
        client.post(f"/groups/{group}/members/{world.member.id}/remove"),
        client.post(f"/groups/{group}/leave"),
    ]
    assert [response.status_code for response in attempts] == [404] * len(attempts)
    assert snapshot() == before
