"""« Transformer en démarche » : a draft démarche made through cocite.demarches, the reports its items
(cocite.items), named on their page, listed from the démarche; idempotent, permission-checked."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.core.errors import ActionError, PermissionDenied
from cocite.demarches.models import Demarche
from cocite.items.models import Item
from cocite.reports import actions
from cocite.reports.models import RESOURCE_KIND, Category, Report, ReportEvent

from .helpers import category, quartier, report

pytestmark = pytest.mark.django_db

PREVIEW = "/signalements/tendances/en-demarche/"


def _items(demarche: Demarche) -> set[int]:
    return set(Item.objects.filter(kind=RESOURCE_KIND, demarche=demarche).values_list("object_id", flat=True))


def test_the_preview_counts_then_the_draft_demarche_carries_the_reports_as_its_items(client_for: Any) -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    first, second = report(cat), report(cat, description="Toujours éteint")
    masked = report(cat, description="Masqué")
    actions.report_mask(masked, "Injurieux")
    other = report(Category.objects.create(name="Voirie", slug="voirie", department=cat.department))
    staff = client_for(agent)

    preview = staff.get(PREVIEW, {"category": cat.slug, "quartier": quartier().slug})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "2 signalements seront rattachés à la démarche." in page
    assert first.get_absolute_url() in page
    assert masked.get_absolute_url() not in page

    done = staff.post(PREVIEW, {"category": cat.slug, "quartier": quartier().slug, "title": "Éclairage durable"})
    demarche = Demarche.objects.get(title="Éclairage durable")
    assert done.status_code == 302
    # A draft is seen by administrators only: the agent is shown the selection again, now carried.
    assert done["Location"] == f"{PREVIEW}?category={cat.slug}&quartier={quartier().slug}"
    assert demarche.status == Demarche.Status.DRAFT
    assert demarche.managing_department == cat.department
    assert demarche.created_by == agent
    assert list(demarche.quartiers.all()) == [quartier()]
    assert first.get_absolute_url() in demarche.context
    assert second.get_absolute_url() in demarche.context
    assert _items(demarche) == {first.pk, second.pk}
    assert set(Report.objects.filter(demarche=demarche).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert not Report.objects.filter(pk__in=[masked.pk, other.pk], demarche__isnull=False).exists()
    assert ReportEvent.objects.filter(report=first, kind=ReportEvent.Kind.DEMARCHE).count() == 1

    after = staff.get(done["Location"]).content.decode()
    assert "« Éclairage durable » créée en brouillon : 2 signalements y sont rattachés." in after
    assert "déjà repris dans une démarche, encore en brouillon" in after
    # The draft's title and its reports' page: administrators only, like the draft itself.
    listed = reverse("reports:demarche", kwargs={"slug": demarche.slug})
    assert staff.get(listed).status_code == 404
    assert "À l’origine de la démarche" not in staff.get(first.get_absolute_url()).content.decode()
    admin = client_for(UserFactory(is_staff=True, is_superuser=True))
    page = admin.get(listed).content.decode()
    assert "2 signalements rattachés" in page
    assert second.get_absolute_url() in page
    assert "en brouillon" in page
    assert "À l’origine de la démarche" in admin.get(first.get_absolute_url()).content.decode()
    anonymous = client_for(UserFactory())
    assert "À l’origine de la démarche" not in anonymous.get(first.get_absolute_url()).content.decode()
    assert anonymous.get(listed).status_code == 404


def test_once_published_the_demarche_page_links_to_its_reports_and_they_to_it(
    client_for: Any, administrator: Any
) -> None:
    cat = category()
    made = report(cat)
    demarche = actions.demarche_from_reports(agent=administrator, category=cat, quartier=None, title="Trottoirs sûrs")
    Demarche.objects.filter(pk=demarche.pk).update(status=Demarche.Status.PUBLISHED)
    visitor = client_for(UserFactory())
    page = visitor.get(reverse("demarches:detail", kwargs={"slug": demarche.slug})).content.decode()
    assert "Le 1 signalement à l’origine de cette démarche" in page
    assert reverse("reports:demarche", kwargs={"slug": demarche.slug}) in page
    listed = visitor.get(reverse("reports:demarche", kwargs={"slug": demarche.slug})).content.decode()
    assert made.get_absolute_url() in listed
    on_report = visitor.get(made.get_absolute_url()).content.decode()
    assert "À l’origine de la démarche" in on_report
    assert reverse("demarches:detail", kwargs={"slug": demarche.slug}) in on_report


def test_transforming_twice_links_nothing_twice(client_for: Any) -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    first = report(cat)
    demarche = actions.demarche_from_reports(agent=agent, category=cat, quartier=None, title="Éclairage du quartier")
    with pytest.raises(ActionError) as caught:
        actions.demarche_from_reports(agent=agent, category=cat, quartier=None, title="Éclairage bis")
    assert caught.value.code == "already_carried"
    assert "Éclairage du quartier" not in caught.value.message  # a draft's title: administrators only
    assert "encore en brouillon" in caught.value.message
    assert Demarche.objects.count() == 1
    assert Item.objects.filter(kind=RESOURCE_KIND).count() == 1
    # Through the page: a French error, nothing made.
    staff = client_for(agent)
    refused = staff.post(PREVIEW, {"category": cat.slug, "title": "Éclairage ter"})
    assert refused.status_code == 400
    assert "déjà repris dans une démarche, encore en brouillon" in refused.content.decode()
    preview = staff.get(PREVIEW, {"category": cat.slug}).content.decode()
    assert "déjà repris dans une démarche, encore en brouillon" in preview
    # A new report of the same problem: only it is carried the second time.
    later = report(cat, description="Encore")
    again = actions.demarche_from_reports(agent=agent, category=cat, quartier=None, title="Éclairage, suite")
    assert _items(again) == {later.pk}
    assert _items(demarche) == {first.pk}
    assert ReportEvent.objects.filter(report=first, kind=ReportEvent.Kind.DEMARCHE).count() == 1


def test_no_report_is_a_french_error(client_for: Any) -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    with pytest.raises(ActionError) as caught:
        actions.demarche_from_reports(agent=agent, category=cat, quartier=None, title="Rien à reprendre")
    assert caught.value.code == "no_reports"
    staff = client_for(agent)
    assert "Aucun signalement à reprendre" in staff.get(PREVIEW, {"category": cat.slug}).content.decode()
    refused = staff.post(PREVIEW, {"category": cat.slug, "title": "Rien à reprendre"})
    assert refused.status_code == 400
    assert "Aucun signalement à reprendre" in refused.content.decode()
    assert not Demarche.objects.exists()
    for bad in ({"category": "inconnue"}, {"category": "x\x00y"}, {"category": cat.slug, "quartier": "nulle-part"}):
        answer = staff.get(PREVIEW, bad)
        assert answer.status_code == 400
        assert "proposé" in answer.content.decode()


def test_only_the_departments_agents_or_an_administrator_transform(client_for: Any, administrator: Any) -> None:
    agent, elsewhere = UserFactory(), UserFactory()
    cat = category(agents=[agent])
    category(agents=[elsewhere], slug="voirie")
    report(cat)
    for who in (UserFactory(), elsewhere):
        with pytest.raises(PermissionDenied):
            actions.demarche_from_reports(agent=who, category=cat, quartier=None, title="Pas pour moi")
    assert client_for(UserFactory()).get(PREVIEW, {"category": cat.slug}).status_code == 403
    assert client_for(elsewhere).get(PREVIEW, {"category": cat.slug}).status_code == 403
    assert client_for(elsewhere).post(PREVIEW, {"category": cat.slug, "title": "Pas pour moi"}).status_code == 403
    assert not Demarche.objects.exists()
    admin = client_for(administrator)
    made = admin.post(PREVIEW, {"category": cat.slug, "title": "Par l'administration"})
    demarche = Demarche.objects.get()
    url = reverse("reports:demarche", kwargs={"slug": demarche.slug})
    assert made.status_code == 302
    assert made["Location"] == url  # an administrator sees the draft: its reports' page
    assert "1 signalement y est rattaché" in admin.get(url).content.decode()
    with pytest.raises(ActionError) as caught:
        actions.demarche_from_reports(agent=administrator, category=cat, quartier=None, title="Encore une fois")
    assert "« Par l'administration »" in caught.value.message  # who sees the draft is told its title
    assert client_for(agent).get(url).status_code == 404
    assert client_for(elsewhere).get(url).status_code == 404


def test_the_patterns_page_offers_only_the_categories_one_may_transform(client_for: Any) -> None:
    agent, elsewhere = UserFactory(), UserFactory()
    cat = category(agents=[agent])
    other = category(agents=[elsewhere], slug="voirie")
    report(cat)
    page = client_for(agent).get("/signalements/tendances/").content.decode()
    assert reverse("reports:to_demarche") in page
    assert f'value="{cat.slug}"' in page
    assert f'<option value="{other.slug}"' not in page.split('id="en-demarche"')[1]
    outsider = UserFactory()
    category(agents=[outsider], slug="sans-categorie").delete()  # an agent whose department has no category
    assert reverse("reports:to_demarche") not in client_for(outsider).get("/signalements/tendances/").content.decode()
