"""Every write of the follow-up: results, progress, milestones, "done", the citizen check, reopening."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.core import search
from cocite.core.cache import invalidate_pages
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.decisions import ledger
from cocite.decisions.models import Decision, LogEntry
from cocite.demarches.queries import hidden_demarches
from cocite.items.actions import items_set_status
from cocite.items.models import Item, ItemStatus
from cocite.territory.models import Department

from . import journal, permissions, signals
from .models import CompletionCheck, Milestone, Result, ResultUpdate
from .queries import FOLLOWED_OUTCOMES, is_concerned, reopen_threshold

Status = ItemStatus
DECIDED_STATUSES = (Status.ACCEPTED, Status.ACCEPTED_MODIFIED, Status.ALREADY_PLANNED)


SEARCH_KIND = "result"  # the site's search (cocite.spaces) finds results under this kind


def _budget(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(" ", "").replace("\u202f", "").replace(",", "."))
    except InvalidOperation as error:
        raise ActionError(_("Indiquez un montant en euros."), code="budget_invalid", field="budget") from error
    if not amount.is_finite() or amount < 0 or amount > Decimal("9999999999.99"):
        raise ActionError(_("Le budget doit être un montant positif."), code="budget_invalid", field="budget")
    return amount.quantize(Decimal("0.01"))


def _progress(value: Any) -> int:
    try:
        progress = int(value)
    except (TypeError, ValueError) as error:
        raise ActionError(_("L'avancement est un pourcentage."), code="progress_invalid", field="progress") from error
    if not 0 <= progress <= 100:
        raise ActionError(
            _("L'avancement est un pourcentage entre 0 et 100."), code="progress_invalid", field="progress"
        )
    return progress


@transaction.atomic
def result_create(
    *,
    actor: User,
    title: str,
    description: str,
    department: Department,
    decisions: Sequence[Decision],
    budget: Any = None,
    progress: Any = 0,
    milestones: Sequence[tuple[str, datetime.date]] = (),
) -> Result:
    """Turn decisions (retenue, avec modifications, déjà prévue) into a followed result."""
    if not permissions.can_create_result(actor, department.pk):
        raise PermissionDenied(
            _("Seul·es les élu·es et les responsables du service créent le suivi d'une décision."),
            code="result_forbidden",
        )
    title = " ".join((title or "").split())
    if not 10 <= len(title) <= 200:
        raise ActionError(_("Le titre doit compter entre 10 et 200 caractères."), code="title_length", field="title")
    description = (description or "").strip()
    if not description:
        raise ActionError(_("Décrivez ce qui va être réalisé."), code="description_required", field="description")
    decisions = list(Decision.objects.filter(pk__in=[d.pk for d in decisions]).select_related("demarche"))
    if not decisions:
        raise ActionError(_("Un résultat suit au moins une décision."), code="no_decision", field="decisions")
    hidden = set(hidden_demarches(actor).values_list("pk", flat=True))
    if any(d.demarche_id in hidden for d in decisions):
        # The result would publish what its author may not read (titles, the démarche).
        raise PermissionDenied(
            _("Vous ne pouvez suivre que des décisions de démarches auxquelles vous avez accès."),
            code="decision_hidden",
        )
    if any(d.outcome not in FOLLOWED_OUTCOMES for d in decisions):
        raise ActionError(
            _("Seules les décisions « retenue », « retenue avec modifications » ou « déjà prévue » ont un suivi."),
            code="decision_not_followed",
            field="decisions",
        )
    if Decision.objects.filter(supersedes__in=[d.pk for d in decisions]).exists():
        raise ActionError(
            _("Une de ces décisions a été corrigée : suivez la décision la plus récente."),
            code="decision_superseded",
            field="decisions",
        )
    demarche_ids = {d.demarche_id for d in decisions}
    item_ids = sorted(
        set(
            Decision.items.through.objects.filter(decision__in=[d.pk for d in decisions]).values_list(
                "item_id", flat=True
            )
        )
    )
    result = Result.objects.create(
        title=title,
        description=description[:10000],
        department=department,
        demarche_id=demarche_ids.pop() if len(demarche_ids) == 1 else None,
        budget=_budget(budget),
        progress=_progress(progress),
        status=Result.Status.IN_PROGRESS if _progress(progress) > 0 else Result.Status.PLANNED,
        created_by=actor,
    )
    result.decisions.set(decisions)
    search.index_document(SEARCH_KIND, result.pk, result.title, result.description)
    result.items.set(item_ids)
    for milestone_title, due_on in milestones:
        Milestone.objects.create(result=result, title=milestone_title.strip()[:200], due_on=due_on)
    ResultUpdate.objects.create(result=result, kind=ResultUpdate.Kind.CREATED, progress=result.progress, author=actor)
    items_set_status(
        items=list(Item.objects.filter(pk__in=item_ids)),
        status=Status.IN_PROGRESS,
        actor=actor,
        only_from=DECIDED_STATUSES,
    )
    invalidate_pages()
    transaction.on_commit(lambda: signals.result_published.send(sender=Result, result=result))
    return result


def _locked(result: Result) -> Result:
    return Result.objects.select_for_update(of=("self",)).select_related("demarche").get(pk=result.pk)


@transaction.atomic
def result_update_progress(*, actor: User, result: Result, progress: Any, note: str = "") -> ResultUpdate:
    result = _locked(result)
    if not permissions.can_update_result(actor, result):
        raise PermissionDenied(_("Seul le service responsable met à jour l'avancement."), code="update_forbidden")
    if result.status == Result.Status.DONE:
        raise Conflict(
            _("Ce résultat est déclaré réalisé : il ne change plus, sauf si son suivi est rouvert."), code="result_done"
        )
    value = _progress(progress)
    note = (note or "").strip()[:5000]
    status = result.status
    if status == Result.Status.PLANNED and value > 0:
        status = Result.Status.IN_PROGRESS
    Result.objects.filter(pk=result.pk).update(progress=value, status=status, updated_at=timezone.now())
    update = ResultUpdate.objects.create(
        result=result, kind=ResultUpdate.Kind.PROGRESS, progress=value, note=note, author=actor
    )
    invalidate_pages()
    transaction.on_commit(lambda: signals.result_progressed.send(sender=Result, result=result, update=update))
    return update


@transaction.atomic
def milestone_add(*, actor: User, result: Result, title: str, due_on: datetime.date) -> Milestone:
    result = _locked(result)
    if not permissions.can_update_result(actor, result):
        raise PermissionDenied(_("Seul le service responsable modifie les étapes."), code="update_forbidden")
    title = " ".join((title or "").split())
    if not 3 <= len(title) <= 200:
        raise ActionError(_("Nommez l'étape (3 à 200 caractères)."), code="milestone_title", field="title")
    milestone = Milestone.objects.create(result=result, title=title, due_on=due_on)
    Result.objects.filter(pk=result.pk).update(updated_at=timezone.now())
    invalidate_pages()
    return milestone


@transaction.atomic
def milestone_set_done(*, actor: User, milestone: Milestone, done: bool) -> Milestone:
    result = _locked(milestone.result)
    if not permissions.can_update_result(actor, result):
        raise PermissionDenied(_("Seul le service responsable modifie les étapes."), code="update_forbidden")
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if locked.done == done:
        return locked
    locked.done = done
    locked.done_on = timezone.localdate() if done else None
    locked.save(update_fields=["done", "done_on"])
    if done:
        ResultUpdate.objects.create(result=result, kind=ResultUpdate.Kind.MILESTONE, note=locked.title, author=actor)
    Result.objects.filter(pk=result.pk).update(updated_at=timezone.now())
    invalidate_pages()
    return locked


@transaction.atomic
def result_mark_done(*, actor: User, result: Result, note: str = "") -> Result:
    """Declare the result done: progress 100 %, its items "réalisée", the people concerned asked to check."""
    result = _locked(result)
    if not permissions.can_mark_done(actor, result):
        raise PermissionDenied(
            _("Seul·es les élu·es et les responsables du service déclarent un résultat réalisé."),
            code="done_forbidden",
        )
    now = timezone.now()
    Result.objects.filter(pk=result.pk).update(
        status=Result.Status.DONE, progress=100, done_at=now, round=result.round + 1, updated_at=now
    )
    ResultUpdate.objects.create(
        result=result, kind=ResultUpdate.Kind.DONE, progress=100, note=(note or "").strip()[:5000], author=actor
    )
    items_set_status(
        items=list(result.items.all()),
        status=Status.DONE,
        actor=actor,
        only_from=(*DECIDED_STATUSES, Status.IN_PROGRESS),
    )
    result.refresh_from_db()
    invalidate_pages()
    transaction.on_commit(lambda: signals.result_done.send(sender=Result, result=result))
    return result


@transaction.atomic
def completion_check_answer(*, user: User, result: Result, done: bool, comment: str = "") -> CompletionCheck:
    """A concerned person answers "Est-ce bien réalisé ?" (once per round). Enough "non" reopen the follow-up."""
    result = _locked(result)
    if result.status != Result.Status.DONE:
        raise ActionError(
            _("La question « Est-ce bien réalisé ? » n'est posée qu'une fois le résultat déclaré réalisé."),
            code="not_done",
        )
    if not is_concerned(user, result):
        raise PermissionDenied(
            _("Seules les personnes qui ont proposé ou soutenu les contributions concernées répondent."),
            code="not_concerned",
        )
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ActionError(
            _("Le commentaire ne peut dépasser 2 000 caractères."), code="comment_length", field="comment"
        )
    try:
        with transaction.atomic():
            check = CompletionCheck.objects.create(
                result=result, user=user, round=result.round, done=bool(done), comment=comment
            )
    except IntegrityError as error:
        raise Conflict(_("Vous avez déjà répondu."), code="already_answered") from error
    if not done:
        no_count = CompletionCheck.objects.filter(result=result, round=result.round, done=False).count()
        threshold = reopen_threshold(result)
        if no_count >= threshold:
            _reopen(result, no_count=no_count, threshold=threshold)
    invalidate_pages()
    return check


def _reopen(result: Result, *, no_count: int, threshold: int) -> None:
    """Reopen the follow-up for the department, visibly: status, a public note, a log entry."""
    now = timezone.now()
    Result.objects.filter(pk=result.pk).update(status=Result.Status.REOPENED, reopened_at=now, updated_at=now)
    update = ResultUpdate.objects.create(
        result=result, kind=ResultUpdate.Kind.REOPENED, no_count=no_count, threshold=threshold, round=result.round
    )
    items = list(result.items.order_by("pk"))
    items_set_status(items=items, status=Status.IN_PROGRESS, actor=None, only_from=[Status.DONE])
    ledger.append(
        kind=LogEntry.Kind.RESULT_REOPENED,
        subject_key=f"result_reopened:{result.pk}:{result.round}",
        payload=journal.reopened_payload(result, update),
        sealed_for=journal.sealed_for(result),
    )
    transaction.on_commit(lambda: signals.result_reopened.send(sender=Result, result=result, update=update))
