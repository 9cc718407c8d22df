"""Events other apps listen to (notifications fan out to authors, supporters, commenters, followers).

All are sent on commit, by the actions in cocite/decisions/actions.py.
"""

from django.dispatch import Signal

# kwargs: decision (Decision; decision.contributions lists the covered contributions,
#         decision.supersedes is set for a correction)
decision_published = Signal()
# kwargs: contribution, department (None: "non orientée"), previous (Department | None), actor (None: automatic)
contribution_routed = Signal()
# kwargs: request (OpinionRequest), actor
opinion_requested = Signal()
# kwargs: opinion (Opinion), actor
opinion_given = Signal()
# kwargs: request (OpinionRequest), managers (list of users to alert: managers of the handling department)
opinion_overdue = Signal()
# kwargs: contribution, commitment (Commitment): the contribution reached its support threshold
commitment_started = Signal()
