"""Route samples of the arbitration pages (see cocite/core/tests/route_samples.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.decisions.demo import DEMO_DOMAIN, load_content
from cocite.decisions.models import Decision, OpinionRequest, Routing
from cocite.items.models import Item

VOIRIE_MANAGER = f"n.perrin@{DEMO_DOMAIN}"
BUDGET_SLUG = load_content().demarche
BIKE = load_content().ideas["bikes"][0]
LEGAL_AGENT = f"p.renard@{DEMO_DOMAIN}"


def _bike() -> Item:
    return Item.objects.get(kind="contribution", demarche__slug=BUDGET_SLUG, title=BIKE)


def _bike_decision() -> Decision:
    return Decision.objects.filter(item_links__item=_bike(), superseded_by__isnull=True).get()


def _undecided_voirie_item() -> int:
    routing = (
        Routing.objects.filter(department__slug="voirie", item__decision_links__isnull=True)
        .exclude(item__status="retiree")
        .order_by("item_id")
        .first()
    )
    assert routing is not None
    return routing.item_id


def _pending_legal_request() -> int:
    request = OpinionRequest.objects.filter(department__slug="juridique", status="en_attente").order_by("pk").first()
    assert request is not None
    return request.pk


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "decisions:my_inbox": lambda: reverse("decisions:my_inbox"),
    "decisions:inbox": lambda: reverse("decisions:inbox", kwargs={"slug": "voirie"}),
    "decisions:unrouted": lambda: reverse("decisions:unrouted"),
    "decisions:workspace": lambda: reverse(
        "decisions:workspace", kwargs={"kind": "contributions", "pk": _bike().object_id}
    ),
    "decisions:opinion_answer": lambda: reverse("decisions:opinion_answer", kwargs={"pk": _pending_legal_request()}),
    "decisions:list": lambda: reverse("decisions:list"),
    "decisions:detail": lambda: reverse("decisions:detail", kwargs={"pk": _bike_decision().pk}),
    "decisions:create": lambda: f"{reverse('decisions:create')}?elements={_undecided_voirie_item()}",
    "decisions:correct": lambda: reverse("decisions:correct", kwargs={"pk": _bike_decision().pk}),
    "decisions:journal": lambda: reverse("decisions:journal"),
    "decisions:commitments": lambda: reverse("decisions:commitments"),
}

LOGIN_AS: dict[str, str] = {
    "decisions:my_inbox": VOIRIE_MANAGER,
    "decisions:inbox": VOIRIE_MANAGER,
    "decisions:unrouted": VOIRIE_MANAGER,
    "decisions:workspace": VOIRIE_MANAGER,
    "decisions:opinion_answer": LEGAL_AGENT,
    "decisions:create": VOIRIE_MANAGER,
    "decisions:correct": VOIRIE_MANAGER,
}

MAIN_ROUTES: set[str] = {"decisions:list", "decisions:detail", "decisions:journal", "decisions:commitments"}

EXCLUDED: dict[str, str] = {
    "decisions:inbox_bulk": "POST-only action (bulk form of the inbox, which is sampled), redirects back",
    "decisions:route": "POST-only action (reassignment form of the workspace, which is sampled), redirects back",
    "decisions:request_opinions": "POST-only action (opinion request form of the workspace, which is sampled)",
    "decisions:journal_export": "JSON Lines export of the decision log (a file, not a page)",
    "decisions:journal_disclosures": "JSON Lines export of the disclosed sealed entries (a file, not a page)",
}
