from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from . import queries


@require_GET
def theme_css(request: HttpRequest) -> HttpResponse:
    """The authority's two theme colours as CSS variables (validated colours: no injection)."""
    organisation = queries.organisation_get()
    css = ""
    if organisation is not None:
        css = (
            f":root {{ --color-primary: {organisation.primary_color}; "
            f"--color-secondary: {organisation.secondary_color}; }}\n"
        )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
