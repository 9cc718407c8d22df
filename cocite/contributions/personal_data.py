"""The contributions app's part of a person's data (see cocite.core.personal_data).

Called from ContributionsConfig. Contributions and supports are kept when an account is deleted,
counted and attached to the anonymised account (« Compte supprimé »); only the images kept from
a refused form are the person's alone (`ContributionsConfig.forget_person` deletes them).
"""

from __future__ import annotations

from typing import Any

from cocite.core.personal_data import rows

from .models import Contribution, ContributionImage, ContributionRevision, PendingImage, Support


def personal_data(user: Any) -> dict[str, Any]:
    contributions = rows(
        Contribution.objects.filter(author_id=user.pk).order_by("pk"),
        [
            "id",
            "demarche__title",
            "kind",
            "title",
            "body",
            "quartier__name",
            "latitude",
            "longitude",
            "address",
            "channel",
            "status",
            "support_count",
            "comment_count",
            "created_at",
            "edited_at",
            "withdrawn_at",
        ],
        rename={"demarche__title": "demarche", "quartier__name": "quartier"},
    )
    return {
        "contributions": contributions,
        "images": rows(
            ContributionImage.objects.filter(contribution__author_id=user.pk).order_by("pk"),
            ["contribution_id", "image", "alt_text", "created_at"],
        ),
        "kept_images": rows(
            PendingImage.objects.filter(user_id=user.pk).order_by("pk"),
            ["original_name", "image", "created_at"],
        ),
        "previous_versions": rows(
            ContributionRevision.objects.filter(edited_by_id=user.pk).order_by("pk"),
            ["contribution_id", "title", "body", "replaced_at"],
        ),
        "supports": rows(
            Support.objects.filter(user_id=user.pk).order_by("pk"),
            ["contribution_id", "contribution__title", "created_at"],
            rename={"contribution__title": "contribution_title"},
        ),
        "recorded_for_others": rows(
            Contribution.objects.filter(recorded_by_id=user.pk).exclude(author_id=user.pk).order_by("pk"),
            ["id", "title", "channel", "created_at"],
        ),
    }
