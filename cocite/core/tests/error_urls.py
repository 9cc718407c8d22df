"""The site's URLs (and error handlers) plus views that fail, for the error pages' tests."""

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import *  # noqa: F403 — the handlerNNN names too
from config.urls import urlpatterns as site_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def duplicate(request: HttpRequest) -> HttpResponse:
    """A real IntegrityError from the database (a unique name twice)."""
    with transaction.atomic():
        Group.objects.create(name="doublon")
        Group.objects.create(name="doublon")
    return HttpResponse()


def missing_table(request: HttpRequest) -> HttpResponse:
    """A real query error (SQLite: an OperationalError that is not an outage)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cocite_no_such_table")
    return HttpResponse()


urlpatterns = [
    path("essai/erreur/", fail),
    path("essai/doublon/", duplicate),
    path("essai/table-absente/", missing_table),
    *site_urlpatterns,
]
