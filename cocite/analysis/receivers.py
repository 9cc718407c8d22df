"""What the analysis app does when other apps speak (connected in AnalysisConfig.ready)."""

from __future__ import annotations

from typing import Any

from cocite.contributions.models import Contribution
from cocite.contributions.signals import contribution_supported

from .merge import late_support_carry


def support_on_merged(sender: Any, contribution: Any, user: Any, **kwargs: Any) -> None:
    """A support given to a contribution already merged elsewhere counts on the target."""
    status = kwargs.get("status")  # as the support's own transaction saw it, under the row lock
    if status is None:
        status = Contribution.objects.filter(pk=contribution.pk).values_list("status", flat=True).first()
    if status == Contribution.Status.MERGED:
        late_support_carry(user_id=user.pk, source_id=contribution.pk)


def connect() -> None:
    contribution_supported.connect(support_on_merged, dispatch_uid="analysis_support_on_merged")
