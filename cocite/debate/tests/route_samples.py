"""Route samples of the debate, from the demo data (see ``cocite/core/tests/route_samples.py``)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User
from cocite.contributions.models import Contribution
from cocite.debate import actions
from cocite.debate.models import Comment, Stance

RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"
# Manager of the "voirie" department, competent for the sampled contribution's themes.
AGENT_EMAIL = f"n.perrin@{DEMO_DOMAIN}"
MODERATOR_EMAIL = f"moderation@{DEMO_DOMAIN}"
DEBATED_TITLE = "Fermer la rue des Écoles aux voitures à l'entrée et à la sortie des classes"


def _debated() -> Contribution:
    return Contribution.objects.get(title=DEBATED_TITLE)


def _thread_root() -> Comment:
    """The busiest thread of the demo: replies nested and shown flat below depth 3."""
    return Comment.objects.filter(object_id=_debated().pk, depth=0, is_official=False).order_by("-reply_count")[0]


def _fresh_comment_of_resident() -> Comment:
    """Editing is open 15 minutes after posting: the sample posts a comment just before the visit."""
    return actions.comment_post(
        author=User.objects.get(email=RESIDENT_EMAIL),
        target=_debated(),
        stance=Stance.NUANCED,
        body="Pourquoi pas, mais il faudra prévenir les riverains longtemps à l'avance.",
        rate_limited=False,
    )


def _edited_comment() -> Comment:
    return Comment.objects.filter(revisions__isnull=False).order_by("pk")[0]


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "debate:page": lambda: reverse("debate:page", kwargs={"pk": _debated().pk}),
    "debate:post": lambda: reverse("debate:post", kwargs={"pk": _debated().pk}),
    "debate:official": lambda: reverse("debate:official", kwargs={"pk": _debated().pk}),
    "debate:thread": lambda: reverse("debate:thread", kwargs={"pk": _thread_root().pk}),
    "debate:reply": lambda: reverse("debate:reply", kwargs={"pk": _thread_root().pk}),
    "debate:edit": lambda: reverse("debate:edit", kwargs={"pk": _fresh_comment_of_resident().pk}),
    "debate:delete": lambda: reverse("debate:delete", kwargs={"pk": _fresh_comment_of_resident().pk}),
    "debate:history": lambda: reverse("debate:history", kwargs={"pk": _edited_comment().pk}),
}

LOGIN_AS: dict[str, str] = {
    "debate:post": RESIDENT_EMAIL,
    "debate:official": AGENT_EMAIL,
    "debate:reply": RESIDENT_EMAIL,
    "debate:edit": RESIDENT_EMAIL,
    "debate:delete": RESIDENT_EMAIL,
    "debate:history": MODERATOR_EMAIL,
}

EXCLUDED: dict[str, str] = {
    "debate:useful": "POST only: the « Utile » button of each comment (sampled pages show it), redirects back",
}

MAIN_ROUTES: set[str] = {"debate:page", "debate:thread"}
