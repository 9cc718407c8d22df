"""Merging contributions: authors credited, supports carried once per person, redirects, notification."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.analysis.merge import contribution_merge
from cocite.analysis.models import ContributionTheme, MergeCredit, MergeRecord, ThemeAssignment
from cocite.analysis.queries import merge_concerned_user_ids, merged_into
from cocite.analysis.signals import contributions_merged
from cocite.contributions.actions import support_set
from cocite.contributions.models import Contribution, Support
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import ActionError, PermissionDenied
from cocite.demarches.tests.factories import DemarcheFactory

pytestmark = pytest.mark.django_db


def _support(contribution: Contribution, *people: Any) -> None:
    for person in people:
        support_set(user=person, contribution=contribution, supported=True)


@pytest.fixture
def overlapping(db: Any, agent: Any) -> dict[str, Any]:
    """A target and two sources whose supporters overlap.

    target: supported by p1, p2              (2)
    s1:     supported by p2, p3, p4          (3)   p2 also supports the target
    s2:     supported by p3, p5, author_t    (3)   p3 also supports s1; author_t wrote the target
    Distinct supporters after the merge: p1, p2, p3, p4, p5 = 5 (author_t never supports their own).
    """
    demarche = DemarcheFactory(managing_department=agent.department_memberships.get().department)
    author_t, author_1, author_2 = UserFactory(), UserFactory(), UserFactory()
    p1, p2, p3, p4, p5 = UserFactory.create_batch(5)
    target = ContributionFactory(demarche=demarche, author=author_t, title="Un abri vélos fermé à la gare")
    s1 = ContributionFactory(demarche=demarche, author=author_1, title="Abri vélos sécurisé près de la gare")
    s2 = ContributionFactory(demarche=demarche, author=author_2, title="Garage à vélos à la gare SVP")
    _support(target, p1, p2)
    _support(s1, p2, p3, p4)
    _support(s2, p3, p5, author_t)
    return {
        "target": target,
        "s1": s1,
        "s2": s2,
        "authors": (author_t, author_1, author_2),
        "people": (p1, p2, p3, p4, p5),
    }


def test_supports_carry_over_exactly_once_per_person(overlapping: dict[str, Any], agent: Any) -> None:
    target, s1, s2 = overlapping["target"], overlapping["s1"], overlapping["s2"]
    p1, p2, p3, p4, p5 = overlapping["people"]
    result = contribution_merge(analyst=agent, target=target, sources=[s1, s2])
    assert result.support_count == 5
    assert result.supports_added == 3
    target.refresh_from_db()
    assert target.support_count == 5 == Support.objects.filter(contribution=target).count()
    assert set(Support.objects.filter(contribution=target).values_list("user_id", flat=True)) == {
        p.pk for p in (p1, p2, p3, p4, p5)
    }
    records = {r.source_id: r for r in MergeRecord.objects.filter(target=target)}
    assert (records[s1.pk].supports_before, records[s1.pk].supports_added) == (3, 2)  # p3, p4 (p2 already there)
    assert (records[s2.pk].supports_before, records[s2.pk].supports_added) == (3, 1)  # p5 (p3 counted, author skipped)
    assert records[s1.pk].analyst == agent
    assert records[s1.pk].previous_status == "recue"


def test_sources_are_marked_merged_and_every_author_is_credited(overlapping: dict[str, Any], agent: Any) -> None:
    target, s1, s2 = overlapping["target"], overlapping["s1"], overlapping["s2"]
    _author_t, author_1, author_2 = overlapping["authors"]
    contribution_merge(analyst=agent, target=target, sources=[s2, s1])
    for source in (s1, s2):
        source.refresh_from_db()
        assert source.status == Contribution.Status.MERGED
        assert merged_into(source.pk) == target.pk
        assert source.merged_into_id == target.pk  # the contribution knows it too (its page redirects)
    assert merged_into(target.pk) is None
    target.refresh_from_db()
    assert target.merged_into_id is None
    assert {(c.source_id, c.author_id) for c in MergeCredit.objects.filter(target=target)} == {
        (s1.pk, author_1.pk),
        (s2.pk, author_2.pk),
    }
    rendered = Template("{% load analysis_tags %}{% merge_credits contribution %}").render(
        Context({"contribution": target})
    )
    assert author_1.display_name in rendered
    assert author_2.display_name in rendered
    assert f"/contributions/{s1.pk}/?origine=1" in rendered


def test_merges_of_merges_keep_everyone_and_redirect_to_the_end(overlapping: dict[str, Any], agent: Any) -> None:
    target, s1, s2 = overlapping["target"], overlapping["s1"], overlapping["s2"]
    contribution_merge(analyst=agent, target=s1, sources=[s2])
    final = ContributionFactory(demarche=target.demarche)
    contribution_merge(analyst=agent, target=final, sources=[s1])
    assert merged_into(s2.pk) == final.pk
    s2.refresh_from_db()
    assert s2.merged_into_id == final.pk  # re-pointed at the end, not left on s1
    _author_t, author_1, author_2 = overlapping["authors"]
    assert {c.author_id for c in MergeCredit.objects.filter(target=final)} == {author_1.pk, author_2.pk}
    # s1's supporters plus what s2 brought: p2, p3, p4, p5 and the target's author (who supported s2).
    final.refresh_from_db()
    assert final.support_count == Support.objects.filter(contribution=final).count() == 5


def test_the_old_page_redirects_permanently_to_the_target(overlapping: dict[str, Any], agent: Any, client: Any) -> None:
    target, s1 = overlapping["target"], overlapping["s1"]
    contribution_merge(analyst=agent, target=target, sources=[s1])
    response = client.get(reverse("contributions:detail", kwargs={"pk": s1.pk}))
    assert response.status_code == 301
    assert response["Location"] == target.get_absolute_url()
    original = client.get(reverse("contributions:detail", kwargs={"pk": s1.pk}), {"origine": "1"})
    assert original.status_code == 200
    assert s1.title in original.content.decode()


def test_people_concerned_are_notified_once_on_commit(
    overlapping: dict[str, Any], agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    target, s1, s2 = overlapping["target"], overlapping["s1"], overlapping["s2"]
    received: list[dict[str, Any]] = []

    def listener(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs)

    contributions_merged.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            contribution_merge(analyst=agent, target=target, sources=[s1, s2])
        assert received == []  # nothing before the commit
        for callback in callbacks:
            callback()
    finally:
        contributions_merged.disconnect(listener)
    assert len(received) == 1
    assert received[0]["target"] == target
    assert received[0]["analyst"] == agent
    assert {s.pk for s in received[0]["sources"]} == {s1.pk, s2.pk}
    authors = {a.pk for a in overlapping["authors"]}
    supporters = {p.pk for p in overlapping["people"]}
    assert merge_concerned_user_ids(target, [s1, s2]) == authors | supporters


def test_merged_contributions_leave_their_themes(overlapping: dict[str, Any], agent: Any) -> None:
    target, s1 = overlapping["target"], overlapping["s1"]
    theme = ContributionTheme.objects.create(demarche=target.demarche, label="Vélos à la gare")
    for contribution in (target, s1):
        ThemeAssignment.objects.create(contribution=contribution, theme=theme, reason="computed")
    contribution_merge(analyst=agent, target=target, sources=[s1])
    ended = ThemeAssignment.objects.get(contribution=s1)
    assert ended.ended_at is not None
    assert ended.end_reason == "contribution_merged"
    assert ended.ended_by == agent
    assert ThemeAssignment.objects.get(contribution=target).ended_at is None


def test_a_support_arriving_after_the_merge_joins_the_target_once(
    overlapping: dict[str, Any], agent: Any, django_capture_on_commit_callbacks: Any
) -> None:
    target, s1 = overlapping["target"], overlapping["s1"]
    p1 = overlapping["people"][0]
    newcomer = UserFactory()
    contribution_merge(analyst=agent, target=target, sources=[s1])
    with django_capture_on_commit_callbacks(execute=True):
        support_set(user=newcomer, contribution=s1, supported=True)  # an old tab still open
    with django_capture_on_commit_callbacks(execute=True):
        support_set(user=p1, contribution=s1, supported=True)  # already supports the target
    target.refresh_from_db()
    assert target.support_count == Support.objects.filter(contribution=target).count() == 5
    assert Support.objects.filter(contribution=target, user=newcomer).exists()


def test_invalid_merges_are_refused(overlapping: dict[str, Any], agent: Any, resident: Any) -> None:
    target, s1, s2 = overlapping["target"], overlapping["s1"], overlapping["s2"]
    elsewhere = ContributionFactory()
    with pytest.raises(PermissionDenied):
        contribution_merge(analyst=resident, target=target, sources=[s1])
    with pytest.raises(ActionError, match="même démarche"):
        contribution_merge(analyst=agent, target=target, sources=[elsewhere])
    with pytest.raises(ActionError):
        contribution_merge(analyst=agent, target=target, sources=[target])
    with pytest.raises(ActionError):
        contribution_merge(analyst=agent, target=target, sources=[])
    contribution_merge(analyst=agent, target=target, sources=[s1])
    with pytest.raises(ActionError, match="déjà été fusionnée"):
        contribution_merge(analyst=agent, target=s2, sources=[s1])
    with pytest.raises(ActionError, match="déjà été fusionnée"):
        contribution_merge(analyst=agent, target=s1, sources=[s2])
    target.refresh_from_db()
    assert target.support_count == Support.objects.filter(contribution=target).count()


def test_the_merge_page_confirms_then_merges(overlapping: dict[str, Any], agent: Any, client_for: Any) -> None:
    target, s1 = overlapping["target"], overlapping["s1"]
    client = client_for(agent)
    url = reverse("analysis:merge", kwargs={"slug": target.demarche.slug})
    page = client.get(url, {"cible": target.pk, "sources": s1.pk})
    assert page.status_code == 200
    assert target.title in page.content.decode()
    assert s1.title in page.content.decode()
    response = client.post(url, {"cible": target.pk, "sources": f"{target.pk} {s1.pk}"})
    assert response.status_code == 302
    assert response["Location"] == target.get_absolute_url()
    s1.refresh_from_db()
    assert s1.status == Contribution.Status.MERGED
    again = client.post(url, {"cible": target.pk, "sources": s1.pk})
    assert again.status_code == 400


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_during_a_merge_keep_the_count_exact(agent: Any) -> None:
    """A support on the target racing the merge: the count still equals the rows afterwards."""
    import threading

    from django.db import close_old_connections

    demarche = DemarcheFactory(managing_department=agent.department_memberships.get().department)
    target = ContributionFactory(demarche=demarche)
    sources = ContributionFactory.create_batch(3, demarche=demarche)
    people = UserFactory.create_batch(12)
    for index, person in enumerate(people[:9]):
        _support(sources[index % 3], person)
    errors: list[BaseException] = []

    def support(person: Any) -> None:
        try:
            support_set(user=person, contribution=target, supported=True)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=support, args=(person,)) for person in people[6:]]
    for thread in threads:
        thread.start()
    contribution_merge(analyst=agent, target=target, sources=sources)
    for thread in threads:
        thread.join()
    assert not errors
    target.refresh_from_db()
    assert target.support_count == Support.objects.filter(contribution=target).count() == 12
