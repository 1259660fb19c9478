"""Forms of the report pages: choosing a period, typing the values, returning, revising."""

from __future__ import annotations

import decimal
import unicodedata

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import Field, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import TextInput

from proposals.projects.indicators import period_label
from proposals.uploads import ACCEPT_ATTRIBUTE

NOTES_MAX_LENGTH = 10_000


class DecimalNumberField(Field):
    """A number with up to two decimals; tolerates separators and yen signs ("1,234", "5.5",
    "1,500円", full-width digits). Blank means no value. Whether the indicator's kind allows
    decimals is the domain's to say, with a message beside the field."""

    widget = TextInput()
    _IGNORED = str.maketrans("", "", ",¥円 ")

    def __init__(self, *args, **kwargs):
        kwargs["render_kw"] = {"inputmode": "decimal", "autocomplete": "off"} | (
            kwargs.get("render_kw") or {}
        )
        super().__init__(*args, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return (
            f"{self.data.normalize():f}" if self.data == self.data.to_integral() else str(self.data)
        )

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        raw = unicodedata.normalize("NFKC", valuelist[0] or "").translate(self._IGNORED).strip()
        if not raw:
            self.data = None
            return
        try:
            self.data = decimal.Decimal(raw)
        except decimal.InvalidOperation as exc:
            self.data = None
            raise ValueError(str(_l("Enter a number, e.g. 1,234 or 12.5."))) from exc
        if not self.data.is_finite():
            self.data = None
            raise ValueError(str(_l("Enter a number, e.g. 1,234 or 12.5.")))


def field_name(key: tuple[int, int | None]) -> str:
    indicator_id, category_id = key
    return f"value-{indicator_id}" if category_id is None else f"value-{indicator_id}-{category_id}"


class NewReportForm(FlaskForm):
    fiscal_year = SelectField(_l("Fiscal year"), coerce=int, validators=[DataRequired()])
    quarter = SelectField(
        _l("Period"),
        choices=[
            SelectChoice("", _l("The whole year")),
            SelectChoice("1", _l("Q1 (April–June)")),
            SelectChoice("2", _l("Q2 (July–September)")),
            SelectChoice("3", _l("Q3 (October–December)")),
            SelectChoice("4", _l("Q4 (January–March)")),
        ],
        validators=[Optional()],
    )

    def __init__(self, first_year: int, last_year: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year.choices = [
            SelectChoice(year, period_label(year, None))
            for year in range(last_year, first_year - 1, -1)
        ]

    @property
    def quarter_value(self) -> int | None:
        return int(self.quarter.data) if self.quarter.data else None


def report_values_form(keys, formdata=None, values=None, notes="", outcomes=""):
    """A form with one number field per indicator (or per category of an indicator with a
    breakdown), plus notes and outcomes. ``keys`` as from ``reporting.value_keys``."""

    class ReportValuesForm(FlaskForm):
        notes = TextAreaField(
            _l("Notes"),
            description=_l("How the figures were gathered, anything unusual in the period."),
            validators=[Length(max=NOTES_MAX_LENGTH)],
        )
        outcomes = TextAreaField(
            _l("Qualitative outcomes"),
            description=_l(
                "What the numbers do not show: e.g. new responsibilities taken on, "
                "users who became members."
            ),
            validators=[Length(max=NOTES_MAX_LENGTH)],
        )

    for key, indicator, category in keys:
        label = indicator.name if category is None else f"{indicator.name}: {category.name}"
        setattr(
            ReportValuesForm,
            field_name(key),
            DecimalNumberField(f"{label} ({indicator.unit})"),
        )
    values = values or {}
    data = {field_name(key): values.get(key) for key, _indicator, _category in keys}
    form = ReportValuesForm(formdata=formdata, data=data | {"notes": notes, "outcomes": outcomes})
    form.value_keys = [key for key, _indicator, _category in keys]
    return form


class ReturnForm(FlaskForm):
    note = TextAreaField(
        _l("What needs to change"),
        validators=[DataRequired(_l("Say what needs to change.")), Length(max=2000)],
    )


class ReviseForm(FlaskForm):
    reason = StringField(
        _l("Reason for the correction"),
        validators=[DataRequired(_l("Give the reason for the correction.")), Length(max=2000)],
    )


class EvidenceForm(FlaskForm):
    file = FileField(
        _l("Evidence file"),
        validators=[FileRequired(_l("Choose a file to upload."))],
        render_kw={"accept": ACCEPT_ATTRIBUTE},
    )

    def __init__(self, *args, max_megabytes: float = 10, **kwargs):
        super().__init__(*args, **kwargs)
        self.file.description = _(
            "PDF, PNG, JPEG, GIF, WebP, XLSX, ODS or CSV (UTF-8), at most %(max)s MB.",
            max=f"{max_megabytes:g}",
        )
