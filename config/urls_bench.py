"""The application's URLs plus a baseline view for the benchmark."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401 — the site's error pages
from config.urls import urlpatterns as app_urlpatterns

# A fixed 30 KB HTML page: what the server configuration does with no application work.
_BASELINE = ("<!DOCTYPE html><html lang='fr'><body>" + "<p>Cocité baseline page.</p>" * 1100 + "</body></html>")[
    :30_000
].encode()


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_BASELINE, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/baseline/", baseline), *app_urlpatterns]
