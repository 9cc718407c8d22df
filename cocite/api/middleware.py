"""What every `/api/` answer gets: rate limits with their headers, ETags (304 on If-None-Match),
CORS for reads, and problem details for what never reaches an endpoint (429, 406)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from cocite.core import ratelimit
from cocite.core.network import client_ip

from .problems import problem

PREFIX = "/api/"
READ_METHODS = ("GET", "HEAD")


def _who(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return "token:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()[:24]
    return "ip:" + (client_ip(request) or "")


def _count(request: HttpRequest) -> tuple[int, int, int]:
    """One more request in the window: (limit, remaining, seconds until the window resets)."""
    rate = ratelimit.rate_for("api")
    now = ratelimit.clock()
    index = int(now) // rate.window
    key = f"ratelimit:api:{rate.window}:{index}:{hashlib.sha256(_who(request).encode()).hexdigest()[:32]}"
    cache.add(key, 0, timeout=rate.window + 5)
    try:
        used = int(cache.incr(key))
    except ValueError:
        cache.set(key, 1, timeout=rate.window + 5)
        used = 1
    reset = max((index + 1) * rate.window - int(now), 1)
    return rate.count, max(rate.count - used, 0), reset if used <= rate.count else -reset


def _cors(request: HttpRequest, response: HttpResponse) -> None:
    origins = list(getattr(settings, "COCITE_API_CORS_ORIGINS", []))
    origin = request.headers.get("Origin")
    if not origins or origin is None or request.method not in (*READ_METHODS, "OPTIONS"):
        return
    if "*" in origins:
        response["Access-Control-Allow-Origin"] = "*"
    elif origin in origins:
        response["Access-Control-Allow-Origin"] = origin
        response["Vary"] = ", ".join(filter(None, [response.get("Vary", ""), "Origin"]))
    else:
        return
    response["Access-Control-Expose-Headers"] = "ETag, RateLimit, RateLimit-Policy, Retry-After"


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
            response = HttpResponse(status=204)
            _cors(request, response)
            if response.has_header("Access-Control-Allow-Origin"):
                response["Access-Control-Allow-Methods"] = "GET, HEAD"
                response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
                response["Access-Control-Max-Age"] = "600"
            return response
        limit, remaining, reset = _count(request)
        policy = f'"api";q={limit};w={ratelimit.rate_for("api").window}'
        if reset < 0:
            response = problem(
                request,
                429,
                code="rate_limited",
                detail=_("Trop de requêtes : réessayez dans %(seconds)s secondes.") % {"seconds": -reset},
                headers={"Retry-After": str(-reset)},
            )
            reset = -reset
        else:
            response = self.get_response(request)
        response["RateLimit-Policy"] = policy
        response["RateLimit"] = f'"api";r={remaining};t={reset}'
        response["Vary"] = ", ".join(
            dict.fromkeys([*filter(None, response.get("Vary", "").split(", ")), "Authorization", "Accept-Language"])
        )
        if request.method in READ_METHODS and response.status_code == 200 and not response.streaming:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            wanted = [t.strip().removeprefix("W/") for t in request.headers.get("If-None-Match", "").split(",")]
            if etag in wanted or "*" in wanted:
                not_modified = HttpResponse(status=304)
                for name in ("ETag", "RateLimit", "RateLimit-Policy", "Vary", "Cache-Control"):
                    if response.has_header(name):
                        not_modified[name] = response[name]
                response = not_modified
        _cors(request, response)
        return response
