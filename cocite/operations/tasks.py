"""The operations' own background task: a test mail, sent by a task worker (`manage.py send_test_mail`)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _


@task()
def send_test_mail(recipient: str) -> int:
    """One plain mail to `recipient`; proves the worker runs tasks and the mail server accepts mail."""
    with translation.override(settings.LANGUAGE_CODE):
        return send_mail(
            subject=_("Cocité : courriel d'essai"),
            message=_(
                "Ce courriel d'essai a été envoyé par un processus de tâches de Cocité : "
                "la file des tâches et l'envoi des courriels fonctionnent."
            ),
            from_email=None,
            recipient_list=[recipient],
        )
