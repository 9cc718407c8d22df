"""Notifications are re-checked when read and when mailed (issue 13, defect 6).

A notification was created while its recipient could see its démarche; they may lose that
right later (removed from an invitation, no longer an agent, the démarche back to draft).
From then on it is neither listed, nor counted by the bell, nor opened, nor mailed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.demarches.models import Audience, Demarche
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.notifications import actions, events
from cocite.notifications.models import Notification, NotificationPreference
from cocite.territory.models import DepartmentMembership, Quartier
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory

from .helpers import follow, person, prefer

pytestmark = pytest.mark.django_db

Frequency = NotificationPreference.EmailFrequency
SECRET = "Marqueur secret de la démarche restreinte"


@pytest.fixture(autouse=True)
def _empty_outbox() -> None:
    mail.outbox.clear()


def _news(demarche: Demarche, count: int, title: str = SECRET) -> list[Contribution]:
    """`count` new contributions in `demarche`, told to its followers through the real fan-out."""
    made = []
    for i in range(count):
        contribution = ContributionFactory(demarche=demarche, title=f"{title} {i:02d}")
        actions.notifications_deliver(event=events.new_contribution(contribution))
        made.append(contribution)
    return made


def _badge(html: str) -> str | None:
    marker = '<span class="badge badge--count">'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split("</span>", 1)[0]


def _digest_text(frequency: str = "daily") -> str:
    actions.digests_send(frequency=frequency)
    return "\n".join(str(m.body) + str(m.alternatives) + str(m.subject) for m in mail.outbox)


def _invited_setup() -> tuple[Any, Demarche, Demarche]:
    """A resident invited to an invitation-only démarche they follow, and a public one they follow."""
    resident = person()
    restricted = DemarcheFactory(audience=Audience.INVITED, title="Démarche sur invitation")
    restricted.invited.add(resident)
    public = DemarcheFactory(title="Démarche ouverte à tous")
    follow(resident, restricted)
    follow(resident, public)
    return resident, restricted, public


def _remove_invitation(user: Any, demarche: Demarche) -> None:
    demarche.invited.remove(user)


def _stop_being_agent(user: Any, demarche: Demarche) -> None:
    DepartmentMembership.objects.filter(user=user).delete()


def _back_to_draft(user: Any, demarche: Demarche) -> None:
    Demarche.objects.filter(pk=demarche.pk).update(status=Demarche.Status.DRAFT)


def _agents_only_setup() -> tuple[Any, Demarche, Demarche]:
    agent = person()
    DepartmentFactory(members=[agent])
    restricted = DemarcheFactory(audience=Audience.AGENTS, title="Démarche interne")
    public = DemarcheFactory(title="Démarche ouverte à tous")
    follow(agent, restricted)
    follow(agent, public)
    return agent, restricted, public


def _published_setup() -> tuple[Any, Demarche, Demarche]:
    resident = person()
    restricted = DemarcheFactory(title="Démarche bientôt dépubliée")
    public = DemarcheFactory(title="Démarche ouverte à tous")
    follow(resident, restricted)
    follow(resident, public)
    return resident, restricted, public


CASES: dict[str, tuple[Callable[[], tuple[Any, Demarche, Demarche]], Callable[[Any, Demarche], None]]] = {
    "removed from the invitation": (_invited_setup, _remove_invitation),
    "no longer an agent": (_agents_only_setup, _stop_being_agent),
    "démarche back to draft": (_published_setup, _back_to_draft),
}


@pytest.mark.parametrize("case", list(CASES))
def test_lost_access_hides_notifications_from_the_list_the_bell_and_the_digest(client_for: Any, case: str) -> None:
    setup, lose_access = CASES[case]
    user, restricted, public = setup()
    _news(restricted, 13)
    _news(public, 2, title="Nouvelle publique")
    client = client_for(user)
    # While they may see the démarche, everything is there.
    listed = client.get(reverse("notifications:list")).content.decode()
    assert SECRET in listed
    assert _badge(client.get(reverse("home")).content.decode()) == "15"

    lose_access(user, restricted)
    client = client_for(user)  # a fresh session: the person is loaded again with their roles

    listed = client.get(reverse("notifications:list")).content.decode()
    assert SECRET not in listed
    assert restricted.title not in listed
    assert "Nouvelle publique" in listed
    assert _badge(client.get(reverse("home")).content.decode()) == "2"

    hidden = Notification.objects.filter(recipient=user, demarche=restricted).first()
    assert hidden is not None
    assert client.get(reverse("notifications:open", args=[hidden.pk])).status_code == 404

    text = _digest_text()
    assert len(mail.outbox) == 1
    assert SECRET not in text
    assert restricted.title not in text
    assert "Nouvelle publique" in text
    assert "2 nouvelles" in mail.outbox[0].subject


def test_nothing_left_to_see_means_no_digest_at_all() -> None:
    resident, restricted, _public = _invited_setup()
    _news(restricted, 3)
    restricted.invited.remove(resident)
    report = actions.digests_send(frequency=Frequency.DAILY)
    assert mail.outbox == []
    assert report.mails == 0
    assert report.notifications == 0


def test_an_immediate_mail_is_not_sent_once_access_is_lost() -> None:
    resident, restricted, _public = _invited_setup()
    prefer(resident, Frequency.NEVER)  # the fan-out sends nothing now
    contribution = _news(restricted, 1)[0]
    restricted.invited.remove(resident)
    prefer(resident, Frequency.IMMEDIATE)
    sent = actions.email_immediately(event_key=f"contribution:{contribution.pk}")
    assert sent == 0
    assert mail.outbox == []


def test_the_administrator_still_sees_a_draft_demarches_notifications(client_for: Any) -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    demarche = DemarcheFactory(title="Démarche remise en brouillon")
    follow(admin, demarche)
    _news(demarche, 2)
    Demarche.objects.filter(pk=demarche.pk).update(status=Demarche.Status.DRAFT)
    client = client_for(admin)
    assert SECRET in client.get(reverse("notifications:list")).content.decode()
    assert _badge(client.get(reverse("home")).content.decode()) == "2"


def test_invited_again_the_inbox_shows_them_again_but_they_are_never_mailed_late(client_for: Any) -> None:
    """Decision: rows are kept. Hidden while access is lost, listed again once it is back
    (the person may see all of it again on the démarche's pages); a digest that ran while
    they were hidden consumed them, so they are never mailed days late."""
    resident, restricted, _public = _invited_setup()
    _news(restricted, 3)
    restricted.invited.remove(resident)
    actions.digests_send(frequency=Frequency.DAILY)
    assert mail.outbox == []
    restricted.invited.add(resident)
    assert SECRET in client_for(resident).get(reverse("notifications:list")).content.decode()
    actions.digests_send(frequency=Frequency.DAILY)
    assert mail.outbox == []


def test_mark_all_read_counts_only_what_the_person_may_see(client_for: Any) -> None:
    resident, restricted, public = _invited_setup()
    _news(restricted, 4)
    _news(public, 1, title="Nouvelle publique")
    restricted.invited.remove(resident)
    response = client_for(resident).post(reverse("notifications:mark_all_read"), follow=True)
    assert "1 notification marquée comme lue" in response.content.decode()


def test_a_notification_about_something_notifications_cannot_check_is_not_shown(client_for: Any) -> None:
    """Fail closed: a target kind without a visibility rule is never listed nor counted."""
    resident = person()
    quartier: Quartier = QuartierFactory()
    Notification.objects.create(
        recipient=resident,
        kind=Notification.Kind.COMMENT,
        target_type=ContentType.objects.get_for_model(Quartier),
        target_id=quartier.pk,
        payload={"title": SECRET},
        url="/",
        event_key="test:unknown-target",
        created_at=timezone.now(),
    )
    client = client_for(resident)
    assert SECRET not in client.get(reverse("notifications:list")).content.decode()
    assert _badge(client.get(reverse("home")).content.decode()) is None


def test_the_personal_data_download_does_not_reveal_hidden_notifications(client_for: Any) -> None:
    resident, restricted, _public = _invited_setup()
    _news(restricted, 2)
    restricted.invited.remove(resident)
    response = client_for(resident).post(reverse("accounts:personal_data"))
    data = json.loads(response.content)
    assert SECRET not in response.content.decode()
    rows = data["notifications"]["notifications"]
    assert len(rows) == 2  # the person is told the rows exist (right of access), not what they were about
    assert all(row["hidden"] and not row["payload"] and not row["url"] for row in rows)


def test_the_checked_list_costs_the_same_for_3_or_60_notifications(client_for: Any) -> None:
    # Made by the real fan-out, one at a time: the sizes stay small but differ 20×.
    small, large = _invited_setup(), _invited_setup()
    _news(small[1], 3)
    _news(large[1], 60)
    assert_same_cost(
        real_render_queries(client_for(small[0]), reverse("notifications:list")),
        real_render_queries(client_for(large[0]), reverse("notifications:list")),
        at_most=6,
        what="the checked notifications page",
    )


def _home_queries(client: Client) -> list[str]:
    client.get(reverse("accessibility"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("accessibility"))
    return [q["sql"] for q in captured.captured_queries]


def test_the_bell_costs_more_queries_only_for_news_the_person_may_no_longer_see(client_for: Any) -> None:
    resident, restricted, public = _invited_setup()
    client = client_for(resident)
    nothing = _home_queries(client)
    _news(public, 3, title="Nouvelle publique")
    assert len(_home_queries(client)) == len(nothing), "news visitors may see: counted with the person"
    _news(restricted, 3)
    assert len(_home_queries(client)) == len(nothing), "news of a démarche they are invited to: the same"
    restricted.invited.remove(resident)
    # The capped unread rows, then their démarches among those the person may see.
    assert len(_home_queries(client)) == len(nothing) + 2, "news they may no longer see: two bounded queries"
    assert _badge(client.get(reverse("accessibility")).content.decode()) == "3"


def test_targets_with_a_rule_of_their_own_are_checked_with_it(client_for: Any) -> None:
    """A result (or a decision) is checked with its app's rule, which may be stricter than a démarche's."""
    from cocite.results.models import Result

    resident, restricted, _public = _invited_setup()
    result = Result.objects.create(
        title=f"{SECRET} (résultat)", description="Des bancs.", department=DepartmentFactory(), demarche=restricted
    )
    Notification.objects.create(
        recipient=resident,
        kind=Notification.Kind.STATUS_CHANGED,
        target_type=ContentType.objects.get_for_model(Result),
        target_id=result.pk,
        demarche=restricted,
        payload={"title": result.title},
        url="/",
        event_key=f"test:result:{result.pk}",
    )
    client = client_for(resident)
    assert SECRET in client.get(reverse("notifications:list")).content.decode()
    restricted.invited.remove(resident)
    assert SECRET not in client_for(resident).get(reverse("notifications:list")).content.decode()


def _reports_and_kinds() -> tuple[Any, Any, tuple[ContentType, ContentType, ContentType]]:
    """A report anyone may see, one the moderation hid, and the content types of a contribution (a
    target seen with its démarche), a report (a rule of its own) and a person (a kind notifications do
    not know)."""
    from cocite.accounts.models import User
    from cocite.reports.models import Report
    from cocite.reports.tests.helpers import category, report

    seen_report = report(category())
    masked_report = report(seen_report.category)
    Report.objects.filter(pk=masked_report.pk).update(masked_at=timezone.now())
    kinds = (ContentType.objects.get_for_model(model) for model in (Contribution, Report, User))
    contribution, report_kind, person_kind = kinds
    return seen_report, masked_report, (contribution, report_kind, person_kind)


def test_the_bell_counts_exactly_what_the_visibility_filter_lets_through() -> None:
    """The bell's slow path checks the capped unread rows in Python (`_visible_among_unread`): for
    every kind of row — a démarche's target in a démarche seen or not, with no démarche, a target with
    a rule of its own seen or not, in a démarche seen or not, a target kind notifications do not know,
    read rows — it counts what `visible_notifications` lists, for a visitor's démarches and an agent's."""
    from cocite.accounts.models import User
    from cocite.notifications.queries import unread_count, visible_notifications

    agent = person()
    DepartmentFactory(members=[agent])
    resident = person()
    public = DemarcheFactory(title="Démarche ouverte à tous")
    agents_only = DemarcheFactory(audience=Audience.AGENTS, title="Démarche interne")
    draft = DemarcheFactory(title="Démarche en brouillon")
    Demarche.objects.filter(pk=draft.pk).update(status=Demarche.Status.DRAFT)
    seen_report, masked_report, (contribution_type, report_type, user_type) = _reports_and_kinds()

    def rows_for(recipient: Any) -> list[Notification]:
        made = []
        for demarche in (public, agents_only, draft):
            contribution = ContributionFactory(demarche=demarche)
            made.append(Notification(target_type=contribution_type, target_id=contribution.pk, demarche=demarche))
        made.append(Notification(target_type=contribution_type, target_id=made[0].target_id, demarche=None))
        for target in (seen_report, masked_report):
            for demarche in (None, public, agents_only):
                made.append(Notification(target_type=report_type, target_id=target.pk, demarche=demarche))
        made.append(Notification(target_type=user_type, target_id=recipient.pk, demarche=public))
        read = Notification(target_type=contribution_type, target_id=made[0].target_id, demarche=public)
        read.read_at = timezone.now()
        made.append(read)
        for index, row in enumerate(made):
            row.event_key = f"test:bell:{index}"
            row.recipient = recipient
            row.kind = Notification.Kind.COMMENT
            row.payload = {}
            row.url = "/"
        return Notification.objects.bulk_create(made)

    # Seen: the public démarche's contribution, the visible report with no démarche and in the public
    # démarche; the agent also sees the agents-only démarche's contribution and the report there.
    for user, expected in ((resident, 3), (agent, 5)):
        rows_for(user)
        fresh = User.objects.get(pk=user.pk)  # not loaded by the site: no annotation, the slow path
        listed = visible_notifications(fresh).filter(read_at__isnull=True).count()
        assert listed == expected
        with CaptureQueriesContext(connection) as queries:
            assert unread_count(fresh) == listed
        assert len(queries.captured_queries) == 3  # the rows, their démarches, the reports among them


def test_the_bell_takes_no_query_of_its_own_for_what_the_person_surely_sees() -> None:
    """The person is loaded with two counts of their capped unread rows: all, and those not surely
    visible to them (`unread_restricted_expression`). Rows they surely see need no check: a
    contribution of a démarche they may see (public, or their service's), a report not hidden by the
    moderation (with no démarche or one they may see). Only the others send the bell down the slow
    path; either way it counts what the inbox lists."""
    from cocite.accounts.backends import ModelBackend
    from cocite.notifications.queries import unread_count, visible_notifications

    department = DepartmentFactory()
    public = DemarcheFactory(title="Démarche ouverte à tous")
    agents_only = DemarcheFactory(audience=Audience.AGENTS, title="Démarche interne")
    invitation = DemarcheFactory(audience=Audience.INVITED, title="Démarche sur invitation")
    Demarche.objects.filter(pk=invitation.pk).update(managing_department=department)
    seen_report, masked_report, (contribution_type, report_type, user_type) = _reports_and_kinds()
    seen_contribution = ContributionFactory(demarche=public)
    internal_contribution = ContributionFactory(demarche=agents_only)
    invited_contribution = ContributionFactory(demarche=invitation)
    # (recipient, target type, target, démarche, restricted?)
    cases = {
        "contribution, public démarche": ("resident", contribution_type, seen_contribution, public, False),
        "report, no démarche": ("resident", report_type, seen_report, None, False),
        "report, public démarche": ("resident", report_type, seen_report, public, False),
        "contribution, agents' démarche, to an agent": (
            "agent",
            contribution_type,
            internal_contribution,
            agents_only,
            False,
        ),
        "contribution, their service's invitation démarche": (
            "agent",
            contribution_type,
            invited_contribution,
            invitation,
            False,
        ),
        "report, agents' démarche, to an agent": ("agent", report_type, seen_report, agents_only, False),
        "contribution, agents' démarche, to a resident": (
            "resident",
            contribution_type,
            internal_contribution,
            agents_only,
            True,
        ),
        "contribution, invitation démarche, not invited": (
            "resident",
            contribution_type,
            invited_contribution,
            invitation,
            True,
        ),
        "contribution, no démarche": ("resident", contribution_type, seen_contribution, None, True),
        "report hidden by the moderation": ("agent", report_type, masked_report, None, True),
        "report, agents' démarche, to a resident": ("resident", report_type, seen_report, agents_only, True),
        "a kind notifications do not know": ("agent", user_type, seen_contribution, public, True),
    }
    for name, (who, target_type, target, demarche, restricted) in cases.items():
        recipient = person()
        if who == "agent":
            DepartmentMembership.objects.create(department=department, user=recipient)
        Notification.objects.create(
            recipient=recipient,
            target_type=target_type,
            target_id=target.pk,
            demarche=demarche,
            event_key=f"test:fast-bell:{name}",
            kind=Notification.Kind.COMMENT,
            payload={},
            url="/",
        )
        loaded = ModelBackend().get_user(recipient.pk)
        assert (loaded._cocite_unread, loaded._cocite_unread_restricted) == (1, int(restricted)), name
        with CaptureQueriesContext(connection) as queries:
            counted = unread_count(loaded)
        assert counted == visible_notifications(recipient).filter(read_at__isnull=True).count(), name
        assert (len(queries.captured_queries) > 0) == restricted, name
