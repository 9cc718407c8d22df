"""Phase changes happen by date: the cron command announces each (démarche, phase) once."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from cocite.demarches.models import Audience, Demarche, PhaseKind
from cocite.demarches.signals import phase_changed
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.notifications.models import Notification, PhaseAnnouncement

from .helpers import follow, person

pytestmark = pytest.mark.django_db


def _run(on_commit: Any) -> str:
    out = StringIO()
    with on_commit():
        call_command("notify_phase_changes", stdout=out)
    return out.getvalue()


def _move_to_next_phase(demarche: Demarche) -> None:
    """Shift the calendar so that the next phase began yesterday."""
    phases = list(demarche.phases.order_by("position"))
    current = demarche.current_phase()
    assert current is not None
    index = [p.pk for p in phases].index(current.pk)
    shift = (phases[index + 1].starts_on - timezone.localdate()).days + 1
    for phase in phases:
        phase.starts_on -= datetime.timedelta(days=shift)
        phase.ends_on = phase.ends_on - datetime.timedelta(days=shift) if phase.ends_on else None
        phase.save()


def test_each_phase_is_announced_once(on_commit: Any) -> None:
    demarche = DemarcheFactory()  # collecte began 10 days ago: older than the window, recorded silently
    watcher = person()
    follow(watcher, demarche)
    assert "0 changement" in _run(on_commit)
    assert PhaseAnnouncement.objects.get().notified is False
    assert not Notification.objects.exists()

    _move_to_next_phase(demarche)
    demarche = Demarche.objects.get(pk=demarche.pk)
    output = _run(on_commit)
    assert f"{demarche.slug} : exploration" in output
    notification = Notification.objects.get()
    assert notification.recipient == watcher
    assert notification.kind == Notification.Kind.PHASE_CHANGED
    assert notification.actor_id is None
    assert notification.text == f"La démarche « {demarche.title} » entre dans la phase « Exploration »."
    assert notification.url == demarche.get_absolute_url()

    assert "0 changement" in _run(on_commit)
    assert Notification.objects.count() == 1


def test_a_phase_imposed_by_the_administration_is_announced(on_commit: Any) -> None:
    demarche = DemarcheFactory()
    watcher = person()
    follow(watcher, demarche)
    _run(on_commit)
    demarche.phase_override = demarche.phases.get(kind=PhaseKind.ARBITRAGE)
    demarche.phase_override_reason = "Le conseil municipal avance la décision."
    demarche.save()
    _run(on_commit)
    assert Notification.objects.get().payload["phase"] == PhaseKind.ARBITRAGE


def test_only_published_demarches_and_allowed_people(on_commit: Any) -> None:
    draft = DemarcheFactory(status=Demarche.Status.DRAFT, phase=PhaseKind.EXPLORATION)
    internal = DemarcheFactory(audience=Audience.AGENTS)
    resident = person()
    follow(resident, draft)
    follow(resident, internal)
    _move_to_next_phase(internal)
    _run(on_commit)
    assert not PhaseAnnouncement.objects.filter(demarche=draft).exists()
    assert PhaseAnnouncement.objects.filter(demarche=internal).exists()
    assert not Notification.objects.exists()


def test_the_phase_changed_signal_announces_and_the_command_does_not_repeat(on_commit: Any) -> None:
    demarche = DemarcheFactory()
    watcher = person()
    follow(watcher, demarche)
    phase = demarche.phases.get(kind=PhaseKind.COLLECTE)
    with on_commit():
        phase_changed.send(sender=Demarche, demarche=demarche, phase=phase)
        phase_changed.send(sender=Demarche, demarche=demarche, phase=phase)
    assert Notification.objects.filter(recipient=watcher).count() == 1
    _run(on_commit)
    assert Notification.objects.count() == 1
