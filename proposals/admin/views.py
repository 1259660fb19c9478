"""Administrators' pages: users and their roles, the mail outbox, the audit log.

The audit log can be read and downloaded here, never changed: there are no routes
that edit or delete it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import defer, joinedload, selectinload
from wtforms.fields.choices import SelectChoice

from proposals.accounts import operations
from proposals.accounts.models import Role, RoleGrant, User
from proposals.accounts.operations import AccountError
from proposals.admin.forms import (
    CITIZEN_ONLY,
    AuditFilterForm,
    OutboxFilterForm,
    RoleForm,
    UserFilterForm,
)
from proposals.audit.models import AuditEvent
from proposals.database import utcnow
from proposals.extensions import db
from proposals.mail.models import OutboxMessage
from proposals.permissions import Permission, authorize

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _per_page() -> int:
    return current_app.config["PER_PAGE"]


@bp.get("/")
@login_required
def index():
    authorize(current_user, Permission.MANAGE_ROLES)
    return redirect(url_for(".users"))


# --- users and roles ---------------------------------------------------------------------


@bp.get("/users")
@login_required
def users():
    authorize(current_user, Permission.MANAGE_ROLES)
    form = UserFilterForm()
    if not form.validate():
        return render_template("admin/users.html", form=form, page=None), 400
    # The roles of the whole page in one more query, not one per user.
    query = sa.select(User).options(selectinload(User.role_grants)).order_by(User.email)
    if form.q.data:
        query = query.where(
            sa.or_(
                User.email.icontains(form.q.data.strip(), autoescape=True),
                User.display_name.icontains(form.q.data.strip(), autoescape=True),
            )
        )
    if form.role.data == CITIZEN_ONLY:
        query = query.where(~User.role_grants.any())
    elif form.role.data:
        query = query.where(User.role_grants.any(RoleGrant.role == Role(form.role.data)))
    page = db.paginate(query, per_page=_per_page(), error_out=False)
    return render_template("admin/users.html", form=form, page=page)


def _render_user(user: User, *, form=None, problems=(), status=200):
    form = form or RoleForm(formdata=None)
    # Validation (done by now) accepts every role; the menu offers only the missing ones.
    form.role.choices = [
        SelectChoice(role.value, role.label) for role in Role if not user.has_role(role)
    ]
    return render_template("admin/user.html", user=user, form=form, problems=problems), status


@bp.get("/users/<int:user_id>")
@login_required
def user(user_id: int):
    authorize(current_user, Permission.MANAGE_ROLES)
    return _render_user(db.get_or_404(User, user_id))


@bp.post("/users/<int:user_id>/roles/grant")
@login_required
def grant_role(user_id: int):
    return _change_role(user_id, operations.grant_role, granting=True)


@bp.post("/users/<int:user_id>/roles/revoke")
@login_required
def revoke_role(user_id: int):
    return _change_role(user_id, operations.revoke_role, granting=False)


def _change_role(user_id: int, change, *, granting: bool):
    authorize(current_user, Permission.MANAGE_ROLES)
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate():
        return _render_user(user, form=form, status=400)
    role = Role(form.role.data)
    had_role = user.has_role(role)
    try:
        change(user, role, current_user)
    except AccountError as error:
        db.session.rollback()
        return _render_user(user, form=form, problems=[str(error)], status=400)
    db.session.commit()
    names = {"role": role.label, "user": user.email}
    if granting:
        message = (
            _("%(user)s already has the role %(role)s.", **names)
            if had_role
            else _("%(user)s now has the role %(role)s.", **names)
        )
    else:
        message = (
            _("%(user)s no longer has the role %(role)s.", **names)
            if had_role
            else _("%(user)s did not have the role %(role)s.", **names)
        )
    flash(message, "success" if had_role != granting else "info")
    return redirect(url_for(".user", user_id=user.id))


# --- the outbox ------------------------------------------------------------------------------


@bp.get("/outbox")
@login_required
def outbox():
    authorize(current_user, Permission.VIEW_OUTBOX)
    form = OutboxFilterForm()
    if not form.validate():
        return render_template("admin/outbox.html", form=form, page=None), 400
    query = (
        sa.select(OutboxMessage)
        .options(defer(OutboxMessage.body))
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    )
    if form.recipient.data:
        query = query.where(
            OutboxMessage.recipient.icontains(form.recipient.data.strip(), autoescape=True)
        )
    page = db.paginate(query, per_page=_per_page(), error_out=False)
    return render_template("admin/outbox.html", form=form, page=page)


@bp.get("/outbox/<int:message_id>")
@login_required
def outbox_message(message_id: int):
    authorize(current_user, Permission.VIEW_OUTBOX)
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("admin/outbox_message.html", message=message)


# --- the audit log ---------------------------------------------------------------------------


def _audit_filter_form() -> AuditFilterForm:
    types = db.session.scalars(
        sa.select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)
    ).all()
    return AuditFilterForm(object_types=list(types))


def _local_midnight_utc(day: dt.date) -> dt.datetime:
    # Dates are typed in the city's timezone: "1 June" means midnight in Tokyo, not in UTC.
    zone = ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])
    return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)


def _audit_conditions(form: AuditFilterForm) -> list:
    conditions = []
    if form.action.data:
        conditions.append(AuditEvent.action.startswith(form.action.data.strip(), autoescape=True))
    if form.object_type.data:
        conditions.append(AuditEvent.object_type == form.object_type.data)
    if form.actor.data:
        conditions.append(User.email.icontains(form.actor.data.strip(), autoescape=True))
    if form.date_from.data:
        conditions.append(AuditEvent.created_at >= _local_midnight_utc(form.date_from.data))
    if form.date_to.data:
        next_day = form.date_to.data + dt.timedelta(days=1)
        conditions.append(AuditEvent.created_at < _local_midnight_utc(next_day))
    return conditions


def _newest_first(query):
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


@bp.get("/audit")
@login_required
def audit():
    authorize(current_user, Permission.VIEW_AUDIT_LOG)
    form = _audit_filter_form()
    if not form.validate():
        return render_template("admin/audit.html", form=form, page=None), 400
    query = _newest_first(
        sa.select(AuditEvent)
        .outerjoin(User, AuditEvent.actor_id == User.id)
        .options(joinedload(AuditEvent.actor))
        .where(*_audit_conditions(form))
    )
    page = db.paginate(query, per_page=_per_page(), error_out=False)
    return render_template("admin/audit.html", form=form, page=page)


CSV_COLUMNS = (
    "id",
    "created_at_utc",
    "actor_email",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "note",
)


@bp.get("/audit.csv")
@login_required
def audit_csv():
    authorize(current_user, Permission.VIEW_AUDIT_LOG)
    form = _audit_filter_form()
    if not form.validate():
        return render_template("admin/audit.html", form=form, page=None), 400
    query = _newest_first(
        sa.select(
            AuditEvent.id,
            AuditEvent.created_at,
            User.email,
            AuditEvent.action,
            AuditEvent.object_type,
            AuditEvent.object_id,
            AuditEvent.before,
            AuditEvent.after,
            AuditEvent.note,
        )
        .outerjoin(User, AuditEvent.actor_id == User.id)
        .where(*_audit_conditions(form))
    ).execution_options(yield_per=500)

    def rows():
        # A byte-order mark, so that spreadsheet programs read Japanese text as UTF-8.
        yield "\ufeff" + _csv_line(CSV_COLUMNS)
        for row in db.session.execute(query):
            yield _csv_line(
                (
                    row.id,
                    row.created_at.isoformat(),
                    row.email or "",
                    row.action,
                    row.object_type,
                    row.object_id,
                    _json(row.before),
                    _json(row.after),
                    row.note or "",
                )
            )

    filename = f"kyodo-audit-{utcnow():%Y%m%d-%H%M%S}.csv"
    return Response(
        stream_with_context(rows()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


# A cell starting with one of these runs as a formula when the file is opened in a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(
        "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value
        for value in values
    )
    return buffer.getvalue()
