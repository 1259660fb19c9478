"""Form fields and row forms shared by every area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField, SelectMultipleField
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget, TextInput


class WholeNumberField(IntegerField):
    """A whole number; tolerates the separators and yen signs people type ("10,000,000円").

    Rendered as a text input with a numeric keyboard: a number input would refuse
    "10,000,000" in the browser before the server could accept it.
    """

    widget = TextInput()
    _IGNORED = str.maketrans("", "", ",，¥￥円 \u3000")

    def __init__(self, *args, invalid_message=None, **kwargs):
        kwargs["render_kw"] = {"inputmode": "numeric", "autocomplete": "off"} | (
            kwargs.get("render_kw") or {}
        )
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or _l("Enter a whole number.")

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        raw = (valuelist[0] or "").translate(self._IGNORED).strip()
        if not raw:
            self.data = None
            return
        try:
            self.data = int(raw)
        except ValueError as exc:
            self.data = None
            raise ValueError(str(self.invalid_message)) from exc

    def pre_validate(self, form):
        # "1.5" already has its message; "this field is required" on top would only confuse.
        if self.process_errors:
            raise StopValidation()


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RepeatingRowForm(Form):
    """One row of a repeating list (budget lines, criteria...).

    An all-blank row means "ignore me"; a partly filled row gets a message on each
    missing field named in ``required``.
    """

    required: dict = {}

    def is_blank(self) -> bool:
        return not any(_entered(field) for field in self)

    def validate(self, extra_validators=None):
        if self.is_blank():
            for field in self:
                field.errors = []
            return True
        valid = super().validate(extra_validators)
        for name, message in self.required.items():
            field = self[name]
            if not field.errors and (field.data is None or field.data == ""):
                field.errors.append(str(message))
                valid = False
        return valid


def _entered(field) -> str:
    """What the person typed into ``field``, or its preset value when nothing was posted."""
    if field.raw_data:
        return (field.raw_data[0] or "").strip()
    if field.data is None:
        return ""
    return str(field.data).strip()
