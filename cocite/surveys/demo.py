"""Demo survey: « Vos trajets vers l'école » in the démarche of the schools of La Gare.

One question of every kind and a conditional one (asked only to those who drive their child),
built through the actions as the démarche's team would in the site, then about forty demo
people answer it (answers drawn with a fixed seed, so the demo is the same at every load),
through the same actions as the answering pages. Idempotent: the survey is found by its title
and only answered while it has no response.
"""

from __future__ import annotations

import datetime
import random
from typing import Any, TextIO

from django.http import QueryDict
from django.utils import timezone

from cocite.accounts.models import User
from cocite.core import demo
from cocite.demarches.models import Demarche, DemarcheComponent

from . import actions, answering, queries
from .models import COMPONENT_NAME, AgeBand, Question, Response, Survey

DEMO_DOMAIN = "demo.bellerive.example"
DATA_FILE = "surveys.yaml"
RANDOM_SEED = 2026
DRAFT_TITLE = "Après les travaux : votre avis"
QUESTION_KEYS = {"kind", "label"}
QUESTION_OPTIONAL = {"required", "help_text", "options", "rows", "scale", "number", "condition", "texts"}


def _load() -> tuple[demo.DemoData, dict[str, Any], list[dict[str, Any]]]:
    data = demo.load(__package__ or "cocite.surveys", DATA_FILE)
    survey = demo.check(
        data, data["survey"], required={"title", "introduction", "anonymous", "crosstab"}, where="survey"
    )
    questions = demo.records(
        data, data["questions"], required=QUESTION_KEYS, optional=QUESTION_OPTIONAL, where="questions"
    )
    for index, raw in enumerate(questions):
        if raw["kind"] not in Question.Kind.values:
            raise demo.fail(data, f"questions: {demo.describe(raw, index)}", f"unknown kind {raw['kind']!r}")
    return data, survey, questions


def seed(stdout: TextIO) -> None:
    data, spec, question_specs = _load()
    demarche = Demarche.objects.filter(slug=data["demarche"]).first()
    if demarche is None:
        return
    # A démarche's component slots have no action of their own (the admin adds them).
    DemarcheComponent.objects.get_or_create(demarche=demarche, name=COMPONENT_NAME, defaults={"position": 2})
    demarche = Demarche.objects.prefetch_related("components", "phases").get(pk=demarche.pk)
    author = User.objects.get(email=f"{data['author']}@{DEMO_DOMAIN}")
    survey = Survey.objects.filter(demarche=demarche, title=spec["title"]).first()
    if survey is None:
        survey = _build(demarche, author, spec, question_specs)
    survey.demarche = demarche
    if not Response.objects.filter(survey=survey).exists():
        _answer(survey, data, question_specs)
    # A survey still in preparation (no response): its questions can be edited, moved and published.
    if not Survey.objects.filter(demarche=demarche, title=DRAFT_TITLE).exists():
        draft = actions.survey_create(author=author, demarche=demarche, title=DRAFT_TITLE, anonymous=True)
        for label in ("Les aménagements réalisés vous conviennent-ils ?", "Vos enfants vont-ils plus souvent à pied ?"):
            actions.question_add(
                author=author,
                survey=draft,
                data=actions.QuestionInput(kind="single", label=label, options=["Oui", "Non"]),
            )
    n = Response.objects.filter(survey=survey, submitted_at__isnull=False).count()
    stdout.write(f"  questionnaire « {survey.title} » : {survey.questions.count()} questions, {n} réponses")


def _build(demarche: Demarche, author: User, spec: dict[str, Any], question_specs: list[dict[str, Any]]) -> Survey:
    survey = actions.survey_create(
        author=author,
        demarche=demarche,
        title=spec["title"],
        introduction=spec["introduction"],
        anonymous=bool(spec["anonymous"]),
        crosstab=bool(spec["crosstab"]),
    )
    by_label: dict[str, Question] = {}
    for raw in question_specs:
        condition_id = None
        if raw.get("condition"):
            parent_label, option_label = raw["condition"]
            parent = by_label[parent_label]
            condition_id = next(c.pk for c in parent.choices.all() if c.label == option_label)
        scale = raw.get("scale") or {}
        number = raw.get("number") or {}
        question = actions.question_add(
            author=author,
            survey=survey,
            data=actions.QuestionInput(
                kind=raw["kind"],
                label=raw["label"],
                help_text=raw.get("help_text", ""),
                required=bool(raw.get("required")),
                options=list(raw.get("options") or []),
                rows=list(raw.get("rows") or []),
                scale_min=int(scale.get("min", 1)),
                scale_max=int(scale.get("max", 5)),
                scale_min_label=scale.get("min_label", ""),
                scale_max_label=scale.get("max_label", ""),
                number_min=number.get("min"),
                number_max=number.get("max"),
                condition_choice_id=condition_id,
            ),
        )
        by_label[question.label] = question
    return actions.survey_publish(author=author, survey=survey)


def _draw(rng: random.Random, question: Question, texts: list[str]) -> QueryDict:
    data = QueryDict(mutable=True)
    name = answering.field_name(question)
    options = answering.options_of(question)
    kind = question.kind
    if kind == Question.Kind.SINGLE:
        data[name] = str(rng.choices(options, weights=[4, 2, 3, 1][: len(options)] or None)[0].pk)
    elif kind == Question.Kind.MULTIPLE:
        data.setlist(name, [str(c.pk) for c in options if rng.random() < 0.45] or [str(rng.choice(options).pk)])
    elif kind == Question.Kind.SCALE:
        data[name] = str(rng.choices(range(question.scale_min, question.scale_max + 1), weights=[3, 4, 3, 2, 1])[0])
    elif kind == Question.Kind.RANKING:
        order = options[:]
        rng.shuffle(order)
        for rank, option in enumerate(order, start=1):
            data[f"{name}-c{option.pk}"] = str(rank)
    elif kind == Question.Kind.NUMBER:
        data[name] = str(rng.randint(4, 35))
    elif kind == Question.Kind.DATE:
        data[name] = datetime.date(rng.choice([2022, 2023, 2024, 2025]), 9, rng.randint(1, 5)).isoformat()
    elif kind == Question.Kind.MATRIX:
        for row in answering.rows_of(question):
            data[f"{name}-r{row.pk}"] = str(rng.choice(options).pk)
    elif texts and rng.random() < 0.7:
        data[name] = rng.choice(texts)
    return data


def _answer(survey: Survey, data: demo.DemoData, question_specs: list[dict[str, Any]]) -> None:
    rng = random.Random(RANDOM_SEED)
    texts = {raw["label"]: list(raw.get("texts") or []) for raw in question_specs}
    people = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_active=True)
        .exclude(email__in=[f"{local}@{DEMO_DOMAIN}" for local in data["not_answering"]])
        .order_by("pk")[: int(data["respondents"])]
    )
    questions = queries.questions_of(survey)
    now = timezone.now()
    bands = list(AgeBand.values)
    for index, person in enumerate(people):
        answered: list[Any] = []
        for question in questions:
            chosen = answering.chosen_by_question(answered)
            if question not in answering.visible_questions(questions, chosen):
                continue
            result = actions.response_save_step(
                user=person,
                survey=survey,
                question=question,
                data=_draw(rng, question, texts.get(question.label, [])),
                rate_limited=False,
            )
            answered = list(result.response.answers.all())
        actions.response_submit(
            user=person,
            survey=survey,
            quartier_id=person.quartier_id,
            age_band=rng.choice(bands[1:]) if rng.random() < 0.9 else "",
            at=now - datetime.timedelta(days=18 - index * 18 // max(len(people), 1), hours=rng.randint(0, 10)),
            rate_limited=False,
        )
