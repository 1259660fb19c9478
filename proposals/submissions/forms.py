"""Forms of the proposal: starting a draft, the draft itself, attachments, withdrawing,
the officers' eligibility check."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms.fields import (
    FieldList,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, ValidationError

from proposals.forms import MultiCheckboxField, RepeatingRowForm, WholeNumberField
from proposals.submissions.attachments import ACCEPT_ATTRIBUTE
from proposals.submissions.drafting import (
    MAX_AMOUNT,
    MAX_ITEM_LENGTH,
    MAX_UNIT_LENGTH,
    BudgetLineData,
    IndicatorData,
)
from proposals.submissions.workflow import SUMMARY_MAX_LENGTH
from proposals.themes import THEME_CHOICES

LONG_TEXT = 20_000
MAX_BUDGET_LINES = 100
MAX_INDICATORS = 50


def _number(label, description=None):
    return WholeNumberField(
        label,
        description=description,
        invalid_message=_l("Enter a whole number, for example 300000."),
        validators=[
            Optional(),
            NumberRange(min=0, max=MAX_AMOUNT, message=_l("Enter a number of 0 or more.")),
        ],
    )


class BudgetLineForm(RepeatingRowForm):
    item = StringField(_l("Item"), validators=[Length(max=MAX_ITEM_LENGTH)])
    amount = _number(_l("Amount (yen)"))

    required = {
        "item": _l("Say what this amount is for."),
        "amount": _l("Enter the amount in yen."),
    }


class IndicatorForm(RepeatingRowForm):
    name = StringField(_l("Indicator"), validators=[Length(max=MAX_ITEM_LENGTH)])
    unit = StringField(_l("Unit"), validators=[Length(max=MAX_UNIT_LENGTH)])
    baseline = _number(_l("Baseline"))
    annual_target = _number(_l("Annual target"))

    required = {
        "name": _l("Name the indicator."),
        "unit": _l("Give the unit, for example “sessions” or “participants”."),
        "annual_target": _l("Enter the annual target."),
    }


def _text(label, description=None, max_length=LONG_TEXT):
    return TextAreaField(label, description=description, validators=[Length(max=max_length)])


class ProposalForm(FlaskForm):
    """The whole draft. Only the title is required to save; the checklist says the rest."""

    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the proposal a title.")), Length(max=200)],
    )
    summary = TextAreaField(
        _l("Summary"),
        description=_l("In a few sentences, at most %(max)s characters.", max=SUMMARY_MAX_LENGTH),
        validators=[Length(max=SUMMARY_MAX_LENGTH)],
        render_kw={"maxlength": SUMMARY_MAX_LENGTH, "rows": 3},
    )
    need = _text(_l("The need"), _l("What problem in the community does this answer?"))
    activities = _text(_l("Activities"), _l("What will happen, where and how often?"))
    department = StringField(
        _l("Partner city department"),
        description=_l("The city department or division you will work with."),
        validators=[Length(max=200)],
    )
    group_role = _text(_l("What the group does"))
    city_role = _text(_l("What the city department does"))
    beneficiaries = _text(_l("Who benefits"), _l("Who will the project serve, and how many?"))
    timeline = _text(_l("Timeline"), _l("The main steps through the fiscal year (April to March)."))
    themes = MultiCheckboxField(
        _l("Themes"), choices=[SelectChoice(value, label) for value, label in THEME_CHOICES]
    )
    budget_lines = FieldList(FormField(BudgetLineForm), max_entries=MAX_BUDGET_LINES)
    indicators = FieldList(FormField(IndicatorForm), max_entries=MAX_INDICATORS)

    save = SubmitField(_l("Save draft"))
    add_line = SubmitField(_l("Add a budget line"))
    add_indicator = SubmitField(_l("Add an indicator"))

    TEXT = (
        "title",
        "summary",
        "need",
        "activities",
        "department",
        "group_role",
        "city_role",
        "beneficiaries",
        "timeline",
    )

    @classmethod
    def for_proposal(cls, proposal, *, blank_lines: int = 1, blank_indicators: int = 1):
        """The form showing the saved draft, with blank rows to fill in."""
        form = cls(
            formdata=None,
            data={
                **{name: getattr(proposal, name) for name in cls.TEXT},
                "themes": [theme.value for theme in proposal.themes],
                "budget_lines": [
                    {"item": line.item, "amount": line.amount} for line in proposal.budget_lines
                ],
                "indicators": [
                    {
                        "name": i.name,
                        "unit": i.unit,
                        "baseline": i.baseline,
                        "annual_target": i.annual_target,
                    }
                    for i in proposal.indicators
                ],
            },
        )
        for _i in range(blank_lines):
            form.budget_lines.append_entry()
        for _i in range(blank_indicators):
            form.indicators.append_entry()
        return form

    def filled_lines(self) -> list[BudgetLineData]:
        return [
            BudgetLineData(row.item.data.strip(), row.amount.data)
            for row in (entry.form for entry in self.budget_lines)
            if not row.is_blank()
        ]

    def filled_indicators(self) -> list[IndicatorData]:
        return [
            IndicatorData(
                row.name.data.strip(),
                row.unit.data.strip(),
                row.baseline.data or 0,
                row.annual_target.data,
            )
            for row in (entry.form for entry in self.indicators)
            if not row.is_blank()
        ]

    def blank_rows(self, rows) -> int:
        return sum(1 for entry in rows if entry.form.is_blank())

    def draft_changes(self) -> dict:
        """The keyword arguments of ``drafting.update_draft``."""
        return {
            **{name: self[name].data or "" for name in self.TEXT},
            "themes": list(self.themes.data or []),
            "budget_lines": self.filled_lines(),
            "indicators": self.filled_indicators(),
        }


class NewProposalForm(FlaskForm):
    """Which of the user's groups proposes, and a working title."""

    group_id = SelectField(_l("Proposing group"), coerce=int)
    title = StringField(
        _l("Working title"),
        description=_l("You can change it later."),
        validators=[DataRequired(_l("Give the proposal a title.")), Length(max=200)],
    )
    submit = SubmitField(_l("Start the draft"))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_id.choices = [SelectChoice(group.id, group.name) for group in groups]
        if len(groups) == 1 and self.group_id.data is None:
            self.group_id.data = groups[0].id


class AttachmentForm(FlaskForm):
    file = FileField(
        _l("File"),
        validators=[FileRequired(_l("Choose a file to upload."))],
        render_kw={"accept": ACCEPT_ATTRIBUTE},
    )
    upload = SubmitField(_l("Upload"))

    def __init__(self, *args, max_megabytes: float = 10, **kwargs):
        super().__init__(*args, **kwargs)
        self.file.description = _(
            "PDF, PNG, JPEG, GIF, WebP, XLSX, ODS or CSV (UTF-8), at most %(max)s MB.",
            max=f"{max_megabytes:g}",
        )


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for withdrawing"),
        description=_l("The reason is recorded and shown with the proposal."),
        validators=[DataRequired(_l("Give a reason for withdrawing.")), Length(max=5000)],
    )
    withdraw = SubmitField(_l("Withdraw the proposal"))


ELIGIBILITY_DECISIONS = ("eligible", "ineligible", "reopen")


class EligibilityForm(FlaskForm):
    """One of the eligibility panel's three forms; which one is in ``decision``."""

    decision = HiddenField(
        _l("Decision"),
        validators=[AnyOf(ELIGIBILITY_DECISIONS, message=_l("Unknown decision."))],
    )
    reason = TextAreaField(
        _l("Reason"),
        description=_l("Shown to the group and, with the proposal, to the public."),
        validators=[Length(max=5000)],
    )

    def validate_reason(self, field) -> None:
        text = (field.data or "").strip()
        if self.decision.data == "ineligible" and not text:
            raise ValidationError(_("Give the reason why the proposal is ineligible."))
        if self.decision.data == "reopen" and not text:
            raise ValidationError(_("Say why the eligibility check is reopened."))
