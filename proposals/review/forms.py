"""Forms of the review area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from proposals.forms import WholeNumberField
from proposals.review.operations import MAX_REVIEWERS_PER_PROPOSAL


class AppointForm(FlaskForm):
    user_id = SelectField(
        _l("Reviewer to appoint"),
        coerce=int,
        validate_choice=True,
        validators=[InputRequired(_l("Choose a reviewer."))],
    )


class ReviewerForm(FlaskForm):
    """Names one committee member, e.g. to remove them."""

    user_id = IntegerField(_l("Reviewer"), validators=[InputRequired(_l("Choose a reviewer."))])


class SettingsForm(FlaskForm):
    reviewers_per_proposal = WholeNumberField(
        _l("Reviewers per proposal"),
        validators=[
            InputRequired(_l("Enter how many reviewers each proposal gets.")),
            NumberRange(
                min=1,
                max=MAX_REVIEWERS_PER_PROPOSAL,
                message=_l("Choose between 1 and %(max)s reviewers per proposal."),
            ),
        ],
    )


class PairForm(FlaskForm):
    """A proposal and a reviewer: manual assignment and unassignment."""

    proposal_id = IntegerField(_l("Proposal"), validators=[InputRequired(_l("Choose a proposal."))])
    reviewer_id = IntegerField(_l("Reviewer"), validators=[InputRequired(_l("Choose a reviewer."))])


class ConflictForm(FlaskForm):
    note = TextAreaField(
        _l("What is the conflict?"),
        description=_l("Seen by the city's officers. Declaring ends any assignment to it."),
        validators=[
            DataRequired(_l("Say briefly what the conflict of interest is.")),
            Length(max=2000),
        ],
    )


def score_form(criteria, formdata=None, data=None) -> FlaskForm:
    """A form with a score and a comment field per criterion of the call.

    The fields are named ``score-<criterion id>`` and ``comment-<criterion id>``;
    the range 0..max is checked by the domain (``operations.save_review``) so that the
    message is the same wherever scores come from.
    """

    class ScoreForm(FlaskForm):
        pass

    for criterion in criteria:
        setattr(
            ScoreForm,
            f"score-{criterion.id}",
            WholeNumberField(
                _l(
                    "Score for “%(name)s” (0 to %(max)s)",
                    name=criterion.name,
                    max=criterion.max_score,
                ),
                validators=[Optional()],
            ),
        )
        setattr(
            ScoreForm,
            f"comment-{criterion.id}",
            TextAreaField(
                _l("Comment on “%(name)s”", name=criterion.name),
                validators=[Length(max=5000)],
            ),
        )
    if formdata is None:
        return ScoreForm(formdata=None, data=data or {})
    return ScoreForm(formdata=formdata)
