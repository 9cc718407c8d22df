"""The leak class test (issue 13): nothing of a restricted démarche reaches someone who may not see it.

On top of the demo territory, every kind of row a démarche holds (the démarche, its rules, phases,
contributions, images, revisions, comments, routing, opinion requests, opinions and their internal
notes, decisions, results, milestones, updates, citizen checks, Pol.is conversations, statements,
moderation, themes, syntheses, merges, notifications…) gets a unique marker in each of its texts,
in an agents-only, an invitation-only and a draft démarche — and, in a public démarche, in what is
private there (internal notes, opinions not yet published, draft syntheses, routing reasons).
Then, as every role, the test requests every route (each app's route samples, plus every route
pointed at each seeded object, GET and, for write-only routes, an empty POST), every open-data
file and dashboard table, the decision log and its disclosures, the personal-data download, and
reads every mail the events and the digests sent; it fails on any marker in front of a role the
rules do not let see it (`may_see`, which asks the project's own permission functions).

`test_every_model_holding_text_gets_a_marker` makes a new model fail until this test seeds it or
says why it has no marker; `test_every_route_with_an_object_is_pointed_at_the_seeded_objects`
does the same for new routes.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import F
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from PIL import Image

from cocite.accounts.permissions import is_agent
from cocite.accounts.tests.factories import UserFactory
from cocite.analysis import actions as analysis_actions
from cocite.analysis import permissions as analysis_permissions
from cocite.analysis.merge import contribution_merge
from cocite.analysis.models import AnalysisRun, ContributionTheme, DuplicatePair, ThemeAssignment
from cocite.budgets import actions as budget_actions
from cocite.contributions import actions as contribution_actions
from cocite.contributions.models import Contribution, ContributionImage
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import report_coverage
from cocite.core.tests.browser.test_route_coverage import named_routes
from cocite.core.tests.route_samples import load_registry
from cocite.debate import actions as debate_actions
from cocite.debate import permissions as debate_permissions
from cocite.debate.tests.factories import CommentFactory
from cocite.decisions import actions as decision_actions
from cocite.decisions import permissions as decision_permissions
from cocite.decisions.models import Opinion, OpinionRequest, Routing
from cocite.decisions.tests import factories as f
from cocite.demarches.models import Audience, Demarche, DemarcheComponent, Phase
from cocite.demarches.permissions import can_view_demarche
from cocite.demarches.queries import rules_in_force_for
from cocite.demarches.tests.factories import publish_version
from cocite.moderation import actions as moderation_actions
from cocite.moderation.models import Flag, HeldBackWord
from cocite.moderation.reasons import PENDING
from cocite.notifications.models import Follow, Notification, NotificationPreference
from cocite.opendata import export as opendata_export
from cocite.opinions.models import ModerationDecision, OpinionRun, Participant, Statement, Vote
from cocite.opinions.tests.factories import conversation_for
from cocite.residency.models import Method, ResidenceVerification
from cocite.results import actions as result_actions
from cocite.results.models import CompletionCheck, ResultUpdate
from cocite.territory.tests.factories import QuartierFactory

pytestmark = pytest.mark.django_db

ROLES = (
    "visitor",
    "resident",
    "invited",
    "former_invited",  # invited while the content was written, removed before the checks
    "agent",
    "pilot",  # an agent of the department running the restricted démarches
    "elected",
    "moderator",
    "administrator",
)

# Models that hold no text a person wrote about a démarche, with the reason (a new model must be
# seeded below or listed here: test_every_model_holding_text_gets_a_marker).
WITHOUT_MARKER = {
    "core.SearchDocument": "an index row: its text lives in the indexed contribution",
    "core.WorkerHeartbeat": "a task worker's liveness, no content",
    "operations.ScheduledRun": "a scheduled command's run (name, process, output), shown only in the administration",
    "territory.Organisation": "the commune itself, public by nature",
    "territory.Theme": "the commune's public themes",
    "territory.Quartier": "the commune's public quartiers",
    "territory.Department": "the commune's public departments",
    "territory.DepartmentMembership": "a job title, shown only in the administration",
    "accounts.User": "people's names get markers of their own (the `self` class)",
    "demarches.DemarcheComponent": "settings of a component, no text",
    "contributions.Support": "no text",
    "debate.UsefulMark": "no text",
    "notifications.Follow": "no text",
    "notifications.NotificationPreference": "no text",
    "notifications.PhaseAnnouncement": "no text",
    "toy.Proposal": "a resource of the test settings only (cocite/items/tests/toy), in no démarche a person sees",
    "items.Item": "the machinery's copy of its object's title (the object's markers show it)",
    "decisions.Routing": "no text",
    "decisions.DecisionItem": "a link",
    "decisions.DecisionOpinion": "a link",
    "decisions.LogHead": "the log's last hash, public",
    "decisions.LogEntry": "checked through the log export and pages (markers of what it records)",
    "decisions.LogSeal": "checked through the log export and pages (markers of what it records)",
    "decisions.Commitment": "no text",
    "opinions.Participant": "an external id, never shown",
    "opinions.Vote": "no text",
    "opinions.ReplacedVote": "no text",
    "opinions.OpinionRun": "computed figures about statements that carry markers",
    "analysis.AnalysisRun": "progress messages of the application",
    "analysis.ThemeAssignment": "reasons are codes of the application",
    "analysis.DuplicatePair": "no text",
    "analysis.SynthesisSource": "a link",
    "analysis.MergeRecord": "a status code",
    "residency.Street": "the commune's street names, public by nature",
    "budgets.Ballot": "a receipt the application draws at random, shown only to its voter (budgets tests)",
    "budgets.Count": "figures and ids computed from the ballots, and their hash",
    "residency.RollEntry": "the imported roll's normalised keys: matched, shown on no page (its admin lists no line)",
}

# Routes pointed at seeded objects: route name → (kind of object, kwargs of the object).
ObjectRoute = tuple[str, Callable[[Any], dict[str, Any]]]
BY_SLUG: Callable[[Any], dict[str, Any]] = lambda o: {"slug": o.slug}  # noqa: E731
BY_PK: Callable[[Any], dict[str, Any]] = lambda o: {"pk": o.pk}  # noqa: E731
OBJECT_ROUTES: dict[str, ObjectRoute] = {
    "demarches:detail": ("demarche", BY_SLUG),
    "demarches:rules": ("demarche", BY_SLUG),
    "contributions:list": ("demarche", BY_SLUG),
    "contributions:submit": ("demarche", BY_SLUG),
    "contributions:similar": ("demarche", BY_SLUG),
    "opinions:main": ("demarche", BY_SLUG),
    "opinions:submit": ("demarche", BY_SLUG),
    "opinions:my_votes": ("demarche", BY_SLUG),
    "opinions:results": ("demarche", BY_SLUG),
    "opinions:moderation": ("demarche", BY_SLUG),
    "analysis:demarche": ("demarche", BY_SLUG),
    "analysis:synthesis": ("demarche", BY_SLUG),
    "analysis:themes": ("demarche", BY_SLUG),
    "analysis:run_start": ("demarche", BY_SLUG),
    "analysis:duplicates": ("demarche", BY_SLUG),
    "analysis:merge": ("demarche", BY_SLUG),
    "analysis:synthesis_edit": ("demarche", BY_SLUG),
    "analysis:synthesis_start": ("demarche", BY_SLUG),
    "analysis:synthesis_fill": ("demarche", BY_SLUG),
    "analysis:synthesis_publish": ("demarche", BY_SLUG),
    "analysis:line_add": ("demarche", BY_SLUG),
    "analysis:run_progress": ("run", lambda r: {"slug": r.demarche.slug, "run_id": r.pk}),
    "contributions:detail": ("contribution", BY_PK),
    "contributions:support": ("contribution", BY_PK),
    "contributions:edit": ("contribution", BY_PK),
    "contributions:withdraw": ("contribution", BY_PK),
    "contributions:history": ("contribution", BY_PK),
    "contributions:image": ("image", lambda i: {"pk": i.contribution_id, "image_pk": i.pk, "name": i.file_name}),
    "debate:page": ("contribution", BY_PK),
    "debate:post": ("contribution", BY_PK),
    "debate:official": ("contribution", BY_PK),
    "debate:thread": ("comment", BY_PK),
    "debate:reply": ("comment", BY_PK),
    "debate:edit": ("comment", BY_PK),
    "debate:delete": ("comment", BY_PK),
    "debate:useful": ("comment", BY_PK),
    "debate:history": ("comment", BY_PK),
    "notifications:open": ("notification", BY_PK),
    "notifications:follow": ("contribution", lambda c: {"kind": "contribution", "pk": c.pk}),
    "notifications:unfollow": ("contribution", lambda c: {"kind": "contribution", "pk": c.pk}),
    "decisions:inbox": ("department", BY_SLUG),
    "spaces:department": ("department", BY_SLUG),
    "spaces:quartier": ("quartier", BY_SLUG),
    "decisions:inbox_bulk": ("department", BY_SLUG),
    "decisions:workspace": ("contribution", lambda c: {"kind": "contributions", "pk": c.pk}),
    "decisions:route": ("contribution", lambda c: {"kind": "contributions", "pk": c.pk}),
    "decisions:request_opinions": ("contribution", lambda c: {"kind": "contributions", "pk": c.pk}),
    "decisions:opinion_answer": ("opinion_request", BY_PK),
    "decisions:detail": ("decision", BY_PK),
    "decisions:correct": ("decision", BY_PK),
    "results:detail": ("result", BY_PK),
    "budgets:main": ("demarche", BY_SLUG),
    "budgets:receipt": ("demarche", BY_SLUG),
    "budgets:manage": ("demarche", BY_SLUG),
    "budgets:paper": ("demarche", BY_SLUG),
    "budgets:export_csv": ("demarche", BY_SLUG),
    "budgets:export_pb": ("demarche", lambda o: {"slug": o.slug, "part": 0}),
    "budgets:project": ("budget_project", lambda o: {"slug": o.demarche.slug, "pk": o.pk}),
    "budgets:project_image": ("budget_project", lambda o: {"slug": o.demarche.slug, "pk": o.pk}),
    "results:manage": ("result", BY_PK),
    "results:done": ("result", BY_PK),
    "results:check": ("result", BY_PK),
    "opinions:vote": ("statement", BY_PK),
    "opinions:moderate": ("statement", BY_PK),
    "opinions:conversation": ("conversation", BY_PK),
    "opinions:run_status": ("conversation", BY_PK),
    "opinions:recompute": ("conversation", BY_PK),
    "analysis:theme": ("theme", BY_PK),
    "analysis:theme_validate": ("theme", BY_PK),
    "analysis:theme_rename": ("theme", BY_PK),
    "analysis:theme_merge": ("theme", BY_PK),
    "analysis:move": ("theme", BY_PK),
    "analysis:duplicate_dismiss": ("duplicate", BY_PK),
    "analysis:line_edit": ("line", BY_PK),
    "analysis:line_delete": ("line", BY_PK),
    "spaces:person": ("person", BY_PK),
    "moderation:flag": ("modcomment", lambda c: {"kind": "comment", "pk": c.pk}),
    "moderation:appeal": ("modcomment", lambda c: {"kind": "comment", "pk": c.pk}),
    "moderation:redact": ("modcomment", lambda c: {"kind": "comment", "pk": c.pk}),
    "moderation:appeal_decide": ("appeal", BY_PK),
    "moderation:sanction": ("person", BY_PK),
    "moderation:restore": ("modcomment", lambda c: {"kind": "comment", "pk": c.pk}),
    "moderation:lift": ("person", BY_PK),
}
# Routes with arguments that point at no démarche content (checked another way, or not at all).
OBJECT_ROUTES_ELSEWHERE = {
    "budgets:ballot": "POST only (the cart's form on budgets:main, swept here)",
    "budgets:outcome": "a count exists only after the vote closes; the world's votes are open (budgets tests)",
    "notifications:unsubscribe": "a signed token in a mail; the mails themselves are checked",
    "opendata:file": "every file of the open-data directory is requested below",
    # An identity provider's id, not an object: these pages show no one's data (the sign-in and its
    # refusals are in accounts/tests/test_identity_providers.py; route samples reach them).
    "openid_connect_login": "an identity provider's id, not an object (route sampled)",
    "openid_connect_callback": "an identity provider's id, not an object (the hostile-input test requests it)",
}
ADMIN_ONLY_PREFIXES = ("admin:", "account_")
# The verified resident's status is never public: its end date, a day no other date of the world falls
# on, in every way a page or file may write it, is shown only to the resident (and administrators).
RESIDENCE_VERIFIED_AT = datetime.datetime(2061, 7, 13, 10, 0, tzinfo=datetime.UTC) - datetime.timedelta(days=365)
RESIDENCE_VERIFIED_UNTIL = datetime.datetime(2061, 7, 13, 10, 0, tzinfo=datetime.UTC)
RESIDENCE_FACTS = ("2061-07-13", "13 juillet 2061", "July 13, 2061", "13 July 2061", "13/07/2061", "07/13/2061")
# Texts no page shows to anyone (the back-office aside): their markers are never seen, by design.
SHOWN_NOWHERE = {
    "opinions.ModerationDecision.reason": "kept for the moderators' record in the back-office",
}


# ---------------------------------------------------------------------------
# The world: people, markers and the objects that hold them
# ---------------------------------------------------------------------------


@dataclass
class Marker:
    token: str
    where: str  # "app.Model.field"
    demarche: Demarche | None
    audience: str  # public | administration | internal | analysts | self
    subject: Any = None  # the opinion request of an internal note, the person of a name


@dataclass
class World:
    people: dict[str, Any] = field(default_factory=dict)
    markers: list[Marker] = field(default_factory=list)
    objects: dict[str, list[Any]] = field(default_factory=dict)
    demarches: dict[str, Demarche] = field(default_factory=dict)

    def mark(
        self, where: str, text: str, demarche: Demarche | None, audience: str = "public", subject: Any = None
    ) -> str:
        token = f"QZ{len(self.markers):04d}X"
        self.markers.append(Marker(token, where, demarche, audience, subject))
        return f"{token} {text}"

    def keep(self, kind: str, *objects: Any) -> None:
        self.objects.setdefault(kind, []).extend(objects)


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _people(world: World) -> None:
    pilot_department = f.department()
    world.people["pilot_department"] = pilot_department
    world.people["resident"] = UserFactory(display_name="Habitante témoin")
    world.people["invited"] = UserFactory(display_name="Invitée témoin")
    world.people["former_invited"] = UserFactory(display_name="Ex-invitée témoin")
    world.people["agent"] = f.member(f.department(), display_name="Agent témoin")
    world.people["pilot"] = f.manager(pilot_department, display_name="Pilote témoin")
    world.people["elected"] = UserFactory(is_elected_official=True, display_name="Élue témoin")
    world.people["moderator"] = UserFactory(is_moderator=True, display_name="Modératrice témoin")
    world.people["administrator"] = UserFactory(is_superuser=True, is_staff=True, display_name="Admin témoin")
    world.keep("department", pilot_department, world.people["agent"].department_memberships.get().department)
    # Real names are never published: only the person (and the back-office) may read them.
    for role in ("resident", "invited", "former_invited", "pilot"):
        person = world.people[role]
        person.last_name = world.mark("accounts.User.last_name", "Nomdefamille", None, "self", person).split()[0]
        person.save(update_fields=["last_name"])
    # A verified resident (cocite.residency): how, where and until when are the person's alone; the
    # status itself (its distinctive end date) is checked apart, in every page and file (RESIDENCE_FACTS).
    resident = world.people["resident"]
    ResidenceVerification.objects.create(
        person=resident,
        method=Method.FRANCECONNECT_STREET,
        street=world.mark("residency.ResidenceVerification.street", "rue", None, "self", resident),
        acr=world.mark("residency.ResidenceVerification.acr", "eidas", None, "self", resident),
        verified_at=RESIDENCE_VERIFIED_AT,
        expires_at=RESIDENCE_VERIFIED_UNTIL,
    )
    type(resident).objects.filter(pk=resident.pk).update(
        residence_verified_at=RESIDENCE_VERIFIED_AT, residence_verified_until=RESIDENCE_VERIFIED_UNTIL
    )
    resident.refresh_from_db()
    # A photo kept from a contribution form that came back with errors: its owner's alone.
    kept = contribution_actions.pending_image_keep(
        user=resident,
        upload=_png(),
        name=world.mark("contributions.PendingImage.original_name", "photo", None, "self", resident).split()[0]
        + ".png",
    )
    assert kept.pk  # its token is a secret of the form, shown to nobody: the name is the marker
    # Every way a mail leaves: at once, daily and weekly digests (checked at send time).
    frequencies = ("immediate", "daily", "weekly")
    for index, role in enumerate(ROLES[1:]):
        NotificationPreference.objects.update_or_create(
            user=world.people[role], defaults={"email_frequency": frequencies[index % 3]}
        )


def _demarche(world: World, key: str, *, audience: str, status: str) -> Demarche:
    pilot_department = world.people["pilot_department"]
    d_public = status != Demarche.Status.DRAFT and audience in (Audience.EVERYONE, Audience.VERIFIED)
    placeholder = Demarche(pk=None)

    def mark(where: str, text: str) -> str:
        # The démarche's own texts are public in a public démarche (no marker needed there).
        return text if d_public else world.mark(where, text, placeholder)

    demarche = f.demarche_with_rules(
        audience=audience,
        status=status,
        phase="collecte",
        slug=f"zq-fuite-{key}",
        managing_department=pilot_department,
        title=mark("demarches.Demarche.title", f"Démarche {key}"),
        framing_question=mark("demarches.Demarche.framing_question", "Quelle question ?"),
        context=mark("demarches.Demarche.context", "Un contexte."),
        phase_override_reason="",
    )
    for marker in world.markers:
        if marker.demarche is placeholder:
            marker.demarche = demarche
    placeholder = demarche  # the markers written from now on belong to it
    if not d_public:
        world.mark("demarches.Demarche.slug", "", demarche)
        world.markers[-1].token = demarche.slug
        Phase.objects.filter(demarche=demarche).update(description=mark("demarches.Phase.description", "Phase"))
        rulebook = demarche.rulebook
        type(rulebook).objects.filter(pk=rulebook.pk).update(title=mark("demarches.Rulebook.title", "Règles"))
        publish_version(
            rulebook,
            number=2,
            text=mark("demarches.RuleVersion.text", "Texte"),
            change_note=mark("demarches.RuleVersion.change_note", "Changement"),
            who_may_take_part=mark("demarches.RuleVersion.who_may_take_part", "Qui"),
            what_happens_to_contributions=mark("demarches.RuleVersion.what_happens_to_contributions", "Quoi"),
            decider=mark("demarches.RuleVersion.decider", "Décideur"),
        )
    DemarcheComponent.objects.get_or_create(demarche=demarche, name="opinions", defaults={"position": 1})
    world.demarches[key] = demarche
    world.keep("demarche", demarche)
    return demarche


def _content(world: World, demarche: Demarche, *, public: bool, author: Any, capture: Any) -> None:
    """Every kind of row a démarche holds, each text with a marker (private parts only when public)."""
    pilot, admin = world.people["pilot"], world.people["administrator"]
    department = world.people["pilot_department"]

    def m(where: str, text: str, audience: str = "public", subject: Any = None) -> str:
        if public and audience == "public":
            return text
        return world.mark(where, text, demarche, audience, subject)

    draft = demarche.status == Demarche.Status.DRAFT
    with capture(execute=True):
        if draft:
            contribution = f.contribution(
                demarche=demarche,
                title=m("contributions.Contribution.title", "Une idée assez longue"),
                body=m("contributions.Contribution.body", "Le texte"),
                author=author,
            )
        else:
            contribution = contribution_actions.contribution_submit(
                author=author,
                demarche=demarche,
                kind="idee",
                title=m("contributions.Contribution.title", "Une idée assez longue"),
                body=m("contributions.Contribution.body", "Le texte"),
                images=[(_png(), m("contributions.ContributionImage.alt_text", "Une photo"))],
            )
            contribution.refresh_from_db()
    offline = f.contribution(
        demarche=demarche,
        title=m("contributions.Contribution.title", "Une autre idée assez longue"),
        body=m("contributions.Contribution.body", "Le texte"),
        author=None,
        channel="papier",
        offline_author_name=m("contributions.Contribution.offline_author_name", "Madame"),
    )
    twin = f.contribution(
        demarche=demarche,
        title=m("contributions.Contribution.title", "Une idée en double assez longue"),
        body=m("contributions.Contribution.body", "Le texte"),
    )
    if draft:
        image = ContributionImage.objects.create(
            contribution=contribution,
            image=SimpleUploadedFile("x.png", _png().read()),
            alt_text=m("contributions.ContributionImage.alt_text", "Une photo"),
        )
    else:
        image = contribution.images.get()
    contribution.revisions.create(
        title=m("contributions.ContributionRevision.title", "Ancien titre assez long"),
        body=m("contributions.ContributionRevision.body", "Ancien texte"),
    )
    world.keep("contribution", contribution, offline, twin)
    world.keep("image", image)
    Routing.objects.filter(item__in=f.items_of([contribution, offline, twin])).update(department=department)
    routing_event = f.item_of(contribution).routing_events.create(
        reason=m("decisions.RoutingEvent.reason", "Motif", "administration"), to_department=department
    )
    assert routing_event.pk

    # Debate: a comment, a reply, an official answer, a masked comment with its reason and a revision.
    with capture(execute=True):
        comment = CommentFactory(on=contribution, author=author, body=m("debate.Comment.body", "Un argument"))
        reply = CommentFactory(parent=comment, author=pilot, body=m("debate.Comment.body", "Une réponse"))
        CommentFactory(
            on=contribution,
            author=pilot,
            body=m("debate.Comment.body", "Réponse du service"),
            official_title=m("debate.Comment.official_title", "Le service répond"),
            department=department,
        )
        CommentFactory(
            on=contribution,
            author=author,
            body=m("debate.Comment.body", "Propos masqué"),
            masked_reason=m("debate.Comment.masked_reason", "Motif de masquage"),
            masked_at=timezone.now(),
        )
        comment.revisions.create(body=m("debate.CommentRevision.body", "Première version", "moderation"))
        if not draft:
            debate_actions.comment_post(
                author=author, body=m("debate.Comment.body", "Un argument publié"), stance="pour", target=contribution
            )
    world.keep("comment", comment, reply)
    _moderation(world, demarche, contribution, author=author, public=public, mark=m, capture=capture)

    # Arbitration: opinions asked and given (with internal notes); the one on the decided contribution
    # is published with the decision, the one on its twin stays within the administration.
    def ask_and_answer(target: Contribution, audience: str) -> tuple[OpinionRequest, Opinion]:
        with capture(execute=True):
            (request,), _skipped = decision_actions.opinions_request(
                actor=pilot,
                items=[f.item_of(target)],
                departments=[department],
                aspects=[OpinionRequest.Aspect.COST],
                deadline=timezone.localdate() + datetime.timedelta(days=10),
                question=m("decisions.OpinionRequest.question", "Combien ?", audience),
            )
            opinion = decision_actions.opinion_give(
                actor=pilot,
                request=request,
                feasibility=Opinion.Feasibility.FEASIBLE,
                recommendation=Opinion.Recommendation.FAVOURABLE,
                text=m("decisions.Opinion.text", "Un avis motivé et argumenté", audience),
                legal_points=m("decisions.Opinion.legal_points", "Rien", audience),
                estimated_cost="1234.56",
                internal_note=m("decisions.OpinionInternalNote.text", "Entre nous", "internal", request),
            )
        return request, opinion

    request, opinion = ask_and_answer(contribution, "public" if not draft else "administration")
    twin_request, _twin_opinion = ask_and_answer(twin, "administration")
    world.keep("opinion_request", request, twin_request)
    if not draft:
        with capture(execute=True):
            decision = f.publish(
                actor=pilot,
                items=[contribution],
                opinions=[opinion],
                explanation=m("decisions.Decision.explanation", f.EXPLANATION),
                criteria_notes=m("decisions.Decision.criteria_notes", "Critères"),
                deliberation_ref=m("decisions.Decision.deliberation_ref", "DCM")[:60],
            )
            correction = decision_actions.decision_correct(
                actor=pilot,
                original=decision,
                correction_reason=m("decisions.Decision.correction_reason", "Une erreur de date"),
                outcome="retenue",
                explanation=m("decisions.Decision.explanation", f.EXPLANATION),
                body="conseil_municipal",
                decided_on=timezone.localdate(),
            )
            result = result_actions.result_create(
                actor=pilot,
                title=m("results.Result.title", "Un résultat suivi"),
                description=m("results.Result.description", "Ce qui sera fait"),
                department=department,
                decisions=[correction],
                milestones=[(m("results.Milestone.title", "Étape"), timezone.localdate())],
            )
            result_actions.result_update_progress(
                actor=pilot, result=result, progress=30, note=m("results.ResultUpdate.note", "Avancement")
            )
            result_actions.result_mark_done(
                actor=pilot,
                result=result,
                open_milestones_reason=m("results.ResultUpdate.open_milestones_reason", "Étape ouverte"),
            )
            CompletionCheck.objects.create(
                result=result, user=author, round=1, done=False, comment=m("results.CompletionCheck.comment", "Non")
            )
        world.keep("decision", decision, correction)
        world.keep("result", result)
        # Participatory budget: a project from the retained contribution, the vote open, a paper entry.
        with capture(execute=True):
            DemarcheComponent.objects.get_or_create(demarche=demarche, name="budgets", defaults={"position": 2})
            opinion.refresh_from_db()
            project = budget_actions.project_create(
                actor=pilot,
                demarche=demarche,
                title=m("budgets.Project.title", "Un projet au vote"),
                description=m("budgets.Project.description", "Ce que fera le projet"),
                items=[f.item_of(contribution)],
                cost_opinion=opinion,
                image_alt=m("budgets.Project.image_alt", "Le lieu du projet"),
            )
            version = rules_in_force_for(demarche)
            assert version is not None
            budget_actions.budget_rules_publish(
                rule_version=version,
                total_budget=10**6,
                method="approval_budget",
                counting_rule="greedy",
                opens_at=timezone.now() - datetime.timedelta(hours=1),
                closes_at=timezone.now() + datetime.timedelta(days=10),
            )
            budget_actions.paper_entry_key(
                agent=pilot,
                demarche=demarche,
                station=m("budgets.PaperEntry.station", "Mairie annexe", "agents"),
                sheet="B1",
                project_ids=[project.pk],
            )
        world.keep("budget_project", project)
        assert ResultUpdate.objects.filter(result=result).exists()

    # Opinion mapping: a conversation, statements (one moderated), votes.
    conversation = conversation_for(demarche)
    type(conversation).objects.filter(pk=conversation.pk).update(
        title=m("opinions.Conversation.title", "Conversation"),
        topic=m("opinions.Conversation.topic", "Le sujet"),
        imported_from=m("opinions.Conversation.imported_from", "Ailleurs"),
    )
    statement = Statement.objects.create(
        conversation=conversation, text=m("opinions.Statement.text", "Une proposition"), author=author
    )
    refused = Statement.objects.create(
        conversation=conversation,
        text=m("opinions.Statement.text", "Une proposition refusée"),
        author=author,
        status=Statement.Status.REJECTED,
    )
    ModerationDecision.objects.create(
        statement=refused,
        decision=ModerationDecision.Decision.REJECT,
        reason=m("opinions.ModerationDecision.reason", "Hors sujet"),
    )
    participant = Participant.objects.create(conversation=conversation, user=author)
    Vote.objects.create(conversation=conversation, statement=statement, participant=participant, value=1)
    OpinionRun.objects.create(conversation=conversation)
    world.keep("conversation", conversation)
    world.keep("statement", statement, refused)

    # Analysis: a run, a theme, a duplicate pair, a merge, a published synthesis and a draft.
    run = AnalysisRun.objects.create(demarche=demarche, requested_by=pilot, status=AnalysisRun.Status.DONE)
    theme = ContributionTheme.objects.create(
        demarche=demarche,
        run=run,
        label=m("analysis.ContributionTheme.label", "Thème", "analysts" if public else "public"),
    )
    ThemeAssignment.objects.create(contribution=contribution, theme=theme, reason="computed")
    duplicate = DuplicatePair.objects.create(demarche=demarche, first=contribution, second=twin, run=run, score=0.95)
    merged = f.contribution(
        demarche=demarche,
        title=m("contributions.Contribution.title", "Une idée fusionnée assez longue"),
        body=m("contributions.Contribution.body", "Le texte"),
        author=None,
        channel="papier",
        offline_author_name=m("analysis.MergeCredit.offline_author_name", "Monsieur"),
    )
    analyst = admin if draft else pilot  # a draft is seen by administrators only
    with capture(execute=True):
        contribution_merge(analyst=analyst, target=offline, sources=[merged])
        synthesis = analysis_actions.synthesis_draft(analyst=analyst, demarche=demarche)
        analysis_actions.synthesis_update(
            analyst=analyst,
            synthesis=synthesis,
            title=m("analysis.Synthesis.title", "Synthèse publiée"),
            introduction=m("analysis.Synthesis.introduction", "Introduction"),
        )
        line = analysis_actions.line_add(
            analyst=analyst,
            synthesis=synthesis,
            text=m("analysis.SynthesisLine.text", "Une ligne"),
            source_ids=[contribution.pk],
        )
        analysis_actions.synthesis_publish(analyst=analyst, synthesis=synthesis)
        draft_synthesis = analysis_actions.synthesis_draft(analyst=analyst, demarche=demarche)
        analysis_actions.synthesis_update(
            analyst=analyst,
            synthesis=draft_synthesis,
            title=m("analysis.Synthesis.title", "Synthèse en cours", "analysts"),
            introduction=m("analysis.Synthesis.introduction", "Brouillon", "analysts"),
        )
        draft_line = analysis_actions.line_add(
            analyst=analyst,
            synthesis=draft_synthesis,
            text=m("analysis.SynthesisLine.text", "Ligne en cours", "analysts"),
            source_ids=[contribution.pk],
        )
    world.keep("contribution", merged)
    world.keep("run", run)
    world.keep("theme", theme)
    world.keep("duplicate", duplicate)
    world.keep("line", line, draft_line)


def _moderation(
    world: World, demarche: Demarche, contribution: Contribution, *, author: Any, public: bool, mark: Any, capture: Any
) -> None:
    """Flags, a hidden comment and a hidden contribution, an appeal, a redaction and a warning: what was
    hidden and why is the moderators' (and, for the decisions, its author's) only."""
    m = mark
    # Only administrators moderate what a restricted démarche holds (a moderator does not see it).
    moderator = world.people["moderator"] if public else world.people["administrator"]
    other = world.people["administrator"]
    reporter = world.people["resident"] if public else world.people["administrator"]
    with capture(execute=True):
        hidden = CommentFactory(
            on=contribution,
            author=author,
            body=m("debate.Comment.body", "Propos masqué par la modération", "moderation"),
        )
        Contribution.objects.filter(pk=contribution.pk).update(comment_count=F("comment_count") + 1)
        hidden_contribution = ContributionFactory(
            demarche=demarche,
            author=author,
            title=m("contributions.Contribution.title", "Contribution masquée par la modération", "moderation"),
            body=m("contributions.Contribution.body", "Texte masqué", "moderation"),
        )
        redacted = CommentFactory(
            on=contribution, author=author, body=m("debate.Comment.body", "Mon voisin Jean Dupont", "moderation")
        )
        if reporter.pk != author.pk:
            moderation_actions.flag_submit(
                user=reporter,
                kind="comment",
                object_id=hidden.pk,
                reason="autre_motif",
                text=m("moderation.Flag.text", "Ce commentaire insulte", "moderation"),
            )
        else:
            Flag.objects.create(
                kind="comment",
                object_id=hidden.pk,
                reporter=world.people["moderator"],
                reason="autre_motif",
                text=m("moderation.Flag.text", "Ce commentaire insulte", "moderation"),
            )
        note = m("moderation.ModerationAction.note", "Une insulte caractérisée", "moderation_and_author", author)
        moderation_actions.items_hide(
            actor=moderator, kind="comment", object_ids=[hidden.pk], reason="propos_injurieux", note=note
        )
        moderation_actions.items_hide(
            actor=moderator, kind="contribution", object_ids=[hidden_contribution.pk], reason="spam_publicite"
        )
        moderation_actions.item_redact(
            actor=moderator,
            kind="comment",
            object_id=redacted.pk,
            texts={"body": "Mon voisin [nom retiré]"},
        )
        appeal = moderation_actions.appeal_submit(
            user=author,
            kind="comment",
            object_id=hidden.pk,
            text=m("moderation.Appeal.text", "Je conteste ce masquage", "moderation"),
        )
        if public:
            moderation_actions.appeal_decide(
                actor=other,
                appeal_id=appeal.pk,
                restore=False,
                note=m("moderation.Appeal.decision_note", "Le masquage est maintenu", "moderation_and_author", author),
            )
            moderation_actions.person_sanction(
                actor=moderator,
                user=author,
                kind="sanction_avertissement",
                reason="propos_injurieux",
                note=m("moderation.Sanction.note", "Restez courtois", "moderation_and_author", author),
            )
        # Pre-moderation: a comment and a contribution waiting for a moderator's approval; their text is
        # the moderators' and their author's only (the author's page of it says it waits).
        # The commune's list of words held back for moderation: the moderators' (and the admin's) only; the
        # queue's « À valider » names the word that held the pending comment back.
        word = HeldBackWord.objects.create(
            expression=m("moderation.HeldBackWord.expression", "Mot retenu", "moderation")
        )
        pending = CommentFactory(
            on=contribution,
            author=author,
            body=m("debate.Comment.body", "Commentaire en attente de validation", "moderation_and_author", author)
            + f" {word.expression}",
            masked_at=timezone.now(),
            masked_reason=PENDING,
        )
        pending_contribution = ContributionFactory(
            demarche=demarche,
            author=author,
            title=m("contributions.Contribution.title", "Contribution en attente", "moderation_and_author", author),
            body=m("contributions.Contribution.body", "Texte en attente", "moderation_and_author", author),
            masked_at=timezone.now(),
            masked_reason=PENDING,
        )
    world.keep("modcomment", hidden, redacted, pending)
    world.keep("modcontribution", hidden_contribution, pending_contribution)
    world.keep("appeal", appeal)


def _notifications_for_everyone(world: World, demarche: Demarche) -> None:
    """A notification row about the démarche for every person, as if they had followed it when they could."""
    contribution = Contribution.objects.filter(demarche=demarche).order_by("pk").first()
    assert contribution is not None
    content_type = ContentType.objects.get_for_model(Contribution)
    for role in ROLES[1:]:
        notification = Notification.objects.create(
            recipient=world.people[role],
            kind=Notification.Kind.STATUS_CHANGED,
            target_type=content_type,
            target_id=contribution.pk,
            demarche=demarche,
            payload={
                "title": world.mark("notifications.Notification.payload", "Titre", demarche, "recipient", role),
                "old_status": "recue",
                "new_status": "retenue",
            },
            url=contribution.get_absolute_url(),
            event_key=f"leak-test:{demarche.pk}:{role}",
        )
        world.keep("notification", notification)


def build_world(capture: Any) -> World:
    world = World()
    call_command("seed_demo", stdout=io.StringIO())
    _people(world)
    people = world.people
    agents = _demarche(world, "agents", audience=Audience.AGENTS, status=Demarche.Status.PUBLISHED)
    invited = _demarche(world, "invited", audience=Audience.INVITED, status=Demarche.Status.PUBLISHED)
    invited.invited.add(people["invited"], people["former_invited"])
    draft = _demarche(world, "draft", audience=Audience.EVERYONE, status=Demarche.Status.DRAFT)
    public = _demarche(world, "public", audience=Audience.EVERYONE, status=Demarche.Status.PUBLISHED)
    # Everyone follows everything they can reach the follow button of (and more): mails are checked.
    for demarche in (agents, invited, draft, public):
        for role in ROLES[1:]:
            Follow.objects.get_or_create(user=people[role], content_type_id=_ct(Demarche), object_id=demarche.pk)
    _content(world, agents, public=False, author=people["pilot"], capture=capture)
    _content(world, invited, public=False, author=people["invited"], capture=capture)
    _content(world, draft, public=False, author=people["administrator"], capture=capture)
    _content(world, public, public=True, author=people["resident"], capture=capture)
    # One quartier holds every démarche and contribution: its public page lists them (spaces:quartier).
    quartier = QuartierFactory(name="Quartier témoin", slug="quartier-temoin")
    for demarche in (agents, invited, draft, public):
        demarche.quartiers.add(quartier)
    Contribution.objects.filter(demarche__in=[agents, invited, draft, public]).update(quartier=quartier)
    world.keep("quartier", quartier)
    # Public profiles of the authors of each démarche's content (spaces:person).
    world.keep("person", people["pilot"], people["invited"], people["administrator"], people["resident"])
    # A result following a public and an agents-only decision is as restricted as the latter.
    decisions = {d.demarche_id: d for d in world.objects["decision"] if d.supersedes_id}
    with capture(execute=True):
        cross = result_actions.result_create(
            actor=people["pilot"],
            title=world.mark("results.Result.title", "Un suivi commun", agents),
            description=world.mark("results.Result.description", "Deux décisions", agents),
            department=people["pilot_department"],
            decisions=[decisions[public.pk], decisions[agents.pk]],
        )
    world.keep("result", cross)
    for demarche in (agents, invited, draft):
        _notifications_for_everyone(world, demarche)
    # Access lost after the events: their notifications and mails must stop showing the démarche.
    invited.invited.remove(people["former_invited"])
    for role in ROLES[1:]:
        for attribute in ("_cocite_named_in", "_cocite_department_roles", "_cocite_is_agent"):
            people[role].__dict__.pop(attribute, None)
    return world


def _ct(model: type[models.Model]) -> int:
    return ContentType.objects.get_for_model(model).pk


# ---------------------------------------------------------------------------
# Who may see a marker: the project's own rules
# ---------------------------------------------------------------------------


def may_see(role: str, user: Any, marker: Marker) -> bool:
    if marker.audience == "recipient" and marker.subject != role:
        return False  # one's notifications are one's own, administrators' included
    if role == "administrator":
        return True
    if marker.audience == "self":
        return bool(getattr(user, "pk", None) == marker.subject.pk)
    demarche = marker.demarche
    assert demarche is not None
    fresh = Demarche.objects.get(pk=demarche.pk)
    if not can_view_demarche(user, fresh):
        return False
    if marker.audience in ("public", "recipient"):
        return True
    if marker.audience == "administration":
        return decision_permissions.can_view_workspace(user)
    if marker.audience == "internal":
        request = marker.subject
        routed = Routing.objects.filter(item_id=request.item_id).values_list("department_id", flat=True)
        return decision_permissions.can_read_internal_note(user, request, routed.first())
    if marker.audience == "analysts":
        return analysis_permissions.can_analyse(user, fresh)
    if marker.audience == "agents":
        return is_agent(user)
    if marker.audience == "moderation":
        return debate_permissions.can_see_revisions(user)
    if marker.audience == "moderation_and_author":
        return debate_permissions.can_see_revisions(user) or getattr(user, "pk", None) == marker.subject.pk
    raise AssertionError(marker.audience)


@dataclass
class Sweep:
    world: World
    allowed: dict[str, set[str]]  # role → tokens the role may see
    leaks: list[str] = field(default_factory=list)
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)
    mails: int = 0
    where: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)  # tokens some role was shown (the test is not blind)
    residence_seen: set[str] = field(default_factory=set)  # the status's facts its owner was shown

    def check(self, role: str, what: str, text: str, requested: str = "", audiences: set[str] | None = None) -> None:
        # A page may repeat the address it was asked (language switch, login redirect, the search
        # box): what the person typed is not a leak.
        slugs = {t for t in self.slug_tokens if t in text}
        for token in (set(TOKEN.findall(text)) | slugs) - set(TOKEN.findall(requested)):
            if token in requested:
                continue
            self.seen.add(token)
            marker = self.by_token[token]
            if token not in self.allowed[role] and (audiences is None or marker.audience in audiences):
                self.leaks.append(f"{role} saw {marker.where} ({marker.audience}) of « {_key(marker)} » in {what}")

    def check_residence(self, role: str, what: str, text: str) -> None:
        """The verified resident's status (its end date) reaches only them and administrators."""
        if role in ("resident", "administrator"):
            self.residence_seen |= {fact for fact in RESIDENCE_FACTS if fact in text}
            return
        for fact in RESIDENCE_FACTS:
            if fact in text:
                self.leaks.append(f"{role} saw the resident's verified-residence status (« {fact} ») in {what}")

    @property
    def by_token(self) -> dict[str, Marker]:
        return {m.token: m for m in self.world.markers}

    @property
    def slug_tokens(self) -> list[str]:
        return [m.token for m in self.world.markers if m.where == "demarches.Demarche.slug"]


TOKEN = re.compile(r"QZ\d{4}X")


def _key(marker: Marker) -> str:
    return marker.demarche.slug if marker.demarche is not None else "—"


def _body(response: HttpResponse | StreamingHttpResponse) -> str:
    streamed = isinstance(response, StreamingHttpResponse)
    content = b"".join(response.streaming_content) if streamed else response.content  # type: ignore[union-attr,arg-type]
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    return headers + "\n" + content.decode("utf-8", errors="replace")


def _clients(world: World) -> Iterator[tuple[str, Any, Client]]:
    for role in ROLES:
        client = Client(raise_request_exception=False)
        user: Any = AnonymousUser()
        if role != "visitor":
            user = world.people[role]
            client.force_login(user)
        yield role, user, client


def _object_paths(world: World) -> list[tuple[str, str]]:
    paths = []
    for name, (kind, kwargs_of) in OBJECT_ROUTES.items():
        for obj in world.objects.get(kind, []):
            paths.append((name, reverse(name, kwargs=kwargs_of(obj))))
    return paths


# ---------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------


def test_every_route_with_an_object_is_pointed_at_the_seeded_objects() -> None:
    """A new route with arguments must say which seeded object it shows (or why it shows none)."""
    with_arguments = set()
    for name in named_routes():
        if name.startswith(ADMIN_ONLY_PREFIXES) or name in ("set_language",):
            continue
        try:
            reverse(name)
        except NoReverseMatch:  # a route needing arguments does not reverse bare
            with_arguments.add(name)
    missing = sorted(with_arguments - set(OBJECT_ROUTES) - set(OBJECT_ROUTES_ELSEWHERE))
    assert not missing, f"routes with arguments the leak test does not point at seeded objects: {missing}"


def test_every_model_holding_text_gets_a_marker(django_capture_on_commit_callbacks: Any) -> None:
    world = build_world(django_capture_on_commit_callbacks)
    seeded = {m.where.rsplit(".", 1)[0] for m in world.markers}
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("cocite."):
            continue
        label = model._meta.label
        texts = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices
        ]
        if texts and label not in seeded and label not in WITHOUT_MARKER:
            missing.append(f"{label} ({', '.join(texts)})")
    assert not missing, f"models with text the leak test seeds no marker into: {missing}"
    # Every marker really is in the database (a typo in a field name would make the sweep blind).
    assert len({m.token for m in world.markers}) == len(world.markers)


def test_no_marker_reaches_a_role_that_may_not_see_it(
    django_capture_on_commit_callbacks: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    mail.outbox = []
    world = build_world(django_capture_on_commit_callbacks)
    people = {role: (world.people.get(role) or AnonymousUser()) for role in ROLES}
    allowed = {role: {m.token for m in world.markers if may_see(role, people[role], m)} for role in ROLES}
    sweep = Sweep(world, allowed)

    # Mails: the events sent some at once; the digests send the rest (visibility checked at send time).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "--frequency", "daily", stdout=io.StringIO())
        call_command("send_digests", "--frequency", "weekly", stdout=io.StringIO())
    by_email = {getattr(world.people.get(r), "email", ""): r for r in ROLES}
    for message in mail.outbox:
        bodies = [message.subject, str(message.body)]
        bodies += [str(content) for content, _type in getattr(message, "alternatives", [])]
        for address in message.to:
            role = by_email.get(address)
            if role is not None:
                sweep.mails += 1
                sweep.check(role, f"a mail « {message.subject} »", "\n".join(bodies))
                sweep.check_residence(role, f"a mail « {message.subject} »", "\n".join(bodies))

    opendata_export.generate()
    files = sorted(p.name for p in opendata_export.directory().iterdir() if p.is_file())
    samples = load_registry().samples
    sample_paths = [(name, sample()) for name, sample in sorted(samples.items())]
    object_paths = _object_paths(world)
    extra = [("decisions:journal_export", reverse("decisions:journal_export"))]
    extra += [("decisions:journal_disclosures", reverse("decisions:journal_disclosures"))]
    extra += [("opendata:file", reverse("opendata:file", kwargs={"name": name})) for name in files]
    # A merged contribution's own page (its address otherwise leads to the target).
    extra += [("contributions:detail", f"{c.get_absolute_url()}?origine=1") for c in world.objects["contribution"]]
    # Hidden contributions keep their page (a tombstone) and their flag and appeal pages.
    for hidden in world.objects["modcontribution"]:
        extra.append(("contributions:detail", hidden.get_absolute_url()))
        for route in ("moderation:flag", "moderation:appeal", "moderation:redact", "moderation:restore"):
            extra.append((route, reverse(route, kwargs={"kind": "contribution", "pk": hidden.pk})))
    # French search over a public démarche never finds what another démarche holds.
    public_list = reverse("contributions:list", kwargs={"slug": world.demarches["public"].slug})
    for marker in world.markers:
        if marker.where == "contributions.Contribution.title":
            extra.append(("contributions:list", f"{public_list}?q={marker.token}"))
    # The site's search finds every marked text by the markers' common prefix (« qz »), in every group.
    site_search = reverse("spaces:search")
    extra.append(("spaces:search", f"{site_search}?q=qz"))
    for group in ("demarches", "contributions", "decisions", "resultats"):
        extra.append(("spaces:search", f"{site_search}?q=qz&groupe={group}"))
    dashboards = _dashboard_tables()
    for role, user, client in _clients(world):
        for name, path in [*sample_paths, *object_paths, *extra, *dashboards]:
            if role != "visitor" and client.session.get(SESSION_KEY) != str(user.pk):
                client.force_login(user)  # an email confirmation link of someone else signs one out
            response = client.get(path)
            sweep.requests += 1
            sweep.where.add(name)
            if response.status_code >= 500:
                sweep.server_errors.append(f"{role} GET {path}: {response.status_code}")
            sweep.check(role, f"GET {path}", _body(response), path)
            sweep.check_residence(role, f"GET {path}", _body(response))
            if response.status_code == 405:  # a write-only route: what does an empty POST answer?
                with transaction.atomic():  # undone at once: what one role writes must not change the others' view
                    response = client.post(path, {})
                    transaction.set_rollback(True)
                cache.clear()
                sweep.requests += 1
                if response.status_code >= 500:
                    sweep.server_errors.append(f"{role} POST {path}: {response.status_code}")
                sweep.check(role, f"POST {path}", _body(response), path)
                sweep.check_residence(role, f"POST {path}", _body(response))
        if role != "visitor":
            # One's own data holds what one wrote, even where one no longer has access: only other
            # people's personal data (names, notifications) would be a leak there.
            response = client.post(reverse("accounts:personal_data"))
            sweep.requests += 1
            sweep.check(role, "the personal-data download", _body(response), audiences={"self", "recipient"})
            sweep.check_residence(role, "the personal-data download", _body(response))

    report_coverage(
        f"leaks: {len(world.markers)} markers in {len({m.where for m in world.markers})} fields of "
        f"{len({m.where.rsplit('.', 1)[0] for m in world.markers})} models, {len(ROLES)} roles, "
        f"{sweep.requests} requests over {len(sweep.where)} routes ({len(object_paths)} object paths, "
        f"{len(files)} open-data files, {len(dashboards)} dashboard tables), {sweep.mails} mails read"
    )
    # The sweep is not blind: every marker was shown somewhere to someone allowed to see it.
    unseen = sorted(
        {
            f"{m.where} ({m.audience}{' of ' + m.subject if m.audience == 'recipient' else ''}) of {_key(m)}"
            for m in world.markers
            if m.token not in sweep.seen
            and m.where not in SHOWN_NOWHERE
            and any(m.token in tokens for tokens in allowed.values())
        }
    )
    assert not unseen, f"markers nobody was ever shown (a blind spot of the sweep): {unseen}"
    assert "2061-07-13" in sweep.residence_seen, "the resident was never shown their own status (a blind spot)"
    assert not sweep.server_errors, "\n".join(sweep.server_errors[:50])
    assert not sweep.leaks, f"{len(sweep.leaks)} leak(s):\n" + "\n".join(sorted(set(sweep.leaks))[:80])


def _dashboard_tables() -> list[tuple[str, str]]:
    page = Client().get(reverse("analysis:platform")).content.decode()
    keys = sorted(set(re.findall(r"format=csv&amp;table=([\w-]+)", page)))
    return [("analysis:platform", f"{reverse('analysis:platform')}?format=csv&table={key}") for key in keys]
