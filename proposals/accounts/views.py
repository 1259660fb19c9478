"""Registration, logging in and out, the account page and password reset.

No page here says whether an email address has an account: registration and "forgot
password" always give the same answer, and login failures share one message.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from proposals.accounts import operations, tokens
from proposals.accounts.auth import is_safe_next
from proposals.accounts.forms import (
    ChangePasswordForm,
    DisplayNameForm,
    EmailForm,
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
)
from proposals.accounts.operations import AccountError
from proposals.extensions import db, limiter
from proposals.groups.models import Group, Membership

bp = Blueprint("accounts", __name__)

# Where "we sent you a link" pages find the address to show, after the redirect.
_SENT_TO = "kyodo_link_sent_to"


# --- registration ------------------------------------------------------------------------


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["MAIL_FORM_RATE_LIMIT"], methods=["POST"])
def register():
    form = EmailForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("accounts/register.html", form=form), status
    operations.request_signup(form.email.data)
    db.session.commit()
    session[_SENT_TO] = operations.normalise_email(form.email.data)
    return redirect(url_for(".register_sent"))


@bp.get("/register/sent")
def register_sent():
    return render_template(
        "accounts/link_sent.html",
        purpose="register",
        email=session.pop(_SENT_TO, None),
        hours=tokens.signup_valid_hours(),
    )


@bp.route("/register/<token>", methods=["GET", "POST"])
def register_complete(token: str):
    try:
        email = tokens.read_signup_token(token)
    except tokens.LinkError as error:
        return _bad_link(str(error), again=url_for(".register"))
    if operations.find_user_by_email(email) is not None:
        return _already_registered()

    form = RegistrationForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("accounts/register_complete.html", form=form, email=email), status
    try:
        user = operations.create_user(email, form.display_name.data, form.password.data)
    except AccountError:
        # Registered by another tab or person between loading the form and sending it.
        db.session.rollback()
        return _already_registered()
    db.session.commit()
    login_user(user)
    flash(_("Welcome, %(name)s. Your account is ready.", name=user.display_name), "success")
    return redirect(url_for("groups.my_groups"))


def _bad_link(message: str, *, again: str):
    return render_template("accounts/link_invalid.html", message=message, again=again), 400


def _already_registered():
    return _bad_link(
        _("An account already exists for this email address. Log in, or reset your password."),
        again=url_for(".forgot_password"),
    )


# --- logging in and out --------------------------------------------------------------------


# Checked when the address is unknown, so that a wrong address costs as much time as a
# wrong password and the response time does not reveal which accounts exist.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = generate_password_hash("not a password of anyone")
    return _DUMMY_HASH


def _next_page() -> str:
    target = request.args.get("next")
    return target if is_safe_next(target) else url_for("public.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    form = LoginForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("accounts/login.html", form=form), status
    user = operations.find_user_by_email(form.email.data)
    if user is None:
        check_password_hash(_dummy_hash(), form.password.data)
    if user is None or not user.check_password(form.password.data) or user.is_disabled:
        form.form_errors.append(_("Invalid email or password."))
        return render_template("accounts/login.html", form=form), 400
    login_user(user, remember=form.remember.data)
    flash(_("You are logged in."), "success")
    return redirect(_next_page())


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # Rotating the token kills every copy of this session and every remember cookie.
        operations.log_out_everywhere(current_user)
        logout_user()
        db.session.commit()
        flash(_("You have logged out."), "info")
    return redirect(url_for("public.home"))


# --- the account page ------------------------------------------------------------------------


def _render_account(name_form=None, password_form=None, status=200):
    groups = db.session.scalars(
        sa.select(Group)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.user_id == current_user.id)
        .order_by(Group.name)
    ).all()
    return render_template(
        "accounts/account.html",
        groups=groups,
        name_form=name_form
        or DisplayNameForm(formdata=None, display_name=current_user.display_name),
        password_form=password_form or ChangePasswordForm(formdata=None, user=current_user),
    ), status


@bp.get("/account")
@login_required
def account():
    return _render_account()


@bp.post("/account/name")
@login_required
def change_name():
    form = DisplayNameForm()
    if not form.validate():
        return _render_account(name_form=form, status=400)
    operations.change_display_name(current_user, form.display_name.data)
    db.session.commit()
    flash(_("Your name has been saved."), "success")
    return redirect(url_for(".account"))


@bp.post("/account/password")
@login_required
def change_password():
    form = ChangePasswordForm(user=current_user)
    if not form.validate():
        return _render_account(password_form=form, status=400)
    user = current_user._get_current_object()
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    operations.change_password(user, form.password.data)
    db.session.commit()
    # The new token ends every other session; this one carries on with it.
    login_user(user, remember=remembered)
    flash(_("Your password has been changed. Other devices have been logged out."), "success")
    return redirect(url_for(".account"))


# --- forgotten password --------------------------------------------------------------------


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["MAIL_FORM_RATE_LIMIT"], methods=["POST"])
def forgot_password():
    form = EmailForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("accounts/forgot_password.html", form=form), status
    operations.request_password_reset(form.email.data)
    db.session.commit()
    session[_SENT_TO] = operations.normalise_email(form.email.data)
    return redirect(url_for(".forgot_password_sent"))


@bp.get("/password/forgot/sent")
def forgot_password_sent():
    return render_template(
        "accounts/link_sent.html",
        purpose="reset",
        email=session.pop(_SENT_TO, None),
        hours=tokens.reset_valid_hours(),
    )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user = tokens.read_reset_token(token)
    except tokens.LinkError as error:
        return _bad_link(str(error), again=url_for(".forgot_password"))
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("accounts/reset_password.html", form=form, user=user), status
    operations.change_password(user, form.password.data, action="user.reset_password")
    db.session.commit()
    if current_user.is_authenticated:
        # Whoever was logged in on this browser, the old session is gone with the old token.
        logout_user()
    flash(_("Your new password is saved. You can log in with it now."), "success")
    return redirect(url_for(".login"))
