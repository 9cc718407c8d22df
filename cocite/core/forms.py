"""Form fields shared by every app: text that cannot carry direction controls (core/validators.py)."""

from __future__ import annotations

from typing import Any

from django import forms

from .validators import reject_direction_controls, strip_direction_controls


class LineField(forms.CharField):
    """Single-line text a person writes (names, titles, labels, short statements): refuses direction controls."""

    default_validators = [reject_direction_controls]


class TextField(forms.CharField):
    """Multi-line text (bodies, Markdown, notes): direction controls are dropped; a textarea by default."""

    widget = forms.Textarea

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return strip_direction_controls(value) if isinstance(value, str) else value
