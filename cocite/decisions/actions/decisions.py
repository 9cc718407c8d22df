"""Decisions: a reasoned decision on one or several items of a démarche, in the public log; corrections."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocite.accounts.models import User
from cocite.accounts.permissions import is_elected_official
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core import search
from cocite.core.cache import invalidate_pages
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.demarches.models import Demarche
from cocite.demarches.queries import rules_in_force_for
from cocite.items.actions import items_set_status
from cocite.items.models import Item, ItemStatus

from .. import citations as citation_sources
from .. import journal, ledger, permissions, queries, signals
from ..models import Commitment, Decision, DecisionCitation, DecisionItem, DecisionOpinion, LogEntry, Opinion, Routing
from .base import (
    EXPLANATION_MIN_DISTINCT_WORDS,
    EXPLANATION_MIN_LENGTH,
    EXPLANATION_MIN_WORDS,
    MAX_CRITERIA,
    OUTCOME_STATUS,
    REASON_MIN_LENGTH,
    on_commit,
)
from .log import log_rule_version, publish_opinions

_WORD = re.compile(r"\w+", re.UNICODE)


SEARCH_KIND = "decision"  # the site's search (cocite.spaces) finds decisions under this kind


def index_decision(decision: Decision, item_titles: Sequence[str]) -> None:
    """The decision in the site's search: its explanation, other criteria and what it decides on."""
    search.index_document(SEARCH_KIND, decision.pk, decision.explanation, decision.criteria_notes, *item_titles)


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


def _check_citations(
    demarche: Demarche, citations: Mapping[str, Sequence[int]]
) -> list[tuple[str, citation_sources.Citable]]:
    """Each cited id must be one of its source's candidates in this démarche."""
    cited: list[tuple[str, citation_sources.Citable]] = []
    for kind, ids in citations.items():
        wanted = list(dict.fromkeys(int(i) for i in ids))
        if not wanted:
            continue
        source = citation_sources.source(kind)
        candidates = {c.pk: c for c in source.candidates(demarche.pk)} if source is not None else {}
        if source is None or any(i not in candidates for i in wanted):
            raise ActionError(
                _("Les éléments cités doivent appartenir à la démarche de la décision."),
                code="citations_invalid",
                field=f"cite_{kind}",
            )
        cited.extend((kind, candidates[i]) for i in wanted)
    return cited


@transaction.atomic
def decision_publish(
    *,
    actor: Viewer,
    items: Sequence[Item],
    outcome: str,
    explanation: str,
    body: str,
    decided_on: datetime.date,
    criteria: Iterable[str] = (),
    criteria_notes: str = "",
    opinions: Sequence[Opinion] = (),
    official: User | None = None,
    deliberation_ref: str = "",
    merged_into: Item | None = None,
    supersedes: Decision | None = None,
    correction_reason: str = "",
    pending_opinions_reason: str = "",
    citations: Mapping[str, Sequence[int]] | None = None,
) -> Decision:
    """Publish a decision record (or a correction superseding one) with its log entries, in one transaction.

    While opinions asked on these contributions are not given, only with a stated reason
    (`pending_opinions_reason`), published and logged with the decision.

    `citations`: what else it cites, by citation source (decisions/citations.py: kind → ids among the
    source's candidates in this démarche), recorded with the title of the moment."""
    ids = sorted({i.pk for i in items})
    if not ids:
        raise ActionError(_("Une décision concerne au moins une contribution."), code="no_contribution")
    locked = list(Item.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise ActionError(_("Contribution introuvable."), code="contribution_missing")
    demarche_ids = {i.demarche_id for i in locked}
    if len(demarche_ids) != 1 or None in demarche_ids:
        raise ActionError(
            _("Une décision commune ne peut concerner que des contributions d'une même démarche."),
            code="several_demarches",
        )
    if any(i.status == ItemStatus.WITHDRAWN for i in locked):
        raise ActionError(_("Une contribution retirée ne fait pas l'objet d'une décision."), code="withdrawn")
    demarche_id = demarche_ids.pop()
    assert demarche_id is not None  # refused above
    demarche = Demarche.objects.get(pk=demarche_id)
    if demarche.status == Demarche.Status.DRAFT:
        # The public log publishes nothing of a draft (issue 13): decide once it is published.
        raise ActionError(
            _("Cette démarche est encore en brouillon : publiez-la avant d'y publier une décision."),
            code="demarche_draft",
        )
    routings = dict(Routing.objects.filter(item__in=ids).values_list("item_id", "department_id"))
    if not is_signed_in(actor) or not permissions.can_decide(actor, [routings.get(i) for i in ids]):
        raise PermissionDenied(
            _(
                "Seul·es les élu·es, les administrateur·rices et les responsables du service qui traite ces "
                "contributions peuvent publier une décision."
            ),
            code="decide_forbidden",
        )
    current = queries.current_decision_ids(ids)
    if supersedes is None:
        if current:
            raise Conflict(
                _("Une décision a déjà été publiée pour : %(titles)s. Publiez une correction de cette décision.")
                % {"titles": ", ".join(i.title for i in locked if i.pk in current)},
                code="already_decided",
            )
    else:
        original = Decision.objects.select_for_update().get(pk=supersedes.pk)
        if Decision.objects.filter(supersedes=original).exists():
            raise Conflict(
                _("Cette décision a déjà été corrigée : corrigez la décision la plus récente."),
                code="already_superseded",
            )
        if set(original.item_links.values_list("item_id", flat=True)) != set(ids):
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
    relied = list(Opinion.objects.filter(pk__in=opinion_ids, request__item__in=ids).select_related("request"))
    if len(relied) != len(opinion_ids):
        raise ActionError(
            _("Les avis retenus doivent porter sur les contributions concernées."),
            code="opinions_invalid",
            field="opinions",
        )
    pending = queries.pending_opinion_requests(ids)
    pending_opinions_reason = " ".join((pending_opinions_reason or "").split())[:2000] if pending else ""
    if pending and not pending_opinions_reason:
        raise ActionError(
            ngettext(
                "L'avis demandé à %(departments)s n'est pas encore rendu : dites pourquoi la décision est publiée "
                "sans l'attendre (ce motif sera public et inscrit au journal), ou attendez l'avis.",
                "Les avis demandés à %(departments)s ne sont pas encore rendus : dites pourquoi la décision est "
                "publiée sans les attendre (ce motif sera public et inscrit au journal), ou attendez les avis.",
                len(pending),
            )
            % {"departments": ", ".join(dict.fromkeys(r.department.name for r in pending))},
            code="opinions_pending",
            field="pending_opinions_reason",
        )
    cited = _check_citations(demarche, citations or {})
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
        recorded_by=actor if is_signed_in(actor) else None,
        supersedes=supersedes,
        correction_reason=correction_reason if supersedes is not None else "",
        pending_opinions_reason=pending_opinions_reason,
    )
    decision.full_clean(exclude=["criteria"])
    decision.save()
    DecisionItem.objects.bulk_create([DecisionItem(decision=decision, item_id=i) for i in ids])
    index_decision(decision, [i.title for i in locked])
    DecisionOpinion.objects.bulk_create([DecisionOpinion(decision=decision, opinion=o) for o in relied])
    DecisionCitation.objects.bulk_create(
        [DecisionCitation(decision=decision, kind=kind, object_id=c.pk, title=c.title[:300]) for kind, c in cited]
    )
    items_set_status(items=locked, status=OUTCOME_STATUS[Decision.Outcome(outcome)], actor=actor)

    # The log: the rule version (if not yet there), every opinion published now, then the decision.
    rule_entry = log_rule_version(version) if version is not None else None
    publish_opinions(Opinion.objects.filter(request__item__in=ids, request__status="rendu"))
    opinion_entries = dict(
        LogEntry.objects.filter(subject_key__in=[f"opinion:{o.pk}" for o in relied]).values_list("subject_key", "seq")
    )
    supersedes_entry = ledger.entry_for(f"decision:{supersedes.pk}") if supersedes is not None else None
    decision = Decision.objects.select_related("demarche", "department", "rule_version__rulebook", "merged_into").get(
        pk=decision.pk
    )
    published: Decision = decision
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
    Commitment.objects.filter(item__in=ids, answered_at__isnull=True).update(
        answered_at=decision.published_at, decision=decision
    )
    invalidate_pages()
    on_commit(lambda: signals.decision_published.send(sender=Decision, decision=published))
    return published


def decision_correct(*, actor: Viewer, original: Decision, correction_reason: str, **fields: Any) -> Decision:
    """A correction: a new decision record that references and supersedes `original`."""
    items = list(original.items.all())
    return decision_publish(
        actor=actor, items=items, supersedes=original, correction_reason=correction_reason, **fields
    )
