"""The demo seed makes residents follow things and leaves news for them, idempotently."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.notifications.demo import DEMO_DOMAIN, seed
from cocite.notifications.models import Follow, Notification
from cocite.territory.tests.factories import QuartierFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_gives_camille_unread_news(client: Client) -> None:
    camille = UserFactory(email=f"camille.martin@{DEMO_DOMAIN}")
    UserFactory(email=f"yanis.benali@{DEMO_DOMAIN}")
    budget = DemarcheFactory(slug="budget-participatif-2027")
    securite = DemarcheFactory(slug="securite-rue-ecoles")
    QuartierFactory(slug="les-tilleuls")
    ThemeFactory(slug="mobilite")
    for demarche in (budget, budget, securite):
        ContributionFactory(demarche=demarche)
    seed(StringIO())
    counts = (Follow.objects.count(), Notification.objects.count())
    seed(StringIO())
    assert (Follow.objects.count(), Notification.objects.count()) == counts
    unread = Notification.objects.filter(recipient=camille, read_at__isnull=True)
    assert unread.count() == 3
    # Demo news is never mailed.
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    client.force_login(camille)
    assert '<span class="badge badge--count">3</span>' in client.get(reverse("notifications:list")).content.decode()


def test_route_samples_cover_every_route() -> None:
    from cocite.core.tests.route_samples import load_registry
    from cocite.notifications.urls import urlpatterns

    registry = load_registry()
    for pattern in urlpatterns:
        name = f"notifications:{pattern.name}"
        assert name in registry.samples or name in registry.excluded, name


def test_route_samples_render_after_the_demo(client: Client, django_db_blocker: Any) -> None:
    from cocite.notifications.tests.route_samples import LOGIN_AS, RESIDENT_EMAIL, ROUTE_SAMPLES

    camille = UserFactory(email=RESIDENT_EMAIL)
    for name, sample in ROUTE_SAMPLES.items():
        browser = Client()
        if name in LOGIN_AS:
            browser.force_login(camille)
        assert browser.get(sample()).status_code == 200, name
