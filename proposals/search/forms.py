"""The search form, sent by GET: the query and its filters, each checked with a clear message."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms.fields import SearchField, SelectChoice, SelectField
from wtforms.validators import Length, NumberRange, Optional, ValidationError
from wtforms.widgets import Select, html_params

from proposals.forms import WholeNumberField
from proposals.search import queries
from proposals.submissions.models import STATE_LABELS, ProposalState
from proposals.themes import THEME_CHOICES, Theme


class LongSelect(Select):
    """A <select> for a long list (every past call): a plain string per option.

    WTForms' own widget builds each option's attributes one by one, which costs more than
    the whole search when the list has hundreds of entries.
    """

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if value == field.data else ""}>'
            f"{escape(label)}</option>"
            for value, label in field.choices
        )
        attributes = html_params(name=field.name, **kwargs)  # escapes each value
        return Markup(f"<select {attributes}>{options}</select>")  # noqa: S704 (escaped above)


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(
        _l("Words to find"),
        validators=[
            Optional(),
            Length(
                max=queries.MAX_QUERY_LENGTH,
                message=_l("Search for at most %(max)d characters."),
            ),
        ],
        description=_l("In titles, summaries and group names. Japanese works too: 防災, 子育て."),
    )
    call = SelectField(_l("Call"), default="", validators=[Optional()], widget=LongSelect())
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("Any status"))]
        + [SelectChoice(state.value, STATE_LABELS[state]) for state in queries.PUBLIC_STATES],
        default="",
        validators=[Optional()],
    )
    theme = SelectField(
        _l("Theme"),
        choices=[SelectChoice("", _l("Any theme"))]
        + [SelectChoice(value, label) for value, label in THEME_CHOICES],
        default="",
        validators=[Optional()],
    )
    group = WholeNumberField(
        _l("Group"),
        invalid_message=_l("Not a valid group."),
        validators=[Optional(), NumberRange(min=1, message=_l("Not a valid group."))],
    )
    page = WholeNumberField(
        _l("Page"),
        invalid_message=_l("The page must be a whole number."),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=queries.MAX_PAGE,
                message=_l(
                    "Pages go from 1 to %(max)s; narrow the search with the filters to see more."
                ),
            ),
        ],
    )

    def __init__(self, *args, calls=(), **kwargs):
        """``calls``: (id, title) pairs of the calls offered as a filter."""
        super().__init__(*args, **kwargs)
        self.call.choices = [("", _("Any call"))] + [
            (str(call_id), title) for call_id, title in calls
        ]

    def validate_q(self, field):
        terms = queries.split_terms(field.data or "")
        if any(len(term) < queries.MIN_TERM_LENGTH for term in terms):
            raise ValidationError(
                _("Each word needs at least %(min)d characters.", min=queries.MIN_TERM_LENGTH)
            )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        # Validators hold lazy strings; the error summary lists plain ones.
        for field in self:
            field.errors = [str(error) for error in field.errors]
        return valid

    @property
    def query(self) -> str:
        return (self.q.data or "").strip()

    def filters(self) -> queries.Filters:
        return queries.Filters(
            call_id=int(self.call.data) if self.call.data else None,
            state=ProposalState(self.status.data) if self.status.data else None,
            theme=Theme(self.theme.data) if self.theme.data else None,
            group_id=self.group.data,
        )
