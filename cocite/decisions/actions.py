"""Every write of the arbitration: routing, opinions, decisions, commitments, log entries.

Keyword-only, typed, transactional; rules are checked here. Contribution statuses change only
through cocite.contributions.status (a queryset UPDATE in this transaction, the
`contribution_status_changed` signal on commit). Log entries are appended in the same
transaction as what they record.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.permissions import is_elected_official
from cocite.contributions.models import Contribution, Support
from cocite.contributions.status import contributions_set_status
from cocite.core.cache import invalidate_pages
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.demarches.models import Demarche, RuleVersion
from cocite.demarches.queries import rules_in_force_for
from cocite.territory.models import Department, DepartmentMembership

from . import journal, ledger, permissions, queries, signals
from .models import (
    Commitment,
    Decision,
    DecisionContribution,
    DecisionOpinion,
    LogEntry,
    Opinion,
    OpinionInternalNote,
    OpinionRequest,
    Routing,
    RoutingEvent,
)

logger = logging.getLogger(__name__)

Status = Contribution.Status
OUTCOME_STATUS = {
    Decision.Outcome.ACCEPTED: Status.ACCEPTED,
    Decision.Outcome.ACCEPTED_MODIFIED: Status.ACCEPTED_MODIFIED,
    Decision.Outcome.ALREADY_PLANNED: Status.ALREADY_PLANNED,
    Decision.Outcome.REJECTED: Status.REJECTED,
    Decision.Outcome.OUT_OF_SCOPE: Status.OUT_OF_SCOPE,
    Decision.Outcome.MERGED: Status.MERGED,
}
EXPLANATION_MIN_LENGTH = 200
EXPLANATION_MIN_WORDS = 30
EXPLANATION_MIN_DISTINCT_WORDS = 15
REASON_MIN_LENGTH = 10
OPINION_MIN_LENGTH = 20
MAX_COST = Decimal("9999999999.99")
MAX_CRITERIA = 30


def _on_commit(callback: Any) -> None:
    transaction.on_commit(callback)


# ---------------------------------------------------------------------------
# Routing
# ---------------------------------------------------------------------------


def _check_department_access(demarche: Demarche, departments: Sequence[Department], field: str) -> None:
    allowed = queries.departments_with_access(demarche)
    if allowed is None:
        return
    outside = [d.name for d in departments if d.pk not in allowed]
    if outside:
        raise ActionError(
            _(
                "La démarche « %(demarche)s » est sur invitation : %(departments)s n'y a pas accès. Un·e "
                "administrateur·rice peut l'associer à la démarche."
            )
            % {"demarche": demarche.title, "departments": ", ".join(outside)},
            code="department_without_access",
            field=field,
        )


def competent_department(contribution: Contribution) -> Department | None:
    """The department competent for most of the contribution's themes; ties go to the first by name.

    In an invitation-only démarche, only departments with access compete, and the managing
    department handles what none of them is competent for.
    """
    allowed = queries.departments_with_access(contribution.demarche)
    theme_ids = list(contribution.themes.values_list("pk", flat=True))
    candidates = Department.objects.all() if allowed is None else Department.objects.filter(pk__in=allowed)
    found = (
        candidates.filter(themes__in=theme_ids).annotate(score=Count("pk")).order_by("-score", "name", "pk").first()
        if theme_ids
        else None
    )
    if found is None and allowed is not None and contribution.demarche.managing_department_id is not None:
        return Department.objects.filter(pk=contribution.demarche.managing_department_id).first()
    return found


@transaction.atomic
def routing_auto(*, contribution: Contribution) -> Routing:
    """Route a new contribution from its themes (idempotent: an existing routing is kept)."""
    existing = Routing.objects.filter(contribution_id=contribution.pk).select_related("department").first()
    if existing is not None:
        return existing
    department = competent_department(contribution)
    try:
        with transaction.atomic():
            routing = Routing.objects.create(
                contribution=contribution, department=department, routed_at=timezone.now() if department else None
            )
    except IntegrityError:  # routed concurrently
        return Routing.objects.select_related("department").get(contribution_id=contribution.pk)
    themes = ", ".join(contribution.themes.order_by("name").values_list("name", flat=True))
    RoutingEvent.objects.create(
        contribution=contribution, from_department=None, to_department=department, reason=themes, automatic=True
    )
    if department is not None:
        contributions_set_status(
            contributions=[contribution], status=Status.ROUTED, actor=None, only_from=[Status.RECEIVED]
        )
    _on_commit(
        lambda: signals.contribution_routed.send(
            sender=Routing, contribution=contribution, department=department, previous=None, actor=None
        )
    )
    return routing


@transaction.atomic
def routing_reassign(*, actor: Any, contribution: Contribution, department: Department, reason: str) -> Routing:
    """A manager routes a contribution to another department; the reason is mandatory and logged."""
    routing, _created = Routing.objects.get_or_create(contribution=contribution)
    routing = Routing.objects.select_for_update().get(pk=routing.pk)
    if not permissions.can_route(actor, routing.department_id):
        raise PermissionDenied(
            _("Seul·e un·e responsable du service qui traite cette contribution peut la réorienter."),
            code="route_forbidden",
        )
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN_LENGTH:
        raise ActionError(
            _("Expliquez pourquoi vous réorientez cette contribution (%(n)s caractères au moins).")
            % {"n": REASON_MIN_LENGTH},
            code="reason_required",
            field="reason",
        )
    if routing.department_id == department.pk:
        raise ActionError(
            _("Cette contribution est déjà orientée vers ce service."), code="same_department", field="department"
        )
    _check_department_access(contribution.demarche, [department], "department")
    previous = routing.department
    Routing.objects.filter(pk=routing.pk).update(department=department, routed_at=timezone.now())
    RoutingEvent.objects.create(
        contribution=contribution, from_department=previous, to_department=department, reason=reason, actor=actor
    )
    contributions_set_status(
        contributions=[contribution],
        status=Status.ROUTED,
        actor=actor,
        only_from=[Status.RECEIVED, Status.UNDER_REVIEW],
    )
    routing.refresh_from_db()
    invalidate_pages()
    _on_commit(
        lambda: signals.contribution_routed.send(
            sender=Routing, contribution=contribution, department=department, previous=previous, actor=actor
        )
    )
    return routing


@transaction.atomic
def routing_mark_under_review(*, actor: Any, contributions: Sequence[Contribution]) -> int:
    """Agents mark the contributions of their department "en cours d'examen"; returns how many changed."""
    routed = dict(
        Routing.objects.filter(contribution__in=[c.pk for c in contributions]).values_list(
            "contribution_id", "department_id"
        )
    )
    allowed = [c for c in contributions if permissions.can_mark_under_review(actor, routed.get(c.pk))]
    if len(allowed) < len(contributions):
        raise PermissionDenied(
            _("Vous ne pouvez traiter que les contributions orientées vers votre service."), code="review_forbidden"
        )
    changed = contributions_set_status(
        contributions=allowed, status=Status.UNDER_REVIEW, actor=actor, only_from=[Status.RECEIVED, Status.ROUTED]
    )
    return len(changed)


# ---------------------------------------------------------------------------
# Opinions
# ---------------------------------------------------------------------------


@transaction.atomic
def opinions_request(
    *,
    actor: Any,
    contributions: Sequence[Contribution],
    departments: Sequence[Department],
    aspects: Sequence[str],
    deadline: datetime.date,
    question: str = "",
) -> tuple[list[OpinionRequest], int]:
    """Ask departments, in parallel, for reasoned opinions; returns (created, skipped as already pending)."""
    if not contributions:
        raise ActionError(_("Choisissez au moins une contribution."), code="no_contribution")
    if not departments:
        raise ActionError(_("Choisissez au moins un service."), code="no_department", field="departments")
    aspects = list(dict.fromkeys(aspects))
    if not aspects or not set(aspects) <= set(OpinionRequest.Aspect.values):
        raise ActionError(
            _("Choisissez ce sur quoi porte l'avis (faisabilité, coût, aspects juridiques…)."),
            code="aspects_invalid",
            field="aspects",
        )
    if deadline < timezone.localdate():
        raise ActionError(_("La date limite ne peut pas être passée."), code="deadline_past", field="deadline")
    question = (question or "").strip()
    if len(question) > 2000:
        raise ActionError(_("La question ne peut dépasser 2 000 caractères."), code="question_length", field="question")
    routed = dict(
        Routing.objects.filter(contribution__in=[c.pk for c in contributions]).values_list(
            "contribution_id", "department_id"
        )
    )
    for contribution in contributions:
        _check_department_access(contribution.demarche, departments, "departments")
        if not permissions.can_request_opinions(actor, routed.get(contribution.pk)):
            raise PermissionDenied(
                _("Seul·e un·e responsable du service qui traite la contribution peut demander des avis."),
                code="request_forbidden",
            )
        if contribution.status == Status.WITHDRAWN:
            raise ActionError(_("Une contribution retirée ne fait pas l'objet d'avis."), code="withdrawn")
    pending = set(
        OpinionRequest.objects.filter(
            contribution__in=[c.pk for c in contributions],
            department__in=[d.pk for d in departments],
            status=OpinionRequest.Status.PENDING,
        ).values_list("contribution_id", "department_id")
    )
    created = []
    skipped = 0
    for contribution in contributions:
        for department in departments:
            if (contribution.pk, department.pk) in pending:
                skipped += 1
                continue
            created.append(
                OpinionRequest.objects.create(
                    contribution=contribution,
                    department=department,
                    aspects=aspects,
                    question=question,
                    deadline=deadline,
                    requested_by=actor,
                )
            )
    contributions_set_status(
        contributions=contributions, status=Status.UNDER_REVIEW, actor=actor, only_from=[Status.RECEIVED, Status.ROUTED]
    )

    def send() -> None:
        for request in created:
            signals.opinion_requested.send(sender=OpinionRequest, request=request, actor=actor)

    invalidate_pages()
    _on_commit(send)
    return created, skipped


def _parse_cost(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        cost = Decimal(str(value).replace(" ", "").replace("\u202f", "").replace(",", "."))
    except InvalidOperation as error:
        raise ActionError(
            _("Indiquez un montant en euros, par exemple 12500 ou 12500,50."),
            code="cost_invalid",
            field="estimated_cost",
        ) from error
    if not cost.is_finite() or cost < 0 or cost > MAX_COST:
        raise ActionError(
            _("Le coût estimé doit être un montant positif."), code="cost_invalid", field="estimated_cost"
        )
    return cost.quantize(Decimal("0.01"))


@transaction.atomic
def opinion_give(
    *,
    actor: Any,
    request: OpinionRequest,
    feasibility: str,
    recommendation: str,
    text: str,
    estimated_cost: Decimal | str | None = None,
    legal_points: str = "",
    internal_note: str = "",
) -> Opinion:
    """The asked department gives its reasoned opinion (once). The internal note is stored apart."""
    locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != OpinionRequest.Status.PENDING:
        raise Conflict(_("Cet avis a déjà été rendu."), code="already_answered")
    if not permissions.can_answer_opinion(actor, locked):
        raise PermissionDenied(
            _("Seuls les agents du service sollicité peuvent rendre cet avis."), code="answer_forbidden"
        )
    if feasibility not in Opinion.Feasibility.values:
        raise ActionError(_("Indiquez la faisabilité."), code="feasibility_invalid", field="feasibility")
    if recommendation not in Opinion.Recommendation.values:
        raise ActionError(
            _("Indiquez votre avis : favorable, défavorable ou réservé."),
            code="recommendation_invalid",
            field="recommendation",
        )
    text = (text or "").strip()
    if len(text) < OPINION_MIN_LENGTH:
        raise ActionError(
            _("Motivez votre avis en quelques phrases (%(n)s caractères au moins).") % {"n": OPINION_MIN_LENGTH},
            code="text_required",
            field="text",
        )
    cost = _parse_cost(estimated_cost)
    opinion = Opinion.objects.create(
        request=locked,
        author=actor,
        feasibility=feasibility,
        recommendation=recommendation,
        text=text[:10000],
        estimated_cost=cost,
        legal_points=(legal_points or "").strip()[:5000],
    )
    note = (internal_note or "").strip()
    if note:
        OpinionInternalNote.objects.create(opinion=opinion, text=note[:5000])
    OpinionRequest.objects.filter(pk=locked.pk).update(status=OpinionRequest.Status.ANSWERED)
    locked.status = OpinionRequest.Status.ANSWERED
    # Given after the decision: published at once, like the others were with the decision.
    from .queries import current_decision_for

    if current_decision_for(locked.contribution_id) is not None:
        _publish_opinions(Opinion.objects.filter(pk=opinion.pk))
    invalidate_pages()
    _on_commit(lambda: signals.opinion_given.send(sender=Opinion, opinion=opinion, actor=actor))
    return opinion


def opinions_escalate_overdue(*, today: datetime.date | None = None) -> list[OpinionRequest]:
    """Flag pending requests past their deadline and alert the managers (idempotent: once per request)."""
    today = today or timezone.localdate()
    escalated: list[OpinionRequest] = []
    with transaction.atomic():
        overdue = list(
            OpinionRequest.objects.select_for_update()
            .filter(status=OpinionRequest.Status.PENDING, deadline__lt=today, escalated_at__isnull=True)
            .order_by("pk")
        )
        if not overdue:
            return []
        now = timezone.now()
        OpinionRequest.objects.filter(pk__in=[r.pk for r in overdue]).update(escalated_at=now)
        routed = dict(
            Routing.objects.filter(contribution__in=[r.contribution_id for r in overdue]).values_list(
                "contribution_id", "department_id"
            )
        )
        managers_by_department: dict[int, list[Any]] = {}
        for membership in DepartmentMembership.objects.filter(
            role=DepartmentMembership.Role.MANAGER,
            department__in={d for d in routed.values() if d} | {r.department_id for r in overdue},
        ).select_related("user"):
            managers_by_department.setdefault(membership.department_id, []).append(membership.user)
        for request in overdue:
            request.escalated_at = now
            escalated.append(request)
        alerts = [
            (
                request,
                managers_by_department.get(routed.get(request.contribution_id) or 0, [])
                or managers_by_department.get(request.department_id, []),
            )
            for request in overdue
        ]

        def send() -> None:
            for request, managers in alerts:
                signals.opinion_overdue.send(sender=OpinionRequest, request=request, managers=managers)

        _on_commit(send)
    return escalated


# ---------------------------------------------------------------------------
# The log (payloads: cocite.decisions.journal)
# ---------------------------------------------------------------------------


@transaction.atomic
def log_rule_version(version: RuleVersion) -> LogEntry | None:
    """Append a rule version to the log (idempotent); a draft démarche's versions wait for its publication."""
    existing = ledger.entry_for(f"rule_version:{version.pk}")
    if existing is not None:
        return existing
    version = RuleVersion.objects.select_related("rulebook", "rulebook__demarche").get(pk=version.pk)
    demarche = version.rulebook.demarche
    if demarche is not None and demarche.status == Demarche.Status.DRAFT:
        return None
    return ledger.append(
        kind=LogEntry.Kind.RULE_VERSION,
        subject_key=f"rule_version:{version.pk}",
        payload=journal.rule_version_payload(version),
        sealed_for=journal.sealed_for([demarche]),
    )


def log_pending_rule_versions(demarche: Demarche) -> list[LogEntry]:
    """Once a démarche leaves draft, its rule versions enter the log (oldest first, idempotent)."""
    entries = []
    for version in RuleVersion.objects.filter(rulebook__demarche=demarche).order_by("number"):
        entry = log_rule_version(version)
        if entry is not None:
            entries.append(entry)
    return entries


def _publish_opinions(opinions: Any) -> list[LogEntry]:
    """Publish answered opinions (in order) and append one log entry each."""
    entries = []
    now = timezone.now()
    rows = list(
        opinions.filter(published_at__isnull=True)
        .select_related("request", "request__department", "request__contribution__demarche")
        .order_by("created_at", "pk")
    )
    for opinion in rows:
        entries.append(
            ledger.append(
                kind=LogEntry.Kind.OPINION,
                subject_key=f"opinion:{opinion.pk}",
                payload=journal.opinion_payload(opinion),
                sealed_for=journal.sealed_for([opinion.request.contribution.demarche]),
            )
        )
    if rows:
        Opinion.objects.filter(pk__in=[o.pk for o in rows]).update(published_at=now)
    return entries


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def check_explanation(text: str) -> str:
    """A real explanation: long enough, made of enough different words."""
    text = (text or "").strip()
    words = [w.lower() for w in _WORD.findall(text)]
    if len(text) < EXPLANATION_MIN_LENGTH:
        raise ActionError(
            _(
                "L'explication est obligatoire et doit être un vrai texte : %(min)s caractères au moins "
                "(actuellement %(n)s). Dites ce qui a été décidé, pourquoi, et ce qui va se passer."
            )
            % {"min": EXPLANATION_MIN_LENGTH, "n": len(text)},
            code="explanation_too_short",
            field="explanation",
        )
    if len(words) < EXPLANATION_MIN_WORDS or len(set(words)) < EXPLANATION_MIN_DISTINCT_WORDS:
        raise ActionError(
            _("L'explication doit être rédigée en phrases : %(n)s mots au moins, sans répétition.")
            % {"n": EXPLANATION_MIN_WORDS},
            code="explanation_not_text",
            field="explanation",
        )
    return text


def _clean_criteria(criteria: Iterable[str]) -> list[str]:
    cleaned = [" ".join(str(c).split())[:500] for c in criteria if str(c).strip()]
    if len(cleaned) > MAX_CRITERIA:
        raise ActionError(_("Trop de critères."), code="criteria_too_many", field="criteria")
    return list(dict.fromkeys(cleaned))


@transaction.atomic
def decision_publish(
    *,
    actor: Any,
    contributions: Sequence[Contribution],
    outcome: str,
    explanation: str,
    body: str,
    decided_on: datetime.date,
    criteria: Iterable[str] = (),
    criteria_notes: str = "",
    opinions: Sequence[Opinion] = (),
    official: Any = None,
    deliberation_ref: str = "",
    merged_into: Contribution | None = None,
    supersedes: Decision | None = None,
    correction_reason: str = "",
) -> Decision:
    """Publish a decision record (or a correction superseding one) with its log entries, in one transaction."""
    ids = sorted({c.pk for c in contributions})
    if not ids:
        raise ActionError(_("Une décision concerne au moins une contribution."), code="no_contribution")
    locked = list(Contribution.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise ActionError(_("Contribution introuvable."), code="contribution_missing")
    demarche_ids = {c.demarche_id for c in locked}
    if len(demarche_ids) != 1:
        raise ActionError(
            _("Une décision commune ne peut concerner que des contributions d'une même démarche."),
            code="several_demarches",
        )
    if any(c.status == Status.WITHDRAWN for c in locked):
        raise ActionError(_("Une contribution retirée ne fait pas l'objet d'une décision."), code="withdrawn")
    demarche = Demarche.objects.get(pk=demarche_ids.pop())
    if demarche.status == Demarche.Status.DRAFT:
        # The public log publishes nothing of a draft (issue 13): decide once it is published.
        raise ActionError(
            _("Cette démarche est encore en brouillon : publiez-la avant d'y publier une décision."),
            code="demarche_draft",
        )
    routings = dict(Routing.objects.filter(contribution__in=ids).values_list("contribution_id", "department_id"))
    if not permissions.can_decide(actor, [routings.get(i) for i in ids]):
        raise PermissionDenied(
            _(
                "Seul·es les élu·es, les administrateur·rices et les responsables du service qui traite ces "
                "contributions peuvent publier une décision."
            ),
            code="decide_forbidden",
        )
    from .queries import current_decision_ids

    current = current_decision_ids(ids)
    if supersedes is None:
        if current:
            raise Conflict(
                _("Une décision a déjà été publiée pour : %(titles)s. Publiez une correction de cette décision.")
                % {"titles": ", ".join(c.title for c in locked if c.pk in current)},
                code="already_decided",
            )
    else:
        original = Decision.objects.select_for_update().get(pk=supersedes.pk)
        if Decision.objects.filter(supersedes=original).exists():
            raise Conflict(
                _("Cette décision a déjà été corrigée : corrigez la décision la plus récente."),
                code="already_superseded",
            )
        if set(original.contribution_links.values_list("contribution_id", flat=True)) != set(ids):
            raise ActionError(
                _("Une correction concerne les mêmes contributions que la décision qu'elle corrige."),
                code="correction_contributions",
            )
        correction_reason = " ".join((correction_reason or "").split())
        if len(correction_reason) < REASON_MIN_LENGTH:
            raise ActionError(
                _("Expliquez ce que corrige cette nouvelle décision (%(n)s caractères au moins).")
                % {"n": REASON_MIN_LENGTH},
                code="correction_reason_required",
                field="correction_reason",
            )
        supersedes = original
    if outcome not in Decision.Outcome.values:
        raise ActionError(_("Choisissez la décision prise."), code="outcome_invalid", field="outcome")
    if outcome == Decision.Outcome.MERGED:
        if merged_into is None:
            raise ActionError(
                _("Indiquez la contribution avec laquelle celles-ci sont fusionnées."),
                code="merged_into_required",
                field="merged_into",
            )
        if merged_into.demarche_id != demarche.pk or merged_into.pk in ids:
            raise ActionError(
                _("La contribution de destination doit appartenir à la même démarche, hors de cette décision."),
                code="merged_into_invalid",
                field="merged_into",
            )
    else:
        merged_into = None
    explanation = check_explanation(explanation)
    if body not in Decision.Body.values:
        raise ActionError(_("Indiquez qui a décidé."), code="body_invalid", field="body")
    if decided_on > timezone.localdate():
        raise ActionError(
            _("La date de la décision ne peut pas être dans le futur."), code="date_future", field="decided_on"
        )
    if official is not None and not is_elected_official(official):
        raise ActionError(_("Choisissez un·e élu·e."), code="official_invalid", field="official")
    deliberation_ref = " ".join((deliberation_ref or "").split())
    if len(deliberation_ref) > 60:
        raise ActionError(
            _("La référence de délibération ne peut dépasser 60 caractères."),
            code="deliberation_ref_length",
            field="deliberation_ref",
        )
    opinion_ids = sorted({o.pk for o in opinions})
    relied = list(Opinion.objects.filter(pk__in=opinion_ids, request__contribution__in=ids).select_related("request"))
    if len(relied) != len(opinion_ids):
        raise ActionError(
            _("Les avis retenus doivent porter sur les contributions concernées."),
            code="opinions_invalid",
            field="opinions",
        )
    version = rules_in_force_for(demarche)
    first_routed = next((routings.get(i) for i in ids if routings.get(i)), None)

    decision = Decision(
        demarche=demarche,
        department_id=first_routed,
        outcome=outcome,
        merged_into=merged_into,
        explanation=explanation,
        criteria=_clean_criteria(criteria),
        criteria_notes=(criteria_notes or "").strip()[:5000],
        rule_version=version,
        body=body,
        official=official,
        official_name=(official.get_full_name() or official.display_name) if official is not None else "",
        deliberation_ref=deliberation_ref,
        decided_on=decided_on,
        published_at=timezone.now(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        supersedes=supersedes,
        correction_reason=correction_reason if supersedes is not None else "",
    )
    decision.full_clean(exclude=["criteria"])
    decision.save()
    DecisionContribution.objects.bulk_create([DecisionContribution(decision=decision, contribution_id=i) for i in ids])
    DecisionOpinion.objects.bulk_create([DecisionOpinion(decision=decision, opinion=o) for o in relied])
    contributions_set_status(contributions=locked, status=OUTCOME_STATUS[Decision.Outcome(outcome)], actor=actor)

    # The log: the rule version (if not yet there), every opinion published now, then the decision.
    rule_entry = log_rule_version(version) if version is not None else None
    _publish_opinions(Opinion.objects.filter(request__contribution__in=ids, request__status="rendu"))
    opinion_entries = dict(
        LogEntry.objects.filter(subject_key__in=[f"opinion:{o.pk}" for o in relied]).values_list("subject_key", "seq")
    )
    supersedes_entry = ledger.entry_for(f"decision:{supersedes.pk}") if supersedes is not None else None
    decision = Decision.objects.select_related("demarche", "department", "rule_version__rulebook").get(pk=decision.pk)
    ledger.append(
        kind=LogEntry.Kind.CORRECTION if supersedes is not None else LogEntry.Kind.DECISION,
        subject_key=f"decision:{decision.pk}",
        payload=journal.decision_payload(
            decision,
            locked,
            relied,
            rule_entry.seq if rule_entry else None,
            {int(key.split(":")[1]): seq for key, seq in opinion_entries.items()},
            supersedes_entry.seq if supersedes_entry else None,
        ),
        sealed_for=journal.sealed_for([demarche]),
    )
    # The rulebook's promise: the first decision is the reasoned answer.
    Commitment.objects.filter(contribution__in=ids, answered_at__isnull=True).update(
        answered_at=decision.published_at, decision=decision
    )
    invalidate_pages()
    _on_commit(lambda: signals.decision_published.send(sender=Decision, decision=decision))
    return decision


def decision_correct(*, actor: Any, original: Decision, correction_reason: str, **fields: Any) -> Decision:
    """A correction: a new decision record that references and supersedes `original`."""
    contributions = list(original.contributions.all())
    return decision_publish(
        actor=actor, contributions=contributions, supersedes=original, correction_reason=correction_reason, **fields
    )


# ---------------------------------------------------------------------------
# Commitments
# ---------------------------------------------------------------------------


def _threshold_reached_at(contribution: Contribution, threshold: int) -> datetime.datetime:
    if threshold <= 0:
        return contribution.created_at
    moment = (
        Support.objects.filter(contribution_id=contribution.pk)
        .order_by("created_at", "pk")
        .values_list("created_at", flat=True)[threshold - 1 : threshold]
        .first()
    )
    return moment or timezone.now()


@transaction.atomic
def _rule_version(pk: int) -> RuleVersion | None:
    """A published rule version: immutable (the ORM refuses to change one), so cached for long."""
    from cocite.core.cache import reference_data

    return (
        reference_data(f"rule-version:{pk}", lambda: RuleVersion.objects.filter(pk=pk).first() or False, timeout=3600)
        or None
    )


def commitment_check(*, contribution: Contribution, support_count: int | None = None) -> Commitment | None:
    """Start the answer deadline when the contribution reaches its rule version's support threshold.

    The threshold and the deadline are those of the rule version recorded on the contribution;
    the deadline runs from the moment of the N-th support. Once started, a commitment stays
    even if supports are withdrawn later. With the `support_count` the support just committed
    returned, a contribution below its threshold costs no query (the common case).
    """
    if support_count is not None:
        known = _rule_version(contribution.rule_version_id) if contribution.rule_version_id else None
        if known is None or known.support_threshold is None or known.answer_deadline_days is None:
            return None
        if support_count < known.support_threshold:
            return None
    contribution = Contribution.objects.select_related("rule_version").get(pk=contribution.pk)
    version = contribution.rule_version
    if version is None or version.support_threshold is None or version.answer_deadline_days is None:
        return None
    if contribution.support_count < version.support_threshold:
        return None
    existing = Commitment.objects.filter(contribution_id=contribution.pk).first()
    if existing is not None:
        return existing
    reached_at = _threshold_reached_at(contribution, version.support_threshold)
    first = (
        Decision.objects.filter(contribution_links__contribution_id=contribution.pk)
        .order_by("published_at", "pk")
        .only("pk", "published_at")
        .first()
    )
    try:
        with transaction.atomic():
            commitment = Commitment.objects.create(
                contribution=contribution,
                rule_version=version,
                threshold=version.support_threshold,
                deadline_days=version.answer_deadline_days,
                reached_at=reached_at,
                due_at=reached_at + datetime.timedelta(days=version.answer_deadline_days),
                answered_at=first.published_at if first else None,
                decision=first,
            )
    except IntegrityError:
        return Commitment.objects.get(contribution_id=contribution.pk)
    _on_commit(
        lambda: signals.commitment_started.send(sender=Commitment, contribution=contribution, commitment=commitment)
    )
    return commitment


def commitments_backfill() -> int:
    """Start the commitments of contributions already past their threshold (imports, demo data)."""
    from django.db.models import F

    candidates = (
        Contribution.objects.filter(
            rule_version__support_threshold__isnull=False,
            rule_version__answer_deadline_days__isnull=False,
            support_count__gte=F("rule_version__support_threshold"),
            commitment__isnull=True,
        )
        .order_by("pk")
        .only("pk")
    )
    count = 0
    for contribution in candidates:
        if commitment_check(contribution=contribution) is not None:
            count += 1
    return count


def route_unrouted() -> int:
    """Route the contributions that have no routing yet (imports, demo data); returns how many."""
    count = 0
    for contribution in (
        Contribution.objects.filter(routing__isnull=True).exclude(status=Status.WITHDRAWN).order_by("pk")
    ):
        routing_auto(contribution=contribution)
        count += 1
    return count
