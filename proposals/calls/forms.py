"""Forms of the calls area: the call itself with its criteria, phase actions, submission filters."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import (
    DateTimeLocalField,
    FieldList,
    FormField,
    HiddenField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from proposals.calls.operations import PHASE_ACTIONS, CriterionData
from proposals.forms import MultiCheckboxField, RepeatingRowForm, WholeNumberField
from proposals.submissions.models import STATE_LABELS, ProposalState
from proposals.themes import THEME_CHOICES, Theme

MAX_YEN = 10**12  # a trillion yen: far above any city's budget, far below BIGINT's limit
MAX_CRITERIA = 30
MAX_WEIGHT = 10
MAX_SCORE = 100
# Offered in the timezone menu; the configured default is added when it is not among them.
COMMON_TIMEZONES = (
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Shanghai",
    "Asia/Taipei",
    "Asia/Singapore",
    "Australia/Sydney",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "UTC",
)
# What datetime-local inputs send: minutes, or seconds when a browser adds them.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class LocalDateTimeField(DateTimeLocalField):
    """A date and time as the browser's datetime-local input sends it, without a timezone."""

    def __init__(self, label, **kwargs):
        super().__init__(label, format=DATETIME_FORMATS, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None
            return
        try:
            super().process_formdata([valuelist[0].strip()])
        except ValueError as exc:
            raise ValueError(_("Enter a date and time, for example 2027-04-01T09:00.")) from exc

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


def _yen(label, description):
    return WholeNumberField(
        label,
        description=description,
        invalid_message=_l("Enter a whole number of yen, for example 10000000."),
        validators=[
            InputRequired(_l("Enter an amount in yen.")),
            NumberRange(min=1, max=MAX_YEN, message=_l("Enter an amount of at least ¥1.")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class CriterionForm(RepeatingRowForm):
    """One scoring criterion. A row left entirely blank is ignored."""

    name = StringField(_l("Criterion"), validators=[Length(max=200)])
    description = StringField(_l("What reviewers look for"), validators=[Length(max=2000)])
    weight = WholeNumberField(
        _l("Weight (1–%(max)s)", max=MAX_WEIGHT),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_WEIGHT,
                message=_l("Enter a weight from 1 to %(max)s.", max=MAX_WEIGHT),
            ),
        ],
        render_kw={"inputmode": "numeric"},
    )
    max_score = WholeNumberField(
        _l("Maximum score (1–%(max)s)", max=MAX_SCORE),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_SCORE,
                message=_l("Enter a maximum score from 1 to %(max)s.", max=MAX_SCORE),
            ),
        ],
        render_kw={"inputmode": "numeric"},
    )

    required = {
        "name": _l("Name the criterion."),
        "weight": _l("Enter a weight from 1 to %(max)s.", max=MAX_WEIGHT),
        "max_score": _l("Enter a maximum score from 1 to %(max)s.", max=MAX_SCORE),
    }

    def to_data(self) -> CriterionData:
        return CriterionData(
            name=self.name.data.strip(),
            description=(self.description.data or "").strip(),
            weight=self.weight.data,
            max_score=self.max_score.data,
        )


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def timezone_choices(current: str | None = None) -> list[SelectChoice]:
    """The common zones, plus the configured default and the call's own zone if not among them."""
    zones = list(COMMON_TIMEZONES)
    for zone in (current_app.config["DEFAULT_TIMEZONE"], current):
        if zone and zone not in zones:
            zones.insert(0, zone)
    return [SelectChoice(zone, zone.replace("_", " ")) for zone in zones]


class _PlainErrors:
    """Field messages as plain strings: validators hold lazy strings, and the error
    summary in macros.html lists only real strings."""

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            field.errors = [
                error if isinstance(error, dict | list) else str(error) for error in field.errors
            ]
        return valid


class CallForm(_PlainErrors, FlaskForm):
    """A call for proposals. Times are entered in the call's own timezone."""

    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the call a title.")), Length(max=200)],
    )
    fiscal_year = WholeNumberField(
        _l("Fiscal year"),
        description=_l("The year the projects run; Japan's fiscal year starts in April."),
        invalid_message=_l("Enter a year, for example 2027."),
        validators=[
            InputRequired(_l("Enter the fiscal year.")),
            NumberRange(min=2000, max=2100, message=_l("Enter a year from 2000 to 2100.")),
        ],
    )
    description = TextAreaField(
        _l("Description"),
        description=_l(
            "What the city is looking for and how proposals are judged. Markdown: "
            "**bold**, *italic*, lists with “- ”, links as [text](https://…)."
        ),
        validators=[Length(max=20_000)],
        render_kw={"rows": 10},
    )
    timezone = SelectField(
        _l("Timezone of the submission window"),
        description=_l("The opening and closing times below are in this timezone."),
    )
    opens_at = LocalDateTimeField(
        _l("Submissions open"),
        validators=[InputRequired(_l("Enter when submissions open."))],
    )
    closes_at = LocalDateTimeField(
        _l("Submissions close"),
        validators=[InputRequired(_l("Enter when submissions close."))],
    )
    review_due_at = LocalDateTimeField(
        _l("Reviews due (optional)"),
        description=_l(
            "In the call's timezone, after submissions close. Committee reviewers are "
            "reminded of their unfinished reviews in the three days before."
        ),
        validators=[Optional()],
    )
    budget_envelope = _yen(_l("Budget envelope (yen)"), _l("The total for all selected projects."))
    max_per_proposal = _yen(
        _l("Maximum per proposal (yen)"), _l("No proposal may ask for more than this.")
    )
    themes = MultiCheckboxField(_l("Themes"), choices=_choices(THEME_CHOICES))
    criteria = FieldList(FormField(CriterionForm), max_entries=MAX_CRITERIA)

    save = SubmitField(_l("Save the call"))
    add_criterion = SubmitField(_l("Add another criterion"))

    def __init__(self, *args, criteria_required: bool = True, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_required = criteria_required
        self.timezone.choices = timezone_choices(call.timezone if call is not None else None)
        if self.timezone.data is None:
            self.timezone.data = current_app.config["DEFAULT_TIMEZONE"]

    @classmethod
    def for_call(cls, call, *, blank_rows: int = 1, **kwargs):
        """The form showing ``call`` as saved, its times in its own timezone."""
        zone = ZoneInfo(call.timezone)
        form = cls(
            formdata=None,
            data={
                "title": call.title,
                "fiscal_year": call.fiscal_year,
                "description": call.description,
                "timezone": call.timezone,
                "opens_at": _local(call.opens_at, zone),
                "closes_at": _local(call.closes_at, zone),
                "review_due_at": _local(call.review_due_at, zone) if call.review_due_at else None,
                "budget_envelope": call.budget_envelope,
                "max_per_proposal": call.max_per_proposal,
                "themes": [theme.value for theme in call.themes],
                "criteria": [
                    {
                        "name": c.name,
                        "description": c.description,
                        "weight": c.weight,
                        "max_score": c.max_score,
                    }
                    for c in call.criteria
                ],
            },
            call=call,
            **kwargs,
        )
        form.add_blank_rows(blank_rows)
        return form

    def add_blank_rows(self, number: int) -> None:
        for _i in range(max(0, min(number, MAX_CRITERIA - len(self.criteria.entries)))):
            self.criteria.append_entry()

    def validate_timezone(self, field):
        try:
            ZoneInfo(field.data or "")
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationError(_("Choose a timezone from the list.")) from exc

    def validate_closes_at(self, field):
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_("Submissions must close after they open."))

    def validate_review_due_at(self, field):
        closes_at = self.closes_at.data
        if field.data and closes_at and not self.closes_at.errors and field.data <= closes_at:
            raise ValidationError(_("Reviews must be due after submissions close."))

    def validate_max_per_proposal(self, field):
        envelope = self.budget_envelope.data
        if field.data and envelope and not self.budget_envelope.errors and field.data > envelope:
            raise ValidationError(
                _(
                    "The maximum per proposal cannot be more than the budget envelope "
                    "(¥%(envelope)s).",
                    envelope=f"{envelope:,}",
                )
            )

    def validate_criteria(self, field):
        if self.criteria_required and not any(not entry.form.is_blank() for entry in field.entries):
            raise ValidationError(_("Add at least one scoring criterion."))

    def filled_criteria(self) -> list[CriterionData]:
        return [entry.form.to_data() for entry in self.criteria if not entry.form.is_blank()]

    def call_fields(self) -> dict:
        """The keyword arguments of ``operations.create_call`` and ``update_call``."""
        from proposals.calls.operations import local_to_utc, window

        opens_at, closes_at = window(self.opens_at.data, self.closes_at.data, self.timezone.data)
        return {
            "title": self.title.data.strip(),
            "fiscal_year": self.fiscal_year.data,
            "description": self.description.data or "",
            "timezone": self.timezone.data,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "review_due_at": local_to_utc(self.review_due_at.data, self.timezone.data),
            "budget_envelope": self.budget_envelope.data,
            "max_per_proposal": self.max_per_proposal.data,
            "themes": list(self.themes.data or []),
        }


def _local(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    # The datetime-local input has no seconds; nor does what officers mean by a deadline.
    return moment.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)


class PhaseActionForm(FlaskForm):
    """An officer's closing action on a call: one button per action."""

    action = HiddenField(validators=[DataRequired()])

    def validate_action(self, field):
        if field.data not in PHASE_ACTIONS:
            raise ValidationError(_("Unknown action."))


SORT_CHOICES = [
    ("submitted", _l("Submitted (newest first)")),
    ("title", _l("Title (A–Z)")),
    ("requested", _l("Requested total (largest first)")),
]


class SubmissionFilterForm(_PlainErrors, FlaskForm):
    """The filters of the officers' list of received proposals, sent by GET."""

    class Meta:
        csrf = False

    state = SelectField(
        _l("State"),
        choices=[SelectChoice("", _l("Any state"))]
        + [
            SelectChoice(state.value, STATE_LABELS[state])
            for state in ProposalState
            if state is not ProposalState.DRAFT
        ],
        default="",
        validators=[Optional()],
    )
    theme = SelectField(
        _l("Theme"),
        choices=[SelectChoice("", _l("Any theme")), *_choices(THEME_CHOICES)],
        default="",
        validators=[Optional()],
    )
    q = SearchField(_l("Group or title contains"), validators=[Optional(), Length(max=200)])
    sort = SelectField(_l("Sort by"), choices=_choices(SORT_CHOICES), default="submitted")

    def filters(self) -> dict:
        """The filter arguments of ``queries.received_proposals``; invalid ones are left out."""
        state = self.state.data if not self.state.errors else ""
        theme = self.theme.data if not self.theme.errors else ""
        return {
            "state": ProposalState(state) if state else None,
            "theme": Theme(theme) if theme else None,
            "text": self.q.data if not self.q.errors else None,
        }

    @property
    def sort_key(self) -> str:
        return self.sort.data if not self.sort.errors and self.sort.data else "submitted"
