"""``flask create-admin``: the first administrator, who then grants every other role."""

from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask.cli import with_appcontext

from proposals.accounts.operations import (
    MAX_PASSWORD_LENGTH,
    AccountError,
    ensure_admin,
    find_user_by_email,
    normalise_email,
)
from proposals.extensions import db


def _email(ctx, param, value: str) -> str:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc)) from exc
    return normalise_email(value)


@click.command("create-admin")
@click.option("--email", required=True, callback=_email, help="Email address of the administrator.")
@click.option("--name", help="Display name (needed when the account does not exist yet).")
@click.option(
    "--password",
    envvar="KYODO_ADMIN_PASSWORD",
    help="Password of a new account. Default: $KYODO_ADMIN_PASSWORD, else asked (hidden).",
)
@with_appcontext
def create_admin(email: str, name: str | None, password: str | None):
    """Create an administrator account, or make an existing account an administrator.

    Running it again changes nothing. An existing account keeps its name and password.
    """
    if find_user_by_email(email) is None:
        if not name:
            name = click.prompt("Display name")
        if password is None:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        # The site's rule, in plain English: the command line has no request, so no locale.
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        if not minimum <= len(password) <= MAX_PASSWORD_LENGTH:
            raise click.BadParameter(
                f"use at least {minimum} and at most {MAX_PASSWORD_LENGTH} characters.",
                param_hint="'--password'",
            )
    try:
        outcome = ensure_admin(email, name, password)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    messages = {
        "created": f"Created the administrator account {email}.",
        "granted": f"{email} already had an account and is now an administrator.",
        "unchanged": f"{email} is already an administrator; nothing changed.",
    }
    click.echo(messages[outcome])
