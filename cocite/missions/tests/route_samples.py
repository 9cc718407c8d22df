"""Route samples of missions and events (see cocite/core/tests/route_samples.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN

RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"
# « m.brun »: responsable des espaces verts, who publishes the full mission of the demo.
ORGANISER_EMAIL = f"m.brun@{DEMO_DOMAIN}"
# « n.perrin »: the voirie, whose past event has its notes.
EVENT_ORGANISER_EMAIL = f"n.perrin@{DEMO_DOMAIN}"


def _mission(title: str) -> int:
    from cocite.missions.models import Mission  # the samples run after the demo is seeded

    return Mission.objects.filter(title=title).values_list("pk", flat=True).get()


def _full() -> int:
    return _mission("Plantation de la haie du parc des Tilleuls")


def _event() -> int:
    from cocite.missions.models import Event  # the samples run after the demo is seeded

    return Event.objects.filter(notes_published_at__isnull=False).values_list("pk", flat=True).first() or 0


def _registration() -> int:
    from cocite.missions.models import Registration  # the samples run after the demo is seeded

    return (
        Registration.objects.filter(person__email=RESIDENT_EMAIL).order_by("pk").values_list("pk", flat=True).first()
        or 0
    )


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "missions:list": lambda: reverse("missions:list"),
    "missions:create": lambda: reverse("missions:create"),
    "missions:detail": lambda: reverse("missions:detail", kwargs={"pk": _full()}),
    "missions:mission_manage": lambda: reverse("missions:mission_manage", kwargs={"pk": _full()}),
    "missions:mine": lambda: reverse("missions:mine"),
    "missions:events": lambda: reverse("missions:events"),
    "missions:event_create": lambda: reverse("missions:event_create"),
    "missions:event": lambda: reverse("missions:event", kwargs={"pk": _event()}),
    "missions:event_manage": lambda: reverse("missions:event_manage", kwargs={"pk": _event()}),
}

LOGIN_AS: dict[str, str] = {
    "missions:create": ORGANISER_EMAIL,
    "missions:mission_manage": ORGANISER_EMAIL,
    "missions:mine": RESIDENT_EMAIL,
    "missions:event_create": ORGANISER_EMAIL,
    "missions:event_manage": EVENT_ORGANISER_EMAIL,
    "missions:detail": RESIDENT_EMAIL,
}

MAIN_ROUTES: set[str] = {"missions:list", "missions:detail", "missions:mine", "missions:events"}

EXCLUDED: dict[str, str] = {
    "missions:mission_contact": "POST only: a question to the organisers, then back to the mission",
    "missions:event_contact": "POST only: a question to the organisers, then back to the event",
    "missions:mission_export": "the sign-ups as a CSV download, not a page",
    "missions:event_export": "the sign-ups as a CSV download, not a page",
    "missions:mission_message": "POST only: a message to the people registered",
    "missions:event_message": "POST only: a message to the people registered",
    "missions:mission_cancel": "POST only: cancels the mission",
    "missions:event_cancel": "POST only: cancels the event",
    "missions:register": "POST only: registration to a slot, then back to its page",
    "missions:attendance": "POST only: attendance and hours of a slot",
    "missions:cancel": "POST only: cancels one's registration",
    "missions:calendar": "an .ics calendar file, not a page",
    "missions:certificate": "the certificate of hours as a PDF download, not a page",
    "missions:event_notes": "POST only: publishes an event's notes",
}
