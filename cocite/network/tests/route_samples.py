"""Route samples of the network (see ``cocite/core/tests/route_samples.py``), from the demo data."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User
from cocite.network import actions
from cocite.network.models import Actor, CallForHelp, Initiative

# « camille.martin » administers « Les Jardins partagés des Tilleuls » and holds its initiative.
HOLDER_EMAIL = f"camille.martin@{DEMO_DOMAIN}"
RESIDENT_EMAIL = f"yanis.benali@{DEMO_DOMAIN}"
# « h.nicolas », manager of the social action department, answered the incubation request.
MANAGER_EMAIL = f"h.nicolas@{DEMO_DOMAIN}"


def _actor() -> int:
    return Actor.objects.get(name="Les Jardins partagés des Tilleuls").pk


def _initiative(title: str = "Un abri à outils pour le jardin partagé") -> int:

    return Initiative.objects.get(title=title).pk


def _call() -> int:

    return CallForHelp.objects.filter(initiative_id=_initiative()).order_by("pk").first().pk  # type: ignore[union-attr]


def _invitation() -> str:

    actor = Actor.objects.get(pk=_actor())
    admin = User.objects.get(email=HOLDER_EMAIL)
    invitation = actor.invitations.filter(email=RESIDENT_EMAIL, accepted_at__isnull=True).first()
    if invitation is None:
        invitation = actions.invitation_create(user=admin, actor=actor, email=RESIDENT_EMAIL, role="membre")
    return reverse("network:invitation", kwargs={"token": actions.invitation_token(invitation)})


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "network:directory": lambda: reverse("network:directory"),
    "network:actor_create": lambda: reverse("network:actor_create"),
    "network:skills": lambda: reverse("network:skills"),
    "network:invitation": _invitation,
    "network:actor": lambda: reverse("network:actor", kwargs={"pk": _actor()}),
    "network:actor_edit": lambda: reverse("network:actor_edit", kwargs={"pk": _actor()}),
    "network:actor_contact": lambda: reverse("network:actor_contact", kwargs={"pk": _actor()}),
    "network:initiatives": lambda: reverse("network:initiatives"),
    "network:initiative_create": lambda: reverse("network:initiative_create"),
    "network:feed": lambda: reverse("network:feed"),
    "network:followed": lambda: reverse("network:followed"),
    "network:initiative": lambda: reverse("network:initiative", kwargs={"pk": _initiative()}),
    "network:incubation_decide": lambda: reverse(
        "network:incubation_decide", kwargs={"pk": _initiative("Épicerie solidaire mobile")}
    ),
    "network:call_answer": lambda: reverse("network:call_answer", kwargs={"pk": _call()}),
    "network:call_matches": lambda: reverse("network:call_matches", kwargs={"pk": _call()}),
}

LOGIN_AS: dict[str, str] = {
    "network:actor_create": RESIDENT_EMAIL,
    "network:skills": RESIDENT_EMAIL,
    "network:invitation": RESIDENT_EMAIL,
    "network:actor_edit": HOLDER_EMAIL,
    "network:actor_contact": RESIDENT_EMAIL,
    "network:initiative_create": HOLDER_EMAIL,
    "network:followed": HOLDER_EMAIL,
    "network:incubation_decide": MANAGER_EMAIL,
    "network:call_answer": RESIDENT_EMAIL,
    "network:call_matches": HOLDER_EMAIL,
}

MAIN_ROUTES: set[str] = {"network:directory", "network:initiatives", "network:initiative", "network:feed"}

EXCLUDED: dict[str, str] = {
    "network:actor_logo": "an actor's logo image (the demo's actors have none), not a page",
    "network:actor_invite": "POST-only action (invite a member), redirects to the actor's page",
    "network:actor_leave": "POST-only action (leave an actor), redirects to the actor's page",
    "network:actor_verify": "POST-only action (an agent's verified badge), redirects to the actor's page",
    "network:initiative_stage": "POST-only action (change an initiative's stage), redirects to it",
    "network:call_create": "POST-only action (publish a call for help), redirects to the initiative",
    "network:call_close": "POST-only action (close a call for help), redirects to the initiative",
    "network:news_post": "POST-only action (publish a news post), redirects to the initiative",
    "network:incubation_request": "POST-only action (ask for the commune's support), redirects to the initiative",
    "network:referent": "POST-only action (name a référent), redirects to the initiative",
    "network:help_accept": "POST-only action (accept an offer of help), redirects to the initiative",
    "network:help_decline": "POST-only action (decline an offer of help), redirects to the initiative",
}


def _help_offer() -> int:
    from cocite.network.models import HelpOffer

    return HelpOffer.objects.order_by("pk").values_list("pk", flat=True).first() or 1


REQUEST_SAMPLES: dict[str, Callable[[], str]] = {
    "network:actor_logo": lambda: reverse("network:actor_logo", kwargs={"pk": _actor()}),
    "network:help_accept": lambda: reverse("network:help_accept", kwargs={"pk": _help_offer()}),
    "network:help_decline": lambda: reverse("network:help_decline", kwargs={"pk": _help_offer()}),
}
