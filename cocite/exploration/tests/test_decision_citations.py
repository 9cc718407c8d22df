"""A decision cites findings of the exploration as it cites opinions (decisions/citations.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.status import KIND
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import ActionError
from cocite.decisions.actions import decision_publish
from cocite.decisions.models import DecisionCitation
from cocite.items.models import Item

from .helpers import exploring, finding

pytestmark = pytest.mark.django_db

EXPLANATION = (
    "Dès la rentrée prochaine, un dossier d'inscription complet à une pièce près sera accepté au guichet : la "
    "famille pourra envoyer la pièce manquante en ligne dans les quinze jours, sans revenir. L'exploration a "
    "montré que la plupart des familles reviennent pour une seule pièce manquante."
)


def _decide(item: Item, **extra: Any) -> Any:
    official = UserFactory(is_elected_official=True)
    return decision_publish(
        actor=official,
        items=[item],
        outcome="retenue",
        explanation=EXPLANATION,
        body="adjoint",
        decided_on=timezone.localdate(),
        **extra,
    )


def test_a_decision_cites_a_published_finding_of_its_demarche_shown_on_its_page() -> None:
    setting = exploring(phase="arbitrage")
    cited = finding(setting)
    item = Item.objects.get(kind=KIND, object_id=ContributionFactory(demarche=setting.demarche).pk)
    decision = _decide(item, citations={"constat": [cited.pk]})
    row = DecisionCitation.objects.get(decision=decision)
    assert (row.kind, row.object_id, row.title) == ("constat", cited.pk, cited.title)
    page = Client().get(decision.get_absolute_url()).content.decode()
    assert "exploration cités" in page
    assert reverse("exploration:findings", kwargs={"slug": setting.demarche.slug}) + f"#constat-{cited.pk}" in page


@pytest.mark.parametrize("case", ["draft", "elsewhere", "unknown_kind"])
def test_only_published_findings_of_the_demarche_are_cited(case: str) -> None:
    setting = exploring(phase="arbitrage")
    item = Item.objects.get(kind=KIND, object_id=ContributionFactory(demarche=setting.demarche).pk)
    if case == "draft":
        citations = {"constat": [finding(setting, published=False).pk]}
    elif case == "elsewhere":
        citations = {"constat": [finding(exploring(phase="arbitrage")).pk]}
    else:
        citations = {"inconnu": [1]}
    with pytest.raises(ActionError) as error:
        _decide(item, citations=citations)
    assert error.value.code == "citations_invalid"


def test_the_decision_form_offers_the_findings_and_records_the_choice() -> None:
    setting = exploring(phase="arbitrage")
    cited = finding(setting)
    item = Item.objects.get(kind=KIND, object_id=ContributionFactory(demarche=setting.demarche).pk)
    client = Client()
    client.force_login(UserFactory(is_elected_official=True))
    url = reverse("decisions:create") + f"?elements={item.pk}"
    form = client.get(url).content.decode()
    assert cited.title in form
    data = {
        "elements": [str(item.pk)],
        "outcome": "retenue",
        "explanation": EXPLANATION,
        "body": "adjoint",
        "decided_on": timezone.localdate().isoformat(),
        "cite_constat": [str(cited.pk)],
    }
    assert client.post(reverse("decisions:create"), {**data, "cite_constat": ["abc"]}).status_code == 400
    response = client.post(reverse("decisions:create"), data)
    assert response.status_code == 302
    assert DecisionCitation.objects.get().object_id == cited.pk
