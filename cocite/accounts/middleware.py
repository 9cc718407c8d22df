"""Administrators and moderators without a second factor are sent to set it up first (see second_factor.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .second_factor import must_set_up_second_factor

# Where a person who must set up the second factor may still go: allauth's MFA pages (setting it
# up, the recovery codes it offers), signing out, confirming their e-mail address (allauth requires
# a verified one first), re-authenticating (allauth asks for the password before the setup), and
# what every page loads.
ALLOWED_ROUTES = frozenset(
    {
        "account_logout",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "healthz",
        "favicon",
        "theme_css",
        "switch_language",
        "set_language",
        "privacy",
        "legal_notice",
        "accessibility",
    }
)
SETUP_ROUTE = "mfa_activate_totp"


def _allowed(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return True  # static files, 404s: nothing to protect
    name = match.url_name or ""
    return name.startswith("mfa_") or name in ALLOWED_ROUTES


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _allowed(request):
            return None
        if not must_set_up_second_factor(user):
            return None
        message = _(
            "Les administrateur·rices et les modérateur·rices se connectent avec une double authentification : "
            "activez-la pour continuer (une application d’authentification sur votre téléphone suffit)."
        )
        if "application/json" in request.headers.get("Accept", "") and "text/html" not in request.headers.get(
            "Accept", ""
        ):
            return JsonResponse({"code": "second_factor_required", "message": message}, status=403)
        if request.method == "GET":
            messages.warning(request, message)
        return redirect(SETUP_ROUTE)
