"""Every write of missions and events: keyword-only, in a transaction, rules checked here.

Registration is one mechanism for missions and events: the slot's row is locked
(`SELECT … FOR UPDATE`; SQLite's IMMEDIATE transactions queue writers) before its confirmed count
is read, so two people taking the last place at the same moment get one place and one waiting
position; a cancellation promotes the first person waiting in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.core import ratelimit
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.core.taskqueue import task_named
from cocite.decisions.models import Decision
from cocite.demarches.models import Demarche
from cocite.items.models import Item
from cocite.moderation.sanctions import refuse_if_blocked
from cocite.network.models import Actor, Initiative
from cocite.network.permissions import is_holder
from cocite.network.queries import actor_roles, holder_ids
from cocite.territory.models import Department
from cocite.territory.queries import quartier_for_point

from . import mails, permissions, queries, signals
from .models import ActivityStatus, Event, Message, Mission, Organised, Registration, Skill, Slot
from .schedule import MAX_SLOTS

MAX_TEXT = 5000


def consent_text() -> str:
    """What a person accepts when registering (stored with the registration, exported with it)."""
    return _(
        "J’accepte que mon nom et mon adresse électronique soient transmis aux organisateurs de cette "
        "activité, pour l’organiser et me contacter à son sujet, et supprimés un an après."
    )


# Publishing


def _clean(text: str, *, field: str, required: bool = True, limit: int = MAX_TEXT) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ActionError(_("Ce champ est obligatoire."), code="required", field=field)
    if len(text) > limit:
        raise ActionError(_("Ce texte ne peut dépasser %(n)s caractères.") % {"n": limit}, code="too_long", field=field)
    return text


def _organiser(author: User, department: Department | None, organisation_name: str, actor: Actor | None) -> None:
    refuse_if_blocked(author)
    actor_ids = set(actor_roles(author))
    if not permissions.can_publish(author, actor_ids):
        raise PermissionDenied(
            _("Seuls les agents de la commune et les membres d’un acteur publient des missions et des rencontres."),
            code="forbidden",
        )
    if actor is not None and (not permissions.may_publish_as(actor_ids, actor.pk) or actor.masked_at is not None):
        raise PermissionDenied(_("Vous n'êtes pas membre de cet acteur."), code="not_member", field="actor")
    if department is None and not organisation_name.strip() and actor is None:
        raise ActionError(
            _("Indiquez le service organisateur ou l’organisation partenaire."),
            code="organiser_required",
            field="department",
        )
    if not permissions.may_publish_for(author, department.pk if department else None, actor.pk if actor else None):
        raise PermissionDenied(_("Vous ne pouvez publier que pour vos services."), code="not_your_department")


def _place(latitude: float | None, longitude: float | None) -> dict[str, Any]:
    if (latitude is None) != (longitude is None):
        raise ActionError(
            _("Indiquez la latitude et la longitude, ou aucune."), code="point_incomplete", field="latitude"
        )
    quartier = quartier_for_point(longitude, latitude) if latitude is not None and longitude is not None else None
    return {"latitude": latitude, "longitude": longitude, "quartier": quartier}


def _check_slots(slots: Sequence[tuple[datetime.datetime, datetime.datetime]], now: datetime.datetime) -> None:
    if not slots:
        raise ActionError(_("Indiquez au moins une date."), code="slots_required", field="slots")
    if len(slots) > MAX_SLOTS:
        raise ActionError(
            _("Au plus %(n)s créneaux par mission.") % {"n": MAX_SLOTS}, code="too_many_slots", field="slots"
        )
    for start, end in slots:
        if end <= start:
            raise ActionError(_("Un créneau doit finir après son début."), code="slot_order", field="slots")
        if start <= now:
            raise ActionError(_("Les créneaux doivent être à venir."), code="slot_past", field="slots")


@transaction.atomic
def mission_publish(
    *,
    author: User,
    title: str,
    what: str,
    why: str,
    department: Department | None,
    actor: Actor | None = None,
    organisation_name: str = "",
    organisation_contact: str = "",
    address: str,
    latitude: float | None = None,
    longitude: float | None = None,
    accessibility: str = "",
    skills: Sequence[Skill] = (),
    capacity: int,
    minimum_age: int | None = None,
    schedule: str = Mission.Schedule.ONCE,
    slots: Sequence[tuple[datetime.datetime, datetime.datetime]],
    source_item: Item | None = None,
    source_decision: Decision | None = None,
    now: datetime.datetime | None = None,
) -> Mission:
    now = now or timezone.now()
    _organiser(author, department, organisation_name, actor)
    _check_slots(slots, now)
    if not 1 <= capacity <= 500:
        raise ActionError(_("Entre 1 et 500 places par créneau."), code="capacity", field="capacity")
    mission = Mission.objects.create(
        title=_clean(title, field="title", limit=140),
        what=_clean(what, field="what"),
        why=_clean(why, field="why"),
        department=department,
        actor=actor,
        organisation_name=_clean(organisation_name, field="organisation_name", required=False, limit=150),
        organisation_contact=_clean(organisation_contact, field="organisation_contact", required=False, limit=200),
        address=_clean(address, field="address", limit=200),
        accessibility=_clean(accessibility, field="accessibility", required=False),
        capacity=capacity,
        minimum_age=minimum_age,
        schedule=schedule,
        source_item=source_item,
        source_decision=source_decision,
        created_by=author,
        **_place(latitude, longitude),
    )
    mission.skills.set(skills)
    Slot.objects.bulk_create(
        [Slot(mission=mission, starts_at=start, ends_at=end, capacity=capacity) for start, end in sorted(slots)]
    )
    transaction.on_commit(lambda: signals.mission_published.send(sender=Mission, mission=mission))
    return mission


@transaction.atomic
def event_publish(
    *,
    author: User,
    title: str,
    description: str,
    department: Department | None,
    actor: Actor | None = None,
    organisation_name: str = "",
    organisation_contact: str = "",
    address: str,
    latitude: float | None = None,
    longitude: float | None = None,
    accessibility: str = "",
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    demarche: Demarche | None = None,
    initiative: Initiative | None = None,
    now: datetime.datetime | None = None,
) -> Event:
    now = now or timezone.now()
    _organiser(author, department, organisation_name, actor)
    if initiative is not None and (initiative.masked_at is not None or not is_holder(author, holder_ids(initiative))):
        raise PermissionDenied(
            _("Seul·es les porteur·ses de l'initiative peuvent y rattacher une rencontre."),
            code="not_holder",
            field="initiative",
        )
    _check_slots([(starts_at, ends_at)], now)
    if not 1 <= capacity <= 5000:
        raise ActionError(_("Entre 1 et 5 000 places."), code="capacity", field="capacity")
    event = Event.objects.create(
        title=_clean(title, field="title", limit=140),
        description=_clean(description, field="description"),
        department=department,
        actor=actor,
        organisation_name=_clean(organisation_name, field="organisation_name", required=False, limit=150),
        organisation_contact=_clean(organisation_contact, field="organisation_contact", required=False, limit=200),
        address=_clean(address, field="address", limit=200),
        accessibility=_clean(accessibility, field="accessibility", required=False),
        demarche=demarche,
        initiative=initiative,
        created_by=author,
        **_place(latitude, longitude),
    )
    Slot.objects.create(event=event, starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    transaction.on_commit(lambda: signals.event_published.send(sender=Event, event=event))
    return event


# Registration (missions and events alike)


def _notify(registration_id: int, what: str) -> None:
    transaction.on_commit(lambda: task_named("missions.registration_mail").enqueue(registration_id, what))


def registration_create(
    *, person: User, slot: Slot, consent: bool, age_confirmed: bool = False, now: datetime.datetime | None = None
) -> Registration:
    """Confirmed while there is room, else on the waiting list; one active registration per person and slot."""
    ratelimit.enforce(
        "volunteering",
        person.pk,
        _("Vous vous êtes inscrit·e beaucoup de fois en peu de temps. Réessayez à partir de %(moment)s."),
    )
    try:
        with transaction.atomic():
            return _register(person=person, slot=slot, consent=consent, age_confirmed=age_confirmed, now=now)
    except IntegrityError as error:  # a second tab registered the same person meanwhile
        raise Conflict(_("Vous êtes déjà inscrit·e à ce créneau."), code="already_registered") from error


def _register(
    *, person: User, slot: Slot, consent: bool, age_confirmed: bool, now: datetime.datetime | None
) -> Registration:
    now = now or timezone.now()
    locked = (
        Slot.objects.select_for_update(of=("self",))
        .select_related("mission", "event", "event__demarche")
        .get(pk=slot.pk)
    )
    if not permissions.can_register(person, locked, now=now):
        raise PermissionDenied(_("Les inscriptions à ce créneau sont fermées."), code="registration_closed")
    if not consent:
        raise ActionError(
            _("Pour vous inscrire, acceptez que vos coordonnées soient transmises aux organisateurs."),
            code="consent_required",
            field="consent",
        )
    mission = locked.mission
    if mission is not None and mission.minimum_age and not age_confirmed:
        raise ActionError(
            _("Cette mission demande d’avoir au moins %(age)s ans : confirmez-le pour vous inscrire.")
            % {"age": mission.minimum_age},
            code="age_required",
            field="age_confirmed",
        )
    if Registration.objects.filter(slot=locked, person=person, status__in=queries.ACTIVE).exists():
        raise Conflict(_("Vous êtes déjà inscrit·e à ce créneau."), code="already_registered")
    room = locked.confirmed_count < locked.capacity
    registration = Registration.objects.create(
        slot=locked,
        person=person,
        status=Registration.Status.CONFIRMED if room else Registration.Status.WAITING,
        created_at=now,
        waiting_since=None if room else now,
        consent_text=consent_text(),
    )
    if room:
        Slot.objects.filter(pk=locked.pk).update(confirmed_count=F("confirmed_count") + 1)
    _notify(registration.pk, "confirmed" if room else "waiting")
    return registration


def _promote_next(slot: Slot, now: datetime.datetime) -> Registration | None:
    """The first person waiting takes the freed place (the slot is locked by the caller)."""
    first = (
        Registration.objects.select_for_update()
        .filter(slot=slot, status=Registration.Status.WAITING)
        .order_by("waiting_since", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = Registration.Status.CONFIRMED
    first.promoted_at = now
    first.save(update_fields=["status", "promoted_at"])
    Slot.objects.filter(pk=slot.pk).update(confirmed_count=F("confirmed_count") + 1)
    _notify(first.pk, "promoted")
    return first


@transaction.atomic
def registration_cancel(
    *, person: User, registration: Registration, now: datetime.datetime | None = None
) -> Registration | None:
    """Cancel one's registration; a confirmed place goes to the first person waiting (returned)."""
    now = now or timezone.now()
    slot = Slot.objects.select_for_update().get(pk=registration.slot_id)
    current = Registration.objects.select_for_update(of=("self",)).select_related("slot").get(pk=registration.pk)
    if not permissions.can_cancel(person, current, now=now):
        raise PermissionDenied(_("Cette inscription ne peut plus être annulée."), code="cancel_forbidden")
    return _cancel(current, slot, now)


def _cancel(current: Registration, slot: Slot, now: datetime.datetime) -> Registration | None:
    was_confirmed = current.status == Registration.Status.CONFIRMED
    current.status = Registration.Status.CANCELLED
    current.cancelled_at = now
    current.save(update_fields=["status", "cancelled_at"])
    if not was_confirmed:
        return None
    Slot.objects.filter(pk=slot.pk).update(confirmed_count=F("confirmed_count") - 1)
    return _promote_next(slot, now) if slot.starts_at > now else None


# After the slot: attendance and hours


@transaction.atomic
def attendance_confirm(
    *,
    organiser: User,
    slot: Slot,
    entries: dict[int, tuple[bool, Decimal | None]],
    now: datetime.datetime | None = None,
) -> int:
    """Who came, and for a mission how many hours each; returns the registrations updated.

    `entries` maps a confirmed registration of this slot to (attended, hours); others are ignored.
    """
    now = now or timezone.now()
    locked = Slot.objects.select_for_update(of=("self",)).select_related("mission", "event").get(pk=slot.pk)
    roles = queries.roles_for(organiser, locked.activity)
    if not permissions.can_confirm_attendance(organiser, locked, now=now, actor_roles=roles):
        raise PermissionDenied(
            _("Les présences se confirment après le début du créneau, par ses organisateurs."), code="forbidden"
        )
    is_mission = locked.mission_id is not None
    default_hours = Decimal((locked.ends_at - locked.starts_at).total_seconds() / 3600).quantize(Decimal("0.01"))
    rows = Registration.objects.select_for_update().filter(
        slot=locked, status=Registration.Status.CONFIRMED, pk__in=list(entries)
    )
    updated = 0
    for row in rows:
        attended, hours = entries[row.pk]
        if hours is not None and not Decimal(0) <= hours <= Decimal(24):
            raise ActionError(_("Les heures vont de 0 à 24 par créneau."), code="hours_range", field=f"hours_{row.pk}")
        row.attended = attended
        row.hours = (hours if hours is not None else default_hours) if attended and is_mission else None
        row.attendance_confirmed_by = organiser
        row.save(update_fields=["attended", "hours", "attendance_confirmed_by"])
        updated += 1
    Slot.objects.filter(pk=locked.pk).update(attendance_confirmed_at=now)
    return updated


@transaction.atomic
def event_notes_publish(
    *, organiser: User, event: Event, notes: str, attendance_count: int | None, now: datetime.datetime | None = None
) -> Event:
    """After the event: its notes and the number of people present, public."""
    now = now or timezone.now()
    locked = Event.objects.select_for_update(of=("self",)).select_related("slot").get(pk=event.pk)
    if (
        not permissions.can_manage(organiser, locked, queries.roles_for(organiser, locked))
        or locked.slot.starts_at > now
    ):
        raise PermissionDenied(
            _("Le compte rendu se publie après la rencontre, par ses organisateurs."), code="forbidden"
        )
    if attendance_count is not None and not 0 <= attendance_count <= 100000:
        raise ActionError(_("Nombre de participants invalide."), code="attendance_range", field="attendance_count")
    locked.notes = _clean(notes, field="notes", limit=20000)
    locked.attendance_count = attendance_count
    locked.notes_published_at = now
    locked.save(update_fields=["notes", "attendance_count", "notes_published_at", "updated_at"])
    return locked


@transaction.atomic
def activity_cancel(*, organiser: User, activity: Organised, now: datetime.datetime | None = None) -> int:
    """Cancel a mission or an event: its registrations to come are cancelled and their people told."""
    now = now or timezone.now()
    if not permissions.can_manage(organiser, activity, queries.roles_for(organiser, activity)):
        raise PermissionDenied(_("Seuls ses organisateurs peuvent l’annuler."), code="forbidden")
    type(activity)._default_manager.filter(pk=activity.pk).update(status=ActivityStatus.CANCELLED, updated_at=now)
    key = "slot__mission" if isinstance(activity, Mission) else "slot__event"
    active = list(
        Registration.objects.select_for_update()
        .filter(**{key: activity}, status__in=queries.ACTIVE, slot__starts_at__gt=now)
        .values_list("pk", flat=True)
    )
    Registration.objects.filter(pk__in=active).update(status=Registration.Status.CANCELLED, cancelled_at=now)
    slot_filter = {"mission": activity} if isinstance(activity, Mission) else {"event": activity}
    Slot.objects.filter(**slot_filter, starts_at__gt=now).update(confirmed_count=0)
    for pk in active:
        _notify(pk, "activity_cancelled")
    return len(active)


# Messages


@transaction.atomic
def message_send(
    *, author: User, activity: Organised, subject: str, body: str, include_waiting: bool = False
) -> Message:
    if not permissions.can_manage(author, activity, queries.roles_for(author, activity)):
        raise PermissionDenied(_("Seuls ses organisateurs écrivent aux inscrits."), code="forbidden")
    refuse_if_blocked(author)
    ratelimit.enforce(
        "volunteering_message",
        author.pk,
        _("Vous avez envoyé beaucoup de messages en peu de temps. Réessayez à partir de %(moment)s."),
    )
    message = Message.objects.create(
        mission=activity if isinstance(activity, Mission) else None,
        event=activity if isinstance(activity, Event) else None,
        author=author,
        subject=_clean(subject, field="subject", limit=150),
        body=_clean(body, field="body"),
        include_waiting=include_waiting,
        created_at=timezone.now(),
    )
    transaction.on_commit(lambda: task_named("missions.message_deliver").enqueue(message.pk))
    return message


def contact_organisers(*, person: User, activity: Organised, body: str) -> None:
    """A resident's question to the organisers, by mail through the task queue (no address shown)."""
    if not permissions.can_view(person, activity) or not person.is_active:
        raise PermissionDenied(_("Connectez-vous pour écrire aux organisateurs."), code="forbidden")
    text = _clean(body, field="body", limit=2000)
    refuse_if_blocked(person)
    ratelimit.enforce(
        "volunteering_contact",
        person.pk,
        _("Vous avez écrit beaucoup de messages en peu de temps. Réessayez à partir de %(moment)s."),
    )
    kind = "mission" if isinstance(activity, Mission) else "event"
    task_named("missions.contact_deliver").enqueue(kind, activity.pk, person.pk, text)


# Deliveries (run by the task worker, tasks.py)


def _activity_url(activity: Organised) -> str:
    return mails.absolute(activity.get_absolute_url())  # type: ignore[attr-defined]


def registration_mail_send(*, registration_id: int, what: str, now: datetime.datetime | None = None) -> int:
    """The mail of one registration event. A reminder is claimed first (at most one per registration)."""
    now = now or timezone.now()
    if what == "reminder":
        claimed = Registration.objects.filter(
            pk=registration_id, status=Registration.Status.CONFIRMED, reminded_at__isnull=True, slot__starts_at__gt=now
        ).update(reminded_at=now)
        if not claimed:
            return 0
    registration = (
        Registration.objects.filter(pk=registration_id)
        .select_related("person", "slot", "slot__mission", "slot__event")
        .first()
    )
    if registration is None or not registration.person.is_active:
        return 0
    activity = registration.slot.activity
    with translation.override(settings.LANGUAGE_CODE):
        facts = {
            "title": activity.title,
            "when": mails.moment(registration.slot.starts_at),
            "place": activity.address,
        }
        subjects = {
            "confirmed": _("Inscription confirmée : %(title)s"),
            "waiting": _("Liste d’attente : %(title)s"),
            "promoted": _("Une place s’est libérée : %(title)s"),
            "reminder": _("Rappel : %(title)s demain"),
            "activity_cancelled": _("Annulation : %(title)s"),
        }
        bodies = {
            "confirmed": _("Votre inscription est confirmée pour « %(title)s », le %(when)s, %(place)s."),
            "waiting": _(
                "« %(title)s » (le %(when)s) est complet : vous êtes sur la liste d’attente. "
                "Si une place se libère, elle vous sera attribuée dans l’ordre d’inscription et vous serez prévenu·e."
            ),
            "promoted": _(
                "Une place s’est libérée : votre inscription à « %(title)s », le %(when)s, %(place)s, est confirmée."
            ),
            "reminder": _("Rappel : « %(title)s » a lieu demain, le %(when)s, %(place)s."),
            "activity_cancelled": _("« %(title)s », prévu le %(when)s, est annulé. Votre inscription est annulée."),
        }
        if what not in subjects:
            return 0
        links = _("Détails, fichier de calendrier et annulation : %(url)s") % {
            "url": mails.absolute(reverse("missions:mine"))
        }
        body = f"{bodies[what] % facts}\n\n{links}"
        return mails.send(to=[registration.person.email], subject=subjects[what] % facts, body=body)


def message_deliver(*, message_id: int) -> int:
    """Send an organiser's message once: the message is claimed (sent_at) before the mails go."""
    now = timezone.now()
    if not Message.objects.filter(pk=message_id, sent_at__isnull=True).update(sent_at=now):
        return 0
    message = Message.objects.select_related("mission", "event", "author").get(pk=message_id)
    activity: Organised | None = message.mission or message.event
    if activity is None:
        return 0
    people = queries.recipients(activity, include_waiting=message.include_waiting)
    emails = sorted({row.person.email for row in people if row.person.is_active})
    intro = _("Message des organisateurs de « %(title)s » :") % {"title": activity.title}
    link = _activity_url(activity)
    sent = mails.send(to=emails, subject=message.subject, body=f"{intro}\n\n{message.body}\n\n{link}")
    Message.objects.filter(pk=message_id).update(recipient_count=sent)
    return sent


def contact_deliver(*, kind: str, activity_id: int, sender_id: int, body: str) -> int:
    model: type[Organised] = Mission if kind == "mission" else Event
    activity = model._default_manager.filter(pk=activity_id).first()
    sender = User.objects.filter(pk=sender_id, is_active=True).first()
    if activity is None or sender is None:
        return 0
    subject = _("Question sur « %(title)s »") % {"title": activity.title}
    intro = _("%(name)s vous écrit depuis la page %(url)s (répondez à ce courriel pour lui répondre) :") % {
        "name": sender.display_name,
        "url": _activity_url(activity),
    }
    return mails.send(
        to=queries.organiser_emails(activity), subject=subject, body=f"{intro}\n\n{body}", reply_to=[sender.email]
    )


def reminders_queue(*, now: datetime.datetime | None = None) -> int:
    """Queue the reminders of confirmed registrations whose slot starts tomorrow (local date)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    due = list(
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminded_at__isnull=True,
            slot__starts_at__gte=max(start, now),
            slot__starts_at__lt=end,
        )
        .exclude(slot__mission__status=ActivityStatus.CANCELLED)
        .exclude(slot__event__status=ActivityStatus.CANCELLED)
        .values_list("pk", flat=True)
    )
    task = task_named("missions.registration_mail")
    for pk in due:
        task.enqueue(pk, "reminder")
    return len(due)


# Personal data


@transaction.atomic
def registrations_forget(*, person: User, now: datetime.datetime | None = None) -> None:
    """An anonymised account: its places to come go to those waiting, then its registrations are deleted."""
    now = now or timezone.now()
    for registration in Registration.objects.filter(person=person, status__in=queries.ACTIVE).order_by("pk"):
        slot = Slot.objects.select_for_update().get(pk=registration.slot_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if slot.starts_at > now:
            _cancel(current, slot, now)
        elif current.status == Registration.Status.CONFIRMED:
            Slot.objects.filter(pk=slot.pk).update(confirmed_count=F("confirmed_count") - 1)
    Registration.objects.filter(person=person).delete()
