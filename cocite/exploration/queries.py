"""Reads of the exploration pages: permission-checked getters and bounded queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.contributions.models import Contribution
from cocite.contributions.queries import listed_contributions
from cocite.demarches.models import Demarche
from cocite.demarches.queries import demarche_get_for, demarche_structure, visible_demarches

from . import permissions
from .models import FieldNote, FieldNotePhoto, Finding, Irritant, Journey, JourneyStep, Volunteer

# A démarche's exploration is the work of one team by hand: lists are capped, newest first.
MAX_LISTED = 200
MAX_CHOICES = 300


def team_demarche_get_for(viewer: Viewer, slug: str) -> Demarche:
    """The démarche, for its team only (404 for anyone else: the field work is internal)."""
    demarche = demarche_get_for(viewer, slug)
    if not permissions.can_see_field_work(viewer, demarche):
        raise Http404
    return demarche


def _team_structure(viewer: Viewer, demarche_id: int) -> Demarche:
    demarche = demarche_structure(demarche_id)
    if demarche is None or not permissions.can_see_field_work(viewer, demarche):
        raise Http404
    return demarche


@dataclass
class Workspace:
    field_notes: Sequence[FieldNote]
    journeys: Sequence[Journey]
    findings: Sequence[Finding]
    volunteers: Sequence[Volunteer]


def workspace_for(demarche: Demarche) -> Workspace:
    """The team's page: notes, journeys, findings and volunteers, four queries whatever their number."""
    notes = list(
        FieldNote.objects.filter(demarche=demarche)
        .annotate(photo_count=Count("photos", distinct=True))
        .order_by("-happened_on", "-pk")[:MAX_LISTED]
    )
    journeys = list(
        Journey.objects.filter(demarche=demarche)
        .annotate(step_count=Count("steps", distinct=True), irritant_count=Count("steps__irritants", distinct=True))
        .order_by("pk")[:MAX_LISTED]
    )
    findings = list(
        Finding.objects.filter(demarche=demarche)
        .annotate(
            note_count=Count("field_notes", distinct=True),
            journey_count=Count("journeys", distinct=True),
            contribution_count=Count("contributions", distinct=True),
        )
        .order_by("pk")[:MAX_LISTED]
    )
    volunteers = list(Volunteer.objects.filter(demarche=demarche).select_related("person").order_by("pk")[:MAX_LISTED])
    return Workspace(field_notes=notes, journeys=journeys, findings=findings, volunteers=volunteers)


def field_note_get_for(viewer: Viewer, pk: int) -> FieldNote:
    note = FieldNote.objects.filter(pk=pk).select_related("author").first()
    if note is None:
        raise Http404
    note.demarche = _team_structure(viewer, note.demarche_id)
    note.photo_list = list(note.photos.all())  # type: ignore[attr-defined]
    note.finding_list = list(note.findings.only("pk", "title", "published"))  # type: ignore[attr-defined]
    return note


def photo_get_for(viewer: Viewer, pk: int, name: str) -> FieldNotePhoto:
    photo = FieldNotePhoto.objects.filter(pk=pk).select_related("note").first()
    if photo is None or photo.file_name != name:
        raise Http404
    _team_structure(viewer, photo.note.demarche_id)
    return photo


def journey_get_for(viewer: Viewer, pk: int) -> Journey:
    """A journey with its steps, their irritants and the contributions linked to them (four queries)."""
    journey = Journey.objects.filter(pk=pk).select_related("author").first()
    if journey is None:
        raise Http404
    journey.demarche = _team_structure(viewer, journey.demarche_id)
    contributions = Contribution.objects.only("pk", "title", "demarche_id", "masked_at", "status")
    journey.step_list = list(  # type: ignore[attr-defined]
        JourneyStep.objects.filter(journey=journey)
        .prefetch_related(
            Prefetch(
                "irritants",
                queryset=Irritant.objects.select_related("contribution")
                .only("pk", "text", "step_id", "contribution__id", "contribution__title", "contribution__demarche_id")
                .prefetch_related(Prefetch("raised_in", queryset=contributions.order_by("pk"))),
            )
        )
        .order_by("position")
    )
    return journey


def irritant_get_for(viewer: Viewer, pk: int) -> Irritant:
    irritant = Irritant.objects.filter(pk=pk).select_related("step__journey").first()
    if irritant is None:
        raise Http404
    irritant.step.journey.demarche = _team_structure(viewer, irritant.step.journey.demarche_id)
    return irritant


def finding_get_for_team(viewer: Viewer, pk: int) -> Finding:
    finding = Finding.objects.filter(pk=pk).first()
    if finding is None:
        raise Http404
    finding.demarche = _team_structure(viewer, finding.demarche_id)
    return finding


def contribution_choices(demarche: Demarche) -> QuerySet[Contribution]:
    """Contributions a journey's irritant or a finding may link to: this démarche's listed ones, newest first."""
    return listed_contributions(demarche).only("pk", "title").order_by("-created_at", "-pk")[:MAX_CHOICES]


def field_note_choices(demarche: Demarche) -> QuerySet[FieldNote]:
    return (
        FieldNote.objects.filter(demarche=demarche)
        .only("pk", "title", "happened_on")
        .order_by("-happened_on")[:MAX_CHOICES]
    )


def journey_choices(demarche: Demarche) -> QuerySet[Journey]:
    return Journey.objects.filter(demarche=demarche).only("pk", "title").order_by("pk")[:MAX_CHOICES]


def published_findings(demarche: Demarche) -> list[Finding]:
    """What the exploration found, for whoever sees the démarche: published findings with their sources
    (field notes and journeys by title and date; contributions only while public). Four queries."""
    public = listed_contributions(demarche).only("pk", "title", "demarche_id").order_by("pk")
    return list(
        Finding.objects.filter(demarche=demarche, published=True)
        .prefetch_related(
            Prefetch("field_notes", queryset=FieldNote.objects.only("pk", "title", "kind", "happened_on", "place")),
            Prefetch("journeys", queryset=Journey.objects.only("pk", "title", "case")),
            Prefetch("contributions", queryset=public),
        )
        .order_by("pk")[:MAX_LISTED]
    )


def volunteer_of(viewer: Viewer, demarche: Demarche) -> Volunteer | None:
    if not is_signed_in(viewer):
        return None
    return Volunteer.objects.filter(demarche=demarche, person=viewer).first()


def citable_findings(demarche_id: int) -> list[Finding]:
    """What a decision in this démarche may cite: its published findings."""
    return list(Finding.objects.filter(demarche_id=demarche_id, published=True).only("pk", "title").order_by("pk"))


def cited_findings(viewer: Viewer, ids: Sequence[int]) -> list[Finding]:
    """The findings a decision cites, those this viewer may see (published, in a démarche they see)."""
    return list(
        Finding.objects.filter(pk__in=list(ids), published=True, demarche__in=visible_demarches(viewer))
        .select_related("demarche")
        .only("pk", "title", "demarche__slug")
        .order_by("pk")
    )


def personal_data(user: Viewer) -> dict[str, object]:
    if not is_signed_in(user):
        return {}
    rows = list(
        Volunteer.objects.filter(person=user)
        .select_related("demarche")
        .values("demarche__title", "interview", "test", "availability", "consented_at")
    )
    return {
        "volontariats_exploration": [
            {
                "demarche": row["demarche__title"],
                "entretien": row["interview"],
                "test": row["test"],
                "disponibilites": row["availability"],
                "accord_donne_le": row["consented_at"].isoformat(),
            }
            for row in rows
        ]
    }
