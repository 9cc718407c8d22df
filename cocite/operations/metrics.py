"""Prometheus metrics (prometheus_client): what the web nodes, workers and scheduler count.

With PROMETHEUS_MULTIPROC_DIR set (production, deploy/cocite.env.example), every process writes
its counters and histograms to files there, and `/metrics` adds up the whole host's (gunicorn
workers, task workers: the mails they send). Queue figures are read from the database when
`/metrics` is asked (`QueueCollector`), so they are the same whichever node answers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from django.db import DatabaseError
from django.db.models import Count, Q
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from cocite.core import taskqueue

REQUEST_LATENCY = Histogram(
    "cocite_request_duration_seconds",
    "Durée des requêtes HTTP, par route (nom d'URL) et méthode.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REQUESTS = Counter("cocite_requests", "Requêtes HTTP, par route et classe de statut.", ["route", "status"])
MAILS_SENT = Counter("cocite_mails_sent", "Courriels remis au serveur de messagerie.")


class QueueCollector(Collector):
    """The task queue, from django-tasks-db's table, at each scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            health = taskqueue.queue_health()
            counts = DBTaskResult.objects.aggregate(failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED)))
        except DatabaseError:
            return
        yield GaugeMetricFamily("cocite_tasks_ready", "Tâches prêtes, en attente d'un processus.", value=health.ready)
        yield GaugeMetricFamily(
            "cocite_tasks_oldest_ready_age_seconds",
            "Attente de la plus ancienne tâche prête (0 si aucune).",
            value=health.oldest_ready_seconds or 0.0,
        )
        yield GaugeMetricFamily("cocite_tasks_running", "Tâches en cours.", value=health.running)
        yield GaugeMetricFamily(
            "cocite_tasks_failed", "Tâches en échec gardées (purgées après 90 jours).", value=counts["failed"]
        )
        yield GaugeMetricFamily("cocite_task_workers_alive", "Processus de tâches vivants.", value=health.workers_alive)


def exposition() -> bytes:
    """The text format Prometheus scrapes: this host's processes plus the queue."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:  # one process (development, tests): its own metrics
        for collector in (REQUEST_LATENCY, REQUESTS, MAILS_SENT):
            registry.register(collector)
    registry.register(QueueCollector())
    return generate_latest(registry)
