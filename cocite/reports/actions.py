"""Every write on reports: keyword-only, transactional, permission-checked."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from typing import IO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocite.accounts.models import User
from cocite.accounts.viewer import is_active_user
from cocite.contributions.images import clean_image
from cocite.core import ratelimit
from cocite.core.errors import ActionError, PermissionDenied
from cocite.core.taskqueue import task_named
from cocite.core.validators import reject_direction_controls
from cocite.demarches.actions import demarche_draft_create
from cocite.demarches.models import Demarche
from cocite.demarches.permissions import can_view_demarche
from cocite.items.actions import ItemFacts, items_link_to_demarche
from cocite.moderation.reasons import PENDING
from cocite.moderation.sanctions import refuse_if_blocked
from cocite.moderation.words import held_back_words
from cocite.notifications.models import Notification
from cocite.territory.geo import contains_point
from cocite.territory.models import Department, Quartier

from . import permissions, queries, signals
from .models import (
    OPEN_STATUSES,
    RESOURCE_KIND,
    ApiKey,
    Category,
    Channel,
    Report,
    ReportEvent,
    ReportFollower,
    ReportPhoto,
    Status,
)

MAX_PHOTOS = 3
DESCRIPTION_MAX = 5000
MESSAGE_MAX = 2000


def _email_event(event_key: str) -> None:
    """The immediate mails of these notifications, sent by a task worker: the page does not wait on the mail server."""
    task_named("notifications.email_event").enqueue(event_key)


def locate(latitude: float | None, longitude: float | None) -> Quartier | None:
    """The quartier the point falls in (point-in-polygon); a point outside every quartier is refused."""
    if latitude is None and longitude is None:
        return None
    if latitude is None or longitude is None:
        raise ActionError(_("Indiquez la latitude et la longitude, ou aucune des deux."), code="point_incomplete")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ActionError(_("Ce point n'existe pas."), code="point_invalid", field="latitude")
    bounded = list(Quartier.objects.filter(boundary__isnull=False).only("pk", "name", "boundary"))
    for candidate in bounded:
        if candidate.boundary and contains_point(candidate.boundary, longitude, latitude):
            return candidate
    if bounded:
        raise ActionError(
            _("Ce point est en dehors du territoire de la commune. Placez-le dans l'un des quartiers."),
            code="point_outside",
            field="latitude",
        )
    return None


def _clean_photos(images: Iterable[tuple[IO[bytes], str]]) -> list[tuple[ContentFile[bytes], str]]:
    cleaned: list[tuple[ContentFile[bytes], str]] = []
    for upload, alt_text in images:
        if len(cleaned) >= MAX_PHOTOS:
            raise ActionError(_("Trois photos au plus."), code="too_many_photos", field="images")
        if not (alt_text or "").strip():
            raise ActionError(
                _("Décrivez chaque image en quelques mots (texte alternatif)."), code="image_alt", field="images"
            )
        try:
            # The contributions' checks: real JPEG/PNG/WebP, bounded, re-encoded without metadata.
            cleaned.append((clean_image(upload, name=secrets.token_urlsafe(18)), alt_text.strip()[:250]))
        except ValidationError as error:
            raise ActionError(error.messages[0], code=error.code or "image_invalid", field="images") from error
    return cleaned


def _contact(email: str) -> str:
    """A valid address to keep someone informed, or "" (a wrong one is refused with a French message)."""
    email = (email or "").replace("\x00", "").strip()
    if not email:
        return ""
    try:
        validate_email(email)
        reject_direction_controls(email)
    except ValidationError as error:
        raise ActionError(
            _("Indiquez une adresse électronique valide."), code="email_invalid", field="contact_email"
        ) from error
    return email[:254]


def _check_rate(who: object, *, scope: str, count: bool = True) -> None:
    ratelimit.enforce(
        scope,
        who,
        _(
            "Vous avez fait beaucoup de signalements en peu de temps. "
            "Vous pourrez en faire d'autres à partir de %(moment)s."
        ),
        count=count,
    )


def _create(
    *,
    category: Category,
    description: str,
    latitude: float | None,
    longitude: float | None,
    address: str,
    images: Iterable[tuple[IO[bytes], str]],
    author: User | None,
    recorded_by: User | None,
    channel: str,
    offline_author_name: str,
    contact_email: str = "",
    rate_scope: str,
    rate_who: object,
    rate_limited: bool,
) -> Report:
    if not category.active:
        raise ActionError(_("Choisissez une catégorie proposée."), code="category_invalid", field="category")
    # NUL bytes are no text (PostgreSQL refuses them): an API client may send them.
    description = (description or "").replace("\x00", "").strip()
    address = (address or "").replace("\x00", "")
    offline_author_name = (offline_author_name or "").replace("\x00", "")
    if not description:
        raise ActionError(_("Décrivez le problème."), code="description_required", field="description")
    if len(description) > DESCRIPTION_MAX:
        raise ActionError(
            _("La description ne peut dépasser 5 000 caractères."), code="description_length", field="description"
        )
    address = " ".join((address or "").split())[:250]
    if latitude is None and longitude is None and not address:
        raise ActionError(
            _("Placez un point sur la carte ou indiquez une adresse."), code="place_required", field="address"
        )
    quartier = locate(latitude, longitude)
    if rate_limited:
        _check_rate(rate_who, scope=rate_scope, count=False)
    cleaned = _clean_photos(images)
    if rate_limited:
        _check_rate(rate_who, scope=rate_scope)
    now = timezone.now()
    # A word of the commune's list: saved, not public until a moderator approves it (the moderation
    # queue's « À valider »; `report_publish` then sends what waited), like a contribution.
    held = bool(held_back_words([description, address]))
    report = Report.objects.create(
        masked_at=now if held else None,
        masked_reason=PENDING if held else "",
        category=category,
        department=category.department,
        description=description,
        latitude=latitude,
        longitude=longitude,
        address=address,
        quartier=quartier,
        author=author,
        recorded_by=recorded_by,
        channel=channel,
        offline_author_name=offline_author_name.strip()[:80],
        contact_email=_contact(contact_email),
        due_at=now + datetime.timedelta(days=category.answer_delay_days),
    )
    for content, alt_text in cleaned:
        ReportPhoto.objects.create(report=report, image=content, alt_text=alt_text)
    ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.SUBMITTED,
        status=Status.RECEIVED,
        department=report.department,
        actor=recorded_by or author,
    )
    transaction.on_commit(lambda: signals.report_received.send(sender=Report, report=report))
    return report


@transaction.atomic
def report_submit(
    *,
    user: User,
    category: Category,
    description: str,
    latitude: float | None = None,
    longitude: float | None = None,
    address: str = "",
    images: Iterable[tuple[IO[bytes], str]] = (),
    follow: bool = True,
    channel: str = Channel.ONLINE,
    offline_author_name: str = "",
    contact_email: str = "",
    rate_limited: bool = True,
) -> Report:
    """A resident reports online (author = the person, followed if they asked), or an agent files on
    behalf of someone (channel ≠ en ligne: no author, the agent recorded it; `contact_email`, when the
    person wants to be kept informed, gets a mail at each step)."""
    if not permissions.can_submit(user):
        raise PermissionDenied(_("Connectez-vous pour signaler un problème."), code="submit_forbidden")
    refuse_if_blocked(user)
    on_behalf = channel != Channel.ONLINE
    if on_behalf:
        if not permissions.can_file_on_behalf(user):
            raise PermissionDenied(
                _("Seuls les agents peuvent saisir un signalement pour quelqu'un d'autre."), code="on_behalf_forbidden"
            )
        if channel not in Channel.values or channel == Channel.OPEN311:
            raise ActionError(_("Canal inconnu."), code="channel_invalid", field="channel")
    report = _create(
        category=category,
        description=description,
        latitude=latitude,
        longitude=longitude,
        address=address,
        images=images,
        author=None if on_behalf else user,
        recorded_by=user if on_behalf else None,
        channel=channel,
        offline_author_name=offline_author_name if on_behalf else "",
        contact_email=contact_email if on_behalf else "",
        rate_scope="report_offline" if on_behalf else "report",
        rate_who=user.pk,
        rate_limited=rate_limited,
    )
    if follow and not on_behalf:
        ReportFollower.objects.create(report=report, user=user)
    return report


@transaction.atomic
def report_submit_open311(
    *,
    api_key: ApiKey,
    category: Category,
    description: str,
    latitude: float | None = None,
    longitude: float | None = None,
    address: str = "",
    name: str = "",
    email: str = "",
) -> Report:
    """A report created by an Open311 client holding an API key (a department's key: its categories only);
    `email`, the person's, is told of each step as for a report filed at the front desk."""
    if not api_key.active:
        raise PermissionDenied(_("Clé d'API inactive."), code="api_key_invalid")
    if api_key.department_id is not None and category.department_id != api_key.department_id:
        raise PermissionDenied(
            _("Cette clé d'API ne permet pas de créer des signalements de cette catégorie."), code="api_key_scope"
        )
    return _create(
        category=category,
        description=description,
        latitude=latitude,
        longitude=longitude,
        address=address,
        images=(),
        author=None,
        recorded_by=None,
        channel=Channel.OPEN311,
        offline_author_name=name,
        contact_email=email,
        rate_scope="open311",
        rate_who=api_key.pk,
        rate_limited=True,
    )


@transaction.atomic
def report_join(*, user: User, report: Report) -> bool:
    """« C'est le même problème » : the person follows the report and counts +1, exactly once.

    The report's row is locked, so concurrent clicks queue; the unique (report, user) pair and the
    `plus_one` flag make the second click of the same person change nothing. Returns whether it counted.
    """
    if not is_active_user(user):
        raise PermissionDenied(_("Connectez-vous pour signaler le même problème."), code="join_forbidden")
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.is_masked or locked.status not in OPEN_STATUSES:
        raise ActionError(_("Ce signalement est clos."), code="report_closed")
    if locked.author_id == user.pk:
        raise ActionError(_("Vous avez fait ce signalement vous-même."), code="own_report")
    try:
        with transaction.atomic():
            follower, _created = ReportFollower.objects.get_or_create(report=locked, user=user)
    except IntegrityError:  # a concurrent request of the same person inserted it first
        follower = ReportFollower.objects.get(report=locked, user=user)
    if follower.plus_one:
        return False
    changed = ReportFollower.objects.filter(pk=follower.pk, plus_one=False).update(plus_one=True)
    if not changed:
        return False
    Report.objects.filter(pk=locked.pk).update(plus_one_count=F("plus_one_count") + 1)
    return True


def report_follow(*, user: User, report: Report, following: bool) -> bool:
    if not is_active_user(user):
        raise PermissionDenied(_("Connectez-vous pour suivre ce signalement."), code="follow_forbidden")
    if following:
        try:
            with transaction.atomic():
                ReportFollower.objects.create(report=report, user=user)
        except IntegrityError:
            return False
        return True
    deleted, _detail = ReportFollower.objects.filter(report=report, user=user, plus_one=False).delete()
    return deleted > 0


# The department's work


def _notify(report: Report, event: ReportEvent, actor: User | None, label: str) -> None:
    """Followers and the reporter are told (cocite.notifications: in their inbox, and by mail if they asked)."""
    recipients = set(ReportFollower.objects.filter(report=report).values_list("user_id", flat=True))
    if report.author_id:
        recipients.add(report.author_id)
    recipients.discard(actor.pk if actor else None)
    if report.contact_email:
        _tell_contact(report, event, label)
    if not recipients:
        return
    key = f"report-event:{event.pk}"
    content_type = ContentType.objects.get_for_model(Report)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=Notification.Kind.STATUS_CHANGED,
                actor=actor,
                target_type=content_type,
                target_id=report.pk,
                payload={"title": str(report), "new_status": label},
                url=report.get_absolute_url(),
                event_key=key,
            )
            for user_id in sorted(recipients)
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: _email_event(key))


def _tell_contact(report: Report, event: ReportEvent, label: str) -> None:
    """The person a report was filed for, who asked to be kept informed: a mail at each step."""
    url = str(settings.SITE_URL).rstrip("/") + report.get_absolute_url()
    subject = _("Votre signalement : %(status)s") % {"status": label}
    lines = [
        _("Votre signalement « %(title)s » : %(status)s.") % {"title": str(report), "status": label},
        "",
    ]
    if event.message:
        lines += [_("Message du service :"), event.message, ""]
    lines.append(_("Suivi public : %(url)s") % {"url": url})
    body = "\n".join(lines)
    recipient = report.contact_email
    transaction.on_commit(lambda: task_named("reports.send_mail").enqueue(subject, body, [recipient]))


def _forward(report: Report, recipient: str, competent_body: str) -> None:
    # Read outside the site: the whole address of the public page, not a path.
    url = str(settings.SITE_URL).rstrip("/") + reverse("reports:detail", kwargs={"pk": report.pk})
    subject = _("Signalement transmis : %(title)s") % {"title": str(report)}
    body = _(
        "La commune vous transmet ce signalement, qui relève de %(body)s.\n\n"
        "Catégorie : %(category)s\nLieu : %(place)s\n\n%(description)s\n\nSuivi public : %(url)s"
    ) % {
        "body": competent_body,
        "category": report.category.name,
        "place": report.place_label,
        "description": report.description,
        "url": url,
    }
    transaction.on_commit(lambda: task_named("reports.send_mail").enqueue(subject, body, [recipient]))


@transaction.atomic
def report_set_status(
    *,
    agent: User,
    report: Report,
    status: str,
    message: str = "",
    planned_for: datetime.date | None = None,
    competent_body: str = "",
    forward_to: str = "",
) -> ReportEvent:
    """A status change by an agent of the report's department, with its public message (a timeline event)."""
    locked = Report.objects.select_for_update().select_related("category").get(pk=report.pk)
    if not is_active_user(agent) or not permissions.can_handle(agent, locked):
        raise PermissionDenied(
            _("Seuls les agents du service chargé de ce signalement le traitent."), code="handle_forbidden"
        )
    if status not in Status.values:
        raise ActionError(_("Choisissez un statut proposé."), code="status_invalid", field="status")
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ActionError(_("Le message ne peut dépasser 2 000 caractères."), code="message_length", field="message")
    if status == Status.PLANNED:
        if planned_for is None:
            raise ActionError(
                _("Indiquez la date prévue de l'intervention."), code="date_required", field="planned_for"
            )
        if planned_for < timezone.localdate():
            raise ActionError(
                _("La date prévue de l'intervention ne peut pas être passée."), code="date_past", field="planned_for"
            )
        locked.planned_for = planned_for
    if status == Status.REJECTED and not message:
        raise ActionError(
            _("Expliquez pourquoi ce signalement n'est pas retenu."), code="reason_required", field="message"
        )
    if status == Status.NOT_OURS:
        competent_body = " ".join((competent_body or "").split())[:200]
        if not competent_body:
            raise ActionError(
                _("Nommez l'organisme compétent (par exemple le département ou l'intercommunalité)."),
                code="competent_body_required",
                field="competent_body",
            )
        locked.competent_body = competent_body
    now = timezone.now()
    old_status = locked.status
    locked.status = status
    if status != Status.RECEIVED and locked.answered_at is None:
        locked.answered_at = now
    if status == Status.RESOLVED:
        locked.resolved_at, locked.confirmation_asked_at = now, None
    locked.save()
    event = ReportEvent.objects.create(
        report=locked,
        kind=ReportEvent.Kind.STATUS,
        status=status,
        message=message,
        department=locked.department,
        actor=agent,
    )
    if status == Status.NOT_OURS and forward_to:
        _forward(locked, forward_to, competent_body)
    _notify(locked, event, agent, str(Status(status).label))
    report.status, report.planned_for, report.competent_body = locked.status, locked.planned_for, locked.competent_body
    _status_changed(locked, event, old_status)
    return event


def _status_changed(report: Report, event: ReportEvent, old_status: str) -> None:
    """On commit, tell the listeners (the webhooks) the status moved (a message on the same status is no change)."""
    new_status = report.status
    if old_status == new_status:
        return
    transaction.on_commit(
        lambda: signals.report_status_changed.send(
            sender=Report, report=report, event=event, old_status=old_status, new_status=new_status
        )
    )


@transaction.atomic
def report_reassign(*, agent: User, report: Report, department: Department, reason: str) -> ReportEvent:
    """Send the report to another department's queue, saying why (shown on the timeline)."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not is_active_user(agent) or not permissions.can_handle(agent, locked):
        raise PermissionDenied(
            _("Seuls les agents du service chargé de ce signalement le traitent."), code="handle_forbidden"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("Indiquez la raison de la réorientation."), code="reason_required", field="reason")
    if department.pk == locked.department_id:
        raise ActionError(
            _("Le signalement est déjà dans la file de ce service."), code="same_department", field="department"
        )
    locked.department = department
    locked.save(update_fields=["department", "updated_at"])
    report.department = department
    return ReportEvent.objects.create(
        report=locked,
        kind=ReportEvent.Kind.REASSIGNED,
        status=locked.status,
        message=reason[:MESSAGE_MAX],
        department=department,
        actor=agent,
    )


@transaction.atomic
def confirmations_ask(*, now: datetime.datetime | None = None) -> int:
    """Four weeks after « résolu », the reporter is asked « le problème est-il réglé ? » (once)."""
    asked = 0
    for report in queries.due_for_confirmation(now).select_for_update():
        report.confirmation_asked_at = now or timezone.now()
        report.save(update_fields=["confirmation_asked_at"])
        event_key = f"report-confirm:{report.pk}:{report.resolved_at:%Y%m%d%H%M%S}"
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=int(report.author_id or 0),
                    kind=Notification.Kind.STATUS_CHANGED,
                    target_type=ContentType.objects.get_for_model(Report),
                    target_id=report.pk,
                    payload={"title": str(report), "new_status": _("Le problème est-il réglé ?")},
                    url=reverse("reports:confirm", kwargs={"pk": report.pk}),
                    event_key=event_key,
                )
            ],
            ignore_conflicts=True,
        )
        transaction.on_commit(lambda key=event_key: _email_event(key))  # type: ignore[misc]
        asked += 1
    return asked


@transaction.atomic
def report_confirm(*, user: User, report: Report, solved: bool, message: str = "") -> ReportEvent:
    """The reporter answers: « oui » closes the question; « non » reopens it in the department's queue."""
    locked = Report.objects.select_for_update().select_related("category").get(pk=report.pk)
    if not permissions.can_confirm(user, locked):
        raise PermissionDenied(
            _("Seule la personne qui a fait le signalement répond à cette question."), code="confirm_forbidden"
        )
    if locked.status != Status.RESOLVED:
        raise ActionError(_("Ce signalement n'est pas marqué résolu."), code="not_resolved")
    message = (message or "").strip()[:MESSAGE_MAX]
    if solved:
        kind, status = ReportEvent.Kind.CONFIRMED, Status.RESOLVED
        locked.confirmation_asked_at = locked.confirmation_asked_at or timezone.now()
    else:
        kind, status = ReportEvent.Kind.REOPENED, Status.RECEIVED
        locked.status, locked.resolved_at, locked.confirmation_asked_at = Status.RECEIVED, None, None
        locked.due_at = timezone.now() + datetime.timedelta(days=locked.category.answer_delay_days)
        locked.answered_at = None
    locked.save()
    report.status = locked.status
    event = ReportEvent.objects.create(
        report=locked, kind=kind, status=status, message=message, department=locked.department, actor=user
    )
    if not solved:
        _notify(locked, event, user, _("Rouvert"))
        _status_changed(locked, event, Status.RESOLVED)
    return event


# Patterns → démarche


@transaction.atomic
def demarche_from_reports(
    *, agent: User, category: Category, quartier: Quartier | None, title: str, limit: int = 200
) -> Demarche:
    """« Transformer en démarche » : a draft démarche run by the category's department (cocite.demarches),
    whose context cites the reports, which become its items (cocite.items) and name it on their page.

    Idempotent: a report already carried into a démarche is never carried again; when every report of
    the selection already is, nothing is created (a French error names the démarche).
    """
    if not permissions.can_see_patterns(agent) or not permissions.handles(agent, category.department_id):
        raise PermissionDenied(
            _("Seuls les agents du service responsable de la catégorie créent cette démarche."),
            code="demarche_forbidden",
        )
    title = " ".join((title or "").split())[:160]
    if len(title) < 5:
        raise ActionError(
            _("Donnez un titre à la démarche (5 caractères au moins)."), code="title_required", field="title"
        )
    found = queries.reports_for_demarche(
        category=category.slug, quartier=quartier.slug if quartier else "", limit=limit
    )
    # Row locks: two agents transforming the same reports at once queue; the second finds them carried.
    locked = list(
        Report.objects.select_for_update().filter(pk__in=[r.pk for r in found], demarche__isnull=True).order_by("pk")
    )
    reports = [r for r in found if r.pk in {x.pk for x in locked}]
    if not reports:
        carried = next((r.demarche for r in found if r.demarche is not None), None)
        if carried is not None:
            # A draft is seen by administrators only: its title is not told to the others.
            message = (
                _("Ces signalements sont déjà repris dans la démarche « %(title)s ».") % {"title": carried.title}
                if can_view_demarche(agent, carried)
                else _("Ces signalements sont déjà repris dans une démarche, encore en brouillon.")
            )
            raise ActionError(message, code="already_carried")
        raise ActionError(_("Aucun signalement à reprendre pour cette catégorie et ce quartier."), code="no_reports")
    lines = [
        ngettext(
            "Cette démarche reprend %(n)s signalement de la catégorie « %(category)s » :",
            "Cette démarche reprend %(n)s signalements de la catégorie « %(category)s » :",
            len(reports),
        )
        % {"n": len(reports), "category": category.name},
        "",
    ]
    lines += [f"- [{r} ({r.created_at:%d/%m/%Y})]({r.get_absolute_url()})" for r in reports]
    demarche = demarche_draft_create(
        actor=agent,
        department=category.department,
        title=title,
        framing_question=_("Comment régler durablement ce problème récurrent ?"),
        context="\n".join(lines),
        quartier_ids=[quartier.pk] if quartier is not None else [],
    )
    linked = set(
        items_link_to_demarche(
            kind=RESOURCE_KIND,
            demarche_id=demarche.pk,
            facts=[
                ItemFacts(object_id=r.pk, demarche_id=demarche.pk, title=str(r), created_at=r.created_at)
                for r in reports
            ],
        )
    )
    reports = [r for r in reports if r.pk in linked]
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(demarche=demarche, updated_at=timezone.now())
    ReportEvent.objects.bulk_create(
        [
            ReportEvent(
                report=r,
                kind=ReportEvent.Kind.DEMARCHE,
                status=r.status,
                message=_("Repris dans la démarche « %(title)s ».") % {"title": demarche.title},
                department=r.department,
                actor=agent,
            )
            for r in reports
        ]
    )
    for r in reports:
        r.demarche = demarche
    return demarche


# Moderation hooks


def report_mask(report: Report, reason: str) -> None:
    Report.objects.filter(pk=report.pk).update(masked_at=timezone.now(), masked_reason=reason[:300])
    report.refresh_from_db(fields=["masked_at", "masked_reason"])


def report_publish(report: Report) -> None:
    """A report held back by the word list, approved by a moderator: what its submission would have sent
    (the subscribers' « received » event; the department's agents already saw it) goes now."""
    transaction.on_commit(lambda: signals.report_received.send(sender=Report, report=report))


def report_unmask(report: Report) -> None:
    Report.objects.filter(pk=report.pk).update(masked_at=None, masked_reason="")
    report.refresh_from_db(fields=["masked_at", "masked_reason"])


def report_redact(report: Report, texts: dict[str, str]) -> None:
    if "description" in texts:
        Report.objects.filter(pk=report.pk).update(description=texts["description"][:DESCRIPTION_MAX])
        report.refresh_from_db(fields=["description"])


# API keys


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_key_create(*, name: str, department: Department | None = None) -> tuple[ApiKey, str]:
    """A new key; the raw value is returned once (only its hash is stored)."""
    raw = "c311_" + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(name=name[:120], prefix=raw[:12], key_hash=hash_key(raw), department=department)
    return key, raw


def api_key_authenticate(raw: str) -> ApiKey | None:
    """The active key with this value (None otherwise); its use is dated, and rate-limited per key."""
    if not raw or len(raw) > 200:
        return None
    key = queries.api_key_by_hash(hash_key(raw))
    if key is not None:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key
