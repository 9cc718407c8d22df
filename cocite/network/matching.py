"""Suggest who could answer a call for help, and say why.

Candidates are actors with offers (« propose ») and people who declared skills and agreed to be
suggested. What is asked must fit what they offer:
- for premises, funding and volunteering, offering that kind of help is enough;
- for skills, equipment and partners — broad kinds — what they offer must also share a word with
  what is asked (French stemming, accents folded, as the site's search), e.g. « menuiserie »;
- without the kind of help, two shared words are needed.
Words naming the kinds of help themselves (« bénévoles », « financement », « association »…) say
nothing about the fit and are left out of the shared words. The score orders the suggestions: the
kind of help (3), each shared word (2, two at most), the same quartier (1), each shared theme (1,
two at most); each reason is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.core.search import stem_tokens

from .models import Actor, ActorOffer, CallForHelp, CallKind, OfferCategory, PersonSkills

# The kinds of offers that answer each kind of call.
CALL_CATEGORIES: dict[str, tuple[str, ...]] = {
    CallKind.VOLUNTEERS: (OfferCategory.VOLUNTEERING,),
    CallKind.SKILLS: (OfferCategory.SKILLS, OfferCategory.MENTORING),
    CallKind.PREMISES: (OfferCategory.PREMISES,),
    CallKind.EQUIPMENT: (OfferCategory.EQUIPMENT,),
    CallKind.FUNDING: (OfferCategory.FUNDING,),
    CallKind.PARTNERS: (OfferCategory.MENTORING, OfferCategory.SKILLS),
}
# Kinds of help where offering that kind is a match on its own.
SPECIFIC_CALLS = {CallKind.PREMISES, CallKind.FUNDING, CallKind.VOLUNTEERS}
GENERIC_WORDS = (
    "bénévoles bénévolat bénévole compétences compétence matériel locaux local financement financer "
    "accompagnement partenaires partenaire association associations aide aider"
)
CANDIDATES_LIMIT = 300
TOP = 5


@dataclass
class Suggestion:
    score: int
    reasons: list[str] = field(default_factory=list)
    actor: Actor | None = None
    person: User | None = None

    @property
    def key(self) -> str:
        return f"actor:{self.actor.pk}" if self.actor is not None else f"person:{getattr(self.person, 'pk', 0)}"

    @property
    def name(self) -> str:
        return self.actor.name if self.actor is not None else getattr(self.person, "display_name", "")


def _stems(text: str) -> set[str]:
    return {s for s in stem_tokens(text) if len(s) > 2} - _generic()


def _generic() -> set[str]:
    return {s for s in stem_tokens(GENERIC_WORDS) if len(s) > 2}


def _score(
    *,
    categories: set[str],
    text: str,
    quartier_ids: set[int],
    theme_ids: set[int],
    wanted: tuple[str, ...],
    specific: bool,
    asked: set[str],
    call_quartiers: set[int],
    call_themes: dict[int, str],
) -> tuple[int, list[str]] | None:
    score = 0
    reasons: list[str] = []
    fitting = next((c for c in wanted if c in categories), None)
    shared = asked & _stems(text)
    if not ((fitting and (specific or shared)) or len(shared) >= 2):
        return None
    if fitting:
        score += 3
        reasons.append(_("propose : %(what)s") % {"what": str(OfferCategory(fitting).label).lower()})
    if shared:
        score += 2 * min(len(shared), 2)
        reasons.append(_("mots en commun avec la demande"))
    if quartier_ids & call_quartiers:
        score += 1
        reasons.append(_("même quartier"))
    for theme_id in sorted(theme_ids & set(call_themes))[:2]:
        score += 1
        reasons.append(_("thème %(name)s") % {"name": call_themes[theme_id]})
    return score, reasons


def suggestions(call: CallForHelp, *, limit: int = TOP, notifying: bool = False) -> list[Suggestion]:
    """The best candidates for a call, with their reasons (a handful of queries, bounded).

    People are candidates if they agreed to be suggested to holders; with `notifying`, also if they only
    asked to be told of the calls they match (actions.call_matches_notify: the holder never sees them)."""
    initiative = call.initiative
    wanted = CALL_CATEGORIES.get(call.kind, ())
    asked = _stems(call.what)
    call_quartiers = {q.pk for q in initiative.quartiers.all()}
    call_themes = {t.pk: t.name for t in initiative.themes.all()}
    excluded_people = {initiative.holder_id}
    excluded_people.update(initiative.team.values_list("pk", flat=True))
    found: list[Suggestion] = []

    offered = ActorOffer.objects.filter(direction="propose")
    actors = (
        Actor.objects.filter(masked_at__isnull=True)
        .filter(pk__in=offered.values("actor_id"))
        .exclude(pk=initiative.actor_id or 0)
        .prefetch_related("offers", "themes", "quartiers")
        .order_by("pk")[:CANDIDATES_LIMIT]
    )
    for actor in actors:
        offers = [o for o in actor.offers.all() if o.direction == "propose"]
        result = _score(
            categories={o.category for o in offers},
            text=" ".join(o.details for o in offers),
            quartier_ids={q.pk for q in actor.quartiers.all()},
            theme_ids={t.pk for t in actor.themes.all()},
            wanted=wanted,
            specific=call.kind in SPECIFIC_CALLS,
            asked=asked,
            call_quartiers=call_quartiers,
            call_themes=call_themes,
        )
        if result is not None:
            found.append(Suggestion(score=result[0], reasons=result[1], actor=actor))

    people = (
        PersonSkills.objects.filter(Q(suggest_me=True) | Q(notify_matches=True) if notifying else Q(suggest_me=True))
        .filter(user__is_active=True)
        .exclude(user_id__in=excluded_people)
        .select_related("user")
        .prefetch_related("themes")
        .order_by("pk")[:CANDIDATES_LIMIT]
    )
    for skills in people:
        result = _score(
            categories=set(skills.categories or []),
            text=skills.skills,
            quartier_ids={skills.user.quartier_id} if skills.user.quartier_id else set(),
            theme_ids={t.pk for t in skills.themes.all()},
            wanted=wanted,
            specific=call.kind in SPECIFIC_CALLS,
            asked=asked,
            call_quartiers=call_quartiers,
            call_themes=call_themes,
        )
        if result is not None:
            found.append(Suggestion(score=result[0], reasons=result[1], person=skills.user))

    found.sort(key=lambda s: (-s.score, s.name.lower(), s.key))
    return found[:limit]
