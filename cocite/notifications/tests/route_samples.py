"""Route samples of notifications (see ``cocite/core/tests/route_samples.py``)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User

RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"


def _unsubscribe_path() -> str:
    from cocite.notifications.emails import unsubscribe_token

    user = User.objects.get(email=RESIDENT_EMAIL)
    return reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user)})


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "notifications:list": lambda: reverse("notifications:list"),
    "notifications:follows": lambda: reverse("notifications:follows"),
    "notifications:preferences": lambda: reverse("notifications:preferences"),
    # The link of every mail's footer: GET shows the confirmation page (no login needed).
    "notifications:unsubscribe": _unsubscribe_path,
}

LOGIN_AS: dict[str, str] = {
    "notifications:list": RESIDENT_EMAIL,
    "notifications:follows": RESIDENT_EMAIL,
    "notifications:preferences": RESIDENT_EMAIL,
}

EXCLUDED: dict[str, str] = {
    "notifications:open": "redirect only: marks the notification read, then redirects to its target (a sampled page)",
    "notifications:mark_all_read": "POST-only action (the « Tout marquer comme lu » button), redirects back",
    "notifications:follow": "POST-only action (the « Suivre » button, htmx or plain form), redirects back",
    "notifications:unfollow": "POST-only action (the « Ne plus suivre » button, htmx or plain form), redirects back",
}

MAIN_ROUTES: set[str] = {"notifications:list", "notifications:follows"}
