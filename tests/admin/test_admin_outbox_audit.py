"""The outbox and the audit log: newest first, filters, pagination, the CSV download."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from proposals.accounts.models import Role
from proposals.audit.log import record
from proposals.extensions import db
from proposals.mail.outbox import queue_mail


@pytest.fixture
def admin(login, make_user):
    return login(make_user("admin@example.org", roles=[Role.ADMIN]))


def event(actor, action, obj, at, **values):
    row = record(actor, action, obj, **values)
    row.created_at = at
    return row


# --- outbox ----------------------------------------------------------------------------


def test_outbox_lists_messages_newest_first(client, admin):
    queue_mail("first@example.org", "First subject", "Body one")
    queue_mail("second@example.org", "Second subject", "Body two")
    db.session.commit()

    page = client.get("/admin/outbox").get_data(as_text=True)

    assert page.index("Second subject") < page.index("First subject")
    assert "first@example.org" in page
    assert "Body one" not in page  # bodies are on the message page


def test_outbox_filter_by_recipient(client, admin):
    queue_mail("hanako@example.org", "For Hanako", "Body")
    queue_mail("ken@example.org", "For Ken", "Body")
    db.session.commit()

    page = client.get("/admin/outbox", query_string={"recipient": "HANAKO"}).get_data(as_text=True)

    assert "For Hanako" in page
    assert "For Ken" not in page
    assert 'for="recipient"' in page


def test_outbox_is_paginated(client, admin):
    for number in range(21):
        queue_mail(f"p{number}@example.org", f"Subject {number:02d}", "Body")
    db.session.commit()

    first = client.get("/admin/outbox").get_data(as_text=True)
    second = client.get("/admin/outbox", query_string={"page": 2}).get_data(as_text=True)

    assert "Subject 20" in first and "Subject 00" not in first
    assert "Subject 00" in second


def test_outbox_message_page_shows_the_body_escaped(client, admin):
    message = queue_mail("hanako@example.org", "Your link", "Open <b>this</b>:\nhttp://x/1")
    db.session.commit()

    response = client.get(f"/admin/outbox/{message.id}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "hanako@example.org" in page
    assert "Open &lt;b&gt;this&lt;/b&gt;:\nhttp://x/1" in page


def test_registration_mail_appears_in_the_outbox(app, client, admin):
    visitor = app.test_client()
    visitor.post("/register", data={"email": "new@example.org"})

    page = client.get("/admin/outbox").get_data(as_text=True)

    assert "new@example.org" in page
    assert "Finish creating your Kyodo account" in page
    assert "Written to the log" in page


# --- audit log ---------------------------------------------------------------------------


@pytest.fixture
def history(admin, make_user):
    """Three events on different days (Tokyo time), by two actors."""
    ken = make_user("ken@example.org")
    hanako = make_user("hanako@example.org")
    event(ken, "user.change_name", ken, dt.datetime(2026, 5, 1, 1, 0, tzinfo=dt.UTC))
    event(
        admin,
        "user.grant_role",
        hanako,
        dt.datetime(2026, 5, 2, 1, 0, tzinfo=dt.UTC),
        after={"role": "reviewer"},
    )
    # 2026-05-03 16:00 UTC is 4 May 01:00 in Tokyo.
    event(
        admin,
        "group.create",
        hanako,
        dt.datetime(2026, 5, 3, 16, 0, tzinfo=dt.UTC),
        note='=HYPERLINK("http://evil")',
    )
    db.session.commit()
    return {"ken": ken, "hanako": hanako}


def actions_on(page: str) -> list[str]:
    return [a for a in ("group.create", "user.grant_role", "user.change_name") if a in page]


def test_audit_log_newest_first_with_actor_and_values(client, history):
    page = client.get("/admin/audit").get_data(as_text=True)

    assert (
        page.index("group.create") < page.index("user.grant_role") < page.index("user.change_name")
    )
    assert "ken@example.org" in page
    assert "reviewer" in page
    for name in ("action", "object_type", "actor", "date_from", "date_to"):
        assert f'for="{name}"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "user."}, ["user.grant_role", "user.change_name"]),
        ({"action": "user.grant"}, ["user.grant_role"]),
        ({"action": "user_"}, []),
        ({"object_type": "users"}, ["group.create", "user.grant_role", "user.change_name"]),
        ({"object_type": "groups"}, []),
        ({"actor": "KEN@"}, ["user.change_name"]),
        ({"actor": "admin@example.org"}, ["group.create", "user.grant_role"]),
        ({"date_from": "2026-05-02"}, ["group.create", "user.grant_role"]),
        ({"date_to": "2026-05-03"}, ["user.grant_role", "user.change_name"]),
        ({"date_from": "2026-05-04", "date_to": "2026-05-04"}, ["group.create"]),
    ],
)
def test_audit_log_filters(client, history, query, expected):
    response = client.get("/admin/audit", query_string=query)

    assert response.status_code == 200
    assert actions_on(response.get_data(as_text=True).split("</form>", 2)[-1]) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_from": "2026-05-04", "date_to": "2026-05-01"}, "date_to"),
    ],
)
def test_bad_audit_filters_are_field_errors(client, history, query, field):
    response = client.get("/admin/audit", query_string=query)

    assert response.status_code == 400
    assert f'id="{field}-errors"' in response.get_data(as_text=True)
    assert client.get("/admin/audit.csv", query_string=query).status_code == 400


def test_audit_log_is_paginated(client, admin):
    for number in range(21):
        event(
            admin,
            f"test.event{number:02d}",
            admin,
            dt.datetime(2026, 5, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=number),
        )
    db.session.commit()

    first = client.get("/admin/audit").get_data(as_text=True)
    second = client.get("/admin/audit", query_string={"page": 2}).get_data(as_text=True)

    assert "test.event20" in first and "test.event00" not in first
    assert "test.event00" in second


def read_csv(response) -> list[dict]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_download_holds_the_filtered_rows(client, history):
    response = client.get("/admin/audit.csv", query_string={"actor": "admin@"})

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.is_streamed
    rows = read_csv(response)
    assert [row["action"] for row in rows] == ["group.create", "user.grant_role"]
    grant = rows[1]
    assert grant["actor_email"] == "admin@example.org"
    assert grant["object_type"] == "users"
    assert grant["object_id"] == str(history["hanako"].id)
    assert grant["after"] == '{"role": "reviewer"}'
    assert grant["created_at_utc"] == "2026-05-02T01:00:00+00:00"


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, history):
    rows = read_csv(client.get("/admin/audit.csv", query_string={"action": "group."}))

    assert rows[0]["note"] == '\'=HYPERLINK("http://evil")'


def test_audit_page_links_to_the_csv_with_the_same_filters(client, history):
    page = client.get("/admin/audit", query_string={"action": "user."}).get_data(as_text=True)

    assert 'href="/admin/audit.csv?action=user."' in page
