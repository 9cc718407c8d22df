"""GeoJSON validation and point-in-polygon, in plain Python.

Boundaries are small (a commune's quartiers), so ray casting over the rings is
fast enough and spares the project a GEOS/GDAL system dependency.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Ring = Sequence[Sequence[float]]
PolygonCoords = Sequence[Ring]


def _within(value: float, bound: float) -> bool:
    """-bound <= value <= bound, for a float or an int of any size (JSON allows 400-digit numbers).

    Compared as they are: math.isfinite() would convert a huge int to a float and overflow.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return -bound <= value <= bound


def _validate_position(position: Any, where: str) -> None:
    if not isinstance(position, (list, tuple)) or len(position) < 2:
        raise ValidationError(
            _("%(where)s : chaque position doit être une paire [longitude, latitude].") % {"where": where},
            code="geojson_position",
        )
    lon, lat = position[0], position[1]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lon, lat)):
        raise ValidationError(
            _("%(where)s : les coordonnées doivent être des nombres.") % {"where": where},
            code="geojson_number",
        )
    if not (_within(lon, 180) and _within(lat, 90)):
        raise ValidationError(
            _("%(where)s : coordonnées hors limites (longitude entre -180 et 180, latitude entre -90 et 90).")
            % {"where": where},
            code="geojson_range",
        )


def _validate_polygon(coordinates: Any, where: str) -> None:
    if not isinstance(coordinates, list) or not coordinates:
        raise ValidationError(
            _("%(where)s : un polygone doit contenir au moins un anneau.") % {"where": where},
            code="geojson_polygon",
        )
    for index, ring in enumerate(coordinates, start=1):
        ring_where = _("%(where)s, anneau %(index)s") % {"where": where, "index": index}
        if not isinstance(ring, list) or len(ring) < 4:
            raise ValidationError(
                _("%(where)s : un anneau doit compter au moins 4 positions.") % {"where": ring_where},
                code="geojson_ring",
            )
        for position in ring:
            _validate_position(position, ring_where)
        if list(ring[0][:2]) != list(ring[-1][:2]):
            raise ValidationError(
                _("%(where)s : le premier et le dernier point doivent être identiques (anneau fermé).")
                % {"where": ring_where},
                code="geojson_ring_open",
            )
        if abs(_ring_area(ring)) == 0:
            raise ValidationError(
                _("%(where)s : l'anneau a une surface nulle.") % {"where": ring_where},
                code="geojson_ring_flat",
            )


def validate_boundary(value: Any) -> None:
    """Accept a GeoJSON Polygon or MultiPolygon geometry (or a Feature holding one)."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict):
        raise ValidationError(
            _("Le contour doit être un objet GeoJSON (Polygon ou MultiPolygon)."),
            code="geojson_type",
        )
    kind = value.get("type")
    coordinates = value.get("coordinates")
    if kind == "Polygon":
        _validate_polygon(coordinates, _("Polygone"))
    elif kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise ValidationError(_("Un MultiPolygon doit contenir au moins un polygone."), code="geojson_multipolygon")
        for index, polygon in enumerate(coordinates, start=1):
            _validate_polygon(polygon, _("Polygone %(index)s") % {"index": index})
    else:
        raise ValidationError(
            _("Type GeoJSON « %(kind)s » non pris en charge : utilisez Polygon ou MultiPolygon.") % {"kind": kind},
            code="geojson_type",
        )


def normalise_boundary(value: dict[str, Any]) -> dict[str, Any]:
    """Store the bare geometry, never a Feature wrapper."""
    if value.get("type") == "Feature":
        geometry: dict[str, Any] = value["geometry"]
        return geometry
    return value


def _ring_area(ring: Ring) -> float:
    area = 0.0
    for (x1, y1, *_rest1), (x2, y2, *_rest2) in itertools.pairwise(ring):
        area += x1 * y2 - x2 * y1
    return area / 2


def _point_in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    for (x1, y1, *_a), (x2, y2, *_b) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat):
            x_cross = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < x_cross:
                inside = not inside
    return inside


def _polygons(geometry: dict[str, Any]) -> Iterable[PolygonCoords]:
    if geometry.get("type") == "Polygon":
        yield geometry["coordinates"]
    elif geometry.get("type") == "MultiPolygon":
        yield from geometry["coordinates"]


def contains_point(geometry: dict[str, Any], lon: float, lat: float) -> bool:
    """True when (lon, lat) lies inside the outer ring and outside every hole."""
    for polygon in _polygons(geometry):
        outer, *holes = polygon
        if _point_in_ring(lon, lat, outer) and not any(_point_in_ring(lon, lat, h) for h in holes):
            return True
    return False


def bounding_box(geometries: Iterable[dict[str, Any]]) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) over all outer rings, or None."""
    lons: list[float] = []
    lats: list[float] = []
    for geometry in geometries:
        for polygon in _polygons(geometry):
            for lon, lat, *_rest in polygon[0]:
                lons.append(lon)
                lats.append(lat)
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def centroid(geometry: dict[str, Any]) -> tuple[float, float] | None:
    """Average of the outer ring's vertices: good enough to place a label."""
    points = [(p[0], p[1]) for polygon in _polygons(geometry) for p in polygon[0][:-1]]
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
