from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cocite.territory.queries import organisation_get

from . import permissions


def platform(request: HttpRequest) -> dict[str, Any]:
    """The authority and the viewer's roles, for the shared layout (lazily evaluated)."""
    cache: dict[str, Any] = {}

    def organisation() -> Any:
        if "organisation" not in cache:
            cache["organisation"] = organisation_get()
        return cache["organisation"]

    user = getattr(request, "user", None)
    return {
        "organisation": organisation,
        "viewer_is_agent": lambda: permissions.is_agent(user),
        "viewer_is_moderator": lambda: permissions.is_moderator(user),
        "viewer_is_administrator": lambda: permissions.is_administrator(user),
    }
