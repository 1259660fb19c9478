"""Cross-cutting protections: CSRF on every POST, escaped user text, body size, cookies."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.submissions.models import Attachment, ProposalState

PAYLOAD = '<script>alert("xss")</script>'
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"


def _row_counts():
    db.session.expire_all()
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def _post_routes(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint != "static":
            values = {name: ("x" if name == "token" else 1) for name in rule.arguments}
            yield rule.endpoint, values


def test_every_post_route_refuses_a_request_without_csrf_token(
    app, client, login, make_user, make_group, make_proposal, monkeypatch
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = make_user(roles=list(Role))
    group = make_group(user)
    make_proposal(group=group)
    login(user)
    before = _row_counts()
    routes = dict(_post_routes(app))
    assert len(routes) > 20, "the route list looks incomplete"

    for endpoint, values in routes.items():
        with app.test_request_context():
            from flask import url_for

            url = url_for(endpoint, **values)
        response = client.post(url, data={"name": "Changed", "reason": "x", "title": "x"})
        assert response.status_code == 400, f"{endpoint} accepted a POST without a CSRF token"

    assert _row_counts() == before


def test_creating_a_group_without_csrf_token_writes_nothing(
    app, client, login, make_user, monkeypatch
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    login(make_user())
    response = client.post(
        "/groups/new",
        data={"name": "Sneaky group", "kind": "npo", "contact_email": "a@example.org"},
    )
    assert response.status_code == 400
    assert b"expired or was not sent from this site" in response.data
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Group)) == 0


def test_request_bodies_are_limited(app, client):
    assert app.config["MAX_CONTENT_LENGTH"] == 25 * 1024 * 1024
    response = client.post(
        "/login",
        data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1),
        content_type="application/octet-stream",
    )
    assert response.status_code == 413


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    user = make_user()
    response = client.post(
        "/login", data={"email": user.email, "password": "correct horse battery"}
    )
    [cookie] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def hostile_world(make_user, make_group, make_call, make_proposal, clock):
    """Every user-supplied text holds a script payload."""
    officer = make_user(roles=[Role.CITY_OFFICER, Role.ADMIN], name=f"Officer {PAYLOAD}")
    author = make_user(name=f"Author {PAYLOAD}")
    group = make_group(author, name=f"Group {PAYLOAD}")
    group.description = f"About {IMG_PAYLOAD}"
    call = make_call("open", now=clock.now, officer=officer, title=f"Call {PAYLOAD}")
    call.description = f"Read [this](javascript:alert(1)) {PAYLOAD} {IMG_PAYLOAD}"
    proposal = make_proposal(
        call=call,
        group=group,
        title=f"Proposal {PAYLOAD}",
        state=ProposalState.SUBMITTED,
        budget=((f"Item {PAYLOAD}", 100_000),),
    )
    for field in (
        "summary",
        "need",
        "activities",
        "department",
        "group_role",
        "city_role",
        "beneficiaries",
        "timeline",
    ):
        setattr(proposal, field, f"{field} {PAYLOAD} {IMG_PAYLOAD}")
    proposal.indicators[0].name = f"Indicator {PAYLOAD}"
    proposal.attachments.append(
        Attachment(
            filename=f"{PAYLOAD}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            storage_key="hostile",
            uploaded_by_id=author.id,
        )
    )
    db.session.commit()
    # Close the window so that the public pages show the proposal too.
    clock.advance(days=30)
    return officer, author, group, call, proposal


def test_no_user_supplied_text_becomes_live_markup(client, login, hostile_world):
    officer, author, group, call, proposal = hostile_world
    pages = {
        None: ["/", f"/calls/{call.id}", f"/proposals/{proposal.id}"],
        author: [
            "/groups/",
            f"/groups/{group.id}",
            f"/groups/{group.id}/members",
            f"/proposals/{proposal.id}",
            "/account",
        ],
        officer: [
            "/officer/calls",
            f"/officer/calls/{call.id}/submissions",
            f"/officer/calls/{call.id}/edit",
            "/admin/users",
            "/admin/audit",
            f"/proposals/{proposal.id}",
        ],
    }
    for user, urls in pages.items():
        if user is not None:
            login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.get_data(as_text=True)
            assert "<script>alert" not in html, url
            assert "<img src=x" not in html, url
            assert 'href="javascript:' not in html, url
        if user is not None:
            client.post("/logout")
    public_call = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "&lt;script&gt;" in public_call


def test_window_times_are_stored_in_utc(make_call, clock):
    call = make_call("open", now=clock.now)
    db.session.expire_all()
    assert call.opens_at.tzinfo is not None
    assert call.opens_at.utcoffset() == dt.timedelta(0)
