"""Anonymous visitors get public pages from the cache, with validators; nobody else does."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import refresh

from proposals.caching.models import CacheVersion
from proposals.extensions import db
from proposals.projects.indicators import Indicator
from proposals.publication import operations as publication
from proposals.submissions.models import ProposalState
from tests.caching.conftest import TOKEN, without_tokens


def test_the_second_anonymous_visit_is_served_from_the_cache(
    client, cache, clock, make_call, count_queries
):
    make_call("open", now=clock.now, title="Childcare call")
    with count_queries() as first_queries:
        first = client.get("/")
    with count_queries() as second_queries:
        second = client.get("/")
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Kyodo-Cache"] == "miss"
    assert second.headers["X-Kyodo-Cache"] == "hit"
    assert without_tokens(second.get_data(as_text=True)) == without_tokens(
        first.get_data(as_text=True)
    )
    assert "Childcare call" in second.get_data(as_text=True)
    # Only the content version is read.
    assert second_queries.n == 1 < first_queries.n


def test_public_pages_carry_validators(client, cache, clock, make_call):
    call = make_call("open", now=clock.now)
    clock.advance(seconds=5)  # Last-Modified is announced once its second is over
    response = client.get(f"/calls/{call.id}")
    assert response.status_code == 200
    assert response.headers["ETag"].startswith('W/"')
    assert response.headers["Cache-Control"] == "no-cache"
    assert {"Cookie", "Accept-Language"} <= set(response.vary)
    assert response.last_modified is not None
    assert response.last_modified <= clock.now


def test_revalidation_with_the_etag_is_a_304_without_a_body(client, cache, clock, make_call):
    call = make_call("open", now=clock.now)
    etag = client.get(f"/calls/{call.id}").headers["ETag"]
    response = client.get(f"/calls/{call.id}", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == etag
    other = client.get(f"/calls/{call.id}", headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200


def test_a_chart_revalidated_by_date_is_a_304_until_something_changes(
    client, cache, clock, selecting, mayor
):
    publication.publish(selecting.call, mayor)
    db.session.commit()
    indicator = db.session.scalars(sa.select(Indicator)).first()
    url = f"/projects/{indicator.project_id}/indicators/{indicator.id}/chart.svg"
    clock.advance(seconds=5)
    modified = client.get(url).headers["Last-Modified"]
    response = client.get(url, headers={"If-Modified-Since": modified})
    assert response.status_code == 304
    indicator.name = "Renamed indicator"
    db.session.commit()
    clock.advance(seconds=5)
    response = client.get(url, headers={"If-Modified-Since": modified})
    assert response.status_code == 200
    assert "Renamed indicator" in response.get_data(as_text=True)


def test_public_pages_hold_no_csrf_token_and_set_no_cookie(
    app, cache, clock, make_call, monkeypatch
):
    # The same bytes for every anonymous visitor: nothing of one session is on the page.
    call = make_call("open", now=clock.now)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    first, second = app.test_client(), app.test_client()
    for path in ("/", f"/calls/{call.id}"):
        shown = first.get(path)
        again = second.get(path)
        assert not TOKEN.search(shown.get_data(as_text=True))
        assert "Set-Cookie" not in shown.headers and "Set-Cookie" not in again.headers
        assert again.headers["X-Kyodo-Cache"] == "hit"
        assert again.get_data() == shown.get_data()


def test_the_language_form_works_without_a_token(app, cache, clock, make_call, monkeypatch):
    make_call("open", now=clock.now)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    visitor = app.test_client()
    visitor.get("/")
    changed = visitor.post(
        "/language", data={"locale": "ja"}, headers={"Referer": "http://kyodo.test/"}
    )
    assert changed.status_code == 302
    refresh()  # the tests share one app context, where Flask-Babel caches the locale
    assert '<html lang="ja">' in visitor.get("/").get_data(as_text=True)


def test_a_page_holding_a_csrf_token_is_never_stored(app, cache, clock, make_call, monkeypatch):
    import flask
    from flask_wtf.csrf import generate_csrf

    import proposals.public.views as public_views

    make_call("open", now=clock.now)
    monkeypatch.setattr(
        public_views,
        "render_template",
        lambda *args, **kwargs: flask.render_template(*args, **kwargs) + generate_csrf(),
    )
    first, second = app.test_client(), app.test_client()
    first.get("/")
    response = second.get("/")
    assert "X-Kyodo-Cache" not in response.headers
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_a_change_within_the_same_second_gives_no_last_modified_to_trust(
    client, cache, clock, make_call
):
    call = make_call("open", now=clock.now)
    response = client.get(f"/calls/{call.id}")
    # Another change in this very second would carry the same date: no date is announced.
    assert "Last-Modified" not in response.headers
    assert "ETag" in response.headers


def test_publishing_a_decision_changes_the_etag_and_the_page(
    app, client, cache, login, selecting, mayor
):
    call = selecting.call
    before = client.get(f"/calls/{call.id}")
    assert client.get(f"/calls/{call.id}").headers["X-Kyodo-Cache"] == "hit"
    assert "REASON-ALPHA" not in before.get_data(as_text=True)

    mayors_browser = app.test_client()
    login(mayor, mayors_browser)
    assert mayors_browser.post(f"/mayor/calls/{call.id}/publish").status_code == 302

    after = client.get(f"/calls/{call.id}", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["X-Kyodo-Cache"] == "miss"
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "REASON-ALPHA fits the plan" in after.get_data(as_text=True)


def test_a_decision_published_by_a_domain_function_also_reaches_the_proposal_pages(
    client, cache, selecting, mayor
):
    alpha = selecting.p.alpha
    before = client.get(f"/proposals/{alpha.id}")
    assert before.status_code == 200
    assert "REASON-ALPHA" not in before.get_data(as_text=True)
    publication.publish(selecting.call, mayor)
    db.session.commit()
    after = client.get(f"/proposals/{alpha.id}")
    assert after.headers["X-Kyodo-Cache"] == "miss"
    assert "REASON-ALPHA fits the plan" in after.get_data(as_text=True)


def test_another_process_bumping_the_version_invalidates_this_process(
    client, cache, clock, make_call
):
    call = make_call("open", now=clock.now, title="Old title")
    client.get(f"/calls/{call.id}")
    # Another worker's writes reach the database through its own connection.
    with db.engine.begin() as connection:
        connection.execute(sa.update(call.__table__).values(title="New title"))
    stale = client.get(f"/calls/{call.id}")
    assert stale.headers["X-Kyodo-Cache"] == "hit"
    assert "Old title" in stale.get_data(as_text=True)
    with db.engine.begin() as connection:
        connection.execute(sa.update(CacheVersion.__table__).values(version=424242))
    db.session.expire_all()  # the test's session, which requests share, kept the old title
    response = client.get(f"/calls/{call.id}")
    assert response.headers["X-Kyodo-Cache"] == "miss"
    assert "New title" in response.get_data(as_text=True)


def test_the_deadline_passing_changes_the_page_without_any_write(
    client, cache, clock, make_call, make_proposal
):
    call = make_call("open", now=clock.now, title="Childcare call")
    make_proposal(call=call, state=ProposalState.SUBMITTED, title="Play mornings")
    page = client.get(f"/calls/{call.id}")
    home = client.get("/")
    assert "Open for submissions" in page.get_data(as_text=True)
    assert "Play mornings" not in page.get_data(as_text=True)
    clock.set(call.closes_at - dt.timedelta(seconds=1))
    assert client.get(f"/calls/{call.id}").headers["X-Kyodo-Cache"] == "hit"

    clock.set(call.closes_at)
    after = client.get(f"/calls/{call.id}", headers={"If-None-Match": page.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != page.headers["ETag"]
    html = after.get_data(as_text=True)
    assert "In review" in html
    # The window has closed: the submitted proposal is public now.
    assert "Play mornings" in html
    assert client.get("/").headers["ETag"] != home.headers["ETag"]


def test_an_upcoming_call_opening_changes_the_page(client, cache, clock, make_call):
    call = make_call("upcoming", now=clock.now)
    assert "Upcoming" in client.get(f"/calls/{call.id}").get_data(as_text=True)
    clock.set(call.opens_at)
    assert "Open for submissions" in client.get(f"/calls/{call.id}").get_data(as_text=True)


def test_each_language_has_its_own_page(client, cache, clock, make_call):
    make_call("open", now=clock.now)
    english = client.get("/", headers={"Accept-Language": "en"})
    refresh()  # the tests share one app context, where Flask-Babel caches the locale
    japanese = client.get("/", headers={"Accept-Language": "ja"})
    assert japanese.headers["X-Kyodo-Cache"] == "miss"
    assert english.headers["ETag"] != japanese.headers["ETag"]
    assert '<html lang="ja">' in japanese.get_data(as_text=True)
    refresh()
    again = client.get("/", headers={"Accept-Language": "en"})
    assert again.headers["X-Kyodo-Cache"] == "hit"
    assert '<html lang="en">' in again.get_data(as_text=True)


def test_the_query_string_is_part_of_the_key(client, cache, clock, make_call):
    make_call("open", now=clock.now)
    assert client.get("/").headers["X-Kyodo-Cache"] == "miss"
    assert client.get("/?page=1").headers["X-Kyodo-Cache"] == "miss"
    assert client.get("/?page=1").headers["X-Kyodo-Cache"] == "hit"


def test_a_logged_in_user_never_gets_the_anonymous_page(
    app, client, cache, clock, make_call, make_user, login
):
    make_call("open", now=clock.now)
    client.get("/")
    assert client.get("/").headers["X-Kyodo-Cache"] == "hit"
    user = login(make_user(name="Hanako Sato"))
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert "Hanako Sato" in html
    assert "Log out" in html
    assert "X-Kyodo-Cache" not in response.headers
    assert "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert user.display_name in client.get("/").get_data(as_text=True)


def test_two_users_never_see_each_others_page(app, cache, clock, make_call, make_user, login):
    make_call("open", now=clock.now)
    first, second = app.test_client(), app.test_client()
    login(make_user(name="Hanako Sato"), first)
    login(make_user(name="Taro Suzuki"), second)
    for _ in range(2):
        one = first.get("/").get_data(as_text=True)
        two = second.get("/").get_data(as_text=True)
        assert "Hanako Sato" in one and "Taro Suzuki" not in one
        assert "Taro Suzuki" in two and "Hanako Sato" not in two


def test_account_pages_are_not_stored_even_by_the_browser(client, cache, make_user, login):
    login(make_user())
    assert client.get("/account").headers["Cache-Control"] == "private, no-store"


def test_a_flash_message_is_shown_to_its_visitor_only(app, cache, clock, make_call):
    make_call("open", now=clock.now)
    flashed, other = app.test_client(), app.test_client()
    assert other.get("/").headers["X-Kyodo-Cache"] == "miss"
    with flashed.session_transaction() as session:
        session["_flashes"] = [("success", "FLASH-FOR-ONE-VISITOR")]
    response = flashed.get("/")
    assert "FLASH-FOR-ONE-VISITOR" in response.get_data(as_text=True)
    assert "X-Kyodo-Cache" not in response.headers
    assert response.headers["Cache-Control"] == "private, no-cache"
    for browser in (other, app.test_client(), flashed):
        assert "FLASH-FOR-ONE-VISITOR" not in browser.get("/").get_data(as_text=True)


def test_a_page_rendered_with_a_flash_is_not_stored(app, cache, clock, make_call):
    make_call("open", now=clock.now)
    flashed = app.test_client()
    with flashed.session_transaction() as session:
        session["_flashes"] = [("success", "FLASH-FOR-ONE-VISITOR")]
    flashed.get("/")
    response = app.test_client().get("/")
    assert response.headers["X-Kyodo-Cache"] == "miss"
    assert "FLASH-FOR-ONE-VISITOR" not in response.get_data(as_text=True)


def test_head_is_served_from_the_cache(client, cache, clock, make_call):
    make_call("open", now=clock.now)
    client.get("/")
    response = client.head("/")
    assert response.status_code == 200
    assert response.headers["X-Kyodo-Cache"] == "hit"
    assert response.get_data() == b""


def test_only_200_pages_are_stored(client, cache):
    assert client.get("/calls/999").status_code == 404
    response = client.get("/calls/999")
    assert response.status_code == 404
    assert "X-Kyodo-Cache" not in response.headers
    assert "ETag" not in response.headers


def test_pages_outside_the_list_are_never_stored(client, cache):
    client.get("/login")
    response = client.get("/login")
    assert "X-Kyodo-Cache" not in response.headers
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_draft_stays_private_when_a_cached_page_exists(
    client, cache, clock, make_call, make_proposal
):
    call = make_call("closed", now=clock.now)
    draft = make_proposal(call=call, state=ProposalState.DRAFT)
    for _ in range(2):
        assert client.get(f"/proposals/{draft.id}").status_code in (403, 404)


def test_the_cache_is_off_in_tests_unless_switched_on(client, clock, make_call):
    make_call("open", now=clock.now)
    client.get("/")
    response = client.get("/")
    assert "X-Kyodo-Cache" not in response.headers
    assert "ETag" not in response.headers


def test_query_strings_that_differ_only_by_a_trailing_question_mark_are_different_pages(
    client, cache
):
    assert client.get("/?x=a").headers["X-Kyodo-Cache"] == "miss"
    assert client.get("/?x=a?").headers["X-Kyodo-Cache"] == "miss"
    assert client.get("/?x=a?").headers["X-Kyodo-Cache"] == "hit"


def test_an_unreadable_entry_is_rendered_again(client, cache, clock, make_call):
    make_call("open", now=clock.now, title="Childcare call")
    client.get("/")
    for key in list(cache._entries):
        cache.set(key, b"not a page", 60)
    response = client.get("/")
    assert response.status_code == 200
    assert "Childcare call" in response.get_data(as_text=True)
