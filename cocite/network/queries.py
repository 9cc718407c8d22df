"""Every read the network's pages need: bounded queries, permission filters in the getters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from cocite.accounts.models import User
from cocite.accounts.permissions import is_administrator
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.contributions.models import Contribution
from cocite.contributions.queries import listed_contributions
from cocite.core import search
from cocite.core.personal_data import rows
from cocite.decisions.models import Decision
from cocite.decisions.queries import visible_decisions
from cocite.demarches.queries import visible_demarches
from cocite.items.models import Item
from cocite.notifications.models import Follow

from . import permissions
from .models import (
    Actor,
    ActorInvitation,
    ActorMembership,
    ActorOffer,
    CallForHelp,
    ContributionActor,
    HelpOffer,
    Incubation,
    Initiative,
    NewsPost,
    PersonSkills,
)

ACTOR_SEARCH_KIND = "actor"
INITIATIVE_SEARCH_KIND = "initiative"
PAGE_SIZE = 30
FEED_SIZE = 15


# Actors


def visible_actors(viewer: Viewer) -> QuerySet[Actor]:
    """Actors not hidden by the moderation (moderators see them all, to review them)."""
    qs = Actor.objects.all()
    return qs if permissions.can_see_hidden(viewer) else qs.filter(masked_at__isnull=True)


def actor_roles(viewer: Viewer) -> dict[int, str]:
    """{actor id: role} of the viewer (one query; none for a visitor)."""
    if not is_signed_in(viewer):
        return {}
    return dict(ActorMembership.objects.filter(user_id=viewer.pk).values_list("actor_id", "role"))


def my_actors(viewer: Viewer) -> list[Actor]:
    if not is_signed_in(viewer):
        return []
    return list(Actor.objects.filter(memberships__user_id=viewer.pk, masked_at__isnull=True).order_by("name")[:50])


@dataclass(frozen=True)
class DirectoryFilters:
    kind: str = ""
    theme: int | None = None
    quartier: int | None = None
    offers: str = ""
    seeks: str = ""
    q: str = ""


def _filtered_actors(viewer: Viewer, filters: DirectoryFilters) -> QuerySet[Actor]:
    qs = Actor.objects.filter(masked_at__isnull=True)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.theme:
        qs = qs.filter(pk__in=Actor.themes.through.objects.filter(theme_id=filters.theme).values("actor_id"))
    if filters.quartier:
        qs = qs.filter(pk__in=Actor.quartiers.through.objects.filter(quartier_id=filters.quartier).values("actor_id"))
    if filters.offers:
        qs = qs.filter(
            pk__in=ActorOffer.objects.filter(direction="propose", category=filters.offers).values("actor_id")
        )
    if filters.seeks:
        qs = qs.filter(
            pk__in=ActorOffer.objects.filter(direction="recherche", category=filters.seeks).values("actor_id")
        )
    if filters.q:
        qs = search.filter_queryset(qs, ACTOR_SEARCH_KIND, filters.q)
    return qs


def _with_facets(qs: QuerySet[Actor]) -> QuerySet[Actor]:
    return qs.prefetch_related("themes", "quartiers", "offers")


def directory(viewer: Viewer, filters: DirectoryFilters, after: int | None) -> tuple[list[Actor], int | None]:
    """One page of actors by name (keyset on name and id), and the cursor of the next page."""
    qs = _filtered_actors(viewer, filters)
    if after is not None:
        anchor = Actor.objects.filter(pk=after).values_list("name", flat=True).first()
        if anchor is not None:
            qs = qs.filter(Q(name__gt=anchor) | Q(name=anchor, pk__gt=after))
    rows = list(_with_facets(qs.order_by("name", "pk"))[: PAGE_SIZE + 1])
    next_cursor = rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None
    return rows[:PAGE_SIZE], next_cursor


MAP_LIMIT = 500


def map_points(viewer: Viewer, filters: DirectoryFilters) -> list[dict[str, Any]]:
    """The located actors (bounded), for the map and its table."""
    qs = _filtered_actors(viewer, filters).filter(latitude__isnull=False, longitude__isnull=False)
    return [
        {
            "id": a.pk,
            "title": a.name,
            "url": a.get_absolute_url(),
            "kind_label": str(a.get_kind_display()),
            "address": a.address,
            "lat": a.latitude,
            "lon": a.longitude,
        }
        for a in qs.order_by("name", "pk")[:MAP_LIMIT]
    ]


@dataclass
class ActorPage:
    actor: Actor
    members: list[ActorMembership]
    initiatives: list[Initiative]
    invitations: list[ActorInvitation]
    contributions: list[Contribution]
    messages: list[Any]
    roles: dict[int, str]
    is_admin: bool
    is_member: bool
    hidden: bool


def actor_get(viewer: Viewer, pk: int) -> Actor:
    actor = visible_actors(viewer).filter(pk=pk).prefetch_related("themes", "quartiers", "offers").first()
    if actor is None:
        raise Http404
    return actor


def actor_page(viewer: Viewer, pk: int) -> ActorPage:
    actor = Actor.objects.filter(pk=pk).prefetch_related("themes", "quartiers", "offers").first()
    if actor is None:
        raise Http404
    hidden = actor.masked_at is not None
    roles = actor_roles(viewer)
    is_admin = permissions.is_actor_admin(viewer, roles, actor.pk)
    members = list(
        ActorMembership.objects.filter(actor=actor).select_related("user").order_by("-role", "created_at", "pk")[:200]
    )
    initiatives = list(
        Initiative.objects.filter(actor=actor, masked_at__isnull=True).order_by("-created_at", "-pk")[:50]
    )
    invitations = list(actor.invitations.filter(accepted_at__isnull=True)[:50]) if is_admin else []
    contributions = contributions_in_name_of(viewer, actor.pk)
    messages = list(actor.messages.select_related("sender")[:30]) if is_admin else []
    return ActorPage(
        actor=actor,
        members=members,
        initiatives=initiatives,
        invitations=invitations,
        contributions=contributions,
        messages=messages,
        roles=roles,
        is_admin=is_admin,
        is_member=permissions.is_actor_member(roles, actor.pk),
        hidden=hidden,
    )


CONTRIBUTIONS_LIMIT = 30


def contributions_in_name_of(viewer: Viewer, actor_id: int) -> list[Contribution]:
    """The contributions made in the actor's name that this person may see: listed ones (published, not
    hidden by the moderation nor withdrawn) in démarches they may see; newest first, one query."""
    made = ContributionActor.objects.filter(actor_id=actor_id).values("contribution_id")
    return list(
        listed_contributions(visible_demarches(viewer))
        .filter(pk__in=made)
        .select_related("demarche")
        .order_by("-created_at", "-pk")[:CONTRIBUTIONS_LIMIT]
    )


def contribution_actor(contribution_id: int) -> Actor | None:
    """The actor a contribution was made in the name of (« au nom de »), unless hidden; one query."""
    link = (
        ContributionActor.objects.filter(contribution_id=contribution_id, actor__masked_at__isnull=True)
        .select_related("actor")
        .first()
    )
    return link.actor if link is not None else None


def invitation_get(pk: int) -> ActorInvitation | None:
    return ActorInvitation.objects.select_related("actor", "invited_by").filter(pk=pk).first()


# Person skills


def skills_of(user: User) -> PersonSkills | None:
    return PersonSkills.objects.filter(user=user).prefetch_related("themes").first()


# Initiatives


def visible_initiatives(viewer: Viewer) -> QuerySet[Initiative]:
    qs = Initiative.objects.all()
    return qs if permissions.can_see_hidden(viewer) else qs.filter(masked_at__isnull=True)


def holder_ids(initiative: Initiative) -> set[int]:
    """The people who run an initiative: its holder, its team, the members of the actor carrying it."""
    ids = {initiative.holder_id}
    ids.update(initiative.team.values_list("pk", flat=True))
    if initiative.actor_id:
        ids.update(ActorMembership.objects.filter(actor_id=initiative.actor_id).values_list("user_id", flat=True))
    return ids


MANAGED_LIMIT = 200


def managed_initiatives(viewer: Viewer) -> QuerySet[Initiative]:
    """The initiatives this person runs (`holder_ids`: holder, team, members of the carrying actor; all
    for administrators), not hidden by the moderation, by title (bounded: a form's choices)."""
    if not is_signed_in(viewer):
        return Initiative.objects.none()
    qs = Initiative.objects.filter(masked_at__isnull=True)
    if not is_administrator(viewer):
        memberships = ActorMembership.objects.filter(user_id=viewer.pk).values("actor_id")
        runs = Q(holder_id=viewer.pk) | Q(team=viewer.pk) | Q(actor_id__in=memberships)
        qs = qs.filter(pk__in=Initiative.objects.filter(runs).values("pk"))
    return qs.order_by("title", "pk")


def initiative_get(viewer: Viewer, pk: int, *, tombstone: bool = False) -> Initiative:
    """The initiative, if the viewer may see it; a hidden one only for its tombstone page (`tombstone`)."""
    found = (
        (Initiative.objects.all() if tombstone else visible_initiatives(viewer))
        .filter(pk=pk)
        .select_related("actor", "holder", "referent", "carries")
        .prefetch_related("themes", "quartiers", "team")
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass
class InitiativePage:
    initiative: Initiative
    calls: list[CallForHelp]
    news: list[NewsPost]
    holders: set[int]
    is_holder: bool
    my_answers: dict[int, HelpOffer]
    incubation: Incubation | None
    needs: list[Item]


def initiative_page(viewer: Viewer, pk: int) -> InitiativePage:
    initiative = initiative_get(viewer, pk, tombstone=True)
    holders = holder_ids(initiative)
    is_holder = permissions.is_holder(viewer, holders)
    answers = HelpOffer.objects.select_related("helper", "actor").order_by("created_at", "pk")
    if not is_holder:
        # Others see accepted help only (and their own answers, below).
        answers = answers.filter(status=HelpOffer.Status.ACCEPTED)
    calls = list(
        initiative.calls.order_by("closed_at", "-created_at", "-pk").prefetch_related(Prefetch("answers", answers))[:30]
    )
    mine: dict[int, HelpOffer] = {}
    if is_signed_in(viewer):
        mine = {
            a.call_id: a
            for a in HelpOffer.objects.filter(call__initiative=initiative, helper_id=viewer.pk).select_related("call")
        }
    news = list(initiative.news.filter(masked_at__isnull=True).select_related("author")[:20])
    incubation = Incubation.objects.filter(initiative=initiative).select_related("decision", "item").first()
    needs = list(initiative.needs_items.all()[:20])
    return InitiativePage(
        initiative=initiative,
        calls=calls,
        news=news,
        holders=holders,
        is_holder=is_holder,
        my_answers=mine,
        incubation=incubation,
        needs=needs,
    )


@dataclass(frozen=True)
class InitiativeFilters:
    stage: str = ""
    theme: int | None = None
    quartier: int | None = None
    q: str = ""


def initiative_list(viewer: Viewer, filters: InitiativeFilters, after: int | None) -> tuple[list[Any], int | None]:
    qs = Initiative.objects.filter(masked_at__isnull=True)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.theme:
        qs = qs.filter(pk__in=Initiative.themes.through.objects.filter(theme_id=filters.theme).values("initiative_id"))
    if filters.quartier:
        qs = qs.filter(
            pk__in=Initiative.quartiers.through.objects.filter(quartier_id=filters.quartier).values("initiative_id")
        )
    if filters.q:
        qs = search.filter_queryset(qs, INITIATIVE_SEARCH_KIND, filters.q)
    if after is not None:
        qs = qs.filter(pk__lt=after)
    rows = list(
        qs.order_by("-pk")
        .select_related("actor", "holder")
        .prefetch_related("themes", "quartiers")
        .annotate(open_calls=Count("calls", filter=Q(calls__closed_at__isnull=True)))[: PAGE_SIZE + 1]
    )
    next_cursor = rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None
    return rows[:PAGE_SIZE], next_cursor


def notified_calls(viewer: Viewer) -> QuerySet[CallForHelp]:
    """Calls for help whose initiative this person may see: the notifications' rule for their targets."""
    return CallForHelp.objects.filter(initiative__in=visible_initiatives(viewer).values("pk"))


def call_get(viewer: Viewer, pk: int) -> CallForHelp:
    call = CallForHelp.objects.filter(pk=pk).select_related("initiative").first()
    if call is None or (call.initiative.masked_at is not None and not permissions.can_see_hidden(viewer)):
        raise Http404
    return call


def answer_get(pk: int) -> HelpOffer:
    answer = HelpOffer.objects.filter(pk=pk).select_related("call__initiative").first()
    if answer is None:
        raise Http404
    return answer


def carried_initiative(item_id: int) -> Initiative | None:
    """The initiative carrying a retained contribution (« porter ce projet »), if any."""
    return Initiative.objects.filter(carries_id=item_id, masked_at__isnull=True).select_related("actor").first()


def followed_news(viewer: Viewer) -> list[NewsPost]:
    """The news of the initiatives the viewer follows (notifications' follows), newest first."""
    if not is_signed_in(viewer):
        return []
    content_type = ContentType.objects.get_for_model(Initiative)
    followed = Follow.objects.filter(user_id=viewer.pk, content_type=content_type).values("object_id")
    return list(
        NewsPost.objects.filter(initiative_id__in=followed, masked_at__isnull=True, initiative__masked_at__isnull=True)
        .select_related("initiative", "author")
        .order_by("-created_at", "-pk")[: FEED_SIZE * 2]
    )


# Territory feed


@dataclass
class Feed:
    initiatives: list[Initiative]
    calls: list[CallForHelp]
    decisions: list[Decision]


def territory_feed(viewer: Viewer, *, quartier: int | None, theme: int | None) -> Feed:
    initiatives = Initiative.objects.filter(masked_at__isnull=True)
    decisions = visible_decisions(viewer)
    if quartier:
        initiatives = initiatives.filter(
            pk__in=Initiative.quartiers.through.objects.filter(quartier_id=quartier).values("initiative_id")
        )
    if theme:
        initiatives = initiatives.filter(
            pk__in=Initiative.themes.through.objects.filter(theme_id=theme).values("initiative_id")
        )
    incubation_items = Incubation.objects.filter(initiative__in=initiatives.values("pk")).values("item_id")
    decision_filter = Q(items__in=incubation_items)
    demarche_filter = Q()
    if quartier:
        demarche_filter &= Q(demarche__quartiers=quartier)
    if theme:
        demarche_filter &= Q(demarche__themes=theme)
    if quartier or theme:
        decision_filter |= demarche_filter
        decisions = decisions.filter(pk__in=Decision.objects.filter(decision_filter).values("pk"))
    calls = (
        CallForHelp.objects.filter(initiative__in=initiatives.values("pk"), closed_at__isnull=True)
        .select_related("initiative")
        .order_by("-created_at", "-pk")[:FEED_SIZE]
    )
    return Feed(
        initiatives=list(
            initiatives.select_related("actor").prefetch_related("themes").order_by("-created_at", "-pk")[:FEED_SIZE]
        ),
        calls=list(calls),
        decisions=list(decisions.select_related("department").order_by("-published_at", "-pk")[:FEED_SIZE]),
    )


def initiative_themes(object_ids: Sequence[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {pk: set() for pk in object_ids}
    for initiative_id, theme_id in Initiative.themes.through.objects.filter(
        initiative_id__in=list(object_ids)
    ).values_list("initiative_id", "theme_id"):
        found[initiative_id].add(theme_id)
    return found


def personal_data(user: User) -> dict[str, Any]:
    return {
        "actor_memberships": rows(ActorMembership.objects.filter(user=user), ["actor_id", "role", "created_at"]),
        "initiatives": rows(Initiative.objects.filter(holder=user), ["id", "title", "stage", "created_at"]),
        "help_offers": rows(HelpOffer.objects.filter(helper=user), ["call_id", "message", "status", "created_at"]),
        "news_posts": rows(NewsPost.objects.filter(author=user), ["initiative_id", "body", "created_at"]),
        "skills": rows(
            PersonSkills.objects.filter(user=user), ["categories", "skills", "suggest_me", "notify_matches"]
        ),
    }
