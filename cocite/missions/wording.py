"""Hours as people write them: « 3 », « 2,5 », « 1,25 » (no trailing zeros), in the page's language."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats


def hours_text(hours: Decimal | None) -> str:
    if hours is None:
        return ""
    value = Decimal(hours).quantize(Decimal("0.01"))
    if value == value.to_integral():
        return formats.number_format(value, decimal_pos=0, use_l10n=True)
    if value * 10 == (value * 10).to_integral():
        return formats.number_format(value, decimal_pos=1, use_l10n=True)
    return formats.number_format(value, decimal_pos=2, use_l10n=True)
