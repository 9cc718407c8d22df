"""Every read the missions' and events' pages need: bounded queries, permission checks in getters."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.models import User
from cocite.accounts.permissions import department_roles, is_administrator, is_moderator
from cocite.accounts.viewer import Viewer, is_active_user, is_signed_in
from cocite.contributions.extensions import contribution_column
from cocite.contributions.models import Contribution
from cocite.core.personal_data import plain
from cocite.core.rows import quoted
from cocite.demarches.queries import visible_demarches
from cocite.items.models import Item
from cocite.items.registry import registry
from cocite.network.models import ActorMembership
from cocite.network.queries import actor_roles
from cocite.territory.models import DepartmentMembership, Organisation, Quartier

from . import permissions
from .models import ActivityStatus, Event, Mission, Organised, Registration, Skill, Slot

PAGE_SIZE = 20
MAX_PAGE = 200  # bounded pagination: at most 4,000 rows reachable page by page; filters narrow further
MAP_POINTS = 500
ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITING)


# Visibility (the set-based twins of permissions.can_view)


def _run_by(viewer: Viewer) -> Q:
    """The set-based twin of permissions.can_manage (for an active person who is no administrator):
    their departments' activities, their actors' as administrator, their own (in an actor's name,
    while still a member). Memberships are subqueries: no query of their own."""
    memberships = ActorMembership.objects.filter(user_id=viewer.pk or 0)
    as_admin = memberships.filter(role=ActorMembership.Role.ADMIN).values("actor_id")
    own = Q(created_by_id=viewer.pk) & (Q(actor__isnull=True) | Q(actor_id__in=memberships.values("actor_id")))
    return Q(department_id__in=list(department_roles(viewer))) | Q(actor_id__in=as_admin) | own


def _shown(qs: QuerySet[Any], viewer: Viewer) -> QuerySet[Any]:
    if is_moderator(viewer):
        return qs
    if not is_active_user(viewer):
        return qs.filter(masked_at__isnull=True)
    return qs.filter(Q(masked_at__isnull=True) | _run_by(viewer))


def visible_missions(viewer: Viewer) -> QuerySet[Mission]:
    return _shown(Mission.objects.all(), viewer)


def visible_events(viewer: Viewer) -> QuerySet[Event]:
    qs = _shown(Event.objects.all(), viewer)
    if is_administrator(viewer):
        return qs
    return qs.filter(Q(demarche__isnull=True) | Q(demarche__in=visible_demarches(viewer)))


# Lists


@dataclass
class Filters:
    quartier: Quartier | None = None
    since: datetime.date | None = None
    skill: Skill | None = None


@dataclass
class Page:
    rows: list[Any]
    number: int
    has_next: bool
    has_previous: bool


def _page(qs: QuerySet[Any], number: int) -> Page:
    """Bounded pagination: one query, one row more than shown tells whether a next page exists."""
    number = min(max(number, 1), MAX_PAGE)
    start = (number - 1) * PAGE_SIZE
    rows = list(qs[start : start + PAGE_SIZE + 1])
    return Page(rows=rows[:PAGE_SIZE], number=number, has_next=len(rows) > PAGE_SIZE, has_previous=number > 1)


def _since(filters: Filters, now: datetime.datetime) -> datetime.datetime:
    if filters.since is None:
        return now
    start = timezone.make_aware(datetime.datetime.combine(filters.since, datetime.time.min))
    return max(start, now)


def mission_rows(viewer: Viewer, filters: Filters, *, now: datetime.datetime | None = None) -> QuerySet[Mission]:
    """Published missions with a slot still to come (from `since`), soonest first."""
    since = _since(filters, now or timezone.now())
    qs = visible_missions(viewer).filter(status=ActivityStatus.PUBLISHED)
    if filters.quartier is not None:
        qs = qs.filter(quartier=filters.quartier)
    if filters.skill is not None:
        qs = qs.filter(skills=filters.skill)
    upcoming = Q(slots__starts_at__gte=since)
    return (
        qs.annotate(
            next_start=Min("slots__starts_at", filter=upcoming),
            slot_total=Count("slots", filter=upcoming),
            free_total=Count("slots", filter=upcoming & Q(slots__confirmed_count__lt=F("slots__capacity"))),
        )
        .filter(next_start__isnull=False)
        .select_related("department", "quartier", "actor")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("name")))
        .order_by("next_start", "pk")
    )


def mission_page(viewer: Viewer, filters: Filters, number: int) -> Page:
    return _page(mission_rows(viewer, filters), number)


def event_rows(viewer: Viewer, filters: Filters, *, now: datetime.datetime | None = None) -> QuerySet[Event]:
    since = _since(filters, now or timezone.now())
    qs = visible_events(viewer).filter(status=ActivityStatus.PUBLISHED, slot__starts_at__gte=since)
    if filters.quartier is not None:
        qs = qs.filter(quartier=filters.quartier)
    return qs.select_related("department", "quartier", "slot", "demarche", "actor").order_by("slot__starts_at", "pk")


def event_page(viewer: Viewer, filters: Filters, number: int) -> Page:
    return _page(event_rows(viewer, filters), number)


def past_events_with_notes(viewer: Viewer, limit: int = 10) -> list[Event]:
    """The latest events whose notes are published (a public meeting's record)."""
    qs = visible_events(viewer).filter(notes_published_at__isnull=False)
    return list(qs.select_related("slot", "demarche", "actor").order_by("-slot__starts_at", "-pk")[:limit])


def map_points(rows: QuerySet[Any], url_name: str, limit: int = MAP_POINTS) -> list[dict[str, Any]]:
    """Located rows of a list (with its filters) as plain data for json_script and the table."""
    located = rows.filter(latitude__isnull=False, longitude__isnull=False)[:limit]
    return [
        {
            "id": row.pk,
            "title": row.title,
            "url": reverse(url_name, kwargs={"pk": row.pk}),
            "lat": row.latitude,
            "lon": row.longitude,
            "address": row.address,
            "quartier": row.quartier.name if row.quartier else "",
        }
        for row in located
    ]


def skill_list() -> list[Skill]:
    return list(Skill.objects.order_by("name"))


# One mission or event


def mission_get_for(viewer: Viewer, pk: int) -> Mission:
    mission = (
        Mission.objects.filter(pk=pk)
        .select_related("department", "quartier", "source_item", "source_decision", "actor")
        .prefetch_related("skills", Prefetch("slots", queryset=Slot.objects.order_by("starts_at", "pk")))
        .first()
    )
    if mission is None or not permissions.can_view(viewer, mission):
        raise Http404
    return mission


def event_get_for(viewer: Viewer, pk: int) -> Event:
    event = (
        Event.objects.filter(pk=pk)
        .select_related("department", "quartier", "demarche", "slot", "actor", "initiative")
        .first()
    )
    if event is None or not permissions.can_view(viewer, event):
        raise Http404
    return event


def roles_for(viewer: Viewer, activity: Organised) -> dict[int, str]:
    """The person's {actor id: role} when the activity was published in an actor's name (one query),
    for permissions.can_manage; none otherwise (no query)."""
    if activity.actor_id is None or not is_active_user(viewer):
        return {}
    return actor_roles(viewer)


def managed_get(viewer: Viewer, activity: Organised) -> None:
    """403 unless this person runs the activity (its sign-ups, messages, attendance)."""
    if not permissions.can_manage(viewer, activity, roles_for(viewer, activity)):
        raise PermissionDenied


def slot_get_for(viewer: Viewer, pk: int) -> Slot:
    slot = Slot.objects.filter(pk=pk).select_related("mission", "event", "event__demarche").first()
    if slot is None or not permissions.can_view(viewer, slot.activity):
        raise Http404
    return slot


def own_registration_get(viewer: Viewer, pk: int) -> Registration:
    """One's own registration (404 for anyone else's)."""
    if not is_signed_in(viewer):
        raise Http404
    registration = (
        Registration.objects.filter(pk=pk, person_id=viewer.pk)
        .select_related("slot", "slot__mission", "slot__event", "slot__mission__department", "slot__event__department")
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def _waiting_position() -> Subquery:
    earlier = Q(waiting_since__lt=OuterRef("waiting_since")) | Q(
        waiting_since=OuterRef("waiting_since"), pk__lt=OuterRef("pk")
    )
    ahead = Registration.objects.filter(earlier, slot_id=OuterRef("slot_id"), status=Registration.Status.WAITING)
    return Subquery(ahead.values("slot_id").annotate(n=Count("pk")).values("n")[:1])


def own_registrations(viewer: Viewer, slot_ids: list[int]) -> dict[int, Registration]:
    """{slot id: this person's active registration} among these slots, with the waiting position."""
    if not is_signed_in(viewer) or not slot_ids:
        return {}
    rows = Registration.objects.filter(person_id=viewer.pk, slot_id__in=slot_ids, status__in=ACTIVE).annotate(
        ahead=Coalesce(_waiting_position(), 0)
    )
    return {row.slot_id: row for row in rows}


@dataclass
class MyRegistrations:
    upcoming: Sequence[Registration]
    past: Sequence[Registration]
    hours_total: Decimal
    missions_done: int


def my_registrations(user: User, *, now: datetime.datetime | None = None, limit: int = 100) -> MyRegistrations:
    """One's sign-ups to come (with the waiting position), and what one did (confirmed by organisers)."""
    now = now or timezone.now()
    base = Registration.objects.filter(person_id=user.pk).select_related(
        "slot", "slot__mission", "slot__event", "slot__mission__department", "slot__event__department"
    )
    upcoming = list(
        base.filter(status__in=ACTIVE, slot__starts_at__gt=now)
        .annotate(ahead=Coalesce(_waiting_position(), 0))
        .order_by("slot__starts_at", "pk")[:limit]
    )
    past = list(base.filter(attended=True).order_by("-slot__starts_at", "-pk")[:limit])
    totals = volunteer_totals(user)
    return MyRegistrations(upcoming=upcoming, past=past, hours_total=totals["hours"], missions_done=totals["missions"])


def volunteer_totals(user: User) -> dict[str, Any]:
    """Hours confirmed by organisers and missions done (one query)."""
    row = Registration.objects.filter(person_id=user.pk, attended=True, slot__mission__isnull=False).aggregate(
        hours=Coalesce(Sum("hours"), Value(Decimal(0)), output_field=DecimalField(max_digits=8, decimal_places=2)),
        missions=Count("slot__mission", distinct=True),
        slots=Count("pk"),
    )
    return row


@dataclass
class CertificateLine:
    mission: str
    organiser: str
    day: datetime.date
    hours: Decimal


@dataclass
class Certificate:
    person: str
    commune: str
    lines: list[CertificateLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal(0))


def certificate_for(user: User) -> Certificate:
    """What the certificate states: each confirmed slot of a mission with its hours (two queries)."""
    organisation = Organisation.objects.order_by("pk").first()
    commune = organisation.name if organisation else ""
    rows = (
        Registration.objects.filter(person_id=user.pk, attended=True, slot__mission__isnull=False, hours__gt=0)
        .select_related("slot__mission", "slot__mission__department", "slot__mission__actor")
        .order_by("slot__starts_at", "pk")[:1000]
    )
    lines = []
    for row in rows:
        mission = row.slot.mission
        assert mission is not None
        assert row.hours is not None
        lines.append(
            CertificateLine(
                mission=mission.title,
                organiser=mission.organiser_name,
                day=timezone.localdate(row.slot.starts_at),
                hours=row.hours,
            )
        )
    return Certificate(person=user.get_full_name() or user.display_name, commune=commune, lines=lines)


# Organisers


def signups(activity: Organised) -> list[Slot]:
    """The activity's slots with their registrations (people selected): two queries."""
    active_first = Registration.objects.select_related("person").order_by("status", "waiting_since", "created_at", "pk")
    qs = Slot.objects.filter(**{"mission" if isinstance(activity, Mission) else "event": activity}).select_related(
        "mission", "event"
    )
    return list(qs.order_by("starts_at", "pk").prefetch_related(Prefetch("registrations", queryset=active_first)))


def export_rows(activity: Organised) -> QuerySet[Registration]:
    key = "slot__mission" if isinstance(activity, Mission) else "slot__event"
    return (
        Registration.objects.filter(**{key: activity})
        .select_related("slot", "person")
        .order_by("slot__starts_at", "slot_id", "created_at", "pk")
    )


def recipients(activity: Organised, *, include_waiting: bool) -> QuerySet[Registration]:
    statuses = ACTIVE if include_waiting else (Registration.Status.CONFIRMED,)
    key = "slot__mission" if isinstance(activity, Mission) else "slot__event"
    return Registration.objects.filter(**{key: activity}, status__in=statuses).select_related("person")


def organiser_emails(activity: Organised) -> list[str]:
    """Where a resident's question goes: the department's agents, else the administrators of the actor it
    was published in the name of, else the person who published it."""
    emails: list[str] = []
    if activity.department_id:
        emails = list(
            DepartmentMembership.objects.filter(department_id=activity.department_id, user__is_active=True)
            .order_by("pk")
            .values_list("user__email", flat=True)[:50]
        )
    if not emails and activity.actor_id:
        emails = list(
            ActorMembership.objects.filter(
                actor_id=activity.actor_id, role=ActorMembership.Role.ADMIN, user__is_active=True
            )
            .order_by("pk")
            .values_list("user__email", flat=True)[:50]
        )
    if not emails and activity.created_by_id:
        creator = User.objects.filter(pk=activity.created_by_id, is_active=True).values_list("email", flat=True)
        emails = list(creator)
    return emails


def managed_by(viewer: Viewer, limit: int = 50) -> dict[str, list[Any]]:
    """The missions and events this person runs, latest first (for « Mon espace »)."""
    if not is_active_user(viewer):
        return {"missions": [], "events": []}
    mine = Q() if is_administrator(viewer) else _run_by(viewer)
    return {
        "missions": list(Mission.objects.filter(mine).order_by("-created_at", "-pk")[:limit]),
        "events": list(Event.objects.filter(mine).select_related("slot").order_by("-created_at", "-pk")[:limit]),
    }


# Links with the machinery


def missions_from_item(viewer: Viewer, item: Item) -> list[Mission]:
    return list(
        visible_missions(viewer).filter(source_item=item, status=ActivityStatus.PUBLISHED).order_by("-created_at")[:20]
    )


def missions_presence() -> tuple[str, list[Any]]:
    """Whether any mission came from the contribution's item (its page then asks which: `item_missions`)."""
    spec = registry.for_model(Contribution._meta.label)
    mission, item = Mission._meta, Item._meta
    return (
        f"EXISTS (SELECT 1 FROM {quoted(mission.db_table)} m INNER JOIN {quoted(item.db_table)} i "  # noqa: S608
        f"ON i.{quoted(item.pk.column)} = m.{quoted(mission.get_field('source_item').column)} "
        f"WHERE i.{quoted(item.get_field('kind').column)} = %s "
        f"AND i.{quoted(item.get_field('object_id').column)} = {contribution_column()})",
        [spec.kind if spec is not None else ""],
    )


def missions_from_decision(viewer: Viewer, decision_id: int) -> list[Mission]:
    return list(
        visible_missions(viewer)
        .filter(source_decision_id=decision_id, status=ActivityStatus.PUBLISHED)
        .order_by("-created_at")[:20]
    )


# An actor's page (cocite/network): what was published in its name


@dataclass
class ActorActivities:
    upcoming_missions: list[Mission]
    past_missions: list[Mission]
    upcoming_events: list[Event]
    past_events: list[Event]


ACTOR_LIMIT = 20


def actor_activities(viewer: Viewer, actor_id: int, *, now: datetime.datetime | None = None) -> ActorActivities:
    """The published missions and events of an actor this person may see, to come and past (four queries,
    each bounded)."""
    now = now or timezone.now()
    missions = (
        visible_missions(viewer)
        .filter(actor_id=actor_id, status=ActivityStatus.PUBLISHED)
        .annotate(
            next_start=Min("slots__starts_at", filter=Q(slots__starts_at__gte=now)),
            last_start=Max("slots__starts_at"),
        )
        .select_related("quartier")
    )
    events = visible_events(viewer).filter(actor_id=actor_id, status=ActivityStatus.PUBLISHED).select_related("slot")
    return ActorActivities(
        upcoming_missions=list(missions.filter(next_start__isnull=False).order_by("next_start", "pk")[:ACTOR_LIMIT]),
        past_missions=list(
            missions.filter(next_start__isnull=True, last_start__isnull=False).order_by("-last_start", "-pk")[
                :ACTOR_LIMIT
            ]
        ),
        upcoming_events=list(events.filter(slot__starts_at__gte=now).order_by("slot__starts_at", "pk")[:ACTOR_LIMIT]),
        past_events=list(events.filter(slot__starts_at__lt=now).order_by("-slot__starts_at", "-pk")[:ACTOR_LIMIT]),
    )


# An initiative's page (cocite/network): its meetings


@dataclass
class InitiativeEvents:
    upcoming: list[Event]
    past: list[Event]


def initiative_events(viewer: Viewer, initiative_id: int, *, now: datetime.datetime | None = None) -> InitiativeEvents:
    """The published events attached to an initiative this person may see, to come and past (two queries,
    each bounded)."""
    now = now or timezone.now()
    events = (
        visible_events(viewer)
        .filter(initiative_id=initiative_id, status=ActivityStatus.PUBLISHED)
        .select_related("slot")
    )
    return InitiativeEvents(
        upcoming=list(events.filter(slot__starts_at__gte=now).order_by("slot__starts_at", "pk")[:ACTOR_LIMIT]),
        past=list(events.filter(slot__starts_at__lt=now).order_by("-slot__starts_at", "-pk")[:ACTOR_LIMIT]),
    )


# Personal data


def personal_data(user: User) -> dict[str, Any]:
    rows = (
        Registration.objects.filter(person_id=user.pk)
        .select_related("slot", "slot__mission", "slot__event")
        .order_by("created_at", "pk")
    )
    return {
        "volunteering_registrations": [
            {
                "activity": row.slot.activity.title,
                "starts_at": plain(row.slot.starts_at),
                "status": row.get_status_display(),
                "registered_at": plain(row.created_at),
                "cancelled_at": plain(row.cancelled_at),
                "consent": row.consent_text,
                "attended": row.attended,
                "hours": plain(row.hours),
            }
            for row in rows
        ]
    }
