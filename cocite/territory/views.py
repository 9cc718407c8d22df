from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cocite.core import ratelimit
from cocite.core.network import client_ip

from . import geocoder, queries
from .geo import contains_point
from .models import Quartier

# The geocoder's failures, as the proxy answers them: (HTTP status, code).
# Not configured (COCITE_GEOCODER_URL empty): this site has no address search, 404.
GEOCODER_FAILURES = {
    "off": (404, "geocoder_off"),
    "timeout": (504, "geocoder_timeout"),
    "unreachable": (502, "geocoder_unavailable"),
    "status": (502, "geocoder_unavailable"),
    "garbage": (502, "geocoder_garbage"),
}


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


def _error(status: int, code: str, message: str) -> JsonResponse:
    response = JsonResponse({"error": {"code": code, "message": message}}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _geocoder_error(error: geocoder.GeocoderError) -> JsonResponse:
    status, code = GEOCODER_FAILURES.get(error.code, (502, "geocoder_unavailable"))
    if code == "geocoder_off":
        message = _("La recherche d'adresse n'est pas disponible sur ce site. Placez le point sur la carte.")
    else:
        message = _(
            "La recherche d'adresse ne répond pas pour le moment. Réessayez plus tard, ou placez le point sur la carte."
        )
    return _error(status, code, message)


def _rate_limited(request: HttpRequest) -> JsonResponse | None:
    who = f"user:{request.user.pk}" if request.user.is_authenticated else f"ip:{client_ip(request)}"
    if ratelimit.hit("geocoder", who) is None:
        return None
    return _error(429, "rate_limited", _("Trop de recherches d'adresse en peu de temps. Réessayez dans une minute."))


def _quartier_of(latitude: float, longitude: float, quartiers: list[Quartier]) -> dict[str, object] | None:
    for quartier in quartiers:
        if quartier.boundary and contains_point(quartier.boundary, longitude, latitude):
            return {"id": quartier.pk, "name": quartier.name}
    return None


def _answer(addresses: list[geocoder.Address]) -> JsonResponse:
    quartiers = queries.quartier_list()
    results = [
        {
            "label": address.label,
            "lat": address.latitude,
            "lon": address.longitude,
            "kind": address.kind,
            "quartier": _quartier_of(address.latitude, address.longitude, quartiers),
        }
        for address in addresses
    ]
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def address_search(request: HttpRequest) -> JsonResponse:
    """`/carte/adresse/?q=`: the Base Adresse Nationale's answers, through the server (CSP stays 'self')."""
    if not geocoder.is_configured():
        return _geocoder_error(geocoder.GeocoderError("off"))
    query = " ".join(request.GET.get("q", "").split())
    if len(query) < 3:
        return _error(400, "query_too_short", _("Saisissez au moins 3 caractères de l'adresse."))
    if len(query) > geocoder.MAX_QUERY_LENGTH:
        return _error(400, "query_too_long", _("L'adresse saisie est trop longue (200 caractères au plus)."))
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    try:
        addresses = geocoder.search(query, limit=5)
    except geocoder.GeocoderError as error:
        return _geocoder_error(error)
    return _answer(addresses)


def _coordinate(value: str, bound: float) -> float | None:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) and -bound <= number <= bound else None


@require_GET
def address_reverse(request: HttpRequest) -> JsonResponse:
    """`/carte/adresse/inverse/?lat=&lon=`: the nearest address to a point (empty list: none known)."""
    if not geocoder.is_configured():
        return _geocoder_error(geocoder.GeocoderError("off"))
    latitude = _coordinate(request.GET.get("lat", ""), 90)
    longitude = _coordinate(request.GET.get("lon", ""), 180)
    if latitude is None or longitude is None:
        return _error(400, "point_invalid", _("Indiquez une latitude et une longitude valides."))
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    try:
        address = geocoder.reverse(latitude, longitude)
    except geocoder.GeocoderError as error:
        return _geocoder_error(error)
    return _answer([address] if address is not None else [])
