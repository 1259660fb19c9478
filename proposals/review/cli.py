"""``flask reviews remind``: run daily (cron) to remind reviewers of nearing deadlines."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import IntegrityError

from proposals.extensions import db
from proposals.mail.outbox import deliver_committed_mail
from proposals.review.reminders import REMINDER_LEAD, send_review_reminders

reviews_cli = AppGroup("reviews", help="Committee reviews.")


@reviews_cli.command("remind")
@with_appcontext
def remind():
    """Remind reviewers of unfinished reviews due within the next days (or overdue).

    Each reviewer hears once per call and deadline: running it again sends nothing new.
    """
    try:
        sent = send_review_reminders()
        db.session.commit()
    except IntegrityError as error:
        # Two runs at once: the unique reminder row lets only one of them send.
        db.session.rollback()
        raise click.ClickException(
            "Another run sent these reminders at the same time; nothing was sent."
        ) from error
    # No request ends here to deliver the committed mail (see proposals.mail.outbox).
    deliver_committed_mail()
    click.echo(
        f"Sent {len(sent)} review reminder{'' if len(sent) == 1 else 's'} "
        f"(deadlines within {REMINDER_LEAD.days} days or passed)."
    )
