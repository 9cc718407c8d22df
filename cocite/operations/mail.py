"""An e-mail backend that counts the mails the configured backend sent (`cocite_mails_sent`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from .metrics import MAILS_SENT


class CountingEmailBackend(BaseEmailBackend):
    """Wraps COCITE_EMAIL_BACKEND (what EMAIL_URL chose): same behaviour, plus the metric."""

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(settings.COCITE_EMAIL_BACKEND, fail_silently=fail_silently, **kwargs)

    def open(self) -> Any:
        return self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = self.inner.send_messages(email_messages) or 0
        if sent:
            MAILS_SENT.inc(sent)
        return sent
