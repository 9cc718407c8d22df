"""The démarche page and its list count the same contributions, for every role (issue 16: 57 and 58).

The page counted all but withdrawn contributions, the list showed them all: both now read
`queries.listed_contributions`.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "resident", "author", "agent", "moderator", "elected", "administrator")


def _figure(html: str, pattern: str) -> int:
    found = re.search(pattern, re.sub(r"\s+", " ", html))
    assert found, f"no count matching {pattern!r}"
    return int(found.group(1).replace("\u202f", "").replace("\xa0", ""))


@pytest.mark.parametrize("audience", [Audience.EVERYONE, Audience.AGENTS])
def test_the_page_and_its_list_count_the_same_contributions_for_every_role(audience: str) -> None:
    department = DepartmentFactory()
    demarche = DemarcheFactory(audience=audience, managing_department=department)
    author = UserFactory()
    kept = ContributionFactory(demarche=demarche, author=author)
    ContributionFactory.create_batch(3, demarche=demarche)
    ContributionFactory(demarche=demarche, author=author, status=Contribution.Status.WITHDRAWN)
    ContributionFactory(demarche=demarche, status=Contribution.Status.MERGED, merged_into=kept)
    ContributionFactory(demarche=demarche, status=Contribution.Status.REJECTED)
    ContributionFactory(demarche=demarche, author=None, channel=Contribution.Channel.PAPER, offline_author_name="X")
    ContributionFactory()  # another démarche's
    agent = UserFactory()
    department.members.add(agent)
    people = {
        "visitor": None,
        "resident": UserFactory(),
        "author": author,
        "agent": agent,
        "moderator": UserFactory(is_moderator=True),
        "elected": UserFactory(is_elected_official=True),
        "administrator": UserFactory(is_staff=True, is_superuser=True),
    }
    expected = Contribution.objects.filter(demarche=demarche).exclude(status=Contribution.Status.WITHDRAWN).count()
    seen = 0
    for role in ROLES:
        client = Client()
        if people[role] is not None:
            client.force_login(people[role])
        page = client.get(demarche.get_absolute_url())
        if page.status_code == 404:  # an agents-only démarche, for a visitor or a resident
            assert client.get(reverse("contributions:list", kwargs={"slug": demarche.slug})).status_code == 404
            continue
        seen += 1
        on_page = _figure(page.text, r"(\d[\d\u202f\xa0]*) contributions")
        listed = client.get(reverse("contributions:list", kwargs={"slug": demarche.slug}))
        in_list = _figure(listed.text, r'class="results-count">(\d[\d\u202f\xa0]*) contributions')
        assert on_page == in_list == expected, role
    assert seen >= (7 if audience == Audience.EVERYONE else 2)  # agents-only: the agent and the administrator
