"""Reads for surveys. Every page costs a bounded number of queries, whatever the number of
questions, choices or responses; `*_get_for(user, …)` raise 404 for what a person may not see.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.analysis.charts import bar_chart
from cocite.analysis.dashboards import QuartierFigure, Table, demarche_scope, quartier_figures, quartier_table
from cocite.analysis.grouping import group_texts
from cocite.core.personal_data import rows as personal_rows
from cocite.demarches.models import Demarche, DemarcheComponent
from cocite.demarches.queries import demarche_get_for, demarche_structure
from cocite.territory.models import Quartier

from . import permissions
from .answering import options_of, rows_of
from .models import COMPONENT_NAME, AgeBand, Answer, Choice, Participation, Question, Response, Survey

# Free texts grouped into themes per question (the most recent ones beyond that are listed, not grouped).
GROUPED_TEXTS_LIMIT = 500
# Free texts listed to those who run the démarche, per question.
LISTED_TEXTS_LIMIT = 50
THEME_EXAMPLES = 3
EXPORT_BATCH = 500
CROSSTABS = ("quartier", "age")


# --- fetching -------------------------------------------------------------------------------------


def component_config(demarche: Demarche) -> DemarcheComponent | None:
    return next((c for c in demarche.enabled_components() if c.name == COMPONENT_NAME), None)


def demarche_with_component_get_for(user: Viewer, slug: str) -> Demarche:
    demarche = demarche_get_for(user, slug)
    if component_config(demarche) is None:
        raise Http404
    return demarche


def surveys_of(demarche: Demarche, user: Viewer) -> list[Survey]:
    """The démarche's surveys this person may see, with their number of submitted responses (one query)."""
    surveys = Survey.objects.filter(demarche=demarche).annotate(
        n_responses=Count("responses", filter=Q(responses__submitted_at__isnull=False), distinct=True),
        n_questions=Count("questions", distinct=True),
    )
    if not permissions.can_manage(user, demarche):
        surveys = surveys.filter(status=Survey.Status.PUBLISHED)
    found: list[Survey] = list(surveys.order_by("pk"))
    for survey in found:
        survey.demarche = demarche
    return found


def survey_get_for(user: Viewer, pk: int) -> Survey:
    survey = Survey.objects.filter(pk=pk).first()
    if survey is None:
        raise Http404
    demarche = demarche_structure(survey.demarche_id)
    if demarche is None:
        raise Http404
    survey.demarche = demarche
    if component_config(demarche) is None or not permissions.can_view(user, survey):
        raise Http404
    return survey


def survey_manage_get_for(user: Viewer, pk: int) -> Survey:
    survey = survey_get_for(user, pk)
    if not permissions.can_manage(user, survey.demarche):
        raise Http404
    return survey


def question_manage_get_for(user: Viewer, pk: int) -> Question:
    question = Question.objects.filter(pk=pk).first()
    if question is None:
        raise Http404
    question.survey = survey_manage_get_for(user, question.survey_id)
    return question


def questions_of(survey: Survey) -> list[Question]:
    """Questions in order with their choices and conditions (two queries)."""
    questions = list(
        Question.objects.filter(survey=survey)
        .select_related("condition_choice", "condition_choice__question")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("role", "position", "pk")))
        .order_by("position", "pk")
    )
    for question in questions:
        question.survey = survey
    return questions


def has_responses(survey: Survey) -> bool:
    return Response.objects.filter(survey=survey).exists()


def response_of(user: Viewer, survey: Survey, token: str | None) -> Response | None:
    """The person's response (draft or submitted): by person for named surveys, by session token otherwise."""
    if survey.anonymous:
        if not token:
            return None
        return Response.objects.prefetch_related("answers").filter(survey=survey, draft_token=token).first()
    if not is_signed_in(user):
        return None
    return Response.objects.prefetch_related("answers").filter(survey=survey, user=user).first()


def has_answered_anonymously(user: Viewer, survey: Survey) -> bool:
    return is_signed_in(user) and Participation.objects.filter(survey=survey, user=user).exists()


def quartiers() -> list[Quartier]:
    return list(Quartier.objects.order_by("name").only("pk", "name", "population"))


# --- results --------------------------------------------------------------------------------------


@dataclass
class ThemeGroup:
    label: str
    count: int
    examples: list[str] = field(default_factory=list)


@dataclass
class QuestionResult:
    question: Question
    answered: int
    summary: str = ""
    table: Table | None = None
    crosstab: Table | None = None
    themes: list[ThemeGroup] = field(default_factory=list)
    unclassified: int = 0
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int
    questions: list[QuestionResult]
    representativeness: Table
    quartier_figures: list[QuartierFigure]
    cross: str
    free_texts: bool


def _percent(n: int, total: int) -> float:
    return round(100 * n / total, 1) if total else 0.0


def _fmt(value: float) -> str:
    return formats.number_format(value, decimal_pos=1 if value != int(value) else 0)


def survey_results(survey: Survey, viewer: Viewer, *, cross: str = "") -> SurveyResults:
    """Every question's figures (about ten queries whatever the number of responses and questions)."""
    questions = questions_of(survey)
    submitted = Answer.objects.filter(response__survey=survey, response__submitted_at__isnull=False)
    respondents = Response.objects.filter(survey=survey, submitted_at__isnull=False).count()
    answered = dict(
        submitted.values("question_id").annotate(n=Count("response_id", distinct=True)).values_list("question_id", "n")
    )
    choice_counts: dict[tuple[int, int | None, int | None], int] = {}
    rank_sums: dict[tuple[int, int], int] = {}
    value_counts: dict[int, dict[Any, int]] = defaultdict(dict)
    for row in (
        submitted.filter(choice__isnull=False).values("question_id", "choice_id", "row_id").annotate(n=Count("pk"))
    ):
        choice_counts[(row["question_id"], row["choice_id"], row["row_id"])] = row["n"]
    for question_id, choice_id, total in (
        submitted.filter(rank__isnull=False)
        .values("question_id", "choice_id")
        .annotate(total=Sum("rank"))
        .values_list("question_id", "choice_id", "total")
    ):
        rank_sums[(question_id, choice_id)] = total or 0
    for question_id, number, n in (
        submitted.filter(number__isnull=False)
        .values("question_id", "number")
        .annotate(n=Count("pk"))
        .values_list("question_id", "number", "n")
    ):
        value_counts[question_id][number] = n
    for question_id, date, n in (
        submitted.filter(date__isnull=False)
        .values("question_id", "date")
        .annotate(n=Count("pk"))
        .values_list("question_id", "date", "n")
    ):
        if date is None:
            continue
        month = date.replace(day=1)
        value_counts[question_id][month] = value_counts[question_id].get(month, 0) + n
    free_texts = permissions.can_read_free_texts(viewer, survey)
    texts = _texts(survey, questions)
    cross = cross if cross in CROSSTABS and survey.crosstab else ""
    crossed = _crossed(survey, cross) if cross else {}
    cross_labels = _cross_labels(cross) if cross else []
    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=answered.get(question.pk, 0))
        _fill(result, choice_counts, rank_sums, value_counts.get(question.pk, {}))
        if cross and question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            result.crosstab = _crosstab(question, crossed, cross, cross_labels)
        if question.is_text:
            _themes(result, texts.get(question.pk, []), free_texts)
        results.append(result)
    by_quartier: dict[int | None, int] = dict(
        Response.objects.filter(survey=survey, submitted_at__isnull=False)
        .values("quartier_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("quartier_id", "n")
    )
    figures, unlocated = quartier_figures(by_quartier, demarche_scope(survey.demarche))
    return SurveyResults(
        survey=survey,
        respondents=respondents,
        questions=results,
        representativeness=quartier_table(figures, unlocated, chart_id="graphique-representativite"),
        quartier_figures=figures,
        cross=cross,
        free_texts=free_texts,
    )


def _chart(
    question: Question, suffix: str, title: str, description: str, items: list[tuple[str, float | None]]
) -> SafeString:
    return bar_chart(
        chart_id=f"graphique-question-{question.pk}{suffix}",
        title=title,
        description=description,
        items=items,
        value_format=_fmt,
    )


def _fill(
    result: QuestionResult,
    choice_counts: dict[tuple[int, int | None, int | None], int],
    rank_sums: dict[tuple[int, int], int],
    values: dict[Any, int],
) -> None:
    question, n = result.question, result.answered
    kind = question.kind
    described = _("Les chiffres sont dans le tableau qui suit.")
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        options = options_of(question)
        counts = [(c.label, choice_counts.get((question.pk, c.pk, None), 0)) for c in options]
        result.table = Table(
            key=f"question-{question.pk}",
            caption=question.label,
            columns=[_("Réponse"), _("Nombre"), _("Part des répondant·es (%)")],
            rows=[[label, count, _percent(count, n)] for label, count in counts],
            numeric=[False, True, True],
            chart=_chart(
                question,
                "",
                question.label,
                _("Part des répondant·es ayant choisi chaque réponse, en %.") + " " + described,
                [(label, _percent(count, n)) for label, count in counts],
            ),
        )
        if kind == Question.Kind.MULTIPLE:
            result.summary = _("Plusieurs réponses possibles : le total peut dépasser 100 %.")
    elif kind == Question.Kind.RANKING:
        options = options_of(question)
        size = len(options)
        # Points: a first place is worth as many points as there are choices, a last place one point.
        ranking: list[tuple[str, int, float | None]] = []
        for c in options:
            ranked = choice_counts.get((question.pk, c.pk, None), 0)
            points = ranked * (size + 1) - rank_sums.get((question.pk, c.pk), 0)
            mean = rank_sums.get((question.pk, c.pk), 0) / ranked if ranked else None
            ranking.append((c.label, points, round(mean, 2) if mean is not None else None))
        ranking.sort(key=lambda r: (-r[1], r[0]))
        result.table = Table(
            key=f"question-{question.pk}",
            caption=question.label,
            columns=[_("Choix"), _("Points"), _("Rang moyen")],
            rows=[list(r) for r in ranking],
            numeric=[False, True, True],
            chart=_chart(
                question,
                "",
                question.label,
                _(
                    "Points de chaque choix : une première place vaut autant de points qu'il y a de choix, "
                    "une dernière place un point."
                )
                + " "
                + described,
                [(r[0], float(r[1])) for r in ranking],
            ),
        )
    elif kind == Question.Kind.MATRIX:
        columns = options_of(question)
        rows_out: list[list[Any]] = []
        chart_items: list[tuple[str, float | None]] = []
        for row in rows_of(question):
            cells = [choice_counts.get((question.pk, c.pk, row.pk), 0) for c in columns]
            total = sum(cells)
            mean = sum((i + 1) * k for i, k in enumerate(cells)) / total if total else None
            rows_out.append([row.label, *cells, round(mean, 2) if mean is not None else None])
            chart_items.append((row.label, round(mean, 2) if mean is not None else None))
        result.table = Table(
            key=f"question-{question.pk}",
            caption=question.label,
            columns=[_("Ligne"), *[c.label for c in columns], _("Score moyen")],
            rows=rows_out,
            numeric=[False, *[True] * len(columns), True],
            chart=_chart(
                question,
                "",
                question.label,
                _("Score moyen de chaque ligne, de 1 (« %(first)s ») à %(n)s (« %(last)s »).")
                % {
                    "first": columns[0].label if columns else "",
                    "n": len(columns),
                    "last": columns[-1].label if columns else "",
                }
                + " "
                + described,
                chart_items,
            ),
        )
    elif kind == Question.Kind.SCALE:
        scale = range(question.scale_min, question.scale_max + 1)
        total = sum(values.get(v, 0) for v in scale)
        mean = sum(v * values.get(v, 0) for v in scale) / total if total else None
        result.table = Table(
            key=f"question-{question.pk}",
            caption=question.label,
            columns=[_("Valeur"), _("Nombre"), _("Part des répondant·es (%)")],
            rows=[[_scale_label(question, v), values.get(v, 0), _percent(values.get(v, 0), n)] for v in scale],
            numeric=[False, True, True],
            chart=_chart(
                question,
                "",
                question.label,
                _("Part des répondant·es pour chaque valeur, en %.") + " " + described,
                [(_scale_label(question, v), _percent(values.get(v, 0), n)) for v in scale],
            ),
        )
        if mean is not None:
            result.summary = _("Moyenne : %(mean)s.") % {"mean": _fmt(round(mean, 2))}
    elif kind == Question.Kind.NUMBER:
        _number_table(result, values)
    elif kind == Question.Kind.DATE:
        months = sorted(values)
        result.table = Table(
            key=f"question-{question.pk}",
            caption=question.label,
            columns=[_("Mois"), _("Nombre")],
            rows=[[formats.date_format(m, "YEAR_MONTH_FORMAT"), values[m]] for m in months],
            numeric=[False, True],
            chart=_chart(
                question,
                "",
                question.label,
                _("Nombre de réponses par mois.") + " " + described,
                [(formats.date_format(m, "YEAR_MONTH_FORMAT"), float(values[m])) for m in months],
            )
            if months
            else None,
        )


def _scale_label(question: Question, value: int) -> str:
    if value == question.scale_min and question.scale_min_label:
        return f"{value} ({question.scale_min_label})"
    if value == question.scale_max and question.scale_max_label:
        return f"{value} ({question.scale_max_label})"
    return str(value)


NUMBER_BINS = 6


def _number_table(result: QuestionResult, values: dict[Any, int]) -> None:
    question = result.question
    if not values:
        result.table = Table(
            key=f"question-{question.pk}",
            caption=question.label,
            columns=[_("Tranche"), _("Nombre")],
            rows=[],
            numeric=[False, True],
        )
        return
    low, high = min(values), max(values)
    width = max(1, -(-(high - low + 1) // NUMBER_BINS))
    bins: list[tuple[str, int]] = []
    start = low
    while start <= high:
        end = start + width - 1
        count = sum(n for v, n in values.items() if start <= v <= end)
        label = str(start) if width == 1 else _("de %(low)s à %(high)s") % {"low": start, "high": end}
        bins.append((label, count))
        start = end + 1
    total = sum(values.values())
    mean = sum(v * n for v, n in values.items()) / total
    ordered = sorted(v for v, n in values.items() for _i in range(n)) if total <= 100_000 else []
    median = ordered[len(ordered) // 2] if ordered else None
    result.summary = _("Moyenne : %(mean)s ; médiane : %(median)s ; minimum : %(min)s ; maximum : %(max)s.") % {
        "mean": _fmt(round(mean, 2)),
        "median": median if median is not None else "—",
        "min": low,
        "max": high,
    }
    result.table = Table(
        key=f"question-{question.pk}",
        caption=question.label,
        columns=[_("Tranche"), _("Nombre")],
        rows=[[label, count] for label, count in bins],
        numeric=[False, True],
        chart=_chart(
            question,
            "",
            question.label,
            _("Nombre de réponses par tranche de valeurs.") + " " + _("Les chiffres sont dans le tableau qui suit."),
            [(label, float(count)) for label, count in bins],
        ),
    )


def _texts(survey: Survey, questions: Sequence[Question]) -> dict[int, list[tuple[int, str]]]:
    """The latest free texts of each text question (one query, at most GROUPED_TEXTS_LIMIT per question)."""
    text_ids = [q.pk for q in questions if q.is_text]
    if not text_ids:
        return {}
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        Answer.objects.filter(question_id__in=text_ids, response__submitted_at__isnull=False)
        .exclude(text="")
        .order_by("-pk")
        .values_list("pk", "question_id", "text")[: GROUPED_TEXTS_LIMIT * len(text_ids)]
    )
    for pk, question_id, text in rows:
        if len(found[question_id]) < GROUPED_TEXTS_LIMIT:
            found[question_id].append((pk, text))
    return found


def _themes(result: QuestionResult, texts: list[tuple[int, str]], free_texts: bool) -> None:
    """Free texts grouped by the analysis app's theme grouping (cached by the texts grouped).

    Only for those who may read the free texts: a theme's label is made of the answers' own words.
    """
    if not free_texts:
        return
    result.texts = [text for _pk, text in texts[:LISTED_TEXTS_LIMIT]]
    if len(texts) < 2:
        result.unclassified = len(texts)
        return
    digest = hashlib.sha256(",".join(str(pk) for pk, _text in texts).encode()).hexdigest()[:24]
    key = f"surveys:themes:{result.question.pk}:{digest}"
    grouped = cache.get(key)
    if grouped is None:
        grouping = group_texts(texts, duplicate_threshold=1.01)
        grouped = {
            "themes": [(theme.label, sorted(theme.members)) for theme in grouping.themes],
            "unclassified": len(grouping.unclassified),
        }
        cache.set(key, grouped, 3600)
    by_id = dict(texts)
    result.themes = [
        ThemeGroup(
            label=label,
            count=len(members),
            examples=[by_id[m] for m in members[:THEME_EXAMPLES] if m in by_id],
        )
        for label, members in sorted(grouped["themes"], key=lambda t: (-len(t[1]), t[0]))
    ]
    result.unclassified = grouped["unclassified"]


def _crossed(survey: Survey, cross: str) -> dict[tuple[int, int, Any], int]:
    column = "response__quartier_id" if cross == "quartier" else "response__age_band"
    rows = (
        Answer.objects.filter(
            response__survey=survey,
            response__submitted_at__isnull=False,
            choice__isnull=False,
            row__isnull=True,
            question__kind__in=[Question.Kind.SINGLE, Question.Kind.MULTIPLE],
        )
        .values("question_id", "choice_id", column)
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("question_id", "choice_id", column, "n")
    )
    return {(q, c, group or None): n for q, c, group, n in rows}


def _cross_labels(cross: str) -> list[tuple[Any, str]]:
    if cross == "quartier":
        groups: list[tuple[Any, str]] = [(q.pk, q.name) for q in quartiers()]
    else:
        groups = [(value, str(label)) for value, label in AgeBand.choices]
    return [*groups, (None, _("Non précisé"))]


def _crosstab(
    question: Question, crossed: dict[tuple[int, int, Any], int], cross: str, labels: list[tuple[Any, str]]
) -> Table:
    used = [(key, label) for key, label in labels if any(k[0] == question.pk and k[2] == key for k in crossed)]
    caption = (
        _("« %(question)s » par quartier") if cross == "quartier" else _("« %(question)s » par tranche d'âge")
    ) % {"question": question.label}
    return Table(
        key=f"croisement-{question.pk}",
        caption=caption,
        columns=[_("Réponse"), *[label for _key, label in used]],
        rows=[
            [c.label, *[crossed.get((question.pk, c.pk, key), 0) for key, _label in used]] for c in options_of(question)
        ],
        numeric=[False, *[True] * len(used)],
    )


# --- export ---------------------------------------------------------------------------------------


def export_header(survey: Survey, questions: Sequence[Question]) -> list[str]:
    header = [_("Réponse"), _("Envoyée le"), _("Quartier"), _("Tranche d'âge")]
    for question in questions:
        if question.kind == Question.Kind.RANKING:
            header += [f"{question.label} — {c.label} ({_('rang')})" for c in options_of(question)]
        elif question.kind == Question.Kind.MATRIX:
            header += [f"{question.label} — {r.label}" for r in rows_of(question)]
        else:
            header.append(question.label)
    return header


def export_rows(survey: Survey, questions: Sequence[Question]) -> Iterator[list[Any]]:
    """One row per submitted response, in batches (two queries per EXPORT_BATCH responses)."""
    labels = {c.pk: c.label for q in questions for c in q.choices.all()}
    quartier_names = {q.pk: q.name for q in quartiers()}
    bands = dict(AgeBand.choices)
    last = 0
    while True:
        batch = list(
            Response.objects.filter(survey=survey, submitted_at__isnull=False, pk__gt=last)
            .order_by("pk")
            .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("question_id", "rank", "pk")))[
                :EXPORT_BATCH
            ]
        )
        if not batch:
            return
        for response in batch:
            by_question: dict[int, list[Answer]] = defaultdict(list)
            for answer in response.answers.all():
                by_question[answer.question_id].append(answer)
            row: list[Any] = [
                response.pk,
                response.submitted_at.date().isoformat() if response.submitted_at else "",
                quartier_names.get(response.quartier_id or 0, ""),
                str(bands.get(response.age_band, "")),
            ]
            for question in questions:
                row += _export_cells(question, by_question.get(question.pk, []), labels)
            yield row
        last = batch[-1].pk


def _export_cells(question: Question, answers: list[Answer], labels: dict[int, str]) -> list[Any]:
    kind = question.kind
    if kind == Question.Kind.RANKING:
        ranks = {a.choice_id: a.rank for a in answers}
        return [ranks.get(c.pk, "") for c in options_of(question)]
    if kind == Question.Kind.MATRIX:
        chosen = {a.row_id: labels.get(a.choice_id or 0, "") for a in answers}
        return [chosen.get(r.pk, "") for r in rows_of(question)]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return [" ; ".join(labels.get(a.choice_id or 0, "") for a in answers)]
    if kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
        return [answers[0].number if answers else ""]
    if kind == Question.Kind.DATE:
        return [answers[0].date.isoformat() if answers and answers[0].date else ""]
    return [answers[0].text if answers else ""]


# --- démarche page, personal data -----------------------------------------------------------------


def figures_by_demarche(demarche_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """(published surveys, submitted responses) per démarche, in one query."""
    rows = (
        Survey.objects.filter(demarche_id__in=demarche_ids, status=Survey.Status.PUBLISHED)
        .values("demarche_id")
        .annotate(
            n_surveys=Count("pk", distinct=True),
            n_responses=Count("responses", filter=Q(responses__submitted_at__isnull=False)),
        )
        .order_by()
        .values_list("demarche_id", "n_surveys", "n_responses")
    )
    return {demarche_id: (n_surveys, n_responses) for demarche_id, n_surveys, n_responses in rows}


def personal_data(user: User) -> dict[str, Any]:
    """Answers to named surveys (anonymous ones keep no link to the person: only that they answered)."""
    answers = Answer.objects.filter(response__user=user).order_by("response_id", "question__position", "rank", "pk")
    return {
        "survey_answers": personal_rows(
            answers,
            [
                "response__survey__title",
                "response__submitted_at",
                "question__label",
                "row__label",
                "choice__label",
                "rank",
                "number",
                "date",
                "text",
            ],
            rename={
                "response__survey__title": "questionnaire",
                "response__submitted_at": "envoyee_le",
                "question__label": "question",
                "row__label": "ligne",
                "choice__label": "choix",
                "number": "valeur",
                "text": "texte",
            },
        ),
        "survey_anonymous_participations": personal_rows(
            Participation.objects.filter(user=user).order_by("pk"),
            ["survey__title"],
            rename={"survey__title": "questionnaire"},
        ),
    }
