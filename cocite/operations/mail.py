"""An e-mail backend that counts the mails the configured backend sent (`cocite_mails_sent`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.module_loading import import_string

from .metrics import MAILS_SENT


class CountingEmailBackend(BaseEmailBackend):
    """Wraps the backend EMAIL_URL chose (MAILERS' OPTIONS `backend`, with its `options`): same
    behaviour, plus the metric."""

    def __init__(
        self, *, backend: str, options: dict[str, Any] | None = None, alias: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(alias=alias, **kwargs)
        # Built as Django's mailers build a backend: with the alias it serves and its OPTIONS.
        self.inner: BaseEmailBackend = import_string(backend)(alias=alias, **(options or {}))

    def open(self) -> Any:
        return self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = self.inner.send_messages(email_messages) or 0
        if sent:
            MAILS_SENT.inc(sent)
        return sent
