from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .queries import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The bell's unread count: queried only if the page shows it, at most once per request."""

    def unread_notification_count() -> int:
        cached = getattr(request, "_cocite_unread_notifications", None)
        if cached is None:
            cached = unread_count(getattr(request, "user", None))
            request._cocite_unread_notifications = cached  # type: ignore[attr-defined]
        return int(cached)

    return {"unread_notification_count": unread_notification_count}
