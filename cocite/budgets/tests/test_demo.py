"""The demo's « Budget participatif 2027 »: projects, rules and ballots; its pages answer."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User
from cocite.budgets.models import Ballot, BudgetRules, Project
from cocite.budgets.queries import rules_for
from cocite.demarches.models import Demarche

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_puts_the_2027_budget_to_the_vote() -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    demarche = Demarche.objects.get(slug="budget-participatif-2027")
    assert Project.objects.filter(demarche=demarche).count() == 7, out.getvalue()
    rules = rules_for(demarche)
    assert rules is not None
    assert rules.total_budget == 500000
    assert Ballot.objects.filter(demarche=demarche).count() == 6
    assert BudgetRules.objects.count() == 1
    anonymous = Client()
    page = anonymous.get(reverse("budgets:main", kwargs={"slug": demarche.slug}))
    assert page.status_code == 200
    assert "Un city stade" in page.content.decode()
    resident = Client()
    resident.force_login(User.objects.get(email=f"camille.martin@{DEMO_DOMAIN}"))
    assert resident.get(reverse("budgets:receipt", kwargs={"slug": demarche.slug})).status_code == 200
    manager = Client()
    manager.force_login(User.objects.get(email=f"n.perrin@{DEMO_DOMAIN}"))
    assert manager.get(reverse("budgets:manage", kwargs={"slug": demarche.slug})).status_code == 200
    assert manager.get(reverse("budgets:paper", kwargs={"slug": demarche.slug})).status_code == 200
