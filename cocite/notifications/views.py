from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.accounts.viewer import signed_in
from cocite.core.errors import ActionError
from cocite.core.http import local_path
from cocite.territory.queries import quartier_list, theme_list

from . import actions, queries, targets
from .emails import user_id_from_token
from .forms import PreferenceForm
from .templatetags.notifications import follow_context


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _safe_next(request: HttpRequest, fallback: str) -> str:
    return local_path(request.POST.get("next") or request.GET.get("next"), request) or fallback


# Follows


def _follow_response(request: HttpRequest, kind: str, object_id: int, target: Any, following: bool) -> HttpResponse:
    status = str(targets.followed_message(kind)) if following else str(targets.UNFOLLOWED_MESSAGE)
    if _is_htmx(request):
        context = {
            "kind": kind,
            "object_id": object_id,
            "following": following,
            "label": request.POST.get("label", "")[:200],
            "authenticated": True,
            "next": _safe_next(request, ""),
            "status": status,
            "oob_status": True,
        }
        return render(request, "notifications/partials/follow_form.html", context)
    messages.success(request, status)
    fallback = target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else ""
    return redirect(_safe_next(request, fallback or reverse("notifications:follows")))


def _login_first(request: HttpRequest, next_url: str) -> HttpResponse:
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{reverse('account_login')}?{urlencode({'next': next_url})}"
        return response
    return redirect_to_login(next_url)


@require_POST
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = queries.followable_get_for(request.user, kind, pk)
    if not request.user.is_authenticated:
        fallback = target.get_absolute_url() if hasattr(target, "get_absolute_url") else reverse("home")
        return _login_first(request, _safe_next(request, fallback))
    try:
        actions.follow_set(user=request.user, target=target, following=True)
    except ActionError as error:
        messages.error(request, error.message)
        return redirect(_safe_next(request, reverse("notifications:follows")))
    return _follow_response(request, kind, pk, target, following=True)


@require_POST
def unfollow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if not targets.is_followable(kind):
        raise Http404
    if not request.user.is_authenticated:
        return _login_first(request, _safe_next(request, reverse("notifications:follows")))
    # Unfollowing needs no visibility check: it only deletes the person's own row.
    actions.unfollow(user=request.user, kind=kind, object_id=pk)
    return _follow_response(request, kind, pk, None, following=False)


@login_required
@require_GET
def follow_list(request: HttpRequest) -> HttpResponse:
    page, rows = queries.follow_page(signed_in(request.user), request.GET.get("page"))
    followed_quartiers = queries.followed_ids(request.user, "quartier")
    followed_themes = queries.followed_ids(request.user, "theme")
    quartiers = [
        follow_context(request, q, following=q.pk in followed_quartiers, label=q.name) for q in quartier_list()
    ]
    themes = [follow_context(request, t, following=t.pk in followed_themes, label=t.name) for t in theme_list()]
    context = {
        "page": page,
        "rows": rows,
        "quartiers": quartiers,
        "themes": themes,
    }
    return render(request, "notifications/follows.html", context)


# Notifications


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = queries.notification_page(request.user, request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = actions.notifications_mark_all_read(user=signed_in(request.user))
    if count:
        messages.success(
            request,
            ngettext("%(n)s notification marquée comme lue.", "%(n)s notifications marquées comme lues.", count)
            % {"n": count},
        )
    return redirect(_safe_next(request, reverse("notifications:list")))


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """The link of every notification (on the site and in mails): mark it read, then go to what it is about."""
    notification = queries.notification_get_for(request.user, pk)
    actions.notification_mark_read(user=signed_in(request.user), notification=notification)
    url = notification.url
    if not url.startswith("/") or url.startswith("//"):
        url = reverse("notifications:list")
    return HttpResponseRedirect(url)


# Email preferences and unsubscribe


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(
        request.POST or None, initial={"email_frequency": queries.email_frequency_of(signed_in(request.user))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.preference_set(user=signed_in(request.user), frequency=form.cleaned_data["email_frequency"])
        except ActionError as error:
            form.add_error("email_frequency", error.message)
        else:
            messages.success(request, _("Vos préférences de courriel sont enregistrées."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form}, status=400 if form.errors else 200)


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without any CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners must not unsubscribe anyone); POST unsubscribes, idempotently."""
    if user_id_from_token(token) is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "GET":
        return render(request, "notifications/unsubscribe.html", {"token": token})
    try:
        actions.unsubscribe(token=token)
    except ActionError:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    return render(request, "notifications/unsubscribed.html")
