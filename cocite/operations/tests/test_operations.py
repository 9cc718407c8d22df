"""Request ids, JSON logs, /metrics behind its token, and the mails counter, through the real stack."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage, mailers, send_mail
from django.test import Client
from prometheus_client import REGISTRY

from cocite.operations.logs import JsonFormatter, RequestIdFilter


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The production handler (filter + JSON formatter) on the root logger, into a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield buffer
    root.removeHandler(handler)


@pytest.mark.django_db
def test_a_request_id_is_made_when_none_is_sent(client: Client) -> None:
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_and_a_hostile_one_replaced(client: Client) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "0123456789abcdef"})["X-Request-ID"] == "0123456789abcdef"
    hostile = client.get("/healthz", headers={"X-Request-ID": 'x"}\n<script>'})["X-Request-ID"]
    assert "<" not in hostile
    assert len(hostile) == 32


@pytest.mark.django_db
def test_log_lines_are_json_with_the_requests_id(client: Client, json_log: io.StringIO) -> None:
    client.get("/page-qui-n-existe-pas/", headers={"X-Request-ID": "req-0123456789"})
    entries = [json.loads(line) for line in json_log.getvalue().splitlines()]
    not_found = [entry for entry in entries if entry["logger"] == "django.request"]
    assert not_found
    assert not_found[0]["request_id"] == "req-0123456789"
    assert not_found[0]["level"] == "WARNING"
    assert "time" in not_found[0]
    logging.getLogger("cocite.test").info("hors requête")
    assert json.loads(json_log.getvalue().splitlines()[-1])["request_id"] == "-"


@pytest.mark.django_db
def test_metrics_is_a_404_without_a_configured_token(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.django_db
def test_metrics_needs_the_bearer_token(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = "jeton-de-test-assez-long"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer mauvais"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Basic jeton-de-test-assez-long"}).status_code == 401
    client.get("/")
    response = client.get("/metrics", headers={"Authorization": "Bearer jeton-de-test-assez-long"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'cocite_request_duration_seconds_bucket{le="0.005",method="GET",route="home"}' in text
    for name in ("cocite_tasks_ready", "cocite_tasks_oldest_ready_age_seconds", "cocite_tasks_failed"):
        assert f"\n{name} " in text
    assert "cocite_mails_sent_total" in text
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_mails_counter_counts_what_the_real_backend_sent(settings: Any) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "cocite.operations.mail.CountingEmailBackend",
            "OPTIONS": {"backend": "django.core.mail.backends.locmem.EmailBackend"},
        }
    }
    before = REGISTRY.get_sample_value("cocite_mails_sent_total") or 0.0
    send_mail("Objet", "Texte", None, ["a@exemple.fr", "b@exemple.fr"])
    mailer = mailers.default
    mailer.send_messages([EmailMessage("Objet 2", "Texte", None, ["c@exemple.fr"])])
    assert len(mail.outbox) == 2
    assert REGISTRY.get_sample_value("cocite_mails_sent_total") == before + 2


@pytest.mark.parametrize(
    ("url", "backend", "options"),
    [
        ("consolemail://", "django.core.mail.backends.console.EmailBackend", {}),
        (
            "smtp+tls://agent:mot%40passe@smtp.exemple.fr:587",
            "django.core.mail.backends.smtp.EmailBackend",
            {
                "host": "smtp.exemple.fr",
                "port": 587,
                "username": "agent",
                "password": "mot@passe",
                "use_tls": True,
                "timeout": 10,
            },
        ),
        (
            "smtp://localhost:1025",
            "django.core.mail.backends.smtp.EmailBackend",
            {"host": "localhost", "port": 1025, "timeout": 10},
        ),
        ("dummymail://", "django.core.mail.backends.dummy.EmailBackend", {}),
    ],
)
def test_email_url_becomes_the_default_mailer(url: str, backend: str, options: dict[str, Any], settings: Any) -> None:
    """EMAIL_URL, read by the settings as a deployment sets it, gives MAILERS a counting backend around
    the backend it names, with that server; Django builds it and it sends without a deprecated setting."""
    found = subprocess.run(
        [sys.executable, "-c", "import json; from config.settings import base; print(json.dumps(base.MAILERS))"],
        env={**os.environ, "EMAIL_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.base"},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    config = json.loads(found.stdout)["default"]
    assert config["BACKEND"] == "cocite.operations.mail.CountingEmailBackend"
    assert config["OPTIONS"] == {"backend": backend, "options": options}
    settings.MAILERS = {"default": config}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no deprecated setting or call on the way
        mailer = mailers.default
    assert type(mailer.inner).__module__ + ".EmailBackend" == backend
    for option, value in options.items():
        assert getattr(mailer.inner, option) == value
