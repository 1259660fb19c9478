"""Administrators' forms: list filters (GET, no CSRF) and the role grant form."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import DateField, SearchField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from proposals.accounts.models import ROLE_LABELS

CITIZEN_ONLY = "citizen"


def _role_choices():
    return [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]


class _FilterForm(FlaskForm):
    """Filters travel in the query string, so that a filtered page can be bookmarked."""

    class Meta:
        csrf = False

    def __init__(self, **kwargs):
        super().__init__(formdata=request.args, **kwargs)


class UserFilterForm(_FilterForm):
    q = SearchField(
        _l("Email or name contains"),
        validators=[Optional(), Length(max=254, message=_l("Use at most 254 characters."))],
    )
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice("", _l("Any role")),
            SelectChoice(CITIZEN_ONLY, _l("Citizens only (no role)")),
            *_role_choices(),
        ],
        validators=[Optional()],
    )


class OutboxFilterForm(_FilterForm):
    recipient = SearchField(
        _l("Recipient contains"),
        validators=[Optional(), Length(max=254, message=_l("Use at most 254 characters."))],
    )


class AuditFilterForm(_FilterForm):
    action = SearchField(
        _l("Action starts with"),
        description=_l("For example user. or proposal.submit"),
        validators=[Optional(), Length(max=64, message=_l("Use at most 64 characters."))],
    )
    object_type = SelectField(_l("Object type"), validators=[Optional()], validate_choice=False)
    actor = SearchField(
        _l("Actor email contains"),
        validators=[Optional(), Length(max=254, message=_l("Use at most 254 characters."))],
    )
    date_from = DateField(_l("From (date)"), validators=[Optional()])
    date_to = DateField(_l("To (date, included)"), validators=[Optional()])

    def __init__(self, *, object_types: list[str], **kwargs):
        super().__init__(**kwargs)
        self.object_type.choices = [SelectChoice("", _l("Any type"))] + [
            SelectChoice(name, name) for name in object_types
        ]

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=_role_choices(),
        validators=[DataRequired(message=_l("Choose a role."))],
    )
    submit = SubmitField(_l("Grant role"))
