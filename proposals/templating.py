"""Jinja filters and globals: money, times in the call's timezone, Markdown, permissions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.dates import get_datetime_format
from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from proposals import permissions
from proposals.utils.markdown import render_markdown


def format_yen(amount: int | None) -> str:
    if amount is None:
        return "–"
    return f"¥{amount:,}"


def format_local(moment: dt.datetime | None, timezone: str | None = None) -> str:
    """``moment`` (UTC) in ``timezone`` (the call's; else the default), to the minute, zone named.

    Deadlines are set to the minute, so seconds would only be noise.
    """
    if moment is None:
        return "–"
    zone = ZoneInfo(timezone or current_app.config["DEFAULT_TIMEZONE"])
    local = moment.astimezone(zone)
    locale = get_locale()
    date_text = babel_format_date(local.date(), format="medium", locale=locale)
    time_text = babel_format_time(local.timetz(), format="short", locale=locale)
    pattern = get_datetime_format("medium", locale=locale)
    return f"{pattern.replace('{1}', date_text).replace('{0}', time_text)} ({local.tzname()})"


def format_date(moment: dt.datetime | None, timezone: str | None = None) -> str:
    if moment is None:
        return "–"
    zone = ZoneInfo(timezone or current_app.config["DEFAULT_TIMEZONE"])
    return babel_format_date(moment.astimezone(zone).date(), format="medium", locale=get_locale())


def url_for_page(page: int) -> str:
    """The current URL with ``page`` replaced, keeping the other filters."""
    args = request.args.to_dict()
    args.update(request.view_args or {})
    args["page"] = page
    return url_for(request.endpoint, **args)


def init_app(app) -> None:
    app.jinja_env.filters["yen"] = format_yen
    app.jinja_env.filters["local_time"] = format_local
    app.jinja_env.filters["local_date"] = format_date
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["can"] = lambda permission, obj=None: permissions.can(
        current_user, permissions.Permission(permission), obj
    )
    app.jinja_env.globals["Permission"] = permissions.Permission
    app.jinja_env.globals["url_for_page"] = url_for_page
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["city_name"] = lambda: current_app.config["CITY_NAME"]
