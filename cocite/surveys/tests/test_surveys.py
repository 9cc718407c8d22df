"""Surveys: building in the site, answering step by step (conditions, drafts, one per person or
anonymous), hostile input, dates and phases, results, cross-tabulation, export, query counts."""

from __future__ import annotations

import csv
import datetime
import html
import io
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.demarches.models import Demarche
from cocite.surveys import actions, answering, permissions, queries
from cocite.surveys.actions import QuestionInput
from cocite.surveys.models import AgeBand, Answer, Choice, Participation, Question, Response, Survey
from cocite.surveys.tests.factories import (
    answer_all,
    answer_data,
    choice_id,
    form,
    full_survey,
    question,
    survey_demarche,
)
from cocite.territory.tests.factories import QuartierFactory

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def detail_url(survey: Survey) -> str:
    return reverse("surveys:detail", kwargs={"pk": survey.pk})


@pytest.fixture
def setup() -> tuple[Demarche, Any, Survey]:
    demarche, manager = survey_demarche()
    return demarche, manager, full_survey(demarche, manager)


# --- building -------------------------------------------------------------------------------------


def test_every_kind_is_built_in_order_with_its_choices(setup: Any) -> None:
    _demarche, _manager, survey = setup
    questions = queries.questions_of(survey)
    assert [q.kind for q in questions] == [
        "single", "short_text", "multiple", "scale", "ranking", "number", "date", "matrix", "long_text"
    ]  # fmt: skip
    assert set(Question.Kind.values) == {q.kind for q in questions}
    matrix = next(q for q in questions if q.kind == "matrix")
    assert [c.label for c in answering.rows_of(matrix)] == ["Signalisation", "Éclairage"]
    assert questions[1].condition_choice.label == "En voiture"


def test_only_those_running_the_demarche_build(setup: Any, resident: Any, agent: Any) -> None:
    demarche, _manager, survey = setup
    for person in (resident, agent):
        with pytest.raises(PermissionDenied):
            actions.survey_create(author=person, demarche=demarche, title="Intrus")
        with pytest.raises(PermissionDenied):
            actions.question_add(author=person, survey=survey, data=QuestionInput(kind="short_text", label="X"))


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (QuestionInput(kind="single", label="Un", options=["Seul"]), "options_missing", "au moins deux choix"),
        (QuestionInput(kind="matrix", label="G", options=["a", "b"]), "rows_missing", "au moins une ligne"),
        (QuestionInput(kind="matrix", label="G", options=["a"], rows=["r"]), "options_missing", "deux colonnes"),
        (QuestionInput(kind="scale", label="E", scale_min=5, scale_max=2), "scale_invalid", "L'échelle"),
        (QuestionInput(kind="scale", label="E", scale_min=0, scale_max=99), "scale_invalid", "L'échelle"),
        (QuestionInput(kind="number", label="N", number_min=9, number_max=2), "number_bounds", "minimum"),
        (QuestionInput(kind="single", label="D", options=["a", "A"]), "duplicate_label", "qu'une fois"),
        (QuestionInput(kind="nope", label="K"), "kind_invalid", "type de question"),
        (QuestionInput(kind="short_text", label="   "), "label_missing", "intitulé"),
        (QuestionInput(kind="short_text", label="C", condition_choice_id=10**9), "condition_invalid", "condition"),
    ],
)
def test_question_validation_in_french(setup: Any, data: QuestionInput, code: str, message: str) -> None:
    demarche, manager, _survey = setup
    draft = actions.survey_create(author=manager, demarche=demarche, title="Brouillon")
    with pytest.raises(ActionError) as error:
        actions.question_add(author=manager, survey=draft, data=data)
    assert error.value.code == code
    assert message in error.value.message


def test_conditions_only_on_earlier_choice_questions_of_the_same_survey(setup: Any) -> None:
    demarche, manager, survey = setup
    other = actions.survey_create(author=manager, demarche=demarche, title="Autre")
    foreign = choice_id(question(survey, "Mode de transport"), "En bus")
    with pytest.raises(ActionError, match="condition"):
        actions.question_add(
            author=manager, survey=other, data=QuestionInput(kind="date", label="D", condition_choice_id=foreign)
        )
    ranking_choice = answering.options_of(question(survey, "Aménagements"))[0].pk
    draft = full_survey(demarche, manager, publish=False)
    with pytest.raises(ActionError, match="condition"):
        actions.question_add(
            author=manager, survey=draft, data=QuestionInput(kind="date", label="D", condition_choice_id=ranking_choice)
        )


def test_reorder_delete_and_choices_keep_conditions(setup: Any) -> None:
    demarche, manager, _survey = setup
    draft = full_survey(demarche, manager, publish=False)
    first, conditional = question(draft, "Mode de transport"), question(draft, "Pourquoi la voiture ?")
    conditional.survey = draft
    first.survey = draft
    with pytest.raises(ActionError, match="doit rester après"):
        actions.question_move(author=manager, question=conditional, direction="up")
    with pytest.raises(ActionError, match="dépend de celle-ci"):
        actions.question_delete(author=manager, question=first)
    with pytest.raises(ActionError, match="Déplacement inconnu"):
        actions.question_move(author=manager, question=first, direction="sideways")
    scale = question(draft, "Sécurité")
    scale.survey = draft
    actions.question_move(author=manager, question=scale, direction="up")
    assert [q.label for q in queries.questions_of(draft)][1:4] == [
        "Pourquoi la voiture ?",
        "Sécurité",
        "Lieux dangereux",
    ]
    # Reordering choices: the lines in a new order keep their ids (the condition holds).
    car = choice_id(first, "En voiture")
    actions.question_update(
        author=manager,
        question=first,
        data=QuestionInput(
            kind="single", label="Mode de transport", options=["En bus", "En voiture", "À pied", "Vélo"]
        ),
    )
    assert [(c.label, c.pk == car) for c in answering.options_of(question(draft, "Mode de transport"))][:2] == [
        ("En bus", False),
        ("En voiture", True),
    ]
    with pytest.raises(ActionError, match="conditionne"):
        actions.question_update(
            author=manager, question=first, data=QuestionInput(kind="single", label="M", options=["En bus", "Vélo"])
        )
    actions.question_delete(author=manager, question=conditional)
    assert [q.position for q in queries.questions_of(draft)] == list(range(1, 9))


def test_questions_locked_once_answered(setup: Any, resident: Any) -> None:
    _demarche, manager, survey = setup
    answer_all(resident, survey, submit=False)
    q = question(survey, "Minutes")
    q.survey = survey
    with pytest.raises(Conflict, match="déjà reçu des réponses"):
        actions.question_delete(author=manager, question=q)
    with pytest.raises(Conflict):
        actions.survey_update(
            author=manager, survey=survey, title="T", introduction="", anonymous=True, crosstab=True,
            results_public=True, opens_at=None, closes_at=None,
        )  # fmt: skip


# --- answering ------------------------------------------------------------------------------------


def test_full_answer_then_one_per_person(setup: Any, resident: Any) -> None:
    _demarche, _manager, survey = setup
    response = answer_all(resident, survey)
    assert response.user == resident
    assert response.is_submitted
    assert response.quartier_id == resident.quartier_id
    assert not Answer.objects.filter(response=response, question__label="Pourquoi la voiture ?").exists()
    with pytest.raises(Conflict, match="déjà répondu"):
        answer_all(resident, survey)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, user=resident)


def test_conditional_question_shown_then_hidden_answers_dropped(setup: Any, resident: Any) -> None:
    _demarche, _manager, survey = setup
    first = question(survey, "Mode de transport")
    car = actions.response_save_step(
        user=resident, survey=survey, question=first, data=form(**{f"q{first.pk}": choice_id(first, "En voiture")})
    )
    assert car.next_question is not None
    assert car.next_question.label == "Pourquoi la voiture ?"
    why = question(survey, "Pourquoi la voiture ?")
    actions.response_save_step(user=resident, survey=survey, question=why, data=form(**{f"q{why.pk}": "Trop loin"}))
    assert Answer.objects.filter(question=why).count() == 1
    walk = actions.response_save_step(
        user=resident, survey=survey, question=first, data=form(**{f"q{first.pk}": choice_id(first, "À pied")})
    )
    assert walk.next_question is not None
    assert walk.next_question.label == "Lieux dangereux"
    assert not Answer.objects.filter(question=why).exists()  # hidden now: its answer is gone
    with pytest.raises(ActionError, match="n'est pas posée"):
        actions.response_save_step(user=resident, survey=survey, question=why, data=form(**{f"q{why.pk}": "x"}))


def test_draft_saved_and_resumed_where_left(setup: Any, resident: Any, client_for: Any) -> None:
    _demarche, _manager, survey = setup
    data = answer_data(survey)
    first, second = question(survey, "Mode de transport"), question(survey, "Lieux dangereux")
    client = client_for(resident)
    response = client.post(
        detail_url(survey), {**data["Mode de transport"].dict(), "question": first.pk, "action": "brouillon"}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(survey)
    page = text(client.get(detail_url(survey), follow=True))
    assert "Brouillon enregistré" in page
    assert "Reprendre le questionnaire" in page
    assert f"?question={second.pk}" in page
    step = text(client.get(f"{detail_url(survey)}?question={first.pk}"))
    assert f'value="{choice_id(first, "À pied")}" checked' in step  # the saved answer is shown again


def test_required_and_hostile_values_give_french_errors(setup: Any, resident: Any) -> None:
    _demarche, _manager, survey = setup
    first, scale = question(survey, "Mode de transport"), question(survey, "Sécurité")
    ranking, matrix, date = (
        question(survey, "Aménagements"),
        question(survey, "Satisfaction"),
        question(survey, "Depuis quand"),
    )
    number, multiple = question(survey, "Minutes"), question(survey, "Lieux dangereux")
    other_choice = choice_id(multiple, "Gare")
    rows = answering.rows_of(matrix)
    cases = [
        (first, form(), "obligatoire"),
        (first, form(**{f"q{first.pk}": other_choice}), "ne fait pas partie"),
        (first, form(**{f"q{first.pk}": "1; DROP TABLE"}), "ne fait pas partie"),
        (multiple, form(**{f"q{multiple.pk}": [choice_id(first, "En bus")]}), "ne fait pas partie"),
        (scale, form(**{f"q{scale.pk}": 9}), "entre 1 et 5"),
        (scale, form(**{f"q{scale.pk}": "-1"}), "entre 1 et 5"),
        (number, form(**{f"q{number.pk}": "douze"}), "nombre entier"),
        (number, form(**{f"q{number.pk}": 500}), "entre 1 et 120"),
        (date, form(**{f"q{date.pk}": "31/02/2024"}), "date valide"),
        (date, form(**{f"q{date.pk}": "2024-13-01"}), "date valide"),
        (date, form(**{f"q{date.pk}": "0001-01-01"}), "date valide"),
        (ranking, form(**{f"q{ranking.pk}-c{c.pk}": 1 for c in answering.options_of(ranking)}), "qu'à un seul choix"),
        (ranking, form(**{f"q{ranking.pk}-c{answering.options_of(ranking)[0].pk}": 1}), "Classez tous"),
        (ranking, form(**{f"q{ranking.pk}-c{answering.options_of(ranking)[0].pk}": 7}), "entre 1 et 3"),
        (matrix, form(**{f"q{matrix.pk}-r{rows[0].pk}": answering.options_of(matrix)[0].pk}), "il manque"),
        (matrix, form(), "chaque ligne"),
        (matrix, form(**{f"q{matrix.pk}-r{r.pk}": other_choice for r in rows}), "ne fait pas partie"),
    ]  # fmt: skip
    for q, data, message in cases:
        with pytest.raises(ActionError) as error:
            actions.response_save_step(user=resident, survey=survey, question=q, data=data)
        assert message in error.value.message, (q.label, error.value.message)
    assert not Answer.objects.exists()


def test_submit_requires_every_shown_required_question(setup: Any, resident: Any) -> None:
    _demarche, _manager, survey = setup
    first = question(survey, "Mode de transport")
    actions.response_save_step(
        user=resident, survey=survey, question=first, data=form(**{f"q{first.pk}": choice_id(first, "En bus")})
    )
    with pytest.raises(ActionError, match="Sécurité") as error:
        actions.response_submit(user=resident, survey=survey)
    assert "Satisfaction" in error.value.message
    assert "Lieux" not in error.value.message
    other = UserFactory()
    answer_all(other, survey, submit=False)
    with pytest.raises(ActionError, match="tranche d'âge"):
        actions.response_submit(user=other, survey=survey, age_band="centenaire")
    with pytest.raises(ActionError, match="quartier"):
        actions.response_submit(user=other, survey=survey, quartier_id=10**12)


def test_anonymous_survey_keeps_no_link(resident: Any) -> None:
    demarche, manager = survey_demarche()
    survey = full_survey(demarche, manager, anonymous=True)
    response = answer_all(resident, survey, submit=False)
    assert response.user_id is None
    assert response.draft_token
    token = response.draft_token
    response = actions.response_submit(user=resident, survey=survey, token=token, age_band=AgeBand.FROM_30)
    assert response.user_id is None
    assert response.draft_token is None
    assert response.submitted_at is not None
    assert response.submitted_at.minute == 0
    assert Participation.objects.filter(survey=survey, user=resident).exists()
    with pytest.raises(Conflict, match="déjà répondu"):
        answer_all(resident, survey)
    assert queries.personal_data(resident)["survey_answers"] == []
    assert queries.personal_data(resident)["survey_anonymous_participations"] == [{"questionnaire": survey.title}]


def test_dates_and_phases_say_what_why_and_until_when(setup: Any, resident: Any) -> None:
    demarche, manager, survey = setup
    later = timezone.now() + datetime.timedelta(days=3)
    Survey.objects.filter(pk=survey.pk).update(opens_at=later)
    survey.refresh_from_db()
    survey.demarche = demarche
    assert not permissions.can_answer(resident, survey)
    assert "pas encore ouvert" in permissions.answer_denial(resident, survey)
    Survey.objects.filter(pk=survey.pk).update(opens_at=None, closes_at=timezone.now() - datetime.timedelta(hours=1))
    survey.refresh_from_db()
    survey.demarche = demarche
    assert "clos depuis le" in permissions.answer_denial(resident, survey)
    with pytest.raises(PermissionDenied, match="clos depuis"):
        answer_all(resident, survey)
    # The démarche's phase rules apply too (a phase allowing no answer, by override).
    Survey.objects.filter(pk=survey.pk).update(closes_at=None)
    component = demarche.components.get(name="surveys")
    component.settings = {"phase_actions": {"collecte": []}}
    component.save()
    survey = queries.survey_get_for(resident, survey.pk)
    assert "Répondre à un questionnaire" in permissions.answer_denial(resident, survey)
    with pytest.raises(ActionError) as error:
        actions.survey_create(
            author=manager, demarche=demarche, title="T", opens_at=later, closes_at=later - datetime.timedelta(days=1)
        )
    assert error.value.code == "dates_inverted"


def test_rate_limited(setup: Any, resident: Any, settings: Any) -> None:
    _demarche, _manager, survey = setup
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey_step": "2/h"}
    first = question(survey, "Mode de transport")
    data = form(**{f"q{first.pk}": choice_id(first, "En bus")})
    for _n in range(2):
        actions.response_save_step(user=resident, survey=survey, question=first, data=data)
    with pytest.raises(ActionError) as error:
        actions.response_save_step(user=resident, survey=survey, question=first, data=data)
    assert error.value.code == "rate_limited"
    assert "beaucoup de réponses" in error.value.message


# --- pages ----------------------------------------------------------------------------------------


def test_journey_through_the_pages(setup: Any, client_for: Any) -> None:
    _demarche, _manager, survey = setup
    person = UserFactory(quartier=QuartierFactory())
    client = client_for(person)
    page = text(client.get(detail_url(survey)))
    assert "Commencer le questionnaire" in page
    data = answer_data(survey, transport="En voiture")
    location = None
    for q in queries.questions_of(survey):
        response = client.post(detail_url(survey), {**data[q.label].dict(), "question": q.pk, "action": "suivant"})
        assert response.status_code == 302, text(response)
        location = response["Location"]
        if "etape" not in location:
            step = text(client.get(location))
            assert "Question " in step
            assert "<progress" in step
    assert location is not None
    assert location.endswith("?etape=recapitulatif")
    review = text(client.get(location))
    assert "Trop loin à pied" in review
    assert "Votre tranche d'âge" in review
    sent = client.post(detail_url(survey), {"action": "envoyer", "quartier": person.quartier_id, "age_band": "30_44"})
    assert sent.status_code == 302
    assert "Vous avez répondu" in text(client.get(detail_url(survey)))
    response = Response.objects.get(user=person)
    assert response.age_band == "30_44"
    assert response.quartier_id == person.quartier_id


@pytest.mark.parametrize(
    "payload",
    [
        {"action": "suivant"},
        {"action": "suivant", "question": "abc"},
        {"action": "suivant", "question": "99999999999999999999"},
        {"action": "danser", "question": "1"},
        {"action": "envoyer", "quartier": "x"},
        {"action": "envoyer", "age_band": "<script>"},
        {"action": ["suivant", "brouillon"]},
    ],
)
def test_hostile_posts_answer_in_french_never_500(setup: Any, resident: Any, client_for: Any, payload: Any) -> None:
    _demarche, _manager, survey = setup
    response = client_for(resident).post(detail_url(survey), payload)
    assert response.status_code in (400, 403, 409), response.status_code
    assert "form-errors" in text(response)


def test_hostile_step_post_re_renders_the_question_with_its_error(setup: Any, resident: Any, client_for: Any) -> None:
    _demarche, _manager, survey = setup
    scale = question(survey, "Sécurité")
    first = question(survey, "Mode de transport")
    client = client_for(resident)
    client.post(
        detail_url(survey), {f"q{first.pk}": choice_id(first, "À pied"), "question": first.pk, "action": "suivant"}
    )
    multiple = question(survey, "Lieux dangereux")
    client.post(detail_url(survey), {"question": multiple.pk, "action": "suivant"})
    response = client.post(detail_url(survey), {f"q{scale.pk}": "42", "question": scale.pk, "action": "suivant"})
    assert response.status_code == 400
    page = text(response)
    assert "Choisissez une valeur entre 1 et 5." in page
    assert 'aria-describedby="q' in page


def test_visitor_is_asked_to_sign_in(setup: Any, client: Client) -> None:
    _demarche, _manager, survey = setup
    assert "Connectez-vous pour répondre" in text(client.get(detail_url(survey)))
    response = client.post(detail_url(survey), {"action": "suivant"})
    assert (response.status_code == 302 and "connexion" in response["Location"]) or "login" in response["Location"]


def test_draft_survey_hidden_from_residents(setup: Any, resident: Any, client_for: Any) -> None:
    demarche, manager, _survey = setup
    draft = full_survey(demarche, manager, publish=False)
    assert client_for(resident).get(detail_url(draft)).status_code == 404
    assert client_for(manager).get(detail_url(draft)).status_code == 200
    listing = text(client_for(resident).get(reverse("surveys:main", kwargs={"slug": demarche.slug})))
    assert listing.count("Vos trajets") == 1


def test_builder_pages(setup: Any, client_for: Any, resident: Any) -> None:
    demarche, manager, _survey = setup
    client = client_for(manager)
    create = reverse("surveys:create", kwargs={"slug": demarche.slug})
    bad = client.post(create, {"title": "", "opens_at": "le 32 mai", "closes_at": ""})
    assert bad.status_code == 400
    assert "date et une heure valides" in text(bad)
    created = client.post(
        create, {"title": "Satisfaction", "opens_at": "2027-01-10T09:00", "closes_at": "2027-01-01T09:00"}
    )
    assert created.status_code == 400
    assert "La clôture doit venir après l'ouverture." in text(created)
    ancient = client.post(create, {"title": "Satisfaction", "opens_at": "0001-01-01T00:00"})
    assert ancient.status_code == 400
    assert "Choisissez une date entre 2000 et 2200." in text(ancient)
    created = client.post(create, {"title": "Satisfaction", "results_public": "on"})
    survey = Survey.objects.get(title="Satisfaction")
    assert created["Location"] == reverse("surveys:edit", kwargs={"pk": survey.pk})
    add = reverse("surveys:question_add", kwargs={"pk": survey.pk})
    refused = client.post(add, {"kind": "single", "label": "Note", "options": "Seule", "scale_min": 1, "scale_max": 5})
    assert refused.status_code == 400
    assert "Proposez au moins deux choix" in text(refused)
    hostile = client.post(
        add, {"kind": "single", "label": "Note", "options": "a\nb", "scale_min": 1, "scale_max": 5, "condition": "abc"}
    )
    assert hostile.status_code == 400
    assert "Choisissez une condition de la liste" in text(hostile)
    ok = client.post(add, {"kind": "single", "label": "Note", "options": "Bien\nMal", "scale_min": 1, "scale_max": 5})
    assert ok.status_code == 302
    q = Question.objects.get(survey=survey)
    edit = client.get(reverse("surveys:question_edit", kwargs={"pk": q.pk}))
    assert edit.status_code == 200
    assert "Bien\nMal" in text(edit)
    assert client.post(reverse("surveys:publish", kwargs={"pk": survey.pk})).status_code == 302
    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.PUBLISHED
    other = client_for(resident)
    for name in ("surveys:edit", "surveys:question_add", "surveys:publish"):
        assert other.post(reverse(name, kwargs={"pk": survey.pk})).status_code == 404
    assert other.get(reverse("surveys:create", kwargs={"slug": demarche.slug})).status_code == 404
    assert other.post(reverse("surveys:question_delete", kwargs={"pk": q.pk})).status_code == 404


# --- results and export ---------------------------------------------------------------------------


def _answered(survey: Survey, n: int) -> list[Any]:
    people = []
    quartiers = [QuartierFactory(population=1000 * (i + 1)) for i in range(2)]
    for index in range(n):
        person = UserFactory(quartier=quartiers[index % 2])
        answer_all(person, survey, transport="En voiture" if index % 3 == 0 else "À pied", scale=1 + index % 5,
                   why=f"Le trajet est trop long pour l'enfant numéro {index}")  # fmt: skip
        people.append(person)
    return people


def test_results_per_question_crosstab_and_representativeness(setup: Any, resident: Any) -> None:
    _demarche, manager, survey = setup
    _answered(survey, 6)
    Response.objects.filter(survey=survey).update(age_band="30_44")
    results = queries.survey_results(survey, manager, cross="age")
    assert results.respondents == 6
    by_label = {r.question.label: r for r in results.questions}
    transport = by_label["Mode de transport"]
    assert transport.table is not None
    assert transport.table.rows[0][:2] == ["À pied", 4]
    assert transport.table.chart
    assert "<svg" in transport.table.chart
    assert transport.crosstab is not None
    assert "30 à 44 ans" in transport.crosstab.columns
    assert by_label["Pourquoi la voiture ?"].answered == 2
    assert by_label["Sécurité"].summary.startswith("Moyenne")
    ranking = by_label["Aménagements"].table
    assert ranking is not None
    assert ranking.rows[0] == ["Plateau", 18, 1.0]
    matrix = by_label["Satisfaction"].table
    assert matrix is not None
    assert matrix.rows[0][1:] == [0, 0, 6, 0, 3.0]
    assert by_label["Minutes"].summary.startswith("Moyenne : 12")
    remarks = by_label["Remarques"]
    assert remarks.texts
    assert sum(t.count for t in remarks.themes) + remarks.unclassified == 6
    assert sum(row[2] for row in results.representativeness.rows) >= 6 - 0
    public = queries.survey_results(survey, resident, cross="quartier")
    assert public.questions[-1].texts == []
    assert public.questions[-1].themes == []
    assert public.cross == "quartier"
    assert queries.survey_results(survey, resident, cross="'; DROP").cross == ""


def test_results_page_and_reserved_results(setup: Any, client_for: Any, resident: Any) -> None:
    _demarche, manager, survey = setup
    _answered(survey, 3)
    url = reverse("surveys:results", kwargs={"pk": survey.pk})
    page = text(client_for(resident).get(url + "?croiser=quartier"))
    assert "Représentativité des répondant·es" in page
    assert "par quartier" in page
    assert "réservées à l'équipe" in page
    assert "Exporter les réponses" not in page
    assert "Exporter les réponses (CSV)" in text(client_for(manager).get(url))
    listing = text(client_for(resident).get(reverse("surveys:main", kwargs={"slug": survey.demarche.slug})))
    assert "9 questions" in listing
    assert "3 réponses" in listing
    Survey.objects.filter(pk=survey.pk).update(results_public=False)
    assert client_for(resident).get(url).status_code == 403
    assert client_for(resident).get(reverse("surveys:export", kwargs={"pk": survey.pk})).status_code == 403


def test_export_csv(setup: Any, client_for: Any) -> None:
    _demarche, manager, survey = setup
    people = _answered(survey, 3)
    first = question(survey, "Remarques")
    Answer.objects.filter(question=first).update(text='=HYPERLINK("http://evil")')
    response = client_for(manager).get(reverse("surveys:export", kwargs={"pk": survey.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert len(rows) == 1 + len(people)
    header = rows[0]
    assert header[:4] == ["Réponse", "Envoyée le", "Quartier", "Tranche d'âge"]
    assert "Aménagements — Plateau (rang)" in header
    assert "Satisfaction — Éclairage" in header
    assert rows[1][header.index("Mode de transport")] == "En voiture"
    assert rows[1][header.index("Satisfaction — Signalisation")] == "Plutôt oui"
    assert rows[1][header.index("Remarques")].startswith("'=")


def test_query_counts_do_not_grow_with_responses(client_for: Any) -> None:
    pages: dict[int, dict[str, list[str]]] = {}
    for n in (3, 25):
        demarche, manager = survey_demarche()
        survey = full_survey(demarche, manager)
        _answered(survey, n)
        viewer = UserFactory()
        answer_all(viewer, survey, submit=False)
        client, agent_client = client_for(viewer), client_for(manager)
        first = question(survey, "Mode de transport")
        with override_settings(COCITE_CACHING=False):
            pages[n] = {
                "list": real_render_queries(client, reverse("surveys:main", kwargs={"slug": demarche.slug})),
                "intro": real_render_queries(client, detail_url(survey)),
                "step": real_render_queries(client, f"{detail_url(survey)}?question={first.pk}"),
                "review": real_render_queries(client, f"{detail_url(survey)}?etape=recapitulatif"),
                "results": real_render_queries(client, reverse("surveys:results", kwargs={"pk": survey.pk})),
                "results crossed": real_render_queries(
                    agent_client, reverse("surveys:results", kwargs={"pk": survey.pk}) + "?croiser=quartier"
                ),
                "edit": real_render_queries(agent_client, reverse("surveys:edit", kwargs={"pk": survey.pk})),
                "question edit": real_render_queries(
                    agent_client, reverse("surveys:question_edit", kwargs={"pk": first.pk})
                ),
            }
    # Real renders, caches off (the démarche's structure alone is 6 queries then).
    at_most = {"list": 10, "intro": 14, "step": 14, "review": 15, "results": 22, "results crossed": 23, "edit": 12,
               "question edit": 12}  # fmt: skip
    for page, small in pages[3].items():
        assert_same_cost(small, pages[25][page], at_most=at_most[page], what=page)


def test_export_query_count_is_per_batch(setup: Any, client_for: Any, django_assert_max_num_queries: Any) -> None:
    _demarche, manager, survey = setup
    _answered(survey, 12)
    client = client_for(manager)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("surveys:export", kwargs={"pk": survey.pk}))
        b"".join(response.streaming_content)


def test_demarche_page_shows_the_component(setup: Any, client: Client) -> None:
    demarche, _manager, _survey = setup
    page = text(client.get(demarche.get_absolute_url()))
    assert "Voir les questionnaires" in page
    assert "1 questionnaire" in page


def test_choices_of_options_and_rows_are_apart(setup: Any) -> None:
    _demarche, _manager, survey = setup
    matrix = question(survey, "Satisfaction")
    assert Choice.objects.filter(question=matrix, role=Choice.Role.ROW).count() == 2
    assert answering.parse_date("14/07/2027") == datetime.date(2027, 7, 14)
    assert answering.parse_date("2027-07-14") == datetime.date(2027, 7, 14)
    assert answering.parse_date("14-07-2027") is None
