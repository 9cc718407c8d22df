"""Signals for other apps (notifications, decisions) — sent on commit, except `support_recorded`."""

from django.dispatch import Signal

contribution_submitted = Signal()  # kwargs: contribution
contribution_status_changed = Signal()  # kwargs: contribution, old_status, new_status
contribution_supported = Signal()  # kwargs: contribution, user; support_count and status after it, when known
# Sent as soon as a new support is written (on PostgreSQL, once its one-statement write has
# committed), for quick writes that follow from it: the supporter's automatic follow.
support_recorded = Signal()  # kwargs: contribution, user
