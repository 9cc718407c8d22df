"""Reports can be flagged and moderated (cocite/moderation/registry.py); registered from ReportsConfig.ready()."""

from __future__ import annotations

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cocite.moderation.registry import Moderated, registry

from . import actions
from .models import Report


def register() -> None:
    registry.register(
        Moderated(
            kind="report",
            model="reports.Report",
            label=_("signalement"),
            can_view=lambda viewer, report: True,
            visible_among=lambda viewer, ids: set(Report.objects.filter(pk__in=list(ids)).values_list("pk", flat=True)),
            author_id=lambda report: report.author_id,
            excerpt=lambda report: f"{report} — {Truncator(report.description).chars(400)}",
            url=lambda report: report.get_absolute_url(),
            hide=lambda obj, reason, _moderator: actions.report_mask(obj, reason),
            restore=lambda obj, _moderator: actions.report_unmask(obj),
            text_fields=("description",),
            redact=actions.report_redact,
            related=("author", "category"),
            tombstone=_("Ce signalement a été masqué par la modération"),
            # The commune's word list holds a report back (« À valider »); approving it publishes it.
            publish=actions.report_publish,
        )
    )
