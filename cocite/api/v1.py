"""The versioned API (`/api/v1/`): django-ninja, OpenAPI 3.1, problem details, the registry's routers."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from cocite.core.errors import ActionError, RateLimited

from . import endpoints, registry, schemas
from .auth import InvalidToken
from .problems import PROBLEM_TYPE, problem

DESCRIPTION = """API ouverte de Cocité : les démarches, contributions, débats, décisions, le journal public et les
résultats, les signalements, missions et rencontres, le réseau des acteurs et la qualité des services, avec la
visibilité qu'applique le site. Lecture sans jeton (données publiques, Licence Ouverte 2.0),
ou avec un jeton personnel (ce que la personne voit) ; écriture avec un jeton et ses droits.
Erreurs au format RFC 9457 (application/problem+json), en français ou en anglais selon Accept-Language."""

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# Answers any operation may give besides its own: the middleware's (429, 304) and the parser's.
COMMON = {
    "401": "Jeton inconnu, expiré ou révoqué",
    "404": "Introuvable, ou non visible",
    "422": "Paramètres invalides",
    "429": "Trop de requêtes",
}


class CociteAPI(NinjaAPI):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # The description depends only on the code, the address the API is served at and the language:
        # built once per process for each (building it was 9 % of the hostile-input sweep's CPU, a
        # quarter of a second per request of /api/v1/openapi.json). Read-only for its callers.
        self._schemas: dict[tuple[str, str], OpenAPISchema] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language() or "")
        schema = self._schemas.get(key)
        if schema is None:
            schema = self._schemas[key] = self._described(path_prefix)
        return schema

    def _described(self, path_prefix: str) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix)
        schema.setdefault("components", {}).setdefault("schemas", {})
        for path in schema.get("paths", {}).values():
            for method, operation in path.items():
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                operation["responses"] = responses
                for status, description in COMMON.items():
                    responses.setdefault(status, {"description": description})
                if method == "get":
                    responses.setdefault("304", {"description": "Inchangé (If-None-Match)"})
                for status, response in responses.items():
                    if int(status) >= 400:
                        response["content"] = {PROBLEM_TYPE: {"schema": PROBLEM_REF}}
        if "Problem" not in schema["components"]["schemas"]:
            schema["components"]["schemas"]["Problem"] = schemas.Problem.model_json_schema()
        return schema

    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)


def build() -> NinjaAPI:
    api = CociteAPI(
        title="Cocité",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        docs_url=None,  # the docs page is ours: server-rendered, accessible, no third-party script
        openapi_extra={"info": {"license": {"name": "Licence Ouverte 2.0", "identifier": "etalab-2.0"}}},
    )
    api.add_router("/", endpoints.router)
    for mount in registry.discovered():
        api.add_router(mount.prefix, mount.router)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(
            request, 404, code="not_found", detail=_("Cet objet n'existe pas, ou vous ne pouvez pas le voir.")
        )

    @api.exception_handler(RateLimited)
    def limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        wait = max(int((exc.until - timezone.now()).total_seconds()), 0)
        return problem(request, 429, code=exc.code, detail=exc.message, headers={"Retry-After": str(wait)})

    @api.exception_handler(ActionError)
    def refused(request: HttpRequest, exc: ActionError) -> HttpResponse:
        errors = [{"field": exc.field, "code": exc.code}] if exc.field else None
        return problem(request, exc.status, code=exc.code, detail=exc.message, errors=errors)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": ".".join(str(p) for p in e.get("loc", ())), "code": str(e.get("type", "invalid"))}
            for e in exc.errors
        ]
        return problem(request, 422, code="invalid", detail=_("Certains paramètres sont invalides."), errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(
            request,
            401,
            code="token_required",
            detail=_("Un jeton valide est requis (en-tête Authorization: Bearer …)."),
            headers={"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(InvalidToken)
    def bad_token(request: HttpRequest, exc: InvalidToken) -> HttpResponse:
        return problem(
            request,
            401,
            code="token_invalid",
            detail=_("Ce jeton est inconnu, expiré ou révoqué."),
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(request, exc.status_code, code="http_error", detail=str(exc.message))

    return api


api = build()
