"""The writes of the quality app: feedback rules, indicators, pages' versions, questions, delays."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import ActionError, Conflict, PermissionDenied, RateLimited
from cocite.debate import actions as debate_actions
from cocite.quality import actions, queries
from cocite.quality.models import Feedback, Help, PageQuestion, Respondent
from cocite.territory.tests.factories import DepartmentFactory, ThemeFactory

from .helpers import answers, page, service

pytestmark = pytest.mark.django_db

GOOD = {"satisfaction": 2, "ease": 2, "clarity": 1, "help": Help.NOT_NEEDED}


def test_a_resident_and_an_agent_are_counted_apart(resident: Any, agent: Any) -> None:
    target = service(DepartmentFactory())
    actions.feedback_give(service=target, respondent=resident, **GOOD)
    actions.feedback_give(service=target, respondent=agent, satisfaction=0, ease=0, clarity=0, help=Help.NONE)
    kinds = dict(Feedback.objects.values_list("respondent_id", "respondent_kind"))
    assert kinds == {resident.pk: Respondent.RESIDENT, agent.pk: Respondent.AGENT}
    view = queries.service_page(target)
    assert (view.residents.answers, view.residents.satisfaction_score, view.residents.clarity_score) == (1, 10.0, 5.0)
    assert (view.agents.answers, view.agents.satisfaction_score, view.agents.help_share) == (1, 0.0, 0)


def test_one_answer_per_signed_in_person_per_service_and_day(resident: Any) -> None:
    target = service(DepartmentFactory())
    actions.feedback_give(service=target, respondent=resident, **GOOD)
    with pytest.raises(Conflict):
        actions.feedback_give(service=target, respondent=resident, **GOOD)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    actions.feedback_give(service=target, respondent=resident, today=tomorrow, **GOOD)
    assert Feedback.objects.filter(respondent=resident).count() == 2


def test_visitors_answer_anonymously_within_a_rate_limit(settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback_anonymous": "3/h"}
    target = service(DepartmentFactory())
    for _index in range(3):
        actions.feedback_give(service=target, respondent=AnonymousUser(), client="203.0.113.9", **GOOD)
    with pytest.raises(RateLimited):
        actions.feedback_give(service=target, respondent=AnonymousUser(), client="203.0.113.9", **GOOD)
    actions.feedback_give(service=target, respondent=AnonymousUser(), client="203.0.113.10", **GOOD)
    assert Feedback.objects.filter(respondent__isnull=True).count() == 4


def test_bad_levels_and_closed_services_are_refused(resident: Any) -> None:
    target = service(DepartmentFactory())
    with pytest.raises(ActionError) as refused:
        actions.feedback_give(service=target, respondent=resident, satisfaction=7, ease=2, clarity=2, help="x")
    assert refused.value.field == "satisfaction"
    target.is_active = False
    target.save()
    with pytest.raises(ActionError):
        actions.feedback_give(service=target, respondent=resident, **GOOD)


def test_the_trend_is_by_quarter_over_the_last_year() -> None:
    target = service(DepartmentFactory())
    today = datetime.date(2026, 11, 15)
    answers(target, 4, day=datetime.date(2026, 10, 2), satisfaction=2)
    answers(target, 2, day=datetime.date(2026, 2, 10), satisfaction=0)
    answers(target, 3, day=datetime.date(2025, 1, 10), satisfaction=0)  # older than the trend
    answers(target, 1, day=datetime.date(2026, 8, 1), kind=Respondent.AGENT, satisfaction=1)
    view = queries.service_page(target, today=today)
    labels = [residents.label for residents, _agents in view.trend]
    assert labels == ["T1 2026", "T2 2026", "T3 2026", "T4 2026"]
    residents = [r.answers for r, _a in view.trend]
    agents = [a.satisfaction_score for _r, a in view.trend]
    assert residents == [2, 0, 0, 4]
    assert agents == [None, None, 5.0, None]
    assert view.residents.answers == 9  # all time


def test_only_the_department_answers_recurring_points(resident: Any, agent: Any) -> None:
    target = service(agent.departments.get())
    with pytest.raises(PermissionDenied):
        actions.recurring_point_answer(author=resident, service=target, point="Délais", answer="Réponse")
    actions.recurring_point_answer(author=agent, service=target, point="Délais", answer="Nous ouvrons le samedi.")
    assert [p.point for p in queries.service_page(target).points] == ["Délais"]


def test_a_contestation_needs_a_statement_and_a_source(resident: Any) -> None:
    info = page(DepartmentFactory())
    with pytest.raises(ActionError) as refused:
        actions.question_ask(
            author=resident, page=info, kind=PageQuestion.Kind.CONTESTATION, body="Faux", statement="1 200"
        )
    assert refused.value.code == "source_required"
    with pytest.raises(PermissionDenied):
        actions.question_ask(author=AnonymousUser(), page=info, kind=PageQuestion.Kind.QUESTION, body="?")
    question = actions.question_ask(
        author=resident,
        page=info,
        kind="contestation",
        body="Faux",
        statement="1 200",
        source_url="https://x.example/a",
    )
    assert question.due_at - question.created_at == datetime.timedelta(days=info.answer_days)


def test_the_owner_corrects_the_page_in_its_answer_and_a_version_is_linked(resident: Any, agent: Any) -> None:
    info = page(agent.departments.get())
    question = actions.question_ask(author=resident, page=info, kind="question", body="Ce chiffre ?")
    other = UserFactory()
    DepartmentFactory(members=[other])
    with pytest.raises(PermissionDenied):
        actions.question_answer(author=other, question=question, answer="Non")
    done = actions.question_answer(
        author=agent,
        question=question,
        answer="Corrigé.",
        corrected_body=info.body.replace("1 200", "800"),
        note="Chiffre",
    )
    info.refresh_from_db()
    assert info.version == 2
    assert "800" in info.body
    assert done.correction is not None
    assert done.correction.number == 2
    assert done.answered_role == "Agent·e"
    diff = queries.diff_versions(*reversed(queries.page_versions(info)))
    assert [(line.kind, line.text) for line in diff["lines"] if line.kind != "same"] == [
        ("removed", "Le trafic baisse de 1 200 véhicules par jour."),
        ("added", "Le trafic baisse de 800 véhicules par jour."),
    ]
    with pytest.raises(Conflict):
        actions.question_answer(author=agent, question=question, answer="Encore")


def test_other_departments_add_one_contradictory_opinion_each(resident: Any, agent: Any) -> None:
    info = page(agent.departments.get())
    question = actions.question_ask(author=resident, page=info, kind="question", body="?")
    finances_agent = UserFactory()
    finances = DepartmentFactory(members=[finances_agent])
    with pytest.raises(PermissionDenied):  # the owner does not contradict itself
        actions.counterpoint_add(author=agent, question=question, department_id=agent.departments.get().pk, body="x")
    with pytest.raises(PermissionDenied):
        actions.counterpoint_add(author=resident, question=question, department_id=finances.pk, body="x")
    actions.counterpoint_add(author=finances_agent, question=question, department_id=finances.pk, body="Autre lecture.")
    with pytest.raises(Conflict):
        actions.counterpoint_add(author=finances_agent, question=question, department_id=finances.pk, body="Encore")


def test_pages_past_their_review_date_remind_the_department_once(
    agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    department = agent.departments.get()
    today = timezone.localdate()
    late = page(department, review_by=today - datetime.timedelta(days=1))
    page(department)
    assert [p.overdue_review for p in queries.pages_list() if p.pk == late.pk] == [True]  # type: ignore[attr-defined]
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("remind_information_reviews", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert agent.email in mail.outbox[0].to
    actions.page_verify(author=agent, page=late, review_by=today + datetime.timedelta(days=90))
    late.refresh_from_db()
    assert late.verified_on == today
    assert late.review_by > today
    assert late.reminded_for is None


def test_an_official_answer_of_the_department_is_promoted_into_the_faq(agent: Any, resident: Any) -> None:
    department = agent.departments.get()
    theme = ThemeFactory()
    department.themes.add(theme)
    info = page(department)
    contribution = ContributionFactory()
    contribution.themes.add(theme)
    official = debate_actions.official_answer_post(
        author=agent, target=contribution, department=department, body="Oui, le samedi."
    )
    candidates = queries.faq_candidates(info)
    assert [c.pk for c, _title in candidates] == [official.pk]
    with pytest.raises(PermissionDenied):
        actions.faq_promote(author=resident, page=info, comment=official, question="Ouvert le samedi ?")
    entry = actions.faq_promote(author=agent, page=info, comment=official, question="Ouvert le samedi ?")
    assert entry.answer == "Oui, le samedi."
    assert queries.faq_candidates(info) == []
    with pytest.raises(Conflict):
        actions.faq_promote(author=agent, page=info, comment=official, question="Encore ?")


def test_engagements_count_the_questions_answer_delays(client: Any, resident: Any, agent: Any) -> None:
    info = page(agent.departments.get(), answer_days=10)
    first = actions.question_ask(author=resident, page=info, kind="question", body="Un ?")
    actions.question_ask(author=resident, page=info, kind="question", body="Deux ?")
    actions.question_answer(author=agent, question=first, answer="Réponse.")
    html = client.get("/engagements/").content.decode()
    assert 'id="questions-informations"' in html
    section = html.split('id="questions-informations"', 1)[1].split("</section>", 1)[0]
    row = section.split(f'<th scope="row">{info.department.name}</th>', 1)[1].split("</tr>", 1)[0]
    # due 2, on time 1, late 0, overdue 0, pending 1
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:6]] == ["2", "1", "0", "0", "1"]
