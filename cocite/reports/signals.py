"""Public moments of a report, sent on commit by cocite/reports/actions.py (the webhooks listen:
cocite/reports/webhooks.py). Whoever listens checks the report is still public when it runs."""

from django.dispatch import Signal

# kwargs: report (Report) — filed online, at the front desk or through Open311
report_received = Signal()
# kwargs: report (Report), event (ReportEvent, the timeline entry with its public message),
# old_status, new_status — an agent's status change, or the reporter reopening it
report_status_changed = Signal()
