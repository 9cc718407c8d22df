"""Signals other apps listen to (the decision log records rule versions, notifications fan out)."""

from django.dispatch import Signal

rule_version_published = Signal()  # kwargs: version
phase_changed = Signal()  # kwargs: demarche, phase
