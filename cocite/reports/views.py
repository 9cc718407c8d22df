"""Pages of reports: the public list and map, a report's page, the form, the departments' queue, patterns."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.accounts.viewer import signed_in
from cocite.core.errors import ActionError
from cocite.core.params import parse_int
from cocite.demarches.permissions import can_view_demarche
from cocite.territory import geocoder
from cocite.territory.models import Quartier
from cocite.territory.queries import quartier_list

from . import actions, permissions, queries
from .forms import ConfirmForm, DemarcheForm, FilterForm, ReassignForm, ReportForm, StatusForm
from .models import Category, Report

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def _map_quartiers() -> list[dict[str, Any]]:
    return [{"id": q.pk, "name": q.name, "boundary": q.boundary} for q in quartier_list() if q.boundary]


def _status_of(error: ActionError | None, form_errors: bool) -> int:
    if error is not None:
        return 429 if error.code == "rate_limited" else error.status
    return 400 if form_errors else 200


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """The public list and map, filtered (category, status, quartier, age), newest first (keyset pages)."""
    categories, quartiers = queries.filter_choices()
    form = FilterForm(request.GET or None, categories=categories, quartiers=quartiers)
    filters = queries.ReportFilters(**form.values())
    after = request.GET.get("apres", "")[:200]
    page = queries.report_page(filters, after=after)
    query = {k: v for k, v in (("categorie", filters.category), ("statut", filters.status),
                               ("quartier", filters.quartier), ("age", filters.age)) if v}  # fmt: skip
    return render(
        request,
        "reports/list.html",
        {
            "form": form,
            "page": page,
            "points": queries.map_points(filters),
            "map_quartiers": _map_quartiers(),
            "query": urlencode(query),
            "can_file": permissions.can_submit(request.user),
            "can_queue": bool(queries.queue_departments(request.user)) if request.user.is_authenticated else False,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    on_behalf = permissions.can_file_on_behalf(user)
    form = ReportForm(request.POST or None, request.FILES or None, on_behalf=on_behalf)
    error: ActionError | None = None
    if request.method == "POST" and request.POST.get("verifier"):
        # « Vérifier les signalements proches » without JavaScript: the form again, as typed (not yet checked,
        # so no error), with the open reports of that category within 50 m.
        found, checked = _nearby_found(request.POST)
        context = {
            "form": ReportForm(initial=_typed(request, form), on_behalf=on_behalf),
            "map_quartiers": _map_quartiers(),
            "on_behalf": on_behalf,
            "nearby": {"found": found, "checked": checked},
            "photos_dropped": bool(request.FILES),
        }
        return render(request, "reports/new.html", context)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        address = data.get("address") or ""
        if not address.strip():
            # A point without a typed address: its address, as for contributions (before the action's
            # transaction: a slow or failing geocoder only leaves it empty, the point stays the place).
            address = geocoder.reverse_label(data.get("latitude"), data.get("longitude"))
        try:
            report = actions.report_submit(
                user=user,
                category=data["category"],
                description=data["description"],
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                address=address,
                images=form.images(),
                follow=bool(data.get("follow")),
                channel=data.get("channel") or "en_ligne",
                offline_author_name=data.get("offline_author_name") or "",
                contact_email=data.get("contact_email") or "",
            )
        except ActionError as caught:
            error = caught
            field = caught.field if caught.field in form.fields else None
            if caught.field == "images":
                field = "image_1"
            form.add_error(field, caught.message)
        else:
            messages.success(request, _("Merci : votre signalement est enregistré et transmis au service concerné."))
            return redirect(report)
    context = {"form": form, "map_quartiers": _map_quartiers(), "on_behalf": on_behalf}
    return render(request, "reports/new.html", context, status=_status_of(error, bool(form.errors)))


def _typed(request: HttpRequest, form: ReportForm) -> dict[str, Any]:
    """What was typed in the report form, as the initial values of a fresh one (photos cannot come back)."""
    typed: dict[str, Any] = {name: request.POST.get(name, "")[:5000] for name in form.fields if name in request.POST}
    typed["follow"] = "follow" in request.POST
    return typed


def _nearby_found(source: Any) -> tuple[list[Any], bool]:
    """The open reports of the category within 50 m of the point in `source`; whether there was one to check."""
    category = queries.category_by_slug(source.get("categorie", "")[:60]) if source.get("categorie") else None
    if category is None:
        category_id = parse_int(source.get("category"))
        category = queries.active_categories().filter(pk=category_id).first() if category_id else None
    try:
        latitude = float((source.get("lat") or source.get("latitude") or "")[:40])
        longitude = float((source.get("lon") or source.get("longitude") or "")[:40])
        valid = -90 <= latitude <= 90 and -180 <= longitude <= 180
    except ValueError:
        valid = False
    found = queries.nearby_open(category, latitude, longitude) if category is not None and valid else []
    return found, category is not None and valid


@require_GET
def nearby(request: HttpRequest) -> HttpResponse:
    """The form's duplicate check: open reports of that category within 50 m of the point (a fragment)."""
    found, checked = _nearby_found(request.GET)
    # htmx swaps the fragment into the report form (its buttons post with formaction: no nested form);
    # opened directly, the same list stands in a whole page, a form per report.
    in_form = request.headers.get("HX-Request") == "true"
    template = "reports/_nearby.html" if in_form else "reports/nearby.html"
    return render(request, template, {"found": found, "checked": checked, "in_form": in_form})


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.report_get_for(request.user, pk)
    return _render_detail(request, report)


def _render_detail(
    request: HttpRequest,
    report: Report,
    *,
    status_form: StatusForm | None = None,
    reassign_form: ReassignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """A report's page; after a refused status change or reassignment, with the agent's form as typed."""
    masked = report.is_masked and not permissions.can_see_masked(request.user, report)
    handler = permissions.can_handle(request.user, report)
    context: dict[str, Any] = {
        "report": report,
        "masked": masked,
        "events": [] if masked else queries.timeline(report),
        "photos": [] if masked else queries.photos(report),
        "following": queries.follows(request.user, report),
        "handler": handler,
        "status_form": (status_form or StatusForm()) if handler else None,
        "reassign_form": (reassign_form or ReassignForm()) if handler else None,
        "can_confirm": permissions.can_confirm(request.user, report) and report.status == "resolu",
        "quartier_boundary": report.quartier.boundary if report.quartier_id and report.quartier else None,
        **_origin(request, report),
    }
    return render(request, "reports/detail.html", context, status=status)


def _refuse(form: StatusForm | ReassignForm, error: ActionError) -> int:
    """An action's refusal shown beside its field (or above the form); the response's status."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
    return _status_of(error, True)


def _origin(request: HttpRequest, report: Report) -> dict[str, Any]:
    """« À l'origine de la démarche X », for those who see the démarche (a draft: administrators only)."""
    demarche = report.demarche if report.demarche_id else None
    if demarche is None or not can_view_demarche(request.user, demarche):
        return {"origin_demarche": None}
    return {"origin_demarche": demarche}


@login_required
@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.report_get_for(request.user, pk)
    try:
        counted = actions.report_join(user=signed_in(request.user), report=report)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        if counted:
            messages.success(request, _("Merci : vous suivez ce signalement et il compte une personne de plus."))
        else:
            messages.info(request, _("Vous aviez déjà indiqué que c'est le même problème."))
    return redirect(report)


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.report_get_for(request.user, pk)
    try:
        actions.report_follow(user=signed_in(request.user), report=report, following=request.POST.get("suivre") == "1")
    except ActionError as error:
        messages.error(request, error.message)
    return redirect(report)


@login_required
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.report_get_for(request.user, pk)
    if not permissions.can_handle(request.user, report):
        raise HttpForbidden
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, report, status_form=form, status=400)
    data = form.cleaned_data
    try:
        actions.report_set_status(
            agent=signed_in(request.user),
            report=report,
            status=data["status"],
            message=data.get("message") or "",
            planned_for=data.get("planned_for"),
            competent_body=data.get("competent_body") or "",
            forward_to=data.get("forward_to") or "",
        )
    except ActionError as error:
        # Refused (« non retenu » without its reason, a past date…): the form comes back as typed.
        return _render_detail(request, report, status_form=form, status=_refuse(form, error))
    messages.success(request, _("Statut enregistré ; les personnes qui suivent le signalement sont prévenues."))
    return redirect(report)


@login_required
@require_POST
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.report_get_for(request.user, pk)
    if not permissions.can_handle(request.user, report):
        raise HttpForbidden
    form = ReassignForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, report, reassign_form=form, status=400)
    try:
        actions.report_reassign(
            agent=signed_in(request.user),
            report=report,
            department=form.cleaned_data["department"],
            reason=form.cleaned_data["reason"],
        )
    except ActionError as error:
        return _render_detail(request, report, reassign_form=form, status=_refuse(form, error))
    messages.success(request, _("Signalement réorienté."))
    return redirect(report)


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """« Le problème est-il réglé ? », asked of the reporter four weeks after « résolu »."""
    report = queries.report_get_for(request.user, pk)
    if not permissions.can_confirm(request.user, report):
        raise Http404
    form = ConfirmForm(request.POST or None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_confirm(
                user=signed_in(request.user),
                report=report,
                solved=form.cleaned_data["solved"] == "oui",
                message=form.cleaned_data.get("message") or "",
            )
        except ActionError as caught:
            error = caught
            form.add_error(None, caught.message)
        else:
            messages.success(request, _("Merci pour votre réponse."))
            return redirect(report)
    return render(
        request, "reports/confirm.html", {"report": report, "form": form}, status=_status_of(error, bool(form.errors))
    )


@require_GET
def photo(request: HttpRequest, pk: int, photo_pk: int, name: str) -> HttpResponse | FileResponse:
    picture = queries.photo_get_for(request.user, pk, photo_pk, name)
    content_type = IMAGE_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")
    stored = picture.image.name or ""
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    response: HttpResponse | FileResponse
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(stored)
    else:
        try:
            handle = picture.image.storage.open(stored, "rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        response = FileResponse(handle, content_type=content_type)
    patch_cache_control(response, public=True, max_age=3600)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """« Mes signalements » : those one made or follows, their status, and the question when it is asked."""
    page = queries.my_reports(request.user, page_number=request.GET.get("page"))
    return render(request, "reports/mine.html", {"page": page})


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """A department's queue: its open reports, the most urgent first."""
    departments = queries.queue_departments(request.user)
    if not departments:
        raise HttpForbidden
    chosen = next((d for d in departments if d.slug == request.GET.get("service")), departments[0])
    show = "tous" if request.GET.get("voir") == "tous" else "ouverts"
    page = queries.queue_page(chosen, show=show, page_number=request.GET.get("page"))
    return render(
        request,
        "reports/queue.html",
        {
            "departments": departments,
            "department": chosen,
            "page": page,
            "show": show,
            "open_counts": queries.open_count_by_department([d.pk for d in departments]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def patterns(request: HttpRequest) -> HttpResponse:
    """Reports per category, quartier and month, each chart with its table; « transformer en démarche »."""
    if not permissions.can_see_patterns(request.user):
        raise HttpForbidden
    categories, quartiers = queries.filter_choices()
    form = FilterForm(request.GET or None, categories=categories, quartiers=quartiers)
    values = form.values()
    demarche_form = DemarcheForm(
        request.POST or None,
        initial={"category": values["category"], "quartier": values["quartier"]},
        categories=queries.categories_handled(request.user),
    )
    status = 200
    if request.method == "POST":
        if demarche_form.is_valid():
            data = demarche_form.cleaned_data
            quartier = Quartier.objects.filter(slug=data.get("quartier") or "").first()
            try:
                demarche = actions.demarche_from_reports(
                    agent=signed_in(request.user), category=data["category"], quartier=quartier, title=data["title"]
                )
            except ActionError as error:
                demarche_form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(
                    request,
                    _("Démarche « %(title)s » créée en brouillon ; les signalements y sont listés.")
                    % {"title": demarche.title},
                )
                # A draft: the department finishes it (phases, rules) in the administration, then publishes it.
                return redirect("reports:patterns")
        else:
            status = 400
    board = queries.patterns(category=values["category"], quartier=values["quartier"])
    return render(
        request,
        "reports/patterns.html",
        {"form": form, "board": board, "demarche_form": demarche_form, "values": values},
        status=status,
    )


def _carry_source(request: HttpRequest) -> tuple[Category | None, Quartier | None, str]:
    """The category and quartier of a « transformer en démarche » (from the query string or the form)."""
    source = request.POST if request.method == "POST" else request.GET
    category = queries.category_by_slug((source.get("category") or "")[:60])
    quartier_slug = (source.get("quartier") or "")[:150]
    quartier = queries.quartier_by_slug(quartier_slug) if quartier_slug else None
    problem = ""
    if category is None:
        problem = _("Choisissez une catégorie proposée.")
    elif quartier_slug and quartier is None:
        problem = _("Choisissez un quartier proposé.")
    return category, quartier, problem


@login_required
@require_http_methods(["GET", "POST"])
def to_demarche(request: HttpRequest) -> HttpResponse:
    """« Transformer en démarche » : what would be carried (how many reports, those already in a démarche),
    then, confirmed, the draft démarche made with the reports as its items."""
    if not permissions.can_see_patterns(request.user):
        raise HttpForbidden
    category, quartier, problem = _carry_source(request)
    if category is not None and not permissions.handles(request.user, category.department_id):
        raise HttpForbidden
    initial = {"category": category.slug if category else "", "quartier": quartier.slug if quartier else ""}
    form = DemarcheForm(request.POST or None, initial=initial)
    status = 400 if problem else 200
    if request.method == "POST" and category is not None and not problem:
        if form.is_valid():
            try:
                demarche = actions.demarche_from_reports(
                    agent=signed_in(request.user),
                    category=category,
                    quartier=quartier,
                    title=form.cleaned_data["title"],
                )
            except ActionError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                carried = queries.demarche_report_count(demarche)
                messages.success(
                    request,
                    ngettext(
                        "Démarche « %(title)s » créée en brouillon : %(n)s signalement y est rattaché.",
                        "Démarche « %(title)s » créée en brouillon : %(n)s signalements y sont rattachés.",
                        carried,
                    )
                    % {"title": demarche.title, "n": carried},
                )
                if can_view_demarche(request.user, demarche):  # an administrator: the démarche's reports
                    return redirect("reports:demarche", slug=demarche.slug)
                # A draft is seen by administrators only: its department's agent is shown the selection again,
                # now carried (the message says how many reports were).
                query = urlencode({k: v for k, v in initial.items() if v})
                return redirect(f"{reverse('reports:to_demarche')}?{query}")
        else:
            status = 400
    preview = (
        queries.carry_preview(category=category.slug, quartier=quartier.slug if quartier else "")
        if category is not None and not problem
        else None
    )
    already = next((r.demarche for r in preview.already if r.demarche is not None), None) if preview else None
    return render(
        request,
        "reports/to_demarche.html",
        {
            "category": category,
            "quartier": quartier,
            "problem": problem,
            "preview": preview,
            "form": form,
            "already_title": already.title if already is not None and can_view_demarche(request.user, already) else "",
        },
        status=status,
    )


@require_GET
def demarche_reports(request: HttpRequest, slug: str) -> HttpResponse:
    """The reports at the origin of a démarche (its items): for those who see the démarche, or its department."""
    demarche = queries.demarche_for_reports_get_for(request.user, slug[:80])
    return render(
        request,
        "reports/demarche.html",
        {
            "demarche": demarche,
            "reports": queries.demarche_reports(request.user, demarche),
            "draft": demarche.status == demarche.Status.DRAFT,
        },
    )
