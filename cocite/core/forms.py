"""Form fields shared by the apps: text without direction controls, ids and JSON that cannot crash a page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .params import MAX_ID
from .validators import one_line, reject_direction_controls, strip_direction_controls


class _Unreadable(str):
    """Text typed into a JSON field that could not be read: shown back as typed."""


class SafeJSONField(forms.JSONField):
    """Django's JSON form field, answering JSON that Python cannot read with a form error.

    `json.loads` raises RecursionError on a few thousand nested brackets (`[[[[…]]]]`) and
    ValueError on an integer of more than 4,300 digits; Django's field only catches
    JSONDecodeError, so both were a 500. Every admin form uses it (cocite/core/admin_site.py).
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


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField[Any]):
    """Django's field, refusing ids past the database's range before it queries `pk__in`.

    Django drops out-of-range integers from `pk=` lookups but not from `pk__in=`, which SQLite
    cannot bind (OverflowError: a 500 for « 9223372036854775808 » in a checkbox list).
    """

    def clean(self, value: Any) -> Any:
        model = self.queryset.model if self.queryset is not None else None
        key = (model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk) if model else None
        if isinstance(key, models.IntegerField) and isinstance(value, (list, tuple)):
            for item in value:
                try:
                    number = int(str(item))
                except ValueError:
                    continue  # Django refuses it with its own message
                if not -MAX_ID - 1 <= number <= MAX_ID:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                    )
        return super().clean(value)


# Added to every ModelAdmin's and inline's formfield_overrides by cocite/core/admin_site.py.
SAFE_FORMFIELD_OVERRIDES: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.JSONField: {"form_class": SafeJSONField},
    models.ManyToManyField: {"form_class": SafeModelMultipleChoiceField},
}


class LineField(forms.CharField):
    """Single-line text a person writes (names, titles, labels, short statements): refuses direction controls.

    A browser's one-line input cannot hold a line break; a posted one is folded into a space.
    """

    default_validators = [reject_direction_controls]

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return one_line(value) if isinstance(value, str) else value


class LinkField(forms.URLField):
    """A web address a person gives (shown as a link to others): refuses direction controls, like a line."""

    default_validators = [*forms.URLField.default_validators, reject_direction_controls]


class TextField(forms.CharField):
    """Multi-line text (bodies, Markdown, notes): direction controls are dropped; a textarea by default."""

    widget = forms.Textarea

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return strip_direction_controls(value) if isinstance(value, str) else value


class FlatSelect(forms.Select):
    """Django's `Select`, the same HTML written in Python: its templates render one include per option,
    and a list page's filters have ~100 options (issue 15: measured on an uncached list page).

    Mirrors django/forms/widgets/select.html, select_option.html and attrs.html; the same HTML as
    Django's `Select` (cocite/core/tests/test_flat_select.py)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        _attributes(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 — every value escaped by format_html


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """django/forms/widgets/attrs.html: ` name="value"`, ` name` for True, nothing for False."""
    return mark_safe(  # noqa: S308 — names and values escaped by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )


class FormRenderer(DjangoTemplates):
    """Django's form renderer (FORM_RENDERER), with a field's label written in Python: the same HTML as
    django/forms/label.html, which the template engine took 60–130 µs to render, seven times on a list
    page's filters and once per field on every form (issue 15). Everything else goes to the templates;
    cocite/core/tests/test_flat_select.py compares the labels with Django's renderer."""

    LABEL = "django/forms/label.html"

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == self.LABEL:
            return _label(context)
        return super().render(template_name, context, request)


def _label(context: dict[str, Any]) -> str:
    """django/forms/label.html (with django/forms/attrs.html), stripped as the renderer strips it."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label.strip()
    tag = context["tag"]
    return format_html("<{}{}>{}</{}>", tag, _attributes(context["attrs"] or {}), label, tag)
