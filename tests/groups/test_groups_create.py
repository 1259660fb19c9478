"""Creating a group and editing its details."""

from __future__ import annotations

import sqlalchemy as sa

from proposals.audit.models import AuditEvent
from proposals.extensions import db
from proposals.groups.models import Group, GroupKind, Membership
from proposals.themes import Theme


def group_data(**overrides):
    data = {
        "name": "Yamato Childcare Support",
        "kind": "npo",
        "registration_number": "NPO-1234",
        "contact_email": "contact@yamato-kosodate.example",
        "contact_phone": "046-260-5000",
        "description": "Support for families with small children.",
        "themes": ["childcare", "youth"],
    }
    data.update(overrides)
    return data


def groups_named(name):
    return db.session.scalars(sa.select(Group).where(Group.name == name)).all()


def test_the_form_offers_every_kind_and_theme_with_labels(client, login, make_user):
    login(make_user())
    response = client.get("/groups/new")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for label in ("Incorporated NPO", "Neighbourhood association", "Social welfare corporation"):
        assert label in page
    assert 'type="checkbox"' in page and "Persons with disabilities" in page
    for field_id in ("name", "kind", "registration_number", "contact_email", "contact_phone"):
        assert f'<label for="{field_id}"' in page


def test_creating_a_group_makes_the_creator_its_representative(client, login, make_user):
    creator = login(make_user("aiko@example.org"))
    response = client.post("/groups/new", data=group_data())
    [group] = groups_named("Yamato Childcare Support")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/groups/{group.id}")
    assert group.representative_id == creator.id
    assert [m.user_id for m in group.memberships] == [creator.id]
    assert group.kind is GroupKind.NPO
    assert set(group.themes) == {Theme.CHILDCARE, Theme.YOUTH}
    assert group.contact_phone == "046-260-5000"
    event = db.session.scalars(sa.select(AuditEvent)).one()
    assert (event.action, event.actor_id, event.object_id) == ("group.create", creator.id, group.id)

    page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert "Yamato Childcare Support" in page and "You are the representative" in page


def test_a_taken_name_is_a_field_error_and_nothing_is_written(
    client, login, make_user, make_group, snapshot
):
    make_group(name="Sakura Childcare NPO")
    login(make_user())
    before = snapshot()
    response = client.post("/groups/new", data=group_data(name="  sakura childcare npo "))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Another group already has this name" in page
    assert 'aria-invalid="true"' in page
    assert snapshot() == before


def test_bad_input_gets_field_messages_and_nothing_is_written(client, login, make_user, snapshot):
    login(make_user())
    before = snapshot()
    response = client.post(
        "/groups/new",
        data=group_data(
            name="", kind="company", contact_email="not-an-email", contact_phone="call me"
        ),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter the group&#39;s name." in page or "Enter the group's name." in page
    assert "Not a valid choice" in page
    assert "Enter an email address like name@example.org." in page
    assert "Use digits, spaces, hyphens and brackets" in page
    assert snapshot() == before


def test_optional_fields_may_be_left_empty(client, login, make_user):
    login(make_user())
    response = client.post(
        "/groups/new",
        data=group_data(registration_number="", contact_phone="", description="", themes=[]),
    )
    assert response.status_code == 302
    [group] = groups_named("Yamato Childcare Support")
    assert group.registration_number is None and group.contact_phone is None
    assert group.themes == []


def test_creating_needs_login(client):
    response = client.get("/groups/new")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.post("/groups/new", data=group_data()).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Group)) == 0


def test_the_representative_edits_the_details(client, login, world):
    login(world.representative)
    form = client.get(f"/groups/{world.group.id}/edit").get_data(as_text=True)
    assert 'value="Sakura Childcare NPO"' in form
    response = client.post(
        f"/groups/{world.group.id}/edit",
        data=group_data(name="Sakura Kosodate NPO", kind="volunteer", themes=["elderly"]),
    )
    assert response.status_code == 302
    db.session.expire_all()
    group = db.session.get(Group, world.group.id)
    assert group.name == "Sakura Kosodate NPO"
    assert group.kind is GroupKind.VOLUNTEER
    assert group.themes == [Theme.ELDERLY]
    event = db.session.scalars(sa.select(AuditEvent)).one()
    assert event.action == "group.update"
    assert "name" in event.after["changed"] and "themes" in event.after["changed"]


def test_keeping_its_own_name_is_not_a_clash(client, login, world, audit_actions):
    login(world.representative)
    data = group_data(name="Sakura Childcare NPO", description="New description.")
    assert client.post(f"/groups/{world.group.id}/edit", data=data).status_code == 302
    assert audit_actions() == ["group.update"]


def test_renaming_to_another_groups_name_is_refused(client, login, world, snapshot):
    login(world.representative)
    before = snapshot()
    response = client.post(
        f"/groups/{world.group.id}/edit", data=group_data(name="MINATO volunteers")
    )
    assert response.status_code == 400
    assert "Another group already has this name" in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_member_who_is_not_the_representative_cannot_edit(client, login, world, snapshot):
    login(world.member)
    before = snapshot()
    assert client.get(f"/groups/{world.group.id}/edit").status_code == 403
    response = client.post(f"/groups/{world.group.id}/edit", data=group_data(name="Taken over"))
    assert response.status_code == 403
    assert snapshot() == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 3
