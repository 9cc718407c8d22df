"""Demo: one completed exploration (field notes, a journey whose irritant became a contribution, findings,
one finding cited in a decision), a volunteer, and one « améliorer notre service » démarche with
pseudonymous agent contributions and the manager's answer.

The texts are data (`demo/exploration.yaml`, its header describes each key); everything is written
through the actions, except the démarche structure (written by natural key, as the démarches demo
does). Runs after the decisions demo (ExplorationConfig.seed_demo). Idempotent: the exploration is
replayed only while its démarche has no finding, « améliorer notre service » only while its démarche
has no contribution.
"""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.utils import timezone

from cocite.accounts.models import User
from cocite.contributions.actions import contribution_submit
from cocite.contributions.models import Contribution
from cocite.contributions.status import KIND as CONTRIBUTION_KIND
from cocite.core import demo
from cocite.decisions.actions import decision_publish, routing_auto
from cocite.demarches.actions import demarche_from_preset, rule_version_publish
from cocite.demarches.models import Demarche, DemarcheComponent, Phase, Rulebook
from cocite.demarches.presets import SERVICE_IMPROVEMENT
from cocite.items.models import Item
from cocite.territory.models import Department

from . import actions
from .models import FieldNote, Finding, Journey, Volunteer

DEMO_DOMAIN = "demo.bellerive.example"
DATA_FILE = "exploration.yaml"
PACKAGE = "cocite.exploration"


def _person(local: str) -> User:
    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


def _at(day: int) -> datetime.datetime:
    moment = datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=day), datetime.time(10, 0))
    return timezone.make_aware(moment)


def _demarche(spec: dict[str, Any]) -> Demarche:
    today = timezone.localdate()
    demarche, _created = Demarche.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "title": spec["title"],
            "framing_question": spec["framing_question"].strip(),
            "context": spec["context"],
            "audience": "everyone",
            "status": Demarche.Status.PUBLISHED,
            "managing_department": Department.objects.get(slug=spec["managing_department"]),
        },
    )
    for position, phase in enumerate(spec["phases"]):
        Phase.objects.update_or_create(
            demarche=demarche,
            kind=phase["kind"],
            defaults={
                "position": position,
                "starts_on": today + datetime.timedelta(days=phase["starts"]),
                "ends_on": today + datetime.timedelta(days=phase["ends"]),
            },
        )
    for position, name in enumerate(("contributions", "exploration")):
        DemarcheComponent.objects.get_or_create(demarche=demarche, name=name, defaults={"position": position})
    rulebook, _created = Rulebook.objects.get_or_create(
        demarche=demarche, defaults={"title": f"Règles de la démarche « {demarche.title} »"}
    )
    if not rulebook.versions.exists():
        rule_version_publish(
            rulebook=rulebook,
            text="1. Chaque contribution reçoit une réponse.\n2. L'exploration et ses constats sont publics.",
            change_note="Première version",
            who_may_take_part=spec["rules"]["who_may_take_part"],
            decider=spec["rules"]["decider"],
            answer_deadline_days=60,
            effective_at=_at(spec["phases"][0]["starts"] - 1),
        )
    return demarche


def _exploration(data: demo.DemoData, stdout: TextIO) -> None:
    spec = demo.check(
        data,
        demo.section(data, "demarche"),
        required={"slug", "title", "framing_question", "context", "managing_department", "phases", "rules"},
        where="demarche",
    )
    demarche = _demarche(spec)
    if Finding.objects.filter(demarche=demarche).exists():
        return
    by_title: dict[str, Contribution] = {}
    for entry in demo.records(
        data,
        demo.section(data, "contributions"),
        required={"author", "kind", "title", "body", "day"},
        where="contributions",
    ):
        by_title[entry["title"]] = Contribution.objects.filter(demarche=demarche, title=entry["title"]).first() or (
            contribution_submit(
                author=_person(entry["author"]),
                demarche=demarche,
                kind=entry["kind"],
                title=entry["title"],
                body=entry["body"],
                at=_at(entry["day"]),
                rate_limited=False,
            )
        )
    team = User.objects.get(email=f"a.roche@{DEMO_DOMAIN}")
    notes: dict[str, FieldNote] = {}
    for entry in demo.records(
        data,
        demo.section(data, "field_notes"),
        required={
            "kind",
            "title",
            "day",
            "place",
            "participants_count",
            "participant_profiles",
            "notes",
            "learned",
        },
        where="field_notes",
    ):
        notes[entry["title"]] = actions.field_note_record(
            author=team,
            demarche=demarche,
            kind=entry["kind"],
            title=entry["title"],
            happened_on=timezone.localdate() + datetime.timedelta(days=entry["day"]),
            place=entry["place"],
            participants_count=entry["participants_count"],
            participant_profiles=entry["participant_profiles"],
            notes=entry["notes"],
            learned=entry["learned"],
            rate_limited=False,
        )
    raw = demo.check(
        data,
        demo.section(data, "journey"),
        required={"title", "case", "who", "goal", "author", "steps"},
        where="journey",
    )
    journey = actions.journey_create(
        author=_person(raw["author"]),
        demarche=demarche,
        title=raw["title"],
        case=raw["case"],
        who=raw["who"],
        goal=raw["goal"],
        rate_limited=False,
    )
    journeys: dict[str, Journey] = {journey.title: journey}
    for step_entry in demo.records(
        data,
        raw["steps"],
        required={"title", "channel", "minutes", "feeling", "irritants"},
        optional={"notes"},
        where="journey steps",
    ):
        step = actions.journey_step_add(
            author=team,
            journey=journey,
            title=step_entry["title"],
            channel=step_entry["channel"],
            minutes=step_entry["minutes"],
            feeling=step_entry["feeling"],
            notes=step_entry.get("notes") or "",
            rate_limited=False,
        )
        for irritant_entry in demo.records(
            data, step_entry["irritants"], required={"text"}, optional={"raised_in", "contribution"}, where="irritants"
        ):
            irritant = actions.irritant_add(
                author=team,
                step=step,
                text=irritant_entry["text"],
                raised_in=[by_title[t] for t in irritant_entry.get("raised_in") or []],
                rate_limited=False,
            )
            created = irritant_entry.get("contribution")
            if created:
                by_title[created["title"]] = actions.irritant_to_contribution(
                    author=team,
                    irritant=irritant,
                    kind=created["kind"],
                    title=created["title"],
                    body=created["body"],
                    rate_limited=False,
                )
    findings: dict[str, Finding] = {}
    for entry in demo.records(
        data,
        demo.section(data, "findings"),
        required={"title", "summary", "notes", "journeys", "contributions"},
        where="findings",
    ):
        findings[entry["title"]] = actions.finding_record(
            author=team,
            demarche=demarche,
            title=entry["title"],
            summary=entry["summary"],
            published=True,
            field_notes=[notes[t] for t in entry["notes"]],
            journeys=[journeys[t] for t in entry["journeys"]],
            contributions=[by_title[t] for t in entry["contributions"]],
            rate_limited=False,
        )
    ruling = demo.check(
        data,
        demo.section(data, "decision"),
        required={"contribution", "finding", "outcome", "body", "official", "explanation"},
        where="decision",
    )
    official = _person(ruling["official"])
    decision_publish(
        actor=official,
        items=[Item.objects.get(kind=CONTRIBUTION_KIND, object_id=by_title[ruling["contribution"]].pk)],
        outcome=ruling["outcome"],
        explanation=ruling["explanation"],
        body=ruling["body"],
        official=official,
        decided_on=timezone.localdate(),
        citations={"constat": [findings[ruling["finding"]].pk]},
    )
    stdout.write(
        f"  exploration : « {demarche.title} », {len(notes)} notes de terrain, 1 parcours, "
        f"{len(findings)} constats, 1 constat cité dans une décision"
    )


def _volunteers(data: demo.DemoData) -> None:
    raw = demo.check(data, demo.section(data, "volunteers"), required={"demarche", "people"}, where="volunteers")
    demarche = Demarche.objects.filter(slug=raw["demarche"]).first()
    if demarche is None:
        return
    DemarcheComponent.objects.get_or_create(demarche=demarche, name="exploration", defaults={"position": 9})
    for entry in demo.records(
        data, raw["people"], required={"email", "interview", "test"}, optional={"availability"}, where="volunteers"
    ):
        person = _person(entry["email"])
        if not Volunteer.objects.filter(demarche=demarche, person=person).exists():
            actions.volunteer_sign_up(
                person=person,
                demarche=demarche,
                interview=entry["interview"],
                test=entry["test"],
                availability=entry.get("availability") or "",
                consent=True,
            )


def _service_improvement(data: demo.DemoData, stdout: TextIO) -> None:
    raw = demo.check(
        data,
        demo.section(data, "service_improvement"),
        required={"department", "starts", "contributions", "answer"},
        where="service_improvement",
    )
    department = Department.objects.get(slug=raw["department"])
    demarche = Demarche.objects.filter(slug=f"{SERVICE_IMPROVEMENT.key}-{department.slug}").first()
    if demarche is None:
        demarche = demarche_from_preset(
            actor=User.objects.get(email=f"admin@{DEMO_DOMAIN}"),
            preset=SERVICE_IMPROVEMENT,
            department=department,
            starts_on=timezone.localdate() + datetime.timedelta(days=raw["starts"]),
        )
    if Contribution.objects.filter(demarche=demarche).exists():
        return
    by_title = {}
    for entry in demo.records(
        data, raw["contributions"], required={"author", "title", "body", "day"}, where="service_improvement"
    ):
        by_title[entry["title"]] = contribution_submit(
            author=_person(entry["author"]),
            demarche=demarche,
            kind=Contribution.Kind.IDEA,
            title=entry["title"],
            body=entry["body"],
            at=_at(entry["day"]),
            rate_limited=False,
        )
    answer = demo.check(
        data, raw["answer"], required={"contribution", "outcome", "explanation"}, where="service_improvement answer"
    )
    manager = department.memberships.filter(role="manager").select_related("user").first()
    assert manager is not None, "the demo department has a manager"
    answered = Item.objects.get(kind=CONTRIBUTION_KIND, object_id=by_title[answer["contribution"]].pk)
    routing_auto(item=answered)  # seed_demo runs in one transaction: the on-commit routing comes later
    decision_publish(
        actor=manager.user,
        items=[answered],
        outcome=answer["outcome"],
        explanation=answer["explanation"],
        body="service",
        decided_on=timezone.localdate(),
    )
    stdout.write(
        f"  améliorer notre service : « {demarche.title} », {len(by_title)} contributions pseudonymes, "
        "1 réponse du·de la responsable"
    )


def seed(stdout: TextIO) -> None:
    data = demo.load(PACKAGE, DATA_FILE)
    _exploration(data, stdout)
    _volunteers(data)
    _service_improvement(data, stdout)
