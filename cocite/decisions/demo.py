"""Demo arbitration for Ville de Bellerive: routing, opinions, decisions, a correction, commitments.

The scenario is data: `demo/decisions.yaml` (its header describes each key). This module
checks it, then replays it through the actions, like a real session would: reassignments,
then each decision in turn, after its opinion requests and answers.

Idempotent: rule versions are logged once (the log is keyed by subject), only unrouted
items are routed, and the participatory-budget path runs only while that démarche has no
decision yet.

Demo-only shortcuts (documented here): opinion requests that must look overdue get a past
deadline after they are made. Which ideas reached their support threshold weeks ago (so
that commitments are answered late, on time, or overdue today) is the contributions demo's
part: it runs first and dates the supports (cocite/contributions/demo.py). This module only
opens the commitments of the items past their threshold. Nothing else is backdated:
decisions are published now.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, TextIO

from django.utils import timezone

from cocite.accounts.models import User
from cocite.core import demo
from cocite.demarches.models import Demarche, RuleVersion
from cocite.demarches.queries import rules_in_force_for
from cocite.items.models import Item
from cocite.territory.models import Department

from . import actions, queries
from .models import Decision, Opinion, OpinionRequest

DEMO_DOMAIN = "demo.bellerive.example"
DATA_FILE = "decisions.yaml"
ITEM_KIND = "contribution"  # the ideas of the participatory budget, reached as items

RULING_KEYS = {
    "required": {"outcome", "body", "criteria", "explanation"},
    "optional": {"official", "deliberation_ref", "criteria_notes", "pending_opinions_reason"},
}
DECISION_KEYS = {
    "required": RULING_KEYS["required"] | {"idea", "by"},
    "optional": RULING_KEYS["optional"] | {"relies_on_opinions", "opinion_requests", "correction"},
}
CORRECTION_KEYS = {"required": RULING_KEYS["required"] | {"reason"}, "optional": RULING_KEYS["optional"]}
REQUEST_KEYS = {"required": {"by", "departments", "aspects", "deadline_days"}, "optional": {"question", "answers"}}
ANSWER_KEYS = {
    "required": {"department", "by", "feasibility", "recommendation", "estimated_cost", "text"},
    "optional": {"legal_points", "internal_note"},
}
REASSIGNMENT_KEYS = {"required": {"idea", "by", "to", "reason"}}


@dataclass(frozen=True)
class Content:
    demarche: str
    ideas: dict[str, tuple[str, ...]]  # name -> titles of its contributions
    reassignments: list[dict[str, Any]]
    decisions: list[dict[str, Any]]

    def people(self) -> set[str]:
        """Every account the scenario acts as (e-mail local parts)."""
        found = {r["by"] for r in self.reassignments}
        for step in self.decisions:
            rulings = [step, *([step["correction"]] if step.get("correction") else [])]
            found |= {step["by"]} | {r["official"] for r in rulings if r.get("official")}
            for request in step.get("opinion_requests") or ():
                found |= {request["by"]} | {a["by"] for a in request.get("answers") or ()}
        return found

    def departments(self) -> set[str]:
        found = {r["to"] for r in self.reassignments}
        for step in self.decisions:
            for request in step.get("opinion_requests") or ():
                found |= set(request["departments"])
        return found


def _choice(data: demo.DemoData, where: str, entry: dict[str, Any], key: str, choices: list[str]) -> None:
    if entry[key] not in choices:
        raise demo.fail(data, where, f"{key} {entry[key]!r} is not one of {', '.join(choices)}")


def _strings(data: demo.DemoData, where: str, value: Any, key: str) -> None:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise demo.fail(data, where, f"{key} must be a non-empty list of strings")


def _ruling(data: demo.DemoData, where: str, ruling: dict[str, Any]) -> None:
    _choice(data, where, ruling, "outcome", [o for o in Decision.Outcome.values if o != Decision.Outcome.MERGED])
    _choice(data, where, ruling, "body", list(Decision.Body.values))
    _strings(data, where, ruling["criteria"], "criteria")


def _requests(data: demo.DemoData, where: str, raw: Any) -> list[dict[str, Any]]:
    requests = demo.records(data, raw, where=f"{where}: opinion_requests", **REQUEST_KEYS)
    for index, request in enumerate(requests):
        here = f"{where}: opinion_requests: entry {index + 1}"
        _strings(data, here, request["departments"], "departments")
        _strings(data, here, request["aspects"], "aspects")
        aspects = list(OpinionRequest.Aspect.values)
        for aspect in request["aspects"]:
            if aspect not in aspects:
                raise demo.fail(data, here, f"aspect {aspect!r} is not one of {', '.join(aspects)}")
        if not isinstance(request["deadline_days"], int):
            raise demo.fail(data, here, "deadline_days must be a whole number of days")
        request["answers"] = demo.records(data, request.get("answers"), where=f"{here}: answers", **ANSWER_KEYS)
        for rank, answer in enumerate(request["answers"]):
            there = f"{here}: answers: entry {rank + 1} (department: {answer['department']!r})"
            if answer["department"] not in request["departments"]:
                raise demo.fail(data, there, "answers a department the request was not sent to")
            _choice(data, there, answer, "feasibility", list(Opinion.Feasibility.values))
            _choice(data, there, answer, "recommendation", list(Opinion.Recommendation.values))
    return requests


def load_content(data: demo.DemoData | None = None) -> Content:
    """Read and check `demo/decisions.yaml` (DemoDataError names the file and the entry)."""
    data = data or demo.load(__package__ or "cocite.decisions", DATA_FILE)
    ideas_raw = data["ideas"]
    if not isinstance(ideas_raw, dict) or not ideas_raw:
        raise demo.fail(data, "ideas", "expected a mapping of names to lists of titles")
    for name, titles in ideas_raw.items():
        _strings(data, f"ideas: {name}", titles, "the titles")
    ideas = {str(name): tuple(titles) for name, titles in ideas_raw.items()}

    def idea(where: str, entry: dict[str, Any]) -> None:
        if entry["idea"] not in ideas:
            raise demo.fail(data, where, f"idea {entry['idea']!r} is not one of {', '.join(ideas)}")

    reassignments = demo.records(data, data["reassignments"], where="reassignments", **REASSIGNMENT_KEYS)
    for index, reassignment in enumerate(reassignments):
        idea(f"reassignments: entry {index + 1}", reassignment)
    decisions = demo.records(data, data["decisions"], where="decisions", **DECISION_KEYS)
    for index, step in enumerate(decisions):
        where = f"decisions: entry {index + 1} (idea: {step['idea']!r})"
        idea(where, step)
        _ruling(data, where, step)
        step["opinion_requests"] = _requests(data, where, step.get("opinion_requests"))
        if step.get("correction") is not None:
            here = f"{where}: correction"
            step["correction"] = demo.check(data, step["correction"], where=here, **CORRECTION_KEYS)
            _ruling(data, here, step["correction"])
    return Content(str(data["demarche"]), ideas, reassignments, decisions)


def _criteria(demarche: Demarche, needles: list[str]) -> list[str]:
    choices = queries.criteria_choices(rules_in_force_for(demarche))
    return [c for c in choices if any(n.lower() in c.lower() for n in needles)]


class _Path:
    """The accounts, departments and items the scenario names, looked up once."""

    def __init__(self, demarche: Demarche, content: Content) -> None:
        self.demarche = demarche
        self.today = timezone.localdate()
        emails = {f"{local}@{DEMO_DOMAIN}": local for local in content.people()}
        self.people = {emails[u.email]: u for u in User.objects.filter(email__in=emails)}
        self.departments = {d.slug: d for d in Department.objects.filter(slug__in=content.departments())}
        self.items: dict[str, list[Item]] = {}
        absent = []
        for name, titles in content.ideas.items():
            self.items[name] = []
            for title in titles:
                item = Item.objects.filter(kind=ITEM_KIND, demarche=demarche, title=title).first()
                if item is None:
                    absent.append(title)
                else:
                    self.items[name].append(item)
        self.missing = (
            sorted(set(content.people()) - set(self.people))
            + sorted(content.departments() - set(self.departments))
            + absent
        )

    def ruling(self, ruling: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments of `decision_publish` / `decision_correct` for one ruling."""
        return {
            "outcome": ruling["outcome"],
            "explanation": ruling["explanation"],
            "body": ruling["body"],
            "official": self.people[ruling["official"]] if ruling.get("official") else None,
            "deliberation_ref": ruling.get("deliberation_ref") or "",
            "decided_on": self.today,
            "criteria": _criteria(self.demarche, ruling["criteria"]),
            "criteria_notes": ruling.get("criteria_notes") or "",
            "pending_opinions_reason": ruling.get("pending_opinions_reason") or "",
        }

    def request_opinions(self, request: dict[str, Any], items: list[Item]) -> None:
        days = int(request["deadline_days"])
        made, _skipped = actions.opinions_request(
            actor=self.people[request["by"]],
            items=items,
            departments=[self.departments[slug] for slug in request["departments"]],
            aspects=request["aspects"],
            deadline=self.today + datetime.timedelta(days=max(0, days)),
            question=request.get("question") or "",
        )
        if days < 0:  # an overdue request: its deadline is set back, and overdue requests are escalated
            OpinionRequest.objects.filter(pk__in=[r.pk for r in made]).update(
                deadline=self.today + datetime.timedelta(days=days)
            )
            actions.opinions_escalate_overdue()
        answers = {answer["department"]: answer for answer in request["answers"]}
        for made_request in made:
            answer = answers.get(made_request.department.slug)
            if answer is None:
                continue
            actions.opinion_give(
                actor=self.people[answer["by"]],
                request=made_request,
                feasibility=answer["feasibility"],
                recommendation=answer["recommendation"],
                estimated_cost=str(answer["estimated_cost"]),
                text=answer["text"],
                legal_points=answer.get("legal_points") or "",
                internal_note=answer.get("internal_note") or "",
            )

    def decide(self, step: dict[str, Any], items: list[Item]) -> Decision:
        for request in step["opinion_requests"]:
            self.request_opinions(request, items)
        relied = list(Opinion.objects.filter(request__item__in=items)) if step.get("relies_on_opinions") else []
        actor = self.people[step["by"]]
        decision = actions.decision_publish(actor=actor, items=items, opinions=relied, **self.ruling(step))
        correction = step.get("correction")
        if correction is not None:
            actions.decision_correct(
                actor=actor,
                original=decision,
                correction_reason=correction["reason"],
                opinions=list(Opinion.objects.filter(request__item__in=items)),
                **self.ruling(correction),
            )
        return decision


def _budget_path(demarche: Demarche, content: Content, stdout: TextIO) -> None:
    path = _Path(demarche, content)
    if path.missing:
        stdout.write(
            "  décisions : contributions, comptes ou services de démonstration absents, parcours ignoré "
            f"({', '.join(path.missing[:5])})"
        )
        return
    for reassignment in content.reassignments:
        for item in path.items[reassignment["idea"]]:
            actions.routing_reassign(
                actor=path.people[reassignment["by"]],
                item=item,
                department=path.departments[reassignment["to"]],
                reason=reassignment["reason"],
            )
    first: Decision | None = None
    for step in content.decisions:
        decision = path.decide(step, path.items[step["idea"]])
        first = first or decision
    if first is not None:
        stdout.write(
            f"  décisions : parcours du budget participatif (avis, décision n° {first.pk} sur "
            f"{first.items.count()} idées, une correction)"
        )


def seed(stdout: TextIO) -> None:
    content = load_content()
    for version in RuleVersion.objects.select_related("rulebook").order_by("created_at", "pk"):
        actions.log_rule_version(version)
    routed = actions.route_unrouted()
    demarche = Demarche.objects.filter(slug=content.demarche).first()
    if demarche is not None and not Decision.objects.filter(demarche=demarche).exists():
        _budget_path(demarche, content, stdout)
    started = actions.commitments_backfill()
    stdout.write(
        f"  décisions : {routed} contributions orientées, {started} engagements de réponse ouverts, "
        f"{Decision.objects.count()} décisions publiées"
    )
