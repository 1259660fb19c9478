"""The officers' import form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV file of indicator values"),
        validators=[FileRequired(_l("Choose a CSV file to import."))],
        description=_l("UTF-8 CSV with the columns of the indicator values dataset, header first."),
        render_kw={"accept": ".csv,text/csv"},
    )
    submit = SubmitField(_l("Import"))
