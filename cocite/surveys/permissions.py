"""Who may see, answer, build and read the results of a survey: pure functions of (user, survey).

A survey follows its démarche's audience and phase rules (``cocite.demarches.permissions``,
action « answer »), and its own opening and closing dates. Those who run the démarche
(`is_in_charge`) and administrators build surveys and read every result, free texts included;
others see the results of a published survey whose results are public, without the free texts.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocite.accounts.permissions import is_administrator
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.demarches import permissions as demarche_permissions
from cocite.demarches.models import Demarche

from .models import COMPONENT_NAME, Survey

ANSWER = "answer"


def can_manage(user: Viewer, demarche: Demarche) -> bool:
    """Build surveys, read every result and export them: who runs the démarche, and administrators."""
    return is_administrator(user) or (
        demarche_permissions.can_view_demarche(user, demarche) and demarche_permissions.is_in_charge(user, demarche)
    )


def can_view(user: Viewer, survey: Survey) -> bool:
    if not demarche_permissions.can_view_demarche(user, survey.demarche):
        return False
    return survey.status == Survey.Status.PUBLISHED or can_manage(user, survey.demarche)


def can_answer(user: Viewer, survey: Survey) -> bool:
    return (
        survey.status == Survey.Status.PUBLISHED
        and survey.is_open()
        and demarche_permissions.can(user, ANSWER, survey.demarche, COMPONENT_NAME)
    )


def can_see_results(user: Viewer, survey: Survey) -> bool:
    if can_manage(user, survey.demarche):
        return True
    return survey.status == Survey.Status.PUBLISHED and survey.results_public and can_view(user, survey)


def can_read_free_texts(user: Viewer, survey: Survey) -> bool:
    return can_manage(user, survey.demarche)


def _moment(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def answer_denial(user: Viewer, survey: Survey) -> str:
    """What is closed, why and until when, in French."""
    if survey.status != Survey.Status.PUBLISHED:
        return _("Ce questionnaire est en préparation : il n'est pas encore publié.")
    now = timezone.now()
    if survey.opens_at is not None and now < survey.opens_at:
        return _("Ce questionnaire n'est pas encore ouvert : vous pourrez y répondre à partir du %(moment)s.") % {
            "moment": _moment(survey.opens_at)
        }
    if survey.closes_at is not None and now >= survey.closes_at:
        return _("Ce questionnaire est clos depuis le %(moment)s : il ne reçoit plus de réponses.") % {
            "moment": _moment(survey.closes_at)
        }
    if not is_signed_in(user):
        return _("Connectez-vous pour répondre à ce questionnaire.")
    return demarche_permissions.denial_reason(user, ANSWER, survey.demarche, COMPONENT_NAME)
