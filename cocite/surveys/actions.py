"""Every write on surveys: keyword-only, transactional, rule-checked.

Building (those who run the démarche): create and edit a survey, add, edit, move and delete
questions and their choices, publish. The questions are locked once a first response exists
(drafts included), so answers always match the questions they answer.

Answering: each step saves the answer to one question of the person's draft; answers to
questions a later change of mind hides are removed; submitting checks every shown required
question. A named survey keeps one response per person (a unique constraint); an anonymous
one keeps no link to the person (see models.py).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core import ratelimit
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.demarches.models import Demarche
from cocite.territory.models import Quartier

from . import answering, permissions, queries
from .models import (
    CHOICE_KINDS,
    CONDITION_KINDS,
    LABEL_MAX_LENGTH,
    MAX_CHOICES,
    MAX_QUESTIONS,
    MAX_ROWS,
    NUMBER_LIMIT,
    SCALE_MAX,
    SCALE_MIN,
    AgeBand,
    Answer,
    Choice,
    Participation,
    Question,
    Response,
    Survey,
)

# --- building -------------------------------------------------------------------------------------


def _require_manager(user: Viewer, demarche: Demarche) -> User:
    if not is_signed_in(user) or not permissions.can_manage(user, demarche):
        raise PermissionDenied(
            _("Seules les personnes qui conduisent la démarche peuvent préparer ses questionnaires."),
            code="forbidden",
        )
    return user


def _check_settings(title: str, opens_at: datetime.datetime | None, closes_at: datetime.datetime | None) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ActionError(_("Donnez un titre au questionnaire."), code="title_missing", field="title")
    if len(title) > 200:
        raise ActionError(_("Le titre ne peut dépasser 200 caractères."), code="title_too_long", field="title")
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise ActionError(_("La clôture doit venir après l'ouverture."), code="dates_inverted", field="closes_at")
    return title


@transaction.atomic
def survey_create(
    *,
    author: Viewer,
    demarche: Demarche,
    title: str,
    introduction: str = "",
    anonymous: bool = False,
    crosstab: bool = False,
    results_public: bool = True,
    opens_at: datetime.datetime | None = None,
    closes_at: datetime.datetime | None = None,
) -> Survey:
    user = _require_manager(author, demarche)
    if queries.component_config(demarche) is None:
        raise ActionError(_("Cette démarche n'accueille pas de questionnaires."), code="component_missing")
    survey = Survey.objects.create(
        demarche=demarche,
        title=_check_settings(title, opens_at, closes_at),
        introduction=(introduction or "").strip()[:5000],
        anonymous=anonymous,
        crosstab=crosstab,
        results_public=results_public,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=user,
    )
    survey.demarche = demarche
    return survey


@transaction.atomic
def survey_update(
    *,
    author: Viewer,
    survey: Survey,
    title: str,
    introduction: str,
    anonymous: bool,
    crosstab: bool,
    results_public: bool,
    opens_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
) -> Survey:
    _require_manager(author, survey.demarche)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    title = _check_settings(title, opens_at, closes_at)
    if (anonymous != locked.anonymous or crosstab != locked.crosstab) and queries.has_responses(locked):
        raise Conflict(
            _("Ce questionnaire a déjà reçu des réponses : l'anonymat et le croisement ne peuvent plus changer."),
            code="survey_has_responses",
            field="anonymous",
        )
    locked.title, locked.introduction = title, (introduction or "").strip()[:5000]
    locked.anonymous, locked.crosstab, locked.results_public = anonymous, crosstab, results_public
    locked.opens_at, locked.closes_at = opens_at, closes_at
    locked.save()
    locked.demarche = survey.demarche
    return locked


def _require_editable(survey: Survey) -> None:
    if queries.has_responses(survey):
        raise Conflict(
            _("Ce questionnaire a déjà reçu des réponses : ses questions ne peuvent plus être modifiées."),
            code="survey_has_responses",
        )


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    label: str
    help_text: str = ""
    required: bool = False
    options: Sequence[str] = ()
    rows: Sequence[str] = ()
    scale_min: int = 1
    scale_max: int = 5
    scale_min_label: str = ""
    scale_max_label: str = ""
    number_min: int | None = None
    number_max: int | None = None
    condition_choice_id: int | None = None


def _clean_lines(lines: Sequence[str], *, field: str, limit: int) -> list[str]:
    cleaned = [" ".join(line.split())[:200] for line in lines]
    cleaned = [line for line in cleaned if line]
    if len(cleaned) > limit:
        raise ActionError(_("%(n)s éléments au plus.") % {"n": limit}, code="too_many", field=field)
    folded = [line.casefold() for line in cleaned]
    if len(set(folded)) != len(folded):
        raise ActionError(_("Chaque libellé ne peut figurer qu'une fois."), code="duplicate_label", field=field)
    return cleaned


def _check_question(
    survey: Survey, data: QuestionInput, *, position: int | None
) -> tuple[QuestionInput, Choice | None]:
    if data.kind not in Question.Kind.values:
        raise ActionError(_("Choisissez un type de question de la liste."), code="kind_invalid", field="kind")
    label = " ".join((data.label or "").split())
    if not label:
        raise ActionError(_("Écrivez l'intitulé de la question."), code="label_missing", field="label")
    if len(label) > LABEL_MAX_LENGTH:
        raise ActionError(
            _("L'intitulé ne peut dépasser %(n)s caractères.") % {"n": LABEL_MAX_LENGTH},
            code="label_too_long",
            field="label",
        )
    options = _clean_lines(data.options, field="options", limit=MAX_CHOICES) if data.kind in CHOICE_KINDS else []
    rows = _clean_lines(data.rows, field="rows", limit=MAX_ROWS) if data.kind == Question.Kind.MATRIX else []
    if data.kind in CHOICE_KINDS and len(options) < 2:
        message = (
            _("Une grille demande au moins deux colonnes de réponse.")
            if data.kind == Question.Kind.MATRIX
            else _("Proposez au moins deux choix, un par ligne.")
        )
        raise ActionError(message, code="options_missing", field="options")
    if data.kind == Question.Kind.MATRIX and not rows:
        raise ActionError(_("Une grille demande au moins une ligne."), code="rows_missing", field="rows")
    if data.kind == Question.Kind.SCALE and not (SCALE_MIN <= data.scale_min < data.scale_max <= SCALE_MAX):
        raise ActionError(
            _("L'échelle va d'un minimum à un maximum plus grand, entre %(low)s et %(high)s.")
            % {"low": SCALE_MIN, "high": SCALE_MAX},
            code="scale_invalid",
            field="scale_max",
        )
    if data.kind == Question.Kind.NUMBER:
        for bound in (data.number_min, data.number_max):
            if bound is not None and abs(bound) > NUMBER_LIMIT:
                raise ActionError(
                    _("Les bornes restent entre −%(n)s et %(n)s.") % {"n": NUMBER_LIMIT},
                    code="number_bounds",
                    field="number_max",
                )
        if data.number_min is not None and data.number_max is not None and data.number_min >= data.number_max:
            raise ActionError(
                _("Le minimum doit être plus petit que le maximum."), code="number_bounds", field="number_max"
            )
    condition = None
    if data.condition_choice_id is not None:
        condition = (
            Choice.objects.select_related("question")
            .filter(pk=data.condition_choice_id, role=Choice.Role.OPTION, question__survey=survey)
            .first()
        )
        if condition is None or condition.question.kind not in CONDITION_KINDS:
            raise ActionError(
                _("La condition doit être un choix d'une question à choix unique ou multiples de ce questionnaire."),
                code="condition_invalid",
                field="condition",
            )
        if position is not None and condition.question.position >= position:
            raise ActionError(
                _("La condition doit porter sur une question placée avant celle-ci."),
                code="condition_after",
                field="condition",
            )
    cleaned = QuestionInput(
        kind=data.kind,
        label=label,
        help_text=" ".join((data.help_text or "").split())[:500],
        required=data.required,
        options=options,
        rows=rows,
        scale_min=data.scale_min,
        scale_max=data.scale_max,
        scale_min_label=" ".join((data.scale_min_label or "").split())[:60],
        scale_max_label=" ".join((data.scale_max_label or "").split())[:60],
        number_min=data.number_min,
        number_max=data.number_max,
        condition_choice_id=data.condition_choice_id,
    )
    return cleaned, condition


def _sync_choices(question: Question, role: str, labels: Sequence[str]) -> None:
    """Keep the choices whose label stays (their id, so conditions on them hold), add the new, drop the gone."""
    existing = {c.label.casefold(): c for c in Choice.objects.filter(question=question, role=role)}
    kept: set[int] = set()
    for position, label in enumerate(labels):
        choice = existing.get(label.casefold())
        if choice is None:
            choice = Choice.objects.create(question=question, role=role, position=position, label=label)
        elif choice.position != position or choice.label != label:
            choice.position, choice.label = position, label
            choice.save(update_fields=["position", "label"])
        kept.add(choice.pk)
    gone = Choice.objects.filter(question=question, role=role).exclude(pk__in=kept)
    dependent = Question.objects.filter(condition_choice__in=gone).first()
    if dependent is not None:
        raise ActionError(
            _("Un choix retiré conditionne la question « %(question)s » : changez d'abord sa condition.")
            % {"question": dependent.label},
            code="choice_in_use",
            field="options",
        )
    gone.delete()


def _apply(question: Question, data: QuestionInput) -> None:
    question.kind, question.label, question.help_text, question.required = (
        data.kind,
        data.label,
        data.help_text,
        data.required,
    )
    question.scale_min, question.scale_max = data.scale_min, data.scale_max
    question.scale_min_label, question.scale_max_label = data.scale_min_label, data.scale_max_label
    question.number_min, question.number_max = data.number_min, data.number_max
    question.condition_choice_id = data.condition_choice_id


@transaction.atomic
def question_add(*, author: Viewer, survey: Survey, data: QuestionInput) -> Question:
    _require_manager(author, survey.demarche)
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    _require_editable(survey)
    if Question.objects.filter(survey=survey).count() >= MAX_QUESTIONS:
        raise ActionError(
            _("Un questionnaire compte %(n)s questions au plus.") % {"n": MAX_QUESTIONS}, code="too_many_questions"
        )
    position = (Question.objects.filter(survey=survey).aggregate(last=Max("position"))["last"] or 0) + 1
    cleaned, _condition = _check_question(survey, data, position=position)
    question = Question(survey=survey, position=position)
    _apply(question, cleaned)
    question.save()
    _sync_choices(question, Choice.Role.OPTION, cleaned.options)
    _sync_choices(question, Choice.Role.ROW, cleaned.rows)
    return question


@transaction.atomic
def question_update(*, author: Viewer, question: Question, data: QuestionInput) -> Question:
    survey = question.survey
    _require_manager(author, survey.demarche)
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    _require_editable(survey)
    locked = Question.objects.get(pk=question.pk)
    if data.kind not in CONDITION_KINDS and Question.objects.filter(condition_choice__question=locked).exists():
        raise ActionError(
            _("D'autres questions dépendent de celle-ci : elle doit rester à choix unique ou multiples."),
            code="question_in_use",
            field="kind",
        )
    cleaned, _condition = _check_question(survey, data, position=locked.position)
    _apply(locked, cleaned)
    locked.save()
    _sync_choices(locked, Choice.Role.OPTION, cleaned.options)
    _sync_choices(locked, Choice.Role.ROW, cleaned.rows if cleaned.kind == Question.Kind.MATRIX else [])
    locked.survey = survey
    return locked


@transaction.atomic
def question_move(*, author: Viewer, question: Question, direction: str) -> Question:
    survey = question.survey
    _require_manager(author, survey.demarche)
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    _require_editable(survey)
    if direction not in ("up", "down"):
        raise ActionError(_("Déplacement inconnu : vers le haut ou vers le bas."), code="direction_invalid")
    ordered = list(Question.objects.filter(survey=survey).select_related("condition_choice").order_by("position", "pk"))
    index = next((i for i, q in enumerate(ordered) if q.pk == question.pk), None)
    if index is None:
        raise ActionError(_("Cette question n'existe plus."), code="question_missing")
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        raise ActionError(_("Cette question est déjà à cette extrémité."), code="already_there")
    first, second = sorted((ordered[index], ordered[other]), key=lambda q: q.position)
    if second.condition_choice is not None and second.condition_choice.question_id == first.pk:
        raise ActionError(
            _("Une question conditionnelle doit rester après la question dont elle dépend."), code="condition_order"
        )
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            Question.objects.filter(pk=item.pk).update(position=position)
    return Question.objects.get(pk=question.pk)


@transaction.atomic
def question_delete(*, author: Viewer, question: Question) -> None:
    survey = question.survey
    _require_manager(author, survey.demarche)
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    _require_editable(survey)
    dependent = Question.objects.filter(condition_choice__question_id=question.pk).first()
    if dependent is not None:
        raise ActionError(
            _("La question « %(question)s » dépend de celle-ci : supprimez ou changez d'abord sa condition.")
            % {"question": dependent.label},
            code="question_in_use",
        )
    Question.objects.filter(pk=question.pk).delete()
    for position, pk in enumerate(
        Question.objects.filter(survey=survey).order_by("position", "pk").values_list("pk", flat=True), start=1
    ):
        Question.objects.filter(pk=pk).update(position=position)


@transaction.atomic
def survey_publish(*, author: Viewer, survey: Survey) -> Survey:
    _require_manager(author, survey.demarche)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if locked.status == Survey.Status.PUBLISHED:
        raise Conflict(_("Ce questionnaire est déjà publié."), code="already_published")
    if not Question.objects.filter(survey=locked).exists():
        raise ActionError(_("Ajoutez au moins une question avant de publier."), code="no_question")
    locked.status = Survey.Status.PUBLISHED
    locked.save(update_fields=["status", "updated_at"])
    locked.demarche = survey.demarche
    return locked


# --- answering ------------------------------------------------------------------------------------


def _require_answerer(user: Viewer, survey: Survey) -> User:
    if not is_signed_in(user) or not permissions.can_answer(user, survey):
        raise PermissionDenied(permissions.answer_denial(user, survey), code="answer_forbidden")
    return user


def _already_answered() -> Conflict:
    return Conflict(_("Vous avez déjà répondu à ce questionnaire : une réponse par personne."), code="already_answered")


def _draft(user: User, survey: Survey, token: str | None, *, create: bool) -> Response | None:
    """The person's draft, locked; created on demand. Raises when they have already answered."""
    if survey.anonymous:
        if Participation.objects.filter(survey=survey, user=user).exists():
            raise _already_answered()
        response = (
            Response.objects.select_for_update().filter(survey=survey, draft_token=token).first() if token else None
        )
        if response is None and create:
            response = Response.objects.create(survey=survey, draft_token=secrets.token_urlsafe(32))
    else:
        response = Response.objects.select_for_update().filter(survey=survey, user=user).first()
        if response is None and create:
            try:
                with transaction.atomic():
                    response = Response.objects.create(survey=survey, user=user)
            except IntegrityError:  # created meanwhile by another request of the same person
                response = Response.objects.select_for_update().get(survey=survey, user=user)
    if response is not None and response.is_submitted:
        raise _already_answered()
    return response


@dataclass
class StepResult:
    response: Response
    next_question: Question | None  # None: every shown question is behind, the review comes next


def _store(response: Response, question: Question, values: Sequence[answering.Value]) -> None:
    Answer.objects.filter(response=response, question=question).delete()
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=question,
                choice_id=v.choice_id,
                row_id=v.row_id,
                rank=v.rank,
                number=v.number,
                date=v.date,
                text=v.text,
            )
            for v in values
        ]
    )


def _drop_hidden(response: Response, questions: Sequence[Question]) -> list[Question]:
    """Remove answers to questions no longer shown; return the shown questions."""
    answers = list(Answer.objects.filter(response=response).only("question_id", "choice_id", "row_id"))
    shown = answering.visible_questions(questions, answering.chosen_by_question(answers))
    shown_ids = {q.pk for q in shown}
    hidden = {a.question_id for a in answers} - shown_ids
    if hidden:
        Answer.objects.filter(response=response, question_id__in=hidden).delete()
    return shown


@transaction.atomic
def response_save_step(
    *,
    user: Viewer,
    survey: Survey,
    question: Question,
    data: answering.FormData,
    token: str | None = None,
    enforce_required: bool = True,
    rate_limited: bool = True,
) -> StepResult:
    """Save the answer to one question of the person's draft (created on the first step).

    `enforce_required=False`: « Enregistrer le brouillon » and « Précédent » keep an empty answer.
    """
    person = _require_answerer(user, survey)
    if question.survey_id != survey.pk:
        raise ActionError(_("Cette question n'appartient pas à ce questionnaire."), code="question_foreign")
    parsed = answering.parse(question, data)
    if parsed.error:
        raise ActionError(parsed.error, code="answer_invalid", field=answering.field_name(question))
    if parsed.empty and question.required and enforce_required:
        raise ActionError(
            answering.required_error(question), code="answer_required", field=answering.field_name(question)
        )
    if rate_limited:
        ratelimit.enforce(
            "survey_step",
            person.pk,
            _(
                "Vous avez enregistré beaucoup de réponses en peu de temps. "
                "Vous pourrez continuer à partir de %(moment)s."
            ),
        )
    response = _draft(person, survey, token, create=True)
    assert response is not None
    questions = queries.questions_of(survey)
    shown_before = answering.visible_questions(
        questions,
        answering.chosen_by_question(
            Answer.objects.filter(response=response).only("question_id", "choice_id", "row_id")
        ),
    )
    if question.pk not in {q.pk for q in shown_before}:
        raise ActionError(_("Cette question n'est pas posée, vu vos réponses précédentes."), code="question_hidden")
    _store(response, question, parsed.values)
    shown = _drop_hidden(response, questions)
    index = next(i for i, q in enumerate(shown) if q.pk == question.pk)
    following = shown[index + 1] if index + 1 < len(shown) else None
    # Where to resume: this question while it has no answer (a draft saved on it), else the next one.
    response.step = question.pk if parsed.empty else (following.pk if following is not None else 0)
    response.save(update_fields=["step"])
    return StepResult(response=response, next_question=following)


@dataclass
class Missing:
    question: Question
    message: str


def missing_answers(survey: Survey, questions: Sequence[Question], answers: Sequence[Answer]) -> list[Missing]:
    shown = answering.visible_questions(questions, answering.chosen_by_question(answers))
    answered = {a.question_id for a in answers}
    return [Missing(q, answering.required_error(q)) for q in shown if q.required and q.pk not in answered]


@transaction.atomic
def response_submit(
    *,
    user: Viewer,
    survey: Survey,
    token: str | None = None,
    quartier_id: int | None = None,
    age_band: str = "",
    at: datetime.datetime | None = None,
    rate_limited: bool = True,
) -> Response:
    """Send the draft: every shown required question answered; an anonymous draft loses its token.

    `at`: loaders only (the demo's responses are spread over past days).
    """
    person = _require_answerer(user, survey)
    response = _draft(person, survey, token, create=False)
    if response is None:
        raise ActionError(_("Répondez d'abord aux questions."), code="no_draft")
    questions = queries.questions_of(survey)
    answers = list(Answer.objects.filter(response=response))
    missing = missing_answers(survey, questions, answers)
    if missing:
        raise ActionError(
            _("Il manque des réponses obligatoires : %(questions)s.")
            % {"questions": " ; ".join(f"« {m.question.label} »" for m in missing)},
            code="answers_missing",
        )
    if age_band and age_band not in AgeBand.values:
        raise ActionError(_("Choisissez une tranche d'âge de la liste."), code="age_band_invalid", field="age_band")
    quartier = None
    if quartier_id is not None:
        quartier = Quartier.objects.filter(pk=quartier_id).first()
        if quartier is None:
            raise ActionError(_("Choisissez un quartier de la liste."), code="quartier_invalid", field="quartier")
    if rate_limited:
        ratelimit.enforce(
            "survey_response",
            person.pk,
            _(
                "Vous avez envoyé beaucoup de questionnaires en peu de temps. "
                "Vous pourrez en envoyer un autre à partir de %(moment)s."
            ),
        )
    now = at or timezone.now()
    if survey.crosstab:
        response.quartier = quartier
        response.age_band = age_band
    elif not survey.anonymous:
        response.quartier_id = person.quartier_id
    if survey.anonymous:
        try:
            with transaction.atomic():
                Participation.objects.create(survey=survey, user=person)
        except IntegrityError:
            raise _already_answered() from None
        response.draft_token = None
        # The day only: a time would let one match the response with the moment the person answered.
        now = now.replace(hour=12, minute=0, second=0, microsecond=0)
    response.submitted_at = now
    response.step = 0
    response.save()
    return response
