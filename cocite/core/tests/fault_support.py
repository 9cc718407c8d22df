"""Run inside `manage.py shell` against the fault test's private database (test_worker_faults.py).

Each function prints one JSON line the test reads back.
"""

from __future__ import annotations

import datetime
import json
import time
import uuid

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.notifications.actions import follow_auto
from cocite.opendata.tasks import export_opendata


@task()
def hold(seconds: float) -> str:
    """A long task that is not declared idempotent: the worker running it gets killed."""
    time.sleep(seconds)
    return "held"


def seed(people: int) -> None:
    """What the fault test needs, made in one process (a Django start costs seconds on a busy machine).

    A public démarche open for comments, one idea everybody follows, and a signed-in session
    per person; a long task that is not idempotent, parked (run_after far away) until the test
    releases it for a worker to be killed in; and an idempotent task a worker that vanished
    long ago left RUNNING.
    """
    idea = ContributionFactory(demarche=DemarcheFactory(), title="Un banc devant la médiathèque")
    sessions = []
    for number in range(people):
        person = UserFactory(display_name=f"Fautif {number}")
        follow_auto(user_id=person.pk, target=idea)
        client = Client()
        client.force_login(person)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    parked = hold.using(run_after=timezone.now() + datetime.timedelta(days=365)).enqueue(120)
    ghost = DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path=export_opendata.module_path,
        backend_name="default",
        worker_ids=["fault-ghost"],
        started_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    print(json.dumps({"idea": idea.pk, "sessions": sessions, "held": str(parked.id), "ghost": str(ghost.pk)}))
