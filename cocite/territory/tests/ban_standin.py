"""A local stand-in for the Base Adresse Nationale geocoder (api-adresse.data.gouv.fr).

It speaks the same API — `GET /search/?q=&limit=` and `GET /reverse/?lon=&lat=` answering a
GeoJSON FeatureCollection whose features carry `properties.label`, `type`, `city`, `postcode`,
`citycode` — over a few addresses of the demo town (Bellerive, INSEE 99001, whose quartiers are
a grid: longitudes 1.900–1.980, latitudes 47.800–47.850). `mode` makes it misbehave the way a
real service can: "ok", "error" (HTTP 500), "garbage" (an HTML page), "shape" (JSON of another
shape), "slow" (answers after `delay` seconds). The `ban_geocoder` fixture (cocite/conftest.py)
starts one on 127.0.0.1 and points COCITE_GEOCODER_URL at it.
"""

from __future__ import annotations

import json
import math
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

CITY, POSTCODE, CITYCODE = "Bellerive", "99100", "99001"

# (label start, BAN type, longitude, latitude): the quartier each falls in is in the comment.
ADDRESSES = [
    ("12 Rue des Écoles", "housenumber", 1.9512, 47.8412),  # La Gare
    ("Rue des Écoles", "street", 1.9525, 47.8405),  # La Gare
    ("3 Place de la Mairie", "housenumber", 1.9304, 47.8381),  # Centre-Ville
    ("27 Avenue de la Gare", "housenumber", 1.9478, 47.8447),  # La Gare
    ("5 Quai du Port", "housenumber", 1.9702, 47.8391),  # Le Port
    ("8 Chemin des Coteaux", "housenumber", 1.9105, 47.8108),  # Les Coteaux
    ("14 Allée des Tilleuls", "housenumber", 1.9093, 47.8366),  # Les Tilleuls
    ("2 Route de Saint-Martin", "housenumber", 1.9912, 47.8122),  # outside the commune
]


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def feature(label: str, kind: str, lon: float, lat: float, score: float = 0.9) -> dict[str, Any]:
    full = f"{label} {POSTCODE} {CITY}"
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "label": full,
            "score": score,
            "type": kind,
            "name": label,
            "postcode": POSTCODE,
            "citycode": CITYCODE,
            "city": CITY,
            "context": "99, Département de démonstration",
            "x": 0,
            "y": 0,
        },
    }


def search(query: str, limit: int) -> list[dict[str, Any]]:
    words = [w for w in fold(query).replace(",", " ").split() if w not in ("rue", "de", "des", "la", "le")]
    found = []
    for label, kind, lon, lat in ADDRESSES:
        haystack = fold(f"{label} {POSTCODE} {CITY}")
        hits = sum(1 for word in words if word in haystack)
        if words and hits == len(words):
            found.append(feature(label, kind, lon, lat))
    return found[:limit]


def reverse(lon: float, lat: float) -> list[dict[str, Any]]:
    def distance(address: tuple[str, str, float, float]) -> float:
        return math.hypot((address[2] - lon) * math.cos(math.radians(lat)), address[3] - lat)

    nearest = min(ADDRESSES, key=distance)
    if distance(nearest) > 0.02:  # about 2 km: nothing known there
        return []
    return [feature(*nearest)]


class BanStandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = "ok"
        self.delay = 2.0
        self.requests: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def start(self) -> BanStandIn:
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up waiting ("slow") leaves a broken pipe: expected

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: BanStandIn

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        mode = self.server.mode
        if mode == "slow":
            time.sleep(self.server.delay)
        if mode == "error":
            self._send(500, b"<h1>Internal Server Error</h1>", "text/html")
            return
        if mode == "garbage":
            self._send(200, b"<html><body>Maintenance en cours</body></html>", "text/html")
            return
        if mode == "shape":
            self._send(200, json.dumps({"features": "none", "hint": [1, 2]}).encode(), "application/json")
            return
        parts = urlsplit(self.path)
        params = {key: values[0] for key, values in parse_qs(parts.query).items()}
        try:
            if parts.path.rstrip("/") == "/search":
                query = params.get("q", "")
                if len(query.strip()) < 3:
                    self._send(
                        400, b'{"code":400,"message":"q must contain between 3 and 200 chars"}', "application/json"
                    )
                    return
                features = search(query, int(params.get("limit", "5")))
            elif parts.path.rstrip("/") == "/reverse":
                features = reverse(float(params["lon"]), float(params["lat"]))
            else:
                self._send(404, b'{"code":404,"message":"Not found"}', "application/json")
                return
        except (KeyError, ValueError):
            self._send(400, b'{"code":400,"message":"Failed parsing query"}', "application/json")
            return
        body = {"type": "FeatureCollection", "version": "draft", "features": features, "query": params.get("q", "")}
        self._send(200, json.dumps(body).encode(), "application/json")
