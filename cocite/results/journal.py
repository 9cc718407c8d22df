"""What the public log records when a follow-up is reopened, and how the database check rebuilds it.

Registered in ResultsConfig.ready() (see cocite.decisions.ledger.Describer). A result is as public as
its most restricted source, so its reopening is sealed when one of its démarches is restricted.
"""

from __future__ import annotations

import datetime
from typing import Any

from cocite.decisions import journal as decisions_journal
from cocite.decisions import ledger
from cocite.demarches.models import Demarche, RuleVersion
from cocite.demarches.queries import charter_get, rules_in_force_for, version_in_force

from .models import Result, ResultUpdate


def rules_for(result: Result, at: datetime.datetime | None = None) -> RuleVersion | None:
    """The rule version in force for the result (at a moment): its démarche's, or the platform charter's."""
    if result.demarche_id:
        assert result.demarche is not None
        return rules_in_force_for(result.demarche, at)
    return version_in_force(charter_get(), at)


def source_demarches(result: Result) -> list[Demarche]:
    """The démarches of the decisions and contributions a result follows."""
    return list(
        Demarche.objects.filter(pk__in=result.decisions.values("demarche_id"))
        | Demarche.objects.filter(pk__in=result.items.values("demarche_id"))
    )


def reopened_payload(result: Result, update: ResultUpdate) -> dict[str, Any]:
    version = rules_for(result, at=update.created_at)
    return {
        "result": {
            "id": result.pk,
            "url": result.get_absolute_url(),
            "title": result.title,
            "department": result.department.slug,
            "round": update.round,
            "not_done_answers": update.no_count,
            "threshold": update.threshold,
            "rule_version": version.pk if version else None,
            # One list per kind of item, named after it ("contributions": [ids]).
            **_object_ids_by_kind(result),
            "decisions": sorted(result.decisions.values_list("pk", flat=True)),
        }
    }


def _object_ids_by_kind(result: Result) -> dict[str, list[int]]:
    lists: dict[str, list[int]] = {}
    for kind, object_id in result.items.order_by("kind", "object_id").values_list("kind", "object_id"):
        lists.setdefault(f"{kind}s", []).append(object_id)
    return lists


def describe_reopening(subject_key: str) -> dict[str, Any] | None:
    _prefix, result_id, round_number = subject_key.split(":")
    result = Result.objects.select_related("department", "demarche").filter(pk=int(result_id)).first()
    update = ResultUpdate.objects.filter(
        result_id=int(result_id), kind=ResultUpdate.Kind.REOPENED, round=int(round_number)
    ).first()
    if result is None or update is None:
        return None
    return reopened_payload(result, update)


def register() -> None:
    ledger.register(
        ledger.Describer(
            "result_reopened",
            describe_reopening,
            ("result.url", "result.title", "result.department"),
        )
    )


def sealed_for(result: Result) -> list[int]:
    return decisions_journal.sealed_for(source_demarches(result))
