"""What « Mon espace » shows, role by role: bounded reads, whatever the amount of data.

Each section is read only when the person has the role it serves, in a fixed number of
queries (a few lines and a count each, never one query per row). Every row carries only
what its link needs, and the links go to pages this person may open: a contribution in a
démarche they see, their department's inbox, an opinion asked of their department, the
instruction page of an item they see (agents, elected officials, administrators).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cocite.accounts.models import User
from cocite.accounts.permissions import department_roles, is_administrator, is_agent, is_elected_official
from cocite.accounts.viewer import Viewer
from cocite.contributions.models import Contribution, Support
from cocite.contributions.queries import listed_contributions
from cocite.contributions.status import KIND as CONTRIBUTION
from cocite.core import search
from cocite.debate.models import Comment
from cocite.decisions.models import Commitment, DecisionItem, Opinion, OpinionRequest, Routing
from cocite.decisions.queries import OPEN_STATUSES, departments_by_name, visible_decisions, workspace_url
from cocite.demarches.models import Demarche
from cocite.demarches.queries import visible_demarches
from cocite.items.models import Item
from cocite.items.registry import registry as resources
from cocite.missions.queries import volunteer_totals
from cocite.notifications.models import Follow
from cocite.results.models import Result
from cocite.results.queries import visible_results
from cocite.territory.models import Department, Quartier, Theme

SHOWN = 10  # rows per list; the count says how many there are in all
AT_RISK_DAYS = 7  # a commitment due within a week is at risk


@dataclass
class Listed[T]:
    """The first SHOWN rows of a list and how many there are in all."""

    rows: list[T]
    total: int


def _listed[T](qs: QuerySet[Any], limit: int = SHOWN) -> Listed[T]:
    rows = list(qs[:limit])
    total = qs.count()  # always asked, so the page costs the same queries whatever the data
    return Listed(rows, total)


@dataclass
class ResidentSection:
    contributions: Listed[Contribution]
    supports: Listed[Support]
    follow_total: int
    outcomes: Listed[DecisionItem]  # decisions on my contributions, newest first
    volunteering: dict[str, Any] | None = None  # missions done and hours confirmed (cocite.missions)


@dataclass
class DepartmentRow:
    department: Department
    open: int = 0
    overdue: int = 0


@dataclass
class AgentSection:
    departments: list[DepartmentRow]
    opinions_due: Listed[OpinionRequest]  # asked of my departments, not given yet, earliest deadline first
    today: datetime.date

    @property
    def overdue_total(self) -> int:
        return sum(row.overdue for row in self.departments)


@dataclass
class ElectedSection:
    ready: Listed[Item]  # open items whose opinions are all in, or owed an answer (threshold reached)
    opinions: Listed[Opinion]  # the opinions given lately
    at_risk: Listed[Commitment]  # answers due within AT_RISK_DAYS, or overdue
    now: datetime.datetime


@dataclass
class Space:
    resident: ResidentSection
    agent: AgentSection | None = None
    elected: ElectedSection | None = None
    administrator: bool = False


def _contributions_of(user: User) -> QuerySet[Contribution]:
    return Contribution.objects.filter(author_id=user.pk, demarche__in=visible_demarches(user))


def resident_section(user: User) -> ResidentSection:
    """My contributions, supports, follows, the decisions taken on my contributions, my volunteering hours
    (6 to 9 queries)."""
    mine = _contributions_of(user)
    contributions: Listed[Contribution] = _listed(mine.select_related("demarche").order_by("-created_at", "-pk"))
    supports: Listed[Support] = _listed(
        Support.objects.filter(user_id=user.pk, contribution__demarche__in=visible_demarches(user))
        .select_related("contribution")
        .order_by("-pk")
    )
    outcomes: Listed[DecisionItem] = _listed(
        DecisionItem.objects.filter(
            item__kind=CONTRIBUTION,
            item__object_id__in=mine.values("pk"),
            decision__superseded_by__isnull=True,
        )
        .select_related("item", "decision")
        .order_by("-decision__published_at", "-pk")
    )
    return ResidentSection(
        contributions=contributions,
        supports=supports,
        follow_total=Follow.objects.filter(user_id=user.pk).count(),
        outcomes=outcomes,
        volunteering=volunteer_totals(user),
    )


def _open_routings(user: User) -> QuerySet[Routing]:
    return Routing.objects.filter(item__status__in=OPEN_STATUSES, item__demarche__in=visible_demarches(user))


def agent_section(user: User) -> AgentSection:
    """My departments (all of them for an administrator) with their open and overdue items, and the
    opinions asked of them (3 queries)."""
    now, today = timezone.now(), timezone.localdate()
    departments = departments_by_name(None if is_administrator(user) else department_roles(user))
    ids = [d.pk for d in departments]
    overdue = Q(overdue_commitment=True) | Q(overdue_opinion=True)
    counts = (
        _open_routings(user)
        .filter(department_id__in=ids)
        .annotate(
            overdue_commitment=Exists(
                Commitment.objects.filter(item_id=OuterRef("item_id"), answered_at__isnull=True, due_at__lt=now)
            ),
            overdue_opinion=Exists(
                OpinionRequest.objects.filter(
                    item_id=OuterRef("item_id"), status=OpinionRequest.Status.PENDING, deadline__lt=today
                )
            ),
        )
        .values("department_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue))
    )
    by_id: dict[int, tuple[int, int]] = {row["department_id"]: (row["open"], row["overdue"]) for row in counts}
    rows = [DepartmentRow(d, *by_id.get(d.pk, (0, 0))) for d in departments]
    opinions_due: Listed[OpinionRequest] = _listed(
        OpinionRequest.objects.filter(
            department_id__in=ids,
            status=OpinionRequest.Status.PENDING,
            item__demarche__in=visible_demarches(user),
        )
        .select_related("item", "department")
        .order_by("deadline", "pk")
    )
    return AgentSection(departments=rows, opinions_due=opinions_due, today=today)


def elected_section(user: User) -> ElectedSection:
    """Decisions to take, opinions received and commitments at risk (3 to 6 queries)."""
    now = timezone.now()
    pending = OpinionRequest.objects.filter(item_id=OuterRef("pk"), status=OpinionRequest.Status.PENDING)
    answered = Opinion.objects.filter(request__item_id=OuterRef("pk"))
    owed = Commitment.objects.filter(item_id=OuterRef("pk"), answered_at__isnull=True)
    # Ready: every opinion asked is in, or the support threshold was reached and an answer is owed;
    # the answer due soonest first.
    ready: Listed[Item] = _listed(
        Item.objects.filter(status__in=OPEN_STATUSES, demarche__in=visible_demarches(user))
        .filter((Exists(answered) & ~Exists(pending)) | Exists(owed))
        .annotate(due_at=Subquery(owed.values("due_at")[:1]))
        .order_by(F("due_at").asc(nulls_last=True), "created_at", "pk")
    )
    opinions: Listed[Opinion] = _listed(
        Opinion.objects.filter(request__item__demarche__in=visible_demarches(user))
        .select_related("request__item", "request__department")
        .order_by("-created_at", "-pk")
    )
    at_risk: Listed[Commitment] = _listed(
        Commitment.objects.filter(
            answered_at__isnull=True,
            due_at__lt=now + datetime.timedelta(days=AT_RISK_DAYS),
            item__demarche__in=visible_demarches(user),
        )
        .select_related("item")
        .order_by("due_at", "pk")
    )
    # The instruction page of each item: its address needs no query.
    for item in ready.rows:
        item.workspace_url = workspace_url(item)  # type: ignore[attr-defined]
    for opinion in opinions.rows:
        opinion.workspace_url = workspace_url(opinion.request.item)  # type: ignore[attr-defined]
    for commitment in at_risk.rows:
        commitment.workspace_url = workspace_url(commitment.item)  # type: ignore[attr-defined]
        commitment.is_overdue = commitment.due_at < now  # type: ignore[attr-defined]
    return ElectedSection(ready=ready, opinions=opinions, at_risk=at_risk, now=now)


def space_for(user: User) -> Space:
    """The sections this person's roles call for; a resident's part for everyone."""
    return Space(
        resident=resident_section(user),
        agent=agent_section(user) if is_agent(user) or is_administrator(user) else None,
        elected=elected_section(user) if is_elected_official(user) or is_administrator(user) else None,
        administrator=is_administrator(user) and user.is_staff,
    )


# Public pages of the territory: a quartier, a department (the home page's cards lead there).


@dataclass
class QuartierPage:
    quartier: Quartier
    demarches: list[Demarche]  # published or closed, visible to the viewer, concerning the quartier
    contributions: Listed[Contribution]  # the latest located in it, in démarches the viewer sees


def quartier_page(viewer: Viewer, slug: str) -> QuartierPage:
    """A quartier's page (404 for an unknown slug), in 4 queries whatever the data."""
    quartier = Quartier.objects.filter(slug=slug).first()
    if quartier is None:
        raise Http404
    visible = visible_demarches(viewer).exclude(status=Demarche.Status.DRAFT)
    demarches = list(visible.filter(quartiers=quartier).order_by("-created_at", "-pk")[:SHOWN])
    contributions: Listed[Contribution] = _listed(
        listed_contributions(visible)
        .exclude(status=Contribution.Status.MERGED)
        .filter(quartier=quartier)
        .select_related("demarche")
        .only("pk", "title", "kind", "status", "support_count", "created_at", "demarche__title", "demarche__slug")
        .order_by("-created_at", "-pk")
    )
    return QuartierPage(quartier=quartier, demarches=demarches, contributions=contributions)


@dataclass
class DepartmentPage:
    department: Department
    demarches: list[Demarche]  # those it runs, as the viewer sees them
    answers: Listed[tuple[Comment, Contribution]]  # its official answers on contributions the viewer sees, newest
    results: Listed[Result]  # the results it carries out, as the viewer sees them


def department_page(viewer: Viewer, slug: str) -> DepartmentPage:
    """A department's public page (404 for an unknown slug): what it handles, its official answers,
    its results; 9 queries whatever the data."""
    department = (
        Department.objects.filter(slug=slug)
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .first()
    )
    if department is None:
        raise Http404
    visible = visible_demarches(viewer)
    demarches = list(
        visible.exclude(status=Demarche.Status.DRAFT)
        .filter(managing_department=department)
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    seen = Contribution.objects.filter(demarche__in=visible, masked_at__isnull=True)
    answers: Listed[Comment] = _listed(
        Comment.objects.filter(
            is_official=True,
            department=department,
            deleted_at__isnull=True,
            masked_at__isnull=True,
            content_type=ContentType.objects.get_for_model(Contribution),
            object_id__in=seen.values("pk"),
        )
        .only("pk", "body", "official_title", "created_at", "object_id", "department_id")
        .order_by("-created_at", "-pk")
    )
    answered = {c.pk: c for c in seen.filter(pk__in=[a.object_id for a in answers.rows]).only("pk", "title")}
    answer_rows = Listed([(a, answered[a.object_id]) for a in answers.rows if a.object_id in answered], answers.total)
    results: Listed[Result] = _listed(
        visible_results(viewer)
        .filter(department=department)
        .only("pk", "title", "status")
        .order_by("-updated_at", "-pk")
    )
    return DepartmentPage(department, demarches, answer_rows, results)


# Public profiles ----------------------------------------------------------------------------------

PROFILE_SHOWN = 10  # rows per list of a public profile; « Voir plus » goes on after the last one
PROFILE_LISTS = ("contributions", "commentaires", "reponses")


class ProfileUnavailable(Exception):
    """No public profile for this pseudonym: the page says why (404)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "absent", "supprime" or "prive"


class ProfileMasked(Exception):
    """The moderation hid this profile: its page is a tombstone with the reason (and, for its owner,
    the appeal's link)."""

    def __init__(self, person: User) -> None:
        super().__init__(person.pk)
        self.person = person


@dataclass
class ProfileList[T]:
    """One list of a public profile: a keyset page (newest first) and how many there are in all."""

    rows: list[T]
    total: int
    next_after: int | None  # the id « Voir plus » continues after; None on the last page


@dataclass
class PublicProfile:
    person: User
    contributions: ProfileList[Contribution]
    comments: ProfileList[Comment]  # arguments and replies, not masked or deleted
    answers: ProfileList[Comment]  # official answers signed with the pseudonym, with their department
    focus: str  # one list asked for (« Voir plus »), else ""


def _keyset[T](qs: QuerySet[Any], after: int | None) -> ProfileList[T]:
    total = qs.count()
    page = qs.filter(pk__lt=after) if after else qs
    rows = list(page.order_by("-pk")[: PROFILE_SHOWN + 1])
    more = len(rows) > PROFILE_SHOWN
    rows = rows[:PROFILE_SHOWN]
    return ProfileList(rows, total, rows[-1].pk if more else None)


def _empty[T]() -> ProfileList[T]:
    return ProfileList([], 0, None)


def _commented_visible(viewer: Viewer) -> Q:
    """Comments whose target the viewer may see, in a démarche that shows names (not pseudonymous)."""
    shown = visible_demarches(viewer).filter(pseudonymous=False)
    condition = Q(pk__in=[])
    for spec in resources.all():
        if spec.commentable is None:
            continue
        model = django_apps.get_model(spec.model)
        content_type = ContentType.objects.get_for_model(model)  # cached by Django per process
        condition |= Q(
            content_type_id=content_type.pk,
            object_id__in=model._default_manager.filter(demarche__in=shown).values("pk"),
        )
    return condition


def person_get(pk: int) -> User:
    """The person whose public profile this is; ProfileUnavailable (a 404 that says why) otherwise."""
    person = (
        User.objects.filter(pk=pk)
        .only(
            "pk", "display_name", "is_active", "email", "public_profile", "profile_masked_at", "profile_masked_reason"
        )
        .first()
    )
    if person is None:
        raise ProfileUnavailable("absent")
    if not person.is_active:  # deleted by its owner, anonymised, or closed
        raise ProfileUnavailable("supprime")
    if not person.public_profile:
        raise ProfileUnavailable("prive")
    if person.profile_masked_at is not None:
        raise ProfileMasked(person)
    return person


def profiles_visible_among(ids: Sequence[int]) -> set[int]:
    """Those of these people whose public profile anyone may open (the moderation queue's lists)."""
    rows = User.objects.filter(pk__in=list(ids), is_active=True, public_profile=True)
    return set(rows.values_list("pk", flat=True))


def public_profile(viewer: Viewer, pk: int, *, focus: str = "", after: int | None = None) -> PublicProfile:
    """What a person published, as this viewer may see it; nothing private (2 or 3 queries a list).

    Contributions in démarches the viewer sees (not withdrawn, not in pseudonymous démarches),
    arguments and replies not masked nor deleted on what the viewer sees, and official answers
    the person signed with their pseudonym (unsigned ones name the department only, so they
    never lead to a person). Never: email, real name, supports, follows, quartier, roles.
    """
    person = person_get(pk)
    focus = focus if focus in PROFILE_LISTS else ""
    contributions: ProfileList[Contribution] = _empty()
    comments: ProfileList[Comment] = _empty()
    answers: ProfileList[Comment] = _empty()
    if focus in ("", "contributions"):
        contributions = _keyset(
            Contribution.objects.filter(
                author_id=person.pk,
                demarche__in=visible_demarches(viewer).filter(pseudonymous=False),
                masked_at__isnull=True,
            )
            .exclude(status=Contribution.Status.WITHDRAWN)
            .select_related("demarche"),
            after if focus else None,
        )
    published = Comment.objects.filter(author_id=person.pk, deleted_at__isnull=True, masked_at__isnull=True).filter(
        _commented_visible(viewer)
    )
    if focus in ("", "commentaires"):
        comments = _keyset(published.filter(is_official=False).prefetch_related("target"), after if focus else None)
    if focus in ("", "reponses"):
        answers = _keyset(
            published.filter(is_official=True, signed=True).select_related("department").prefetch_related("target"),
            after if focus else None,
        )
    return PublicProfile(person=person, contributions=contributions, comments=comments, answers=answers, focus=focus)


# The site's search ----------------------------------------------------------------------------------

SEARCH_SHOWN = 5  # results per group on the first page of a search
SEARCH_PAGE = 20  # results per page of one group (« Voir plus »)


@dataclass
class Hit:
    title: SafeString  # escaped, the matching words in <mark>
    url: str
    excerpt: SafeString  # escaped, the matching words in <mark>
    context: str  # the démarche, the department…


@dataclass
class HitGroup:
    key: str  # the URL value of ?groupe=
    label: Any
    total: int
    hits: list[Hit]
    next_after: int | None  # the id « Voir plus » continues after; None when there is no more


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: Any
    kind: str  # the kind the objects are indexed under (cocite.core.search)
    visible: Any  # viewer -> queryset of what this person may see (the queries getters)
    hit: Any  # (object, query) -> Hit


def _title(title: str, query: str) -> SafeString:
    return search.highlight(title, query, length=len(title) + 1)


def _demarche_hit(demarche: Any, query: str) -> Hit:
    text = f"{demarche.framing_question}\n{demarche.context}"
    return Hit(_title(demarche.title, query), demarche.get_absolute_url(), search.highlight(text, query), "")


def _contribution_hit(contribution: Contribution, query: str) -> Hit:
    return Hit(
        _title(contribution.title, query),
        contribution.get_absolute_url(),
        search.highlight(contribution.body, query),
        contribution.demarche.title,
    )


def _decision_hit(decision: Any, query: str) -> Hit:
    title = gettext("Décision n° %(number)s — %(outcome)s") % {
        "number": decision.pk,
        "outcome": decision.get_outcome_display(),
    }
    excerpt = search.highlight(decision.explanation, query)
    return Hit(_title(title, query), decision.get_absolute_url(), excerpt, decision.demarche.title)


def _result_hit(result: Any, query: str) -> Hit:
    excerpt = search.highlight(result.description, query)
    return Hit(_title(result.title, query), result.get_absolute_url(), excerpt, result.department.name)


SEARCH_KINDS = (
    SearchKind("demarches", _("Démarches"), "demarche", visible_demarches, _demarche_hit),
    SearchKind(
        "contributions",
        _("Contributions"),
        "contribution",
        lambda viewer: Contribution.objects.filter(
            demarche__in=visible_demarches(viewer), masked_at__isnull=True
        ).select_related("demarche"),
        _contribution_hit,
    ),
    SearchKind(
        "decisions", _("Décisions"), "decision", lambda viewer: visible_decisions(viewer).select_related("demarche"),
        _decision_hit,
    ),
    SearchKind(
        "resultats", _("Résultats"), "result", lambda viewer: visible_results(viewer).select_related("department"),
        _result_hit,
    ),
)  # fmt: skip
SEARCH_GROUPS = tuple(k.key for k in SEARCH_KINDS)


def site_search(viewer: Viewer, query: str, *, group: str = "", after: int | None = None) -> list[HitGroup]:
    """What this person may see matching `query`, grouped by kind, newest first (2 queries a group).

    Each group filters its getter's queryset (visibility first) through the one search
    interface, `cocite.core.search` (French stemming, accents folded, on SQLite and PostgreSQL).
    With `group`, only that group, a longer page after the id `after`.
    """
    groups = []
    for spec in SEARCH_KINDS:
        if group and spec.key != group:
            continue
        matching = search.filter_queryset(spec.visible(viewer), spec.kind, query)
        total = matching.count()
        limit = SEARCH_PAGE if group else SEARCH_SHOWN
        page = matching.filter(pk__lt=after) if group and after else matching
        rows = list(page.order_by("-pk")[: limit + 1]) if total else []
        more = len(rows) > limit
        rows = rows[:limit]
        groups.append(
            HitGroup(spec.key, spec.label, total, [spec.hit(o, query) for o in rows], rows[-1].pk if more else None)
        )
    return groups
