"""Logging in and out: one message for every failure, safe redirects, cookies that die on logout."""

from __future__ import annotations

import re

import pytest
from flask import url_for

from proposals.extensions import db
from tests.conftest import PASSWORD

INVALID = b"Invalid email or password."


def post_login(client, email, password=PASSWORD, *, remember=False, next=None):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    path = "/login" + (f"?next={next}" if next is not None else "")
    return client.post(path, data=data)


def home():
    return url_for("public.home", _external=False)


def test_login_page_has_labelled_fields(client):
    response = client.get("/login")

    assert response.status_code == 200
    for name in ("email", "password", "remember"):
        assert f'for="{name}"'.encode() in response.data
    assert b'href="/password/forgot"' in response.data


def test_login_with_the_right_password_logs_in(client, make_user):
    make_user("hanako@example.org", name="Hanako")

    response = post_login(client, "Hanako@Example.org ")

    assert response.status_code == 302
    assert response.headers["Location"] == home()
    assert client.get("/account").status_code == 200


def test_unknown_email_and_wrong_password_get_the_same_answer(client, make_user):
    make_user("hanako@example.org")

    unknown = post_login(client, "nobody@example.org")
    wrong = post_login(client, "hanako@example.org", "not the password")

    assert unknown.status_code == wrong.status_code == 400
    assert INVALID in unknown.data
    assert unknown.data == wrong.data.replace(b"hanako@example.org", b"nobody@example.org")
    assert client.get("/account").status_code == 302


def test_disabled_user_gets_the_same_answer(client, make_user):
    user = make_user("gone@example.org")
    user.is_disabled = True
    db.session.commit()

    response = post_login(client, "gone@example.org")

    assert response.status_code == 400
    assert INVALID in response.data
    assert client.get("/account").status_code == 302


def test_empty_login_form_shows_field_messages(client):
    response = client.post("/login", data={"email": "", "password": ""})

    assert response.status_code == 400
    assert b"Enter your email address." in response.data
    assert b"Enter your password." in response.data


@pytest.mark.parametrize("target", ["/account", "/groups/?tab=1", "/admin/users?q=a%26b"])
def test_next_on_this_site_is_followed(client, make_user, target):
    make_user("hanako@example.org")

    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "hanako@example.org", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "https://elsewhere.example/",
        "//evil.com",
        "/\\evil.com",
        "\\\\evil.com",
        "http:/evil.com",
        "javascript:alert(1)",
        "",
    ],
)
def test_next_elsewhere_is_ignored(client, make_user, target):
    make_user("hanako@example.org")

    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "hanako@example.org", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == home()


def test_protected_page_sends_anonymous_visitors_to_login_and_back(client, make_user):
    make_user("hanako@example.org")

    response = client.get("/account")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert login_url.startswith("/login?next=")

    response = client.post(login_url, data={"email": "hanako@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/account"


def test_logout_is_post_only(client, make_user):
    make_user("hanako@example.org")
    post_login(client, "hanako@example.org")

    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200


def test_logout_ends_the_session_and_a_copied_session_cookie(app, client, make_user):
    make_user("hanako@example.org")
    post_login(client, "hanako@example.org")
    copied = client.get_cookie("session", domain="kyodo.test").value

    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == home()
    assert client.get("/account").status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", copied, domain="kyodo.test")
    response = thief.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_copied_session_cookie_works_until_logout(app, client, make_user):
    # Guards the test above: the copy is a working session before the logout.
    make_user("hanako@example.org")
    post_login(client, "hanako@example.org")
    other = app.test_client()
    other.set_cookie(
        "session", client.get_cookie("session", domain="kyodo.test").value, domain="kyodo.test"
    )

    assert other.get("/account").status_code == 200


def test_remember_cookie_is_httponly_and_samesite_lax(client, make_user):
    make_user("hanako@example.org")

    response = post_login(client, "hanako@example.org", remember=True)

    [cookie] = [
        header
        for header in response.headers.getlist("Set-Cookie")
        if header.startswith("remember_token=")
    ]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_no_remember_cookie_without_remember_me(client, make_user):
    make_user("hanako@example.org")

    response = post_login(client, "hanako@example.org")

    assert not any(
        header.startswith("remember_token=") for header in response.headers.getlist("Set-Cookie")
    )


def test_logout_kills_a_copied_remember_cookie(app, client, make_user):
    make_user("hanako@example.org")
    post_login(client, "hanako@example.org", remember=True)
    remember = client.get_cookie("remember_token", domain="kyodo.test").value

    before = app.test_client()
    before.set_cookie("remember_token", remember, domain="kyodo.test")
    assert before.get("/account").status_code == 200

    client.post("/logout")

    after = app.test_client()
    after.set_cookie("remember_token", remember, domain="kyodo.test")
    assert after.get("/account").status_code == 302


def csrf_token_on(page) -> str:
    match = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.data) or re.search(
        rb'name="csrf_token" value="([^"]+)"', page.data
    )
    assert match, "no CSRF token on the page"
    return match.group(1).decode()


def test_login_and_logout_need_the_csrf_token(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    make_user("hanako@example.org")
    data = {"email": "hanako@example.org", "password": PASSWORD}

    assert client.post("/login", data=data).status_code == 400
    token = csrf_token_on(client.get("/login"))
    assert client.post("/login", data={**data, "csrf_token": token}).status_code == 302

    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200
    token = csrf_token_on(client.get("/account"))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/account").status_code == 302
