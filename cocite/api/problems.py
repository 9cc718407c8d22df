"""RFC 9457 problem details, in the request's language (French or English, from Accept-Language)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

PROBLEM_TYPE = "application/problem+json"


def title_for(status: int) -> str:
    titles = {
        400: _("Requête invalide"),
        401: _("Authentification requise"),
        403: _("Action refusée"),
        404: _("Introuvable"),
        405: _("Méthode non permise"),
        406: _("Format non disponible"),
        409: _("Conflit"),
        422: _("Données invalides"),
        429: _("Trop de requêtes"),
    }
    return titles.get(status, _("Erreur du serveur") if status >= 500 else _("Erreur"))


def problem(
    request: HttpRequest | None,
    status: int,
    *,
    code: str,
    detail: str = "",
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": f"https://cocite.fr/problemes/{code}",
        "title": title_for(status),
        "status": status,
        "code": code,
        "detail": detail or title_for(status),
    }
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=f"{PROBLEM_TYPE}; charset=utf-8"
    )
    response["Content-Language"] = translation.get_language() or "fr"
    for name, value in (headers or {}).items():
        response[name] = value
    return response
