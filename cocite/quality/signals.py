"""Public moments of information pages, sent on commit by cocite/quality/actions.py (the webhooks
listen: cocite/quality/webhooks.py)."""

from django.dispatch import Signal

# kwargs: page (InformationPage), version (PageVersion) — a version published: the first (number 1,
# the page's publication) or a new text of the page (the page and its history are public)
page_published = Signal()
