"""Analysis events other apps listen to (notifications). Sent on commit."""

from django.dispatch import Signal

# Contributions merged into one (cocite.analysis.merge.contribution_merge).
# kwargs: target (Contribution), sources (list[Contribution], now "fusionnée"), analyst (User).
# The people concerned are the authors and supporters of the target and of the sources:
# cocite.analysis.queries.merge_concerned_user_ids(target, sources).
contributions_merged = Signal()
