"""Every read of the arbitration, by area (the twin of ../actions/):

- `decisions`: which decision holds for an item, the public list of decisions and one decision;
- `routing`: a department's inbox, unrouted items, departments and their access;
- `workspace`: the instruction workspace of one item (routing, opinions, decisions);
- `log`: the public log;
- `commitments`: the commitments dashboard;
- `personal`: a person's part in the arbitration, for their personal-data export.

Bounded queries whatever the number of rows. `*_get_for(viewer, …)` raise 404 (hidden) or return
what this person may see. Queries never import actions (import-linter's layers contract).
"""

from .commitments import OVERDUE_PAGE_SIZE, ROW_HEIGHT, CommitmentFigures, Dashboard, chart, commitments_dashboard
from .decisions import (
    DECISIONS_PAGE_SIZE,
    DecisionDetail,
    DecisionFilters,
    criteria_choices,
    current_decision_for,
    current_decision_ids,
    decision_for_correction,
    decision_get_for,
    decision_page,
    elected_officials,
    visible_decisions,
)
from .log import LOG_PAGE_SIZE, disclosure_lines, entry_summary, log_page
from .personal import personal_data
from .routing import (
    INBOX_PAGE_SIZE,
    OPEN_STATUSES,
    InboxFilters,
    department_choices,
    department_get,
    department_opinion_requests,
    departments_by_name,
    departments_with_access,
    inbox_demarches,
    inbox_page,
    inbox_queryset,
    merge_target,
    routed_departments,
    routed_item_ids,
    unrouted_page,
    workspace_url,
)
from .workspace import Workspace, answered_opinions, opinion_request_get, pending_opinion_requests, workspace_for

__all__ = [
    "DECISIONS_PAGE_SIZE",
    "INBOX_PAGE_SIZE",
    "LOG_PAGE_SIZE",
    "OPEN_STATUSES",
    "OVERDUE_PAGE_SIZE",
    "ROW_HEIGHT",
    "CommitmentFigures",
    "Dashboard",
    "DecisionDetail",
    "DecisionFilters",
    "InboxFilters",
    "Workspace",
    "answered_opinions",
    "chart",
    "commitments_dashboard",
    "criteria_choices",
    "current_decision_for",
    "current_decision_ids",
    "decision_for_correction",
    "decision_get_for",
    "decision_page",
    "department_choices",
    "department_get",
    "department_opinion_requests",
    "departments_by_name",
    "departments_with_access",
    "disclosure_lines",
    "elected_officials",
    "entry_summary",
    "inbox_demarches",
    "inbox_page",
    "inbox_queryset",
    "log_page",
    "merge_target",
    "opinion_request_get",
    "pending_opinion_requests",
    "personal_data",
    "routed_departments",
    "routed_item_ids",
    "unrouted_page",
    "visible_decisions",
    "workspace_for",
    "workspace_url",
]
