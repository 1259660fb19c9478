"""Forms of the lead officer's project pages.

The rules are the domain's (``proposals.projects.operations``); the forms repeat the ones
a person can fix in a field, to show the message beside that field.
"""

from __future__ import annotations

import decimal

import sqlalchemy as sa
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import DateField, DecimalField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from proposals.extensions import db
from proposals.projects.indicators import (
    AGGREGATION_LABELS,
    DIRECTION_LABELS,
    KIND_LABELS,
    Indicator,
)
from proposals.projects.operations import CENTS, VALUE_MAX

TEXT_MAX = 4000


class ProjectDetailsForm(FlaskForm):
    department = StringField(_l("Partner city department"), validators=[Length(max=200)])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The project cannot end before it starts."))


class DiscontinueForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for discontinuing"),
        description=_l("Shown on the project's public page."),
        validators=[
            DataRequired(_l("Give the reason for discontinuing the project.")),
            Length(max=TEXT_MAX),
        ],
    )


class HandOverForm(FlaskForm):
    officer_id = SelectField(
        _l("Hand the project over to"),
        coerce=int,
        validators=[DataRequired(_l("Choose the officer who takes the project over."))],
    )

    def __init__(self, officers, **kwargs):
        super().__init__(**kwargs)
        self.officer_id.choices = [
            SelectChoice(officer.id, f"{officer.display_name} <{officer.email}>")
            for officer in officers
        ]


def _amount(label):
    return DecimalField(
        label,
        places=None,
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("Enter zero or more.")),
            NumberRange(max=VALUE_MAX, message=_l("The number is too large.")),
        ],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )


def _check_cents(field):
    if field.data is not None and field.data != field.data.quantize(
        CENTS, rounding=decimal.ROUND_DOWN
    ):
        raise ValidationError(_l("Use at most two decimal places."))


class IndicatorForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Give the indicator a name.")), Length(max=200)],
    )
    unit = StringField(
        _l("Unit"),
        description=_l("What is counted, e.g. “hours”, “people”, “courses”."),
        validators=[DataRequired(_l("Give the unit the indicator counts in.")), Length(max=50)],
    )
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()]
    )
    aggregation = SelectField(
        _l("How periods combine"),
        choices=[SelectChoice(a.value, label) for a, label in AGGREGATION_LABELS.items()],
    )
    direction = SelectField(
        _l("Direction"),
        choices=[SelectChoice(d.value, label) for d, label in DIRECTION_LABELS.items()],
    )
    baseline = _amount(_l("Baseline"))
    target = _amount(_l("Target per period"))
    reason = TextAreaField(
        _l("Reason for the change"),
        description=_l("Published in the indicator's history."),
        validators=[Length(max=TEXT_MAX)],
    )

    def __init__(self, project, *, indicator=None, **kwargs):
        if indicator is not None and "obj" not in kwargs and kwargs.get("formdata", 1) is None:
            kwargs["obj"] = indicator
        super().__init__(prefix="indicator", **kwargs)
        self.project = project
        self.indicator = indicator
        if indicator is not None:
            self.reason.validators = [
                DataRequired(_l("Say why the indicator changes: the reason is published.")),
                Length(max=TEXT_MAX),
            ]
            self.reason.flags.required = True
            if kwargs.get("formdata", 1) is None:
                self.reason.data = ""

    def validate_name(self, field):
        name = (field.data or "").strip()
        clash = sa.select(Indicator.id).where(
            Indicator.project_id == self.project.id, sa.func.lower(Indicator.name) == name.lower()
        )
        if self.indicator is not None:
            clash = clash.where(Indicator.id != self.indicator.id)
        if db.session.scalar(clash) is not None:
            raise ValidationError(_l("This project already has an indicator with this name."))

    def validate_baseline(self, field):
        _check_cents(field)

    def validate_target(self, field):
        _check_cents(field)

    def values(self) -> dict:
        return {
            "name": self.name.data,
            "unit": self.unit.data,
            "kind": self.kind.data,
            "aggregation": self.aggregation.data,
            "direction": self.direction.data,
            "baseline": self.baseline.data,
            "target": self.target.data,
            "reason": self.reason.data or "",
        }


class CategoriesForm(FlaskForm):
    """The breakdown of an indicator: a field per existing category (empty it to remove the
    category) and a few empty fields for new ones. Built from the request by hand because
    its fields depend on the indicator."""

    NEW_ROWS = 3

    reason = TextAreaField(
        _l("Reason for the change"),
        description=_l("Published in the indicator's history."),
        validators=[
            DataRequired(_l("Say why the categories change: the reason is published.")),
            Length(max=TEXT_MAX),
        ],
    )

    def __init__(self, indicator, **kwargs):
        super().__init__(prefix="categories", **kwargs)
        self.indicator = indicator
        posted = kwargs.get("formdata", 1) is not None and request.method == "POST"
        source = request.form if posted else {}
        self.rows = []
        for category in indicator.categories:
            key = f"categories-category-{category.id}"
            value = source.get(key, category.name) if source else category.name
            self.rows.append((key, category.id, category.name, value))
        self.new_rows = [
            (f"categories-new-{i}", source.get(f"categories-new-{i}", "") if source else "")
            for i in range(self.NEW_ROWS)
        ]
        self.name_errors: list[str] = []

    def categories(self) -> list[tuple[int | None, str]]:
        return [(category_id, value) for _key, category_id, _name, value in self.rows] + [
            (None, value) for _key, value in self.new_rows
        ]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for _key, _category_id, _name, value in self.rows:
            if len(value.strip()) > 200:
                self.name_errors.append(str(_l("A category's name is 200 characters at most.")))
                valid = False
        for _key, value in self.new_rows:
            if len(value.strip()) > 200:
                self.name_errors.append(str(_l("A category's name is 200 characters at most.")))
                valid = False
        return valid
