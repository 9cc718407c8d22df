"""The exploration's writes: who may, when, and what they keep (consent, sources, links)."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.exploration import actions, permissions
from cocite.exploration.models import FieldNote, FieldNotePhoto, Irritant, Volunteer

from .helpers import exploring, finding, journey, note, png

pytestmark = pytest.mark.django_db


def test_the_team_records_a_field_note_with_a_consented_photo() -> None:
    setting = exploring()
    made = note(setting, photos=[(png(), "Le guichet, vu de la file d'attente", True)])
    assert made.author == setting.agent
    photo = FieldNotePhoto.objects.get(note=made)
    assert photo.consent
    assert photo.width == 40
    assert photo.file_name.endswith(".png")
    assert "photo" not in photo.file_name


def test_a_photo_without_consent_is_refused_and_nothing_is_written() -> None:
    setting = exploring()
    with pytest.raises(ActionError) as error:
        note(setting, photos=[(png(), "Le guichet", False)])
    assert error.value.code == "photo_without_consent"
    assert not FieldNote.objects.exists()


def test_a_file_that_is_not_an_image_is_refused() -> None:
    import io

    setting = exploring()
    with pytest.raises(ActionError) as error:
        note(setting, photos=[(io.BytesIO(b"<svg onload=alert(1)>"), "Une image", True)])
    assert error.value.field == "photos"


def test_people_are_named_only_with_their_consent() -> None:
    setting = exploring()
    with pytest.raises(ActionError) as error:
        note(setting, named_participants="Mme Dupont")
    assert error.value.code == "names_without_consent"
    made = note(setting, named_participants="Mme Dupont", names_consent=True)
    assert made.named_participants == "Mme Dupont"
    with pytest.raises(IntegrityError), transaction.atomic():  # the database keeps the rule too
        FieldNote.objects.filter(pk=made.pk).update(names_consent=False)


def test_a_field_note_cannot_be_dated_in_the_future() -> None:
    setting = exploring()
    with pytest.raises(ActionError) as error:
        note(setting, happened_on=timezone.localdate() + datetime.timedelta(days=1))
    assert error.value.code == "date_future"


@pytest.mark.parametrize("who", ["resident", "outsider_agent"])
def test_only_the_team_records(who: str) -> None:
    setting = exploring()
    with pytest.raises(PermissionDenied):
        note(setting, author=getattr(setting, who))


def test_the_manager_a_team_member_and_an_administrator_record() -> None:
    setting = exploring()
    member = UserFactory()
    setting.demarche.team.add(member)
    admin = UserFactory(is_superuser=True)
    for author in (setting.manager, member, admin):
        note(setting, author=author)
    assert FieldNote.objects.count() == 3


def test_nothing_is_recorded_during_the_collection() -> None:
    setting = exploring(phase="collecte")
    assert not permissions.can_record(setting.agent, setting.demarche)
    with pytest.raises(PermissionDenied):
        note(setting)


def test_steps_follow_each_other_and_irritants_link_contributions() -> None:
    setting = exploring()
    made = journey(setting, steps=3, irritants=2)
    assert [s.position for s in made.steps.order_by("position")] == [1, 2, 3]
    assert Irritant.objects.filter(step__journey=made).count() == 6
    assert all(i.raised_in.count() == 1 for i in Irritant.objects.all())


def test_an_irritant_links_only_contributions_of_its_demarche() -> None:
    setting = exploring()
    made = journey(setting, steps=1, irritants=0)
    elsewhere = ContributionFactory(demarche=DemarcheFactory())
    with pytest.raises(ActionError) as error:
        actions.irritant_add(author=setting.agent, step=made.steps.get(), text="Trop long", raised_in=[elsewhere])
    assert error.value.code == "contribution_elsewhere"


def test_an_irritant_becomes_a_contribution_of_the_demarche_linked_back() -> None:
    setting = exploring()
    made = journey(setting, steps=1, irritants=1)
    irritant = Irritant.objects.get(step__journey=made)
    contribution = actions.irritant_to_contribution(
        author=setting.agent,
        irritant=irritant,
        kind="probleme",
        title="Un dossier refusé pour une seule pièce",
        body="Observé au guichet.",
    )
    irritant.refresh_from_db()
    assert irritant.contribution == contribution
    assert contribution in irritant.raised_in.all()
    assert contribution.demarche == setting.demarche
    assert contribution.channel == Contribution.Channel.FIELD
    assert contribution.recorded_by == setting.agent
    assert contribution.author is None
    with pytest.raises(Conflict):
        actions.irritant_to_contribution(
            author=setting.agent, irritant=irritant, kind="probleme", title="Encore une fois ici", body="Non."
        )


def test_a_resident_cannot_enter_a_field_work_contribution() -> None:
    from cocite.contributions.actions import contribution_submit

    setting = exploring()
    with pytest.raises(PermissionDenied) as error:
        contribution_submit(
            author=setting.resident,
            demarche=setting.demarche,
            kind="probleme",
            title="Je me fais passer pour l'équipe",
            body="Non.",
            channel=Contribution.Channel.FIELD,
        )
    assert error.value.code == "field_forbidden"


def test_a_finding_needs_a_source_of_its_demarche() -> None:
    setting = exploring()
    with pytest.raises(ActionError) as error:
        actions.finding_record(author=setting.agent, demarche=setting.demarche, title="Constat", summary="Texte.")
    assert error.value.code == "sources_required"
    other = exploring()
    with pytest.raises(ActionError):
        actions.finding_record(
            author=setting.agent,
            demarche=setting.demarche,
            title="Constat",
            summary="Texte.",
            field_notes=[note(other, author=other.agent)],
        )
    made = finding(setting, published=False, sources=2)
    assert made.field_notes.count() == 2
    assert made.contributions.count() == 2
    assert actions.finding_publish(author=setting.manager, finding=made).published


def test_a_resident_volunteers_once_with_consent_and_withdraws() -> None:
    setting = exploring()
    with pytest.raises(ActionError) as error:
        actions.volunteer_sign_up(
            person=setting.resident, demarche=setting.demarche, interview=True, test=False, consent=False
        )
    assert error.value.code == "consent_required"
    with pytest.raises(ActionError):
        actions.volunteer_sign_up(
            person=setting.resident, demarche=setting.demarche, interview=False, test=False, consent=True
        )
    actions.volunteer_sign_up(
        person=setting.resident, demarche=setting.demarche, interview=True, test=True, consent=True
    )
    with pytest.raises(Conflict):
        actions.volunteer_sign_up(
            person=setting.resident, demarche=setting.demarche, interview=True, test=False, consent=True
        )
    assert actions.volunteer_withdraw(person=setting.resident, demarche=setting.demarche)
    assert not Volunteer.objects.exists()


def test_volunteering_is_closed_during_the_arbitration_and_follows_the_audience() -> None:
    setting = exploring(phase="arbitrage")
    assert not permissions.can_volunteer(setting.resident, setting.demarche)
    agents_only = exploring(audience="agents")
    assert not permissions.can_volunteer(agents_only.resident, agents_only.demarche)
    assert permissions.can_volunteer(agents_only.outsider_agent, agents_only.demarche)


def test_deleting_an_account_forgets_its_offers() -> None:
    from cocite.accounts.actions import account_anonymise

    setting = exploring()
    actions.volunteer_sign_up(
        person=setting.resident, demarche=setting.demarche, interview=True, test=False, consent=True
    )
    account_anonymise(setting.resident)
    assert not Volunteer.objects.exists()
