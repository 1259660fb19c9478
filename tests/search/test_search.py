"""Public search over proposals: Japanese and English, filters, pages, visibility, bad input."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from proposals.extensions import db
from proposals.search import queries
from proposals.search.queries import Filters
from proposals.submissions.models import ProposalState
from proposals.themes import Theme


@pytest.fixture
def closed_call(make_call, clock):
    return make_call("closed", now=clock.now, title="Partnership 2026")


@pytest.fixture
def public(make_proposal, closed_call):
    """A public (submitted, window closed) proposal with the given texts."""

    def public(title, summary="", *, call=None, state=ProposalState.SUBMITTED, **kwargs):
        proposal = make_proposal(call=call or closed_call, state=state, title=title, **kwargs)
        proposal.summary = summary
        db.session.commit()
        return proposal

    return public


def found(query, filters=Filters(), **kwargs):
    return [proposal.title for proposal in queries.search(query, filters, **kwargs).items]


def page_titles(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'<h3><a href="/proposals/\d+">(.*?)</a></h3>', html)
    ]


# --- matching ----------------------------------------------------------------------------


def test_two_character_japanese_words_are_found_anywhere_in_the_text(public):
    public("地域の防災訓練", "毎月の訓練")
    public("防災マップ作り")
    public("高齢者の見守り", "市と協働する地域防災")  # at the very end of the summary
    public("子育てサロン", "親子の居場所")

    assert sorted(found("防災")) == ["地域の防災訓練", "防災マップ作り", "高齢者の見守り"]
    assert found("子育") == ["子育てサロン"]
    assert found("福祉") == []


def test_longer_japanese_words_match_as_substrings(public):
    public("地域の防災訓練")
    public("防災マップ作り")
    public("子育て支援ネットワーク", "子育て中の親の交流")

    assert found("防災訓練") == ["地域の防災訓練"]
    assert found("子育て支援") == ["子育て支援ネットワーク"]
    assert found("防災訓練をする") == []


def test_english_ignores_case_and_every_word_must_match(public):
    public("Play mornings", "Sessions for TODDLERS in the community centre.")
    public("Evening play for teenagers")
    public("River clean-up")

    assert found("PLAY") == ["Evening play for teenagers", "Play mornings"]
    assert found("toddlers play") == ["Play mornings"]
    assert found("Community Centre") == ["Play mornings"]
    assert found("play river") == []


def test_mixed_japanese_and_english_words(public):
    public("NPOによる防災講座", "Disaster drills in English and Japanese")
    public("防災 drills")  # another word order
    public("Japanese lessons")

    assert sorted(found("防災 drills")) == ["NPOによる防災講座", "防災 drills"]
    assert found("npo 防災") == ["NPOによる防災講座"]


def test_the_group_name_is_searched(public, make_group):
    tsuruma = make_group(name="鶴間防災ボランティア")
    public("Night patrols", group=tsuruma)
    public("防災 workshop")

    assert found("鶴間") == ["Night patrols"]
    assert sorted(found("防災")) == ["Night patrols", "防災 workshop"]


def test_a_renamed_group_is_found_by_its_new_name_only(public, make_group):
    group = make_group(name="Hikichi River Club")
    public("Clean-up days", group=group)
    public("Bird counts", group=group)

    group.name = "引地川ネイチャークラブ"
    db.session.commit()

    assert sorted(found("ネイチャー")) == ["Bird counts", "Clean-up days"]
    assert sorted(found("引地")) == ["Bird counts", "Clean-up days"]
    assert found("hikichi") == []


def test_an_edited_title_is_found_by_its_new_text_only(public):
    proposal = public("Old title")
    proposal.title = "新しい題名"
    db.session.commit()

    assert found("題名") == ["新しい題名"]
    assert found("old title") == []


def test_percent_and_underscore_are_plain_characters(public):
    public("100% recycled paper")
    public("1000 trees")
    public("snake_case club")
    public("snakescase club")

    assert found("100%") == ["100% recycled paper"]
    assert found("e_c") == ["snake_case club"]
    assert found('"quoted"') == []


# --- visibility ---------------------------------------------------------------------------


def test_only_proposals_the_public_may_see_are_found(
    public, make_proposal, make_call, clock, closed_call
):
    public("防災 public")
    make_proposal(call=closed_call, title="防災 draft")
    make_proposal(call=closed_call, title="防災 withdrawn early", state=ProposalState.WITHDRAWN)
    open_call = make_call("open", now=clock.now)
    make_proposal(call=open_call, title="防災 window still open", state=ProposalState.SUBMITTED)

    assert found("防災") == ["防災 public"]
    assert found("") == ["防災 public"]
    assert found("", Filters(call_id=open_call.id)) == []


def test_a_proposal_withdrawn_after_the_window_closed_stays_public(public, clock):
    proposal = public("防災 withdrawn late")
    proposal.state = ProposalState.WITHDRAWN
    proposal.withdrawn_at = clock.now
    proposal.withdrawal_reason = "Merged with another proposal."
    db.session.commit()

    assert found("防災") == ["防災 withdrawn late"]


# --- filters ------------------------------------------------------------------------------


def test_filters_by_call_status_theme_and_group(public, make_call, make_group, clock):
    other_call = make_call("closed", now=clock.now, title="Partnership 2025")
    group = make_group(name="Yamato Youth Base")
    first = public("防災 one", state=ProposalState.ELIGIBLE, group=group)
    first.themes = [Theme.DISASTER, Theme.YOUTH]
    public("防災 two", call=other_call, state=ProposalState.INELIGIBLE)
    third = public("防災 three", call=other_call, group=group)
    third.themes = [Theme.DISASTER]
    db.session.commit()

    assert found("防災", Filters(call_id=other_call.id)) == ["防災 three", "防災 two"]
    assert found("防災", Filters(state=ProposalState.ELIGIBLE)) == ["防災 one"]
    assert found("防災", Filters(theme=Theme.DISASTER)) == ["防災 three", "防災 one"]
    assert found("防災", Filters(theme=Theme.YOUTH)) == ["防災 one"]
    assert found("防災", Filters(group_id=group.id)) == ["防災 three", "防災 one"]
    assert found("", Filters(call_id=other_call.id, group_id=group.id)) == ["防災 three"]


# --- pages --------------------------------------------------------------------------------


def test_walking_the_pages_shows_every_match_exactly_once(public):
    expected = {public(f"防災 {number:02d}").id for number in range(23)}
    public("Unrelated")

    seen = []
    page = 1
    while True:
        results = queries.search("防災", page=page, per_page=5)
        assert results.total == 23 and not results.total_is_lower_bound
        assert results.pages == 5
        seen.extend(proposal.id for proposal in results.items)
        if not results.has_next:
            break
        page += 1
    assert page == 5
    assert len(seen) == len(set(seen)) == 23
    assert set(seen) == expected
    assert seen == sorted(seen, reverse=True)  # newest first


def test_the_total_is_capped_beyond_the_count_limit(public, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_LIMIT", 4)
    for number in range(6):
        public(f"防災 {number}")

    results = queries.search("防災", per_page=2)
    assert results.total == 4 and results.total_is_lower_bound and results.pages is None
    last = queries.search("防災", page=3, per_page=2)
    assert len(last.items) == 2 and not last.has_next


# --- the page -----------------------------------------------------------------------------


def test_the_page_shows_results_with_group_call_status_and_highlighted_snippet(
    client, public, make_group
):
    group = make_group(name="鶴間防災ボランティア")
    proposal = public(
        "Night patrols",
        "住民と市が協働して防災訓練を行います。",
        group=group,
        state=ProposalState.ELIGIBLE,
    )

    response = client.get("/search?q=防災")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert 'value="防災"' in html  # the query is echoed back
    assert "1 proposal found." in html
    assert f'href="/proposals/{proposal.id}">Night patrols</a>' in html
    assert "鶴間<mark>防災</mark>ボランティア" in html
    assert "Partnership 2026" in html
    assert "Eligible" in html
    assert "住民と市が協働して<mark>防災</mark>訓練を行います。" in html


def test_user_text_is_escaped_in_results(client, public):
    public("<script>alert(1)</script> 防災", "<b>防災</b> & more")

    html = client.get("/search?q=防災").get_data(as_text=True)

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>防災</mark>" in html
    assert "&lt;b&gt;<mark>防災</mark>&lt;/b&gt; &amp; more" in html


def test_the_query_is_escaped_when_echoed(client):
    html = client.get('/search?q="><script>x</script>').get_data(as_text=True)
    assert "<script>x</script>" not in html


def test_pagination_links_keep_the_filters(client, public, app, monkeypatch):
    monkeypatch.setitem(app.config, "PER_PAGE", 2)
    for number in range(5):
        public(f"防災 {number}")

    first = client.get("/search?q=防災&status=submitted").get_data(as_text=True)
    assert page_titles(first) == ["防災 4", "防災 3"]
    assert "Page 1 of 3" in first
    next_link = re.search(r'<a href="([^"]+)" rel="next">', first).group(1)
    assert "status=submitted" in next_link and "page=2" in next_link

    titles = []
    url = "/search?q=防災&status=submitted"
    while url:
        html = client.get(url.replace("&amp;", "&")).get_data(as_text=True)
        titles += page_titles(html)
        link = re.search(r'<a href="([^"]+)" rel="next">', html)
        url = link.group(1) if link else None
    assert titles == ["防災 4", "防災 3", "防災 2", "防災 1", "防災 0"]


def test_a_group_link_filters_by_the_group(client, public, make_group):
    group = make_group(name="Kamiwada Residents")
    public("Danchi festival", group=group)
    public("River walk")

    html = client.get(f"/search?group={group.id}").get_data(as_text=True)
    assert page_titles(html) == ["Danchi festival"]
    assert "Group: Kamiwada Residents" in html


def test_the_empty_form_lists_nothing_and_the_header_links_to_it(client, public):
    public("防災 one")

    html = client.get("/search").get_data(as_text=True)
    assert page_titles(html) == []
    assert 'href="/search"' in html
    assert 'for="q"' in html and 'for="status"' in html  # labelled fields


def test_no_match_says_so(client, public):
    public("River walk")
    html = client.get("/search?q=防災").get_data(as_text=True)
    assert "0 proposals found." in html
    assert "No public proposal matches." in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=abc", "The page must be a whole number."),
        ("page=0", "Pages go from 1 to 100"),
        ("page=101", "Pages go from 1 to 100"),
        ("status=unknown", "Not a valid choice"),
        ("status=draft", "Not a valid choice"),
        ("theme=cooking", "Not a valid choice"),
        ("call=abc", "Not a valid choice"),
        ("call=99999", "Not a valid choice"),
        ("group=abc", "Not a valid group."),
        ("group=99999", "Not a valid group."),
        ("q=" + "x" * 201, "Search for at most 200 characters."),
        ("q=防", "Each word needs at least 2 characters."),
        ("q=防災 x", "Each word needs at least 2 characters."),
    ],
)
def test_bad_parameters_get_a_clear_message_and_400(client, public, query, message):
    public("防災 one")

    response = client.get(f"/search?{query}")

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert page_titles(html) == []


def test_a_query_of_exactly_200_characters_is_accepted(client):
    assert client.get("/search?q=" + "x" * 200).status_code == 200


def test_a_page_past_the_end_says_so(client, public):
    public("防災 one")
    response = client.get("/search?q=防災&page=3")
    assert response.status_code == 200
    assert "There are no results on this page." in response.get_data(as_text=True)


def test_search_writes_nothing(client, public, snapshot):
    public("防災 one")
    before = snapshot()
    client.get("/search?q=防災&status=submitted&page=1")
    client.get("/search?page=abc")
    assert snapshot() == before


def test_the_filters_follow_later_changes_of_status_and_themes(public, clock):
    proposal = public("防災 drills")
    proposal.themes = [Theme.DISASTER, Theme.SAFETY]
    db.session.commit()
    assert found("", Filters(theme=Theme.SAFETY)) == ["防災 drills"]

    proposal.state = ProposalState.ELIGIBLE
    proposal.eligibility_decided_at = clock.now
    proposal.themes = [Theme.DISASTER]
    db.session.commit()

    assert found("防災", Filters(state=ProposalState.ELIGIBLE)) == ["防災 drills"]
    assert found("防災", Filters(state=ProposalState.SUBMITTED)) == []
    assert found("", Filters(theme=Theme.SAFETY)) == []
    assert found("drills", Filters(theme=Theme.DISASTER)) == ["防災 drills"]


def indexed_rows() -> int:
    return db.session.scalar(sa.text("SELECT count(*) FROM proposal_search"))


def test_a_deleted_proposal_leaves_the_index(public):
    assert indexed_rows() == 0  # the previous tests' rows left with their proposals
    proposal = public("防災 drills")
    public("Other")
    assert indexed_rows() == 2

    db.session.delete(proposal)
    db.session.commit()

    assert indexed_rows() == 1
    assert found("防災") == []
    assert found("drills") == []
