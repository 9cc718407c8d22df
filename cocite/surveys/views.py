"""Pages of surveys: the list in a démarche, answering step by step, results, export, building.

Every form works without JavaScript: one question per step (POST, then redirect to the next
shown question), a review step, then sending. Those who run the démarche build surveys in
the site: settings, questions added, edited, moved and deleted, then publication.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.core import csv_writer
from cocite.core.errors import ActionError
from cocite.core.params import parse_id

from . import actions, answering, permissions, queries
from .forms import QuestionForm, SurveyForm
from .models import AgeBand, Answer, Question, Response, Survey

REVIEW = "recapitulatif"
STEP_ACTIONS = ("suivant", "precedent", "brouillon")


def _token_key(survey: Survey) -> str:
    return f"surveys:draft:{survey.pk}"


def _token(request: HttpRequest, survey: Survey) -> str | None:
    value = request.session.get(_token_key(survey)) if survey.anonymous else None
    return value if isinstance(value, str) else None


def _detail_url(survey: Survey, *, question: Question | None = None, review: bool = False) -> str:
    url = reverse("surveys:detail", kwargs={"pk": survey.pk})
    if question is not None:
        return f"{url}?question={question.pk}"
    if review:
        return f"{url}?etape={REVIEW}"
    return url


def _refused(request: HttpRequest, survey: Survey | None, title: str, reason: str, status: int = 403) -> HttpResponse:
    return render(request, "surveys/refused.html", {"survey": survey, "title": title, "reason": reason}, status=status)


# --- list -----------------------------------------------------------------------------------------


@require_GET
def main(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = queries.demarche_with_component_get_for(request.user, slug)
    context = {
        "demarche": demarche,
        "surveys": queries.surveys_of(demarche, request.user),
        "can_manage": permissions.can_manage(request.user, demarche),
    }
    return render(request, "surveys/main.html", context)


# --- answering ------------------------------------------------------------------------------------


def _current(question: Question, answers: Sequence[Answer] = (), data: Any = None) -> dict[str, Any]:
    """What a step's field shows: the answer saved, or what was just sent (on an error)."""
    name = answering.field_name(question)
    if data is not None:
        ranks = {str(c.pk): str(data.get(f"{name}-c{c.pk}", "")) for c in answering.options_of(question)}
        matrix = {str(r.pk): str(data.get(f"{name}-r{r.pk}", "")) for r in answering.rows_of(question)}
        selected = {str(v) for v in data.getlist(name)}
        return {"value": str(data.get(name, "")), "selected": selected, "ranks": ranks, "matrix": matrix}
    mine = [a for a in answers if a.question_id == question.pk]
    value = ""
    if mine:
        first = mine[0]
        value = (
            str(first.number)
            if first.number is not None
            else (first.date.isoformat() if first.date else (first.text or ""))
        )
    return {
        "value": value,
        "selected": {str(a.choice_id) for a in mine if a.choice_id and a.row_id is None},
        "ranks": {str(a.choice_id): str(a.rank) for a in mine if a.rank is not None},
        "matrix": {str(a.row_id): str(a.choice_id) for a in mine if a.row_id is not None},
    }


def _describe(question: Question, answers: Sequence[Answer]) -> str:
    mine = [a for a in answers if a.question_id == question.pk]
    if not mine:
        return ""
    labels = {c.pk: c.label for c in question.choices.all()}
    if question.kind == Question.Kind.RANKING:
        return " ; ".join(
            f"{a.rank}. {labels.get(a.choice_id or 0, '')}" for a in sorted(mine, key=lambda a: a.rank or 0)
        )
    if question.kind == Question.Kind.MATRIX:
        return " ; ".join(f"{labels.get(a.row_id or 0, '')} : {labels.get(a.choice_id or 0, '')}" for a in mine)
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return " ; ".join(labels.get(a.choice_id or 0, "") for a in mine)
    first = mine[0]
    if first.number is not None:
        return str(first.number)
    if first.date is not None:
        return first.date.strftime("%d/%m/%Y")
    return first.text


def _state(request: HttpRequest, survey: Survey) -> dict[str, Any]:
    questions = queries.questions_of(survey)
    response = queries.response_of(request.user, survey, _token(request, survey))
    answers = list(response.answers.all()) if response is not None else []
    shown = answering.visible_questions(questions, answering.chosen_by_question(answers))
    done = (response is not None and response.is_submitted) or (
        survey.anonymous and queries.has_answered_anonymously(request.user, survey)
    )
    can_answer = permissions.can_answer(request.user, survey)
    return {
        "survey": survey,
        "demarche": survey.demarche,
        "questions": questions,
        "response": response,
        "answers": answers,
        "shown": shown,
        "done": done,
        "can_answer": can_answer and not done,
        "denial": "" if can_answer else permissions.answer_denial(request.user, survey),
        "can_manage": permissions.can_manage(request.user, survey.demarche),
        "can_see_results": permissions.can_see_results(request.user, survey),
        "conditional": any(q.condition_choice_id for q in questions),
    }


def _resume_question(state: dict[str, Any]) -> Question | None:
    shown: list[Question] = state["shown"]
    response: Response | None = state["response"]
    if response is not None and response.step:
        found = next((q for q in shown if q.pk == response.step), None)
        if found is not None:
            return found
    answered = {a.question_id for a in state["answers"]}
    return (
        next((q for q in shown if q.pk not in answered), None)
        if response is not None
        else (shown[0] if shown else None)
    )


def _step_context(state: dict[str, Any], question: Question, *, data: Any = None, error: str = "") -> dict[str, Any]:
    shown: list[Question] = state["shown"]
    index = next(i for i, q in enumerate(shown) if q.pk == question.pk)
    return {
        **state,
        "mode": "step",
        "question": question,
        "position": index + 1,
        "total": len(shown),
        "percent": round(100 * index / len(shown)) if shown else 0,
        "previous": shown[index - 1] if index > 0 else None,
        "current": _current(question, state["answers"], data),
        "error": error,
        "scale": range(question.scale_min, question.scale_max + 1),
        "ranks": range(1, len(answering.options_of(question)) + 1),
        "field": answering.field_name(question),
    }


def _review_context(
    state: dict[str, Any], *, error: str = "", quartier: str = "", age_band: str = ""
) -> dict[str, Any]:
    missing = actions.missing_answers(state["survey"], state["questions"], state["answers"])
    return {
        **state,
        "mode": "review",
        "items": [(q, _describe(q, state["answers"])) for q in state["shown"]],
        "missing": missing,
        "total": len(state["shown"]),
        "error": error,
        "quartiers": queries.quartiers() if state["survey"].crosstab else [],
        "age_bands": AgeBand.choices,
        "chosen_quartier": quartier,
        "chosen_age_band": age_band,
    }


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = queries.survey_get_for(request.user, pk)
    if request.method == "POST":
        return _answer(request, survey)
    state = _state(request, survey)
    if state["can_answer"] and request.user.is_authenticated:
        if request.GET.get("etape") == REVIEW and state["response"] is not None:
            return render(request, "surveys/detail.html", _review_context(state))
        question_id = parse_id(request.GET.get("question"))
        question = next((q for q in state["shown"] if q.pk == question_id), None)
        if question is not None:
            return render(request, "surveys/detail.html", _step_context(state, question))
    state.update({"mode": "intro", "resume": _resume_question(state)})
    return render(request, "surveys/detail.html", state)


def _answer(request: HttpRequest, survey: Survey) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(_detail_url(survey))
    action = request.POST.get("action", "")
    token = _token(request, survey)
    if action == "envoyer":
        quartier = request.POST.get("quartier", "")
        age_band = request.POST.get("age_band", "")
        quartier_id = parse_id(quartier) if quartier.strip() else None
        try:
            if quartier.strip() and quartier_id is None:
                raise ActionError(_("Choisissez un quartier de la liste."), code="quartier_invalid")
            actions.response_submit(
                user=request.user,
                survey=survey,
                token=token,
                quartier_id=quartier_id,
                age_band=age_band if isinstance(age_band, str) else "",
            )
        except ActionError as error:
            state = _state(request, survey)
            if state["response"] is None or state["done"] or not state["can_answer"]:
                state.update({"mode": "intro", "resume": _resume_question(state), "error": error.message})
                return render(request, "surveys/detail.html", state, status=error.status)
            context = _review_context(state, error=error.message, quartier=quartier, age_band=age_band)
            return render(request, "surveys/detail.html", context, status=error.status)
        request.session.pop(_token_key(survey), None)
        messages.success(request, _("Merci ! Vos réponses sont envoyées."))
        return redirect(_detail_url(survey))
    if action not in STEP_ACTIONS:
        state = _state(request, survey)
        state.update({"mode": "intro", "resume": _resume_question(state), "error": _("Action inconnue.")})
        return render(request, "surveys/detail.html", state, status=400)
    questions = queries.questions_of(survey)
    question_id = parse_id(request.POST.get("question"))
    question = next((q for q in questions if q.pk == question_id), None)
    if question is None:
        state = _state(request, survey)
        state.update(
            {
                "mode": "intro",
                "resume": _resume_question(state),
                "error": _("Cette question ne fait pas partie du questionnaire."),
            }
        )
        return render(request, "surveys/detail.html", state, status=400)
    try:
        result = actions.response_save_step(
            user=request.user,
            survey=survey,
            question=question,
            data=request.POST,
            token=token,
            enforce_required=action == "suivant",
        )
    except ActionError as error:
        state = _state(request, survey)
        if action == "precedent" and error.code in ("answer_invalid",):
            previous = _previous(state, question)
            return redirect(_detail_url(survey, question=previous) if previous else _detail_url(survey))
        if not state["can_answer"] or question.pk not in {q.pk for q in state["shown"]}:
            state.update({"mode": "intro", "resume": _resume_question(state), "error": error.message})
            return render(request, "surveys/detail.html", state, status=error.status)
        context = _step_context(state, question, data=request.POST, error=error.message)
        return render(request, "surveys/detail.html", context, status=error.status)
    if survey.anonymous and result.response.draft_token:
        request.session[_token_key(survey)] = result.response.draft_token
    if action == "brouillon":
        messages.success(
            request,
            _("Brouillon enregistré. Revenez quand vous voulez : vous reprendrez à la question où vous en étiez."),
        )
        return redirect(_detail_url(survey))
    if action == "precedent":
        state = _state(request, survey)
        previous = _previous(state, question)
        return redirect(_detail_url(survey, question=previous) if previous else _detail_url(survey))
    if result.next_question is None:
        return redirect(_detail_url(survey, review=True))
    return redirect(_detail_url(survey, question=result.next_question))


def _previous(state: dict[str, Any], question: Question) -> Question | None:
    shown: list[Question] = state["shown"]
    index = next((i for i, q in enumerate(shown) if q.pk == question.pk), None)
    return shown[index - 1] if index else None


# --- results and export ---------------------------------------------------------------------------


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = queries.survey_get_for(request.user, pk)
    if not permissions.can_see_results(request.user, survey):
        return _refused(
            request,
            survey,
            _("Résultats non publiés"),
            _("Les résultats de ce questionnaire sont réservés à l'équipe qui conduit la démarche."),
        )
    cross = request.GET.get("croiser", "")
    context = {
        "survey": survey,
        "demarche": survey.demarche,
        "results": queries.survey_results(survey, request.user, cross=cross if isinstance(cross, str) else ""),
        "can_manage": permissions.can_manage(request.user, survey.demarche),
    }
    return render(request, "surveys/results.html", context)


class _Echo:
    def write(self, text: str) -> str:
        return text


def _csv_lines(survey: Survey) -> Iterator[str]:
    questions = queries.questions_of(survey)
    buffer = io.StringIO()
    writer = csv_writer.writer(buffer, lineterminator="\n")
    yield "\ufeff"
    writer.writerow(queries.export_header(survey, questions))
    for row in queries.export_rows(survey, questions):
        writer.writerow(row)
        if buffer.tell() > 32_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    survey = queries.survey_get_for(request.user, pk)
    if not permissions.can_manage(request.user, survey.demarche):
        return _refused(
            request,
            survey,
            _("Export réservé"),
            _("L'export des réponses est réservé à l'équipe qui conduit la démarche."),
        )
    response = StreamingHttpResponse(_csv_lines(survey), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="questionnaire-{survey.pk}-reponses.csv"'
    return response


# --- building -------------------------------------------------------------------------------------


def _require_login(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, slug: str) -> HttpResponse:
    if (login := _require_login(request)) is not None:
        return login
    demarche = queries.demarche_with_component_get_for(request.user, slug)
    if not permissions.can_manage(request.user, demarche):
        raise Http404
    form = SurveyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                survey = actions.survey_create(author=request.user, demarche=demarche, **form.cleaned_data)
            except ActionError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                status = error.status
            else:
                messages.success(request, _("Questionnaire créé : ajoutez maintenant ses questions."))
                return redirect("surveys:edit", pk=survey.pk)
    return render(request, "surveys/create.html", {"demarche": demarche, "form": form}, status=status)


def _conditions(questions: Sequence[Question], before: int | None) -> list[tuple[int, str]]:
    found = []
    for question in questions:
        if before is not None and question.position >= before:
            break
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            found += [(c.pk, f"« {question.label} » = « {c.label} »") for c in answering.options_of(question)]
    return found


def _edit_context(
    request: HttpRequest,
    survey: Survey,
    *,
    settings_form: SurveyForm | None = None,
    question_form: QuestionForm | None = None,
) -> dict[str, Any]:
    questions = queries.questions_of(survey)
    locked = queries.has_responses(survey)
    if settings_form is None:
        settings_form = SurveyForm(
            initial={
                "title": survey.title,
                "introduction": survey.introduction,
                "anonymous": survey.anonymous,
                "crosstab": survey.crosstab,
                "results_public": survey.results_public,
                "opens_at": survey.opens_at,
                "closes_at": survey.closes_at,
            }
        )
    return {
        "survey": survey,
        "demarche": survey.demarche,
        "questions": questions,
        "locked": locked,
        "settings_form": settings_form,
        "question_form": question_form or QuestionForm(conditions=_conditions(questions, None)),
    }


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _require_login(request)) is not None:
        return login
    survey = queries.survey_manage_get_for(request.user, pk)
    if request.method == "GET":
        return render(request, "surveys/edit.html", _edit_context(request, survey))
    form = SurveyForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            actions.survey_update(author=request.user, survey=survey, **form.cleaned_data)
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            status = error.status
        else:
            messages.success(request, _("Réglages du questionnaire enregistrés."))
            return redirect("surveys:edit", pk=survey.pk)
    return render(request, "surveys/edit.html", _edit_context(request, survey, settings_form=form), status=status)


@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _require_login(request)) is not None:
        return login
    survey = queries.survey_manage_get_for(request.user, pk)
    questions = queries.questions_of(survey)
    form = QuestionForm(request.POST, conditions=_conditions(questions, None))
    status = 400
    if form.is_valid():
        try:
            actions.question_add(author=request.user, survey=survey, data=form.to_input())
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            status = error.status
        else:
            messages.success(request, _("Question ajoutée."))
            return redirect(reverse("surveys:edit", kwargs={"pk": survey.pk}) + "#questions")
    return render(request, "surveys/edit.html", _edit_context(request, survey, question_form=form), status=status)


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _require_login(request)) is not None:
        return login
    question = queries.question_manage_get_for(request.user, pk)
    survey = question.survey
    questions = queries.questions_of(survey)
    current = next(q for q in questions if q.pk == question.pk)
    conditions = _conditions(questions, current.position)
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST, conditions=conditions)
        status = 400
        if form.is_valid():
            try:
                actions.question_update(author=request.user, question=current, data=form.to_input())
            except ActionError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                status = error.status
            else:
                messages.success(request, _("Question enregistrée."))
                return redirect(reverse("surveys:edit", kwargs={"pk": survey.pk}) + f"#question-{current.pk}")
    else:
        form = QuestionForm(
            conditions=conditions,
            initial={
                "kind": current.kind,
                "label": current.label,
                "help_text": current.help_text,
                "required": current.required,
                "options": "\n".join(c.label for c in answering.options_of(current)),
                "rows": "\n".join(c.label for c in answering.rows_of(current)),
                "scale_min": current.scale_min,
                "scale_max": current.scale_max,
                "scale_min_label": current.scale_min_label,
                "scale_max_label": current.scale_max_label,
                "number_min": current.number_min,
                "number_max": current.number_max,
                "condition": current.condition_choice_id,
            },
        )
    context = {"survey": survey, "demarche": survey.demarche, "question": current, "form": form}
    return render(request, "surveys/question_edit.html", context, status=status)


def _back_to_edit(request: HttpRequest, survey: Survey, anchor: str = "questions") -> HttpResponse:
    return redirect(reverse("surveys:edit", kwargs={"pk": survey.pk}) + f"#{anchor}")


@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _require_login(request)) is not None:
        return login
    question = queries.question_manage_get_for(request.user, pk)
    direction = request.POST.get("direction", "")
    try:
        actions.question_move(author=request.user, question=question, direction=direction)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Question déplacée."))
    return _back_to_edit(request, question.survey, f"question-{question.pk}")


@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _require_login(request)) is not None:
        return login
    question = queries.question_manage_get_for(request.user, pk)
    try:
        actions.question_delete(author=request.user, question=question)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Question supprimée."))
    return _back_to_edit(request, question.survey)


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _require_login(request)) is not None:
        return login
    survey = queries.survey_manage_get_for(request.user, pk)
    try:
        actions.survey_publish(author=request.user, survey=survey)
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("surveys:edit", pk=survey.pk)
    messages.success(request, _("Questionnaire publié : les participant·es peuvent y répondre."))
    return redirect("surveys:detail", pk=survey.pk)
