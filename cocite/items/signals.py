"""What a resource tells the machinery about its objects (sent on commit by the resource app).

The machinery (routing, commitments) listens here, never to a resource app's own signals.
"""

from django.dispatch import Signal

# kwargs: item (Item) — a new object was submitted: the machinery routes it.
item_submitted = Signal()
# kwargs: kind, object_id, rule_version_id (int | None), support_count (int) — one more support;
# the machinery starts the answer deadline when the rule version's threshold is reached.
item_supported = Signal()
