"""Debate pages cost the same number of queries with 10 comments or 2,000 (real renders, caches off)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.debate.models import Comment, Stance, UsefulMark

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def populate(contribution: Contribution, total: int, *, department: Any, people: list[Any]) -> Comment:
    """`total` comments with bulk_create: a few official answers, top-level arguments, replies down to depth 5.

    Counters are set to what the actions would have maintained. Returns the busiest thread's root.
    """
    rng = random.Random(total)
    content_type = ContentType.objects.get_for_model(Contribution)
    common = {"content_type": content_type, "object_id": contribution.pk, "created_at": timezone.now()}
    officials = Comment.objects.bulk_create(
        Comment(**common, author=people[0], body=f"Réponse officielle {n}", body_html=f"<p>Réponse {n}</p>",
                is_official=True, department=department, official_title="Responsable")
        for n in range(2)
    )  # fmt: skip
    roots_wanted = max(total // 3, 1) - len(officials)
    roots = Comment.objects.bulk_create(
        Comment(**common, author=rng.choice(people), stance=rng.choice(Stance.values), body=f"Argument {n}",
                body_html=f"<p>Argument {n}</p>", useful_count=rng.randint(0, 40))
        for n in range(roots_wanted)
    )  # fmt: skip
    threads = [*officials, *roots]
    remaining = total - len(threads)
    replies_of: dict[int, int] = {}
    busiest = roots[0]

    def reply_to(parent: Comment) -> Comment:
        root_id = parent.root_id or parent.pk
        replies_of[root_id] = replies_of.get(root_id, 0) + 1
        return Comment(**common, author=rng.choice(people), parent=parent, root_id=root_id,
                       depth=parent.depth + 1, body="Une réponse", body_html="<p>Une réponse</p>")  # fmt: skip

    # One chain of replies six deep in the busiest thread (shown flat below depth 3)…
    chain = [busiest]
    while remaining > 0 and len(chain) < 7:
        chain.append(Comment.objects.bulk_create([reply_to(chain[-1])])[0])
        remaining -= 1
    # …then half of the other replies in that thread, the rest spread over all threads.
    batch = []
    for n in range(remaining):
        parent = rng.choice(chain[:4]) if n % 2 == 0 else threads[n % len(threads)]
        batch.append(reply_to(parent))
    Comment.objects.bulk_create(batch)
    for root_id, count in replies_of.items():
        Comment.objects.filter(pk=root_id).update(reply_count=count)
    Contribution.objects.filter(pk=contribution.pk).update(comment_count=total)
    viewer = people[-1]
    UsefulMark.objects.bulk_create(UsefulMark(comment=c, user=viewer) for c in roots[:5] if c.author_id != viewer.pk)
    return busiest


@pytest.fixture
def setting(idea: Any, voirie_agent: Any) -> dict[str, Any]:
    people = [UserFactory() for _ in range(8)]
    small = idea
    large = ContributionFactory(demarche=idea.demarche, title="Une idée très débattue par tout le monde")
    large.themes.set(idea.themes.all())
    department = voirie_agent.departments.get()
    small_root = populate(small, 10, department=department, people=people)
    large_root = populate(large, 2000, department=department, people=people)
    assert Comment.objects.filter(object_id=large.pk).count() == 2000
    assert Comment.objects.filter(object_id=large.pk, depth__gt=3).exists()
    return {"small": small, "large": large, "small_root": small_root, "large_root": large_root, "viewer": people[-1]}


def _html(client: Client, url: str, **headers: Any) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def _queries(client: Client, url: str, **headers: Any) -> list[str]:
    """A real render's queries (caches off), htmx headers included when given."""
    if not headers:
        return real_render_queries(client, url)
    with override_settings(COCITE_CACHING=False):
        client.get(url, **headers)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, **headers).status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def _clients(setting: dict[str, Any], voirie_agent: Any) -> dict[str, Client]:
    resident = Client()
    resident.force_login(setting["viewer"])
    agent = Client()
    agent.force_login(voirie_agent)
    return {"anonymous": Client(), "resident": resident, "agent": agent}


MEASURED: dict[str, dict[str, int]] = {}
# Real renders, caches off: ratchets (issue 15's target is 12 per page).
# +1 since the missions published from a contribution show on its page (cocite/missions);
# +1 since the actor it was made in the name of shows on it (cocite/network, `{% in_name_of %}`).
# −2 since the item's query says whether a decision or a result names it (none here: not asked).
# −3 since merge credits, « au nom de » and missions are asked only when the contribution's read finds some
# (cocite/contributions/extensions.py); −1 signed in since the reader's support comes with that read;
# −2 since a contribution's page reads its démarche's frame, without its themes and quartiers.
# −1 on PostgreSQL since a debate's top-level comments and official answers come in one plain-SQL query
# (UNION ALL, cocite/debate/queries.py; other databases run the ORM's two).
PLAIN_SQL_SAVES = 1 if connection.vendor == "postgresql" else 0
CONTRIBUTION_PAGE_AT_MOST = {
    "anonymous": 12 - PLAIN_SQL_SAVES,
    "resident": 15 - PLAIN_SQL_SAVES,
    "agent": 17 - PLAIN_SQL_SAVES,
}
DEBATE_PAGE_AT_MOST = 12 - PLAIN_SQL_SAVES
THREAD_PAGE_AT_MOST = 10
HTMX_REPLIES_AT_MOST = 9


@pytest.mark.parametrize("who", ["anonymous", "resident", "agent"])
def test_contribution_page_costs_the_same_with_10_or_2000_comments(
    setting: dict[str, Any], voirie_agent: Any, who: str
) -> None:
    client = _clients(setting, voirie_agent)[who]
    small_url, large_url = setting["small"].get_absolute_url(), setting["large"].get_absolute_url()
    small, large = _queries(client, small_url), _queries(client, large_url)
    assert_same_cost(small, large, at_most=CONTRIBUTION_PAGE_AT_MOST[who], what=f"the contribution page ({who})")
    html = _html(client, large_url)
    assert html.count('class="thread"') == 2 + 20  # the official answers and one page of threads
    assert "Afficher plus de commentaires" in html
    MEASURED.setdefault("contribution page", {})[who] = len(large)


@pytest.mark.parametrize("sort", ["utiles", "recents", "anciens"])
def test_debate_pages_and_fragments_cost_the_same(setting: dict[str, Any], voirie_agent: Any, sort: str) -> None:
    client = _clients(setting, voirie_agent)["resident"]
    small_url = f"/contributions/{setting['small'].pk}/debat/?tri={sort}"
    url = f"/contributions/{setting['large'].pk}/debat/?tri={sort}"
    first = _queries(client, url)
    assert_same_cost(_queries(client, small_url), first, at_most=DEBATE_PAGE_AT_MOST, what=f"the debate ({sort})")
    # The following page, as a full page and as an htmx fragment.
    cursor = _html(client, url).split("apres=", 1)[1].split('"', 1)[0].replace("&amp;", "&")
    second = _queries(client, f"{url}&apres={cursor}")
    fragment = _queries(client, f"{url}&apres={cursor}&niveau=4", **HTMX)
    MEASURED.setdefault(f"debate page ({sort})", {}).update(
        {"first page": len(first), "next page": len(second), "next page, htmx": len(fragment)}
    )
    assert len(second) <= len(first)
    assert len(fragment) <= len(first)


def test_thread_page_costs_the_same_with_short_and_long_threads(setting: dict[str, Any], voirie_agent: Any) -> None:
    client = _clients(setting, voirie_agent)["resident"]
    short, long = (f"/commentaires/{setting[key].pk}/" for key in ("small_root", "large_root"))
    full = _queries(client, long)
    assert_same_cost(_queries(client, short), full, at_most=THREAD_PAGE_AT_MOST, what="the thread page")
    fragment = _queries(client, long + "?niveau=4", **HTMX)
    assert_same_cost(
        _queries(client, short + "?niveau=4", **HTMX), fragment, at_most=HTMX_REPLIES_AT_MOST, what="htmx replies"
    )
    MEASURED["thread page"] = {"full page": len(full), "htmx replies": len(fragment)}


def test_report_measured_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """Print what the tests above measured (run with -s to see it)."""
    with capsys.disabled():
        for page, counts in MEASURED.items():
            print(f"\n  {page}: " + ", ".join(f"{k} = {v} queries" for k, v in counts.items()), end="")


def test_the_replies_are_asked_only_when_a_shown_thread_has_some() -> None:
    people = UserFactory.create_batch(2)
    content_type = ContentType.objects.get_for_model(Contribution)
    bare, answered = ContributionFactory(), ContributionFactory()
    for contribution in (bare, answered):
        common = {"content_type": content_type, "object_id": contribution.pk, "created_at": timezone.now()}
        roots = Comment.objects.bulk_create(
            Comment(
                **common, author=people[0], stance=Stance.FOR, body=f"Argument {n}", body_html=f"<p>Argument {n}</p>"
            )
            for n in range(3)
        )
    Comment.objects.create(**common, author=people[1], parent=roots[0], root_id=roots[0].pk, depth=1,
                                   body="Une réponse visible", body_html="<p>Une réponse visible</p>")  # fmt: skip
    Comment.objects.filter(pk=roots[0].pk).update(reply_count=1)
    client = Client()
    without, with_reply = _queries(client, bare.get_absolute_url()), _queries(client, answered.get_absolute_url())
    assert len(without) == len(with_reply) - 1
    assert "Une réponse visible" in _html(client, answered.get_absolute_url())
