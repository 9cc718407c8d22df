"""Writes of the open-data app: asking for a regeneration (administrators)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from cocite.accounts.viewer import Viewer
from cocite.core.errors import PermissionDenied
from cocite.core.taskqueue import task_named

from .permissions import can_regenerate_opendata

logger = logging.getLogger(__name__)


def export_request(*, user: Viewer) -> None:
    """Queue a regeneration of the files (after the current transaction commits)."""
    if not can_regenerate_opendata(user):
        raise PermissionDenied(_("Seuls les administrateurs peuvent régénérer les données ouvertes."), code="not_admin")

    # By name: the tasks module sits above the actions (cocite.core.taskqueue.named_task).
    transaction.on_commit(task_named("opendata.export").enqueue)
