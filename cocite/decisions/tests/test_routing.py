"""Routing to the competent department, reassignment with a reason, the department inbox."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions as contribution_actions
from cocite.contributions.models import Contribution
from cocite.contributions.resource import register_items
from cocite.core.errors import ActionError, PermissionDenied
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.decisions import actions
from cocite.decisions.models import Commitment, Opinion, OpinionRequest, Routing, RoutingEvent
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import item_of, items_of
from cocite.territory.tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_a_submitted_contribution_is_routed_from_its_themes(django_capture_on_commit_callbacks: Any) -> None:
    voirie_theme, mobility = ThemeFactory(name="Voirie"), ThemeFactory(name="Mobilité")
    voirie = f.department(name="Voirie", themes=[voirie_theme, mobility])
    f.department(name="Mobilités douces", themes=[mobility])
    demarche = f.demarche_with_rules(phase="collecte")
    with django_capture_on_commit_callbacks(execute=True):
        contribution = contribution_actions.contribution_submit(
            author=UserFactory(),
            demarche=demarche,
            kind="idee",
            title="Des trottoirs plus larges rue Haute",
            body="Les poussettes passent sur la chaussée.",
            themes=[voirie_theme, mobility],
        )
    routing = Routing.objects.get(item=item_of(contribution))
    assert routing.department == voirie  # two matching themes beat one
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.ROUTED
    event = RoutingEvent.objects.get(item=item_of(contribution))
    assert event.automatic
    assert event.to_department == voirie
    assert "Mobilité" in event.reason


def test_ties_go_to_the_first_department_by_name_and_no_competence_means_unrouted() -> None:
    theme = ThemeFactory()
    f.department(name="Zèbre", themes=[theme])
    first = f.department(name="Abeille", themes=[theme])
    demarche = f.demarche_with_rules()
    assert item_of(f.contribution(demarche=demarche, themes=[theme])).routing.department == first
    orphan = f.contribution(demarche=demarche, themes=[ThemeFactory()])
    assert item_of(orphan).routing.department is None
    assert orphan.status == Contribution.Status.RECEIVED
    # Routing twice changes nothing.
    assert actions.routing_auto(item=item_of(orphan)).pk == item_of(orphan).routing.pk
    assert RoutingEvent.objects.filter(item=item_of(orphan)).count() == 1


def test_a_manager_reassigns_with_a_mandatory_reason_kept_in_the_history(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    setup = f.routed_setup()
    contribution = setup["contributions"][0]
    other = f.department(name="Propreté")
    with pytest.raises(ActionError) as error:
        actions.routing_reassign(actor=setup["manager"], item=item_of(contribution), department=other, reason="non")
    assert error.value.code == "reason_required"
    with pytest.raises(PermissionDenied):
        actions.routing_reassign(
            actor=setup["agent"], item=item_of(contribution), department=other, reason="Un motif suffisant"
        )
    client = client_for(setup["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/instruction/contributions/{contribution.pk}/orienter/",
            {"department": other.pk, "reason": "Les corbeilles relèvent de la propreté urbaine."},
        )
    assert response.status_code == 302
    assert Routing.objects.get(item=item_of(contribution)).department == other
    event = RoutingEvent.objects.filter(item=item_of(contribution), automatic=False).get()
    assert (event.from_department, event.to_department, event.actor) == (
        setup["department"],
        other,
        setup["manager"],
    )
    page = client_for(setup["agent"]).get(f"/instruction/contributions/{contribution.pk}/")
    assert "Les corbeilles relèvent de la propreté urbaine." in page.content.decode()
    # The form says why when the reason is missing.
    again = client_for(f.manager(other)).post(
        f"/instruction/contributions/{contribution.pk}/orienter/", {"department": setup["department"].pk, "reason": ""}
    )
    assert again.status_code == 400
    assert "motif" in again.content.decode()


def test_any_manager_routes_an_unrouted_contribution_from_the_list(client_for: Any) -> None:
    setup = f.routed_setup()
    orphan = f.contribution(demarche=setup["demarche"], themes=[ThemeFactory()])
    client = client_for(setup["manager"])
    page = client.get("/instruction/non-orientees/")
    assert page.status_code == 200
    assert orphan.title in page.content.decode()
    assert client_for(setup["agent"]).get("/instruction/non-orientees/").status_code == 403
    client.post(
        f"/instruction/contributions/{orphan.pk}/orienter/",
        {"department": setup["department"].pk, "reason": "Ce sujet relève bien de notre service.", "next": "/x/"},
    )
    assert Routing.objects.get(item=item_of(orphan)).department == setup["department"]


def test_inbox_is_for_the_department_with_filters_and_overdue_first(client_for: Any) -> None:
    setup = f.routed_setup(count=3)
    first, second, third = setup["contributions"]
    now = timezone.now()
    Commitment.objects.create(
        item=item_of(third),
        rule_version=third.rule_version,
        threshold=3,
        deadline_days=10,
        reached_at=now - datetime.timedelta(days=20),
        due_at=now - datetime.timedelta(days=10),
    )
    OpinionRequest.objects.create(
        item=item_of(second), department=setup["department"], deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    client = client_for(setup["agent"])
    page = client.get(f"/services/{setup['department'].slug}/boite/")
    assert page.status_code == 200
    order = [routing.item.object_id for routing in page.context["page"].object_list]
    # Overdue first (the commitment with a due date before the late opinion), then the others.
    assert order == [third.pk, second.pk, first.pk]
    overdue = client.get(f"/services/{setup['department'].slug}/boite/?en_retard=on")
    assert {r.item.object_id for r in overdue.context["page"].object_list} == {second.pk, third.pk}
    assert client_for(UserFactory()).get(f"/services/{setup['department'].slug}/boite/").status_code == 403
    assert Client().get(f"/services/{setup['department'].slug}/boite/").status_code == 302
    # /mon-service/ leads an agent of one department to its inbox.
    assert client.get("/mon-service/")["Location"] == f"/services/{setup['department'].slug}/boite/"


def test_bulk_actions_mark_under_review_and_request_opinions(client_for: Any) -> None:
    setup = f.routed_setup(count=3)
    finances = f.department(name="Finances")
    ids = [item_of(c).pk for c in setup["contributions"][:2]]
    url = f"/services/{setup['department'].slug}/boite/actions/"
    agent = client_for(setup["agent"])
    agent.post(url, {"ids": ids, "action": "examen"})
    examined = Contribution.objects.filter(pk__in=[c.pk for c in setup["contributions"][:2]])
    assert set(examined.values_list("status", flat=True)) == {"en_examen"}
    deadline = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    manager = client_for(setup["manager"])
    manager.post(
        url,
        {"ids": ids, "action": "avis", "departments": [setup["department"].pk, finances.pk],
         "aspects": ["faisabilite", "cout"], "deadline": deadline},
    )  # fmt: skip
    assert OpinionRequest.objects.filter(item__in=items_of(ids)).count() == 4
    # Asking again skips what is already pending; an agent may not ask.
    manager.post(
        url, {"ids": ids, "action": "avis", "departments": [finances.pk], "aspects": ["cout"], "deadline": deadline}
    )
    assert OpinionRequest.objects.filter(item__in=items_of(ids)).count() == 4
    agent.post(url, {"ids": [item_of(setup["contributions"][2]).pk], "action": "avis", "departments": [finances.pk],
                     "aspects": ["cout"], "deadline": deadline})  # fmt: skip
    assert not OpinionRequest.objects.filter(item=item_of(setup["contributions"][2])).exists()
    # Contributions of another department cannot be smuggled in.
    outsider = f.routed_setup()["contributions"][0]
    agent.post(url, {"ids": [item_of(outsider).pk], "action": "examen"})
    assert Contribution.objects.get(pk=outsider.pk).status == "orientee"
    decision = manager.post(url, {"ids": ids, "action": "decision"})
    assert decision["Location"] == f"/decisions/nouvelle/?elements={ids[0]},{ids[1]}"


def test_inbox_costs_the_same_with_60_and_1060_contributions(client_for: Any) -> None:
    setup = f.routed_setup(count=10)
    for contribution in setup["contributions"]:
        OpinionRequest.objects.create(
            item=item_of(contribution), department=setup["department"], deadline=timezone.localdate()
        )
    client = client_for(setup["agent"])
    url = f"/services/{setup['department'].slug}/boite/"
    demarche = setup["demarche"]

    def add(count: int) -> None:
        rows = Contribution.objects.bulk_create(
            [Contribution(demarche=demarche, kind="idee", title=f"Idée numéro {i:04d}", body="Texte.")
             for i in range(count)]
        )  # fmt: skip
        register_items(rows)
        Routing.objects.bulk_create([Routing(item=item_of(c), department=setup["department"]) for c in rows])
        OpinionRequest.objects.bulk_create(
            [OpinionRequest(item=item_of(c), department=setup["department"], deadline=timezone.localdate())
             for c in rows]
        )  # fmt: skip

    # 60 then 1,060 rows: the pending opinions panel lists 50 and counts the rest only beyond
    # that (one query saved for small services), so both sizes are past it.
    add(50)
    small = real_render_queries(client, url, {"statut": "toutes"})
    add(1000)
    large = real_render_queries(client, url, {"statut": "toutes"})
    assert_same_cost(small, large, at_most=11, what="the service inbox")


def test_workspace_costs_the_same_with_10_and_500_events_and_opinions(client_for: Any) -> None:
    setup = f.routed_setup(count=2)
    department, manager = setup["department"], setup["manager"]
    client = client_for(manager)

    def history(contribution: Any, count: int) -> str:
        item = item_of(contribution)
        RoutingEvent.objects.bulk_create(
            [RoutingEvent(item=item, from_department=department, to_department=department, reason="Motif.",
                          actor=manager) for _ in range(count)]
        )  # fmt: skip
        requests = OpinionRequest.objects.bulk_create(
            [OpinionRequest(item=item, department=department, deadline=timezone.localdate(),
                            status=OpinionRequest.Status.ANSWERED, requested_by=manager) for _ in range(count)]
        )  # fmt: skip
        Opinion.objects.bulk_create(
            [Opinion(request=r, author=manager, feasibility=Opinion.Feasibility.FEASIBLE,
                     recommendation=Opinion.Recommendation.FAVOURABLE, text="Faisable.") for r in requests]
        )  # fmt: skip
        return f"/instruction/contributions/{contribution.pk}/"

    small = real_render_queries(client, history(setup["contributions"][0], 10))
    large = real_render_queries(client, history(setup["contributions"][1], 500))
    assert_same_cost(small, large, at_most=12, what="the instruction workspace")


def test_unrouted_list_costs_the_same_with_10_and_500_contributions(client_for: Any) -> None:
    setup = f.routed_setup()
    client = client_for(setup["manager"])
    theme = ThemeFactory()

    def add(count: int) -> None:
        rows = Contribution.objects.bulk_create(
            [
                Contribution(demarche=setup["demarche"], kind="idee", title=f"Sans service {i:04d}", body="Texte.")
                for i in range(count)
            ]
        )
        register_items(rows)
        Routing.objects.bulk_create([Routing(item=item_of(c), department=None) for c in rows])
        Contribution.themes.through.objects.bulk_create(
            [Contribution.themes.through(contribution=c, theme=theme) for c in rows]
        )

    add(10)
    small = real_render_queries(client, "/instruction/non-orientees/")
    add(490)
    large = real_render_queries(client, "/instruction/non-orientees/")
    assert_same_cost(small, large, at_most=8, what="the unrouted list")
    assert "Sans service" in client.get("/instruction/non-orientees/").content.decode()
