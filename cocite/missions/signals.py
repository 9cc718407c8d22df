"""Public moments of missions and events, sent on commit by cocite/missions/actions.py (the webhooks
listen: cocite/missions/webhooks.py). Whoever listens checks it is still public when it runs."""

from django.dispatch import Signal

# kwargs: mission (Mission) — published, with its slots
mission_published = Signal()
# kwargs: event (Event) — a « rencontre » published, with its slot
event_published = Signal()
