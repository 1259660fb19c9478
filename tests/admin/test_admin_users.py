"""Users and roles: finding users, granting and revoking roles."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role, RoleGrant
from proposals.audit.models import AuditEvent
from proposals.extensions import db


@pytest.fixture
def admin(login, make_user):
    return login(make_user("admin@example.org", roles=[Role.ADMIN], name="Aiko Admin"))


def grants():
    return db.session.execute(sa.select(RoleGrant.user_id, RoleGrant.role)).all()


def test_user_list_shows_users_with_their_roles(client, admin, make_user):
    make_user("officer@example.org", name="Ken Officer", roles=[Role.CITY_OFFICER])
    make_user("citizen@example.org", name="Hanako Citizen")

    page = client.get("/admin/users").get_data(as_text=True)

    assert "officer@example.org" in page
    assert "City officer" in page
    assert "citizen@example.org" in page
    assert 'for="q"' in page and 'for="role"' in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"q": "ken"}, ["officer@example.org"], ["citizen@example.org", "reviewer@example.org"]),
        ({"q": "CITIZEN@"}, ["citizen@example.org"], ["officer@example.org"]),
        ({"q": "%"}, [], ["citizen@example.org", "officer@example.org"]),
        ({"role": "city_officer"}, ["officer@example.org"], ["citizen@example.org"]),
        ({"role": "citizen"}, ["citizen@example.org"], ["officer@example.org", "admin@example"]),
        (
            {"role": "reviewer", "q": "example.org"},
            ["reviewer@example.org"],
            ["citizen@example.org", "officer@example.org"],
        ),
    ],
)
def test_user_list_search_and_role_filter(client, admin, make_user, query, shown, hidden):
    make_user("officer@example.org", name="Ken Officer", roles=[Role.CITY_OFFICER])
    make_user("citizen@example.org", name="Hanako Citizen")
    make_user("reviewer@example.org", name="Yuki Reviewer", roles=[Role.REVIEWER])

    response = client.get("/admin/users", query_string=query)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for email in shown:
        assert email in page
    for email in hidden:
        assert email not in page


def test_unknown_role_filter_is_a_field_error(client, admin):
    response = client.get("/admin/users", query_string={"role": "emperor"})

    assert response.status_code == 400
    assert 'id="role-errors"' in response.get_data(as_text=True)


def test_user_list_is_paginated(client, admin, make_user):
    for number in range(25):
        make_user(f"person{number:02d}@example.org")

    first = client.get("/admin/users").get_data(as_text=True)
    second = client.get("/admin/users", query_string={"page": 2}).get_data(as_text=True)

    assert "Page 1 of 2 (26 in all)" in first
    assert "person00@example.org" in first
    assert "person24@example.org" not in first
    assert "person24@example.org" in second


def test_grant_role_writes_the_grant_and_an_audit_row(client, admin, make_user):
    user = make_user("ken@example.org")

    response = client.post(f"/admin/users/{user.id}/roles/grant", data={"role": "city_officer"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{user.id}"
    assert grants() == [(admin.id, Role.ADMIN), (user.id, Role.CITY_OFFICER)]
    [event] = db.session.scalars(sa.select(AuditEvent)).all()
    assert (event.action, event.actor_id, event.object_id, event.after) == (
        "user.grant_role",
        admin.id,
        user.id,
        {"role": "city_officer"},
    )
    grant = db.session.scalar(sa.select(RoleGrant).where(RoleGrant.user_id == user.id))
    assert grant.granted_by_id == admin.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ken@example.org now has the role City officer." in page


def test_granting_a_role_held_already_changes_nothing(client, admin, make_user, audit_actions):
    user = make_user(roles=[Role.REVIEWER])

    response = client.post(
        f"/admin/users/{user.id}/roles/grant", data={"role": "reviewer"}, follow_redirects=True
    )

    assert response.status_code == 200
    assert b"already has the role" in response.data
    assert audit_actions() == []


def test_revoke_role(client, admin, make_user, audit_actions):
    user = make_user(roles=[Role.REVIEWER, Role.CITY_OFFICER])

    response = client.post(f"/admin/users/{user.id}/roles/revoke", data={"role": "reviewer"})

    assert response.status_code == 302
    db.session.refresh(user)
    assert user.roles == {Role.CITY_OFFICER}
    assert audit_actions() == ["user.revoke_role"]


def test_user_page_offers_grant_and_revoke_forms(client, admin, make_user):
    user = make_user(roles=[Role.REVIEWER])

    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)

    assert f'action="/admin/users/{user.id}/roles/revoke"' in page
    assert f'action="/admin/users/{user.id}/roles/grant"' in page
    assert '<label for="role">Role' in page
    # The menu offers only roles the user does not have yet.
    assert '<option value="city_officer">' in page
    assert '<option value="reviewer">' not in page


@pytest.mark.parametrize("action", ["grant", "revoke"])
def test_administrator_cannot_change_own_roles(client, admin, audit_actions, action):
    response = client.post(f"/admin/users/{admin.id}/roles/{action}", data={"role": "admin"})

    assert response.status_code == 400
    assert b"You cannot change your own roles." in response.data
    assert grants() == [(admin.id, Role.ADMIN)]
    assert audit_actions() == []


def test_own_user_page_offers_no_role_forms(client, admin):
    page = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)

    assert "roles/grant" not in page
    assert "roles/revoke" not in page
    assert "You cannot change your own roles." in page


@pytest.mark.parametrize("data", [{}, {"role": "emperor"}])
def test_bad_role_is_a_field_error_and_writes_nothing(
    client, admin, make_user, audit_actions, data
):
    user = make_user()

    response = client.post(f"/admin/users/{user.id}/roles/grant", data=data)

    assert response.status_code == 400
    assert b'id="role-errors"' in response.data
    assert grants() == [(admin.id, Role.ADMIN)]
    assert audit_actions() == []


def test_granted_role_takes_effect_for_the_user(app, client, admin, make_user, login):
    user = make_user()
    client.post(f"/admin/users/{user.id}/roles/grant", data={"role": "admin"})

    other = app.test_client()
    login(user, other)

    assert other.get("/admin/users").status_code == 200
