"""Forms of the committee area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from proposals.forms import WholeNumberField

RATIONALE_LENGTH = 5000


def _votes(label):
    return WholeNumberField(
        label,
        validators=[
            InputRequired(_l("Enter the number of votes (0 if none).")),
            NumberRange(
                min=0, message=_l("Enter the number of votes as a whole number, 0 or more.")
            ),
        ],
    )


class RecommendationForm(FlaskForm):
    """The committee's vote on one proposal. The page holds one per proposal, each with
    the prefix ``p<proposal id>`` so that field ids stay unique."""

    recommended = RadioField(
        _l("The committee's recommendation"),
        choices=[SelectChoice("yes", _l("Recommended")), SelectChoice("no", _l("Not recommended"))],
        validators=[InputRequired(_l("Choose recommended or not recommended."))],
    )
    votes_for = _votes(_l("Votes for"))
    votes_against = _votes(_l("Votes against"))
    votes_abstain = _votes(_l("Abstentions"))
    rationale = TextAreaField(
        _l("Rationale"),
        description=_l("Why the committee decided so. The mayor's office reads it."),
        validators=[
            DataRequired(_l("Write the committee's rationale.")),
            Length(max=RATIONALE_LENGTH),
        ],
    )

    @classmethod
    def for_proposal(cls, proposal_id: int, recommendation=None, formdata=None):
        prefix = f"p{proposal_id}"
        if formdata is not None:
            return cls(formdata=formdata, prefix=prefix)
        data = {}
        if recommendation is not None:
            data = {
                "recommended": "yes" if recommendation.recommended else "no",
                "votes_for": recommendation.votes_for,
                "votes_against": recommendation.votes_against,
                "votes_abstain": recommendation.votes_abstain,
                "rationale": recommendation.rationale,
            }
        return cls(formdata=None, prefix=prefix, data=data)
