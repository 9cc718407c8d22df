"""Background work of accounts: the mails allauth writes (address confirmation, password reset…)."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.tasks import task

from cocite.core.validators import one_line


def mail_parts(message: EmailMultiAlternatives) -> dict[str, Any]:
    """What the task needs to build the same mail again (a task's arguments are JSON)."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [[str(content), mimetype] for content, mimetype in message.alternatives],
    }


@task()
def send_account_mail(
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    headers: dict[str, str],
    content_subtype: str,
    alternatives: list[list[str]],
) -> int:
    message = EmailMultiAlternatives(one_line(subject), body, from_email, to, headers=headers)
    message.content_subtype = content_subtype
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    return message.send()
