"""Every write of the exploration: keyword-only, transactional, rule-checked."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Sequence
from typing import IO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_active_user
from cocite.contributions.actions import contribution_submit
from cocite.contributions.images import clean_image
from cocite.contributions.models import Contribution
from cocite.core import ratelimit
from cocite.core.cache import demarche_scope, invalidate_pages
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.demarches.models import Demarche

from . import permissions
from .models import FieldNote, FieldNotePhoto, Finding, Irritant, Journey, JourneyStep, Volunteer

MAX_PHOTOS = 6


def _line(text: str, *, field: str, maximum: int, minimum: int = 1, label: str) -> str:
    value = " ".join((text or "").split())
    if len(value) < minimum:
        raise ActionError(_("Indiquez %(what)s.") % {"what": label}, code=f"{field}_required", field=field)
    if len(value) > maximum:
        raise ActionError(
            _("%(what)s : %(n)s caractères au plus.") % {"what": label.capitalize(), "n": maximum},
            code=f"{field}_length",
            field=field,
        )
    return value


def _text(text: str, *, field: str, maximum: int, label: str, required: bool = True) -> str:
    value = (text or "").strip()
    if required and not value:
        raise ActionError(_("Indiquez %(what)s.") % {"what": label}, code=f"{field}_required", field=field)
    if len(value) > maximum:
        raise ActionError(
            _("%(what)s : %(n)s caractères au plus.") % {"what": label.capitalize(), "n": maximum},
            code=f"{field}_length",
            field=field,
        )
    return value


def _check_team(user: Viewer, demarche: Demarche, *, on: datetime.date | None = None) -> User:
    if not is_active_user(user) or not permissions.can_record(user, demarche, on=on):
        raise PermissionDenied(
            _(
                "Seule l'équipe qui anime la démarche enregistre le travail d'exploration, pendant les phases "
                "d'exploration et d'arbitrage."
            ),
            code="record_forbidden",
        )
    return user


def _check_rate(user: User, *, count: bool = True) -> None:
    ratelimit.enforce(
        "exploration",
        user.pk,
        _("Vous avez beaucoup écrit en peu de temps. Vous pourrez continuer à partir de %(moment)s."),
        count=count,
    )


def _changed(demarche: Demarche) -> None:
    invalidate_pages(demarche_scope(demarche.pk))


@transaction.atomic
def field_note_record(
    *,
    author: Viewer,
    demarche: Demarche,
    kind: str,
    title: str,
    happened_on: datetime.date,
    place: str,
    participants_count: int,
    participant_profiles: str,
    notes: str,
    learned: str,
    named_participants: str = "",
    names_consent: bool = False,
    photos: Iterable[tuple[IO[bytes], str, bool]] = (),
    rate_limited: bool = True,
) -> FieldNote:
    """A field note of the team; people are counted and described, named only with their consent,
    photographed only with it (each photo re-encoded without metadata, as contribution images)."""
    user = _check_team(author, demarche)
    if kind not in FieldNote.Kind.values:
        raise ActionError(_("Choisissez le type de travail de terrain."), code="kind_invalid", field="kind")
    if happened_on > timezone.localdate():
        raise ActionError(_("La date ne peut pas être dans le futur."), code="date_future", field="happened_on")
    if not 0 <= participants_count <= 500:
        raise ActionError(
            _("Indiquez un nombre de personnes entre 0 et 500."), code="count_invalid", field="participants_count"
        )
    named = " ".join((named_participants or "").split())
    if named and not names_consent:
        raise ActionError(
            _("Ne nommez les personnes que si elles ont donné leur accord : cochez la case, ou retirez les noms."),
            code="names_without_consent",
            field="named_participants",
        )
    if len(named) > 300:
        raise ActionError(_("Noms : 300 caractères au plus."), code="named_length", field="named_participants")
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ActionError(_("%(n)s photos au plus.") % {"n": MAX_PHOTOS}, code="photos_too_many", field="photos")
    if rate_limited:
        _check_rate(user, count=False)
    cleaned = []
    for upload, alt_text, consent in photos:
        if not consent:
            raise ActionError(
                _("Une photo ne s'enregistre qu'avec l'accord des personnes qui y figurent."),
                code="photo_without_consent",
                field="photos",
            )
        if not (alt_text or "").strip():
            raise ActionError(
                _("Décrivez chaque photo en quelques mots (texte alternatif)."), code="photo_alt", field="photos"
            )
        try:
            cleaned.append((clean_image(upload, name=secrets.token_urlsafe(18)), alt_text.strip()[:250]))
        except ValidationError as error:
            raise ActionError(error.messages[0], code=error.code or "image_invalid", field="photos") from error
    note = FieldNote.objects.create(
        demarche=demarche,
        kind=kind,
        title=_line(title, field="title", maximum=160, minimum=3, label=_("un titre")),
        happened_on=happened_on,
        place=_line(place, field="place", maximum=200, label=_("le lieu")),
        participants_count=participants_count,
        participant_profiles=_line(
            participant_profiles, field="participant_profiles", maximum=500, label=_("les profils des personnes")
        ),
        named_participants=named,
        names_consent=bool(named) and names_consent,
        notes=_text(notes, field="notes", maximum=20000, label=_("les notes")),
        learned=_text(learned, field="learned", maximum=5000, label=_("ce que vous avez appris")),
        author=user,
    )
    for content, alt_text in cleaned:
        FieldNotePhoto.objects.create(note=note, image=content, alt_text=alt_text, consent=True)
    if rate_limited:
        _check_rate(user)
    _changed(demarche)
    return note


@transaction.atomic
def journey_create(
    *, author: Viewer, demarche: Demarche, title: str, case: str, who: str, goal: str, rate_limited: bool = True
) -> Journey:
    user = _check_team(author, demarche)
    if case not in Journey.Case.values:
        raise ActionError(_("Indiquez s'il s'agit d'un persona ou d'un cas réel."), code="case_invalid", field="case")
    journey = Journey.objects.create(
        demarche=demarche,
        title=_line(title, field="title", maximum=160, minimum=3, label=_("un titre")),
        case=case,
        who=_line(who, field="who", maximum=300, label=_("qui fait ce parcours")),
        goal=_line(goal, field="goal", maximum=300, label=_("ce que la personne cherche à faire")),
        author=user,
    )
    if rate_limited:
        _check_rate(user)
    _changed(demarche)
    return journey


@transaction.atomic
def journey_step_add(
    *,
    author: Viewer,
    journey: Journey,
    title: str,
    channel: str,
    feeling: str,
    minutes: int | None = None,
    notes: str = "",
    rate_limited: bool = True,
) -> JourneyStep:
    """The next step of the journey (its position follows the last one, under a lock of the journey)."""
    locked = Journey.objects.select_for_update().select_related("demarche").get(pk=journey.pk)
    user = _check_team(author, locked.demarche)
    if channel not in JourneyStep.Channel.values:
        raise ActionError(_("Choisissez le canal."), code="channel_invalid", field="channel")
    if feeling not in JourneyStep.Feeling.values:
        raise ActionError(_("Choisissez le ressenti."), code="feeling_invalid", field="feeling")
    if minutes is not None and not 0 <= minutes <= 100000:
        raise ActionError(_("Temps passé invalide."), code="minutes_invalid", field="minutes")
    last = JourneyStep.objects.filter(journey=locked).aggregate(n=Max("position"))["n"] or 0
    step = JourneyStep.objects.create(
        journey=locked,
        position=last + 1,
        title=_line(title, field="title", maximum=160, label=_("l'étape")),
        channel=channel,
        minutes=minutes,
        feeling=feeling,
        notes=_text(notes, field="notes", maximum=3000, label=_("ce qui se passe"), required=False),
    )
    if rate_limited:
        _check_rate(user)
    _changed(locked.demarche)
    return step


def _same_demarche(contributions: Sequence[Contribution], demarche: Demarche, field: str) -> list[Contribution]:
    if any(c.demarche_id != demarche.pk for c in contributions):
        raise ActionError(
            _("Choisissez des contributions de cette démarche."), code="contribution_elsewhere", field=field
        )
    return list(contributions)


@transaction.atomic
def irritant_add(
    *,
    author: Viewer,
    step: JourneyStep,
    text: str,
    raised_in: Sequence[Contribution] = (),
    rate_limited: bool = True,
) -> Irritant:
    demarche = Demarche.objects.get(pk=step.journey.demarche_id)
    user = _check_team(author, demarche)
    irritant = Irritant.objects.create(
        step=step, text=_line(text, field="text", maximum=500, minimum=3, label=_("l'irritant"))
    )
    irritant.raised_in.set(_same_demarche(raised_in, demarche, "raised_in"))
    if rate_limited:
        _check_rate(user)
    _changed(demarche)
    return irritant


@transaction.atomic
def irritant_link(*, author: Viewer, irritant: Irritant, contributions: Sequence[Contribution]) -> Irritant:
    """Link the contributions that raised this irritant (added to those already linked)."""
    demarche = Demarche.objects.get(pk=irritant.step.journey.demarche_id)
    _check_team(author, demarche)
    irritant.raised_in.add(*_same_demarche(contributions, demarche, "raised_in"))
    _changed(demarche)
    return irritant


@transaction.atomic
def irritant_to_contribution(
    *, author: Viewer, irritant: Irritant, kind: str, title: str, body: str, rate_limited: bool = True
) -> Contribution:
    """« Créer une contribution » from an irritant: a contribution of the démarche, channel « travail de
    terrain », entered by the team member (through the contributions' action), linked back to the irritant."""
    locked = Irritant.objects.select_for_update().select_related("step__journey").get(pk=irritant.pk)
    demarche = Demarche.objects.get(pk=locked.step.journey.demarche_id)
    user = _check_team(author, demarche)
    if locked.contribution_id is not None:
        raise Conflict(_("Une contribution a déjà été créée à partir de cet irritant."), code="already_created")
    contribution = contribution_submit(
        author=user,
        demarche=demarche,
        kind=kind,
        title=title,
        body=body,
        channel=Contribution.Channel.FIELD,
        rate_limited=rate_limited,
    )
    locked.contribution = contribution
    locked.save(update_fields=["contribution"])
    locked.raised_in.add(contribution)
    _changed(demarche)
    return contribution


@transaction.atomic
def finding_record(
    *,
    author: Viewer,
    demarche: Demarche,
    title: str,
    summary: str,
    published: bool = False,
    field_notes: Sequence[FieldNote] = (),
    journeys: Sequence[Journey] = (),
    contributions: Sequence[Contribution] = (),
    rate_limited: bool = True,
) -> Finding:
    """A finding with its sources (all of this démarche); published, it is public and decisions may cite it."""
    user = _check_team(author, demarche)
    if not (field_notes or journeys or contributions):
        raise ActionError(
            _("Un constat s'appuie sur au moins une source : une note, un parcours ou une contribution."),
            code="sources_required",
            field="field_notes",
        )
    if any(n.demarche_id != demarche.pk for n in field_notes) or any(j.demarche_id != demarche.pk for j in journeys):
        raise ActionError(_("Choisissez des sources de cette démarche."), code="source_elsewhere", field="field_notes")
    finding = Finding.objects.create(
        demarche=demarche,
        title=_line(title, field="title", maximum=200, minimum=3, label=_("le constat")),
        summary=_text(summary, field="summary", maximum=5000, label=_("ce que vous avez constaté")),
        published=published,
        author=user,
    )
    finding.field_notes.set(field_notes)
    finding.journeys.set(journeys)
    finding.contributions.set(_same_demarche(contributions, demarche, "contributions"))
    if rate_limited:
        _check_rate(user)
    _changed(demarche)
    return finding


@transaction.atomic
def finding_publish(*, author: Viewer, finding: Finding, published: bool = True) -> Finding:
    locked = Finding.objects.select_for_update().select_related("demarche").get(pk=finding.pk)
    _check_team(author, locked.demarche)
    if locked.published != published:
        locked.published = published
        locked.save(update_fields=["published", "updated_at"])
    _changed(locked.demarche)
    return locked


@transaction.atomic
def volunteer_sign_up(
    *, person: Viewer, demarche: Demarche, interview: bool, test: bool, consent: bool, availability: str = ""
) -> Volunteer:
    """« Je me porte volontaire »: for an interview or a test, with the consent to be contacted by the team."""
    if not is_active_user(person) or not permissions.can_volunteer(person, demarche):
        raise PermissionDenied(
            _("Il n'est pas possible de se porter volontaire pour cette démarche en ce moment."),
            code="volunteer_forbidden",
        )
    if not (interview or test):
        raise ActionError(
            _("Choisissez un entretien, un test, ou les deux."), code="volunteer_nothing", field="interview"
        )
    if not consent:
        raise ActionError(
            _("Cochez la case d'accord : l'équipe a besoin de votre accord pour vous contacter."),
            code="consent_required",
            field="consent",
        )
    _check_rate(person, count=False)
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.create(
                demarche=demarche,
                person=person,
                interview=interview,
                test=test,
                availability=_text(
                    availability, field="availability", maximum=300, label=_("vos disponibilités"), required=False
                ),
                consented_at=timezone.now(),
            )
    except IntegrityError as error:
        raise Conflict(_("Vous vous êtes déjà porté·e volontaire."), code="already_volunteered") from error
    _check_rate(person)
    return volunteer


@transaction.atomic
def volunteer_withdraw(*, person: Viewer, demarche: Demarche) -> bool:
    """Withdraw one's offer (and the consent to be contacted): the row is deleted."""
    if not is_active_user(person):
        return False
    deleted, _rows = Volunteer.objects.filter(demarche=demarche, person=person).delete()
    return bool(deleted)


def forget_person(user: User) -> None:
    """Account deletion: an offer to be contacted is only personal."""
    Volunteer.objects.filter(person_id=user.pk).delete()
