"""Demo of the network (cocite/network/demo/network.yaml), through the actions: 12 actors, declared
skills, 8 initiatives with their calls for help and answers, one incubation granted by the department
in the decision log. Idempotent (natural keys: an actor's name, an initiative's title)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TextIO

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User
from cocite.contributions.models import Contribution
from cocite.contributions.queries import listed_contributions
from cocite.core.demo import load, records, section
from cocite.demarches.models import Demarche
from cocite.territory.models import Quartier, Theme

from . import actions
from .models import Actor, ActorMembership, ContributionActor, HelpOffer, Incubation, Initiative

FRONT_DESK_AGENT = "e.chevalier"


def _person(local: str) -> User:
    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


def _themes(slugs: list[str]) -> list[int]:
    return list(Theme.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def _quartiers(slugs: list[str]) -> list[int]:
    return list(Quartier.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def _offers(entry: dict[str, Any]) -> list[tuple[str, str, str]]:
    """[category, details…]: YAML's flow lists split the details on their commas; they are joined back."""
    return [("propose", c, ", ".join(d)) for c, *d in entry.get("offers") or []] + [
        ("recherche", c, ", ".join(d)) for c, *d in entry.get("needs") or []
    ]


def seed(stdout: TextIO) -> None:
    data = load("cocite.network", "network.yaml")
    agent = _person(FRONT_DESK_AGENT)
    for entry in records(
        data,
        section(data, "actors"),
        required=["name", "kind", "admin", "description", "quartiers", "themes"],
        optional=["members", "address", "lat", "lon", "website", "siren", "rna", "verified", "offers", "needs"],
        where="actors",
    ):
        if Actor.objects.filter(name=entry["name"]).exists():
            continue
        admin = _person(entry["admin"])
        actor = actions.actor_create(
            user=admin,
            kind=entry["kind"],
            name=entry["name"],
            description=entry["description"],
            address=entry.get("address", ""),
            latitude=entry.get("lat"),
            longitude=entry.get("lon"),
            website=entry.get("website", ""),
            siren=entry.get("siren", ""),
            rna=entry.get("rna", ""),
            themes=_themes(entry["themes"]),
            quartiers=_quartiers(entry["quartiers"]),
            offers=_offers(entry),
            rate_limited=False,
        )
        for local in entry.get("members") or []:
            member = _person(local)
            invitation = actions.invitation_create(user=admin, actor=actor, email=member.email, role="membre")
            actions.invitation_accept(user=member, token=actions.invitation_token(invitation))
        if entry.get("verified"):
            actions.actor_verify(agent=agent, actor=actor, verified=True)

    for entry in records(
        data, section(data, "skills"), required=["who", "categories", "skills", "themes"], where="skills"
    ):
        actions.skills_set(
            user=_person(entry["who"]),
            categories=entry["categories"],
            skills=entry["skills"],
            themes=_themes(entry["themes"]),
            suggest_me=True,
        )

    for entry in records(
        data,
        section(data, "initiatives"),
        required=["title", "holder", "stage", "need", "solution", "themes", "quartiers", "calls"],
        optional=["actor", "answers", "news", "incubation"],
        where="initiatives",
    ):
        if Initiative.objects.filter(title=entry["title"]).exists():
            continue
        holder = _person(entry["holder"])
        carrier = Actor.objects.get(name=entry["actor"]) if entry.get("actor") else None
        initiative = actions.initiative_create(
            user=holder,
            title=entry["title"],
            need=entry["need"],
            solution=entry["solution"],
            stage=entry["stage"],
            actor=carrier,
            themes=_themes(entry["themes"]),
            quartiers=_quartiers(entry["quartiers"]),
            rate_limited=False,
        )
        calls = [
            actions.call_create(
                user=holder, initiative=initiative, kind=c["kind"], what=c["what"], when=c["when"], rate_limited=False
            )
            for c in entry["calls"]
        ]
        for answer in entry.get("answers") or []:
            offer = actions.help_offer(
                user=_person(answer["who"]), call=calls[answer["call"]], message=answer["message"], rate_limited=False
            )
            if "accepted" in answer:
                actions.help_decide(user=holder, answer=offer, accept=bool(answer["accepted"]))
        for text in entry.get("news") or []:
            actions.news_post(user=holder, initiative=initiative, body=text, rate_limited=False)
        incubation = entry.get("incubation")
        if incubation:
            request = actions.incubation_request(
                user=holder, initiative=initiative, request=incubation["request"], rate_limited=False
            )
            actions.incubation_decide(
                user=_person(incubation["by"]),
                incubation=request,
                granted=bool(incubation["granted"]),
                explanation=incubation["explanation"],
                support_kind=incubation.get("support_kind", ""),
                amount=Decimal(str(incubation["amount"])) if incubation.get("amount") is not None else None,
                premises=incubation.get("premises", ""),
                duration_months=incubation.get("duration_months"),
            )
    _contributions_in_name_of()
    stdout.write(
        f"  réseau : {Actor.objects.count()} acteurs, {Initiative.objects.count()} initiatives, "
        f"{HelpOffer.objects.count()} propositions d'aide, {Incubation.objects.count()} accompagnement(s)"
    )


DEMO_LINKS = 3


def _contributions_in_name_of() -> None:
    """A few contributions of the demo made in an actor's name: for the first actors whose members wrote
    one (listed, in a démarche that is not pseudonymous), the first such contribution. Idempotent."""
    if ContributionActor.objects.exists():
        return
    made = 0
    for actor in Actor.objects.order_by("name", "pk"):
        members = ActorMembership.objects.filter(actor=actor).values("user_id")
        found = (
            listed_contributions(Demarche.objects.filter(pseudonymous=False))
            .filter(author_id__in=members, channel=Contribution.Channel.ONLINE)
            .exclude(pk__in=ContributionActor.objects.values("contribution_id"))
            .select_related("demarche", "author")
            .order_by("pk")
            .first()
        )
        if found is None or found.author is None:
            continue
        actions.contribution_in_name_of(contribution=found, author=found.author, actor_id=actor.pk)
        made += 1
        if made == DEMO_LINKS:
            return
