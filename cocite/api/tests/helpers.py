from __future__ import annotations

import http.server
import json
import threading
from typing import Any

from django.test import Client

from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.api import actions, webhooks
from cocite.api.models import ApiToken


def token_for(user: User, *scopes: str, days: int = 30, kind: str = ApiToken.Kind.PERSONAL) -> str:
    creator = None
    if kind == ApiToken.Kind.APPLICATION:
        creator = User.objects.filter(is_superuser=True).first()
        if creator is None:
            creator = UserFactory(is_superuser=True, is_staff=True)
    _token, secret = actions.token_create(
        user=user, name="essai", scopes=scopes, days=days, kind=kind, created_by=creator
    )
    return secret


def bearer(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def api_get(client: Client, path: str, secret: str | None = None, **extra: Any) -> Any:
    headers = bearer(secret) if secret else {}
    return client.get(f"/api/v1{path}", **headers, **extra)


def api_post(client: Client, path: str, data: dict[str, Any], secret: str | None = None) -> Any:
    headers = bearer(secret) if secret else {}
    return client.post(f"/api/v1{path}", data, content_type="application/json", **headers)


class Receiver:
    """A real HTTP server: answers 500 to the first `failures` requests, then 204; verifies signatures."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.requests: list[dict[str, Any]] = []
        self.secret = ""
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                verified = webhooks.verify(
                    receiver.secret,
                    headers["webhook-id"],
                    int(headers["webhook-timestamp"]),
                    body,
                    headers["webhook-signature"],
                )
                receiver.requests.append({"headers": headers, "body": json.loads(body), "verified": verified})
                failing = len(receiver.requests) <= receiver.failures
                self.send_response(500 if failing or not verified else 204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *args: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
