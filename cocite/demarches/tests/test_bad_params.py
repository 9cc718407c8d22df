"""Hostile query parameters on the rulebook pages: a French page, never a 500 (issue 13, defect 7)."""

from __future__ import annotations

import pytest
from django.test import Client

from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version

pytestmark = pytest.mark.django_db

# "²".isdigit() is True and int("²") raises; "١" (Arabic-Indic one) is a digit int() accepts.
BAD_NUMBERS = ["²", "١", "+1", "1_0", str(2**63), "9" * 400, "-1", ""]


def test_rule_pages_ignore_numbers_that_are_not_plain_ascii_digits(client: Client) -> None:
    demarche = DemarcheFactory()
    rulebook = RulebookFactory(demarche=demarche)
    publish_version(rulebook, 1, text="Première version")
    publish_version(rulebook, 2, text="Deuxième version")
    charter = RulebookFactory(title="Charte")
    publish_version(charter, 1, text="Charte de la participation")
    publish_version(charter, 2, text="Charte révisée")
    for url in (f"/demarches/{demarche.slug}/regles/", "/regles/"):
        for value in BAD_NUMBERS:
            for query in ({"version": value}, {"de": value, "a": "2"}, {"de": "1", "a": value}):
                response = client.get(url, query)
                assert response.status_code == 200, (url, query)
    # A foreign digit is not taken for "1": the version in force (the last) is shown.
    page = client.get(f"/demarches/{demarche.slug}/regles/", {"version": "١"}).content.decode()
    assert "Deuxième version" in page
    assert "Première version" not in page
    # Plain digits still choose a version and a diff.
    page = client.get(f"/demarches/{demarche.slug}/regles/", {"version": "1"}).content.decode()
    assert "Première version" in page


def test_an_emptied_component_settings_field_saves_no_settings_not_a_database_error() -> None:
    """Found on PostgreSQL by the hostile-input sweep: '' became NULL in a NOT NULL JSON column."""
    from cocite.demarches.admin import ComponentForm
    from cocite.demarches.registry import registry

    name = registry.choices()[0][0] if callable(registry.choices) else registry.choices[0][0]
    form = ComponentForm(data={"name": name, "position": "0", "settings": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["settings"] == {}
