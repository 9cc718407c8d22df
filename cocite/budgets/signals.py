"""Public moments of a participatory budget, sent on commit by cocite/budgets/actions.py (the webhooks
listen: cocite/budgets/webhooks.py). Whoever listens checks the démarche is public when it runs."""

from django.dispatch import Signal

# kwargs: count (Count) — a count of the ballots published (in the decision log), after the close
count_published = Signal()
