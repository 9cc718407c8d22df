"""Every write of moderation: keyword-only, transactional, checked again here (not only in views)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.core import ratelimit
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.core.validators import strip_direction_controls

from . import permissions, queries, sanctions
from .models import Appeal, Flag, ModerationAction, Sanction
from .reasons import Reason
from .registry import Moderated, registry
from .signals import person_told

MAX_SUSPENSION_DAYS = 365
# The actions that leave an object hidden with a reason (an appeal contests the latest).
HIDING_ACTIONS = [ModerationAction.Kind.HIDE, ModerationAction.Kind.REFUSE]


def _spec(kind: str) -> Moderated:
    spec = registry.get(kind)
    if spec is None:
        raise ActionError(_("Ce type de contenu ne peut pas être modéré."), code="unknown_kind")
    return spec


def _reason(reason: str) -> str:
    if reason not in Reason.values:
        raise ActionError(_("Choisissez un motif de la charte."), code="invalid_reason", field="reason")
    return reason


def _tell(action: ModerationAction, url: str, until: datetime.datetime | None = None) -> None:
    if action.subject_id is not None:
        transaction.on_commit(lambda: person_told.send(sender=ModerationAction, action=action, url=url, until=until))


def _must_moderate(actor: User) -> None:
    if not permissions.can_moderate(actor):
        raise PermissionDenied(_("Seuls les modérateur·rices peuvent faire cela."), code="not_moderator")


def flag_submit(*, user: User, kind: str, object_id: int, reason: str, text: str = "") -> Flag:
    """« Signaler »: one flag per person per object (a unique constraint), rate-limited."""
    spec = _spec(kind)
    obj = spec.objects([object_id]).get(object_id)
    if obj is None or not spec.can_view(user, obj):
        raise PermissionDenied(_("Ce contenu n’existe pas ou ne vous est pas visible."), code="not_visible")
    if permissions.is_author(user, spec, obj):
        raise PermissionDenied(_("Vous ne pouvez pas signaler votre propre contenu."), code="own_content")
    if not permissions.can_flag(user, spec, obj):
        raise PermissionDenied(_("Ce contenu ne peut pas être signalé."), code="cannot_flag")
    sanctions.refuse_if_blocked(user)
    reason = _reason(reason)
    text = text.strip()
    if reason == Reason.OTHER and not text:
        raise ActionError(_("Précisez ce qui pose problème."), code="text_required", field="text")
    ratelimit.enforce(
        "flag", user.pk, _("Vous avez fait beaucoup de signalements en peu de temps. Réessayez à partir de %(moment)s.")
    )
    already = _("Vous avez déjà signalé ce contenu : la modération l’examinera.")
    if Flag.objects.filter(kind=kind, object_id=object_id, reporter=user).exists():
        raise Conflict(already, code="already_flagged")
    try:
        with transaction.atomic():
            return Flag.objects.create(kind=kind, object_id=object_id, reporter=user, reason=reason, text=text)
    except IntegrityError as error:  # a second request of the same person, at the same moment
        raise Conflict(already, code="already_flagged") from error


def _first_flag(kind: str, object_id: int) -> datetime.datetime | None:
    found: datetime.datetime | None = Flag.objects.filter(
        kind=kind, object_id=object_id, state=Flag.State.OPEN
    ).aggregate(first=Min("created_at"))["first"]
    return found


def _locked_visible(spec: Moderated, actor: User, object_id: int) -> Any | None:
    """The object's row locked, if it exists; a moderator acts only on what they may see."""
    obj = spec.locked(object_id)
    if obj is not None and not spec.can_view(actor, obj):
        raise PermissionDenied(_("Ce contenu n’existe pas ou ne vous est pas visible."), code="not_visible")
    return obj


def _close_flags(kind: str, object_id: int, state: str) -> None:
    Flag.objects.filter(kind=kind, object_id=object_id, state=Flag.State.OPEN).update(
        state=state, resolved_at=timezone.now()
    )


def _record(
    spec: Moderated,
    obj: Any,
    *,
    action: str,
    actor: User,
    reason: str = "",
    note: str = "",
    since: datetime.datetime | None = None,
    original: dict[str, str] | None = None,
) -> ModerationAction:
    """The log's line of one moderation action on one object (who, when, what, why; the author as subject)."""
    return ModerationAction.objects.create(
        action=action,
        kind=spec.kind,
        object_id=obj.pk,
        actor=actor,
        subject_id=spec.author_id(obj),
        reason=reason,
        # The queue posts its notes without a form: what a form field would drop is dropped here
        # (a NUL byte, which PostgreSQL refuses in text; direction controls).
        note=strip_direction_controls(note.replace("\x00", "")).strip(),
        first_flagged_at=since,
        original=original or {},
    )


@transaction.atomic
def items_keep(*, actor: User, kind: str, object_ids: Sequence[int], note: str = "") -> list[ModerationAction]:
    """Keep these objects as they are: their open flags are dismissed."""
    _must_moderate(actor)
    spec = _spec(kind)
    done = []
    for object_id in object_ids:
        obj = _locked_visible(spec, actor, object_id)
        if obj is None:
            continue
        first = _first_flag(kind, object_id)
        action = _record(spec, obj, action=ModerationAction.Kind.KEEP, actor=actor, note=note, since=first)
        _close_flags(kind, object_id, Flag.State.KEPT)
        done.append(action)
    return done


@transaction.atomic
def items_hide(
    *, actor: User, kind: str, object_ids: Sequence[int], reason: str, note: str = ""
) -> list[ModerationAction]:
    """Hide these objects with a reason of the charter: they stay in place as tombstones."""
    _must_moderate(actor)
    spec = _spec(kind)
    reason = _reason(reason)
    done = []
    for object_id in object_ids:
        obj = _locked_visible(spec, actor, object_id)
        if obj is None or spec.hidden(obj):
            continue
        first = _first_flag(kind, object_id)
        spec.hide(obj, reason, actor)
        action = _record(
            spec, obj, action=ModerationAction.Kind.HIDE, actor=actor, reason=reason, note=note, since=first
        )
        _close_flags(kind, object_id, Flag.State.HIDDEN)
        # The notification leads to the appeal page: the reason, the content's link, the appeal form.
        _tell(action, reverse("moderation:appeal", kwargs={"kind": kind, "pk": object_id}))
        done.append(action)
    return done


def _waiting_since(obj: Any) -> datetime.datetime | None:
    """When a pending item began to wait (the charter's delay runs from then)."""
    since: datetime.datetime | None = getattr(obj, "masked_at", None) or getattr(obj, "created_at", None)
    return since


@transaction.atomic
def items_approve(*, actor: User, kind: str, object_ids: Sequence[int], note: str = "") -> list[ModerationAction]:
    """Pre-moderation: make these pending items public; what waited (followers' notifications) is
    sent now, and the author is told."""
    _must_moderate(actor)
    spec = _spec(kind)
    done = []
    for object_id in object_ids:
        obj = _locked_visible(spec, actor, object_id)
        if obj is None or not spec.pending(obj):
            continue
        waiting_since = _waiting_since(obj)
        spec.approve_pending(obj, actor)
        action = _record(spec, obj, action=ModerationAction.Kind.APPROVE, actor=actor, note=note, since=waiting_since)
        _tell(action, spec.url(obj))
        done.append(action)
    return done


@transaction.atomic
def items_refuse(
    *, actor: User, kind: str, object_ids: Sequence[int], reason: str, note: str = ""
) -> list[ModerationAction]:
    """Pre-moderation: refuse these pending items with a reason of the charter; they stay unpublished
    as tombstones with that reason, and the author is told (and may contest, once)."""
    _must_moderate(actor)
    spec = _spec(kind)
    reason = _reason(reason)
    done = []
    for object_id in object_ids:
        obj = _locked_visible(spec, actor, object_id)
        if obj is None or not spec.pending(obj):
            continue
        waiting_since = _waiting_since(obj)
        spec.refuse_pending(obj, reason, actor)
        action = _record(
            spec, obj, action=ModerationAction.Kind.REFUSE, actor=actor, reason=reason, note=note, since=waiting_since
        )
        _close_flags(kind, object_id, Flag.State.HIDDEN)
        _tell(action, reverse("moderation:appeal", kwargs={"kind": kind, "pk": object_id}))
        done.append(action)
    return done


@transaction.atomic
def item_redact(*, actor: User, kind: str, object_id: int, texts: dict[str, str], note: str = "") -> ModerationAction:
    """Edit personal data out of an object's text; the original is kept in the log, for moderators."""
    _must_moderate(actor)
    spec = _spec(kind)
    obj = _locked_visible(spec, actor, object_id)
    if obj is None:
        raise ActionError(_("Ce contenu n’existe plus."), code="gone")
    changed = {name: value.strip() for name, value in texts.items() if name in spec.text_fields}
    if not changed or any(not value for value in changed.values()):
        raise ActionError(_("Le texte corrigé ne peut pas être vide."), code="empty_text")
    original = {name: getattr(obj, name) for name in changed}
    if original == changed:
        raise ActionError(_("Le texte n’a pas été modifié."), code="unchanged")
    first = _first_flag(kind, object_id)
    spec.redact(obj, changed)
    action = _record(
        spec,
        obj,
        action=ModerationAction.Kind.REDACT,
        actor=actor,
        reason=Reason.PERSONAL_DATA,
        note=note,
        since=first,
        original=original,
    )
    _close_flags(kind, object_id, Flag.State.KEPT)
    return action


SANCTION_ACTIONS: dict[str, str] = {
    Sanction.Kind.WARNING: ModerationAction.Kind.WARN,
    Sanction.Kind.SUSPENSION: ModerationAction.Kind.SUSPEND,
    Sanction.Kind.BAN: ModerationAction.Kind.BAN,
}


@transaction.atomic
def person_sanction(
    *,
    actor: User,
    user: User,
    kind: str,
    reason: str,
    note: str = "",
    days: int | None = None,
    about: tuple[str, int] | None = None,
) -> Sanction:
    """Warn, suspend for `days` days, or ban a person; they are told, with the reason."""
    _must_moderate(actor)
    if kind not in SANCTION_ACTIONS:
        raise ActionError(_("Sanction inconnue."), code="invalid_sanction")
    if user.pk == actor.pk:
        raise PermissionDenied(_("Vous ne pouvez pas vous sanctionner vous-même."), code="self_sanction")
    if permissions.can_moderate(user) and kind != Sanction.Kind.WARNING:
        raise PermissionDenied(
            _("Un·e modérateur·rice ne peut être suspendu·e ou exclu·e que par un·e administrateur·rice."),
            code="moderator_sanction",
        )
    reason = _reason(reason)
    until = None
    if kind == Sanction.Kind.SUSPENSION:
        if days is None or not 1 <= days <= MAX_SUSPENSION_DAYS:
            raise ActionError(
                _("Indiquez une durée de suspension entre 1 et %(max)s jours.") % {"max": MAX_SUSPENSION_DAYS},
                code="invalid_days",
                field="days",
            )
        until = timezone.now() + datetime.timedelta(days=days)
    action = ModerationAction.objects.create(
        action=SANCTION_ACTIONS[kind],
        kind=about[0] if about else "",
        object_id=about[1] if about else None,
        actor=actor,
        subject=user,
        reason=reason,
        note=note.strip(),
    )
    sanction = Sanction.objects.create(
        user=user, kind=kind, until=until, reason=reason, note=note.strip(), action=action
    )
    sanctions.forget_cached_block(user)
    _tell(action, "", until)
    return sanction


@transaction.atomic
def item_restore(*, actor: User, kind: str, object_id: int, note: str) -> ModerationAction:
    """A moderator restores a hidden item outside an appeal (a mistake, a context learnt later): with
    a reason the author receives; a pending appeal on it is closed as restored."""
    _must_moderate(actor)
    spec = _spec(kind)
    note = note.strip()
    if not note:
        raise ActionError(_("Expliquez pourquoi ce contenu est rétabli : l’auteur·rice le lira."), code="note_required")
    obj = _locked_visible(spec, actor, object_id)
    if obj is None:
        raise ActionError(_("Ce contenu n’existe plus."), code="gone")
    if not spec.hidden(obj) or spec.pending(obj):
        raise Conflict(_("Ce contenu n’est pas masqué : il n’y a rien à rétablir."), code="not_hidden")
    reason = spec.reason_of(obj)
    spec.restore(obj, actor)
    action = _record(
        spec,
        obj,
        action=ModerationAction.Kind.RESTORE,
        actor=actor,
        reason=reason if reason in Reason.values else "",
        note=note,
    )
    Appeal.objects.filter(kind=kind, object_id=object_id, outcome=Appeal.Outcome.PENDING).update(
        outcome=Appeal.Outcome.RESTORED, decided_by=actor, decided_at=timezone.now(), decision_note=note
    )
    _tell(action, spec.url(obj))
    return action


@transaction.atomic
def sanction_lift(*, actor: User, user: User, note: str) -> ModerationAction:
    """Lift a person's running suspension or ban early, with a reason: logged, and the person is told."""
    _must_moderate(actor)
    if user.pk == actor.pk:
        raise PermissionDenied(_("Vous ne pouvez pas lever votre propre sanction."), code="self_sanction")
    note = note.strip()
    if not note:
        raise ActionError(
            _("Expliquez pourquoi la sanction est levée : la personne le lira."), code="note_required", field="note"
        )
    # The person's row locked: two moderators lifting at once write one lift.
    User.objects.select_for_update().filter(pk=user.pk).first()
    running = queries.active_sanctions(user)
    if not running:
        raise Conflict(_("Cette personne n’a ni suspension en cours ni exclusion."), code="no_active_sanction")
    Sanction.objects.filter(pk__in=[row.pk for row in running]).update(lifted_at=timezone.now())
    action = ModerationAction.objects.create(
        action=ModerationAction.Kind.LIFT, actor=actor, subject=user, reason=running[0].reason, note=note
    )
    sanctions.forget_cached_block(user)
    _tell(action, "")
    return action


def appeal_submit(*, user: User, kind: str, object_id: int, text: str) -> Appeal:
    """The author contests the hiding of their object, once, with a text."""
    spec = _spec(kind)
    text = text.strip()
    if not text:
        raise ActionError(_("Expliquez pourquoi vous contestez ce masquage."), code="text_required", field="text")
    ratelimit.enforce(
        "flag", user.pk, _("Vous avez fait beaucoup de demandes en peu de temps. Réessayez à partir de %(moment)s.")
    )
    already = _("Vous avez déjà contesté ce masquage : un·e autre modérateur·rice l’examine ou l’a examiné.")
    try:
        with transaction.atomic():
            obj = spec.locked(object_id)
            if obj is None or not permissions.can_appeal(user, spec, obj):
                raise PermissionDenied(
                    _("Seul·e l’auteur·rice d’un contenu masqué peut contester son masquage."), code="cannot_appeal"
                )
            hide = (
                ModerationAction.objects.filter(
                    kind=kind,
                    object_id=object_id,
                    action__in=[ModerationAction.Kind.HIDE, ModerationAction.Kind.REFUSE],
                )
                .order_by("-created_at", "-pk")
                .first()
            )
            if hide is None:
                raise PermissionDenied(_("Ce contenu n’a pas été masqué par la modération."), code="not_hidden")
            if Appeal.objects.filter(kind=kind, object_id=object_id).exists():
                raise Conflict(already, code="already_appealed")
            return Appeal.objects.create(kind=kind, object_id=object_id, author=user, hide=hide, text=text)
    except IntegrityError as error:
        raise Conflict(already, code="already_appealed") from error


@transaction.atomic
def appeal_decide(*, actor: User, appeal_id: int, restore: bool, note: str) -> ModerationAction:
    """Another moderator than the one who hid the object decides: keep it hidden, or restore it."""
    _must_moderate(actor)
    appeal = Appeal.objects.select_for_update().filter(pk=appeal_id).first()
    if appeal is None:
        raise ActionError(_("Ce recours n’existe pas."), code="gone")
    if appeal.outcome != Appeal.Outcome.PENDING:
        raise Conflict(_("Ce recours a déjà été tranché."), code="already_decided")
    hide = ModerationAction.objects.get(pk=appeal.hide_id)
    if not permissions.can_decide_appeal(actor, hide.actor_id):
        raise PermissionDenied(
            _("Un recours est tranché par un·e autre modérateur·rice que celui ou celle qui a masqué le contenu."),
            code="same_moderator",
        )
    note = note.strip()
    if not note:
        raise ActionError(_("Expliquez votre décision : l’auteur·rice la recevra."), code="note_required", field="note")
    spec = _spec(appeal.kind)
    obj = _locked_visible(spec, actor, appeal.object_id)
    if obj is None:
        raise ActionError(_("Ce contenu n’existe plus."), code="gone")
    if restore and spec.hidden(obj):
        spec.restore(obj, actor)
    action = ModerationAction.objects.create(
        action=ModerationAction.Kind.APPEAL_RESTORED if restore else ModerationAction.Kind.APPEAL_KEPT,
        kind=appeal.kind,
        object_id=appeal.object_id,
        actor=actor,
        subject_id=appeal.author_id,
        reason=hide.reason,
        note=note,
    )
    appeal.outcome = Appeal.Outcome.RESTORED if restore else Appeal.Outcome.KEPT
    appeal.decided_by = actor
    appeal.decided_at = timezone.now()
    appeal.decision_note = note
    appeal.save(update_fields=["outcome", "decided_by", "decided_at", "decision_note"])
    _tell(action, spec.url(obj))
    return action
