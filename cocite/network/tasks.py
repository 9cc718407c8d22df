"""Background work: the network's mails (invitations, messages to an actor), sent by a task worker, and
telling the people a new call for help matches (their notifications, so their digest).

Queued by name by the actions on commit; not retried after a lost worker (a mail twice is worse
than a mail late: the person can ask again).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation

from cocite.core.taskqueue import named_task
from cocite.core.validators import one_line

from . import actions

MAIL_TASK = "network.send_mail"


@named_task(MAIL_TASK)
@task()
def send_network_mail(recipients: list[str], subject: str, body: str) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return send_mail(subject=one_line(subject), message=body, from_email=None, recipient_list=recipients)


@named_task(actions.MATCHES_TASK)
@task()
def notify_matches(call_id: int) -> int:
    return actions.call_matches_notify(call_id=call_id)
