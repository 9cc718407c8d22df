"""The bell, the notifications page, opening and marking as read."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.notifications.models import Notification

from .helpers import person

pytestmark = pytest.mark.django_db


def make_notifications(recipient: Any, count: int, *, read: bool = False, **fields: Any) -> list[Notification]:
    contribution = ContributionFactory()
    content_type = ContentType.objects.get_for_model(contribution)
    actor = person()
    now = timezone.now()
    return Notification.objects.bulk_create(
        [
            Notification(
                recipient=recipient,
                kind=Notification.Kind.COMMENT,
                actor=actor,
                target_type=content_type,
                target_id=contribution.pk,
                demarche=contribution.demarche,
                payload={"title": contribution.title, "demarche_title": contribution.demarche.title},
                url=contribution.get_absolute_url(),
                event_key=f"test:{contribution.pk}:{i}",
                created_at=now - datetime.timedelta(minutes=i),
                read_at=now if read else None,
                **fields,
            )
            for i in range(count)
        ]
    )


def _badge(html: str) -> str | None:
    marker = '<span class="badge badge--count">'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split("</span>", 1)[0]


def test_the_bell_shows_the_unread_count(client_for: Any, client: Client) -> None:
    user = person()
    make_notifications(user, 3)
    make_notifications(user, 2, read=True)
    make_notifications(person(), 4)
    html = client_for(user).get(reverse("home")).content.decode()
    assert reverse("notifications:list") in html
    assert _badge(html) == "3"
    assert "non lues" in html
    assert reverse("notifications:list") not in client.get(reverse("home")).content.decode()


def test_the_bell_has_no_badge_when_all_is_read_and_caps_large_counts(client_for: Any) -> None:
    user = person()
    html = client_for(user).get(reverse("home")).content.decode()
    assert reverse("notifications:list") in html
    assert _badge(html) is None
    make_notifications(user, 120)
    assert _badge(client_for(user).get(reverse("home")).content.decode()) == "99+"


def test_the_bell_costs_one_query(client_for: Any) -> None:
    user = person()
    client = client_for(user)
    make_notifications(person(), 1)
    page = reverse("accessibility")
    client.get(page)
    with CaptureQueriesContext(connection) as without:
        client.get(page)
    make_notifications(user, 5)
    with CaptureQueriesContext(connection) as with_some:
        client.get(page)
    counted = [q["sql"] for q in with_some.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counted) == 1
    assert len(with_some.captured_queries) == len(without.captured_queries)


def test_the_page_lists_the_persons_notifications_newest_first(client_for: Any) -> None:
    user = person()
    mine = make_notifications(user, 2)
    make_notifications(person(), 1)
    response = client_for(user).get(reverse("notifications:list"))
    assert response.status_code == 200
    page = list(response.context["page"].object_list)
    assert [n.pk for n in page] == [mine[0].pk, mine[1].pk]
    html = response.content.decode()
    assert "a commenté" in html
    assert reverse("notifications:open", args=[mine[0].pk]) in html
    assert "Non lue" in html


def test_the_page_needs_an_account(client: Client) -> None:
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_page_costs_the_same_for_10_or_500_notifications(client_for: Any) -> None:
    user = person()
    client = client_for(user)
    for _ in range(10):  # ten targets and actors: a per-row lookup would show
        make_notifications(user, 1)
    small = real_render_queries(client, reverse("notifications:list"))
    for _ in range(10):
        make_notifications(user, 49)
    large = real_render_queries(client, reverse("notifications:list"))
    assert_same_cost(small, large, at_most=4, what="the notifications page")


def test_pagination(client_for: Any) -> None:
    user = person()
    make_notifications(user, 25)
    client = client_for(user)
    assert len(client.get(reverse("notifications:list")).context["page"].object_list) == 20
    second = client.get(reverse("notifications:list") + "?page=2")
    assert len(second.context["page"].object_list) == 5
    assert client.get(reverse("notifications:list") + "?page=abc").status_code == 200


def test_opening_marks_read_and_redirects_to_the_target(client_for: Any) -> None:
    user = person()
    notification = make_notifications(user, 1)[0]
    response = client_for(user).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_opens_someone_elses_notification(client_for: Any) -> None:
    notification = make_notifications(person(), 1)[0]
    assert client_for(person()).get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_outside_url_is_never_followed(client_for: Any) -> None:
    user = person()
    notification = make_notifications(user, 1)[0]
    Notification.objects.filter(pk=notification.pk).update(url="//ailleurs.example/piege")
    response = client_for(user).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read(client_for: Any) -> None:
    user, other = person(), person()
    make_notifications(user, 4)
    make_notifications(other, 2)
    client = client_for(user)
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 2
