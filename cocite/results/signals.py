"""Follow-up events for notifications (sent on commit by cocite/results/actions.py)."""

from django.dispatch import Signal

# kwargs: result (Result; result.items and result.decisions list what it follows up)
result_published = Signal()
# kwargs: result, update (ResultUpdate)
result_progressed = Signal()
# kwargs: result — the people concerned (authors and supporters) are asked "Est-ce bien réalisé ?"
result_done = Signal()
# kwargs: result, update (ResultUpdate with no_count and threshold) — the department must answer again
result_reopened = Signal()
