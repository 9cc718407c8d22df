"""Contributions can be flagged and moderated (cocite/moderation/registry.py); registered from
ContributionsConfig.ready()."""

from __future__ import annotations

from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cocite.accounts.viewer import Viewer
from cocite.moderation.registry import Moderated, registry

from . import actions, queries
from .models import Contribution, ContributionImage
from .status import KIND


def can_view(viewer: Viewer, contribution: Contribution) -> bool:
    try:
        queries.contribution_get_for(viewer, contribution.pk, for_display=False)
    except Http404:
        return False
    return True


def excerpt(contribution: Contribution) -> str:
    return f"{contribution.title} — {Truncator(contribution.body).chars(400)}"


IMAGE_KIND = "contribution_image"


def can_view_image(viewer: Viewer, image: ContributionImage) -> bool:
    return can_view(viewer, image.contribution)


def image_excerpt(image: ContributionImage) -> str:
    return str(_("Image : « %(alt)s », sur « %(title)s »") % {"alt": image.alt_text, "title": image.contribution.title})


def image_url(image: ContributionImage) -> str:
    return f"{image.contribution.get_absolute_url()}#image-{image.pk}"


def register() -> None:
    registry.register(
        Moderated(
            kind=KIND,
            model="contributions.Contribution",
            label=_("contribution"),
            can_view=can_view,
            visible_among=lambda viewer, ids: set(
                queries.contributions_visible_among(viewer, ids).values_list("pk", flat=True)
            ),
            author_id=lambda contribution: contribution.author_id,
            excerpt=excerpt,
            url=lambda contribution: contribution.get_absolute_url(),
            hide=lambda obj, reason, _moderator: actions.contribution_mask(obj, reason),
            restore=lambda obj, _moderator: actions.contribution_unmask(obj),
            text_fields=("title", "body"),
            redact=actions.contribution_redact,
            related=("author",),
            tombstone=_("Cette contribution a été masquée par la modération"),
            publish=actions.contribution_publish,
        )
    )
    registry.register(
        Moderated(
            kind=IMAGE_KIND,
            model="contributions.ContributionImage",
            label=_("image d'une contribution"),
            can_view=can_view_image,
            visible_among=lambda viewer, ids: set(
                queries.images_visible_among(viewer, ids).values_list("pk", flat=True)
            ),
            author_id=lambda image: image.contribution.author_id,
            excerpt=image_excerpt,
            url=image_url,
            hide=lambda obj, reason, _moderator: actions.image_mask(obj, reason),
            restore=lambda obj, _moderator: actions.image_unmask(obj),
            text_fields=("alt_text",),
            redact=actions.image_redact,
            related=("contribution", "contribution__demarche"),
            tombstone=_("Cette image a été masquée par la modération"),
            # An image is published with its contribution (which pre-moderation holds back), never alone.
            pending_ids=lambda: [],
            is_pending=lambda _image: False,
        )
    )
