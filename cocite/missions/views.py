"""Pages of missions (/missions/) and events (/rencontres/): thin views over queries and actions."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocite.accounts.permissions import department_roles, is_administrator
from cocite.accounts.viewer import Viewer, signed_in
from cocite.core import csv_writer
from cocite.core.errors import ActionError
from cocite.core.http import local_path
from cocite.core.params import parse_int
from cocite.decisions.queries import visible_decisions
from cocite.demarches.queries import demarches_run_by
from cocite.items.queries import items_get_for
from cocite.network.queries import actor_roles, managed_initiatives
from cocite.territory.models import Department
from cocite.territory.queries import quartier_list

from . import actions, certificate, ics, permissions, queries
from .forms import (
    ContactForm,
    EventForm,
    FilterForm,
    MessageForm,
    MissionForm,
    NotesForm,
    RegistrationForm,
    parse_hours,
)
from .models import Event, Mission, Organised, Registration, Slot
from .schedule import aware

# Lists


def _quartiers_for_map() -> list[dict[str, Any]]:
    return [{"id": q.pk, "name": q.name, "boundary": q.boundary} for q in quartier_list() if q.boundary]


def _list(request: HttpRequest, *, events: bool) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = queries.Filters(**form.filters())
    number = parse_int(request.GET.get("page", "1"), minimum=1, maximum=queries.MAX_PAGE) or 1
    view_mode = "carte" if request.GET.get("vue") == "carte" else "liste"
    rows: QuerySet[Any]
    if events:
        rows = queries.event_rows(request.user, filters)
        page = queries.event_page(request.user, filters, number)
        url_name = "missions:event"
    else:
        rows = queries.mission_rows(request.user, filters)
        page = queries.mission_page(request.user, filters, number)
        url_name = "missions:detail"
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "view_mode": view_mode,
        "events": events,
        "can_publish": permissions.can_publish(request.user, set(actor_roles(request.user))),
    }
    if view_mode == "carte":
        context["map_points"] = queries.map_points(rows, url_name)
        context["map_quartiers"] = _quartiers_for_map()
    if events:
        context["past"] = queries.past_events_with_notes(request.user)
    return render(request, "missions/list.html", context)


@require_GET
def mission_list(request: HttpRequest) -> HttpResponse:
    return _list(request, events=False)


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    return _list(request, events=True)


# Publishing


def _departments_for(user: Viewer) -> Any:
    if is_administrator(user):
        return Department.objects.order_by("name")
    return Department.objects.filter(pk__in=list(department_roles(user))).order_by("name")


def _apply_error(form: Any, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def mission_create(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    actor_ids = set(actor_roles(user))
    if not permissions.can_publish(user, actor_ids):
        raise HttpForbidden
    initial = {
        "source": parse_int(request.GET.get("contribution", ""), minimum=1),
        "decision": parse_int(request.GET.get("decision", ""), minimum=1),
    }
    form = MissionForm(request.POST if request.method == "POST" else None, initial=initial)
    form.set_departments(_departments_for(user))
    form.set_actors(actor_ids, agent=permissions.can_publish(user))
    source_item = None
    source_decision = None
    source_id = form["source"].value() if request.method == "POST" else initial["source"]
    decision_id = form["decision"].value() if request.method == "POST" else initial["decision"]
    source_id = parse_int(str(source_id or ""), minimum=1)
    decision_id = parse_int(str(decision_id or ""), minimum=1)
    if source_id:
        found = items_get_for(user, [source_id])
        source_item = found[0] if found else None
    if decision_id:
        source_decision = visible_decisions(user).filter(pk=decision_id).first()
    status = 200
    if request.method == "POST":
        if form.is_valid() and "slots" in form.cleaned_data:
            data = form.cleaned_data
            try:
                mission = actions.mission_publish(
                    author=user,
                    title=data["title"],
                    what=data["what"],
                    why=data["why"],
                    department=data.get("department"),
                    actor=data.get("actor"),
                    organisation_name=data.get("organisation_name") or "",
                    organisation_contact=data.get("organisation_contact") or "",
                    address=data["address"],
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                    accessibility=data.get("accessibility") or "",
                    skills=list(data.get("skills") or []),
                    capacity=data["capacity"],
                    minimum_age=data.get("minimum_age"),
                    schedule=data["schedule"],
                    slots=data["slots"],
                    source_item=source_item,
                    source_decision=source_decision,
                )
            except ActionError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("La mission est publiée."))
                return redirect(mission.get_absolute_url())
        status = 400
    context = {
        "form": form,
        "source_item": source_item,
        "source_decision": source_decision,
        "map_quartiers": _quartiers_for_map(),
    }
    return render(request, "missions/mission_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    actor_ids = set(actor_roles(user))
    if not permissions.can_publish(user, actor_ids):
        raise HttpForbidden
    initial = {"initiative": parse_int(request.GET.get("initiative", ""), minimum=1)}
    form = EventForm(request.POST if request.method == "POST" else None, initial=initial)
    form.set_departments(_departments_for(user))
    form.set_actors(actor_ids, agent=permissions.can_publish(user))
    form.set_demarches(demarches_run_by(user).order_by("title"))
    form.set_initiatives(managed_initiatives(user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                event = actions.event_publish(
                    author=user,
                    title=data["title"],
                    description=data["description"],
                    department=data.get("department"),
                    actor=data.get("actor"),
                    organisation_name=data.get("organisation_name") or "",
                    organisation_contact=data.get("organisation_contact") or "",
                    address=data["address"],
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                    accessibility=data.get("accessibility") or "",
                    starts_at=aware(data["day"], data["start"]),
                    ends_at=aware(data["day"], data["end"]),
                    capacity=data["capacity"],
                    demarche=data.get("demarche"),
                    initiative=data.get("initiative"),
                )
            except ActionError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("La rencontre est publiée."))
                return redirect(event.get_absolute_url())
        status = 400
    context = {"form": form, "map_quartiers": _quartiers_for_map()}
    return render(request, "missions/event_form.html", context, status=status)


# One mission or event


def _detail(request: HttpRequest, activity: Organised, slots: list[Slot]) -> HttpResponse:
    now = timezone.now()
    mine = queries.own_registrations(request.user, [slot.pk for slot in slots])
    rows = [
        {
            "slot": slot,
            "registration": mine.get(slot.pk),
            "open": permissions.can_register(request.user, slot, now=now) or not request.user.is_authenticated,
            "past": slot.starts_at <= now,
        }
        for slot in slots
    ]
    roles = queries.roles_for(request.user, activity)
    context = {
        "activity": activity,
        "is_mission": isinstance(activity, Mission),
        "rows": rows,
        "readable": permissions.can_read(request.user, activity, roles),
        "can_manage": permissions.can_manage(request.user, activity, roles),
        "registration_form": RegistrationForm(),
        "contact_form": ContactForm(),
        "now": now,
    }
    return render(request, "missions/detail.html", context)


@require_GET
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mission = queries.mission_get_for(request.user, pk)
    return _detail(request, mission, list(mission.slots.all()))


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.event_get_for(request.user, pk)
    return _detail(request, event, [event.slot])


def _get(kind: str, request: HttpRequest, pk: int) -> Organised:
    if kind == "mission":
        return queries.mission_get_for(request.user, pk)
    return queries.event_get_for(request.user, pk)


# Registration


@login_required
@require_POST
def slot_register(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    slot = queries.slot_get_for(user, pk)
    back = slot.activity.get_absolute_url()
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Pour vous inscrire, acceptez que vos coordonnées soient transmises aux organisateurs.")
        )
        return redirect(back)
    try:
        registration = actions.registration_create(
            person=user, slot=slot, consent=True, age_confirmed=form.cleaned_data["age_confirmed"]
        )
    except ActionError as error:
        messages.error(request, error.message)
        return redirect(back)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("Votre inscription est confirmée. Un courriel vous le confirme."))
    else:
        messages.info(
            request,
            _(
                "Ce créneau est complet : vous êtes sur la liste d’attente. "
                "Vous serez prévenu·e si une place se libère."
            ),
        )
    return redirect(back)


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    registration = queries.own_registration_get(user, pk)
    try:
        actions.registration_cancel(person=user, registration=registration)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre inscription est annulée."))
    return redirect(local_path(request.POST.get("next"), request) or reverse("missions:mine"))


@login_required
@require_GET
def registration_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    registration = queries.own_registration_get(request.user, pk)
    slot = registration.slot
    activity = slot.activity
    description = activity.what if isinstance(activity, Mission) else activity.description
    text = ics.calendar(
        uid=f"inscription-{registration.pk}@{request.get_host().split(':')[0] or 'cocite'}",
        summary=activity.title,
        description=description[:1000],
        location=activity.address,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        url=request.build_absolute_uri(activity.get_absolute_url()),
        stamp=timezone.now(),
        cancelled=not registration.is_active or activity.is_cancelled,
        latitude=activity.latitude,
        longitude=activity.longitude,
    )
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscription-{registration.pk}.ics"'
    return response


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    return render(request, "missions/mine.html", {"mine": queries.my_registrations(user)})


@login_required
@require_GET
def hours_certificate(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    data = queries.certificate_for(user)
    if not data.lines:
        messages.info(
            request, _("Aucune heure de bénévolat n’a encore été confirmée : pas d’attestation pour l’instant.")
        )
        return redirect("missions:mine")
    pdf = certificate.render(data, issued=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="attestation-benevolat.pdf"'
    return response


# Organisers


def _managed(kind: str, request: HttpRequest, pk: int) -> Organised:
    activity = _get(kind, request, pk)
    queries.managed_get(request.user, activity)
    return activity


def _manage(kind: str) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_GET
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        activity = _managed(kind, request, pk)
        now = timezone.now()
        slots = queries.signups(activity)
        roles = queries.roles_for(request.user, activity)
        for slot in slots:
            slot.attendance_open = permissions.can_confirm_attendance(  # type: ignore[attr-defined]
                request.user, slot, now=now, actor_roles=roles
            )
        context = {
            "activity": activity,
            "is_mission": kind == "mission",
            "slots": slots,
            "now": now,
            "message_form": MessageForm(),
            "notes_form": NotesForm(
                initial={
                    "notes": getattr(activity, "notes", ""),
                    "attendance_count": getattr(activity, "attendance_count", None),
                }
            ),
        }
        return render(request, "missions/manage.html", context)

    return view


def _export(kind: str) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_GET
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        activity = _managed(kind, request, pk)
        buffer = io.StringIO()
        writer = csv_writer.writer(buffer)
        writer.writerow(
            [_("Créneau"), _("Nom"), _("Pseudonyme"), _("Courriel"), _("Statut"), _("Inscrit·e le"),
             _("Présent·e"), _("Heures"), _("Consentement accepté")]
        )  # fmt: skip
        for row in queries.export_rows(activity).iterator(chunk_size=500):
            writer.writerow(
                [
                    date_format(timezone.localtime(row.slot.starts_at), "SHORT_DATETIME_FORMAT"),
                    row.person.get_full_name(),
                    row.person.display_name,
                    row.person.email,
                    row.get_status_display(),
                    date_format(timezone.localtime(row.created_at), "SHORT_DATETIME_FORMAT"),
                    "" if row.attended is None else (_("oui") if row.attended else _("non")),
                    "" if row.hours is None else str(row.hours),
                    row.consent_text,
                ]
            )
        response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="inscriptions-{kind}-{activity.pk}.csv"'
        return response

    return view


def _message(kind: str) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        activity = _managed(kind, request, pk)
        form = MessageForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Indiquez l’objet et le texte du message."))
        else:
            try:
                actions.message_send(author=signed_in(request.user), activity=activity, **form.cleaned_data)
            except ActionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Le message part aux personnes inscrites."))
        return redirect(reverse(f"missions:{kind}_manage", kwargs={"pk": activity.pk}))

    return view


def _contact(kind: str) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        activity = _get(kind, request, pk)
        form = ContactForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Écrivez votre question (2 000 caractères au plus)."))
        else:
            try:
                actions.contact_organisers(
                    person=signed_in(request.user), activity=activity, body=form.cleaned_data["body"]
                )
            except ActionError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("Votre question est transmise aux organisateurs ; ils vous répondront par courriel.")
                )
        return redirect(activity.get_absolute_url())  # type: ignore[attr-defined]

    return view


def _cancel(kind: str) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        activity = _managed(kind, request, pk)
        try:
            count = actions.activity_cancel(organiser=signed_in(request.user), activity=activity)
        except ActionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Annulé ; %(n)s personne(s) prévenue(s).") % {"n": count})
        return redirect(reverse(f"missions:{kind}_manage", kwargs={"pk": activity.pk}))

    return view


mission_manage = _manage("mission")
event_manage = _manage("event")
mission_export = _export("mission")
event_export = _export("event")
mission_message = _message("mission")
event_message = _message("event")
mission_contact = _contact("mission")
event_contact = _contact("event")
mission_cancel = _cancel("mission")
event_cancel = _cancel("event")


@login_required
@require_POST
def slot_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    slot = queries.slot_get_for(user, pk)
    activity = slot.activity
    queries.managed_get(user, activity)
    entries = {}
    for registration in slot.registrations.filter(status=Registration.Status.CONFIRMED).only("pk"):
        attended = request.POST.get(f"present_{registration.pk}") == "1"
        entries[registration.pk] = (attended, parse_hours(request.POST.get(f"hours_{registration.pk}", "")))
    try:
        count = actions.attendance_confirm(organiser=user, slot=slot, entries=entries)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Présences enregistrées (%(n)s).") % {"n": count})
    kind = "mission" if isinstance(activity, Mission) else "event"
    return redirect(reverse(f"missions:{kind}_manage", kwargs={"pk": activity.pk}))


@login_required
@require_POST
def event_notes(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request.user)
    event = queries.event_get_for(user, pk)
    if not isinstance(event, Event):
        raise Http404
    queries.managed_get(user, event)
    form = NotesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Écrivez le compte rendu ; le nombre de participants est un nombre positif."))
    else:
        try:
            actions.event_notes_publish(organiser=user, event=event, **form.cleaned_data)
        except ActionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Le compte rendu est publié."))
    return redirect(reverse("missions:event_manage", kwargs={"pk": event.pk}))
