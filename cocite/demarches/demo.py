"""Demo démarches of Ville de Bellerive: the platform charter and three démarches.

The texts are data: `demo/demarches.yaml` (its header describes each key). Rule versions are
published through `actions.rule_version_publish`; the components a démarche hosts are named in
the file and resolved through the component registry (an unknown name is an error naming the
file and the démarche). Démarches, phases and component slots have no action of their own
(the admin writes them), so they are written here by natural key.

Idempotent: démarches, phases and components are keyed on natural keys (slug, phase kind,
component name) and rule versions are only appended while a rulebook has fewer than the
demo expects. Phase dates are relative to today, so the demo stays in the intended phase
whatever day it is run (re-running moves the dates, nothing else).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, TextIO

from django.utils import timezone

from cocite.accounts.models import User
from cocite.core import demo
from cocite.territory.models import Department, Quartier, Theme

from . import actions
from .models import Audience, Demarche, DemarcheComponent, Phase, PhaseKind, Rulebook
from .registry import registry

DEMO_DOMAIN = "demo.bellerive.example"
DATA_FILE = "demarches.yaml"

VERSION_KEYS = {
    "required": {"effective", "change_note", "text", "who_may_take_part", "decider"},
    "optional": {
        "what_happens_to_contributions",
        "support_threshold",
        "answer_deadline_days",
        "reopen_threshold",
        "reopen_proportion",
        "late_paper_entries",
    },
}
DEMARCHE_KEYS = {
    "required": {"slug", "title", "framing_question", "context", "audience", "phases", "rulebook", "components"},
    "optional": {"themes", "quartiers", "pseudonymous", "managing_department", "team"},
}


@dataclass(frozen=True)
class VersionSpec:
    """One rule version to publish. `effective` is an absolute date or a number of days relative to today."""

    effective: datetime.date | int
    change_note: str
    text: str
    who_may_take_part: str
    decider: str
    what_happens_to_contributions: str = ""
    support_threshold: int | None = None
    answer_deadline_days: int | None = None
    reopen_threshold: int | None = None
    reopen_proportion: int | None = None
    late_paper_entries: bool = False


@dataclass(frozen=True)
class PhaseSpec:
    kind: str
    starts: int  # days relative to today
    ends: int | None
    description: str


@dataclass(frozen=True)
class ComponentSlot:
    name: str  # a name in the component registry
    settings: dict[str, Any]


@dataclass(frozen=True)
class DemarcheSpec:
    slug: str
    title: str
    framing_question: str
    context: str
    audience: str
    themes: tuple[str, ...]
    quartiers: tuple[str, ...]
    phases: tuple[PhaseSpec, ...]
    rulebook_title: str
    versions: tuple[VersionSpec, ...]
    components: tuple[ComponentSlot, ...]
    pseudonymous: bool = False
    # Who runs it: the managing department's slug and the team's email local parts.
    managing_department: str = ""
    team: tuple[str, ...] = ()


@dataclass(frozen=True)
class Content:
    rules_author: str
    charter_title: str
    charter_versions: tuple[VersionSpec, ...]
    demarches: tuple[DemarcheSpec, ...]


def _optional_int(data: demo.DemoData, raw: dict[str, Any], key: str, where: str) -> int | None:
    value = raw.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise demo.fail(data, where, f"{key} must be a whole number or null, not {value!r}")
    return value


def _versions(data: demo.DemoData, rulebook: Any, where: str) -> tuple[VersionSpec, ...]:
    rulebook = demo.check(data, rulebook, required={"title", "versions"}, where=where)
    specs = []
    for index, raw in enumerate(demo.records(data, rulebook["versions"], where=f"{where}: versions", **VERSION_KEYS)):
        at = f"{where}: versions: entry {index + 1}"
        effective = raw["effective"]
        if isinstance(effective, bool) or not isinstance(effective, datetime.date | int):
            raise demo.fail(data, at, f"effective must be a date (YYYY-MM-DD) or a number of days, not {effective!r}")
        specs.append(
            VersionSpec(
                effective=effective,
                change_note=str(raw["change_note"]),
                text=str(raw["text"]),
                who_may_take_part=str(raw["who_may_take_part"]),
                decider=str(raw["decider"]),
                what_happens_to_contributions=str(raw.get("what_happens_to_contributions") or ""),
                support_threshold=_optional_int(data, raw, "support_threshold", at),
                answer_deadline_days=_optional_int(data, raw, "answer_deadline_days", at),
                reopen_threshold=_optional_int(data, raw, "reopen_threshold", at),
                reopen_proportion=_optional_int(data, raw, "reopen_proportion", at),
                late_paper_entries=bool(raw.get("late_paper_entries", False)),
            )
        )
    return tuple(specs)


def _components(data: demo.DemoData, raw: Any, where: str) -> tuple[ComponentSlot, ...]:
    slots = []
    for entry in demo.records(data, raw, required={"name"}, optional={"settings"}, where=f"{where}: components"):
        if registry.get(entry["name"]) is None:
            known = ", ".join(spec.name for spec in registry.all())
            raise demo.fail(data, where, f"component {entry['name']!r} is not registered (registered: {known})")
        settings = entry.get("settings") or {}
        if not isinstance(settings, dict):
            raise demo.fail(data, where, f"the settings of component {entry['name']!r} must be a mapping")
        slots.append(ComponentSlot(name=str(entry["name"]), settings=settings))
    return tuple(slots)


def _demarche(data: demo.DemoData, raw: dict[str, Any], where: str) -> DemarcheSpec:
    if raw["audience"] not in Audience.values:
        raise demo.fail(data, where, f"audience {raw['audience']!r} is not one of {', '.join(Audience.values)}")
    phases = []
    for phase in demo.records(
        data, raw["phases"], required={"kind", "starts", "ends", "description"}, where=f"{where}: phases"
    ):
        if phase["kind"] not in PhaseKind.values:
            raise demo.fail(data, where, f"phase {phase['kind']!r} is not one of {', '.join(PhaseKind.values)}")
        phases.append(PhaseSpec(phase["kind"], int(phase["starts"]), phase["ends"], str(phase["description"])))
    return DemarcheSpec(
        slug=str(raw["slug"]),
        title=str(raw["title"]),
        framing_question=str(raw["framing_question"]),
        context=str(raw["context"]),
        audience=str(raw["audience"]),
        themes=tuple(raw.get("themes") or ()),
        quartiers=tuple(raw.get("quartiers") or ()),
        phases=tuple(phases),
        rulebook_title=str(demo.check(data, raw["rulebook"], required={"title", "versions"}, where=where)["title"]),
        versions=_versions(data, raw["rulebook"], f"{where}: rulebook"),
        components=_components(data, raw["components"], where),
        pseudonymous=bool(raw.get("pseudonymous", False)),
        managing_department=str(raw.get("managing_department") or ""),
        team=tuple(raw.get("team") or ()),
    )


def load_content(data: demo.DemoData | None = None) -> Content:
    """Read and check `demo/demarches.yaml` (DemoDataError names the file and the entry)."""
    data = data or demo.load(__package__ or "cocite.demarches", DATA_FILE)
    charter = demo.check(data, data["charter"], required={"title", "versions"}, where="charter")
    demarches = demo.records(data, data["demarches"], where="demarches", **DEMARCHE_KEYS)
    return Content(
        rules_author=str(data["rules_author"]),
        charter_title=str(charter["title"]),
        charter_versions=_versions(data, charter, "charter"),
        demarches=tuple(
            _demarche(data, raw, f"demarches: {demo.describe(raw, index)}") for index, raw in enumerate(demarches)
        ),
    )


def _effective_at(effective: datetime.date | int, today: datetime.date) -> datetime.datetime:
    day = effective if isinstance(effective, datetime.date) else today + datetime.timedelta(days=effective)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 0)))


def _publish_missing(rulebook: Rulebook, versions: tuple[VersionSpec, ...], author: User | None) -> int:
    """Publish the versions the rulebook does not have yet (none on a re-run)."""
    today = timezone.localdate()
    existing = rulebook.versions.count()
    for spec in versions[existing:]:
        actions.rule_version_publish(
            rulebook=rulebook,
            text=spec.text,
            change_note=spec.change_note,
            who_may_take_part=spec.who_may_take_part,
            decider=spec.decider,
            effective_at=_effective_at(spec.effective, today),
            what_happens_to_contributions=spec.what_happens_to_contributions,
            support_threshold=spec.support_threshold,
            answer_deadline_days=spec.answer_deadline_days,
            reopen_threshold=spec.reopen_threshold,
            reopen_proportion=spec.reopen_proportion,
            late_paper_entries=spec.late_paper_entries,
            author=author,
        )
    return max(0, len(versions) - existing)


def _seed_demarche(spec: DemarcheSpec, author: User | None) -> tuple[Demarche, int]:
    today = timezone.localdate()
    demarche, created = Demarche.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "title": spec.title,
            "framing_question": spec.framing_question,
            "context": spec.context,
            "audience": spec.audience,
            "status": Demarche.Status.PUBLISHED,
            "pseudonymous": spec.pseudonymous,
            "managing_department": Department.objects.filter(slug=spec.managing_department).first(),
        },
    )
    demarche.team.set(User.objects.filter(email__in=[f"{local}@{DEMO_DOMAIN}" for local in spec.team]))
    if created and author is not None:
        demarche.created_by = author
        demarche.save(update_fields=["created_by"])
    demarche.themes.set(Theme.objects.filter(slug__in=spec.themes))
    demarche.quartiers.set(Quartier.objects.filter(slug__in=spec.quartiers))
    for position, phase in enumerate(spec.phases):
        Phase.objects.update_or_create(
            demarche=demarche,
            kind=phase.kind,
            defaults={
                "position": position,
                "starts_on": today + datetime.timedelta(days=phase.starts),
                "ends_on": None if phase.ends is None else today + datetime.timedelta(days=phase.ends),
                "description": phase.description,
            },
        )
    for position, slot in enumerate(spec.components):
        DemarcheComponent.objects.get_or_create(
            demarche=demarche, name=slot.name, defaults={"position": position, "settings": slot.settings}
        )
    rulebook, _created = Rulebook.objects.get_or_create(demarche=demarche, defaults={"title": spec.rulebook_title})
    published = _publish_missing(rulebook, spec.versions, author)
    return demarche, published


def seed(stdout: TextIO) -> None:
    content = load_content()
    author = User.objects.filter(email=f"{content.rules_author}@{DEMO_DOMAIN}").first()
    charter, _created = Rulebook.objects.get_or_create(demarche=None, title=content.charter_title)
    published = _publish_missing(charter, content.charter_versions, author)
    for spec in content.demarches:
        _demarche, count = _seed_demarche(spec, author)
        published += count
    stdout.write(
        f"  démarches : charte de la participation et {len(content.demarches)} démarches "
        f"({published} versions de règles publiées)"
    )
    # Components (contributions, …) seed their own demo content once the démarches exist.
    for component in registry.all():
        if component.seed:
            component.seed(stdout)
