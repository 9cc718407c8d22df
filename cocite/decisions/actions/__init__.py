"""Every write of the arbitration, by area (the layout of Zulip's zerver/actions/):

- `routing`: items go to the competent department; managers reassign, with a reason;
- `opinions`: reasoned opinions asked of departments and given by them;
- `decisions`: decision records and their corrections, in the public log;
- `commitments`: the answer deadline an item's supports start;
- `log`: rule versions and opinions entering the public log.

Keyword-only, typed, transactional; rules are checked here. Items' arbitration statuses change
only through cocite.items.actions.items_set_status (one UPDATE in this transaction; the
resource mirrors it through its registry hook). Log entries are appended in the same
transaction as what they record.
"""

from .commitments import commitment_check, commitment_check_after_support, commitments_backfill
from .decisions import check_explanation, decision_correct, decision_publish
from .log import log_pending_rule_versions, log_rule_version
from .opinions import opinion_give, opinions_escalate_overdue, opinions_request, parse_cost
from .routing import competent_department, route_unrouted, routing_auto, routing_mark_under_review, routing_reassign

__all__ = [
    "check_explanation",
    "commitment_check",
    "commitment_check_after_support",
    "commitments_backfill",
    "competent_department",
    "decision_correct",
    "decision_publish",
    "log_pending_rule_versions",
    "log_rule_version",
    "opinion_give",
    "opinions_escalate_overdue",
    "opinions_request",
    "parse_cost",
    "route_unrouted",
    "routing_auto",
    "routing_mark_under_review",
    "routing_reassign",
]
