"""Who may open the administrators' pages: a role x route matrix."""

from __future__ import annotations

import pytest

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.mail.outbox import queue_mail

GET_ROUTES = [
    "/admin/",
    "/admin/users",
    "/admin/users/{user_id}",
    "/admin/outbox",
    "/admin/outbox/{message_id}",
    "/admin/audit",
    "/admin/audit.csv",
]
POST_ROUTES = ["/admin/users/{user_id}/roles/grant", "/admin/users/{user_id}/roles/revoke"]


@pytest.fixture
def targets(make_user):
    user = make_user("target@example.org")
    message = queue_mail("target@example.org", "Hello", "Body")
    db.session.commit()
    return {"user_id": user.id, "message_id": message.id}


@pytest.mark.parametrize("route", GET_ROUTES + POST_ROUTES)
def test_anonymous_visitors_are_sent_to_login(client, targets, route):
    path = route.format(**targets)
    response = client.post(path) if route in POST_ROUTES else client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("roles", [(), (Role.CITY_OFFICER,), (Role.REVIEWER, Role.MAYORS_OFFICE)])
@pytest.mark.parametrize("route", GET_ROUTES + POST_ROUTES)
def test_citizens_officers_and_other_roles_are_refused(
    client, login, make_user, targets, audit_actions, roles, route
):
    login(make_user(roles=roles))
    path = route.format(**targets)

    response = (
        client.post(path, data={"role": "admin"}) if route in POST_ROUTES else client.get(path)
    )

    assert response.status_code == 403
    assert audit_actions() == []


@pytest.mark.parametrize("route", GET_ROUTES)
def test_administrators_open_every_page(client, login, make_user, targets, route):
    login(make_user(roles=[Role.ADMIN]))

    response = client.get(route.format(**targets), follow_redirects=True)

    assert response.status_code == 200


def test_missing_user_and_message_are_404_for_administrators(client, login, make_user):
    login(make_user(roles=[Role.ADMIN]))

    assert client.get("/admin/users/9999").status_code == 404
    assert client.get("/admin/outbox/9999").status_code == 404
    assert client.post("/admin/users/9999/roles/grant", data={"role": "admin"}).status_code == 404


def test_administration_link_only_for_administrators(client, login, make_user):
    login(make_user(roles=[Role.CITY_OFFICER]))
    assert b'href="/admin/users"' not in client.get("/account").data

    login(make_user(roles=[Role.ADMIN]))
    assert b'href="/admin/users"' in client.get("/account").data


def test_there_is_no_route_to_change_the_audit_log(client, login, make_user):
    login(make_user(roles=[Role.ADMIN]))

    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/admin/audit").status_code == 405
