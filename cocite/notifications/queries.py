"""Reads for notification pages, the bell and the mails: bounded queries whatever the data size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import BooleanField, Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, When
from django.http import Http404
from django.utils.module_loading import import_string

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core import rows as plain_sql
from cocite.core.personal_data import rows as personal_rows
from cocite.core.rows import Column, quoted
from cocite.demarches.queries import visible_demarches, visible_demarches_of_the_loaded_person
from cocite.territory.models import Quartier, Theme

from . import targets
from .models import Follow, Notification, NotificationPreference

PAGE_SIZE = 20
FOLLOWS_PAGE_SIZE = 50
# The bell counts at most this many (shown as "99+"): the count stays cheap however many there are.
BELL_CAP = 100
# Send-time checks look rows up by id in chunks of this many.
CHECK_CHUNK = 500


def followable_get_for(user: Viewer, kind: str, pk: int) -> models.Model:
    """A followable object this person may see; 404 otherwise (unknown kind, hidden démarche…)."""
    resource = targets.followable_resources().get(kind)
    if resource is not None:
        obj: models.Model = resource.get_for(user, pk)
        return obj
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


def is_following(user: Viewer | None, obj: models.Model) -> bool:
    if not is_signed_in(user):
        return False
    kind = targets.kind_of(obj)
    if kind is None:
        return False
    # Every signed-in page with a follow button asks it: plain SQL (see cocite.core.rows).
    meta = Follow._meta
    return plain_sql.exists(
        f"SELECT 1 FROM {quoted(meta.db_table)} WHERE {quoted(meta.get_field('user').column)} = %s "  # noqa: S608
        f"AND {quoted(meta.get_field('content_type').column)} = %s "
        f"AND {quoted(meta.get_field('object_id').column)} = %s LIMIT 1",
        (user.pk, targets.content_type_for(kind).pk, obj.pk),
    )


def followed_ids(user: Viewer, kind: str) -> set[int]:
    """Ids of the objects of one kind this person follows (one query)."""
    if not is_signed_in(user):
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
        return str(targets.kind_label(self.kind))

    @property
    def demarche_title(self) -> str:
        """A followed resource's object is shown with its démarche's title (loaded with it)."""
        if self.target is None or self.kind not in targets.followable_resources():
            return ""
        return str(self.target.demarche.title)  # type: ignore[attr-defined]


def follow_page(user: User, page_number: Any) -> tuple[Page[Follow], list[FollowRow]]:
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


def _visible_targets(user: Viewer, kind: str, ids: list[int]) -> QuerySet[Any]:
    resource = targets.followable_resources().get(kind)
    if resource is not None:
        objects: QuerySet[Any] = resource.visible(user, ids)
        return objects
    if kind == "demarche":
        return visible_demarches(user).filter(pk__in=ids)
    if kind == "quartier":
        return Quartier.objects.filter(pk__in=ids)
    return Theme.objects.filter(pk__in=ids)


# Visibility, checked when a notification is read and when it is mailed. The fan-out only told
# people who could see the démarche then; since, they may have been removed from an invitation,
# stopped being an agent, or the démarche may be back to draft. The rows are kept (they were
# rightly addressed, and come back if the person may see the démarche again) but are neither
# listed, counted, opened nor mailed meanwhile; a digest or immediate mail that runs while they
# are hidden consumes them (emailed_at), so they are never mailed late.


@cache
def _own_rules() -> tuple[tuple[str, Callable[[Any], QuerySet[Any]]], ...]:
    return tuple((label, import_string(path)) for label, path in targets.NOTIFIED_WITH_THEIR_OWN_RULE.items())


def _content_type_ids(labels: Sequence[str]) -> list[int]:
    """Content types are cached by Django after the first lookup."""
    return [ContentType.objects.get_for_model(apps.get_model(label)).pk for label in labels]


def visibility_filter(user: Viewer) -> Q:
    """A filter on notifications: those this person may see now, by the démarches' own rules.

    `visible_demarches` (cocite.demarches.queries) decides for the démarche a notification
    belongs to; targets with a rule of their own (decisions, results) are checked with it as
    well; a target kind notifications do not know is never shown (`targets.py`).
    """
    demarches = visible_demarches(user).values("pk")
    in_visible_demarche = Q(demarche_id__in=demarches)
    shown = Q(target_type_id__in=_content_type_ids(targets.notified_with_their_demarche())) & in_visible_demarche
    for label, rule in _own_rules():
        [content_type_id] = _content_type_ids([label])
        target_visible = Exists(rule(user).filter(pk=OuterRef("target_id")))
        in_its_demarche = Q(demarche__isnull=True) | in_visible_demarche
        shown |= Q(target_type_id=content_type_id) & Q(target_visible) & in_its_demarche
    return shown


def visible_notifications(user: Viewer) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=getattr(user, "pk", None)).filter(visibility_filter(user))


def still_visible(notifications: Sequence[Notification]) -> set[int]:
    """Ids, among rows of any recipients (`recipient` loaded), of those each recipient may see now.

    For mails. What visitors may see, every active person may see: one query settles those
    (usually nearly all), then one or two queries per person who has something else (their
    own rules: agent role, invitations).
    """
    visible: set[int] = set()
    ids = [n.pk for n in notifications]
    for start in range(0, len(ids), CHECK_CHUNK):
        chunk = ids[start : start + CHECK_CHUNK]
        public = Notification.objects.filter(pk__in=chunk).filter(visibility_filter(AnonymousUser()))
        visible.update(public.values_list("pk", flat=True))
    rest: dict[int, list[Notification]] = defaultdict(list)
    for notification in notifications:
        if notification.pk not in visible:
            rest[notification.recipient_id].append(notification)
    for rows in rest.values():
        recipient = rows[0].recipient
        pending = [n.pk for n in rows]
        for start in range(0, len(pending), CHECK_CHUNK):
            chunk = pending[start : start + CHECK_CHUNK]
            mine = Notification.objects.filter(pk__in=chunk).filter(visibility_filter(recipient))
            visible.update(mine.values_list("pk", flat=True))
    return visible


def notification_page(user: Viewer, page_number: Any) -> Page[Notification]:
    """One page of the inbox, visibility checked: a count and one query for the rows (actor joined)."""
    qs = (
        visible_notifications(user)
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


def notification_get_for(user: Viewer, pk: int) -> Notification:
    notification = visible_notifications(user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def unread_count(user: Viewer | None) -> int:
    """Unread notifications the person may see, capped at BELL_CAP.

    Loaded with the person (accounts.backends): the capped count of their unread rows, and how
    many of those rows are about something visitors may not see. When none is, the count is
    exact (what visitors see, everybody sees) and costs no query of its own; otherwise
    `_visible_among_unread` checks the capped rows.
    """
    if not is_signed_in(user):
        return 0
    annotated = getattr(user, "_cocite_unread", None)
    restricted = getattr(user, "_cocite_unread_restricted", None)
    if annotated is not None and (not annotated or restricted == 0):
        return int(annotated)
    return _visible_among_unread(user)


def _visible_among_unread(user: Viewer) -> int:
    """`visibility_filter` applied to the person's capped unread rows, in Python on their ids.

    The same rule as the filter, asked only of what those rows name: their démarches among the ones
    the person may see, then, for targets with a rule of their own, those targets among the ones
    the rule lets them see. Two queries, a third per kind of such target present. Building the
    whole filter as one query (the démarches' rule, and every target kind's rule as a subquery) cost
    7× more CPU than this, on every page a person with restricted unread rows opens.
    """
    rows = list(
        Notification.objects.filter(recipient_id=getattr(user, "pk", None), read_at__isnull=True)
        .order_by()
        .values_list("demarche_id", "target_type_id", "target_id")[:BELL_CAP]
    )
    if not rows:
        return 0
    named = {demarche for demarche, _kind, _target in rows if demarche is not None}
    demarches = set(visible_demarches(user).filter(pk__in=named).values_list("pk", flat=True)) if named else set()
    with_their_demarche = set(_content_type_ids(targets.notified_with_their_demarche()))
    own_rule: dict[int, set[Any]] = {}
    for label, rule in _own_rules():
        [kind] = _content_type_ids([label])
        ids = {target for demarche, k, target in rows if k == kind and (demarche is None or demarche in demarches)}
        if ids:
            own_rule[kind] = set(rule(user).filter(pk__in=ids).values_list("pk", flat=True))
    return sum(
        1
        for demarche, kind, target in rows
        if (kind in with_their_demarche and demarche in demarches)
        or (kind in own_rule and (demarche is None or demarche in demarches) and target in own_rule[kind])
    )


def unread_count_expression() -> Column:
    """The same capped count, as a subquery of the query that loads the signed-in person."""
    users = get_user_model()._meta.db_table
    table = Notification._meta.db_table
    recipient = Notification._meta.get_field("recipient").column
    read_at = Notification._meta.get_field("read_at").column
    return Column(  # table and column names from the models, the cap is a parameter
        sql=f'SELECT COUNT(*) FROM (SELECT 1 FROM "{table}" WHERE "{recipient}" = "{users}"."id" '  # noqa: S608
        f'AND "{read_at}" IS NULL LIMIT %s) AS capped',
        params=(BELL_CAP,),
        output_field=IntegerField(),
    )


def unread_restricted_expression() -> Column:
    """Among the same capped unread rows, those the fast path cannot settle. A row is settled when the
    person surely may see it: a target seen with its démarche, in a démarche they may see (the rule of
    `visible_demarches`, as a subquery on their row); or a target with a rule of its own that lets even
    a visitor see it (what visitors see, everybody sees), with no démarche or one they may see. Agents
    told of their services' démarches and residents told of their own reports used to take the slow
    path's three queries on every page. A subquery of the query that loads the signed-in person.

    Whichever capped rows the two subqueries read, the bell is right: if these find nothing,
    either they read every unread row, or BELL_CAP rows all visible ("99+" either way). A condition
    SQL cannot decide (NULL) leaves the row unsettled: the slow path then checks it.
    """
    users = get_user_model()._meta.db_table
    table = Notification._meta.db_table

    def column(name: str) -> str:
        return str(Notification._meta.get_field(name).column)  # type: ignore[union-attr]

    visitor = AnonymousUser()
    # The démarches this person may see (`visible_demarches`, written against the person's row).
    theirs_sql, theirs_params = (
        visible_demarches_of_the_loaded_person(f"{quoted(users)}.{quoted(get_user_model()._meta.pk.column)}")
        .values("pk")
        .query.sql_with_params()
    )
    content_types = ContentType._meta.db_table

    def kind_is(labels: Sequence[str]) -> tuple[str, list[str]]:
        """The row's target is of one of these models (the capped rows carry their content type's names)."""
        params: list[str] = []
        for label in labels:
            app_label, model_name = label.split(".")
            params += [app_label, model_name.lower()]
        return "(" + " OR ".join("(capped.app = %s AND capped.model = %s)" for _label in labels) + ")", params

    with_demarche, with_demarche_params = kind_is(targets.notified_with_their_demarche())
    settled = [f"(capped.in_theirs AND {with_demarche})"]
    settled_params: list[Any] = [*with_demarche_params]
    for label, rule in _own_rules():
        try:
            seen_sql, seen_params = rule(visitor).order_by().values(seen_target=F("pk")).query.sql_with_params()
        except EmptyResultSet:  # the rule shows visitors nothing of this kind
            continue
        own_kind, own_kind_params = kind_is([label])
        settled.append(
            f"({own_kind} AND (capped.d IS NULL OR capped.in_theirs) "  # noqa: S608 — compiled querysets
            f"AND EXISTS (SELECT 1 FROM ({seen_sql}) AS seen WHERE seen.seen_target = capped.tid))"
        )
        settled_params += [*own_kind_params, *seen_params]
    # Each capped row once with its démarche's visibility and its target's model: the conditions
    # below add no subquery of their own but the rules' (each one a lookup by the target's key).
    capped = (
        f'SELECT n."{column("demarche")}" AS d, n."{column("target_id")}" AS tid, '  # noqa: S608
        f'ct."app_label" AS app, ct."model" AS model, n."{column("demarche")}" IN ({theirs_sql}) AS in_theirs '
        f'FROM "{table}" n JOIN "{content_types}" ct ON ct."id" = n."{column("target_type")}" '
        f'WHERE n."{column("recipient")}" = "{users}"."id" AND n."{column("read_at")}" IS NULL LIMIT %s'
    )
    return Column(  # table and column names from the models, values are parameters
        sql=f"SELECT COUNT(*) FROM ({capped}) AS capped "  # noqa: S608
        f"WHERE (CASE WHEN {' OR '.join(settled)} THEN 0 ELSE 1 END) = 1",
        params=(*theirs_params, BELL_CAP, *settled_params),
        output_field=IntegerField(),
    )


def email_frequency_of(user: User) -> str:
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


def _redacted(notifications: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Notifications about what the person may no longer see: the row exists, what it said is not given."""
    for row in notifications:
        if row["hidden"]:
            row["payload"], row["url"] = {}, ""
    return notifications


def personal_data(user: User) -> dict[str, Any]:
    """The person's follows, notifications and email preference; one query each."""
    hidden = Case(When(visibility_filter(user), then=False), default=True, output_field=BooleanField())
    preference = personal_rows(
        NotificationPreference.objects.filter(user_id=user.pk), ["email_frequency", "updated_at"]
    )
    return {
        "follows": personal_rows(
            Follow.objects.filter(user_id=user.pk).order_by("pk"),
            ["content_type__app_label", "content_type__model", "object_id", "created_at"],
            rename={"content_type__app_label": "target_app", "content_type__model": "target_model"},
        ),
        "notifications": _redacted(
            personal_rows(
                Notification.objects.filter(recipient_id=user.pk).annotate(hidden=hidden).order_by("pk"),
                ["kind", "url", "payload", "created_at", "read_at", "emailed_at", "hidden"],
            )
        ),
        "email_preference": preference[0] if preference else {"email_frequency": NotificationPreference.DEFAULT},
    }
