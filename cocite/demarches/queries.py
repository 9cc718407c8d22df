"""Reads for démarches and rulebooks. `*_get_for(user, …)` is the only way to fetch what a user may not see."""

from __future__ import annotations

import datetime
import difflib
import functools
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from cocite.accounts.models import User
from cocite.accounts.permissions import department_roles, is_administrator, is_agent
from cocite.accounts.viewer import Viewer, is_active_user
from cocite.core.cache import reference_data
from cocite.core.personal_data import rows
from cocite.core.rows import ChildRows, JoinedRows, LinkedRows, quoted
from cocite.territory.models import Department, DepartmentMembership, Quartier, Theme

from .models import Audience, Demarche, DemarcheComponent, Phase, Rulebook, RuleVersion
from .permissions import can_view_demarche
from .registry import registry


def visible_demarches(user: Viewer | None) -> QuerySet[Demarche]:
    """Démarches this person may see: the queryset twin of permissions.can_view_demarche."""
    qs = Demarche.objects.all()
    if is_administrator(user):
        return qs
    qs = qs.exclude(status=Demarche.Status.DRAFT)
    public = Q(audience__in=[Audience.EVERYONE, Audience.VERIFIED])
    if not is_active_user(user):
        return qs.filter(public)
    departments = list(department_roles(user))
    named = Q(team=user) | Q(managing_department__in=departments)
    invited = Q(audience=Audience.INVITED) & (Q(invited=user) | Q(associated_departments__in=departments))
    agents = Q(audience=Audience.AGENTS) if is_agent(user) else Q(pk__in=[])
    # Through a subquery, not .distinct(): the many-to-many joins would repeat rows.
    return Demarche.objects.filter(pk__in=qs.filter(public | agents | invited | named).values("pk"))


def visible_demarches_of_the_loaded_person(person_id_sql: str) -> QuerySet[Demarche]:
    """`visible_demarches` of the person whose id is the SQL expression `person_id_sql` (a column of
    an outer query): the same rule, written for a subquery of the query that loads the signed-in
    person (the bell, cocite.notifications), where no `User` exists yet. Unordered.

    Kept beside `visible_demarches` so the two change together; a test compares them for every
    kind of person and démarche (demarches/tests/test_visibility_sql.py).
    """
    person = RawSQL(person_id_sql, ())  # noqa: S611 — a column name written by the caller, not input
    people = User.objects.filter(pk=person)
    active = Exists(people.filter(is_active=True))
    administrator = Exists(people.filter(is_active=True, is_superuser=True))
    departments = DepartmentMembership.objects.filter(user_id=person).values("department_id")
    agent = Exists(DepartmentMembership.objects.filter(user_id=person))
    public = Q(audience__in=[Audience.EVERYONE, Audience.VERIFIED])
    named = Q(Exists(Demarche.team.through.objects.filter(demarche_id=OuterRef("pk"), user_id=person))) | Q(
        managing_department__in=departments
    )
    invited = Q(audience=Audience.INVITED) & (
        Q(Exists(Demarche.invited.through.objects.filter(demarche_id=OuterRef("pk"), user_id=person)))
        | Q(
            Exists(
                Demarche.associated_departments.through.objects.filter(
                    demarche_id=OuterRef("pk"), department_id__in=departments
                )
            )
        )
    )
    agents = Q(audience=Audience.AGENTS) & Q(agent)
    not_draft = ~Q(status=Demarche.Status.DRAFT)
    seen = Q(administrator) | (not_draft & (public | (Q(active) & (agents | invited | named))))
    return Demarche.objects.filter(seen).order_by()


def demarches_run_by(user: Viewer) -> QuerySet[Demarche]:
    """Démarches this person runs (permissions.is_in_charge): all of them for administrators."""
    if is_administrator(user):
        return Demarche.objects.all()
    if not is_active_user(user):
        return Demarche.objects.none()
    named = Q(team=user) | Q(managing_department__in=list(department_roles(user)))
    return Demarche.objects.filter(pk__in=visible_demarches(user).filter(named).values("pk"))


def hidden_demarches(user: Viewer | None) -> QuerySet[Demarche]:
    """Démarches this person may not see: what a result, a search or a feed built from several must exclude."""
    if is_administrator(user):
        return Demarche.objects.none()
    return Demarche.objects.exclude(pk__in=visible_demarches(user).values("pk"))


def public_demarches() -> QuerySet[Demarche]:
    """Démarches every visitor may see: what a page shared by all its viewers, or open data, may show."""
    return Demarche.objects.filter(pk__in=visible_demarches(None).values("pk"))


# The order the frame's phases and components come in, through the ORM and in plain SQL alike.
_PHASE_ORDER = ("position", "starts_on", "pk")
_COMPONENT_ORDER = ("position", "pk")


def frame_prefetches(path: str = "") -> tuple[Prefetch[Any], ...]:
    """The phases and components `Demarche.ordered_phases` / `enabled_components` read, prefetched;
    `path`: where the démarche is from the queryset's model (e.g. "demarche__"), "" for démarches."""
    return (
        Prefetch(f"{path}phases", queryset=Phase.objects.order_by(*_PHASE_ORDER), to_attr=Demarche.READ_PHASES),
        Prefetch(
            f"{path}components",
            queryset=DemarcheComponent.objects.order_by(*_COMPONENT_ORDER),
            to_attr=Demarche.READ_COMPONENTS,
        ),
    )


def _with_frame(qs: QuerySet[Demarche]) -> QuerySet[Demarche]:
    """Phases and components: what the rules of taking part read (see `demarche_frame`)."""
    return qs.select_related("phase_override").prefetch_related(*frame_prefetches())


@functools.cache
def _frame_sql() -> tuple[str, JoinedRows[Demarche], ChildRows[Phase], ChildRows[DemarcheComponent]]:
    """The démarche with its imposed phase, and its phases and components as two more columns, in
    the order `frame_prefetches` asks: one query where the ORM makes three (PostgreSQL)."""
    frame: JoinedRows[Demarche] = JoinedRows(Demarche, ("phase_override",))
    phases = ChildRows(Phase, "demarche", _PHASE_ORDER)
    components = ChildRows(DemarcheComponent, "demarche", _COMPONENT_ORDER)
    pk = frame.column("pk")
    select = f"SELECT {frame.columns}, {phases.subquery(pk)}, {components.subquery(pk)} FROM {frame.source}"  # noqa: S608 — names from the models
    return select, frame, phases, components


def _read_frame(pk: int) -> Demarche | None:
    """`_with_frame`'s démarche, in plain SQL on PostgreSQL with its phases and components
    (cocite.core.rows: every contribution page reads it; compiling the queryset and its two
    prefetches cost 2 ms of Python for three small queries, issue 15)."""
    if connection.vendor != "postgresql":
        return _with_frame(Demarche.objects.all()).filter(pk=pk).first()
    return _read_row("pk", pk)


def _read_row(field: str, value: Any) -> Demarche | None:
    """The démarche whose `field` ("pk" or "slug") is `value`, with its imposed phase, its phases and
    its components (PostgreSQL)."""
    select, frame, phases, components = _frame_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"{select} WHERE {frame.column(field)} = %s", [value])
        row = cursor.fetchone()
    if row is None:
        return None
    demarche = frame.build(row[:-2])
    read_phases, read_components = phases.build(row[-2]), components.build(row[-1])
    # As the ORM's prefetch does: no query to go back to the démarche.
    for phase in read_phases:
        phase.demarche = demarche
    for component in read_components:
        component.demarche = demarche
    setattr(demarche, Demarche.READ_PHASES, read_phases)
    setattr(demarche, Demarche.READ_COMPONENTS, read_components)
    return demarche


# The order a démarche's themes and quartiers come in, through the ORM and in plain SQL alike.
_SCOPE_ORDER = ("name", "pk")


def _with_display_relations(qs: QuerySet[Demarche]) -> QuerySet[Demarche]:
    return _with_frame(qs).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by(*_SCOPE_ORDER), to_attr=Demarche.READ_THEMES),
        Prefetch("quartiers", queryset=Quartier.objects.order_by(*_SCOPE_ORDER), to_attr=Demarche.READ_QUARTIERS),
    )


def _read_structure(field: str, value: Any) -> Demarche | None:
    """`_with_display_relations`' démarche whose `field` ("pk" or "slug") is `value`: in plain SQL on
    PostgreSQL, as `_read_frame`, with its themes and quartiers (every list and démarche page reads it;
    through the ORM its five queries cost 4 ms of Python, issue 15)."""
    if connection.vendor != "postgresql":
        return _with_display_relations(Demarche.objects.all()).filter(**{field: value}).first()
    demarche = _read_row(field, value)
    if demarche is None:
        return None
    themes, quartiers = _scope_sql()
    setattr(demarche, Demarche.READ_THEMES, themes.of([demarche.pk]).get(demarche.pk, []))
    setattr(demarche, Demarche.READ_QUARTIERS, quartiers.of([demarche.pk]).get(demarche.pk, []))
    return demarche


@functools.cache
def _scope_sql() -> tuple[LinkedRows, LinkedRows]:
    return LinkedRows(Demarche, "themes", _SCOPE_ORDER), LinkedRows(Demarche, "quartiers", _SCOPE_ORDER)


def demarche_list_for(user: Viewer) -> list[Demarche]:
    demarches = list(_with_display_relations(visible_demarches(user)).order_by("status", "-created_at"))
    attach_component_stats(demarches, user)
    return demarches


def attach_component_stats(demarches: list[Demarche], user: Viewer) -> None:
    """One query per component that one of these démarches enables, whatever the number of démarches.

    A component a démarche does not enable has nothing to count there; asking would cost one
    query per registered component on every démarche page.
    """
    enabled: dict[str, list[Demarche]] = {}
    for demarche in demarches:
        demarche.component_stats = []  # type: ignore[attr-defined]
        for config in demarche.enabled_components():
            enabled.setdefault(config.name, []).append(demarche)
    for spec in registry.all():
        if spec.stats is None or spec.name not in enabled:
            continue
        by_demarche = spec.stats(enabled[spec.name], user)
        for demarche in enabled[spec.name]:
            demarche.component_stats.extend(by_demarche.get(demarche.pk, []))  # type: ignore[attr-defined]


def demarche_structure(pk: int) -> Demarche | None:
    """A démarche with phases, themes, quartiers and components, from the cache (no permission check).

    For actions and getters that already hold a démarche id and then apply the rules.
    """
    return (
        reference_data(
            f"demarche-id:{pk}",
            lambda: _read_structure("pk", pk) or False,
            namespace="demarches",
            timeout=60,
        )
        or None
    )


def demarche_frame(pk: int) -> Demarche | None:
    """A démarche with its phases and components only (no permission check), from the cache.

    What the rules of taking part read (audience, status, phases, components): for a page about
    one of its objects (a contribution's), which never lists its themes nor its quartiers. With
    the caches off this is two queries fewer than `demarche_structure` on every such page; the
    themes and quartiers are still there, read when asked for.
    """
    return (
        reference_data(
            f"demarche-frame:{pk}",
            lambda: _read_frame(pk) or False,
            namespace="demarches",
            timeout=60,
        )
        or None
    )


def demarche_id_for_slug(slug: str) -> int | None:
    """The id behind a slug (no permission check: to name a page's cache scope before rendering it)."""
    found = reference_data(
        f"demarche-pk:{slug}",
        lambda: Demarche.objects.filter(slug=slug).values_list("pk", flat=True).first() or False,
        namespace="demarches",
        timeout=60,
    )
    return int(found) if found else None


def demarche_get_for(user: Viewer, slug: str) -> Demarche:
    """A démarche with its phases, themes, quartiers and components, or 404 for those who may not see it.

    The structure is cached (it changes rarely; any write in the démarches app drops it) and
    the visibility rule is the same pure function the querysets implement.
    """
    demarche = reference_data(
        f"demarche:{slug}",
        lambda: _read_structure("slug", slug) or False,
        namespace="demarches",
        timeout=60,
    )
    if not demarche or not can_view_demarche(user, demarche):
        raise Http404
    found: Demarche = demarche
    return found


@dataclass
class TimelineStep:
    phase: Phase
    state: str  # "past", "current", "future"


def timeline(demarche: Demarche, today: datetime.date | None = None) -> list[TimelineStep]:
    today = today or timezone.localdate()
    current = demarche.current_phase(today)
    steps = []
    seen_current = False
    for phase in demarche.ordered_phases():
        if current is not None and phase.pk == current.pk:
            state, seen_current = "current", True
        elif current is not None:
            state = "future" if seen_current else "past"
        else:
            state = "past" if phase.ends_on and phase.ends_on < today else "future"
        steps.append(TimelineStep(phase=phase, state=state))
    return steps


# Rulebooks


def charter_get() -> Rulebook | None:
    return Rulebook.objects.filter(demarche__isnull=True).order_by("pk").first()


def version_in_force(rulebook: Rulebook | None, at: datetime.datetime | None = None) -> RuleVersion | None:
    if rulebook is None:
        return None
    at = at or timezone.now()
    return rulebook.versions.filter(effective_at__lte=at).order_by("-effective_at", "-number").first()


def rules_in_force_for(demarche: Demarche, at: datetime.datetime | None = None) -> RuleVersion | None:
    """The démarche's own rules in force, falling back to the platform charter's: one query.

    The démarche's rulebook and the charter (the first platform rulebook, as charter_get) are
    both candidates; the démarche's versions sort first, then the latest in force. The rulebook
    and its démarche come with it (get_absolute_url reads them). On PostgreSQL in plain SQL: the
    ORM took 1.6–2.3 ms of Python to compile this query, against 0.8–1.0 ms for the two simple
    reads it replaced (issue 15)."""
    at = at or timezone.now()
    if connection.vendor == "postgresql":
        sql, rows = _rules_sql()
        found = rows.fetch(sql, [at, demarche.pk, demarche.pk])
        return found[0] if found else None
    charter = Rulebook.objects.filter(demarche__isnull=True).order_by("pk").values("pk")[:1]
    return (
        RuleVersion.objects.select_related("rulebook__demarche")
        .filter(Q(rulebook__demarche=demarche) | Q(rulebook=Subquery(charter)), effective_at__lte=at)
        .order_by(F("rulebook__demarche").asc(nulls_last=True), "-effective_at", "-number")
        .first()
    )


@functools.cache
def _rules_sql() -> tuple[str, JoinedRows[RuleVersion]]:
    """`rules_in_force_for`'s query (parameters: the moment, the démarche twice)."""
    rows: JoinedRows[RuleVersion] = JoinedRows(RuleVersion, ("rulebook", "rulebook__demarche"))
    rulebooks = quoted(Rulebook._meta.db_table)
    rulebook_pk = quoted(Rulebook._meta.pk.column)
    owner = quoted(Rulebook._meta.get_field("demarche").column)
    own = f"SELECT {rulebook_pk} FROM {rulebooks} WHERE {owner} = %s"  # noqa: S608 — names from the models
    charter = f"SELECT {rulebook_pk} FROM {rulebooks} WHERE {owner} IS NULL ORDER BY {rulebook_pk} LIMIT 1"  # noqa: S608
    version_rulebook = rows.column("rulebook")
    sql = (
        f"{rows.select} WHERE {rows.column('effective_at')} <= %s"
        f" AND ({version_rulebook} IN ({own}) OR {version_rulebook} = ({charter}))"
        f" ORDER BY CASE WHEN {version_rulebook} IN ({own}) THEN 0 ELSE 1 END,"
        f" {rows.column('effective_at')} DESC, {rows.column('number')} DESC LIMIT 1"
    )
    return sql, rows


def rulebook_versions(rulebook: Rulebook) -> list[RuleVersion]:
    return list(rulebook.versions.select_related("rulebook", "rulebook__demarche").order_by("-number"))


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def diff_versions(old: RuleVersion, new: RuleVersion) -> dict[str, Any]:
    """A readable line diff of the texts and a side-by-side list of changed commitments."""
    lines = []
    for line in difflib.ndiff(old.text.splitlines(), new.text.splitlines()):
        code, text = line[:2], line[2:]
        if code == "? ":
            continue
        kind = {"+ ": "added", "- ": "removed"}.get(code, "same")
        lines.append(DiffLine(kind=kind, text=text))
    old_items = dict(old.commitments())
    new_items = dict(new.commitments())
    changed = [
        (label, old_items.get(label, "—"), new_items.get(label, "—"))
        for label in dict.fromkeys([*old_items, *new_items])
        if old_items.get(label) != new_items.get(label)
    ]
    return {"old": old, "new": new, "lines": lines, "commitments": changed}


def personal_data(user: User) -> dict[str, Any]:
    """The démarches the person was invited to, created, and the rule versions they published."""
    return {
        "demarches_created": rows(
            Demarche.objects.filter(created_by_id=user.pk).order_by("pk"), ["id", "title", "created_at"]
        ),
        "rule_versions_published": rows(
            RuleVersion.objects.filter(created_by_id=user.pk).order_by("pk"),
            ["rulebook_id", "number", "created_at"],
        ),
        "invitations": rows(
            Demarche.invited.through.objects.filter(user_id=user.pk).order_by("pk"),
            ["demarche_id", "demarche__title"],
            rename={"demarche__title": "demarche"},
        ),
    }


def departments_among(ids: set[int] | None) -> list[Department]:
    """These departments by name (None: every one), for a form's choices."""
    qs = Department.objects.order_by("name", "pk")
    return list(qs if ids is None else qs.filter(pk__in=ids))
