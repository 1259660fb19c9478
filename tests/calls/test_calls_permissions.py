"""Who may use the officers' pages: every route, every role."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import url_for

from proposals.accounts.models import Role
from proposals.audit.models import AuditEvent
from proposals.calls.models import Call
from proposals.extensions import db

# (method, path template) of every officer route; {id} is a closed call's id.
OFFICER_PAGES = [
    ("GET", "/officer/calls"),
    ("GET", "/officer/calls/new"),
    ("GET", "/officer/calls/{id}/edit"),
    ("GET", "/officer/calls/{id}/submissions"),
]
OFFICER_ACTIONS = [
    ("POST", "/officer/calls/new"),
    ("POST", "/officer/calls/{id}/edit"),
    ("POST", "/officer/calls/{id}/phase"),
]


@pytest.fixture
def closed_call(clock, make_call):
    return make_call("closed", now=clock.now)


def _request(client, method, path, call, call_form, form_for):
    url = path.format(id=call.id)
    if method == "GET":
        return client.get(url)
    if url.endswith("/phase"):
        data = {"action": "close_review"}
    elif url.endswith("/edit"):
        data = form_for(call, criteria=None, title="Hijacked")
    else:
        data = call_form(title="Hijacked")
    return client.post(url, data=data)


def _unchanged(call):
    db.session.expire_all()
    calls = db.session.scalars(sa.select(Call)).all()
    return (
        calls == [call]
        and call.title == "Citizen Partnership 2027"
        and call.review_closed_at is None
        and db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0
    )


@pytest.mark.parametrize(("method", "path"), OFFICER_PAGES + OFFICER_ACTIONS)
def test_anonymous_is_sent_to_log_in(client, closed_call, call_form, form_for, method, path):
    response = _request(client, method, path, closed_call, call_form, form_for)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(url_for("accounts.login", _external=False))
    assert _unchanged(closed_call)


@pytest.mark.parametrize("roles", [(), (Role.REVIEWER,), (Role.MAYORS_OFFICE,), (Role.ADMIN,)])
@pytest.mark.parametrize(("method", "path"), OFFICER_PAGES + OFFICER_ACTIONS)
def test_other_roles_are_forbidden(
    client, login, make_user, closed_call, call_form, form_for, roles, method, path
):
    login(make_user(roles=roles))
    response = _request(client, method, path, closed_call, call_form, form_for)
    assert response.status_code == 403
    assert _unchanged(closed_call)


def test_a_group_member_is_forbidden_too(
    client, login, make_group, closed_call, call_form, form_for
):
    login(make_group().representative)
    for method, path in OFFICER_PAGES + OFFICER_ACTIONS:
        assert _request(client, method, path, closed_call, call_form, form_for).status_code == 403
    assert _unchanged(closed_call)


@pytest.mark.parametrize(("method", "path"), OFFICER_PAGES)
def test_officer_may_open_every_officer_page(
    client, login, officer, closed_call, call_form, form_for, method, path
):
    login(officer)
    assert _request(client, method, path, closed_call, call_form, form_for).status_code == 200


@pytest.mark.parametrize(("method", "path"), OFFICER_ACTIONS)
def test_officer_may_act(client, login, officer, closed_call, call_form, form_for, method, path):
    login(officer)
    response = _request(client, method, path, closed_call, call_form, form_for)
    assert response.status_code == 302


@pytest.mark.parametrize(
    "path", ["/officer/calls/999/edit", "/officer/calls/999/submissions", "/calls/999"]
)
def test_missing_call_is_404_for_officers(client, login, officer, path):
    login(officer)
    assert client.get(path).status_code == 404


def test_officer_nav_link_only_for_officers(client, login, officer, make_user):
    assert "/officer/calls" not in client.get("/").get_data(as_text=True)
    login(make_user())
    assert "/officer/calls" not in client.get("/").get_data(as_text=True)
    login(officer)
    assert 'href="/officer/calls"' in client.get("/").get_data(as_text=True)
