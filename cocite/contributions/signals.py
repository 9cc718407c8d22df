"""Signals for other apps (notifications, decisions) — sent on commit."""

from django.dispatch import Signal

contribution_submitted = Signal()  # kwargs: contribution
contribution_status_changed = Signal()  # kwargs: contribution, old_status, new_status
contribution_supported = Signal()  # kwargs: contribution, user; support_count and status after it, when known
