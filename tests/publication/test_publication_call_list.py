"""The published decision's list of proposals on the call page: a page at a time, with
filters, the funnel staying on top; and the same filters before the decision."""

from __future__ import annotations

import re

import pytest

from proposals.extensions import db
from proposals.publication import operations
from proposals.submissions.models import ProposalState, ProposalTheme
from proposals.themes import Theme


def _published(selecting, mayor):
    operations.publish(selecting.call, mayor)
    db.session.commit()


def _titles(html: str) -> list[str]:
    return re.findall(r'<a href="/proposals/\d+">([^<]+)</a>', html)


def _funnel(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<span class="funnel-number">(\d+)</span>', html)]


def test_the_outcomes_come_a_page_at_a_time_with_the_funnel_on_every_page(
    client, app, selecting, mayor, monkeypatch
):
    _published(selecting, mayor)
    monkeypatch.setitem(app.config, "PER_PAGE", 4)
    url = f"/calls/{selecting.call.id}"
    first = client.get(url).get_data(as_text=True)
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    # Selected first, then by outcome, each by title.
    assert _titles(first) == ["Alpha project", "Delta project", "Bravo project", "Charlie project"]
    assert _titles(second) == ["Echo project", "Foxtrot project"]
    assert _funnel(first) == _funnel(second) == [6, 5, 2, 2]
    assert "Page 1 of 2 (6 in all)" in first
    assert f'href="/calls/{selecting.call.id}?page=2"' in first


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outcome=selected", ["Alpha project", "Delta project"]),
        ("outcome=not_recommended", ["Charlie project"]),
        ("outcome=withdrawn", ["Foxtrot project"]),
        ("group=BRAVO", ["Bravo project"]),
        ("group=%25", []),
        ("theme=disaster", ["Echo project"]),
        ("theme=disaster&outcome=selected", []),
    ],
)
def test_the_filters_narrow_the_outcomes_and_keep_the_funnel(
    client, selecting, mayor, query, expected
):
    _published(selecting, mayor)
    db.session.add(ProposalTheme(proposal_id=selecting.p.echo.id, theme=Theme.DISASTER))
    db.session.commit()
    response = client.get(f"/calls/{selecting.call.id}?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _titles(html) == expected
    assert _funnel(html) == [6, 5, 2, 2]
    if not expected:
        assert "No proposal matches these filters." in html
    assert '<label for="outcome">Outcome</label>' in html
    assert '<label for="theme">Theme</label>' in html


def test_the_page_links_keep_the_filters(client, app, selecting, mayor, monkeypatch):
    _published(selecting, mayor)
    monkeypatch.setitem(app.config, "PER_PAGE", 1)
    html = client.get(f"/calls/{selecting.call.id}?outcome=selected").get_data(as_text=True)
    assert _titles(html) == ["Alpha project"]
    assert re.search(r'href="/calls/\d+\?outcome=selected&amp;page=2"', html)
    html = client.get(f"/calls/{selecting.call.id}?outcome=selected&page=2").get_data(as_text=True)
    assert _titles(html) == ["Delta project"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("outcome=won", "Not a valid choice"),
        ("theme=nonsense", "Not a valid choice"),
        ("page=abc", "“abc” is not a page number: the first page is shown."),
        ("page=0", "“0” is not a page number: the first page is shown."),
    ],
)
def test_bad_parameters_are_refused_clearly_and_the_page_still_shows(
    client, selecting, mayor, query, message
):
    _published(selecting, mayor)
    response = client.get(f"/calls/{selecting.call.id}?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert len(_titles(html)) == 6  # the bad filter is left out
    assert _funnel(html) == [6, 5, 2, 2]


def test_a_page_past_the_end_says_so(client, selecting, mayor):
    _published(selecting, mayor)
    html = client.get(f"/calls/{selecting.call.id}?page=9").get_data(as_text=True)
    assert "There is no page 9." in html
    assert _titles(html) == []


def test_before_the_decision_the_list_has_the_same_filters(client, selecting):
    # The window has closed, the decision is not published: states, not outcomes.
    url = f"/calls/{selecting.call.id}"
    html = client.get(url).get_data(as_text=True)
    assert '<label for="status">State</label>' in html
    assert 'id="outcome"' not in html
    assert len(_titles(html)) == 6
    html = client.get(f"{url}?status={ProposalState.INELIGIBLE.value}").get_data(as_text=True)
    assert _titles(html) == ["Echo project"]
    html = client.get(f"{url}?group=foxtrot").get_data(as_text=True)
    assert _titles(html) == ["Foxtrot project"]
    response = client.get(f"{url}?status=selected")
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
