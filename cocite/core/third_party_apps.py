"""Third-party apps under names the admin can tell apart, in French.

allauth's app was « Comptes » beside ours (two admin sections with one name), and
django-tasks-db's « Tasks Database Backend » was not translated. INSTALLED_APPS names these
configurations instead of the apps' own; their labels and models are unchanged.
"""

from __future__ import annotations

from allauth.account.apps import AccountConfig
from allauth.mfa.apps import MFAConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks_db.apps import TasksAppConfig

# django-tasks-db's model names are gettext'd English; their French lives in our catalogue
# (named here so that `make messages` extracts them and keeps the entries).
THIRD_PARTY_MSGIDS = (gettext_noop("Task Result"), gettext_noop("Task Results"))


class AllauthAccountConfig(AccountConfig):  # type: ignore[misc]  # allauth ships no type hints
    verbose_name = _("Adresses e-mail et connexions")


class TaskQueueConfig(TasksAppConfig):
    verbose_name = _("File des tâches de fond")  # type: ignore[assignment]  # Django takes lazy text here


class AllauthMfaConfig(MFAConfig):  # type: ignore[misc]  # allauth ships no type hints
    verbose_name = _("Double authentification")
