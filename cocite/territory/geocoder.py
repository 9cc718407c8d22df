"""The Base Adresse Nationale geocoder (api-adresse.data.gouv.fr), called from the server only.

`search(q)` and `reverse(lat, lon)` speak its API (`/search/?q=&limit=`, `/reverse/?lon=&lat=`,
GeoJSON FeatureCollections whose features carry `properties.label`). The base URL is
`settings.COCITE_GEOCODER_URL` (empty: no geocoder); every call has a timeout
(`COCITE_GEOCODER_TIMEOUT`) and reads a bounded answer. Whatever goes wrong — unset, down,
slow, an HTTP error, an answer that is not the expected JSON — raises `GeocoderError` with a
code, never anything else, so callers can answer a JSON error or go on without an address.
"""

from __future__ import annotations

import json
import math
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

MAX_ANSWER_BYTES = 512 * 1024
MAX_QUERY_LENGTH = 200


class GeocoderError(Exception):
    """The geocoder could not answer: `code` is one of off, timeout, unreachable, status, garbage."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class Address:
    label: str
    latitude: float
    longitude: float
    kind: str = ""  # BAN's type: housenumber, street, locality, municipality
    city: str = ""
    postcode: str = ""


def is_configured() -> bool:
    return bool(settings.COCITE_GEOCODER_URL.strip())


def _get(endpoint: str, params: dict[str, Any]) -> Any:
    base = settings.COCITE_GEOCODER_URL.strip()
    if not base:
        raise GeocoderError("off")
    url = base.rstrip("/") + "/" + endpoint + "/?" + urlencode(params)
    if not url.startswith(("http://", "https://")):
        raise GeocoderError("unreachable", "COCITE_GEOCODER_URL must be http(s)")
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "Cocite"})  # noqa: S310 (http(s) only)
    try:
        with urllib.request.urlopen(request, timeout=settings.COCITE_GEOCODER_TIMEOUT) as response:  # noqa: S310
            raw = response.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise GeocoderError("status", str(error.code)) from error
    except TimeoutError as error:
        raise GeocoderError("timeout") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise GeocoderError("timeout") from error
        raise GeocoderError("unreachable", str(error.reason)) from error
    except (OSError, ValueError) as error:  # connection reset, a malformed URL in the settings
        raise GeocoderError("unreachable", str(error)) from error
    if len(raw) > MAX_ANSWER_BYTES:
        raise GeocoderError("garbage", "answer too large")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise GeocoderError("garbage", "not JSON") from error


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _text(properties: dict[str, Any], key: str) -> str:
    value = properties.get(key)
    return value[:200] if isinstance(value, str) else ""


def _addresses(answer: Any) -> list[Address]:
    """The features of a BAN answer; an answer of another shape is garbage, a bad feature is skipped."""
    if not isinstance(answer, dict) or not isinstance(answer.get("features"), list):
        raise GeocoderError("garbage", "no features")
    found = []
    for feature in answer["features"]:
        if not isinstance(feature, dict):
            continue
        properties, geometry = feature.get("properties"), feature.get("geometry")
        if not isinstance(properties, dict) or not isinstance(geometry, dict):
            continue
        label = properties.get("label")
        coordinates = geometry.get("coordinates")
        if not isinstance(label, str) or not label.strip() or not isinstance(coordinates, list):
            continue
        if len(coordinates) < 2:
            continue
        lon, lat = _number(coordinates[0]), _number(coordinates[1])
        if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
            continue

        found.append(
            Address(
                label=" ".join(label.split())[:250],
                latitude=lat,
                longitude=lon,
                kind=_text(properties, "type"),
                city=_text(properties, "city"),
                postcode=_text(properties, "postcode"),
            )
        )
    return found


def search(query: str, *, limit: int = 5) -> list[Address]:
    """Addresses matching `query`, best first (at most `limit`)."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    return _addresses(_get("search", {"q": query, "limit": max(1, min(limit, 10))}))[:limit]


def reverse(latitude: float, longitude: float) -> Address | None:
    """The nearest address to a point, or None when the geocoder knows none there."""
    found = _addresses(_get("reverse", {"lon": f"{longitude:.6f}", "lat": f"{latitude:.6f}", "limit": 1}))
    return found[0] if found else None


def reverse_label(latitude: float | None, longitude: float | None) -> str:
    """The address of a point for storing with it, or "" (no point, no geocoder, any failure)."""
    if latitude is None or longitude is None or not is_configured():
        return ""
    try:
        address = reverse(latitude, longitude)
    except GeocoderError:
        return ""
    return address.label if address is not None else ""
