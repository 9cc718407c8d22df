"""Writes for démarches and rulebooks."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer, is_active_user
from cocite.core.errors import ActionError, PermissionDenied
from cocite.territory.models import Department

from . import permissions, signals
from .models import Demarche, DemarcheComponent, Phase, Rulebook, RuleVersion
from .presets import Preset
from .registry import registry


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


@transaction.atomic
def demarche_from_preset(
    *, actor: Viewer, preset: Preset, department: Department, starts_on: datetime.date | None = None
) -> Demarche:
    """Launch a démarche from a template for a department (its manager, or an administrator): published,
    with its phases from `starts_on` (today), its components and its first rule version."""
    if not is_active_user(actor) or not permissions.can_launch_service_improvement(actor, department.pk):
        raise PermissionDenied(
            _("Seul·e le·la responsable du service, ou un·e administrateur·rice, lance cette démarche."),
            code="preset_forbidden",
        )
    missing = [name for name in preset.components if registry.get(name) is None]
    if missing:
        raise ActionError(_("Composant inconnu."), code="component_unknown")
    start = starts_on or timezone.localdate()
    base = slugify(f"{preset.key}-{department.slug}")[:70]
    slug, n = base, 1
    while Demarche.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    demarche = Demarche.objects.create(
        title=str(preset.title) % {"department": department.name},
        slug=slug,
        framing_question=str(preset.framing_question),
        context=str(preset.context),
        audience=preset.audience,
        pseudonymous=preset.pseudonymous,
        status=Demarche.Status.PUBLISHED,
        managing_department=department,
        created_by=actor,
    )
    for position, plan in enumerate(preset.phases):
        Phase.objects.create(
            demarche=demarche,
            kind=plan.kind,
            position=position,
            starts_on=start + datetime.timedelta(days=plan.starts),
            ends_on=None if plan.ends is None else start + datetime.timedelta(days=plan.ends),
            description=str(plan.description),
        )
    for position, name in enumerate(preset.components):
        DemarcheComponent.objects.create(demarche=demarche, name=name, position=position)
    rulebook = Rulebook.objects.create(
        demarche=demarche, title=_("Règles de la démarche « %(title)s »") % {"title": demarche.title}
    )
    rule_version_publish(
        rulebook=rulebook,
        text=str(preset.rules_text),
        change_note=_("Première version"),
        who_may_take_part=str(preset.who_may_take_part),
        decider=str(preset.decider),
        what_happens_to_contributions=str(preset.what_happens_to_contributions),
        answer_deadline_days=preset.answer_deadline_days,
        effective_at=timezone.make_aware(datetime.datetime.combine(start, datetime.time(0, 0))),
        author=actor,
    )
    return demarche


@transaction.atomic
def demarche_draft_create(
    *,
    actor: Viewer,
    department: Department,
    title: str,
    framing_question: str,
    context: str = "",
    quartier_ids: Sequence[int] = (),
) -> Demarche:
    """A draft démarche run by `department` (one of its agents, or an administrator): the department
    finishes it (phases, components, rules) in the administration, then publishes it."""
    if not is_active_user(actor) or not permissions.can_draft_for_department(actor, department.pk):
        raise PermissionDenied(
            _("Seuls les agents du service, ou un·e administrateur·rice, créent une démarche pour ce service."),
            code="draft_forbidden",
        )
    title = " ".join((title or "").split())[:160]
    if len(title) < 5:
        raise ActionError(
            _("Donnez un titre à la démarche (5 caractères au moins)."), code="title_required", field="title"
        )
    base = slugify(title)[:70] or "demarche"
    slug, n = base, 1
    while Demarche.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    demarche = Demarche.objects.create(
        title=title,
        slug=slug,
        framing_question=" ".join((framing_question or "").split())[:300],
        context=(context or "")[:20000],
        status=Demarche.Status.DRAFT,
        managing_department=department,
        created_by=actor,
    )
    if quartier_ids:
        demarche.quartiers.add(*quartier_ids)
    return demarche


def forget_person(user: User) -> None:
    """Account deletion: invitations to restricted démarches are only personal."""
    Demarche.invited.through.objects.filter(user_id=user.pk).delete()
