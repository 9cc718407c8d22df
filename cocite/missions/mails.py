"""The mails of missions and events: plain text, French first, absolute links, no address of anyone shown."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cocite.core.validators import one_line

SUBJECT_PREFIX = "[Cocité] "


def absolute(path: str) -> str:
    return f"{str(settings.SITE_URL).rstrip('/')}{path}"


def moment(value: object) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")  # type: ignore[arg-type]


def send(*, to: Sequence[str], subject: str, body: str, reply_to: Sequence[str] = ()) -> int:
    """One mail per recipient (nobody sees the others' addresses); returns how many were sent."""
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        footer = _("— Cocité, la plateforme de participation de votre commune")
    messages = [
        EmailMessage(
            subject=SUBJECT_PREFIX + one_line(subject),
            body=f"{body}\n\n{footer}\n",
            to=[address],
            reply_to=list(reply_to) or None,
        )
        for address in to
    ]
    return sum(message.send() for message in messages)
