"""Forms of the questions area: one message box, for a question, an answer or a follow-up."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import TextAreaField
from wtforms.validators import DataRequired, Length

from proposals.questions.models import BODY_MAX_LENGTH


def _tidy(value):
    # Browsers send CRLF; counted as two characters it would shorten the limit unevenly.
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Your message"),
        filters=[_tidy],
        validators=[
            DataRequired(_l("Write the message.")),
            Length(
                max=BODY_MAX_LENGTH,
                message=_l("Keep the message to %(max)d characters."),
            ),
        ],
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label is not None:
            self.body.label.text = label
