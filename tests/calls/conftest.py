"""Fixtures for the calls' tests: an officer, the call form as a browser posts it, SQL counting."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.extensions import db


@pytest.fixture
def officer(make_user):
    return make_user("officer@city.example", roles=[Role.CITY_OFFICER], name="Officer Sato")


@pytest.fixture
def call_form():
    """What the call form posts: a valid call, with ``overrides`` (None drops a field).

    ``criteria=[(name, description, weight, max_score), ...]`` replaces the rows; values
    are strings, as a browser sends them.
    """

    def call_form(*, criteria=None, **overrides):
        data = {
            "title": "Citizen Partnership 2027",
            "fiscal_year": "2027",
            "description": "Co-produced services for **families**.",
            "timezone": "Asia/Tokyo",
            "opens_at": "2026-07-01T09:00",
            "closes_at": "2026-08-31T17:00",
            "budget_envelope": "10,000,000",
            "max_per_proposal": "2000000",
            "themes": ["childcare", "elderly"],
            "save": "Save the call",
        }
        if criteria is None:
            criteria = [
                ("Public benefit", "Who gains, and how much", "3", "5"),
                ("", "", "", ""),
                ("Feasibility", "", "2", "10"),
            ]
        for index, (name, description, weight, max_score) in enumerate(criteria):
            data[f"criteria-{index}-name"] = name
            data[f"criteria-{index}-description"] = description
            data[f"criteria-{index}-weight"] = weight
            data[f"criteria-{index}-max_score"] = max_score
        for name, value in overrides.items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        return data

    return call_form


@pytest.fixture
def count_queries():
    """``with count_queries() as counter: ...`` then ``counter.count`` SQL statements ran."""
    from contextlib import contextmanager

    @contextmanager
    def count_queries():
        class Counter:
            count = 0

        counter = Counter()

        def before(*args, **kwargs):
            counter.count += 1

        sa.event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", before)

    return count_queries


@pytest.fixture
def form_for():
    """What the edit form of ``call`` posts when nothing is changed, with ``overrides``.

    ``criteria=None`` posts no criteria rows, as the page does once they are locked.
    """

    def form_for(call, *, criteria="same", **overrides):
        def local(moment):
            return moment.astimezone(call.zone).strftime("%Y-%m-%dT%H:%M")

        data = {
            "title": call.title,
            "fiscal_year": str(call.fiscal_year),
            "description": call.description,
            "timezone": call.timezone,
            "opens_at": local(call.opens_at),
            "closes_at": local(call.closes_at),
            "budget_envelope": str(call.budget_envelope),
            "max_per_proposal": str(call.max_per_proposal),
            "themes": [theme.value for theme in call.themes],
            "save": "Save the call",
        }
        if criteria == "same":
            criteria = [(c.name, c.description, c.weight, c.max_score) for c in call.criteria]
        for index, (name, description, weight, max_score) in enumerate(criteria or []):
            data[f"criteria-{index}-name"] = name
            data[f"criteria-{index}-description"] = description or ""
            data[f"criteria-{index}-weight"] = str(weight)
            data[f"criteria-{index}-max_score"] = str(max_score)
        data.update(overrides)
        return data

    return form_for
