"""Events other apps listen to (notifications fan out to authors, supporters, commenters, followers).

All are sent on commit, by cocite/decisions/actions/.
"""

from django.dispatch import Signal

# kwargs: decision (Decision; decision.items lists the items it covers, decision.supersedes is
#         set for a correction)
decision_published = Signal()
# kwargs: item (Item), department (None: "non orientée"), previous (Department | None), actor (None: automatic)
item_routed = Signal()
# kwargs: request (OpinionRequest), actor
opinion_requested = Signal()
# kwargs: opinion (Opinion), actor
opinion_given = Signal()
# kwargs: request (OpinionRequest), managers (list of users to alert: managers of the handling department)
opinion_overdue = Signal()
# kwargs: item (Item), commitment (Commitment): the item reached its support threshold
commitment_started = Signal()
