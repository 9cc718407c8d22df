"""Reads for notification pages, the bell and the mails: bounded queries whatever the data size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from cocite.core.prepared import PreparedQuery
from cocite.demarches.queries import visible_demarches

from . import targets
from .models import Follow, Notification, NotificationPreference

PAGE_SIZE = 20
FOLLOWS_PAGE_SIZE = 50
# The bell counts at most this many (shown as "99+"): the count stays cheap however many there are.
BELL_CAP = 100


def followable_get_for(user: Any, kind: str, pk: int) -> models.Model:
    """A followable object this person may see; 404 otherwise (unknown kind, hidden démarche…)."""
    from cocite.contributions.queries import contribution_get_for
    from cocite.territory.models import Quartier, Theme

    if kind == "contribution":
        return contribution_get_for(user, pk)
    if kind == "demarche":
        demarche = visible_demarches(user).filter(pk=pk).first()
        if demarche is None:
            raise Http404
        return demarche
    if kind == "quartier":
        quartier = Quartier.objects.filter(pk=pk).first()
        if quartier is None:
            raise Http404
        return quartier
    if kind == "theme":
        theme = Theme.objects.filter(pk=pk).first()
        if theme is None:
            raise Http404
        return theme
    raise Http404


# Every signed-in page with a follow button asks it: compiled once per process (cocite.core.prepared).
_follows = PreparedQuery(
    lambda user_id, content_type_id, object_id: Follow.objects.filter(
        user_id=user_id, content_type_id=content_type_id, object_id=object_id
    )
)


def is_following(user: Any, obj: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    kind = targets.kind_of(obj)
    if kind is None:
        return False
    return _follows.exists(user.pk, targets.content_type_for(kind).pk, obj.pk)


def followed_ids(user: Any, kind: str) -> set[int]:
    """Ids of the objects of one kind this person follows (one query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Follow.objects.filter(user_id=user.pk, content_type=targets.content_type_for(kind)).values_list(
            "object_id", flat=True
        )
    )


@dataclass
class FollowRow:
    follow: Follow
    kind: str
    target: models.Model | None  # None: deleted, or no longer visible to this person

    @property
    def kind_label(self) -> str:
        return str(targets.KIND_LABELS.get(self.kind, ""))


def follow_page(user: Any, page_number: Any) -> tuple[Page[Follow], list[FollowRow]]:
    """One page of what this person follows, with each target, in at most 2 + one query per kind."""
    paginator = Paginator(Follow.objects.filter(user_id=user.pk).order_by("-created_at", "-pk"), FOLLOWS_PAGE_SIZE)
    page = paginator.get_page(page_number)
    follows = list(page.object_list)
    by_type: dict[int, list[int]] = defaultdict(list)
    for follow in follows:
        by_type[follow.content_type_id].append(follow.object_id)
    loaded: dict[tuple[int, int], models.Model] = {}
    for content_type_id, ids in by_type.items():
        kind = targets.kind_for_content_type_id(content_type_id)
        if kind is None:
            continue
        for obj in _visible_targets(user, kind, ids):
            loaded[(content_type_id, obj.pk)] = obj
    rows = [
        FollowRow(
            follow=follow,
            kind=targets.kind_for_content_type_id(follow.content_type_id) or "",
            target=loaded.get((follow.content_type_id, follow.object_id)),
        )
        for follow in follows
    ]
    return page, rows


def _visible_targets(user: Any, kind: str, ids: list[int]) -> QuerySet[Any]:
    from cocite.contributions.models import Contribution
    from cocite.territory.models import Quartier, Theme

    if kind == "contribution":
        return Contribution.objects.filter(pk__in=ids, demarche__in=visible_demarches(user)).select_related("demarche")
    if kind == "demarche":
        return visible_demarches(user).filter(pk__in=ids)
    if kind == "quartier":
        return Quartier.objects.filter(pk__in=ids)
    return Theme.objects.filter(pk__in=ids)


def notification_page(user: Any, page_number: Any) -> Page[Notification]:
    """One page of the inbox: a count and one query for the rows (actor joined)."""
    qs = (
        Notification.objects.filter(recipient_id=user.pk)
        .select_related("actor")
        .only(
            "pk",
            "kind",
            "payload",
            "url",
            "created_at",
            "read_at",
            "actor_id",
            "recipient_id",
            "actor__display_name",
        )
        .order_by("-created_at", "-pk")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page_number)


def notification_get_for(user: Any, pk: int) -> Notification:
    notification = Notification.objects.filter(pk=pk, recipient_id=getattr(user, "pk", None)).first()
    if notification is None:
        raise Http404
    return notification


def unread_count(user: Any) -> int:
    """Unread notifications, capped at BELL_CAP (one query on a partial index)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    annotated = getattr(user, "_cocite_unread", None)  # loaded with the user (accounts.backends)
    if annotated is not None:
        return int(annotated)
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).order_by()[:BELL_CAP].count()


def unread_count_expression() -> Any:
    """The same capped count, as a subquery of the query that loads the signed-in person."""
    from django.contrib.auth import get_user_model
    from django.db.models import IntegerField
    from django.db.models.expressions import RawSQL

    users = get_user_model()._meta.db_table
    table = Notification._meta.db_table
    recipient = Notification._meta.get_field("recipient").column
    read_at = Notification._meta.get_field("read_at").column
    return RawSQL(  # noqa: S611 — table and column names from the models, the cap is a parameter
        f'SELECT COUNT(*) FROM (SELECT 1 FROM "{table}" WHERE "{recipient}" = "{users}"."id" '  # noqa: S608
        f'AND "{read_at}" IS NULL LIMIT %s) AS capped',
        (BELL_CAP,),
        output_field=IntegerField(),
    )


def email_frequency_of(user: Any) -> str:
    preference = NotificationPreference.objects.filter(user_id=user.pk).values_list("email_frequency", flat=True)
    return str(next(iter(preference), NotificationPreference.DEFAULT))


def mailable_recipients(frequency: str) -> Q:
    """A filter on notifications: recipients who want `frequency` mails and can receive them."""
    preference = NotificationPreference.objects.filter(user_id=OuterRef("recipient_id"))
    if frequency == NotificationPreference.DEFAULT:
        wants = ~Q(Exists(preference.exclude(email_frequency=frequency)))
    else:
        wants = Q(Exists(preference.filter(email_frequency=frequency)))
    verified = Exists(EmailAddress.objects.filter(user_id=OuterRef("recipient_id"), verified=True))
    return wants & Q(verified) & Q(recipient__is_active=True) & ~Q(recipient__email="")


def personal_data(user: Any) -> dict[str, Any]:
    """The person's follows, notifications and email preference; one query each."""
    from cocite.core.personal_data import rows

    preference = rows(NotificationPreference.objects.filter(user_id=user.pk), ["email_frequency", "updated_at"])
    return {
        "follows": rows(
            Follow.objects.filter(user_id=user.pk).order_by("pk"),
            ["content_type__app_label", "content_type__model", "object_id", "created_at"],
            rename={"content_type__app_label": "target_app", "content_type__model": "target_model"},
        ),
        "notifications": rows(
            Notification.objects.filter(recipient_id=user.pk).order_by("pk"),
            ["kind", "url", "payload", "created_at", "read_at", "emailed_at"],
        ),
        "email_preference": preference[0] if preference else {"email_frequency": NotificationPreference.DEFAULT},
    }
