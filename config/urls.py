from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from cocite.api.v1 import api as api_v1
from cocite.core import views as core_views
from cocite.demarches import views as demarche_views
from cocite.territory import views as territory_views

admin.site.site_header = _("Administration de Cocité")
admin.site.site_title = _("Cocité")
admin.site.index_title = _("Configuration du territoire")

urlpatterns = [
    path("", demarche_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("cocite.operations.urls")),
    # Browsers ask for /favicon.ico whatever the page says: send them to the icon.
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("theme.css", territory_views.theme_css, name="theme_css"),
    # The address search of the maps: a thin proxy to the Base Adresse Nationale's geocoder.
    path("carte/adresse/", territory_views.address_search, name="address_search"),
    path("carte/adresse/inverse/", territory_views.address_reverse, name="address_reverse"),
    path("langue/", core_views.switch_language, name="switch_language"),
    path("accessibilite/", core_views.accessibility, name="accessibility"),
    path("mentions-legales/", core_views.legal_notice, name="legal_notice"),
    path("confidentialite/", core_views.privacy, name="privacy"),
    path("", include("cocite.demarches.urls")),
    path("", include("cocite.contributions.urls")),
    path("", include("cocite.debate.urls")),
    path("", include("cocite.moderation.urls")),
    path("", include("cocite.notifications.urls")),
    path("", include("cocite.decisions.urls")),
    path("", include("cocite.results.urls")),
    path("", include("cocite.opinions.urls")),
    path("", include("cocite.analysis.urls")),
    path("", include("cocite.exploration.urls")),
    path("", include("cocite.surveys.urls")),
    path("", include("cocite.opendata.urls")),
    path("", include("cocite.spaces.urls")),
    path("", include("cocite.residency.urls")),
    path("", include("cocite.network.urls")),
    path("", include("cocite.quality.urls")),
    path("", include("cocite.api.urls")),
    path("api/v1/", api_v1.urls),
    path("", include("cocite.reports.urls")),
    path("", include("cocite.missions.urls")),
    path("", include("cocite.budgets.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("comptes/", include("cocite.accounts.urls")),
    path("comptes/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# Error pages in the visitor's language, rendered without the database (cocite/core/errorpages.py);
# handler500 answers 503 when the database is unreachable.
handler400 = "cocite.core.errorpages.bad_request"
handler403 = "cocite.core.errorpages.permission_denied"
handler404 = "cocite.core.errorpages.page_not_found"
handler500 = "cocite.core.errorpages.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only the organisation's logo: contribution images go through their permission check
    # (cocite.contributions.views.image), and open data through its own view.
    urlpatterns += static(settings.MEDIA_URL + "organisation/", document_root=settings.MEDIA_ROOT / "organisation")
