"""Every write of the quality app: keyword-only, in a transaction, rules checked here."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.permissions import is_agent
from cocite.accounts.viewer import Viewer, is_active_user
from cocite.core import ratelimit
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.core.validators import one_line
from cocite.moderation.reasons import PENDING
from cocite.moderation.sanctions import refuse_if_blocked
from cocite.moderation.words import held_back_words

from . import permissions, signals
from .models import (
    Counterpoint,
    FaqEntry,
    Feedback,
    Help,
    InformationPage,
    Level,
    PageQuestion,
    PageVersion,
    PublicService,
    RecurringPoint,
    Respondent,
)

MAX_TEXT = 5000


def _text(value: str, *, field: str, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ActionError(_("Ce champ est obligatoire."), code="required", field=field)
    if len(value) > limit:
        raise ActionError(
            _("Ce texte est trop long (%(limit)s caractères au plus).") % {"limit": limit}, code="too_long", field=field
        )
    return value


def _writes_limited(scope: str, who: object) -> None:
    ratelimit.enforce(
        scope,
        who,
        _("Vous avez écrit beaucoup en peu de temps. Vous pourrez écrire à nouveau à partir de %(moment)s."),
    )


# Feedback -----------------------------------------------------------------------------------------


def feedback_give(
    *,
    service: PublicService,
    respondent: Viewer,
    satisfaction: int,
    ease: int,
    clarity: int,
    help: str,
    comment: str = "",
    client: str = "",
    today: datetime.date | None = None,
) -> Feedback:
    """Record one answer to « Je donne mon avis ». Signed-in: one per service and day; an agent is
    recorded as an agent. Visitors: rate-limited by their address (RATE_LIMITS["feedback_anonymous"])."""
    if not permissions.can_give_feedback(service):
        raise ActionError(_("Cette prestation ne recueille plus d’avis."), code="closed")
    for value, name in ((satisfaction, "satisfaction"), (ease, "ease"), (clarity, "clarity")):
        if value not in Level.values:
            raise ActionError(_("Choisissez une réponse."), code="invalid_level", field=name)
    if help not in Help.values:
        raise ActionError(_("Choisissez une réponse."), code="invalid_help", field="help")
    comment = _text(comment, field="comment", required=False, limit=2000)
    today = today or timezone.localdate()
    person = respondent if is_active_user(respondent) else None
    if person is None:
        _writes_limited("feedback_anonymous", f"ip:{client}")
    else:
        refuse_if_blocked(person)
        _writes_limited("feedback", person.pk)
    kind = Respondent.AGENT if is_agent(person) else Respondent.RESIDENT
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                service=service,
                respondent=person,
                respondent_kind=kind,
                satisfaction=satisfaction,
                ease=ease,
                clarity=clarity,
                help=help,
                comment=comment,
                day=today,
            )
    except IntegrityError as exc:
        raise Conflict(
            _("Vous avez déjà donné votre avis sur cette prestation aujourd’hui. Merci !"), code="already_answered"
        ) from exc


@transaction.atomic
def recurring_point_answer(*, author: User, service: PublicService, point: str, answer: str) -> RecurringPoint:
    if not permissions.can_manage_service(author, service):
        raise PermissionDenied(_("Seul le service responsable répond au nom de la prestation."), code="forbidden")
    refuse_if_blocked(author)
    _writes_limited("comment", author.pk)
    return RecurringPoint.objects.create(
        service=service,
        point=_text(point, field="point", limit=200),
        answer=_text(answer, field="answer"),
        author=author,
    )


# Information pages --------------------------------------------------------------------------------


def _role_of(user: User, department_id: int) -> str:
    membership = user.department_memberships.filter(department_id=department_id).first()
    if membership is None:
        return _("Administration du site")
    return membership.job_title or membership.get_role_display()


def _new_version(page: InformationPage, *, author: User | None, note: str) -> PageVersion:
    """Lock the page, number the version after the last one and point the page at it."""
    number = (page.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PageVersion.objects.create(
        page=page, number=number, title=page.title, body=page.body, note=note, author=author
    )
    InformationPage.objects.filter(pk=page.pk).update(version=number)
    page.version = number
    transaction.on_commit(lambda: signals.page_published.send(sender=InformationPage, page=page, version=version))
    return version


@transaction.atomic
def version_record(*, page: InformationPage, author: User | None, note: str) -> PageVersion | None:
    """After the admin saved a page: a new version when its title or text differs from the last one."""
    page = InformationPage.objects.select_for_update().get(pk=page.pk)
    last = page.versions.order_by("-number").first()
    if last is not None and last.title == page.title and last.body == page.body:
        return None
    return _new_version(page, author=author, note=note)


@transaction.atomic
def page_create(
    *,
    author: User | None,
    department: Any,
    title: str,
    slug: str,
    body: str,
    verified_role: str,
    verified_on: datetime.date,
    review_by: datetime.date,
    answer_days: int = 15,
) -> InformationPage:
    """A new page and its first version (the admin and the demo call this)."""
    page = InformationPage.objects.create(
        title=_text(title, field="title", limit=200),
        slug=slug,
        department=department,
        body=_text(body, field="body", limit=50000),
        verified_on=verified_on,
        verified_role=verified_role,
        review_by=review_by,
        answer_days=answer_days,
    )
    _new_version(page, author=author, note=_("Première publication"))
    return page


@transaction.atomic
def page_edit(*, author: User, page: InformationPage, title: str, body: str, note: str) -> PageVersion:
    """A new version of the page's text (the old ones are kept)."""
    if not permissions.can_edit_page(author, page):
        raise PermissionDenied(_("Seul le service responsable modifie cette page."), code="forbidden")
    page = InformationPage.objects.select_for_update().get(pk=page.pk)
    title = _text(title, field="title", limit=200)
    body = _text(body, field="body", limit=50000)
    if title == page.title and body == page.body:
        raise ActionError(_("Le texte n’a pas changé."), code="unchanged", field="body")
    page.title, page.body = title, body
    page.save(update_fields=["title", "body", "updated_at"])
    return _new_version(page, author=author, note=_text(note, field="note", limit=300))


@transaction.atomic
def page_verify(
    *, author: User, page: InformationPage, review_by: datetime.date, today: datetime.date | None = None
) -> InformationPage:
    """« Vérifié le » today by this person (their function shown), to be checked again by `review_by`."""
    if not permissions.can_edit_page(author, page):
        raise PermissionDenied(_("Seul le service responsable vérifie cette page."), code="forbidden")
    today = today or timezone.localdate()
    if review_by <= today:
        raise ActionError(_("La date de revérification doit être dans le futur."), code="past_date", field="review_by")
    page = InformationPage.objects.select_for_update().get(pk=page.pk)
    page.verified_on = today
    page.verified_role = _role_of(author, page.department_id)
    page.review_by = review_by
    page.reminded_for = None
    page.save(update_fields=["verified_on", "verified_role", "review_by", "reminded_for", "updated_at"])
    return page


def question_ask(
    *, author: Viewer, page: InformationPage, kind: str, body: str, statement: str = "", source_url: str = ""
) -> PageQuestion:
    """A question, or a contestation of a statement (a source is then required)."""
    if not is_active_user(author) or not permissions.can_ask(author):
        raise PermissionDenied(_("Connectez-vous pour poser une question."), code="login_required")
    if kind not in PageQuestion.Kind.values:
        raise ActionError(_("Choisissez une question ou une contestation."), code="invalid_kind", field="kind")
    body = _text(body, field="body")
    statement = _text(statement, field="statement", required=kind == PageQuestion.Kind.CONTESTATION, limit=300)
    if kind == PageQuestion.Kind.CONTESTATION and not source_url:
        raise ActionError(
            _("Pour contester une affirmation, indiquez votre source."), code="source_required", field="source_url"
        )
    refuse_if_blocked(author)
    _writes_limited("comment", author.pk)
    # A word of the commune's list: saved, not public until a moderator approves it (« À valider »).
    held = bool(held_back_words([statement, body]))
    with transaction.atomic():
        now = timezone.now()
        return PageQuestion.objects.create(
            masked_at=now if held else None,
            masked_reason=PENDING if held else "",
            page=page,
            kind=kind,
            author=author,
            statement=statement,
            body=body,
            source_url=source_url,
            created_at=now,
            due_at=now + datetime.timedelta(days=page.answer_days),
        )


@transaction.atomic
def question_answer(
    *,
    author: User,
    question: PageQuestion,
    answer: str,
    corrected_body: str = "",
    note: str = "",
) -> PageQuestion:
    """The owning department answers publicly; a corrected text makes a new version, linked to the answer."""
    page = question.page
    if not permissions.can_edit_page(author, page):
        raise PermissionDenied(_("Seul le service responsable de la page répond."), code="forbidden")
    question = PageQuestion.objects.select_for_update().get(pk=question.pk)
    if question.answered_at is not None:
        raise Conflict(_("Cette question a déjà reçu sa réponse."), code="already_answered")
    answer = _text(answer, field="answer")
    refuse_if_blocked(author)
    _writes_limited("comment", author.pk)
    corrected_body = (corrected_body or "").strip()
    if corrected_body and corrected_body != page.body.strip():
        version = page_edit(
            author=author,
            page=page,
            title=page.title,
            body=corrected_body,
            note=note.strip() or _("Correction à la suite d’une question"),
        )
        question.correction = version
    question.answer = answer
    question.answered_at = timezone.now()
    question.answered_by = author
    question.answered_role = _role_of(author, page.department_id)
    question.save(update_fields=["answer", "answered_at", "answered_by", "answered_role", "correction"])
    return question


def counterpoint_add(*, author: User, question: PageQuestion, department_id: int, body: str) -> Counterpoint:
    """Another department's contradictory opinion, shown beside the owner's answer (one per department)."""
    if department_id not in permissions.counterpoint_departments(author, question.page):
        raise PermissionDenied(
            _("Seuls les autres services de la commune peuvent ajouter un avis contradictoire."), code="forbidden"
        )
    body = _text(body, field="body")
    refuse_if_blocked(author)
    _writes_limited("comment", author.pk)
    try:
        with transaction.atomic():
            return Counterpoint.objects.create(question=question, department_id=department_id, author=author, body=body)
    except IntegrityError as exc:
        raise Conflict(_("Ce service a déjà donné son avis sur cette question."), code="already_given") from exc


def faq_promote(*, author: User, page: InformationPage, comment: Any, question: str) -> FaqEntry:
    """Copy an official answer of the page's department into the page's FAQ."""
    if not permissions.can_edit_page(author, page):
        raise PermissionDenied(_("Seul le service responsable modifie cette page."), code="forbidden")
    if not comment.is_official or comment.department_id != page.department_id:
        raise PermissionDenied(
            _("Seules les réponses officielles du service peuvent entrer dans la FAQ."), code="forbidden"
        )
    try:
        with transaction.atomic():
            return FaqEntry.objects.create(
                page=page,
                question=_text(question, field="question", limit=300),
                answer=comment.body,
                comment_id=comment.pk,
                source_url=comment.get_absolute_url(),
                promoted_by=author,
            )
    except IntegrityError as exc:
        raise Conflict(_("Cette réponse figure déjà dans la FAQ."), code="already_promoted") from exc


# Moderation hooks (cocite/moderation/registry.py) ----------------------------------------------------


def question_mask(question: PageQuestion, reason: str) -> None:
    PageQuestion.objects.filter(pk=question.pk).update(masked_at=timezone.now(), masked_reason=reason)


def question_unmask(question: PageQuestion) -> None:
    PageQuestion.objects.filter(pk=question.pk).update(masked_at=None, masked_reason="")


def question_redact(question: PageQuestion, texts: dict[str, str]) -> None:
    fields = [name for name in ("statement", "body") if name in texts]
    for name in fields:
        setattr(question, name, texts[name])
    if fields:
        question.save(update_fields=fields)


# Reminders ---------------------------------------------------------------------------------------------


def _send_reminder(page: InformationPage, emails: list[str]) -> None:
    url = str(settings.SITE_URL).rstrip("/") + page.get_absolute_url()
    send_mail(
        one_line(_("Page à revérifier : %(title)s") % {"title": page.title}),
        _(
            "La page « %(title)s » devait être revérifiée avant le %(date)s. "
            "Elle affiche désormais « à revérifier ». Relisez-la et marquez-la vérifiée : %(url)s"
        )
        % {"title": page.title, "date": page.review_by.strftime("%d/%m/%Y"), "url": url},
        None,
        emails,
    )


def review_reminders_send(*, today: datetime.date | None = None) -> int:
    """Tell each department about its pages past their review date, once per review date."""
    today = today or timezone.localdate()
    sent = 0
    due = InformationPage.objects.filter(review_by__lt=today).exclude(reminded_for=F("review_by"))
    for page in due.select_related("department"):
        with transaction.atomic():
            claimed = (
                InformationPage.objects.filter(pk=page.pk, review_by=page.review_by)
                .exclude(reminded_for=F("review_by"))
                .update(reminded_for=F("review_by"))
            )
            if not claimed:
                continue
            emails = list(page.department.members.filter(is_active=True).values_list("email", flat=True))
            if page.department.public_email:
                emails.append(page.department.public_email)
            if emails:
                transaction.on_commit(partial(_send_reminder, page, sorted(set(emails))))
            sent += 1
    return sent
