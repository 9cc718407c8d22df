"""Gaps an outside tester found in reports (audit of issue 19): a point placed by address search or on the map
keeps its address; a report forwarded to the competent body carries a link that works outside the site."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.core.errors import ActionError
from cocite.reports import actions
from cocite.reports.models import Category, Report, Status
from cocite.territory.tests.ban_standin import BanStandIn

from .helpers import category, report

pytestmark = pytest.mark.django_db


def test_a_point_without_a_typed_address_is_stored_with_its_address(client_for: Any, ban_geocoder: BanStandIn) -> None:
    cat = category()
    person = UserFactory()
    client = client_for(person)
    data = {"category": cat.pk, "description": "Lampadaire éteint", "latitude": "47.8412", "longitude": "1.9512"}
    assert client.post("/signalements/nouveau/", data).status_code == 302
    made = Report.objects.get(author=person)
    assert made.address == "12 Rue des Écoles 99100 Bellerive"
    page = client.get(made.get_absolute_url()).content.decode()
    assert f"{cat.name} — 12 Rue des Écoles 99100 Bellerive" in page
    # A typed address is kept as typed, and the geocoder is not asked.
    asked = len(ban_geocoder.requests)
    other = UserFactory()
    typed = {**data, "address": "Devant la boulangerie"}
    assert client_for(other).post("/signalements/nouveau/", typed).status_code == 302
    assert Report.objects.get(author=other).address == "Devant la boulangerie"
    assert len(ban_geocoder.requests) == asked


def test_a_failing_geocoder_leaves_the_point_as_the_place(client_for: Any, ban_geocoder: BanStandIn) -> None:
    ban_geocoder.mode = "error"
    cat = category()
    person = UserFactory()
    data = {"category": cat.pk, "description": "Lampadaire éteint", "latitude": "47.8412", "longitude": "1.9512"}
    assert client_for(person).post("/signalements/nouveau/", data).status_code == 302
    made = Report.objects.get(author=person)
    assert made.address == ""
    assert made.place_label == "47.84120, 1.95120"


def test_the_forwarded_mail_links_to_the_public_page_with_its_whole_address(mailoutbox: list, settings: Any) -> None:
    settings.SITE_URL = "https://participer.bellerive.example"
    agent = UserFactory()
    made = report(category(agents=[agent]))
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.report_set_status(
            agent=agent,
            report=made,
            status=Status.NOT_OURS,
            competent_body="Conseil départemental",
            forward_to="routes@departement.example",
        )
    [mail] = [m for m in mailoutbox if m.to == ["routes@departement.example"]]
    assert f"https://participer.bellerive.example/signalements/{made.pk}/" in mail.body
    assert "Conseil départemental" in mail.body


def test_engagements_shows_each_categorys_promised_delay(client: Any) -> None:
    lights = category(delay=10)
    category(slug="voirie", delay=21)
    Category.objects.create(name="Ancienne catégorie", slug="ancienne", department=lights.department, active=False)
    page = client.get("/engagements/").content.decode()
    assert "Délais de réponse promis : Signalements" in page
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td></tr>', page)
    assert ("Cat eclairage", lights.department.name, "10 jours") in rows
    assert any(what == "Cat voirie" and days == "21 jours" for what, _department, days in rows)
    assert not any(what == "Ancienne catégorie" for what, _department, _days in rows)


def test_the_home_page_leads_to_reports_and_missions(client: Any) -> None:
    """The home page says « Signalez un problème »: a visitor reaches the form, the public map and list, the
    missions and the events from it (they were reachable only by typing their address)."""
    page = client.get("/").content.decode()
    for url in ("/signalements/nouveau/", "/signalements/", "/missions/", "/rencontres/"):
        assert f'href="{url}"' in page, url


def test_a_planned_date_in_the_past_is_refused_with_a_french_message(client_for: Any) -> None:
    agent = UserFactory()
    made = report(category(agents=[agent]))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ActionError) as error:
        actions.report_set_status(agent=agent, report=made, status=Status.PLANNED, planned_for=yesterday)
    assert error.value.code == "date_past"
    staff = client_for(agent)
    response = staff.post(
        f"/signalements/{made.pk}/statut/", {"status": "planifie", "planned_for": yesterday.isoformat()}
    )
    assert response.status_code == 400
    assert "La date prévue de l&#x27;intervention ne peut pas être passée." in response.content.decode()
    made.refresh_from_db()
    assert made.status == "recu"
    assert made.planned_for is None
    today = timezone.localdate()
    actions.report_set_status(agent=agent, report=made, status=Status.PLANNED, planned_for=today)
    made.refresh_from_db()
    assert (made.status, made.planned_for) == ("planifie", today)


def test_my_reports_lists_what_one_made_or_follows_with_the_question(client_for: Any) -> None:
    """A resident found their reports again only through notifications: « Mes signalements » lists them, linked
    from the public list and « Mon espace », with « le problème est-il réglé ? » once resolved."""
    agent, person = UserFactory(), UserFactory()
    cat = category(agents=[agent])
    own, followed, other = report(cat, author=person), report(cat), report(cat)
    actions.report_join(user=person, report=followed)
    actions.report_set_status(agent=agent, report=own, status=Status.RESOLVED, message="Fait")
    client = client_for(person)
    assert 'href="/signalements/mes-signalements/"' in client.get("/signalements/").content.decode()
    assert 'href="/signalements/mes-signalements/"' in client.get("/mon-espace/").content.decode()
    page = client.get("/signalements/mes-signalements/").content.decode()
    assert own.get_absolute_url() in page
    assert followed.get_absolute_url() in page
    assert other.get_absolute_url() not in page
    assert f"/signalements/{own.pk}/confirmer/" in page
    assert f"/signalements/{followed.pk}/confirmer/" not in page
    assert "Signalé par vous" in page
    assert "Suivi par vous" in page
    assert client_for(UserFactory()).get("/signalements/mes-signalements/?page=%00").status_code == 200
    assert Client().get("/signalements/mes-signalements/").status_code == 302


def test_a_person_at_the_front_desk_can_be_kept_informed_by_mail(
    client_for: Any, mailoutbox: list, settings: Any
) -> None:
    """« Je veux être tenu informé » for someone an agent files for: their address gets a mail at each step,
    never shown anywhere (the page, the Open311 answer, the API)."""
    settings.SITE_URL = "https://participer.bellerive.example"
    desk_agent, handler = UserFactory(), UserFactory()
    cat = category(agents=[desk_agent, handler])
    client = client_for(desk_agent)
    form = client.get("/signalements/nouveau/").content.decode()
    assert 'name="contact_email"' in form
    bad = {
        "category": cat.pk,
        "description": "Banc cassé",
        "address": "Place de la Mairie",
        "channel": "accueil",
        "offline_author_name": "Mme Lebrun",
        "contact_email": "pas-une-adresse",
    }
    refused = client.post("/signalements/nouveau/", bad)
    assert refused.status_code == 400
    assert "Indiquez une adresse électronique valide." in refused.content.decode()
    assert client.post("/signalements/nouveau/", {**bad, "contact_email": "m.lebrun@exemple.fr"}).status_code == 302
    made = Report.objects.get(recorded_by=desk_agent)
    assert (made.author_id, made.channel, made.contact_email) == (None, "accueil", "m.lebrun@exemple.fr")
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.report_set_status(
            agent=handler, report=made, status=Status.PLANNED, planned_for=timezone.localdate(), message="Jeudi."
        )
    [mail] = [m for m in mailoutbox if m.to == ["m.lebrun@exemple.fr"]]
    assert "Planifié" in mail.subject
    assert "Jeudi." in mail.body
    assert f"https://participer.bellerive.example/signalements/{made.pk}/" in mail.body
    for viewer in (Client(), client_for(UserFactory()), client_for(handler)):
        assert "m.lebrun@exemple.fr" not in viewer.get(made.get_absolute_url()).content.decode()
    assert "m.lebrun@exemple.fr" not in Client().get(f"/open311/v2/requests/{made.pk}.json").content.decode()
    # Online, a resident's own address is their account's: the field is not offered, and ignored if sent.
    resident = UserFactory()
    online = client_for(resident)
    assert 'name="contact_email"' not in online.get("/signalements/nouveau/").content.decode()
    data = {"category": cat.pk, "description": "Trou", "address": "Rue", "contact_email": "x@exemple.fr"}
    assert online.post("/signalements/nouveau/", data).status_code == 302
    assert Report.objects.get(author=resident).contact_email == ""


def test_an_open311_client_passes_the_persons_email_to_keep_them_informed(client: Any, mailoutbox: list) -> None:
    handler = UserFactory()
    cat = category(agents=[handler])
    _key, raw = actions.api_key_create(name="Régie")
    data = {"service_code": cat.slug, "address_string": "Place", "description": "Banc", "api_key": raw}
    bad = client.post("/open311/v2/requests.json", {**data, "email": "nope"})
    assert bad.status_code == 400
    assert bad.json()[0]["code"] == 400
    response = client.post("/open311/v2/requests.json", {**data, "email": "citoyen@exemple.fr"})
    made = Report.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert made.contact_email == "citoyen@exemple.fr"
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.report_set_status(agent=handler, report=made, status=Status.RESOLVED, message="Réparé")
    assert any(m.to == ["citoyen@exemple.fr"] and "Réparé" in m.body for m in mailoutbox)
