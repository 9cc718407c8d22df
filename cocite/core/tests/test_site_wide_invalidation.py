"""Which writes of residents drop every cached page of the site (cocite.core.cache, receivers).

A model no app registered scopes for drops every cached page and fragment when saved: right for
content shown in many places, wasteful for what only its writer, its recipients or a team ever
see — under a vote's peak, each ballot used to empty the whole site's caches. The sweep walks
every write a resident makes (the scenarios of the rate-limit sweep, `LIMITED`): each either
drops nothing site-wide, or is listed below with what it shows where, so a new private write
cannot empty the caches unnoticed.
"""

from __future__ import annotations

from typing import Any

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.core.cache import scope_versions
from cocite.core.testing import report_coverage
from cocite.opinions import actions as opinion_actions
from cocite.opinions.tests.factories import StatementFactory, conversation_for, opinion_demarche

from .test_write_limits import LIMITED

pytestmark = [pytest.mark.django_db, pytest.mark.caches_on]

NEW_PUBLIC_CONTENT = "publishes content shown in lists, maps and counts across the site"
SITE_WIDE: dict[str, str] = {
    "_registration": "a mission's places left and its volunteers' count, on its page and in the lists",
    "_report": NEW_PUBLIC_CONTENT,
    "_report_offline": NEW_PUBLIC_CONTENT,
    "_report_open311": NEW_PUBLIC_CONTENT,
    "_survey_response": "a submitted response is counted on the démarche's pages",
    "_actor": NEW_PUBLIC_CONTENT,
    "_initiative": NEW_PUBLIC_CONTENT,
    "_news": NEW_PUBLIC_CONTENT,
    "_actor_update": "an actor's name and description, wherever it is linked from",
    "_call": NEW_PUBLIC_CONTENT,
    "_help": "an offer of help is counted on its call's public page",
    "_incubation": "an initiative's incubation status, on its public page",
    "_feedback": "a service's public rating and feedback count",
    "_feedback_anonymous": "a service's public rating and feedback count",
    "_recurring_point": "a service's public page shows the answered recurring points",
    "_page_question": "an information page shows its questions",
    "_page_answer": "an information page shows its answers",
    "_counterpoint": "an information page shows its counterpoints",
    "_appeal": "a contested item's tombstone says so",
    "_contribution_online": NEW_PUBLIC_CONTENT,
    "_contribution_offline": NEW_PUBLIC_CONTENT,
    "_statement": "an opinion map's statements and counts",
}


def test_a_residents_private_write_drops_no_cached_page_site_wide(settings: Any) -> None:
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "1000/h")
    bumped: dict[str, bool] = {}
    for makers in LIMITED.values():
        for make in makers:
            _scope, write = make()
            before = scope_versions(())
            write(1)
            bumped[make.__name__] = scope_versions(()) != before
    assert not set(SITE_WIDE) - set(bumped), "stale entries"
    wrong = {name: was for name, was in bumped.items() if was != (name in SITE_WIDE)}
    assert not wrong, (
        "True: drops every cached page but is not in SITE_WIDE (register its model's scopes, or say why);"
        f" False: listed in SITE_WIDE but drops nothing site-wide: {wrong}"
    )
    kept = sorted(name for name, was in bumped.items() if not was)
    report_coverage(f"site-wide invalidation: {len(bumped)} resident writes swept, {len(kept)} drop nothing site-wide")


def test_opinion_votes_drop_no_cached_page_after_the_first() -> None:
    """A participant votes on dozens of statements in a few minutes; joining the conversation (the
    first vote) is counted on the démarche's pages, the votes themselves are shown on no cached page."""
    conversation = conversation_for(opinion_demarche())
    statements = StatementFactory.create_batch(3, conversation=conversation)
    person = UserFactory()
    opinion_actions.vote_cast(user=person, statement=statements[0], value=1)
    before = scope_versions(())
    opinion_actions.vote_cast(user=person, statement=statements[1], value=-1)
    opinion_actions.vote_cast(user=person, statement=statements[2], value=0)
    opinion_actions.vote_cast(user=person, statement=statements[1], value=1)  # changed
    assert scope_versions(()) == before
