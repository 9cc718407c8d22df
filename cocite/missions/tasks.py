"""Background work (django.tasks): the mails of registrations, organisers' messages, residents' questions.

Queued by name (`core.taskqueue.task_named`) by `actions`; each is safe to run again after a lost
worker (apps.py): a reminder and a message are claimed before their mails go, the others are one
informative mail.
"""

from __future__ import annotations

from django.tasks import task

from cocite.core.taskqueue import named_task

from . import actions


@named_task("missions.registration_mail")
@task()
def registration_mail(registration_id: int, what: str) -> int:
    return actions.registration_mail_send(registration_id=registration_id, what=what)


@named_task("missions.message_deliver")
@task()
def message_deliver(message_id: int) -> int:
    return actions.message_deliver(message_id=message_id)


@named_task("missions.contact_deliver")
@task()
def contact_deliver(kind: str, activity_id: int, sender_id: int, body: str) -> int:
    return actions.contact_deliver(kind=kind, activity_id=activity_id, sender_id=sender_id, body=body)
