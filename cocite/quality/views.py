"""Services' feedback (/qualite/) and information pages (/informations/): thin views."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.accounts.viewer import signed_in
from cocite.core.errors import ActionError
from cocite.core.markdown import render_markdown
from cocite.core.network import client_ip
from cocite.core.params import parse_int
from cocite.debate.models import Comment
from cocite.territory.models import Department

from . import actions, permissions, qr, queries
from .forms import (
    AnswerForm,
    CounterpointForm,
    FeedbackForm,
    PageEditForm,
    PromoteForm,
    QuestionForm,
    RecurringPointForm,
    VerifyForm,
)


def _status(error: ActionError | None, form_errors: bool) -> int:
    if error is not None:
        return error.status
    return 400 if form_errors else 200


def _apply(form: object, exc: ActionError) -> None:
    field = exc.field if exc.field in form.fields else None  # type: ignore[attr-defined]
    form.add_error(field, exc.message)  # type: ignore[attr-defined]


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


# Services -------------------------------------------------------------------------------------------


@require_GET
def services(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/services.html", {"services": queries.services_list()})


@require_GET
def service(request: HttpRequest, slug: str) -> HttpResponse:
    public_service = queries.service_get(slug)
    context = {
        "view": queries.service_page(public_service),
        "can_manage": permissions.can_manage_service(request.user, public_service),
        "point_form": RecurringPointForm(),
    }
    return render(request, "quality/service.html", context)


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """The « Je donne mon avis » form, where the QR code and the short link lead."""
    public_service = queries.service_get(slug)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.feedback_give(
                service=public_service, respondent=request.user, client=client_ip(request), **form.cleaned_data
            )
        except ActionError as exc:
            error = exc
            _apply(form, exc)
        else:
            messages.success(request, _("Merci ! Votre avis a été enregistré."))
            return redirect(public_service.get_absolute_url())
    today = timezone.localdate()
    context = {
        "service": public_service,
        "form": form,
        "open": permissions.can_give_feedback(public_service),
        "answered_today": queries.already_answered_today(public_service, request.user, today),
    }
    return _private(render(request, "quality/feedback.html", context, status=_status(error, bool(form.errors))))


@require_GET
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    return redirect("quality:feedback", slug=queries.service_by_code(code).slug)


def _short_url(code: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + reverse("quality:short", kwargs={"code": code})


@require_GET
def qr_code(request: HttpRequest, slug: str) -> HttpResponse:
    public_service = queries.service_get(slug)
    response = HttpResponse(qr.svg(_short_url(public_service.short_code)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="avis-{public_service.slug}.svg"'
    return response


@require_GET
def poster(request: HttpRequest, slug: str) -> HttpResponse:
    """A page to print and put on a counter, a letter or an online procedure: QR code and short link."""
    public_service = queries.service_get(slug)
    return render(
        request, "quality/poster.html", {"service": public_service, "short_url": _short_url(public_service.short_code)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def received(request: HttpRequest, slug: str) -> HttpResponse:
    """For the department: the free texts (who wrote them is never shown), and its public answers."""
    public_service = queries.service_get(slug)
    user = signed_in(request.user)
    if not permissions.can_manage_service(user, public_service):
        raise HttpForbidden(_("Cette page est réservée au service responsable de la prestation."))
    form = RecurringPointForm(request.POST if request.method == "POST" else None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.recurring_point_answer(author=user, service=public_service, **form.cleaned_data)
        except ActionError as exc:
            error = exc
            _apply(form, exc)
        else:
            messages.success(request, _("Votre réponse est publiée sur la page de la prestation."))
            return redirect(public_service.get_absolute_url() + "#reponses-du-service")
    context = {
        "service": public_service,
        "page": queries.feedback_received(public_service, request.GET.get("page")),
        "form": form,
    }
    return _private(render(request, "quality/received.html", context, status=_status(error, bool(form.errors))))


# Information pages ---------------------------------------------------------------------------------


@require_GET
def pages(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/pages.html", {"pages": queries.pages_list()})


@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    info = queries.page_get(slug)
    return _page(request, info, QuestionForm(), status=200)


def _page(request: HttpRequest, info: object, form: QuestionForm, status: int) -> HttpResponse:
    view = queries.page_view(info)  # type: ignore[arg-type]
    context = {
        "view": view,
        "info": view.page,
        "body_html": render_markdown(view.page.body),
        "form": form,
        "can_ask": permissions.can_ask(request.user),
        "can_edit": permissions.can_edit_page(request.user, view.page),
        "can_counter": bool(permissions.counterpoint_departments(request.user, view.page)),
        "verify_form": VerifyForm(initial={"review_by": timezone.localdate() + datetime.timedelta(days=365)}),
    }
    return render(request, "quality/page.html", context, status=status)


@login_required
@require_POST
def ask(request: HttpRequest, slug: str) -> HttpResponse:
    info = queries.page_get(slug)
    user = signed_in(request.user)
    form = QuestionForm(request.POST)
    error: ActionError | None = None
    if form.is_valid():
        try:
            question = actions.question_ask(author=user, page=info, **form.cleaned_data)
        except ActionError as exc:
            error = exc
            _apply(form, exc)
        else:
            messages.success(
                request,
                _("Votre message est publié. Le service s’est engagé à répondre sous %(days)s jours.")
                % {"days": info.answer_days},
            )
            return redirect(f"{info.get_absolute_url()}#question-{question.pk}")
    return _private(_page(request, info, form, status=_status(error, True)))


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    info = queries.page_get(slug)
    question = queries.question_get(info, pk)
    user = signed_in(request.user)
    if not permissions.can_edit_page(user, info):
        raise HttpForbidden(_("Seul le service responsable de la page répond."))
    if question.answered_at is not None:
        return redirect(f"{info.get_absolute_url()}#question-{question.pk}")
    form = AnswerForm(request.POST if request.method == "POST" else None, initial={"corrected_body": info.body})
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.question_answer(author=user, question=question, **form.cleaned_data)
        except ActionError as exc:
            error = exc
            _apply(form, exc)
        else:
            messages.success(request, _("Votre réponse est publiée."))
            return redirect(f"{info.get_absolute_url()}#question-{question.pk}")
    context = {"info": info, "question": question, "form": form}
    return _private(render(request, "quality/answer.html", context, status=_status(error, bool(form.errors))))


@login_required
@require_http_methods(["GET", "POST"])
def counterpoint(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    info = queries.page_get(slug)
    question = queries.question_get(info, pk)
    user = signed_in(request.user)
    allowed = permissions.counterpoint_departments(user, info)
    if not allowed:
        raise HttpForbidden(_("Seuls les autres services de la commune peuvent ajouter un avis contradictoire."))
    choices = list(Department.objects.filter(pk__in=allowed).order_by("name").values_list("pk", "name"))
    form = CounterpointForm(request.POST if request.method == "POST" else None, departments=choices)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.counterpoint_add(
                author=user,
                question=question,
                department_id=form.cleaned_data["department"],
                body=form.cleaned_data["body"],
            )
        except ActionError as exc:
            error = exc
            _apply(form, exc)
        else:
            messages.success(request, _("Votre avis contradictoire est publié."))
            return redirect(f"{info.get_absolute_url()}#question-{question.pk}")
    context = {"info": info, "question": question, "form": form}
    return _private(render(request, "quality/counterpoint.html", context, status=_status(error, bool(form.errors))))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    info = queries.page_get(slug)
    user = signed_in(request.user)
    if not permissions.can_edit_page(user, info):
        raise HttpForbidden(_("Seul le service responsable modifie cette page."))
    form = PageEditForm(
        request.POST if request.method == "POST" else None, initial={"title": info.title, "body": info.body}
    )
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.page_edit(author=user, page=info, **form.cleaned_data)
        except ActionError as exc:
            error = exc
            _apply(form, exc)
        else:
            messages.success(request, _("La nouvelle version est publiée."))
            return redirect(info.get_absolute_url())
    context = {"info": info, "form": form}
    return _private(render(request, "quality/edit.html", context, status=_status(error, bool(form.errors))))


@login_required
@require_POST
def verify(request: HttpRequest, slug: str) -> HttpResponse:
    info = queries.page_get(slug)
    user = signed_in(request.user)
    if not permissions.can_edit_page(user, info):
        raise HttpForbidden(_("Seul le service responsable vérifie cette page."))
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            actions.page_verify(author=user, page=info, review_by=form.cleaned_data["review_by"])
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("La page est marquée vérifiée aujourd’hui."))
    else:
        messages.error(request, _("Indiquez une date de revérification valide."))
    return redirect(info.get_absolute_url())


@require_GET
def versions(request: HttpRequest, slug: str) -> HttpResponse:
    info = queries.page_get(slug)
    all_versions = queries.page_versions(info)
    diff = None
    diff_error = ""
    if request.GET.get("de") or request.GET.get("a"):
        by_number = {v.number: v for v in all_versions}
        old_n, new_n = parse_int(request.GET.get("de")), parse_int(request.GET.get("a"))
        if old_n in by_number and new_n in by_number:
            diff = queries.diff_versions(by_number[old_n], by_number[new_n])
        else:
            diff_error = _("Choisissez deux versions existantes à comparer.")
    shown = None
    requested = parse_int(request.GET.get("version"))
    if requested is not None:
        shown = next((v for v in all_versions if v.number == requested), None)
    context = {
        "info": info,
        "versions": all_versions,
        "diff": diff,
        "diff_error": diff_error,
        "shown": shown,
        "shown_html": render_markdown(shown.body) if shown else "",
    }
    return render(request, "quality/versions.html", context, status=400 if diff_error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def promote(request: HttpRequest, slug: str) -> HttpResponse:
    info = queries.page_get(slug)
    user = signed_in(request.user)
    if not permissions.can_edit_page(user, info):
        raise HttpForbidden(_("Seul le service responsable modifie cette page."))
    candidates = queries.faq_candidates(info)
    choices = [(comment.pk, f"{title} — {comment.body[:120]}") for comment, title in candidates]
    form = PromoteForm(request.POST if request.method == "POST" else None, candidates=choices)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        comment = Comment.objects.get(pk=form.cleaned_data["comment"])
        try:
            actions.faq_promote(author=user, page=info, comment=comment, question=form.cleaned_data["question"])
        except ActionError as exc:
            error = exc
            _apply(form, exc)
        else:
            messages.success(request, _("La réponse figure désormais dans la FAQ de la page."))
            return redirect(info.get_absolute_url() + "#faq")
    context = {"info": info, "form": form, "candidates": candidates}
    return _private(render(request, "quality/promote.html", context, status=_status(error, bool(form.errors))))
