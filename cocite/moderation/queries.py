"""Reads of moderation: what may be flagged, the queue, an object's moderation state, the public report."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer
from cocite.core.personal_data import rows

from . import permissions
from .models import Appeal, Flag, ModerationAction, Sanction
from .reasons import PENDING, Reason, delay_hours
from .registry import Moderated, registry
from .words import matches_in, word_rows

QUEUE_SIZE = 50
APPEALS_SIZE = 50
HISTORY_SIZE = 5


def moderated_get_for(user: Viewer, kind: str, pk: int) -> tuple[Moderated, Any]:
    """A registered object this person may see, or 404 (unknown kind, gone, or hidden from them)."""
    spec = registry.get(kind)
    if spec is None:
        raise Http404
    obj = spec.objects([pk]).get(pk)
    if obj is None or not spec.can_view(user, obj):
        raise Http404
    return spec, obj


def notified_actions(viewer: Viewer) -> QuerySet[ModerationAction]:
    """The moderation actions a notification may show this person: those concerning them."""
    if not viewer.is_authenticated:
        return ModerationAction.objects.none()
    return ModerationAction.objects.filter(subject_id=viewer.pk)


def has_flagged(user: Viewer, kind: str, pk: int) -> bool:
    return bool(user.is_authenticated and Flag.objects.filter(kind=kind, object_id=pk, reporter_id=user.pk).exists())


def last_hide(kind: str, pk: int) -> ModerationAction | None:
    """The moderation action that hid this object last (its reason and moderator)."""
    return (
        ModerationAction.objects.filter(
            kind=kind, object_id=pk, action__in=[ModerationAction.Kind.HIDE, ModerationAction.Kind.REFUSE]
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def appeal_of(kind: str, pk: int) -> Appeal | None:
    return Appeal.objects.filter(kind=kind, object_id=pk).first()


def active_sanctions(user: User) -> list[Sanction]:
    """The person's suspensions still running and bans not lifted (what `sanction_lift` lifts)."""
    rows = Sanction.objects.filter(
        user=user, kind__in=[Sanction.Kind.SUSPENSION, Sanction.Kind.BAN], lifted_at__isnull=True
    )
    now = timezone.now()
    return [row for row in rows if row.kind == Sanction.Kind.BAN or (row.until is not None and row.until > now)]


# ---------------------------------------------------------------------------
# The queue
# ---------------------------------------------------------------------------


@dataclass
class QueueEntry:
    spec: Moderated
    obj: Any
    count: int
    first_at: datetime.datetime
    flags: list[Flag] = field(default_factory=list)
    author: User | None = None
    history: list[ModerationAction] = field(default_factory=list)
    redactions: list[ModerationAction] = field(default_factory=list)
    # Pre-moderation: the words of the commune's list that held the item back.
    triggers: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.spec.kind}:{self.obj.pk}"

    @property
    def excerpt(self) -> str:
        return self.spec.excerpt(self.obj)

    @property
    def url(self) -> str:
        return self.spec.url(self.obj)

    @property
    def text_fields(self) -> dict[str, str]:
        return {name: getattr(self.obj, name) for name in self.spec.text_fields}


def queue(user: Viewer) -> list[QueueEntry]:
    """Flagged objects still to examine, the most flagged first, then the oldest: a bounded number
    of queries (the groups, one per kind for the objects, the flags, the authors and their history)."""
    if not permissions.can_moderate(user):
        return []
    groups = list(
        Flag.objects.filter(state=Flag.State.OPEN)
        .values("kind", "object_id")
        .annotate(count=Count("pk"), first_at=Min("created_at"))
        .order_by("-count", "first_at", "kind", "object_id")[:QUEUE_SIZE]
    )
    by_kind: dict[str, list[int]] = defaultdict(list)
    for group in groups:
        by_kind[group["kind"]].append(group["object_id"])
    objects: dict[tuple[str, int], Any] = {}
    specs: dict[str, Moderated] = {}
    for kind, ids in by_kind.items():
        spec = registry.get(kind)
        if spec is None:
            continue
        specs[kind] = spec
        # A moderator moderates what they may see: a restricted démarche's items stay out of their queue.
        visible = spec.visible_among(user, ids)
        for pk, obj in spec.objects([pk for pk in ids if pk in visible]).items():
            objects[(kind, pk)] = obj
    entries = [
        QueueEntry(
            spec=specs[g["kind"]], obj=objects[(g["kind"], g["object_id"])], count=g["count"], first_at=g["first_at"]
        )
        for g in groups
        if (g["kind"], g["object_id"]) in objects
    ]
    if not entries:
        return []
    condition = Q()
    for kind, ids in by_kind.items():
        condition |= Q(kind=kind, object_id__in=ids)
    flags: dict[tuple[str, int], list[Flag]] = defaultdict(list)
    for flag in Flag.objects.filter(condition, state=Flag.State.OPEN).order_by("created_at", "pk"):
        flags[(flag.kind, flag.object_id)].append(flag)
    author_ids = {a for e in entries if (a := e.spec.author_id(e.obj)) is not None}
    authors = User.objects.in_bulk(list(author_ids))
    history = author_history(author_ids)
    for entry in entries:
        entry.flags = flags[(entry.spec.kind, entry.obj.pk)]
        author_id = entry.spec.author_id(entry.obj)
        entry.author = authors.get(author_id) if author_id is not None else None
        entry.history = history.get(author_id, []) if author_id is not None else []
    return entries


def pending_queue(user: Viewer) -> list[QueueEntry]:
    """« À valider »: the items waiting for a moderator's approval that this moderator may see, the
    oldest first (per kind: the ids, what the moderator may see, the objects; then the authors)."""
    if not permissions.can_moderate(user):
        return []
    entries: list[QueueEntry] = []
    for spec in registry.all():
        ids = spec.pending_pks()
        if not ids:
            continue
        visible = spec.visible_among(user, ids)
        for obj in spec.objects([pk for pk in ids if pk in visible]).values():
            # Since when it waits: held back at its submission or at an edit (statements: their submission).
            at: datetime.datetime = getattr(obj, "masked_at", None) or obj.created_at
            entries.append(QueueEntry(spec=spec, obj=obj, count=0, first_at=at))
    entries.sort(key=lambda entry: (entry.first_at, entry.spec.kind, entry.obj.pk))
    entries = entries[:QUEUE_SIZE]
    if not entries:
        return []
    rows = word_rows()  # which words of the commune's list held each item back
    for entry in entries:
        entry.triggers = matches_in(entry.text_fields.values(), rows) if rows else []
    author_ids = {a for e in entries if (a := e.spec.author_id(e.obj)) is not None}
    authors = User.objects.in_bulk(list(author_ids))
    for entry in entries:
        author_id = entry.spec.author_id(entry.obj)
        entry.author = authors.get(author_id) if author_id is not None else None
    return entries


def author_history(author_ids: set[int]) -> dict[int, list[ModerationAction]]:
    """The last hides and sanctions of each of these people (one query)."""
    if not author_ids:
        return {}
    wanted = [
        ModerationAction.Kind.HIDE,
        ModerationAction.Kind.REFUSE,
        ModerationAction.Kind.REDACT,
        ModerationAction.Kind.WARN,
        ModerationAction.Kind.SUSPEND,
        ModerationAction.Kind.BAN,
    ]
    found: dict[int, list[ModerationAction]] = defaultdict(list)
    for action in ModerationAction.objects.filter(subject_id__in=list(author_ids), action__in=wanted).order_by(
        "-created_at", "-pk"
    ):
        assert action.subject_id is not None
        if len(found[action.subject_id]) < HISTORY_SIZE:
            found[action.subject_id].append(action)
    return dict(found)


@dataclass
class AppealEntry:
    appeal: Appeal
    spec: Moderated
    obj: Any
    can_decide: bool

    @property
    def excerpt(self) -> str:
        return self.spec.excerpt(self.obj)

    @property
    def url(self) -> str:
        return self.spec.url(self.obj)


def pending_appeals(user: Viewer) -> list[AppealEntry]:
    """Appeals waiting for a decision, oldest first, with whether this moderator may decide each."""
    if not permissions.can_moderate(user):
        return []
    appeals = list(
        Appeal.objects.filter(outcome=Appeal.Outcome.PENDING)
        .select_related("hide")
        .order_by("created_at", "pk")[:APPEALS_SIZE]
    )
    by_kind: dict[str, list[int]] = defaultdict(list)
    for appeal in appeals:
        by_kind[appeal.kind].append(appeal.object_id)
    objects: dict[tuple[str, int], Any] = {}
    for kind, ids in by_kind.items():
        spec = registry.get(kind)
        if spec is not None:
            visible = spec.visible_among(user, ids)
            objects.update({(kind, pk): obj for pk, obj in spec.objects([i for i in ids if i in visible]).items()})
    entries = []
    for appeal in appeals:
        spec = registry.get(appeal.kind)
        obj = objects.get((appeal.kind, appeal.object_id))
        if spec is None or obj is None:
            continue
        entries.append(
            AppealEntry(
                appeal=appeal,
                spec=spec,
                obj=obj,
                can_decide=permissions.can_decide_appeal(user, appeal.hide.actor_id),
            )
        )
    return entries


def appeal_get_for(user: Viewer, pk: int) -> tuple[Appeal, Moderated, Any]:
    """A pending appeal a moderator may see, or 404."""
    if not permissions.can_moderate(user):
        raise Http404
    appeal = Appeal.objects.select_related("hide").filter(pk=pk).first()
    spec = registry.get(appeal.kind) if appeal is not None else None
    if appeal is None or spec is None:
        raise Http404
    obj = spec.objects([appeal.object_id]).get(appeal.object_id)
    if obj is None or not spec.can_view(user, obj):
        raise Http404
    return appeal, spec, obj


def _visible_count(user: Viewer, by_kind: dict[str, list[int]]) -> int:
    """How many of these (kind, ids) this moderator may see: one query per kind, as in the queue."""
    total = 0
    for kind, ids in by_kind.items():
        spec = registry.get(kind)
        if spec is not None and ids:
            total += len(spec.visible_among(user, ids))
    return total


def waiting_counts(user: Viewer) -> dict[str, int]:
    """What waits for this moderator in « Mon espace »: flagged items, items to approve and appeals,
    counted among what they may see, so each number matches the queue it links to."""
    if not permissions.can_moderate(user):
        return {"items": 0, "pending": 0, "appeals": 0}
    flagged: dict[str, list[int]] = defaultdict(list)
    for kind, object_id in Flag.objects.filter(state=Flag.State.OPEN).values_list("kind", "object_id").distinct():
        flagged[kind].append(object_id)
    appealed: dict[str, list[int]] = defaultdict(list)
    for kind, object_id in Appeal.objects.filter(outcome=Appeal.Outcome.PENDING).values_list("kind", "object_id"):
        appealed[kind].append(object_id)
    pending = {spec.kind: spec.pending_pks() for spec in registry.all()}
    return {
        "items": _visible_count(user, flagged),
        "pending": _visible_count(user, pending),
        "appeals": _visible_count(user, appealed),
    }


def redactions_of(kind: str, pk: int) -> list[ModerationAction]:
    return list(
        ModerationAction.objects.filter(kind=kind, object_id=pk, action=ModerationAction.Kind.REDACT).order_by(
            "-created_at", "-pk"
        )
    )


# ---------------------------------------------------------------------------
# The public report: figures only, no person, no object
# ---------------------------------------------------------------------------


@dataclass
class MonthRow:
    month: datetime.date
    flags: int = 0
    hidden: int = 0
    appeals: int = 0
    restored: int = 0


@dataclass
class PublicReport:
    months: list[MonthRow]
    hidden_by_reason: list[tuple[str, int]]
    appeals: dict[str, int]
    median_delay_hours: float | None
    decisions_timed: int


def _month(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def public_report() -> PublicReport:
    """Counts per month, hidden items by reason, appeals' outcomes and the median delay between an
    object's first flag and the decision on it (five aggregate queries)."""
    months: dict[datetime.date, MonthRow] = {}

    def row(month: Any) -> MonthRow:
        key = _month(month)
        return months.setdefault(key, MonthRow(month=key))

    per_month = TruncMonth("created_at")
    for item in Flag.objects.annotate(m=per_month).values("m").annotate(n=Count("pk")).order_by():
        row(item["m"]).flags = item["n"]
    # Hidden items: those hidden after a flag and those refused before publication (pre-moderation), which
    # stay in place as tombstones with a reason of the charter alike.
    hides = ModerationAction.objects.filter(action__in=[ModerationAction.Kind.HIDE, ModerationAction.Kind.REFUSE])
    for item in hides.annotate(m=per_month).values("m").annotate(n=Count("pk")).order_by():
        row(item["m"]).hidden = item["n"]
    for item in (
        Appeal.objects.annotate(m=per_month)
        .values("m")
        .annotate(n=Count("pk"), restored=Count("pk", filter=Q(outcome=Appeal.Outcome.RESTORED)))
        .order_by()
    ):
        month_row = row(item["m"])
        month_row.appeals, month_row.restored = item["n"], item["restored"]
    labels = dict(Reason.choices)
    by_reason = [
        (str(labels.get(item["reason"], item["reason"])), item["n"])
        for item in hides.values("reason").annotate(n=Count("pk")).order_by("-n", "reason")
    ]
    outcomes = {
        item["outcome"]: item["n"] for item in Appeal.objects.values("outcome").annotate(n=Count("pk")).order_by()
    }
    decided = ModerationAction.objects.filter(
        action__in=[ModerationAction.Kind.HIDE, ModerationAction.Kind.KEEP], first_flagged_at__isnull=False
    ).values_list("first_flagged_at", "created_at")
    delays = [(decided_at - flagged_at).total_seconds() / 3600 for flagged_at, decided_at in decided if flagged_at]
    return PublicReport(
        months=[months[key] for key in sorted(months, reverse=True)],
        hidden_by_reason=by_reason,
        appeals={outcome: outcomes.get(outcome, 0) for outcome in Appeal.Outcome.values},
        median_delay_hours=round(statistics.median(delays), 1) if delays else None,
        decisions_timed=len(delays),
    )


# ---------------------------------------------------------------------------
# Personal data
# ---------------------------------------------------------------------------


def personal_data(user: User) -> dict[str, Any]:
    """The person's flags, appeals and sanctions (never who flagged them)."""
    return {
        "signalements": rows(Flag.objects.filter(reporter=user), ["kind", "object_id", "reason", "text", "created_at"]),
        "recours": rows(
            Appeal.objects.filter(author=user), ["kind", "object_id", "text", "created_at", "outcome", "decision_note"]
        ),
        "sanctions": rows(Sanction.objects.filter(user=user), ["kind", "until", "reason", "note", "created_at"]),
    }


# ---------------------------------------------------------------------------
# The charter's delay, measured (the commitments dashboard, /engagements/)
# ---------------------------------------------------------------------------

FLAG_DECISIONS = [
    ModerationAction.Kind.KEEP,
    ModerationAction.Kind.HIDE,
    ModerationAction.Kind.REDACT,
]
PENDING_DECISIONS = [ModerationAction.Kind.APPROVE, ModerationAction.Kind.REFUSE]


@dataclass
class DelayRow:
    label: str
    handled: int = 0
    within: int = 0
    waiting_beyond: int = 0
    hours: list[float] = field(default_factory=list)

    @property
    def share_within(self) -> int | None:
        """The percentage of decisions taken within the charter's delay."""
        return round(100 * self.within / self.handled) if self.handled else None

    @property
    def median_hours(self) -> float | None:
        return round(statistics.median(self.hours), 1) if self.hours else None


@dataclass
class ModerationDelay:
    delay_hours: int
    rows: list[DelayRow]
    total: DelayRow


def moderation_delay(now: datetime.datetime | None = None) -> ModerationDelay:
    """The charter's delay kept or not: flags decided and items validated within it, the median
    delay, and what waits beyond it now (figures only; a query per pending kind and three more)."""
    now = now or timezone.now()
    hours = delay_hours()
    cutoff = now - datetime.timedelta(hours=hours)
    flags = DelayRow(label=gettext("Signalements"))
    pending = DelayRow(label=gettext("Contenus à valider"))
    decided = ModerationAction.objects.filter(
        action__in=FLAG_DECISIONS + PENDING_DECISIONS, first_flagged_at__isnull=False
    ).values_list("action", "first_flagged_at", "created_at")
    for action, first, at in decided:
        if first is None:  # filtered out above; the type checker does not know
            continue
        row = pending if action in PENDING_DECISIONS else flags
        waited = max(0.0, (at - first).total_seconds() / 3600)
        row.handled += 1
        row.hours.append(waited)
        if waited <= hours:
            row.within += 1
    flags.waiting_beyond = (
        Flag.objects.filter(state=Flag.State.OPEN)
        .values("kind", "object_id")
        .annotate(first=Min("created_at"))
        .filter(first__lt=cutoff)
        .count()
    )
    for spec in registry.all():
        pending.waiting_beyond += sum(1 for since in pending_since(spec) if since < cutoff)
    total = DelayRow(
        label=gettext("Ensemble"),
        handled=flags.handled + pending.handled,
        within=flags.within + pending.within,
        waiting_beyond=flags.waiting_beyond + pending.waiting_beyond,
        hours=flags.hours + pending.hours,
    )
    return ModerationDelay(delay_hours=hours, rows=[flags, pending], total=total)


def pending_since(spec: Moderated) -> list[datetime.datetime]:
    """Since when each pending item of this kind waits (its submission)."""
    if not spec.held_back:
        return []
    if spec.pending_ids is None:
        qs = spec.model_class()._default_manager.filter(masked_at__isnull=False, masked_reason=PENDING)
        return list(qs.values_list("masked_at", flat=True))
    ids = spec.pending_pks()
    if not ids:
        return []
    qs = spec.model_class()._default_manager.filter(pk__in=ids)
    return list(qs.values_list("created_at", flat=True))
