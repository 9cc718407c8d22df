from __future__ import annotations

import random
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.accounts.permissions import is_moderator, works_for_the_authority
from cocite.core.cache import anonymous_page_cache, caching, demarche_scope, scope_of
from cocite.core.errors import ActionError, RateLimited
from cocite.core.fragments import personalise, shared_fragment
from cocite.core.http import local_path
from cocite.core.markdown import render_markdown
from cocite.demarches.queries import demarche_get_for, demarche_id_for_slug
from cocite.notifications import queries as notification_queries
from cocite.notifications import targets
from cocite.territory import geocoder
from cocite.territory.queries import quartier_list, theme_list

from . import actions, permissions, queries
from .forms import IMAGE_SLOTS, ContributionEditForm, ContributionFilterForm, ContributionForm
from .models import Contribution, PendingImage

COMPONENT = "contributions"
# The action's refusals of a point placed on the map (outside the commune, outside the démarche's
# quartiers): shown next to the map, where the point was placed.
POINT_ERRORS = {"point_outside", "quartier_out_of_scope"}
IMAGE_SLOT_NUMBERS = range(1, IMAGE_SLOTS + 1)
# clean_image only keeps these formats.
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def _visitor_seed(request: HttpRequest) -> int:
    """A per-visitor seed so "random order" is stable while they browse."""
    seed = request.session.get("contribution_seed")
    if not isinstance(seed, int):
        seed = random.randint(1, 2_000_000_000)
        request.session["contribution_seed"] = seed
    return seed


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _list_scopes(request: HttpRequest, slug: str) -> tuple[str, ...]:
    demarche_id = demarche_id_for_slug(slug)
    return (demarche_scope(demarche_id),) if demarche_id is not None else ()


def _detail_scopes(request: HttpRequest, pk: int) -> tuple[str, ...]:
    return (f"contributions.contribution:{pk}",)


@require_GET
@anonymous_page_cache(scopes=_list_scopes)
def contribution_list(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = demarche_get_for(request.user, slug)
    view_mode = "carte" if request.GET.get("vue") == "carte" else "liste"
    htmx = _is_htmx(request)
    entry = permissions.submission_entry(request.user, demarche)
    entry_key = tuple(sorted(entry.items()))
    seed = _visitor_seed(request) if request.GET.get("tri") == "aleatoire" else 1

    def render_body() -> tuple[str, list[int]]:
        # The same for everyone with the same permissions: cached (see core/fragments.py).
        themes = demarche.scope_themes()
        quartiers = demarche.scope_quartiers()
        if not themes or not quartiers:
            themes = themes or list(theme_list())
            quartiers = quartiers or list(quartier_list())
        form = ContributionFilterForm(request.GET or None, themes=themes, quartiers=quartiers)
        filters = queries.ContributionFilters(**form.filters())
        page = queries.contribution_page(
            demarche=demarche,
            filters=filters,
            after=request.GET.get("apres", ""),
            before=request.GET.get("avant", ""),
            seed=seed,
        )
        context: dict[str, Any] = {
            "demarche": demarche,
            "form": form,
            "filters": filters,
            "page": page,
            "view_mode": view_mode,
            "entry": entry,
            "request": request,
        }
        if view_mode == "carte":
            context["map_points"] = queries.map_points(demarche)
            context["map_quartiers"] = [
                {"id": q.pk, "name": q.name, "boundary": q.boundary} for q in quartier_list() if q.boundary
            ]
        template = "contributions/partials/results.html" if htmx else "contributions/partials/list_body.html"
        return render_to_string(template, context), [item.pk for item in page.items]

    body, shown_ids = shared_fragment(
        "contributions:list",
        (demarche.pk, request.get_full_path(), view_mode, htmx, entry_key, seed),
        render_body,
        scopes=(demarche_scope(demarche.pk),),
    )
    badge = format_html('<span class="badge badge--supported">{}</span>', _("Vous soutenez"))
    supported = queries.supported_among(request.user, shown_ids)
    body = personalise(body, request, markers={f"soutien:{pk}": badge for pk in supported})
    if htmx:
        return HttpResponse(body)
    return render(
        request,
        "contributions/list.html",
        {"demarche": demarche, "view_mode": view_mode, "body": body},
    )


@require_http_methods(["GET", "POST"])
def contribution_submit(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = demarche_get_for(request.user, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    offline = permissions.can_record_offline(request.user, demarche)
    late_paper = not offline and permissions.can_record_late_paper(request.user, demarche)
    if not (permissions.can_submit(request.user, demarche) or offline or late_paper):
        return render(
            request,
            "contributions/closed.html",
            {"demarche": demarche, "entry": permissions.submission_entry(request.user, demarche)},
            status=403,
        )
    kept: dict[int, PendingImage] = {}
    if request.method == "POST":
        # Images kept from an earlier attempt (hidden tokens), unless removed or replaced now.
        kept = queries.pending_images_for(
            request.user, {slot: request.POST.get(f"kept_image_{slot}", "") for slot in IMAGE_SLOT_NUMBERS}
        )
        dropped = [
            kept.pop(slot)
            for slot in list(kept)
            if request.POST.get(f"remove_image_{slot}") or request.FILES.get(f"image_{slot}")
        ]
        actions.pending_images_discard(dropped)
    form = ContributionForm(
        request.POST or None,
        request.FILES or None,
        demarche=demarche,
        offline=offline,
        late_paper=late_paper,
        kept=kept,
        author=request.user,
    )
    rate_limited = False
    map_error = ""
    if (
        request.method == "POST"
        and late_paper
        and form.is_valid()
        and not permissions.can_record_late_paper(
            request.user, demarche, collected_on=form.cleaned_data["collected_on"]
        )
    ):
        form.add_error(
            "collected_on", _("La collecte n'était pas ouverte ce jour-là : choisissez un jour où elle l'était.")
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Before the action's transaction: a slow or failing geocoder only leaves the address empty.
        address = geocoder.reverse_label(data["latitude"], data["longitude"])
        try:
            contribution = actions.contribution_submit(
                author=request.user,
                demarche=demarche,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                themes=list(data["themes"]),
                quartier=data["quartier"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                address=address,
                images=form.images(),
                channel=Contribution.Channel.PAPER
                if late_paper
                else data.get("channel") or Contribution.Channel.ONLINE,
                offline_author_name=data.get("offline_author_name") or "",
                collected_on=data.get("collected_on") if late_paper else None,
                extensions=form.extension_values(),
            )
        except ActionError as error:
            if error.code in POINT_ERRORS and data["latitude"] is not None:
                # About the point placed on the map: said next to the map, not on a field.
                map_error = error.message
            else:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            rate_limited = isinstance(error, RateLimited)
        else:
            actions.pending_images_discard(kept.values())
            if contribution.is_pending:
                messages.success(
                    request,
                    _(
                        "Merci ! Votre contribution est enregistrée : elle sera publiée dès qu’un·e modérateur·rice "
                        "l’aura validée, et vous en serez prévenu·e."
                    ),
                )
            else:
                messages.success(request, _("Merci ! Votre contribution est publiée."))
            return redirect(contribution)
    if request.method == "POST":
        # The form comes back with errors: the images just chosen are kept, not silently dropped.
        for slot, upload in form.new_uploads().items():
            try:
                form.kept[slot] = actions.pending_image_keep(user=request.user, upload=upload, name=upload.name)
            except ActionError as error:
                form.add_error(f"image_{slot}", error.message)
    scope = {q.pk for q in demarche.scope_quartiers()}
    context = {
        "demarche": demarche,
        "form": form,
        "offline": offline,
        "late_paper": late_paper,
        "map_error": map_error,
        "map_quartiers": [
            {"id": q.pk, "name": q.name, "boundary": q.boundary, "in_scope": not scope or q.pk in scope}
            for q in quartier_list()
            if q.boundary
        ],
    }
    status = 429 if rate_limited else 400 if form.errors or map_error else 200
    return render(request, "contributions/submit.html", context, status=status)


@require_GET
def similar(request: HttpRequest, slug: str) -> HttpResponse:
    demarche = demarche_get_for(request.user, slug)
    title = request.GET.get("title", "")[:200]
    body = request.GET.get("body", "")[:2000]  # the draft's body, when the form has one (hx-include)
    items = queries.similar_contributions(demarche, title, body=body, viewer=request.user)
    return render(request, "contributions/partials/similar.html", {"items": items, "demarche": demarche})


@require_GET
@anonymous_page_cache(scopes=_detail_scopes)
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # With the caches off the article is rendered on every request: read the contribution once,
    # with what the article shows; with them on, the light row, and the rest only on a miss.
    read_for_display = not caching()
    contribution = queries.contribution_get_for(request.user, pk, for_display=read_for_display)
    if contribution.status == Contribution.Status.MERGED and not request.GET.get("origine"):
        # Merged into another contribution (cocite.analysis.merge): the old address leads there.
        target_id = contribution.merged_into_id
        if target_id is not None:
            messages.info(
                request,
                _("Cette contribution a été fusionnée dans celle-ci, qui reprend son auteur·rice et ses soutiens."),
            )
            return HttpResponsePermanentRedirect(Contribution(pk=target_id).get_absolute_url())
    user = request.user
    can_instruct = works_for_the_authority(user)  # the panel's link to the instruction page
    # A hidden contribution's text, for moderators only; a pending one's also for its author.
    show_masked = is_moderator(user) or (
        contribution.is_pending and contribution.author_id is not None and contribution.author_id == user.pk
    )

    def render_article() -> str:
        # The same for everyone with the same permissions: cached (see core/fragments.py).
        # Author, rule version, themes, images: only what the shared article shows (on a miss).
        shown = contribution if read_for_display else queries.contribution_for_display(contribution)
        return render_to_string(
            "contributions/partials/article.html",
            {
                "contribution": shown,
                "demarche": shown.demarche,
                "body_html": render_markdown(shown.body),
                "request": request,
                "show_masked": show_masked,
            },
        )

    can_support = permissions.can_support(user, contribution)
    context = {
        "contribution": contribution,
        "demarche": contribution.demarche,
        "article": shared_fragment(
            "contributions:detail", (pk, can_instruct, show_masked), render_article, scopes=(scope_of(contribution),)
        ),
        "show_masked": show_masked,
        "supported": queries.is_supported_by(user, contribution),
        "can_support": can_support,
        "can_edit": permissions.can_edit(user, contribution),
        "can_withdraw": permissions.can_withdraw(user, contribution),
        "support_denial": "" if can_support else permissions.support_denial_reason(user, contribution),
        # The author contests the hiding of one of their images from here (the article is shared).
        "hidden_images": (
            queries.image_hidden_of(contribution)
            if contribution.author_id is not None and contribution.author_id == user.pk
            else []
        ),
    }
    return render(request, "contributions/detail.html", context)


@require_POST
def support(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = queries.contribution_get_for(request.user, pk, for_display=False)
    if not request.user.is_authenticated:
        if _is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"/comptes/login/?next={contribution.get_absolute_url()}"
            return response
        return redirect_to_login(contribution.get_absolute_url())
    wanted = request.POST.get("supported")
    if wanted not in ("0", "1"):
        return HttpResponseBadRequest(_("Paramètre « supported » attendu : 0 ou 1."))
    error = ""
    try:
        supported, count = actions.support_set(
            user=request.user, contribution=contribution, supported=wanted == "1", just_loaded=True
        )
    except ActionError as exc:
        error = exc.message
        supported, count = queries.is_supported_by(request.user, contribution), contribution.support_count
    if _is_htmx(request):
        # The swapped-in box needs no context processor: rendered without the request (a
        # measurable share of the hottest write, `make bench`), its CSRF token passed in.
        values = {"contribution": contribution, "supported": supported, "count": count, "can_support": True}
        values |= {"error": error, "csrf_token": get_token(request)}
        html = render_to_string("contributions/partials/support.html", values)
        if supported and not error:
            # Supporting follows (receivers.py): the follow button says so at once, swapped out of band.
            kind = targets.kind_of(contribution) or ""
            following = notification_queries.is_following(request.user, contribution)
            follow = {
                "kind": kind,
                "object_id": contribution.pk,
                "following": following,
                # Said in the follow box's live region too (as the follow button's own answer does).
                "status": str(targets.followed_message(kind)) if following else "",
                "oob_status": following,
                "authenticated": True,
                "next": contribution.get_absolute_url(),
                "csrf_token": values["csrf_token"],
                "oob": True,
            }
            html += render_to_string("notifications/partials/follow_form.html", follow)
        return HttpResponse(html, status=403 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Votre soutien est enregistré.") if supported else _("Votre soutien est retiré."))
    next_url = local_path(request.POST.get("next"), request)
    if next_url:
        return redirect(next_url)
    return redirect(contribution)


@require_http_methods(["GET", "POST"])
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = queries.contribution_get_for(request.user, pk)
    if not permissions.can_edit(request.user, contribution):
        messages.error(request, _("Cette contribution ne peut plus être modifiée."))
        return redirect(contribution)
    form = ContributionEditForm(request.POST or None, initial={"title": contribution.title, "body": contribution.body})
    if request.method == "POST" and form.is_valid():
        try:
            actions.contribution_edit(
                user=request.user,
                contribution=contribution,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Votre contribution est modifiée."))
            return redirect(contribution)
    return render(request, "contributions/edit.html", {"contribution": contribution, "form": form})


@require_POST
def contribution_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = queries.contribution_get_for(request.user, pk)
    try:
        actions.contribution_withdraw(user=request.user, contribution=contribution)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre contribution est retirée. Elle reste visible, marquée comme retirée."))
    return redirect(contribution)


@require_GET
def contribution_history(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = queries.contribution_get_for(request.user, pk)
    revisions = list(contribution.revisions.all())
    return render(request, "contributions/history.html", {"contribution": contribution, "revisions": revisions})


@require_GET
def image(request: HttpRequest, pk: int, image_pk: int, name: str) -> HttpResponse | FileResponse:
    """A contribution's image, to whoever may see the contribution (404 otherwise, as its page).

    With MEDIA_ACCEL_REDIRECT_PREFIX set, the reverse proxy sends the file from its internal
    location (X-Accel-Redirect); otherwise the file is streamed from the storage.
    """
    picture, public = queries.image_get_for(request.user, pk, image_pk, name)
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
    # A restricted démarche's image stays out of shared caches.
    patch_cache_control(response, public=public, private=not public, max_age=3600)
    response["X-Content-Type-Options"] = "nosniff"
    return response
