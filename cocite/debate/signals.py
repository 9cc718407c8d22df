"""Debate events other apps listen to (notifications, analysis). Sent on commit by debate actions."""

from django.dispatch import Signal

# kwargs: comment (debate.Comment), target (the commented object, e.g. a Contribution)
comment_posted = Signal()
# kwargs: comment, target, department (territory.Department)
official_answer_posted = Signal()
