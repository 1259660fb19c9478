"""Error pages in HTML for people and JSON for API clients."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from proposals.extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        message = _("The form had expired or was not sent from this site. Please try again.")
        return _render(400, _("Bad request"), message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        messages = {
            403: _("You do not have permission to do this."),
            404: _("We could not find that page."),
            405: _("That action is not allowed here."),
            413: _("The upload is too large."),
            429: _("Too many attempts. Please wait a minute and try again."),
        }
        message = messages.get(error.code, error.description)
        return _render(error.code, error.name, message)


def _render(status: int, title: str, message: str):
    if _wants_json():
        return jsonify(error=title, message=message, status=status), status
    return render_template("error.html", status=status, title=title, message=message), status
