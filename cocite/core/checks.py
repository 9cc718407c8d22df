"""System checks of Cocité's own settings (registered in CoreConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from .ratelimit import parse_rate


@register()
def rate_limit_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    """A mistyped limit in the environment fails `manage.py check`, not the first write."""
    errors = []
    for scope, text in settings.RATE_LIMITS.items():
        try:
            parse_rate(text)
        except ValueError as error:
            errors.append(Error(str(error), hint=f"RATE_LIMITS[{scope!r}]", id="cocite.E001"))
    if settings.TRUSTED_PROXY_COUNT < 0:
        errors.append(Error("TRUSTED_PROXY_COUNT must be 0 or more", id="cocite.E002"))
    return errors
