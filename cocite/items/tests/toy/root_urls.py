"""The site's URLs plus the toy resource's page (used with override_settings(ROOT_URLCONF=…))."""

from django.urls import include, path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as site

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [path("jouets/", include("cocite.items.tests.toy.urls")), *site]
