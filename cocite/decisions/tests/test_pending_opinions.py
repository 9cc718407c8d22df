"""A decision published while an opinion asked is not given needs a stated reason, public and logged (issue 16)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocite.core.errors import ActionError
from cocite.decisions import actions
from cocite.decisions.models import Decision, LogEntry, OpinionRequest
from cocite.decisions.tests import factories as f

pytestmark = pytest.mark.django_db

REASON = "Le conseil municipal se réunit demain ; la réponse aux habitants ne peut plus attendre."


def _with_pending_opinion() -> dict[str, Any]:
    setup = f.routed_setup(count=1)
    other = f.department()
    actions.opinions_request(
        actor=setup["manager"],
        items=f.items_of(setup["contributions"]),
        departments=[other],
        aspects=[OpinionRequest.Aspect.COST],
        deadline=timezone.localdate() + datetime.timedelta(days=5),
        question="Combien cela coûterait-il ?",
    )
    setup["other"] = other
    return setup


def test_publishing_before_a_pending_opinion_is_refused_without_a_reason() -> None:
    setup = _with_pending_opinion()
    with pytest.raises(ActionError) as error:
        f.publish(actor=setup["manager"], items=setup["contributions"])
    assert error.value.code == "opinions_pending"
    assert setup["other"].name in error.value.message
    assert not Decision.objects.exists()


def test_with_a_reason_it_is_published_shown_and_logged(client_for: Any) -> None:
    setup = _with_pending_opinion()
    item = f.item_of(setup["contributions"][0])
    manager = client_for(setup["manager"])
    form_url = reverse("decisions:create") + f"?elements={item.pk}"
    page = manager.get(form_url).content.decode()
    assert "Attention : un avis demandé n'est pas encore rendu." in page
    assert setup["other"].name in page
    assert 'name="pending_opinions_reason"' in page

    decision = f.publish(actor=setup["manager"], items=setup["contributions"], pending_opinions_reason=REASON)
    assert decision.pending_opinions_reason == REASON
    public = Client().get(decision.get_absolute_url()).content.decode()
    assert "Publiée avant que tous les avis demandés soient rendus." in public
    assert "la réponse aux habitants ne peut plus attendre." in public
    assert REASON in LogEntry.objects.get(subject_key=f"decision:{decision.pk}").payload


def test_no_warning_and_no_reason_kept_once_the_opinions_are_given() -> None:
    setup = f.routed_setup(count=1)
    decision = f.publish(actor=setup["manager"], items=setup["contributions"], pending_opinions_reason="Inutile ici.")
    assert decision.pending_opinions_reason == ""
    assert "pending_opinions_reason" not in LogEntry.objects.get(subject_key=f"decision:{decision.pk}").payload
