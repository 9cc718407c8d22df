"""Small view helpers shared by the decisions and results pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """A 403 page that says why, in words."""
    return render(request, "decisions/forbidden.html", {"message": message}, status=403)
