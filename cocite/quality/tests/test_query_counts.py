"""Every page of the quality app costs the same queries with a few rows or many."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.quality import actions
from cocite.quality.models import Respondent
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import answers, page, service

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_services_list_and_a_service_page() -> None:
    department = DepartmentFactory()
    small = service(department)
    answers(small, 2)
    small_list = real_render_queries(Client(), "/qualite/")
    small_page = real_render_queries(Client(), f"/qualite/{small.slug}/")
    for _index in range(12):
        answers(service(department), 5)
    large = service(department)
    answers(large, 300)
    answers(large, 40, kind=Respondent.AGENT)
    for index in range(15):
        actions.recurring_point_answer(
            author=UserFactory(is_superuser=True), service=large, point=f"P{index}", answer="R"
        )
    assert_same_cost(small_list, real_render_queries(Client(), "/qualite/"), at_most=8, what="the services list")
    assert_same_cost(
        small_page, real_render_queries(Client(), f"/qualite/{large.slug}/"), at_most=10, what="a service page"
    )


def test_the_feedback_form_and_the_received_page() -> None:
    agent = UserFactory()
    department = DepartmentFactory(members=[agent])
    small, large = service(department), service(department)
    answers(small, 2)
    answers(large, 200)
    client = _client(agent)
    assert_same_cost(
        real_render_queries(client, f"/qualite/{small.slug}/avis/"),
        real_render_queries(client, f"/qualite/{large.slug}/avis/"),
        at_most=10,
        what="the feedback form",
    )
    assert_same_cost(
        real_render_queries(client, f"/qualite/{small.slug}/avis-recus/"),
        real_render_queries(client, f"/qualite/{large.slug}/avis-recus/"),
        at_most=12,
        what="the feedback received",
    )


def _busy_page(department: Any, owner: Any, other: Any, questions: int) -> Any:
    info = page(department)
    resident = UserFactory()
    for index in range(questions):
        question = actions.question_ask(author=resident, page=info, kind="question", body=f"Question {index} ?")
        if index % 2:
            actions.question_answer(
                author=owner, question=question, answer="Réponse.", corrected_body=info.body + f"\n\nAjout {index}."
            )
            info.refresh_from_db()
        actions.counterpoint_add(
            author=other, question=question, department_id=other.departments.get().pk, body="Autre lecture."
        )
    return info


def test_information_pages_their_versions_and_the_forms(settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "1000/m"}
    owner, other = UserFactory(), UserFactory()
    department = DepartmentFactory(members=[owner])
    DepartmentFactory(members=[other])
    small = _busy_page(department, owner, other, 1)
    small_list = real_render_queries(Client(), "/informations/")
    small_costs = {
        name: real_render_queries(_client(owner), url.format(slug=small.slug))
        for name, url in (
            ("page", "/informations/{slug}/"),
            ("versions", "/informations/{slug}/versions/?de=1&a=1"),
            ("edit", "/informations/{slug}/modifier/"),
            ("promote", "/informations/{slug}/faq/"),
        )
    }
    large = _busy_page(department, owner, other, 12)
    for _index in range(6):
        page(department)
    assert_same_cost(small_list, real_render_queries(Client(), "/informations/"), at_most=8, what="the pages list")
    for name, url in (
        ("page", "/informations/{slug}/"),
        ("versions", "/informations/{slug}/versions/?de=1&a=1"),
        ("edit", "/informations/{slug}/modifier/"),
        ("promote", "/informations/{slug}/faq/"),
    ):
        large_cost = real_render_queries(_client(owner), url.format(slug=large.slug))
        assert_same_cost(small_costs[name], large_cost, at_most=14, what=f"an information page's {name}")
    question = large.questions.filter(answered_at__isnull=True).first()
    assert_same_cost(
        real_render_queries(_client(owner), f"/informations/{large.slug}/questions/{question.pk}/repondre/"),
        real_render_queries(
            _client(owner), f"/informations/{small.slug}/questions/{small.questions.get().pk}/repondre/"
        ),
        at_most=12,
        what="the answer form",
    )
    assert_same_cost(
        real_render_queries(_client(other), f"/informations/{small.slug}/questions/{small.questions.get().pk}/avis/"),
        real_render_queries(_client(other), f"/informations/{large.slug}/questions/{question.pk}/avis/"),
        at_most=12,
        what="the contradictory opinion form",
    )
