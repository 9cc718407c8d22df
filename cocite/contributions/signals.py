"""Signals for other apps (notifications, decisions) — sent on commit, except `support_recorded`."""

from django.dispatch import Signal

contribution_submitted = Signal()  # kwargs: contribution
contribution_status_changed = Signal()  # kwargs: contribution, old_status, new_status
contribution_supported = Signal()  # kwargs: contribution, user; support_count and status after it, when known
# Sent inside the support's own transaction, for writes that must stand or fall with it
# (the supporter's automatic follow): one commit per support instead of two.
support_recorded = Signal()  # kwargs: contribution, user
