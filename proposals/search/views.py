"""GET /search: the public search over proposals, with filters and pages (works without JS)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _

from proposals.calls.models import Call
from proposals.calls.queries import past_calls
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.search import (
    index,  # noqa: F401 (registers the index's create_all hooks)
    queries,
)
from proposals.search.forms import SearchForm

bp = Blueprint("search", __name__)

_ARGUMENTS = ("q", "call", "status", "theme", "group")


@bp.get("/search")
def search():
    now = utcnow()
    # Only calls whose window has closed can have public proposals.
    calls = db.session.execute(past_calls(now).with_only_columns(Call.id, Call.title))
    form = SearchForm(formdata=request.args, calls=calls)
    valid = form.validate()
    group = None
    if valid and form.group.data is not None:
        group = db.session.get(Group, form.group.data)
        if group is None:
            form.group.errors.append(_("Not a valid group."))
            valid = False
    results = None
    if valid and (form.query or form.filters()):
        results = queries.search(
            form.query,
            form.filters(),
            page=form.page.data or 1,
            per_page=current_app.config["PER_PAGE"],
            now=now,
        )
    kept = {name: request.args[name] for name in _ARGUMENTS if request.args.get(name)}

    def url_for_page(number: int) -> str:
        return url_for(".search", **kept, page=number)

    def url_without(name: str) -> str:
        return url_for(".search", **{key: value for key, value in kept.items() if key != name})

    return render_template(
        "search/results.html",
        form=form,
        group=group,
        results=results,
        highlighted=queries.highlighted,
        snippet_length=queries.SNIPPET_LENGTH,
        max_page=queries.MAX_PAGE,
        url_for_page=url_for_page,
        url_without=url_without,
    ), (200 if valid else 400)
