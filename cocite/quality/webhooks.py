"""What information pages tell webhook subscribers (cocite/api), connected from QualityConfig.ready().

This app's API module imports cocite.api, so the API cannot listen to this app's signals itself
(a cycle between apps): the app sends its own events, through `webhook_emit`.

Information pages and their history are public; the payload still never names who wrote a version.
"""

from __future__ import annotations

from typing import Any

from cocite.api.actions import webhook_emit
from cocite.api.models import WebhookEvent

from . import signals
from .models import InformationPage, PageVersion


def on_page_published(sender: Any, page: InformationPage, version: PageVersion, **kwargs: Any) -> None:
    fresh = InformationPage.objects.select_related("department").filter(pk=page.pk).first()
    if fresh is None:
        return
    webhook_emit(
        WebhookEvent.INFORMATION_PAGE_PUBLISHED,
        {
            "id": fresh.pk,
            "url": fresh.get_absolute_url(),
            "slug": fresh.slug,
            "title": version.title,
            "department": fresh.department.name,
            "version": version.number,
            "note": version.note,
            "verified_on": fresh.verified_on,
            "review_by": fresh.review_by,
        },
    )


def connect() -> None:
    signals.page_published.connect(on_page_published, dispatch_uid="cocite.quality.webhooks.page")
