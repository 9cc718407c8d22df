"""Test helpers: a démarche hosting surveys, run by an agent; a survey with every question kind."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.demarches.models import Demarche, DemarcheComponent
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.surveys import actions, answering
from cocite.surveys.actions import QuestionInput
from cocite.surveys.models import Question, Response, Survey
from cocite.territory.tests.factories import DepartmentFactory


def survey_demarche(**kwargs: Any) -> tuple[Demarche, User]:
    """A published démarche in its collection phase with the surveys component, and the agent who runs it."""
    manager = UserFactory()
    department = DepartmentFactory(members=[manager])
    demarche = DemarcheFactory(managing_department=department, **kwargs)
    DemarcheComponent.objects.create(demarche=demarche, name="surveys", position=1)
    return fresh(demarche), manager


def fresh(demarche: Demarche) -> Demarche:
    return Demarche.objects.prefetch_related("components", "phases").get(pk=demarche.pk)


KINDS = [
    QuestionInput(kind="single", label="Mode de transport", required=True, options=["À pied", "En voiture", "En bus"]),
    QuestionInput(kind="short_text", label="Pourquoi la voiture ?"),  # conditional, set below
    QuestionInput(kind="multiple", label="Lieux dangereux", options=["Gare", "Pasteur", "Verdun"]),
    QuestionInput(kind="scale", label="Sécurité", required=True, scale_min=1, scale_max=5),
    QuestionInput(kind="ranking", label="Aménagements", options=["Plateau", "Éclairage", "Vélos"]),
    QuestionInput(kind="number", label="Minutes", number_min=1, number_max=120),
    QuestionInput(kind="date", label="Depuis quand"),
    QuestionInput(
        kind="matrix",
        label="Satisfaction",
        required=True,
        options=["Non", "Plutôt non", "Plutôt oui", "Oui"],
        rows=["Signalisation", "Éclairage"],
    ),
    QuestionInput(kind="long_text", label="Remarques"),
]


def full_survey(
    demarche: Demarche, manager: User, *, anonymous: bool = False, crosstab: bool = True, publish: bool = True
) -> Survey:
    survey = actions.survey_create(
        author=manager, demarche=demarche, title="Vos trajets", anonymous=anonymous, crosstab=crosstab
    )
    first = None
    for spec in KINDS:
        if spec.label == "Pourquoi la voiture ?":
            assert first is not None
            car = next(c for c in first.choices.all() if c.label == "En voiture")
            spec = QuestionInput(kind=spec.kind, label=spec.label, condition_choice_id=car.pk)
        question = actions.question_add(author=manager, survey=survey, data=spec)
        first = first or question
    if publish:
        survey = actions.survey_publish(author=manager, survey=survey)
    survey.demarche = demarche
    return survey


def question(survey: Survey, label: str) -> Question:
    return Question.objects.prefetch_related("choices").get(survey=survey, label=label)


def choice_id(q: Question, label: str) -> int:
    return next(c.pk for c in q.choices.all() if c.label == label)


def form(**values: Any) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = str(value)
    return data


def answer_data(survey: Survey, *, transport: str = "À pied", why: str = "", scale: int = 4) -> dict[str, QueryDict]:
    """A complete, valid answer to every shown question, per question label."""
    q = {label: question(survey, label) for label in [spec.label for spec in KINDS]}
    ranking, matrix = q["Aménagements"], q["Satisfaction"]
    name = answering.field_name
    data = {
        "Mode de transport": form(**{name(q["Mode de transport"]): choice_id(q["Mode de transport"], transport)}),
        "Lieux dangereux": form(**{name(q["Lieux dangereux"]): [choice_id(q["Lieux dangereux"], "Gare")]}),
        "Sécurité": form(**{name(q["Sécurité"]): scale}),
        "Aménagements": form(
            **{f"{name(ranking)}-c{c.pk}": i for i, c in enumerate(answering.options_of(ranking), start=1)}
        ),
        "Minutes": form(**{name(q["Minutes"]): 12}),
        "Depuis quand": form(**{name(q["Depuis quand"]): "01/09/2024"}),
        "Satisfaction": form(
            **{f"{name(matrix)}-r{r.pk}": answering.options_of(matrix)[2].pk for r in answering.rows_of(matrix)}
        ),
        "Remarques": form(**{name(q["Remarques"]): "Les voitures roulent trop vite avenue de Verdun."}),
    }
    if transport == "En voiture":
        data["Pourquoi la voiture ?"] = form(**{name(q["Pourquoi la voiture ?"]): why or "Trop loin à pied"})
    return data


def answer_all(user: User, survey: Survey, *, token: str | None = None, submit: bool = True, **kwargs: Any) -> Response:
    data = answer_data(survey, **kwargs)
    response = None
    for label in [spec.label for spec in KINDS]:
        if label not in data:
            continue
        result = actions.response_save_step(
            user=user, survey=survey, question=question(survey, label), data=data[label], token=token
        )
        response = result.response
        token = response.draft_token or token
    assert response is not None
    if submit:
        response = actions.response_submit(user=user, survey=survey, token=token, quartier_id=user.quartier_id)
    return response
