"""Open data: the public downloads page, each dataset as CSV or JSON, and the officers' import."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from proposals.extensions import db
from proposals.opendata import export
from proposals.opendata.datasets import DATASETS
from proposals.opendata.forms import ImportForm
from proposals.opendata.importing import ImportRejected, import_values
from proposals.permissions import Permission, authorize

bp = Blueprint("opendata", __name__)

# Public data changes when a report is verified or a decision published: a few minutes'
# staleness in shared caches is harmless and spares the database repeated full exports.
CACHE_CONTROL = "public, max-age=300"

FORMATS = {
    "csv": (export.csv_stream, "text/csv; charset=utf-8"),
    "json": (export.json_stream, "application/json"),
}


@bp.get("/data/")
def index():
    return render_template("opendata/index.html", datasets=list(DATASETS.values()))


@bp.get("/data/<name>.<any(csv, json):fmt>")
def download(name: str, fmt: str):
    dataset = DATASETS.get(name)
    if dataset is None:
        abort(404)
    stream, content_type = FORMATS[fmt]
    # The rows are read from a server-side cursor while the response is sent.
    response = Response(stream_with_context(stream(dataset)), content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="kyodo-{name}.{fmt}"'
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/officer/import", methods=["GET", "POST"])
@login_required
def import_page():
    authorize(current_user, Permission.IMPORT_INDICATOR_VALUES)
    form = ImportForm()
    if not form.is_submitted():
        return render_template("opendata/import.html", form=form)
    if not form.validate():
        return render_template("opendata/import.html", form=form), 400
    upload = form.file.data
    filename = upload.filename or "upload.csv"
    try:
        summary = import_values(upload.read(), filename, current_user)
        db.session.commit()
    except ImportRejected as rejected:
        db.session.rollback()
        return render_template(
            "opendata/import.html", form=form, problems=rejected.problems, filename=filename
        ), 400
    except IntegrityError:
        # A report for one of these periods was saved at the same moment: the database
        # refused the duplicate, and the whole file with it.
        db.session.rollback()
        return render_template(
            "opendata/import.html", form=form, conflict=True, filename=filename
        ), 409
    flash(
        _(
            "%(rows)s rows imported into %(reports)s reports awaiting verification by "
            "another officer.",
            rows=summary.rows,
            reports=len(summary.reports),
        ),
        "success",
    )
    return redirect(url_for(".import_page"))
