"""Request ids (from nginx's X-Request-ID, else made here) and per-route latency metrics."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from .logs import current_request_id
from .metrics import REQUEST_LATENCY, REQUESTS

# What an id from the proxy may look like (nginx's $request_id is 32 hex digits); anything else is replaced.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")


class RequestIdMiddleware:
    """Sets `request.id`, puts it in every log line of the request and in the X-Request-ID answer header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sent = request.headers.get("X-Request-ID", "")
        request_id = sent if ACCEPTED_ID.fullmatch(sent) else uuid.uuid4().hex
        request.id = request_id  # type: ignore[attr-defined]
        # Kept until the response is closed (request_finished resets it): Django logs a 4xx/5xx
        # ("Not Found: …") after the middleware returned, and that line wants the id too.
        current_request_id.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


@receiver(request_finished)
def forget_request_id(sender: object, **kwargs: object) -> None:
    current_request_id.set("-")


class MetricsMiddleware:
    """Times each request by route name (never by path: ids would make one series per object)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.view_name if match is not None else "") or "(aucune route)"
        REQUEST_LATENCY.labels(route=route, method=request.method or "").observe(time.perf_counter() - started)
        REQUESTS.labels(route=route, status=f"{response.status_code // 100}xx").inc()
        return response
