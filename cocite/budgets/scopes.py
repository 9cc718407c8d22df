"""What a budget write shows on, for the page and fragment caches (cocite.core.cache).

A ballot is counted on its démarche's page (the component's figures): it drops that démarche's
cached pages, nothing else — before, every ballot of a vote's peak dropped the whole site's. The
home page's figures lag by a few seconds at most, as for supports. A ballot's choices and a paper
entry are shown only to their voter and to the budget's team, on pages never cached whole
(signed-in); outcomes appear once a count is published (a `Count`, which drops every entry).

The vote's terms a ballot is checked against are reference data of their own namespace, forgotten
by any write of what they are read from.
"""

from __future__ import annotations

from cocite.core.cache import demarche_scope
from cocite.core.receivers import register_namespace, register_scopes

from .queries import NAMESPACE

# What the vote's terms (queries.vote_terms, in the reference cache) are read from.
TERMS_MODELS = (
    "budgets.BudgetRules",
    "budgets.Envelope",
    "budgets.Project",
    "demarches.Rulebook",
    "demarches.RuleVersion",
)


def register_cache_scopes() -> None:
    for label in TERMS_MODELS:
        register_namespace(label, NAMESPACE)
    register_scopes("budgets.Ballot", lambda ballot: (demarche_scope(ballot.demarche_id),))
    register_scopes("budgets.BallotChoice", lambda choice: ())
    register_scopes("budgets.PaperEntry", lambda entry: ())
