"""What the arbitration's actions share: the outcome → status table, the limits, on-commit sends."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from cocite.core.errors import ActionError
from cocite.demarches.models import Demarche
from cocite.items.models import ItemStatus
from cocite.territory.models import Department

from .. import queries
from ..models import Decision

logger = logging.getLogger("cocite.decisions.actions")

OUTCOME_STATUS = {
    Decision.Outcome.ACCEPTED: ItemStatus.ACCEPTED,
    Decision.Outcome.ACCEPTED_MODIFIED: ItemStatus.ACCEPTED_MODIFIED,
    Decision.Outcome.ALREADY_PLANNED: ItemStatus.ALREADY_PLANNED,
    Decision.Outcome.REJECTED: ItemStatus.REJECTED,
    Decision.Outcome.OUT_OF_SCOPE: ItemStatus.OUT_OF_SCOPE,
    Decision.Outcome.MERGED: ItemStatus.MERGED,
}
EXPLANATION_MIN_LENGTH = 200
EXPLANATION_MIN_WORDS = 30
EXPLANATION_MIN_DISTINCT_WORDS = 15
REASON_MIN_LENGTH = 10
OPINION_MIN_LENGTH = 20
MAX_COST = Decimal("9999999999.99")
MAX_CRITERIA = 30


def on_commit(callback: Callable[[], object]) -> None:
    transaction.on_commit(callback)


def check_department_access(demarche: Demarche | None, departments: Sequence[Department], field: str) -> None:
    """Refuse departments outside an invitation-only démarche (they could not see the item)."""
    allowed = queries.departments_with_access(demarche) if demarche is not None else None
    if allowed is None:
        return
    outside = [d.name for d in departments if d.pk not in allowed]
    if outside and demarche is not None:
        raise ActionError(
            _(
                "La démarche « %(demarche)s » est sur invitation : %(departments)s n'y a pas accès. Un·e "
                "administrateur·rice peut l'associer à la démarche."
            )
            % {"demarche": demarche.title, "departments": ", ".join(outside)},
            code="department_without_access",
            field=field,
        )
