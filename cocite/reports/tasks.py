"""Background work: the mails of reports (a report forwarded to the competent body)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task

from cocite.core.taskqueue import named_task
from cocite.core.validators import one_line


@named_task("reports.send_mail")
@task()
def send_report_mail(subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject=one_line(subject), message=body, from_email=None, recipient_list=recipients)
