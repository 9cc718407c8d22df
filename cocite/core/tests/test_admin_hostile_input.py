"""Hostile input in the admin (every registered ModelAdmin, ours and third-party): form errors, not 500s.

Found by the hostile-input class test (issue 13): SQLite refuses LIKE patterns over 50,000 bytes
(admin search, autocomplete); Django's date hierarchy converts the year with int() and then
overflows; Django's autocomplete widget re-renders a refused value with `pk__in` (« ² »:
ValueError); many-to-many choices past 2**63 overflow SQLite; saving a rulebook crashed because
its save_formset never set what the admin's change message reads.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from cocite.core.tests.html_forms import browser_data, page_forms
from cocite.demarches.models import RuleVersion
from cocite.demarches.tests.factories import RulebookFactory, publish_version
from cocite.territory.models import Department
from cocite.territory.tests.factories import QuartierFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LONG = "a" * 60_000  # past SQLite's 50,000-byte limit on LIKE patterns
HUGE = str(2**63)


@pytest.fixture
def admin_client(client_for: Any, administrator: Any) -> Client:
    return client_for(administrator)


@pytest.mark.parametrize("term", [LONG, "\x00", "a\x00b"])
@pytest.mark.parametrize(
    "route",
    [
        "admin:territory_quartier_changelist",
        "admin:accounts_user_changelist",
        "admin:auth_group_changelist",
        "admin:account_emailaddress_changelist",
    ],
)
def test_searching_the_admin_with_a_hostile_term_answers(admin_client: Client, route: str, term: str) -> None:
    QuartierFactory(name="Les Tilleuls")
    Group.objects.create(name="Relecture")
    response = admin_client.get(reverse(route), {"q": term})
    assert response.status_code == 200


def test_the_autocomplete_answers_a_long_term(admin_client: Client) -> None:
    query = {"term": LONG, "app_label": "territory", "model_name": "departmentmembership", "field_name": "user"}
    response = admin_client.get(reverse("admin:autocomplete"), query)
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("year", ["9" * 400, "²", "0", "-5"])
def test_a_date_hierarchy_year_that_is_not_a_year_is_refused(admin_client: Client, year: str) -> None:
    response = admin_client.get(reverse("admin:decisions_decision_changelist"), {"published_at__year": year})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


def test_many_to_many_choices_past_the_range_are_form_errors(admin_client: Client) -> None:
    theme = ThemeFactory()
    group = admin_client.post(reverse("admin:auth_group_add"), {"name": "Relecture", "permissions": [HUGE]})
    assert group.status_code == 200
    assert not Group.objects.filter(name="Relecture").exists()
    department = admin_client.post(
        reverse("admin:territory_department_add"),
        {
            "name": "Voirie",
            "slug": "voirie",
            "themes": [HUGE, str(theme.pk)],
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert department.status_code == 200
    assert not Department.objects.exists()


@pytest.mark.parametrize("user", ["²", HUGE, "9" * 400])
def test_an_autocomplete_choice_that_is_not_an_id_is_a_form_error(admin_client: Client, user: str) -> None:
    response = admin_client.post(
        reverse("admin:territory_department_add"),
        {
            "name": "Voirie",
            "slug": "voirie",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": user,
            "memberships-0-role": "agent",
        },
    )
    assert response.status_code == 200
    assert not Department.objects.exists()


def test_a_rulebook_saved_in_the_admin_publishes_its_new_version(admin_client: Client) -> None:
    rulebook = RulebookFactory()
    publish_version(rulebook, 1)
    url = reverse("admin:demarches_rulebook_change", args=[rulebook.pk])
    form = next(form for form in page_forms(admin_client.get(url).content.decode()) if form["action"] == "")
    data = browser_data(form["fields"])
    prefix = next(name for name in data if name.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data[f"{prefix}-TOTAL_FORMS"] = [str(int(data[f"{prefix}-TOTAL_FORMS"][0]) + 1)]
    new = f"{prefix}-{int(data[f'{prefix}-INITIAL_FORMS'][0])}"
    data.update(
        {
            f"{new}-text": ["Nouvelles règles."],
            f"{new}-change_note": ["Un délai plus court"],
            f"{new}-effective_at_0": ["2030-01-01"],
            f"{new}-effective_at_1": ["00:00:00"],
            f"{new}-who_may_take_part": ["Toute personne"],
            f"{new}-what_happens_to_contributions": ["Elles reçoivent une réponse."],
            f"{new}-decider": ["Le conseil municipal"],
            f"{new}-answer_deadline_days": ["30"],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RuleVersion.objects.filter(rulebook=rulebook, number=2).exists()


def test_a_forged_version_row_in_the_rulebook_admin_publishes_nothing(admin_client: Client) -> None:
    # Found by the hostile-input class test: versions-0-id = "0" on the existing row once raised KeyError.
    rulebook = RulebookFactory()
    publish_version(rulebook, 1)
    url = reverse("admin:demarches_rulebook_change", args=[rulebook.pk])
    form = next(form for form in page_forms(admin_client.get(url).content.decode()) if form["action"] == "")
    data = browser_data(form["fields"])
    prefix = next(name for name in data if name.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data[f"{prefix}-0-id"] = ["0"]
    response = admin_client.post(url, data)
    assert response.status_code in (200, 302), response.status_code
    assert RuleVersion.objects.filter(rulebook=rulebook).count() == 1


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_an_object_id_past_the_range_is_not_found(admin_client: Client, view: str) -> None:
    # NotificationPreference's primary key is a one-to-one link to the person: Django guards
    # integer lookups past 2**63, not those through a relation.
    for model in ("notifications_notificationpreference", "territory_quartier"):
        response = admin_client.get(reverse(f"admin:{model}_{view}", args=[HUGE]))
        assert response.status_code == 302, model


@pytest.mark.parametrize("value", ["\x00", "a\x00b"])
def test_a_filter_value_holding_a_nul_byte_is_refused(admin_client: Client, value: str) -> None:
    # PostgreSQL refuses NUL in text parameters (DataError, a 500); SQLite answered an empty list.
    response = admin_client.get(reverse("admin:demarches_demarche_changelist"), {"status__exact": value})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
