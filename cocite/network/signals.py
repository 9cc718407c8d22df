"""Public moments of the network, sent on commit by cocite/network/actions.py (the webhooks listen:
cocite/network/webhooks.py). Whoever listens checks the object is still public when it runs."""

from django.dispatch import Signal

# kwargs: initiative (Initiative) — published on its page and in the list as soon as it is created
initiative_published = Signal()
# kwargs: call (CallForHelp) — an initiative's holders open a call for help
call_opened = Signal()
