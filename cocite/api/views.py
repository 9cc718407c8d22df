"""Pages: « Développeurs » (how to use the API), the API's reference page, one's personal tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.accounts.viewer import signed_in
from cocite.core.errors import ActionError
from cocite.core.params import parse_id

from . import actions, queries
from .forms import TokenForm
from .models import WebhookEvent
from .v1 import api


@require_GET
def developers(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri(reverse("api:api-root"))
    context = {
        "base": base,
        "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
        "read_rate": settings.RATE_LIMITS["api"],
        "events": WebhookEvent.choices,
        "cors": bool(getattr(settings, "COCITE_API_CORS_ORIGINS", [])),
        "example_slug": "budget-participatif",
    }
    return render(request, "api/developers.html", context)


def _operations() -> list[dict[str, Any]]:
    schema = api.get_openapi_schema()
    rows = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "tags": ", ".join(operation.get("tags", [])),
                    "auth": bool(operation.get("security")),
                    "parameters": [p["name"] for p in operation.get("parameters", [])],
                    "statuses": sorted(operation.get("responses", {})),
                }
            )
    return rows


@require_GET
def reference(request: HttpRequest) -> HttpResponse:
    """The API's reference, read from the OpenAPI description (no third-party script)."""
    return render(
        request, "api/reference.html", {"operations": _operations(), "read_rate": settings.RATE_LIMITS["api"]}
    )


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    form = TokenForm(request.POST if request.method == "POST" else None)
    secret = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, secret = actions.token_create(
                    user=user,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    days=form.cleaned_data["days"],
                )
            except ActionError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                status = error.status
            else:
                form = TokenForm()
        else:
            status = 400
    context = {"form": form, "tokens": queries.personal_tokens_of(user), "secret": secret}
    response = render(request, "api/tokens.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: str) -> HttpResponse:
    user = signed_in(request.user)
    token_id = parse_id(pk)
    token = queries.personal_token_of(user, token_id) if token_id else None
    if token is None:
        raise Http404
    actions.token_revoke(user=user, token=token)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("api_pages:tokens")
