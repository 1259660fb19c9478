"""Forms of the mayor's selection: one set per proposal on the selection page.

Each form carries a prefix naming its proposal so that the page's many forms have
distinct field ids. The rules are the domain's (``operations.select``); the forms repeat
the ones a person can fix in a field, to show the message beside that field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from proposals.forms import WholeNumberField

TEXT_MAX = 4000


class SelectForm(FlaskForm):
    awarded_amount = WholeNumberField(
        _l("Amount to award (yen)"),
        validators=[Optional(), NumberRange(min=1, message=_l("The award must be more than ¥0."))],
    )
    amount_reason = TextAreaField(
        _l("Why a different amount?"),
        description=_l("Needed only when the award differs from the amount requested."),
        validators=[Length(max=TEXT_MAX)],
    )
    justification = TextAreaField(
        _l("Justification for selecting against the committee's recommendation"),
        description=_l("Required. Published with the decision, flagged as a departure."),
        validators=[Length(max=TEXT_MAX)],
    )
    reason = TextAreaField(
        _l("Reason for selecting"),
        validators=[DataRequired(_l("Give the reason for the decision.")), Length(max=TEXT_MAX)],
    )

    def __init__(self, proposal, *, recommended: bool, **kwargs):
        super().__init__(prefix=f"select-{proposal.id}", **kwargs)
        self.proposal = proposal
        self.recommended = recommended
        self.awarded_amount.description = _l(
            "Leave empty to award the ¥%(requested)s requested.",
            requested=f"{proposal.requested_total:,}",
        )
        if recommended:
            del self.justification

    @property
    def award(self) -> int:
        if self.awarded_amount.data is None:
            return self.proposal.requested_total
        return self.awarded_amount.data

    def validate_awarded_amount(self, field):
        maximum = self.proposal.call.max_per_proposal
        if field.data is not None and field.data > maximum:
            raise ValidationError(
                _l(
                    "The award of ¥%(amount)s is over this call's maximum of ¥%(maximum)s "
                    "per proposal.",
                    amount=f"{field.data:,}",
                    maximum=f"{maximum:,}",
                )
            )

    def validate_amount_reason(self, field):
        requested = self.proposal.requested_total
        if self.award != requested and not (field.data or "").strip():
            raise ValidationError(
                _l(
                    "Say why the award differs from the ¥%(requested)s requested.",
                    requested=f"{requested:,}",
                )
            )

    def validate_justification(self, field):
        if not (field.data or "").strip():
            raise ValidationError(
                _l(
                    "The committee did not recommend this proposal: write the justification "
                    "for selecting it. It will be published."
                )
            )


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for declining"),
        description=_l("The group reads it once the decision is published."),
        validators=[DataRequired(_l("Give the reason for the decision.")), Length(max=TEXT_MAX)],
    )

    def __init__(self, proposal, **kwargs):
        super().__init__(prefix=f"decline-{proposal.id}", **kwargs)


class ReconsiderForm(FlaskForm):
    note = TextAreaField(
        _l("Why reconsider?"),
        description=_l("The decision is undone and any award goes back to the envelope."),
        validators=[
            DataRequired(_l("Say why the decision is reconsidered.")),
            Length(max=TEXT_MAX),
        ],
    )

    def __init__(self, proposal, **kwargs):
        super().__init__(prefix=f"reconsider-{proposal.id}", **kwargs)
