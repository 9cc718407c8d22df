"""Form fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class _Unreadable(str):
    """Text typed into a JSON field that could not be read: shown back as typed."""


class SafeJSONField(forms.JSONField):
    """Django's JSON form field, answering JSON that Python cannot read with a form error.

    `json.loads` raises RecursionError on a few thousand nested brackets (`[[[[…]]]]`) and
    ValueError on an integer of more than 4,300 digits; Django's field only catches
    JSONDecodeError, so both were a 500. Use it in the admin through `formfield_overrides`
    (`JSON_FORMFIELD_OVERRIDES`).
    """

    default_error_messages = {
        "too_deep": _("Ce JSON est imbriqué trop profondément pour être lu."),
        "unreadable": _("Ce JSON ne peut pas être lu (un nombre y compte trop de chiffres)."),
    }

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except RecursionError as error:
            raise ValidationError(self.error_messages["too_deep"], code="too_deep") from error
        except ValueError as error:  # JSONDecodeError is a ValueError too, but Django turns it into "invalid"
            raise ValidationError(self.error_messages["unreadable"], code="unreadable") from error

    def bound_data(self, data: Any, initial: Any) -> Any:
        try:
            return super().bound_data(data, initial)
        except (RecursionError, ValueError):
            return _Unreadable(data)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, _Unreadable):
            return value
        return super().prepare_value(value)


# For a ModelAdmin or an inline: `formfield_overrides = JSON_FORMFIELD_OVERRIDES`.
JSON_FORMFIELD_OVERRIDES: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.JSONField: {"form_class": SafeJSONField}
}
