"""Pages of the exploration: the public findings (and volunteering), the team's field work."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.accounts.viewer import signed_in
from cocite.core.errors import ActionError
from cocite.demarches.queries import demarche_get_for

from . import actions, permissions, queries
from .forms import (
    FieldNoteForm,
    FindingForm,
    IrritantContributionForm,
    IrritantForm,
    JourneyForm,
    StepForm,
    VolunteerForm,
)

PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def _status(form_errors: bool, error: ActionError | None = None) -> int:
    if error is not None:
        return 429 if error.code == "rate_limited" else error.status
    return 400 if form_errors else 200


def _refuse(form: Any, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def findings(request: HttpRequest, slug: str) -> HttpResponse:
    """What the exploration found, for whoever sees the démarche; « je me porte volontaire »."""
    demarche = demarche_get_for(request.user, slug)
    form = VolunteerForm(request.POST if request.method == "POST" and "withdraw" not in request.POST else None)
    error: ActionError | None = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        person = signed_in(request.user)
        if "withdraw" in request.POST:
            actions.volunteer_withdraw(person=person, demarche=demarche)
            messages.success(request, _("Votre proposition est retirée : l'équipe ne vous contactera pas."))
            return redirect("exploration:findings", slug=slug)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.volunteer_sign_up(
                    person=person,
                    demarche=demarche,
                    interview=data["interview"],
                    test=data["test"],
                    availability=data["availability"],
                    consent=data["consent"],
                )
            except ActionError as exc:
                error = exc
                _refuse(form, exc)
            else:
                messages.success(request, _("Merci ! L'équipe de la démarche vous contactera."))
                return redirect("exploration:findings", slug=slug)
    context = {
        "demarche": demarche,
        "findings": queries.published_findings(demarche),
        "is_team": permissions.can_see_field_work(request.user, demarche),
        "can_volunteer": permissions.can_volunteer(request.user, demarche),
        "volunteer": queries.volunteer_of(request.user, demarche),
        "form": form,
    }
    response = render(request, "exploration/findings.html", context, status=_status(bool(form.errors), error))
    return _private(response) if request.user.is_authenticated else response


@require_GET
def workspace(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = queries.team_demarche_get_for(request.user, slug)
    context = {
        "demarche": demarche,
        "work": queries.workspace_for(demarche),
        "can_record": permissions.can_record(request.user, demarche),
    }
    return _private(render(request, "exploration/workspace.html", context))


def _recording(request: HttpRequest, demarche: Any) -> None:
    if not permissions.can_record(request.user, demarche):
        raise HttpForbidden(
            _(
                "Seule l'équipe qui anime la démarche enregistre le travail d'exploration, pendant les phases "
                "d'exploration et d'arbitrage."
            )
        )


@require_http_methods(["GET", "POST"])
def field_note_new(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = queries.team_demarche_get_for(request.user, slug)
    _recording(request, demarche)
    form = FieldNoteForm(request.POST or None, request.FILES or None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            note = actions.field_note_record(
                author=request.user,
                demarche=demarche,
                kind=data["kind"],
                title=data["title"],
                happened_on=data["happened_on"],
                place=data["place"],
                participants_count=data["participants_count"],
                participant_profiles=data["participant_profiles"],
                named_participants=data["named_participants"],
                names_consent=data["names_consent"],
                notes=data["notes"],
                learned=data["learned"],
                photos=form.photos(),
            )
        except ActionError as exc:
            error = exc
            _refuse(form, exc)
        else:
            messages.success(request, _("La note de terrain est enregistrée."))
            return redirect(note)
    context = {"demarche": demarche, "form": form}
    return _private(
        render(request, "exploration/field_note_form.html", context, status=_status(bool(form.errors), error))
    )


@require_GET
def field_note(request: HttpRequest, pk: int) -> HttpResponse:
    note = queries.field_note_get_for(request.user, pk)
    return _private(render(request, "exploration/field_note.html", {"note": note, "demarche": note.demarche}))


@require_GET
def photo(request: HttpRequest, pk: int, name: str) -> HttpResponse | FileResponse:
    """A field-work photo, to the team only (404 otherwise); never a shared cache."""
    picture = queries.photo_get_for(request.user, pk, name)
    content_type = PHOTO_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")
    stored = picture.image.name or ""
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    response: HttpResponse | FileResponse
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + stored
    else:
        try:
            handle = picture.image.storage.open(stored, "rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        response = FileResponse(handle, content_type=content_type)
    patch_cache_control(response, private=True, max_age=3600)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def journey_new(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = queries.team_demarche_get_for(request.user, slug)
    _recording(request, demarche)
    form = JourneyForm(request.POST or None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            journey = actions.journey_create(
                author=request.user,
                demarche=demarche,
                title=data["title"],
                case=data["case"],
                who=data["who"],
                goal=data["goal"],
            )
        except ActionError as exc:
            error = exc
            _refuse(form, exc)
        else:
            messages.success(request, _("Le parcours est créé : ajoutez-en les étapes."))
            return redirect(journey)
    context = {"demarche": demarche, "form": form}
    return _private(render(request, "exploration/journey_form.html", context, status=_status(bool(form.errors), error)))


@require_http_methods(["GET", "POST"])
def journey(request: HttpRequest, pk: int) -> HttpResponse:
    """A journey's steps, irritants and linked contributions; the team adds steps and irritants here."""
    item = queries.journey_get_for(request.user, pk)
    demarche = item.demarche
    steps = item.step_list  # type: ignore[attr-defined]
    can_record = permissions.can_record(request.user, demarche)
    posted = request.POST.get("form") if request.method == "POST" else None
    if posted is not None and not can_record:
        _recording(request, demarche)
    choices = queries.contribution_choices(demarche)
    step_form = StepForm(request.POST if posted == "etape" else None)
    irritant_form = IrritantForm(request.POST if posted == "irritant" else None, steps=steps, contributions=choices)
    error: ActionError | None = None
    if posted == "etape" and step_form.is_valid():
        data = step_form.cleaned_data
        try:
            actions.journey_step_add(
                author=request.user,
                journey=item,
                title=data["title"],
                channel=data["channel"],
                feeling=data["feeling"],
                minutes=data["minutes"],
                notes=data["notes"],
            )
        except ActionError as exc:
            error = exc
            _refuse(step_form, exc)
        else:
            messages.success(request, _("L'étape est ajoutée."))
            return redirect(item)
    if posted == "irritant" and irritant_form.is_valid():
        data = irritant_form.cleaned_data
        step = next((s for s in steps if s.pk == data["step"]), None)
        if step is None:
            irritant_form.add_error("step", _("Choisissez une étape de ce parcours."))
        else:
            try:
                actions.irritant_add(
                    author=request.user, step=step, text=data["text"], raised_in=list(data["raised_in"])
                )
            except ActionError as exc:
                error = exc
                _refuse(irritant_form, exc)
            else:
                messages.success(request, _("L'irritant est ajouté."))
                return redirect(item)
    context = {
        "journey": item,
        "demarche": demarche,
        "steps": steps,
        "can_record": can_record,
        "step_form": step_form,
        "irritant_form": irritant_form,
        "total_minutes": sum(s.minutes or 0 for s in steps),
    }
    invalid = bool(step_form.errors or irritant_form.errors)
    return _private(render(request, "exploration/journey.html", context, status=_status(invalid, error)))


@require_http_methods(["GET", "POST"])
def irritant_contribution(request: HttpRequest, pk: int) -> HttpResponse:
    """« Créer une contribution » from an irritant, linked back to it."""
    irritant = queries.irritant_get_for(request.user, pk)
    journey_ = irritant.step.journey
    demarche = journey_.demarche
    if irritant.contribution_id is not None:
        messages.info(request, _("Une contribution a déjà été créée à partir de cet irritant."))
        return redirect(journey_)
    _recording(request, demarche)
    initial = {"title": irritant.text[:140], "body": irritant.text}
    form = IrritantContributionForm(request.POST or None, initial=initial)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contribution = actions.irritant_to_contribution(
                author=request.user, irritant=irritant, kind=data["kind"], title=data["title"], body=data["body"]
            )
        except ActionError as exc:
            error = exc
            _refuse(form, exc)
        else:
            messages.success(request, _("La contribution est créée et reliée à l'irritant."))
            return redirect(contribution)
    context = {"irritant": irritant, "journey": journey_, "demarche": demarche, "form": form}
    return _private(
        render(request, "exploration/irritant_contribution.html", context, status=_status(bool(form.errors), error))
    )


@require_http_methods(["GET", "POST"])
def finding_new(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = queries.team_demarche_get_for(request.user, slug)
    _recording(request, demarche)
    form = FindingForm(
        request.POST or None,
        notes=queries.field_note_choices(demarche),
        journeys=queries.journey_choices(demarche),
        contributions=queries.contribution_choices(demarche),
    )
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.finding_record(
                author=request.user,
                demarche=demarche,
                title=data["title"],
                summary=data["summary"],
                published=data["published"],
                field_notes=list(data["field_notes"]),
                journeys=list(data["journeys"]),
                contributions=list(data["contributions"]),
            )
        except ActionError as exc:
            error = exc
            _refuse(form, exc)
        else:
            messages.success(request, _("Le constat est enregistré."))
            return redirect("exploration:workspace", slug=slug)
    context = {"demarche": demarche, "form": form}
    return _private(render(request, "exploration/finding_form.html", context, status=_status(bool(form.errors), error)))


@require_POST
def finding_publish(request: HttpRequest, pk: int) -> HttpResponse:
    finding = queries.finding_get_for_team(request.user, pk)
    try:
        actions.finding_publish(author=request.user, finding=finding, published=request.POST.get("published") == "1")
    except ActionError as exc:
        raise HttpForbidden(exc.message) from exc
    messages.success(request, _("La publication du constat est mise à jour."))
    return redirect(reverse("exploration:workspace", kwargs={"slug": finding.demarche.slug}) + "#constats")
