"""Every list page and endpoint of reports costs the same number of queries with few rows or many."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.reports import actions
from cocite.reports.models import Category, Report

from .helpers import LAT, LON, category, png, report

pytestmark = pytest.mark.django_db


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _grow(cat: Any, agent: Any, n: int) -> None:
    for index in range(n):
        made = report(cat, lat=LAT + index * 0.001)
        if index % 3 == 0:
            actions.report_set_status(agent=agent, report=made, status="pris_en_charge", message="Vu")


@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/signalements/", None),
        ("/signalements/?statut=ouverts&age=30j", None),
        ("/signalements/file/", "agent"),
        ("/signalements/tendances/", "agent"),
        ("/open311/v2/requests.json", None),
        ("/open311/v2/requests.xml", None),
        ("/open311/v2/services.json", None),
    ],
)
def test_lists_cost_the_same_at_10_and_40_reports(path: str, who: str | None) -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    client = _client(agent if who else None)
    _grow(cat, agent, 10)
    small = real_render_queries(client, path)
    _grow(cat, agent, 30)
    large = real_render_queries(client, path)
    assert_same_cost(small, large, at_most=20, what=path)


def test_a_report_page_costs_the_same_with_a_long_timeline() -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    short, long = report(cat), report(cat)
    for _index in range(12):
        actions.report_set_status(agent=agent, report=long, status="pris_en_charge", message="Encore")
        actions.report_join(user=UserFactory(), report=long)
    client = _client(agent)
    small = real_render_queries(client, short.get_absolute_url())
    large = real_render_queries(client, long.get_absolute_url())
    assert_same_cost(small, large, at_most=20, what="a report's page")


def test_the_transform_preview_and_a_demarches_reports_cost_the_same_at_10_and_40_reports() -> None:
    from cocite.demarches.models import Demarche
    from cocite.items.models import Item
    from cocite.reports.models import RESOURCE_KIND

    agent = UserFactory()
    cat = category(agents=[agent])
    client = _client(agent)
    preview = f"/signalements/tendances/en-demarche/?category={cat.slug}&quartier=q-reports"
    _grow(cat, agent, 10)
    small = real_render_queries(client, preview)
    _grow(cat, agent, 30)
    large = real_render_queries(client, preview)
    assert_same_cost(small, large, at_most=20, what=preview)

    demarche = actions.demarche_from_reports(agent=agent, category=cat, quartier=None, title="Éclairage durable")
    Demarche.objects.filter(pk=demarche.pk).update(status=Demarche.Status.PUBLISHED)
    listed = f"/signalements/demarche/{demarche.slug}/"
    public, staff = _client(), _client(agent)
    page = f"/demarches/{demarche.slug}/"
    small_public, small_staff = real_render_queries(public, listed), real_render_queries(staff, listed)
    small_page = real_render_queries(public, page)
    _grow(cat, agent, 30)
    # 40 reports linked at first; 30 more carried into a second démarche, then moved to the first: 70.
    more = actions.demarche_from_reports(agent=agent, category=cat, quartier=None, title="Éclairage, suite")
    Item.objects.filter(kind=RESOURCE_KIND, demarche=more).update(demarche=demarche)
    assert Item.objects.filter(kind=RESOURCE_KIND, demarche=demarche).count() == 70
    assert_same_cost(small_public, real_render_queries(public, listed), at_most=20, what=listed)
    assert_same_cost(small_staff, real_render_queries(staff, listed), at_most=25, what=listed)
    # The démarche's page reads its link to the reports in one query, whatever their number.
    assert_same_cost(small_page, real_render_queries(public, page), at_most=40, what=page)


def test_the_form_the_nearby_check_the_question_and_one_open311_request_cost_the_same_with_more_rows() -> None:
    """The pages the first count left out (audit of issue 19): the form (more categories), the duplicate check
    (more reports within 50 m), « le problème est-il réglé ? » and one Open311 request (more photos)."""
    agent, author = UserFactory(), UserFactory()
    cat = category(agents=[agent])
    client = _client(author)

    def sample() -> dict[str, list[str]]:
        resolved = Report.objects.filter(author=author, status="resolu").order_by("-pk").first()
        assert resolved is not None
        with_photos = Report.objects.filter(author=author).order_by("-pk").first()
        assert with_photos is not None
        return {
            "form": real_render_queries(client, "/signalements/nouveau/"),
            "nearby": real_render_queries(client, f"/signalements/proches/?categorie={cat.slug}&lat={LAT}&lon={LON}"),
            "confirm": real_render_queries(client, f"/signalements/{resolved.pk}/confirmer/"),
            "open311": real_render_queries(client, f"/open311/v2/requests/{with_photos.pk}.json"),
        }

    def grow(n: int, photos: int) -> None:
        for index in range(n):
            Category.objects.create(
                name=f"Catégorie {Category.objects.count()}", slug=f"c{index}-{n}", department=cat.department
            )
            report(cat, author=UserFactory())  # at the same point: within 50 m
        done = report(cat, author=author)
        actions.report_set_status(agent=agent, report=done, status="resolu", message="Fait")
        report(cat, author=author, images=[(png(f"p{i}.png"), f"Photo {i}") for i in range(photos)])

    grow(2, 1)
    small = sample()
    grow(10, 3)
    Report.objects.filter(author=author).update(resolved_at=timezone.now())
    large = sample()
    for name in small:
        assert_same_cost(small[name], large[name], at_most=20, what=name)


def test_my_reports_cost_the_same_with_more() -> None:
    few, many = UserFactory(), UserFactory()
    cat = category()
    report(cat, author=few)
    for _ in range(25):
        report(cat, author=many)
        actions.report_join(user=many, report=report(cat))
    small = real_render_queries(_client(few), "/signalements/mes-signalements/")
    large = real_render_queries(_client(many), "/signalements/mes-signalements/")
    assert_same_cost(small, large, at_most=12, what="« Mes signalements »")
