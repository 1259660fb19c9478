"""Forms of the groups area: the group's details, invitations, handing over."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import (
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from proposals.forms import MultiCheckboxField
from proposals.groups.models import GROUP_KIND_LABELS
from proposals.groups.operations import name_taken
from proposals.themes import THEME_CHOICES

DESCRIPTION_MAX_LENGTH = 5_000


def _email_field(label, description=None):
    return EmailField(
        label,
        description=description,
        validators=[
            DataRequired(_l("Enter an email address.")),
            Length(max=254),
            Email(_l("Enter an email address like name@example.org."), check_deliverability=False),
        ],
    )


class GroupForm(FlaskForm):
    """Creating a group, or its representative editing it (``group`` given)."""

    name = StringField(
        _l("Name of the group"),
        validators=[DataRequired(_l("Enter the group's name.")), Length(max=200)],
    )
    kind = SelectField(
        _l("Kind of group"),
        choices=[SelectChoice(kind.value, label) for kind, label in GROUP_KIND_LABELS.items()],
        validators=[DataRequired(_l("Choose the kind of group."))],
    )
    registration_number = StringField(
        _l("Registration number"),
        description=_l("For an incorporated NPO or corporation, if it has one."),
        validators=[Optional(), Length(max=50)],
    )
    contact_email = _email_field(
        _l("Contact email"), _l("Where the city writes to the group about its proposals.")
    )
    contact_phone = StringField(
        _l("Contact phone"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(
                r"^[0-9+\-() ]+$",
                message=_l("Use digits, spaces, hyphens and brackets, e.g. 046-260-5000."),
            ),
        ],
        render_kw={"type": "tel", "autocomplete": "tel"},
    )
    description = TextAreaField(
        _l("About the group"),
        description=_l("What the group does, for whom, and since when."),
        validators=[Length(max=DESCRIPTION_MAX_LENGTH)],
        render_kw={"rows": 6},
    )
    themes = MultiCheckboxField(
        _l("Themes the group works on"),
        choices=[SelectChoice(value, label) for value, label in THEME_CHOICES],
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def validate_name(self, field):
        if name_taken(field.data, exclude=self.group):
            raise ValidationError(_l("Another group already has this name. Choose another."))

    @classmethod
    def for_group(cls, group, **kwargs):
        return cls(
            group=group,
            data={
                "name": group.name,
                "kind": group.kind.value,
                "registration_number": group.registration_number or "",
                "contact_email": group.contact_email,
                "contact_phone": group.contact_phone or "",
                "description": group.description,
                "themes": [theme.value for theme in group.themes],
            },
            **kwargs,
        )

    def changes(self) -> dict:
        """The keyword arguments of ``create_group`` / ``update_group``."""
        return {
            "name": self.name.data,
            "kind": self.kind.data,
            "registration_number": self.registration_number.data,
            "contact_email": self.contact_email.data,
            "contact_phone": self.contact_phone.data,
            "description": self.description.data,
            "themes": list(self.themes.data or []),
        }


class InviteForm(FlaskForm):
    email = _email_field(
        _l("Email address"), _l("We send a link that works once, for this address only.")
    )
    submit = SubmitField(_l("Send invitation"))


class HandOverForm(FlaskForm):
    """``members``: the users who could take over (everyone but the representative)."""

    new_representative = SelectField(
        _l("New representative"),
        coerce=int,
        validators=[DataRequired(_l("Choose the member who takes over."))],
    )
    submit = SubmitField(_l("Hand over"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.new_representative.choices = [
            SelectChoice(member.id, f"{member.display_name} ({member.email})") for member in members
        ]
