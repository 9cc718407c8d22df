"""Every write of the network: keyword-only, transactional, permission-checked."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.permissions import is_agent, is_elected_official
from cocite.contributions.images import clean_image
from cocite.contributions.models import Contribution
from cocite.core import ratelimit, search
from cocite.core.cache import invalidate_pages
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.core.taskqueue import task_named
from cocite.decisions.actions import decision_publish, routing_auto
from cocite.decisions.models import Decision
from cocite.demarches.models import Audience, Demarche
from cocite.items.actions import ItemFacts, item_register
from cocite.items.models import Item, ItemStatus
from cocite.moderation.sanctions import refuse_if_blocked
from cocite.notifications.actions import email_immediately, follow_auto
from cocite.notifications.models import Notification
from cocite.territory.models import Quartier, Theme
from cocite.territory.validators import validate_siren

from . import matching, permissions, queries, signals
from .models import (
    Actor,
    ActorInvitation,
    ActorKind,
    ActorMembership,
    ActorMessage,
    ActorOffer,
    CallForHelp,
    CallKind,
    ContributionActor,
    Direction,
    HelpOffer,
    Incubation,
    Initiative,
    NewsPost,
    OfferCategory,
    PersonSkills,
    Stage,
)
from .validators import validate_rna

MAIL_TASK = "network.send_mail"  # tasks.send_network_mail, queued by name (imports go one way)
MATCHES_TASK = "network.notify_matches"  # tasks.notify_matches, queued by name on commit

RESOURCE_KIND = "initiative"
NETWORK_DEMARCHE_SLUG = "initiatives-du-territoire"
INVITATION_SALT = "cocite.network.invitation"
INVITATION_MAX_AGE = 14 * 86400


def _limit(user: User, scope: str = "network") -> None:
    ratelimit.enforce(
        scope, user.pk, _("Vous avez beaucoup écrit récemment : vous pourrez recommencer à partir de %(moment)s.")
    )


def _text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ActionError(_("Indiquez %(what)s.") % {"what": label}, code=f"{field}_required", field=field)
    if len(value) > max_length:
        raise ActionError(
            _("%(what)s : %(n)s caractères au plus.") % {"what": label, "n": max_length},
            code=f"{field}_too_long",
            field=field,
        )
    return value


def _mail(recipients: Sequence[str], subject: str, body: str) -> None:
    recipients = [r for r in recipients if r]
    if recipients:
        transaction.on_commit(lambda: task_named(MAIL_TASK).enqueue(list(recipients), subject, body))


def network_demarche() -> Demarche:
    """The public démarche hosting the initiatives' items (incubation requests and their decisions)."""
    demarche, _created = Demarche.objects.get_or_create(
        slug=NETWORK_DEMARCHE_SLUG,
        defaults={
            "title": "Les initiatives que la commune accompagne",  # stored data, in the commune's language
            "framing_question": "Quelles initiatives du territoire la commune soutient-elle ?",
            "status": Demarche.Status.PUBLISHED,
            "audience": Audience.EVERYONE,
        },
    )
    return demarche


# Actors


def _check_ids(ids: Iterable[int], model: type[Theme] | type[Quartier], field: str) -> list[int]:
    wanted = sorted(set(ids))
    found = list(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if len(found) != len(wanted):
        raise ActionError(_("Choix inconnu."), code=f"{field}_invalid", field=field)
    return found


def _clean_offers(offers: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    cleaned: dict[tuple[str, str], str] = {}
    for direction, category, details in offers:
        if direction not in Direction.values or category not in OfferCategory.values:
            raise ActionError(_("Choix inconnu."), code="offer_invalid", field="offers")
        cleaned[(direction, category)] = " ".join((details or "").split())[:300]
    return [(d, c, t) for (d, c), t in cleaned.items()]


def _validate_identifiers(siren: str, rna: str) -> tuple[str, str]:
    siren = "".join((siren or "").split())
    rna = (rna or "").strip().upper()
    try:
        if siren:
            validate_siren(siren)
    except ValidationError as error:
        raise ActionError(error.messages[0], code="siren_invalid", field="siren") from error
    try:
        if rna:
            validate_rna(rna)
    except ValidationError as error:
        raise ActionError(error.messages[0], code="rna_invalid", field="rna") from error
    return siren, rna


def _apply_actor_fields(actor: Actor, fields: dict[str, Any]) -> None:
    if fields["kind"] not in ActorKind.values:
        raise ActionError(_("Choisissez le type d'acteur."), code="kind_invalid", field="kind")
    actor.kind = fields["kind"]
    actor.name = _text(fields["name"], field="name", label=_("le nom"), max_length=150)
    actor.description = _text(fields["description"], field="description", label=_("la présentation"), max_length=5000)
    actor.address = _text(
        fields.get("address", ""), field="address", label=_("l'adresse"), max_length=250, required=False
    )
    lat: float | None = fields.get("latitude")
    lon: float | None = fields.get("longitude")
    if (lat is None) != (lon is None) or (
        lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)
    ):
        raise ActionError(_("Point sur la carte invalide."), code="point_invalid", field="address")
    actor.latitude, actor.longitude = lat, lon
    actor.website = fields.get("website", "") or ""
    actor.other_link = fields.get("other_link", "") or ""
    siren, rna = _validate_identifiers(fields.get("siren", ""), fields.get("rna", ""))
    if (siren != actor.siren or rna != actor.rna) and actor.verified_at is not None:
        actor.verified_at, actor.verified_by = None, None  # new identifiers: to be checked again
    actor.siren, actor.rna = siren, rna


def _save_logo(actor: Actor, logo: IO[bytes] | None) -> None:
    if logo is None:
        return
    try:
        cleaned = clean_image(logo, name="logo")
    except ValidationError as error:
        raise ActionError(error.messages[0], code=error.code or "image_invalid", field="logo") from error
    actor.logo.save(cleaned.name or "logo.png", cleaned, save=False)


def _index_actor(actor: Actor, offers: Sequence[tuple[str, str, str]]) -> None:
    search.index_document(queries.ACTOR_SEARCH_KIND, actor.pk, actor.name, actor.description, *[o[2] for o in offers])


@transaction.atomic
def actor_create(
    *,
    user: User,
    themes: Iterable[int] = (),
    quartiers: Iterable[int] = (),
    offers: Iterable[tuple[str, str, str]] = (),
    logo: IO[bytes] | None = None,
    rate_limited: bool = True,
    **fields: Any,
) -> Actor:
    if not permissions.can_create(user):
        raise PermissionDenied(_("Connectez-vous pour créer un acteur."), code="actor_forbidden")
    refuse_if_blocked(user)
    if rate_limited:
        _limit(user)
    actor = Actor(created_by=user)
    _apply_actor_fields(actor, fields)
    theme_ids = _check_ids(themes, Theme, "themes")
    quartier_ids = _check_ids(quartiers, Quartier, "quartiers")
    cleaned_offers = _clean_offers(offers)
    _save_logo(actor, logo)
    actor.save()
    actor.themes.set(theme_ids)
    actor.quartiers.set(quartier_ids)
    ActorOffer.objects.bulk_create(
        [ActorOffer(actor=actor, direction=d, category=c, details=t) for d, c, t in cleaned_offers]
    )
    ActorMembership.objects.create(actor=actor, user=user, role=ActorMembership.Role.ADMIN)
    _index_actor(actor, cleaned_offers)
    invalidate_pages()
    return actor


@transaction.atomic
def actor_update(
    *,
    user: User,
    actor: Actor,
    themes: Iterable[int] = (),
    quartiers: Iterable[int] = (),
    offers: Iterable[tuple[str, str, str]] = (),
    logo: IO[bytes] | None = None,
    **fields: Any,
) -> Actor:
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    if not permissions.is_actor_admin(user, queries.actor_roles(user), actor.pk):
        raise PermissionDenied(
            _("Seul·es les administrateur·rices de cet acteur le modifient."), code="actor_forbidden"
        )
    refuse_if_blocked(user)
    _limit(user)
    _apply_actor_fields(actor, fields)
    theme_ids = _check_ids(themes, Theme, "themes")
    quartier_ids = _check_ids(quartiers, Quartier, "quartiers")
    cleaned_offers = _clean_offers(offers)
    _save_logo(actor, logo)
    actor.save()
    actor.themes.set(theme_ids)
    actor.quartiers.set(quartier_ids)
    actor.offers.all().delete()
    ActorOffer.objects.bulk_create(
        [ActorOffer(actor=actor, direction=d, category=c, details=t) for d, c, t in cleaned_offers]
    )
    _index_actor(actor, cleaned_offers)
    invalidate_pages()
    return actor


@transaction.atomic
def actor_verify(*, agent: User, actor: Actor, verified: bool) -> Actor:
    """An agent confirms the actor's identity (SIREN/RNA checked against the registers): the badge."""
    if not permissions.can_verify_actor(agent):
        raise PermissionDenied(_("Seul·es les agent·es de la commune vérifient un acteur."), code="verify_forbidden")
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    if verified and not (actor.siren or actor.rna or actor.kind in (ActorKind.DEPARTMENT, ActorKind.PUBLIC_BODY)):
        raise ActionError(
            _("Un acteur se vérifie sur son SIREN ou son numéro RNA : il n'en a pas indiqué."), code="verify_nothing"
        )
    actor.verified_at = timezone.now() if verified else None
    actor.verified_by = agent if verified else None
    actor.save(update_fields=["verified_at", "verified_by", "updated_at"])
    invalidate_pages()
    return actor


# Members


def invitation_token(invitation: ActorInvitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> ActorInvitation:
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature as error:
        raise ActionError(_("Ce lien d'invitation n'est pas valide ou a expiré."), code="invitation_invalid") from error
    invitation = queries.invitation_get(int(pk)) if isinstance(pk, int) else None
    if invitation is None:
        raise ActionError(_("Ce lien d'invitation n'est pas valide ou a expiré."), code="invitation_invalid")
    return invitation


@transaction.atomic
def invitation_create(*, user: User, actor: Actor, email: str, role: str, base_url: str = "") -> ActorInvitation:
    if not permissions.is_actor_admin(user, queries.actor_roles(user), actor.pk):
        raise PermissionDenied(_("Seul·es les administrateur·rices invitent des membres."), code="invite_forbidden")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ActionError(_("Adresse électronique invalide."), code="email_invalid", field="email") from error
    if role not in ActorMembership.Role.values:
        raise ActionError(_("Choix inconnu."), code="role_invalid", field="role")
    if ActorMembership.objects.filter(actor=actor, user__email__iexact=email).exists():
        raise Conflict(_("Cette personne est déjà membre."), code="already_member", field="email")
    refuse_if_blocked(user)
    _limit(user)
    invitation = ActorInvitation.objects.create(actor=actor, email=email, role=role, invited_by=user)
    link = base_url + reverse("network:invitation", kwargs={"token": invitation_token(invitation)})
    _mail(
        [email],
        _("Invitation à rejoindre %(name)s sur Cocité") % {"name": actor.name},
        _(
            "%(person)s vous invite à rejoindre « %(name)s » sur la plateforme de participation.\n\n"
            "Pour accepter, connectez-vous avec cette adresse puis ouvrez ce lien (valable 14 jours) :\n%(link)s\n"
        )
        % {"person": user.display_name, "name": actor.name, "link": link},
    )
    return invitation


def invitation_refusal(*, user: User, invitation: ActorInvitation) -> ActionError | None:
    """Why this person may not accept this invitation (None if they may): the page says it instead of a form."""
    if invitation.accepted_at is not None:
        return Conflict(_("Cette invitation a déjà été acceptée."), code="invitation_used")
    if invitation.email.lower() != (user.email or "").lower():
        return PermissionDenied(
            _("Cette invitation a été envoyée à une autre adresse : connectez-vous avec celle-ci."),
            code="invitation_other_email",
        )
    if ActorMembership.objects.filter(actor_id=invitation.actor_id, user_id=user.pk).exists():
        return Conflict(_("Vous êtes déjà membre de cet acteur."), code="already_member")
    return None


@transaction.atomic
def invitation_accept(*, user: User, token: str) -> ActorMembership:
    invitation = invitation_from_token(token)
    invitation = ActorInvitation.objects.select_for_update().select_related("actor").get(pk=invitation.pk)
    refusal = invitation_refusal(user=user, invitation=invitation)
    if refusal is not None:
        raise refusal
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    membership, _created = ActorMembership.objects.get_or_create(
        actor=invitation.actor, user=user, defaults={"role": invitation.role}
    )
    invalidate_pages()
    return membership


@transaction.atomic
def membership_leave(*, user: User, actor: Actor) -> None:
    """Leave an actor; its last administrator cannot (name another one first)."""
    rows = list(ActorMembership.objects.select_for_update().filter(actor=actor).order_by("pk"))
    mine = next((m for m in rows if m.user_id == user.pk), None)
    if mine is None:
        raise ActionError(_("Vous n'êtes pas membre de cet acteur."), code="not_member")
    admins = [m for m in rows if m.role == ActorMembership.Role.ADMIN]
    if mine.role == ActorMembership.Role.ADMIN and len(admins) == 1:
        raise Conflict(
            _("Vous êtes le·la seul·e administrateur·rice : nommez-en un·e autre avant de partir."),
            code="last_admin",
        )
    mine.delete()
    invalidate_pages()


@transaction.atomic
def membership_set_role(*, user: User, membership: ActorMembership, role: str) -> ActorMembership:
    if not permissions.is_actor_admin(user, queries.actor_roles(user), membership.actor_id):
        raise PermissionDenied(_("Seul·es les administrateur·rices changent les rôles."), code="role_forbidden")
    if role not in ActorMembership.Role.values:
        raise ActionError(_("Choix inconnu."), code="role_invalid", field="role")
    rows = list(ActorMembership.objects.select_for_update().filter(actor_id=membership.actor_id))
    admins = [m for m in rows if m.role == ActorMembership.Role.ADMIN]
    if role != ActorMembership.Role.ADMIN and len(admins) == 1 and admins[0].pk == membership.pk:
        raise Conflict(_("Un acteur garde au moins un·e administrateur·rice."), code="last_admin")
    ActorMembership.objects.filter(pk=membership.pk).update(role=role)
    membership.role = role
    invalidate_pages()
    return membership


@transaction.atomic
def actor_message_send(*, user: User, actor: Actor, body: str) -> ActorMessage:
    """A message to an actor through the platform: its administrators get it by mail; no address is shown."""
    body = _text(body, field="body", label=_("votre message"), max_length=3000)
    refuse_if_blocked(user)
    _limit(user, "network_message")
    message = ActorMessage.objects.create(actor=actor, sender=user, body=body)
    admins = list(
        ActorMembership.objects.filter(actor=actor, role=ActorMembership.Role.ADMIN).values_list(
            "user__email", flat=True
        )
    )
    _mail(
        admins,
        _("Nouveau message pour %(name)s") % {"name": actor.name},
        _("%(person)s a écrit à « %(name)s » :\n\n%(body)s\n\nRépondez depuis la plateforme.")
        % {"person": user.display_name, "name": actor.name, "body": body},
    )
    return message


@transaction.atomic
def skills_set(
    *,
    user: User,
    categories: Iterable[str],
    skills: str,
    themes: Iterable[int],
    suggest_me: bool,
    notify_matches: bool | None = None,
) -> PersonSkills:
    """`notify_matches`: told of the calls for help one (or one's actors) matches; None keeps the choice."""
    cats = sorted(set(categories))
    if any(c not in OfferCategory.values for c in cats):
        raise ActionError(_("Choix inconnu."), code="category_invalid", field="categories")
    row, _created = PersonSkills.objects.get_or_create(user=user)
    row.categories = cats
    row.skills = _text(skills, field="skills", label=_("vos compétences"), max_length=500, required=False)
    row.suggest_me = bool(suggest_me)
    if notify_matches is not None:
        row.notify_matches = bool(notify_matches)
    row.save()
    row.themes.set(_check_ids(themes, Theme, "themes"))
    return row


# Initiatives


def _holder_check(user: User, initiative: Initiative) -> None:
    if not permissions.is_holder(user, queries.holder_ids(initiative)):
        raise PermissionDenied(_("Seul·es les porteur·ses de l'initiative peuvent faire cela."), code="not_holder")


CARRIABLE = (ItemStatus.ACCEPTED, ItemStatus.ACCEPTED_MODIFIED)


@transaction.atomic
def initiative_create(
    *,
    user: User,
    title: str,
    need: str,
    solution: str,
    stage: str = Stage.IDEA,
    actor: Actor | None = None,
    themes: Iterable[int] = (),
    quartiers: Iterable[int] = (),
    needs_items: Iterable[int] = (),
    carries: Item | None = None,
    rate_limited: bool = True,
) -> Initiative:
    if not permissions.can_create(user):
        raise PermissionDenied(_("Connectez-vous pour publier une initiative."), code="initiative_forbidden")
    if actor is not None and not permissions.is_actor_member(queries.actor_roles(user), actor.pk):
        raise PermissionDenied(_("Vous n'êtes pas membre de cet acteur."), code="not_member", field="actor")
    if stage not in Stage.values:
        raise ActionError(_("Choisissez une étape."), code="stage_invalid", field="stage")
    if carries is not None:
        if carries.status not in CARRIABLE:
            raise ActionError(
                _("Seule une idée retenue peut devenir une initiative."), code="not_retained", field="carries"
            )
        if actor is None:
            raise ActionError(
                _("Un projet retenu est porté par un acteur : choisissez-le."), code="actor_required", field="actor"
            )
    refuse_if_blocked(user)
    if rate_limited:
        _limit(user)
    item_ids = sorted(set(needs_items))
    if len(item_ids) > 20 or Item.objects.filter(pk__in=item_ids).count() != len(item_ids):
        raise ActionError(_("Choix inconnu."), code="items_invalid", field="needs_items")
    initiative = Initiative(
        title=_text(title, field="title", label=_("le titre"), max_length=160),
        need=_text(need, field="need", label=_("le besoin"), max_length=5000),
        solution=_text(solution, field="solution", label=_("la solution"), max_length=5000),
        stage=stage,
        actor=actor,
        holder=user,
        demarche=network_demarche(),
        carries=carries,
    )
    try:
        with transaction.atomic():
            initiative.save()
    except IntegrityError as error:
        raise Conflict(_("Ce projet est déjà porté par une initiative."), code="already_carried") from error
    initiative.themes.set(_check_ids(themes, Theme, "themes"))
    initiative.quartiers.set(_check_ids(quartiers, Quartier, "quartiers"))
    linked = set(item_ids) | ({carries.pk} if carries is not None else set())
    initiative.needs_items.set(sorted(linked))
    search.index_document(
        queries.INITIATIVE_SEARCH_KIND, initiative.pk, initiative.title, initiative.need, initiative.solution
    )
    follow_auto(user_id=user.pk, target=initiative)
    invalidate_pages()
    transaction.on_commit(lambda: signals.initiative_published.send(sender=Initiative, initiative=initiative))
    return initiative


@transaction.atomic
def initiative_set_stage(*, user: User, initiative: Initiative, stage: str) -> Initiative:
    _holder_check(user, initiative)
    if stage not in Stage.values:
        raise ActionError(_("Choisissez une étape."), code="stage_invalid", field="stage")
    Initiative.objects.filter(pk=initiative.pk).update(stage=stage, updated_at=timezone.now())
    initiative.stage = stage
    invalidate_pages()
    return initiative


@transaction.atomic
def initiative_add_team_member(*, user: User, initiative: Initiative, member: User) -> None:
    _holder_check(user, initiative)
    initiative.team.add(member)
    invalidate_pages()


@transaction.atomic
def referent_set(*, user: User, initiative: Initiative, referent: User | None) -> Initiative:
    if not permissions.can_name_referent(user):
        raise PermissionDenied(_("Seul·es les agent·es et élu·es nomment un·e référent·e."), code="referent_forbidden")
    if referent is not None and not (is_agent(referent) or is_elected_official(referent)):
        raise ActionError(_("Choisissez un·e agent·e ou un·e élu·e."), code="referent_invalid", field="referent")
    Initiative.objects.filter(pk=initiative.pk).update(referent=referent)
    initiative.referent = referent
    invalidate_pages()
    return initiative


@transaction.atomic
def call_create(
    *, user: User, initiative: Initiative, kind: str, what: str, when: str, rate_limited: bool = True
) -> CallForHelp:
    _holder_check(user, initiative)
    if kind not in CallKind.values:
        raise ActionError(_("Choisissez le type d'aide."), code="kind_invalid", field="kind")
    refuse_if_blocked(user)
    if rate_limited:
        _limit(user)
    if initiative.calls.filter(closed_at__isnull=True).count() >= 20:
        raise ActionError(_("Une initiative a 20 appels ouverts au plus."), code="too_many_calls")
    call = CallForHelp.objects.create(
        initiative=initiative,
        kind=kind,
        what=_text(what, field="what", label=_("ce qui est recherché"), max_length=300),
        when=_text(when, field="when", label=_("quand"), max_length=120),
    )
    transaction.on_commit(lambda: task_named(MATCHES_TASK).enqueue(call.pk))
    invalidate_pages()
    transaction.on_commit(lambda: signals.call_opened.send(sender=CallForHelp, call=call))
    return call


# Those a call matches, told if they asked (their notifications, so their digest)

# The best suggestions considered (matching.suggestions), and the members told per actor.
MATCHES_NOTIFIED = 20
MEMBERS_PER_ACTOR = 50


def call_matches_notify(*, call_id: int) -> int:
    """Tell the people a call for help matches, if they opted in (`PersonSkills.notify_matches`): the
    residents suggested for their own skills, and the members of the actors suggested. Each is told
    once per call (the notification's event key: retries and a person reached twice make one), with
    the reasons the matching gave; never the people who run the initiative. Returns how many were told
    now. Runs in the task worker (tasks.notify_matches), after the call's transaction committed."""
    call = CallForHelp.objects.filter(pk=call_id, closed_at__isnull=True).select_related("initiative").first()
    if call is None or call.initiative.masked_at is not None:
        return 0
    initiative = call.initiative
    found = matching.suggestions(call, limit=MATCHES_NOTIFIED, notifying=True)
    person_ids = [s.person.pk for s in found if s.person is not None]
    actor_ids = [s.actor.pk for s in found if s.actor is not None]
    willing = set(
        PersonSkills.objects.filter(user_id__in=person_ids, notify_matches=True, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    members: dict[int, list[int]] = {}
    for actor_id, user_id in (
        ActorMembership.objects.filter(
            actor_id__in=actor_ids, user__is_active=True, user__network_skills__notify_matches=True
        )
        .order_by("actor_id", "pk")
        .values_list("actor_id", "user_id")[: MEMBERS_PER_ACTOR * max(len(actor_ids), 1)]
    ):
        members.setdefault(actor_id, []).append(user_id)
    excluded = queries.holder_ids(initiative)
    told: dict[int, dict[str, str]] = {}
    for suggestion in found:  # best first: a person reached twice is told the best reason
        reasons = " · ".join(suggestion.reasons)
        if suggestion.person is not None:
            candidates, for_actor = ([suggestion.person.pk] if suggestion.person.pk in willing else []), ""
        else:
            assert suggestion.actor is not None
            candidates, for_actor = members.get(suggestion.actor.pk, [])[:MEMBERS_PER_ACTOR], suggestion.actor.name
        for user_id in candidates:
            if user_id not in excluded and user_id not in told:
                told[user_id] = {"reasons": reasons, "for_actor": for_actor}
    if not told:
        return 0
    key = f"call-match:{call.pk}"
    content_type = ContentType.objects.get_for_model(CallForHelp)
    url = f"{initiative.get_absolute_url()}#appel-{call.pk}"
    already = set(Notification.objects.filter(event_key=key).values_list("recipient_id", flat=True))
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=Notification.Kind.CALL_MATCH,
                target_type=content_type,
                target_id=call.pk,
                demarche_id=initiative.demarche_id,
                payload={"title": initiative.title, "what": call.what, **why},
                url=url,
                event_key=key,
            )
            for user_id, why in sorted(told.items())
            if user_id not in already
        ],
        ignore_conflicts=True,
    )
    email_immediately(event_key=key)
    return len(set(told) - already)


@transaction.atomic
def call_close(*, user: User, call: CallForHelp) -> CallForHelp:
    _holder_check(user, call.initiative)
    CallForHelp.objects.filter(pk=call.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    invalidate_pages()
    return call


@transaction.atomic
def help_offer(
    *, user: User, call: CallForHelp, message: str, actor: Actor | None = None, rate_limited: bool = True
) -> HelpOffer:
    """« Je peux aider »: one answer per person and call, with a message to the holders."""
    if not permissions.can_create(user):
        raise PermissionDenied(_("Connectez-vous pour proposer votre aide."), code="help_forbidden")
    if call.closed_at is not None:
        raise Conflict(_("Cet appel est clos."), code="call_closed")
    if user.pk in queries.holder_ids(call.initiative):
        raise ActionError(_("Vous portez déjà cette initiative."), code="own_initiative")
    if actor is not None and not permissions.is_actor_member(queries.actor_roles(user), actor.pk):
        raise PermissionDenied(_("Vous n'êtes pas membre de cet acteur."), code="not_member", field="actor")
    message = _text(message, field="message", label=_("votre message"), max_length=2000)
    refuse_if_blocked(user)
    if rate_limited:
        _limit(user)
    try:
        with transaction.atomic():
            answer = HelpOffer.objects.create(call=call, helper=user, actor=actor, message=message)
    except IntegrityError as error:
        raise Conflict(_("Vous avez déjà répondu à cet appel."), code="already_answered") from error
    holders = list(
        User.objects.filter(pk__in=queries.holder_ids(call.initiative), is_active=True).values_list("email", flat=True)
    )
    _mail(
        holders,
        _("Une proposition d'aide pour « %(title)s »") % {"title": call.initiative.title},
        _(
            "%(person)s peut aider (« %(what)s ») :\n\n%(message)s\n\n"
            "Acceptez ou déclinez depuis la page de l'initiative."
        )
        % {"person": user.display_name, "what": call.what, "message": message},
    )
    invalidate_pages()
    return answer


@transaction.atomic
def help_decide(*, user: User, answer: HelpOffer, accept: bool) -> HelpOffer:
    answer = HelpOffer.objects.select_for_update().select_related("call__initiative", "helper").get(pk=answer.pk)
    _holder_check(user, answer.call.initiative)
    if answer.status != HelpOffer.Status.PENDING:
        raise Conflict(_("Cette proposition a déjà reçu une réponse."), code="already_decided")
    answer.status = HelpOffer.Status.ACCEPTED if accept else HelpOffer.Status.DECLINED
    answer.decided_at = timezone.now()
    answer.save(update_fields=["status", "decided_at", "updated_at"])
    if accept:
        follow_auto(user_id=answer.helper_id, target=answer.call.initiative)
    _mail(
        [answer.helper.email],
        _("Votre proposition d'aide pour « %(title)s »") % {"title": answer.call.initiative.title},
        (
            _("Votre aide a été acceptée. Merci !")
            if accept
            else _("Votre aide n'a pas été retenue cette fois. Merci !")
        ),
    )
    invalidate_pages()
    return answer


@transaction.atomic
def news_post(*, user: User, initiative: Initiative, body: str, rate_limited: bool = True) -> NewsPost:
    _holder_check(user, initiative)
    body = _text(body, field="body", label=_("la nouvelle"), max_length=3000)
    refuse_if_blocked(user)
    if rate_limited:
        _limit(user)
    post = NewsPost.objects.create(initiative=initiative, author=user, body=body)
    invalidate_pages()
    return post


# Incubation


@transaction.atomic
def incubation_request(*, user: User, initiative: Initiative, request: str, rate_limited: bool = True) -> Incubation:
    """The holders ask the commune for support: an item routed to the competent department by theme."""
    _holder_check(user, initiative)
    request = _text(request, field="request", label=_("le soutien demandé"), max_length=3000)
    if Incubation.objects.filter(initiative=initiative).exists():
        raise Conflict(_("Un accompagnement a déjà été demandé pour cette initiative."), code="already_requested")
    refuse_if_blocked(user)
    if rate_limited:
        _limit(user)
    item = item_register(
        kind=RESOURCE_KIND,
        facts=ItemFacts(
            object_id=initiative.pk,
            demarche_id=initiative.demarche_id,
            title=initiative.title,
            created_at=timezone.now(),
        ),
    )
    incubation = Incubation.objects.create(initiative=initiative, requested_by=user, request=request, item=item)
    # Routed at once (not on commit): the competent department sees it in its inbox right away.
    routing_auto(item=item)
    invalidate_pages()
    return incubation


SUPPORT_MAX_MONTHS = 60


@transaction.atomic
def incubation_decide(
    *,
    user: User,
    incubation: Incubation,
    granted: bool,
    explanation: str,
    support_kind: str = "",
    amount: Decimal | None = None,
    premises: str = "",
    duration_months: int | None = None,
    decided_on: datetime.date | None = None,
) -> Decision:
    """The department's reasoned answer, published in the decision log (its permission rule applies)."""
    incubation = Incubation.objects.select_for_update().select_related("item", "initiative").get(pk=incubation.pk)
    if incubation.decision_id is not None:
        raise Conflict(_("Cette demande a déjà reçu une réponse."), code="already_decided")
    if granted:
        if support_kind not in Incubation.SupportKind.values:
            raise ActionError(_("Choisissez le soutien accordé."), code="support_kind_invalid", field="support_kind")
        if amount is not None and (amount < 0 or amount > Decimal("10000000")):
            raise ActionError(_("Montant invalide."), code="amount_invalid", field="amount")
        if duration_months is None or not 1 <= duration_months <= SUPPORT_MAX_MONTHS:
            raise ActionError(
                _("Indiquez une durée de 1 à %(n)s mois.") % {"n": SUPPORT_MAX_MONTHS},
                code="duration_invalid",
                field="duration_months",
            )
    decision = decision_publish(
        actor=user,
        items=[incubation.item],
        outcome=Decision.Outcome.ACCEPTED if granted else Decision.Outcome.REJECTED,
        explanation=explanation,
        body=Decision.Body.DEPARTMENT,
        decided_on=decided_on or timezone.localdate(),
        criteria=[_("Soutien accordé")] if granted else [],
    )
    incubation.decision = decision
    incubation.granted = granted
    if granted:
        incubation.support_kind = support_kind
        incubation.amount = amount
        incubation.premises = (premises or "").strip()[:200]
        incubation.duration_months = duration_months
    incubation.save()
    invalidate_pages()
    return decision


def status_changed_mirror(object_ids: Sequence[int], status: str) -> None:
    Initiative.objects.filter(pk__in=list(object_ids)).update(incubation_status=status)


def forget_person(user: User) -> None:
    """What is only personal: skills, pending invitations to their address, unanswered offers stay as history."""
    PersonSkills.objects.filter(user=user).delete()
    ActorInvitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()


# Contributions made in an actor's name (contributions/extensions.py calls this in the submission)


@transaction.atomic
def contribution_in_name_of(*, contribution: Contribution, author: User, actor_id: int) -> ContributionActor:
    """Record that `author`, a member of the actor, made this contribution of theirs in its name."""
    if contribution.author_id != author.pk:
        raise PermissionDenied(
            _("Seul·e l'auteur·rice d'une contribution la fait au nom d'un acteur."), code="not_author"
        )
    if contribution.demarche.pseudonymous:
        raise ActionError(_("Une démarche pseudonyme ne montre pas au nom de qui l'on contribue."), code="pseudonymous")
    actor = Actor.objects.filter(pk=actor_id, masked_at__isnull=True).first()
    if actor is None or not permissions.is_actor_member(queries.actor_roles(author), actor.pk):
        raise PermissionDenied(_("Vous n'êtes pas membre de cet acteur."), code="not_member", field="actor")
    return ContributionActor.objects.create(contribution=contribution, actor=actor)
