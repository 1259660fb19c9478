"""Password-guessing and mail-bombing are slowed down per client address."""

import pytest

from proposals.config import DefaultConfig
from proposals.extensions import limiter


@pytest.fixture
def limits_on(app, monkeypatch):
    """The production limits, with counters starting from zero."""
    for name in ("LOGIN_RATE_LIMIT", "MAIL_FORM_RATE_LIMIT"):
        monkeypatch.setitem(app.config, name, getattr(DefaultConfig, name))
    limiter.reset()
    yield
    limiter.reset()


def test_the_eleventh_login_attempt_in_a_minute_is_refused(client, make_user, limits_on):
    user = make_user()
    for _attempt in range(10):
        response = client.post("/login", data={"email": user.email, "password": "wrong guess"})
        assert response.status_code == 400
    response = client.post("/login", data={"email": user.email, "password": "wrong guess"})
    assert response.status_code == 429
    assert b"Too many attempts" in response.data


def test_reading_the_login_page_is_not_limited(client, limits_on):
    for _attempt in range(15):
        assert client.get("/login").status_code == 200


def test_forgot_password_requests_are_limited(client, limits_on):
    for _attempt in range(5):
        client.post("/password/forgot", data={"email": "someone@example.org"})
    response = client.post("/password/forgot", data={"email": "someone@example.org"})
    assert response.status_code == 429
