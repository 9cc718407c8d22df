"""Every write on follows, notifications and preferences: keyword-only, transactional."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.db.models import BigIntegerField, CharField, DateTimeField, IntegerField, JSONField, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import ANONYMISED_DISPLAY_NAME, User
from cocite.core.errors import ActionError, PermissionDenied
from cocite.core.taskqueue import task_named
from cocite.demarches.models import Demarche, Phase

from . import emails, events, permissions, queries, targets
from .events import Event
from .kinds import NotificationKind
from .models import Follow, Notification, NotificationPreference, PhaseAnnouncement

logger = logging.getLogger(__name__)

# Digests claim this many people's notifications per transaction.
DIGEST_USERS_PER_BATCH = 200
# Digests leave out notifications older than this (e.g. after switching back from "never").
DIGEST_MAX_AGE = datetime.timedelta(days=30)
# notify_phase_changes announces a phase only if it began this recently (the first run stays quiet).
PHASE_ANNOUNCE_WINDOW_DAYS = 7
UPDATE_CHUNK = 500


# Follows


def follow_set(*, user: User, target: models.Model, following: bool) -> bool:
    """Idempotently follow or stop following `target`; returns whether anything changed.

    The caller fetched `target` through `queries.followable_get_for` (visibility checked).
    """
    if not permissions.can_follow(user):
        raise PermissionDenied(_("Connectez-vous pour suivre."), code="follow_forbidden")
    kind = targets.kind_of(target)
    if kind is None:
        raise ActionError(_("On ne peut pas suivre cet élément."), code="not_followable")
    content_type = targets.content_type_for(kind)
    if following:
        try:
            with transaction.atomic():
                Follow.objects.create(user_id=user.pk, content_type=content_type, object_id=target.pk)
        except IntegrityError:  # already followed (maybe by a concurrent request)
            return False
        return True
    deleted, _detail = Follow.objects.filter(user_id=user.pk, content_type=content_type, object_id=target.pk).delete()
    return deleted > 0


def unfollow(*, user: User, kind: str, object_id: int) -> bool:
    """Stop following, even something no longer visible or deleted (nothing to reveal: it is one's own row)."""
    if not targets.is_followable(kind) or not permissions.can_follow(user):
        return False
    deleted, _detail = Follow.objects.filter(
        user_id=user.pk, content_type=targets.content_type_for(kind), object_id=object_id
    ).delete()
    return deleted > 0


def follow_auto(*, user_id: int | None, target: models.Model) -> None:
    """Authors, supporters and commenters follow what they took part in (they may unfollow)."""
    kind = targets.kind_of(target)
    if not user_id or kind is None:
        return
    # Runs right after every new support: plain SQL (the same on SQLite and PostgreSQL), not
    # bulk_create, whose compilation cost more than the insert itself (`make bench`).
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{Follow._meta.db_table}" (user_id, content_type_id, object_id, created_at) '  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (user_id, content_type_id, object_id) DO NOTHING",
            [user_id, targets.content_type_for(kind).pk, target.pk, timezone.now()],
        )


def follows_delete_for(target: models.Model) -> None:
    kind = targets.kind_of(target)
    if kind is not None:
        Follow.objects.filter(content_type=targets.content_type_for(kind), object_id=target.pk).delete()


# Reading


def notification_mark_read(*, user: User, notification: Notification) -> None:
    if notification.recipient_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Cette notification ne vous est pas destinée."), code="not_yours")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)


def notifications_mark_all_read(*, user: User) -> int:
    """Marks what the person may see (the others stay as they were, out of sight and uncounted)."""
    unread = queries.visible_notifications(user).filter(read_at__isnull=True)
    return Notification.objects.filter(pk__in=unread.values("pk")).update(read_at=timezone.now())


# Preferences


def preference_set(*, user: User, frequency: str) -> NotificationPreference:
    if frequency not in NotificationPreference.EmailFrequency.values:
        raise ActionError(_("Choisissez une fréquence proposée."), code="frequency_invalid", field="email_frequency")
    preference, _created = NotificationPreference.objects.update_or_create(
        user_id=user.pk, defaults={"email_frequency": frequency}
    )
    return preference


def unsubscribe(*, token: str) -> Any:
    """The one-click unsubscribe: no more mails for the person named by the token. Idempotent."""
    user_id = emails.user_id_from_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id is not None else None
    if user is None:
        raise ActionError(_("Ce lien de désabonnement n'est pas valide."), code="token_invalid")
    preference_set(user=user, frequency=NotificationPreference.EmailFrequency.NEVER)
    return user


# Fan-out


def event_publish(event: Event) -> None:
    """Queue the fan-out (`tasks.fan_out`) once the current transaction commits (right away outside one)."""
    payload = event.as_json()
    transaction.on_commit(lambda: task_named("notifications.fan_out").enqueue(payload))


def notifications_deliver(*, event: Event) -> int:
    """Create the event's notifications for every follower who may see it, then send immediate mails.

    Set-based: INSERT … SELECT over the followers, so the number of queries does not depend
    on the number of followers; the unique (event_key, recipient) constraint deduplicates
    people reached through several targets and makes a retried task harmless.
    """
    demarche = Demarche.objects.filter(pk=event.demarche_id).first() if event.demarche_id else None
    if event.demarche_id and demarche is None:
        return 0
    if demarche is not None:
        event.payload.setdefault("demarche_title", demarche.title)
        if demarche.pseudonymous:
            # Internal démarches hide who wrote what: the sentence names nobody.
            event.payload["anonymous"] = True
    follows = Q()
    for content_type_id, ids in event.audiences:
        follows |= Q(content_type_id=content_type_id, object_id__in=ids)
    if not follows:
        return 0
    User = get_user_model()
    recipients = (
        User.objects.filter(permissions.viewers_of(demarche))
        .filter(pk__in=Follow.objects.filter(follows).values("user_id"))
        .exclude(pk__in=[pk for pk in [event.actor_id, *event.excluded_ids] if pk])
    )
    now = timezone.now()
    with transaction.atomic():
        for user_id, kind in event.priority:
            _insert(recipients.filter(pk=user_id), kind=kind, event=event, now=now, upgrade=event.upgrade)
        _insert(recipients, kind=event.kind, event=event, now=now, upgrade=event.upgrade)
    return email_immediately(event_key=event.key)


def _insert(recipients: QuerySet[Any], *, kind: str, event: Event, now: datetime.datetime, upgrade: bool) -> None:
    """INSERT INTO notification (…) SELECT … FROM user WHERE … ON CONFLICT …: one statement."""
    rows = (
        recipients.order_by()
        .annotate(
            n_kind=Value(kind, output_field=CharField()),
            n_actor=Value(event.actor_id, output_field=BigIntegerField()),
            n_target_type=Value(event.target_type_id, output_field=IntegerField()),
            n_target=Value(event.target_id, output_field=BigIntegerField()),
            n_demarche=Value(event.demarche_id, output_field=BigIntegerField()),
            n_payload=Value(event.payload, output_field=JSONField()),
            n_url=Value(event.url[:500], output_field=CharField()),
            n_key=Value(event.key, output_field=CharField()),
            n_created=Value(now, output_field=DateTimeField()),
        )
        .values_list(
            "pk", "n_kind", "n_actor", "n_target_type", "n_target", "n_demarche", "n_payload", "n_url", "n_key",
            "n_created",
        )
    )  # fmt: skip
    select_sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    fields = ["recipient", "kind", "actor", "target_type", "target_id", "demarche", "payload", "url", "event_key"]
    columns = [str(Notification._meta.get_field(name).column) for name in [*fields, "created_at"]]  # type: ignore[union-attr]
    conflict = f"ON CONFLICT ({quote('event_key')}, {quote('recipient_id')}) DO NOTHING"
    if upgrade:
        updated = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in ("kind", "actor_id", "payload", "url"))
        conflict = f"ON CONFLICT ({quote('event_key')}, {quote('recipient_id')}) DO UPDATE SET {updated}"
    sql = (
        f"INSERT INTO {quote(Notification._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"{select_sql} {conflict}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# Mails


def _claim(
    qs: QuerySet[Notification], now: datetime.datetime, *, people: Sequence[int] | None = None
) -> list[Notification]:
    """Lock and mark the rows as emailed in one transaction, before sending: never sent twice.

    With `people` (digests), each person is claimed whole: their user row is locked
    (FOR NO KEY UPDATE SKIP LOCKED, which does not hold up inserts of their notifications),
    so two overlapping runs never split one person's digest into two mails. Otherwise
    (immediate mails, one per notification) the notification rows themselves are locked,
    skipping those a concurrent run holds. SQLite has no row locks: it serialises writers.
    A crash after the commit and before the send loses those mails — preferred to
    sending twice; a send that fails releases its rows for the next run.
    """
    with transaction.atomic():
        if people is not None:
            claimed = list(
                get_user_model()
                .objects.filter(pk__in=people)
                .select_for_update(skip_locked=True, no_key=True)
                .values_list("pk", flat=True)
            )
            locked = qs.filter(recipient_id__in=claimed).select_for_update(of=("self",))
        else:
            locked = qs.select_for_update(skip_locked=True, of=("self",))
        rows = list(
            locked.select_related("recipient", "actor", "demarche").order_by("recipient_id", "-created_at", "-pk")
        )
        ids = [row.pk for row in rows]
        for start in range(0, len(ids), UPDATE_CHUNK):
            Notification.objects.filter(pk__in=ids[start : start + UPDATE_CHUNK]).update(emailed_at=now)
    return rows


def _still_visible(rows: list[Notification]) -> list[Notification]:
    """The claimed rows whose recipient may still see them (send time). The others stay claimed:
    never mailed, even if the person may see them again later (see queries.visibility_filter)."""
    visible = queries.still_visible(rows)
    return [row for row in rows if row.pk in visible]


def _release(ids: Sequence[int]) -> None:
    for start in range(0, len(ids), UPDATE_CHUNK):
        Notification.objects.filter(pk__in=ids[start : start + UPDATE_CHUNK]).update(emailed_at=None)


def email_immediately(*, event_key: str) -> int:
    """Mail people who asked for immediate mails about this event; returns the number of mails sent."""
    qs = Notification.objects.filter(event_key=event_key, emailed_at__isnull=True, read_at__isnull=True).filter(
        queries.mailable_recipients(NotificationPreference.EmailFrequency.IMMEDIATE)
    )
    rows = _still_visible(_claim(qs, timezone.now()))
    if not rows:
        return 0
    outgoing = [emails.Outgoing(emails.immediate_message(row), [row.pk]) for row in rows]
    sent, failed = emails.send_all(outgoing)
    _release(failed)
    return sent


@dataclass
class DigestReport:
    mails: int = 0
    notifications: int = 0
    # Claimed but not mailed: the person may no longer see them.
    hidden: int = 0
    failed_people: list[int] = field(default_factory=list)


def digests_send(*, frequency: str, now: datetime.datetime | None = None) -> DigestReport:
    """One mail per person with every unread, unsent notification they may still see, by démarche. Idempotent.

    Meant for cron (`manage.py send_digests --frequency daily|weekly`): people are taken in
    batches; each batch's rows are claimed (marked) in a transaction, then mailed.
    """
    if frequency not in (NotificationPreference.EmailFrequency.DAILY, NotificationPreference.EmailFrequency.WEEKLY):
        raise ActionError(_("Fréquence de résumé inconnue."), code="frequency_invalid")
    now = now or timezone.now()
    eligible = Notification.objects.filter(
        emailed_at__isnull=True, read_at__isnull=True, created_at__lte=now, created_at__gte=now - DIGEST_MAX_AGE
    ).filter(queries.mailable_recipients(frequency))
    report = DigestReport()
    after = 0
    while True:
        people = list(
            eligible.filter(recipient_id__gt=after)
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:DIGEST_USERS_PER_BATCH]
        )
        if not people:
            return report
        after = people[-1]
        claimed = _claim(eligible, now, people=people)
        rows = _still_visible(claimed)
        report.hidden += len(claimed) - len(rows)
        outgoing = [
            emails.Outgoing(emails.digest_message(group[0].recipient, group, frequency), [n.pk for n in group])
            for _recipient_id, group in emails.by_recipient(rows)
        ]
        sent, failed = emails.send_all(outgoing)
        _release(failed)
        report.mails += sent
        report.notifications += len(rows) - len(failed)
        failed_ids = set(failed)
        report.failed_people += sorted({row.recipient_id for row in rows if row.pk in failed_ids})


# Phases


def phase_announce(*, demarche: Any, phase: Any, notify: bool = True) -> bool:
    """Record that `phase` of `demarche` was announced, and tell followers once. Returns whether it was new."""
    with transaction.atomic():
        _announcement, created = PhaseAnnouncement.objects.get_or_create(
            demarche_id=demarche.pk, phase_id=phase.pk, defaults={"notified": notify}
        )
    if created and notify:
        event_publish(events.phase_changed(demarche, phase))
    return created


def phase_changes_announce(*, today: datetime.date | None = None) -> list[tuple[Any, Any]]:
    """Announce every published démarche's current phase not announced yet (cron, idempotent).

    A phase that began more than PHASE_ANNOUNCE_WINDOW_DAYS ago is recorded without
    notifying, so installing the command does not flood people with old news.
    """
    today = today or timezone.localdate()
    demarches = list(
        Demarche.objects.filter(status=Demarche.Status.PUBLISHED)
        .select_related("phase_override")
        .prefetch_related(models.Prefetch("phases", queryset=Phase.objects.order_by("position", "starts_on")))
    )
    announced = set(PhaseAnnouncement.objects.values_list("demarche_id", "phase_id"))
    changes = []
    for demarche in demarches:
        phase = demarche.current_phase(today)
        if phase is None or (demarche.pk, phase.pk) in announced:
            continue
        recent = demarche.phase_override_id is not None or (
            (today - phase.starts_on).days <= PHASE_ANNOUNCE_WINDOW_DAYS
        )
        if phase_announce(demarche=demarche, phase=phase, notify=recent) and recent:
            changes.append((demarche, phase))
    return changes


@transaction.atomic
def forget_person(user: User) -> None:
    """Account deletion: follows, notifications and the email preference are only personal.

    Other people's notifications about this person's actions keep existing, but the pseudonym
    snapshotted in them becomes « Compte supprimé ».
    """
    Follow.objects.filter(user_id=user.pk).delete()
    Notification.objects.filter(recipient_id=user.pk).delete()
    NotificationPreference.objects.filter(user_id=user.pk).delete()
    last_pk = 0
    while True:  # in batches of 500, by primary key (no write while a cursor is open)
        chunk = list(
            Notification.objects.filter(actor_id=user.pk, pk__gt=last_pk).order_by("pk").only("pk", "payload")[:500]
        )
        if not chunk:
            break
        last_pk = chunk[-1].pk
        renamed = [n for n in chunk if isinstance(n.payload, dict) and "actor_name" in n.payload]
        for notification in renamed:
            notification.payload["actor_name"] = ANONYMISED_DISPLAY_NAME
        Notification.objects.bulk_update(renamed, ["payload"])


MODERATION_KINDS = {
    "action_masquer": NotificationKind.MODERATION_HIDDEN,
    "action_avertir": NotificationKind.MODERATION_WARNING,
    "action_suspendre": NotificationKind.MODERATION_SUSPENSION,
    "action_bannir": NotificationKind.MODERATION_BAN,
    "recours_rejete": NotificationKind.MODERATION_APPEAL,
    "recours_accepte": NotificationKind.MODERATION_APPEAL,
    "action_valider": NotificationKind.MODERATION_APPROVED,
    "action_refuser": NotificationKind.MODERATION_REFUSED,
    "action_retablir": NotificationKind.MODERATION_RESTORED,
    "action_lever": NotificationKind.MODERATION_LIFTED,
}


def moderation_notify(*, action: Any, url: str, until: datetime.datetime | None = None) -> Notification | None:
    """Tell the person concerned by a moderation action (cocite.moderation.signals.person_told):
    what was decided and why — never who flagged it. One notification per action."""
    kind = MODERATION_KINDS.get(action.action)
    if kind is None or action.subject_id is None:
        return None
    payload = {
        "action": action.action,
        "reason": action.reason,
        "note": action.note,
        "until": until.isoformat() if until is not None else "",
    }
    notification, _created = Notification.objects.get_or_create(
        event_key=f"moderation:{action.pk}",
        recipient_id=action.subject_id,
        defaults={
            "kind": kind,
            "target_type": ContentType.objects.get_for_model(type(action)),
            "target_id": action.pk,
            "payload": payload,
            "url": url or reverse("spaces:mine"),
        },
    )
    return notification
