"""The admin's sections have distinct French names (issue 16: two « Comptes », an English « Task Results »)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db


def _sections(html: str) -> list[str]:
    """The captions of the admin index's application tables (the section names a person reads)."""
    return [re.sub(r"<[^>]+>", "", caption).strip() for caption in re.findall(r"<caption>(.*?)</caption>", html, re.S)]


def test_no_two_admin_sections_share_a_name(admin_client: Client) -> None:
    sections = _sections(admin_client.get("/admin/", headers={"accept-language": "fr"}).text)
    assert sections, "no section found on the admin index"
    assert not [name for name, n in Counter(sections).items() if n > 1], sections
    assert "Comptes et profils" in sections
    assert "Adresses e-mail et connexions" in sections
    assert "File des tâches de fond" in sections
    assert "Tasks Database Backend" not in sections


def test_every_app_has_its_own_verbose_name() -> None:
    with translation.override("fr"):
        names = Counter(str(config.verbose_name) for config in apps.get_app_configs())
    assert not [name for name, n in names.items() if n > 1]


def test_the_task_results_are_named_in_french(admin_client: Client) -> None:
    """django-tasks-db's gettext'd English model names get their French from our catalogue
    (translated by hand in locale/fr, kept there by scripts/i18n/french_plurals.py)."""
    html = admin_client.get("/admin/", headers={"accept-language": "fr"}).text
    assert "Résultats des tâches" in html
    assert "Task Results" not in html


def test_a_model_page_leads_back_to_the_sections_without_a_menu_of_every_model(admin_client: Client) -> None:
    """No side menu (CociteAdminSite.enable_nav_sidebar): the breadcrumbs lead to the index, which lists them."""
    html = admin_client.get("/admin/territory/quartier/add/", headers={"accept-language": "fr"}).text
    assert 'id="nav-sidebar"' not in html
    assert '<ol class="breadcrumbs">' in html
    assert 'href="/admin/"' in html
    assert "Comptes et profils" not in html  # another section's name: no list of the sections here
