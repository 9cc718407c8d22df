"""Merging near-duplicate contributions into one, without losing a person or a support.

An analyst's operation, so it lives in the analysis app with the records it keeps
(MergeRecord: where a merged contribution went, by whom, what was carried; MergeCredit: whose
ideas the target carries); it writes the contributions' rows it moves (their supports, their
status and `merged_into`), the analysis app being built on the contributions, never the reverse.

Rules, all in one transaction (row locks taken in an order that cannot deadlock with
`support_set`, see below):
- the target and the sources belong to the same démarche; none of them is already merged
  or withdrawn; the target is not among the sources;
- every author is credited on the target (the sources' authors, and whoever a source had
  already been credited for, so merges of merges lose nobody);
- supports carry over exactly once per person: a supporter of several sources, or of a
  source and the target, counts once; the target's author is never counted as supporting
  their own contribution; the target's counter is recomputed from the rows;
- sources get the status "fusionnée", `merged_into` and a MergeRecord pointing at the target
  (contributions merged earlier into a source now point at the target too); their pages
  redirect there; they leave their analysis themes (traced);
- `contributions_merged` is sent on commit, for notifications.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.contributions.models import Contribution, Support
from cocite.contributions.status import KIND
from cocite.core.cache import invalidate_pages
from cocite.core.errors import ActionError, PermissionDenied
from cocite.items.actions import items_record_status

from . import permissions as analysis_permissions
from .models import MergeCredit, MergeRecord, ThemeAssignment
from .queries import merged_into
from .signals import contributions_merged


@dataclass
class MergeResult:
    target: Contribution
    sources: list[Contribution]
    supports_added: int
    support_count: int


def _check_mergeable(contributions: Sequence[Contribution], demarche_id: int) -> None:
    for contribution in contributions:
        if contribution.demarche_id != demarche_id:
            raise ActionError(
                _("Les contributions fusionnées doivent appartenir à la même démarche."), code="other_demarche"
            )
        if contribution.status in (Contribution.Status.MERGED, Contribution.Status.WITHDRAWN):
            raise ActionError(
                _("« %(title)s » a déjà été fusionnée ou retirée.") % {"title": contribution.title},
                code="not_mergeable",
            )


@transaction.atomic
def contribution_merge(*, analyst: Viewer, target: Contribution, sources: Sequence[Contribution]) -> MergeResult:
    source_ids = sorted({s.pk for s in sources})
    if not source_ids:
        raise ActionError(_("Choisissez au moins une contribution à fusionner."), code="no_source", field="sources")
    if target.pk in source_ids:
        raise ActionError(
            _("La contribution cible ne peut pas être fusionnée avec elle-même."), code="target_in_sources"
        )
    # Locks, in an order that cannot deadlock with `support_set` (which inserts a Support,
    # then updates its contribution's counter): the sources first (primary-key order), the
    # target only after the supports are inserted — an insert may wait for someone's
    # uncommitted support on the target, who must still be able to update its counter.
    current = Contribution.objects.select_related("demarche").filter(pk=target.pk).first()
    merged = list(
        Contribution.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=source_ids)
        .select_related("demarche")
        .order_by("pk")
    )
    if current is None or len(merged) != len(source_ids):
        raise ActionError(_("Une des contributions n'existe plus."), code="missing_contribution")
    target = current
    if not is_signed_in(analyst) or not analysis_permissions.can_analyse(analyst, target.demarche):
        raise PermissionDenied(
            _(
                "Seules les personnes qui animent cette démarche (agents du service pilote, équipe de la démarche) "
                "et les administrateur·rices fusionnent ses contributions."
            ),
            code="not_analyst",
        )
    _check_mergeable([target, *merged], target.demarche_id)

    # Supports: each person once. Existing supporters of the target and its author are skipped.
    already = set(Support.objects.filter(contribution_id=target.pk).values_list("user_id", flat=True))
    if target.author_id:
        already.add(target.author_id)
    supporters_by_source: dict[int, list[int]] = {pk: [] for pk in source_ids}
    for contribution_id, user_id in (
        Support.objects.filter(contribution_id__in=source_ids)
        .order_by("contribution_id", "user_id")
        .values_list("contribution_id", "user_id")
    ):
        supporters_by_source[contribution_id].append(user_id)
    new_supporters: list[int] = []
    added_by_source: dict[int, int] = {}
    for contribution in merged:
        # Authors are credited (below), not counted as supporters: nobody supports what they wrote.
        fresh = [user_id for user_id in supporters_by_source[contribution.pk] if user_id not in already]
        already.update(fresh)
        new_supporters.extend(fresh)
        added_by_source[contribution.pk] = len(fresh)
    Support.objects.bulk_create(
        [Support(contribution_id=target.pk, user_id=user_id) for user_id in new_supporters],
        ignore_conflicts=True,  # someone supporting the target at this very moment: counted once anyway
    )
    locked_target = Contribution.objects.select_for_update(no_key=True).get(pk=target.pk)
    _check_mergeable([locked_target], target.demarche_id)  # not merged elsewhere meanwhile
    support_count = Support.objects.filter(contribution_id=target.pk).count()
    Contribution.objects.filter(pk=target.pk).update(support_count=support_count, updated_at=timezone.now())
    target.support_count = support_count

    # Credits: the sources' authors, and the people the sources were already credited for.
    credits = [
        MergeCredit(
            target_id=target.pk,
            source_id=contribution.pk,
            author_id=contribution.author_id,
            offline_author_name=contribution.offline_author_name if not contribution.author_id else "",
        )
        for contribution in merged
    ]
    credits += [
        MergeCredit(
            target_id=target.pk,
            source_id=credit.source_id,
            author_id=credit.author_id,
            offline_author_name=credit.offline_author_name,
        )
        for credit in MergeCredit.objects.filter(target_id__in=source_ids)
    ]
    MergeCredit.objects.bulk_create(credits, ignore_conflicts=True)

    now = timezone.now()
    MergeRecord.objects.bulk_create(
        [
            MergeRecord(
                source_id=contribution.pk,
                target_id=target.pk,
                analyst=analyst,
                previous_status=contribution.status,
                supports_before=contribution.support_count,
                supports_added=added_by_source[contribution.pk],
            )
            for contribution in merged
        ]
    )
    Contribution.objects.filter(pk__in=source_ids).update(
        status=Contribution.Status.MERGED, merged_into=target.pk, updated_at=now
    )
    Contribution.objects.filter(merged_into__in=source_ids).update(merged_into=target.pk)
    items_record_status(kind=KIND, object_ids=source_ids, status=Contribution.Status.MERGED)
    for contribution in merged:
        contribution.status = Contribution.Status.MERGED
    ThemeAssignment.objects.filter(contribution_id__in=source_ids, ended_at__isnull=True).update(
        ended_at=now, ended_by=analyst, end_reason=ThemeAssignment.Reason.CONTRIBUTION_MERGED
    )
    invalidate_pages()
    transaction.on_commit(
        lambda: contributions_merged.send(sender=Contribution, target=target, sources=merged, analyst=analyst)
    )
    return MergeResult(target=target, sources=merged, supports_added=len(new_supporters), support_count=support_count)


@transaction.atomic
def late_support_carry(*, user_id: int, source_id: int) -> bool:
    """A support that reached a contribution after it was merged joins the target, once.

    The support page of a merged contribution is still reachable (an old tab, the API);
    `contribution_supported` fires on commit and the analysis app calls this.
    Returns whether a support was added.
    """
    target_id = merged_into(source_id)
    if target_id is None:
        return False
    target = Contribution.objects.filter(pk=target_id).only("pk", "author_id", "status").first()
    if target is None or target.author_id == user_id or target.status == Contribution.Status.WITHDRAWN:
        return False
    # As `support_set` does: the row first (one per person), then the counter moved atomically.
    _support, created = Support.objects.get_or_create(contribution_id=target_id, user_id=user_id)
    if created:
        Contribution.objects.filter(pk=target_id).update(support_count=F("support_count") + 1)
    return created
