"""`{% contribution_entry demarche as entry %}`: the « Contribuer » button, or why it is closed."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from cocite.contributions import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def contribution_entry(context: Any, demarche: Any) -> dict[str, Any]:
    """See `permissions.submission_entry`."""
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    return permissions.submission_entry(user, demarche)
