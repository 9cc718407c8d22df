"""Route samples of moderation, from the demo data (see ``cocite/core/tests/route_samples.py``)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.moderation.models import Appeal, Flag

RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"
MODERATOR_EMAIL = f"moderation@{DEMO_DOMAIN}"
# Author of the comment the demo hides (cocite/moderation/demo/moderation.yaml), who appealed.
APPELLANT_EMAIL = f"bernard.petit@{DEMO_DOMAIN}"


def _hidden() -> Appeal:
    return Appeal.objects.order_by("pk")[0]


def _open_flag() -> Flag:
    return Flag.objects.filter(state=Flag.State.OPEN).order_by("pk")[0]


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "moderation:report": lambda: reverse("moderation:report"),
    "moderation:queue": lambda: reverse("moderation:queue"),
    "moderation:flag": lambda: reverse("moderation:flag", kwargs={"kind": "contribution", "pk": _any_contribution()}),
    "moderation:appeal": lambda: reverse(
        "moderation:appeal", kwargs={"kind": _hidden().kind, "pk": _hidden().object_id}
    ),
    "moderation:redact": lambda: reverse(
        "moderation:redact", kwargs={"kind": _open_flag().kind, "pk": _open_flag().object_id}
    ),
    "moderation:sanction": lambda: reverse("moderation:sanction", kwargs={"pk": _hidden().author_id}),
    "moderation:appeal_decide": lambda: reverse("moderation:appeal_decide", kwargs={"pk": _hidden().pk}),
    # The demo's hidden comment (under appeal), which a moderator may restore outside the appeal.
    "moderation:restore": lambda: reverse(
        "moderation:restore", kwargs={"kind": _hidden().kind, "pk": _hidden().object_id}
    ),
    # The appellant has no running sanction: the page says so and leads back (never a dead end).
    "moderation:lift": lambda: reverse("moderation:lift", kwargs={"pk": _hidden().author_id}),
}


def _any_contribution() -> int:
    from cocite.contributions.queries import listed_contributions
    from cocite.demarches.models import Demarche

    return listed_contributions(Demarche.objects.filter(slug__isnull=False)).order_by("pk")[0].pk


LOGIN_AS: dict[str, str] = {
    "moderation:queue": MODERATOR_EMAIL,
    "moderation:flag": RESIDENT_EMAIL,
    "moderation:appeal": APPELLANT_EMAIL,
    "moderation:redact": MODERATOR_EMAIL,
    "moderation:sanction": MODERATOR_EMAIL,
    "moderation:appeal_decide": MODERATOR_EMAIL,
    "moderation:restore": MODERATOR_EMAIL,
    "moderation:lift": MODERATOR_EMAIL,
}

EXCLUDED: dict[str, str] = {}

MAIN_ROUTES: set[str] = {"moderation:report"}
