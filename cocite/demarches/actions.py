"""Writes for démarches and rulebooks."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cocite.accounts.models import User

from . import signals
from .models import Demarche, Rulebook, RuleVersion


@transaction.atomic
def rule_version_publish(
    *,
    rulebook: Rulebook,
    text: str,
    change_note: str,
    who_may_take_part: str,
    decider: str,
    effective_at: datetime.datetime | None = None,
    what_happens_to_contributions: str = "",
    support_threshold: int | None = None,
    answer_deadline_days: int | None = None,
    reopen_threshold: int | None = None,
    late_paper_entries: bool = False,
    reopen_proportion: int | None = None,
    author: User | None = None,
) -> RuleVersion:
    """Append a new immutable version; its number follows the last one (row lock on the rulebook)."""
    Rulebook.objects.select_for_update().filter(pk=rulebook.pk).first()
    last = RuleVersion.objects.filter(rulebook=rulebook).aggregate(n=Max("number"))["n"] or 0
    version = RuleVersion(
        rulebook=rulebook,
        number=last + 1,
        text=text,
        change_note=change_note,
        effective_at=effective_at or timezone.now(),
        who_may_take_part=who_may_take_part,
        what_happens_to_contributions=what_happens_to_contributions,
        support_threshold=support_threshold,
        answer_deadline_days=answer_deadline_days,
        decider=decider,
        reopen_threshold=reopen_threshold,
        late_paper_entries=late_paper_entries,
        reopen_proportion=reopen_proportion,
        created_by=author if getattr(author, "is_authenticated", False) else None,
    )
    version.full_clean()
    version.save()
    # In this transaction: the public log records the version with it, or neither is written.
    signals.rule_version_published.send(sender=RuleVersion, version=version)
    return version


def forget_person(user: User) -> None:
    """Account deletion: invitations to restricted démarches are only personal."""
    Demarche.invited.through.objects.filter(user_id=user.pk).delete()
