"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/: JSON and XML.

Reads are public (what the public list shows); POST needs an `api_key` made in the admin.
Errors are, as the specification says, a list of {code, description} with the HTTP status — for every
refusal, a method other than GET or POST included.

One jurisdiction is served: `jurisdiction_id` may be left out; given, it must name this site (its host
name, or the commune's INSEE code), else the answer is the specification's 404.
Filters the specification lets repeat (`service_code`, `status`) take comma-separated lists;
`service_request_id` overrides every other filter.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cocite.core.errors import ActionError
from cocite.core.params import parse_id
from cocite.territory.queries import organisation_get, site_name

from . import actions, queries
from .models import CLOSED_STATUSES, Report

FORMATS = {"json", "xml"}
DEFAULT_DAYS = 90
MAX_IDS = 100
CHANGESET = "2026-12-06T00:00:00+00:00"


def _xml(root: str, item: str | None, rows: Any) -> str:
    element = ET.Element(root)

    def fill(parent: ET.Element, value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if isinstance(sub, list):
                    holder = ET.SubElement(parent, key)
                    singular = {"formats": "format", "endpoints": "endpoint", "attributes": "attribute"}.get(
                        key, str(key)
                    )
                    for entry in sub:
                        fill(ET.SubElement(holder, singular), entry)
                else:
                    fill(ET.SubElement(parent, key), sub)
        elif value is None:
            return
        elif isinstance(value, bool):
            parent.text = "true" if value else "false"
        else:
            parent.text = str(value)

    if item is None:
        fill(element, rows)
    else:
        for row in rows:
            fill(ET.SubElement(element, item), row)
    return '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="unicode")


def _answer(fmt: str, data: Any, *, root: str, item: str | None, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml(root, item, data), content_type="text/xml; charset=utf-8", status=status)
    return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    rows = [{"code": status, "description": description}]
    return _answer(fmt if fmt in FORMATS else "json", rows, root="errors", item="error", status=status)


def _bad_format(fmt: str) -> HttpResponse | None:
    if fmt not in FORMATS:
        return _error("json", 404, _("Format inconnu : utilisez .json ou .xml."))
    return None


def _shown(value: str, limit: int) -> str:
    """A client's value echoed in an error: printable characters only, bounded."""
    return "".join(c for c in value[:limit] if c.isprintable())


def _jurisdictions(request: HttpRequest) -> set[str]:
    """The ids this server answers to: its host name, and the commune's INSEE code when it is set."""
    names = {request.get_host().rsplit(":", 1)[0].lower()}
    organisation = organisation_get()
    if organisation is not None and organisation.insee_code:
        names.add(organisation.insee_code.lower())
    return names


def _wrong_jurisdiction(request: HttpRequest, fmt: str) -> HttpResponse | None:
    """The specification's 404 for a `jurisdiction_id` this server does not serve (absent: this one)."""
    given = (request.POST if request.method == "POST" else request.GET).get("jurisdiction_id", "").strip()
    if not given or given.lower() in _jurisdictions(request):
        return None
    return _error(
        fmt,
        404,
        _("jurisdiction_id inconnu : %(given)s. Ce serveur ne sert que %(served)s.")
        % {"given": _shown(given, 60), "served": ", ".join(sorted(_jurisdictions(request)))},
    )


def open311_view(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """An Open311 view: any other method, an unknown format or jurisdiction get the specification's error
    list (never an HTML page: a client may send PUT or DELETE; csrf does not apply, POST needs an api_key)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if bad := _bad_format(fmt):
                return bad
            if request.method not in methods:
                response = _error(
                    fmt,
                    405,
                    _("Méthode %(method)s non prise en charge ici.") % {"method": _shown(request.method or "", 10)},
                )
                response["Allow"] = ", ".join(methods)
                return response
            if wrong := _wrong_jurisdiction(request, fmt):
                return wrong
            return view(request, *args, fmt=fmt, **kwargs)

        return wrapped

    return decorate


def _list_param(value: str, limit: int) -> list[str]:
    """A filter the specification lets repeat, comma-separated: its distinct non-empty values."""
    return list(dict.fromkeys(part.strip() for part in value.split(",")[:limit] if part.strip()))


def _stamp(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _service(category: Any) -> dict[str, Any]:
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": category.description,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": category.department.name,
    }


def _request_row(report: Report, notes: dict[int, str], media: dict[int, str], base: str) -> dict[str, Any]:
    return {
        "service_request_id": str(report.pk),
        "status": "closed" if report.status in CLOSED_STATUSES else "open",
        "status_notes": notes.get(report.pk, ""),
        "service_name": report.category.name,
        "service_code": report.category.slug,
        "description": report.description,
        "agency_responsible": report.competent_body or report.department.name,
        "service_notice": "",
        "requested_datetime": _stamp(report.created_at),
        "updated_datetime": _stamp(report.updated_at),
        "expected_datetime": _stamp(report.due_at) if report.status not in CLOSED_STATUSES else None,
        "address": report.address,
        "address_id": "",
        "zipcode": "",
        "lat": report.latitude,
        "long": report.longitude,
        # « A URL to media associated with the request, for example an image »: its first photo, if any.
        "media_url": base + media[report.pk] if report.pk in media else "",
    }


@open311_view("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri("/open311/v2/")
    data = {
        "changeset": CHANGESET,
        "contact": site_name(),
        "key_service": _("Les clés d'API sont délivrées par la commune (administration du site)."),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _answer(fmt, data, root="discovery", item=None)


@open311_view("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = [_service(c) for c in queries.active_categories()]
    return _answer(fmt, rows, root="services", item="service")


@open311_view("GET")
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = queries.category_by_slug(code)
    if category is None or not category.active:
        return _error(fmt, 404, _("Service inconnu : %(code)s.") % {"code": _shown(code, 60)})
    # No extra attributes: a report needs only the place, a description and optional contact.
    return _answer(fmt, {"service_code": category.slug, "attributes": []}, root="service_definition", item=None)


def _parse_date(value: str) -> datetime.datetime | bool | None:
    """A W3C date-time, None when absent, False when unreadable."""
    if not value:
        return None
    try:
        moment = parse_datetime(value.replace(" ", "+"))
    except ValueError:
        return False
    if moment is None:
        return False
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


@open311_view("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    params = request.GET
    ids: list[int] | None = None
    if params.get("service_request_id"):
        raw = [part.strip() for part in params["service_request_id"].split(",") if part.strip()]
        parsed = [parse_id(part) for part in raw[: MAX_IDS + 1]]
        if len(raw) > MAX_IDS or any(p is None for p in parsed):
            return _error(
                fmt, 400, _("service_request_id : une liste d'identifiants séparés par des virgules (100 au plus).")
            )
        ids = [p for p in parsed if p is not None]
        # « This overrides all other arguments » (GeoReport v2): the requests asked for, whatever else.
        rows = queries.open311_requests(ids=ids)
        return _rows_answer(request, fmt, rows)
    statuses = _list_param(params.get("status", ""), 3)
    if any(s not in ("open", "closed") for s in statuses):
        return _error(fmt, 400, _("status : « open » ou « closed »."))
    status = statuses[0] if len(statuses) == 1 else ""
    start, end = _parse_date(params.get("start_date", "")), _parse_date(params.get("end_date", ""))
    if start is False or end is False:
        return _error(fmt, 400, _("start_date et end_date : des dates au format W3C (2026-01-31T00:00:00Z)."))
    assert start is not True
    assert end is not True
    if start is None and end is None:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
    codes = _list_param(params.get("service_code", "")[:2000], MAX_IDS)
    rows = queries.open311_requests(service_codes=codes, status=status, start=start, end=end)
    return _rows_answer(request, fmt, rows)


def _rows_answer(request: HttpRequest, fmt: str, rows: list[Report]) -> HttpResponse:
    notes = queries.last_public_message([r.pk for r in rows])
    media = queries.first_photo_urls([r.pk for r in rows])
    base = request.build_absolute_uri("/").rstrip("/")
    return _answer(fmt, [_request_row(r, notes, media, base) for r in rows], root="service_requests", item="request")


def _float(value: str) -> float | bool | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return False
    return number if number == number and abs(number) != float("inf") else False


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    key = actions.api_key_authenticate(data.get("api_key", ""))
    if key is None:
        return _error(fmt, 403, _("api_key absente ou non valide."))
    category = queries.category_by_slug(data.get("service_code", "")[:60])
    if category is None or not category.active:
        return _error(fmt, 400, _("service_code : service inconnu."))
    latitude, longitude = _float(data.get("lat", "")), _float(data.get("long", ""))
    if latitude is False or longitude is False:
        return _error(fmt, 400, _("lat et long : des nombres."))
    assert latitude is not True
    assert longitude is not True
    name = " ".join(p for p in (data.get("first_name", ""), data.get("last_name", "")) if p)[:80]
    try:
        report = actions.report_submit_open311(
            api_key=key,
            category=category,
            description=data.get("description", "")[:6000],
            latitude=latitude,
            longitude=longitude,
            address=data.get("address_string", "")[:300],
            name=name,
            email=data.get("email", "")[:254],
        )
    except ActionError as error:
        status = 403 if error.status == 403 else 429 if error.status == 429 else 400
        return _error(fmt, status, error.message)
    row = {"service_request_id": str(report.pk), "service_notice": "", "account_id": None}
    response = _answer(fmt, [row], root="service_requests", item="request", status=200)
    response["Location"] = request.build_absolute_uri(reverse("reports:open311_request", args=[report.pk, fmt]))
    return response


@open311_view("GET")
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    pk = parse_id(request_id)
    rows = queries.open311_requests(ids=[pk]) if pk is not None else []
    if not rows:
        return _error(fmt, 404, _("Demande inconnue : %(id)s.") % {"id": _shown(request_id, 30)})
    return _rows_answer(request, fmt, rows[:1])
