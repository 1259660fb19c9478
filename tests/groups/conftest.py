"""Fixtures for the groups' tests: a small world of people around two groups, snapshots."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.mail.models import OutboxMessage


@pytest.fixture
def world(make_user, make_group):
    """Group A (representative, member) and group B (its own representative), plus
    a citizen in no group, a city officer and an administrator."""
    representative = make_user("rep@example.org", name="Aiko Rep")
    member = make_user("member@example.org", name="Ben Member")
    other_member = make_user("other@example.org", name="Chika Other")
    group = make_group(representative, members=[member], name="Sakura Childcare NPO")
    other_group = make_group(other_member, name="Minato Volunteers")
    return SimpleNamespace(
        group=group,
        other_group=other_group,
        representative=representative,
        member=member,
        other_member=other_member,
        citizen=make_user("citizen@example.org", name="Daichi Citizen"),
        officer=make_user("officer@example.org", name="Eri Officer", roles=[Role.CITY_OFFICER]),
        admin=make_user("admin@example.org", name="Fumi Admin", roles=[Role.ADMIN]),
    )


TOKEN_LINK = re.compile(r"https?://[^/\s]+/invitations/([A-Za-z0-9_\-]+)")


@pytest.fixture
def mail_to():
    """The messages in the outbox for ``address``, oldest first."""

    def mail_to(address):
        return db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.recipient == address)
            .order_by(OutboxMessage.id)
        ).all()

    return mail_to


@pytest.fixture
def invite(client, login, mail_to):
    """The representative invites ``email`` through the form; returns the token from the mail."""

    def invite(group, email, *, as_user=None):
        login(as_user or group.representative)
        response = client.post(f"/groups/{group.id}/invitations/new", data={"email": email})
        assert response.status_code == 302, response.get_data(as_text=True)
        body = mail_to(email.lower())[-1].body
        match = TOKEN_LINK.search(body)
        assert match, body
        with client.session_transaction() as session:
            session.clear()
        return match.group(1)

    return invite
